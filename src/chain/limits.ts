/** Bounds of blocks (spec/limits.md). */
export const BLOCK_TXS_MAX = 10_000;
export const BLOCK_BYTES_MAX = 8 * 1024 * 1024;
/** A proposal's time may be at most this far ahead of a validator's own clock (spec/consensus.md). */
export const BLOCK_TIME_DRIFT_MS_MAX = 2_000;
