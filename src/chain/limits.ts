/** Bounds of blocks (spec/limits.md). */
export const BLOCK_TXS_MAX = 10_000;
/**
 * Sum of a block's tx bytes. A proposal carries its block in one gossip message, whose ceiling is
 * 3.5 MiB (src/p2p/limits.ts PROPOSAL_BLOCK_BYTES_MAX); 3 MiB leaves room for the header and
 * envelope. 5,000 plain transfers (~200 bytes each) take about 1 MiB.
 */
export const BLOCK_BYTES_MAX = 3 * 1024 * 1024;
/** An encoded block: its txs plus the header and per-tx framing. */
export const BLOCK_ENCODED_BYTES_MAX = BLOCK_BYTES_MAX + 64 * 1024;
/** Rounds are bounded by the consensus core (src/consensus/limits.ts ROUND_MAX). */
export const COMMIT_ROUND_MAX = 2 ** 31 - 2;
/** A proposal's time may be at most this far ahead of a validator's own clock (spec/consensus.md). */
export const BLOCK_TIME_DRIFT_MS_MAX = 2_000;
