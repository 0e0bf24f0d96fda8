import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { ESCROW_TRANCHES_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import type { EscrowCreatePayload, EscrowDefault, EscrowRefPayload, EscrowReleasePayload, EscrowResolvePayload } from './escrow-types.ts';
import { checkItemsOnce, readHolding, readTimeMs } from './payload-fields.ts';

/** The payloads of the escrow kinds (spec/ledger.md §8.2): the codec half (contracts/escrow.ts applies them). */

const ON_EXPIRY: readonly EscrowDefault[] = ['release', 'refund'];

export function decodeEscrowCreate(value: CborValue): EscrowCreatePayload {
  const map = readMap(value, 'payload', ['payee', 'arbiter', 'deadlineMs', 'onExpiry', 'tranches']);
  const payee = readAddress(map.payee, 'payload.payee');
  const arbiter = optional(map.arbiter, (v) => readAddress(v, 'payload.arbiter'));
  const deadlineMs = readTimeMs(map.deadlineMs, 'payload.deadlineMs');
  const onExpiry = readString(map.onExpiry, 'payload.onExpiry', 8) as EscrowDefault;
  if (!ON_EXPIRY.includes(onExpiry)) throw new RejectError('bad_shape', 'payload.onExpiry: expected "release" or "refund"');
  const tranches = readArray(map.tranches, 'payload.tranches', 1, ESCROW_TRANCHES_MAX).map((entry, i) => readHolding(entry, `payload.tranches[${i}]`));
  checkItemsOnce(tranches, 'payload.tranches');
  const payload: EscrowCreatePayload = { payee, deadlineMs, onExpiry, tranches };
  if (arbiter !== undefined) payload.arbiter = arbiter;
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
