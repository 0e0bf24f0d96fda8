import { reject, type Rejection } from './errors.ts';
import { feeFor } from './fees.ts';
import { kindApply, type KindApply } from './kinds-apply.ts';
import { Overlay, sortedStrings } from './state.ts';
import type { BlockContext, DecodedTx, Receipt, TxKind, TxPayloads } from './types.ts';
import { getBalance, getNonce, moveBalance, setNonce } from './accounts/balances.ts';

/**
 * Admission: the checks a tx must pass to enter a block at all, in order (spec/ledger.md §Admission):
 * `expired`, then per signer `nonce_too_low` / `nonce_gap`, `fee_too_low`, `insufficient_fee_balance`.
 * Signatures and chain id are checked before this (tx.ts checkTxAuth). A block holding a tx that fails
 * admission is invalid; a tx that passes admission is charged its fee even if its payload fails.
 */
export function admitTx(view: Overlay, decoded: DecodedTx, ctx: BlockContext): Rejection | bigint {
  const { body } = decoded.tx;
  if (body.expiresAt !== undefined && ctx.height > body.expiresAt) {
    return reject('expired', `tx expired at height ${body.expiresAt}; this block is ${ctx.height}`);
  }
  for (let i = 0; i < body.signers.length; i++) {
    const expected = getNonce(view, decoded.signerAddresses[i]);
    const nonce = body.signers[i].nonce;
    if (nonce < expected) return reject('nonce_too_low', `nonce ${nonce} of ${decoded.signerAddresses[i]} is used; next is ${expected}`);
    if (nonce > expected) return reject('nonce_gap', `nonce ${nonce} of ${decoded.signerAddresses[i]} skips ahead; next is ${expected}`);
  }
  const fee = feeFor(ctx.params.fees, body.kind, decoded.bytes.length);
  if (body.fee < fee) return reject('fee_too_low', `fee is ${fee}, the tx allows at most ${body.fee}`);
  const payer = decoded.signerAddresses[0];
  // No fee (a dev chain's transfer), nothing to hold: the balance is not read (issue 13).
  if (fee > 0n && getBalance(view, payer, ctx.params.nativeAsset) < fee) {
    return reject('insufficient_fee_balance', `${payer} cannot pay the fee of ${fee} ${ctx.params.nativeAsset}`);
  }
  return fee;
}

/**
 * A tx that passed admission: its receipt, and the addresses it touched, sorted (spec/ledger.md
 * §2.4): its signers, the fee's recipient when a fee was paid, and, when its payload
 * succeeded, every address its handler touched. The node's per-address index is built from them.
 */
export interface Applied {
  admitted: true;
  receipt: Receipt;
  touched: string[];
}

export type ApplyResult = { admitted: false; rejection: Rejection } | Applied;

/**
 * Applies one tx to `view` (DESIGN.md §The ledger): admission; then nonces and fee are written; then
 * the payload runs in a child overlay that is merged only on success.
 */
export function applyTx(view: Overlay, decoded: DecodedTx, ctx: BlockContext): ApplyResult {
  const admission = admitTx(view, decoded, ctx);
  if (typeof admission !== 'bigint') return { admitted: false, rejection: admission };
  const fee = admission;
  const { body } = decoded.tx;
  body.signers.forEach((signer, i) => setNonce(view, decoded.signerAddresses[i], signer.nonce + 1n));
  const events = fee > 0n ? [{ type: 'fee', attributes: { from: decoded.signerAddresses[0], to: ctx.proposer, amount: fee.toString() } }] : [];
  if (fee > 0n) moveBalance(view, decoded.signerAddresses[0], ctx.proposer, ctx.params.nativeAsset, fee);
  const touched = new Set(fee > 0n ? [...decoded.signerAddresses, ctx.proposer] : decoded.signerAddresses);
  const child = new Overlay(view);
  const outcome = runPayload(child, body.kind, body.payload, decoded.signerAddresses, ctx);
  if ('code' in outcome) return { admitted: true, receipt: { txId: decoded.id, code: outcome.code, message: outcome.message, fee, events }, touched: sortedStrings(touched) };
  for (const address of child.touchedAddresses()) touched.add(address);
  child.mergeInto(view);
  return { admitted: true, receipt: { txId: decoded.id, code: 'ok', fee, events: [...events, ...outcome] }, touched: sortedStrings(touched) };
}

function runPayload<K extends TxKind>(view: Overlay, kind: K, payload: TxPayloads[K], signers: string[], ctx: BlockContext): ReturnType<KindApply<K>> {
  return kindApply(kind)(view, signers, payload, ctx);
}
