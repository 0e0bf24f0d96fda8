/** Node-level bounds (spec/limits.md). Ledger bounds are in src/ledger/limits.ts. */
export const MEMPOOL_TXS_MAX = 50_000;
export const MEMPOOL_TXS_PER_SENDER_MAX = 1_000;
export const MEMPOOL_BYTES_MAX = 64 * 1024 * 1024;
/** Txs taken into one block (≤ BLOCK_TXS_MAX). */
export const BLOCK_TXS_TARGET = 5_000;
export const HTTP_BODY_BYTES_MAX = 8 * 1024 * 1024;
export const HTTP_BATCH_TXS_MAX = 2_000;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;
export const EVENT_SUBSCRIBERS_MAX = 256;
/** How long `?wait=commit` waits before answering 202 with the tx still pending. */
export const COMMIT_WAIT_MS_MAX = 30_000;
