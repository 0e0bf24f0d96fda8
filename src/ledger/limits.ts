/**
 * Every bound of the ledger in one place (STYLE.md rule 6). spec/limits.md lists them with reasons.
 * Node-level bounds (mempool, HTTP bodies, pagination) live in src/node/limits.ts.
 */
export const AMOUNT_MAX = (1n << 128n) - 1n;
export const TX_BYTES_MAX = 16 * 1024;
export const TX_SIGNERS_MAX = 8;
export const TRANSFER_ENTRIES_MAX = 64;
export const CHAIN_ID_LENGTH_MAX = 64;
export const ASSET_SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{1,11}$/;
export const ASSET_NAME_LENGTH_MAX = 64;
export const ASSET_DECIMALS_MAX = 18;
export const NONCE_MAX = (1n << 64n) - 1n;
export const HEIGHT_MAX = Number.MAX_SAFE_INTEGER;
