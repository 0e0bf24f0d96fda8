import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { DOCUMENT_HASH_BYTES, ESCROW_TRANCHES_MAX, ESCROW_WINDOW_MS_MAX } from '../limits.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import type { ArbiterFee, EscrowCreatePayload, EscrowDefault, EscrowDeliverPayload, EscrowRefPayload, EscrowReleasePayload, EscrowResolvePayload } from './escrow-types.ts';
import { checkItemsOnce, readHolding, readTimeMs } from './payload-fields.ts';

/** The payloads of the escrow kinds (spec/ledger.md §8.2): the codec half (contracts/escrow.ts applies them). */

const ON_EXPIRY: readonly EscrowDefault[] = ['release', 'refund'];

export function decodeEscrowCreate(value: CborValue): EscrowCreatePayload {
  const map = readMap(value, 'payload', ['payee', 'arbiter', 'deadlineMs', 'onExpiry', 'tranches', 'reviewWindowMs', 'arbiterFee', 'arbiterWindowMs', 'deliverByMs']);
  const payee = readAddress(map.payee, 'payload.payee');
  const arbiter = optional(map.arbiter, (v) => readAddress(v, 'payload.arbiter'));
  const deadlineMs = readTimeMs(map.deadlineMs, 'payload.deadlineMs');
  const onExpiry = readString(map.onExpiry, 'payload.onExpiry', 8) as EscrowDefault;
  if (!ON_EXPIRY.includes(onExpiry)) throw new RejectError('bad_shape', 'payload.onExpiry: expected "release" or "refund"');
  const tranches = readArray(map.tranches, 'payload.tranches', 1, ESCROW_TRANCHES_MAX).map((entry, i) => readHolding(entry, `payload.tranches[${i}]`));
  checkItemsOnce(tranches, 'payload.tranches');
  const payload: EscrowCreatePayload = { payee, deadlineMs, onExpiry, tranches };
  if (arbiter !== undefined) payload.arbiter = arbiter;
  // spec/ledger.md §8.2.7: the review window, the arbiter's fee and window
  const reviewWindowMs = optional(map.reviewWindowMs, (v) => readWindowMs(v, 'payload.reviewWindowMs'));
  const arbiterFee = optional(map.arbiterFee, (v) => readArbiterFee(v, 'payload.arbiterFee'));
  const arbiterWindowMs = optional(map.arbiterWindowMs, (v) => readWindowMs(v, 'payload.arbiterWindowMs'));
  if (arbiter === undefined && (arbiterFee !== undefined || arbiterWindowMs !== undefined)) throw new RejectError('bad_shape', 'payload: an arbiter fee or window needs an arbiter');
  if (reviewWindowMs !== undefined) payload.reviewWindowMs = reviewWindowMs;
  if (arbiterFee !== undefined) payload.arbiterFee = arbiterFee;
  if (arbiterWindowMs !== undefined) payload.arbiterWindowMs = arbiterWindowMs;
  // work (spec/ledger.md §8.2.8): one delivery deadline per tranche, each by the escrow's deadline
  const deliverByMs = optional(map.deliverByMs, (v) => readArray(v, 'payload.deliverByMs', 1, ESCROW_TRANCHES_MAX).map((entry, i) => readTimeMs(entry, `payload.deliverByMs[${i}]`)));
  if (deliverByMs !== undefined) {
    if (deliverByMs.length !== tranches.length || deliverByMs.some((ms) => ms > deadlineMs) || reviewWindowMs === undefined) throw new RejectError('bad_shape', 'payload.deliverByMs: one per tranche, each by the deadline, and only with a review window');
    payload.deliverByMs = deliverByMs;
  }
  return payload;
}

/** A review or arbiter window: 1 ms … ESCROW_WINDOW_MS_MAX. */
export function readWindowMs(value: CborValue | undefined, path: string): number {
  const ms = readSmallUint(value, path, ESCROW_WINDOW_MS_MAX);
  if (ms === 0) throw new RejectError('bad_shape', `${path}: a window is at least 1 ms`);
  return ms;
}

export function readArbiterFee(value: CborValue, path: string): ArbiterFee {
  const map = readMap(value, path, ['asset', 'amount']);
  return { asset: readSymbol(map.asset, `${path}.asset`), amount: readAmount(map.amount, `${path}.amount`) };
}

export function decodeEscrowDeliver(value: CborValue): EscrowDeliverPayload {
  const map = readMap(value, 'payload', ['escrow', 'tranche', 'document']);
  const payload: EscrowDeliverPayload = { escrow: readAddress(map.escrow, 'payload.escrow'), tranche: readSmallUint(map.tranche, 'payload.tranche', ESCROW_TRANCHES_MAX - 1) };
  const document = optional(map.document, (v) => readBytes(v, 'payload.document', DOCUMENT_HASH_BYTES));
  if (document !== undefined) payload.document = document;
  return payload;
}

export function decodeEscrowRelease(value: CborValue): EscrowReleasePayload {
  const map = readMap(value, 'payload', ['escrow', 'tranche']);
  return { escrow: readAddress(map.escrow, 'payload.escrow'), tranche: readSmallUint(map.tranche, 'payload.tranche', ESCROW_TRANCHES_MAX - 1) };
}

export function decodeEscrowRef(value: CborValue): EscrowRefPayload {
  const map = readMap(value, 'payload', ['escrow']);
  return { escrow: readAddress(map.escrow, 'payload.escrow') };
}

export function decodeEscrowResolve(value: CborValue): EscrowResolvePayload {
  const map = readMap(value, 'payload', ['escrow', 'toPayee']);
  const payload: EscrowResolvePayload = { escrow: readAddress(map.escrow, 'payload.escrow') };
  if (map.toPayee !== undefined) payload.toPayee = readHolding(map.toPayee, 'payload.toPayee');
  return payload;
}
