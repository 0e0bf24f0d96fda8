import { addressFromPublicKey } from '../crypto/address.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import { accruedAt, type StreamRecord } from '../ledger/contracts/stream-state.ts';
import type { StreamOpenPayload } from '../ledger/contracts/stream-types.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon } from './builders.ts';

/**
 * SDK builders of the payment stream kinds (spec/ledger.md §8.6). Browser-safe. Each returns an
 * unsigned body for `signTx`.
 */
export type { StreamOpenPayload, StreamRecord };

/** What has accrued to the payee at block time `timeMs`: rate × whole seconds since the start, capped by the deposit. */
export const streamAccruedAt = accruedAt;

/** Opens a stream from the signer (the payer) to `payee`; the deposit leaves the payer at once. */
export function buildStreamOpen(params: TxCommon & StreamOpenPayload): TxBody<'stream.open'> {
  const { payee, asset, ratePerSecond, deposit } = params;
  return buildTx('stream.open', params, { payee, asset, ratePerSecond, deposit });
}

/**
 * The stream's id (its contract address, spec/ledger.md §8.1) that `stream.open` in this body will
 * give: known before sending, from the chain, the payer and its nonce.
 */
export function streamAddress(body: TxBody<'stream.open'>): string {
  return contractAddressFor(body.chainId, addressFromPublicKey(body.signers[0].publicKey), body.signers[0].nonce, 0);
}

/** By the payee: takes `amount`, or without it everything accrued and not yet withdrawn. */
export function buildStreamWithdraw(params: TxCommon & { stream: string; amount?: bigint }): TxBody<'stream.withdraw'> {
  return buildTx('stream.withdraw', params, params.amount === undefined ? { stream: params.stream } : { stream: params.stream, amount: params.amount });
}

/** By the payer or the payee: the accrued rest to the payee, the unaccrued rest back to the payer. */
export function buildStreamStop(params: TxCommon & { stream: string }): TxBody<'stream.stop'> {
  return buildTx('stream.stop', params, { stream: params.stream });
}
