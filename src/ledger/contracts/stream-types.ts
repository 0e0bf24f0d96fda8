/**
 * Payment stream payloads (src/ledger/contracts/stream.ts; spec/ledger.md §8.6). The payer is the
 * signer of stream.open; the stream's id is its contract address (accounts/contract-account.ts).
 */
export interface StreamOpenPayload {
  payee: string;
  asset: string;
  /** Base units of `asset` that accrue to the payee per whole second of block time. */
  ratePerSecond: bigint;
  /** What the payer puts in: the most the stream ever pays. */
  deposit: bigint;
}

/** By the payee: takes `amount` (default: all that has accrued and is not yet withdrawn). */
export interface StreamWithdrawPayload {
  stream: string;
  amount?: bigint;
}

/** By the payer or the payee: the accrued part to the payee, the rest back to the payer. */
export interface StreamStopPayload {
  stream: string;
}
