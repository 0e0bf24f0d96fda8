/**
 * The V8 flags a node process runs with (spec/node.md §Runtime flags): `npm start`, the children of
 * `agora testnet` and the benches pass them; `agora start` run another way works without them, a
 * little slower.
 *
 * `--max-semi-space-size=32` (MiB; V8's default is 16 on 64-bit): a node allocates ~25–30 KB for
 * each tx it executes, and what a block holds (its decoded txs, writes and receipts) lives until the
 * block is durable, so a young generation of 16 MiB was scavenged several times a block, copying
 * those survivors each time. Measured on 2 cores (issue 13, median of 3 or 5 runs each): catch-up
 * replay 16,000 → 17,400–18,300 tx/s before the codec changes of 2026-12-03, one validator 7,810 →
 * 7,918 tx/s (CPU per tx 214 → 206 µs). The cost is up to 3 × 16 MiB more young generation per
 * process, committed only as it is used.
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=32']);
