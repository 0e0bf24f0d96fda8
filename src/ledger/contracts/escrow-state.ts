import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { DOCUMENT_HASH_BYTES, ESCROW_TRANCHES_MAX, ESCROW_WINDOW_MS_MAX, HEIGHT_MAX, TIME_MS_MAX } from '../limits.ts';
import { readAmount, readSymbol } from '../payload-fields.ts';
import type { Overlay, StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import type { ArbiterFee, EscrowDefault } from './escrow-types.ts';
import { encodeHolding, readHolding } from './payload-fields.ts';
import type { Holding } from './value-types.ts';

/**
 * An escrow's record at `contract/<address>` (spec/ledger.md §8.2):
 *   { type: "escrow", payer, payee, arbiter?, deadlineMs, onExpiry, state, tranches: [{ assets?, items?, status }], createdAt }
 * `state` is `open`, `disputed` or `closed`; each tranche is `held` until it is `released` (to the
 * payee), `refunded` (to the payer) or `resolved` (by the arbiter). The escrow address holds exactly
 * the held tranches (contracts/owed.ts).
 */
export type EscrowState = 'open' | 'disputed' | 'closed';
export type TrancheStatus = 'held' | 'released' | 'refunded' | 'resolved';

export interface Tranche extends Holding {
  status: TrancheStatus;
  /** Block time of escrow.deliver (§8.2.7): the tranche is then due at deliveredAtMs + reviewWindowMs, default release. */
  deliveredAtMs?: number;
  document?: Uint8Array;
  /** work (spec/ledger.md §8.2.8): undelivered by then, the tranche is due and refunds. */
  deliverByMs?: number;
}

export interface Escrow {
  address: string;
  payer: string;
  payee: string;
  arbiter?: string;
  deadlineMs: number;
  onExpiry: EscrowDefault;
  state: EscrowState;
  tranches: Tranche[];
  createdAt: number;
  // spec/ledger.md §8.2.7
  reviewWindowMs?: number;
  arbiterFee?: ArbiterFee;
  arbiterWindowMs?: number;
  /** Block time of escrow.dispute; the dispute lapses at disputedAtMs + arbiterWindowMs. */
  disputedAtMs?: number;
  /** What the arbiter's resolution gave the payee (the fee went to the arbiter, the rest to the payer). */
  resolvedToPayee?: Holding;
}

const STATES: readonly EscrowState[] = ['open', 'disputed', 'closed'];
const TRANCHE_STATUSES: readonly TrancheStatus[] = ['held', 'released', 'refunded', 'resolved'];

export function encodeEscrow(escrow: Escrow): { [key: string]: CborValue } & { type: 'escrow' } {
  const record: { [key: string]: CborValue } & { type: 'escrow' } = {
    type: 'escrow',
    payer: escrow.payer,
    payee: escrow.payee,
    deadlineMs: escrow.deadlineMs,
    onExpiry: escrow.onExpiry,
    state: escrow.state,
    tranches: escrow.tranches.map(encodeTranche),
    createdAt: escrow.createdAt,
  };
  if (escrow.arbiter !== undefined) record.arbiter = escrow.arbiter;
  if (escrow.reviewWindowMs !== undefined) record.reviewWindowMs = escrow.reviewWindowMs;
  if (escrow.arbiterFee !== undefined) record.arbiterFee = { asset: escrow.arbiterFee.asset, amount: escrow.arbiterFee.amount };
  if (escrow.arbiterWindowMs !== undefined) record.arbiterWindowMs = escrow.arbiterWindowMs;
  if (escrow.disputedAtMs !== undefined) record.disputedAtMs = escrow.disputedAtMs;
  if (escrow.resolvedToPayee !== undefined) record.resolvedToPayee = encodeHolding(escrow.resolvedToPayee);
  return record;
}

function encodeTranche(tranche: Tranche): { [key: string]: CborValue } {
  const record: { [key: string]: CborValue } = { ...encodeHolding(tranche), status: tranche.status };
  if (tranche.deliveredAtMs !== undefined) record.deliveredAtMs = tranche.deliveredAtMs;
  if (tranche.document !== undefined) record.document = tranche.document;
  if (tranche.deliverByMs !== undefined) record.deliverByMs = tranche.deliverByMs;
  return record;
}

function oneOf<T extends string>(value: CborValue | undefined, path: string, allowed: readonly T[]): T {
  const text = readString(value, path, 16) as T;
  invariant(allowed.includes(text), `${path} "${text}" is not one of ${allowed.join(', ')}`);
  return text;
}

export function decodeEscrow(address: string, value: CborValue): Escrow {
  const map = readMap(value, 'escrow', ['type', 'payer', 'payee', 'arbiter', 'deadlineMs', 'onExpiry', 'state', 'tranches', 'createdAt', 'reviewWindowMs', 'arbiterFee', 'arbiterWindowMs', 'disputedAtMs', 'resolvedToPayee']);
  const escrow: Escrow = {
    address,
    payer: readString(map.payer, 'escrow.payer', 90),
    payee: readString(map.payee, 'escrow.payee', 90),
    arbiter: optional(map.arbiter, (v) => readString(v, 'escrow.arbiter', 90)),
    deadlineMs: readSmallUint(map.deadlineMs, 'escrow.deadlineMs', TIME_MS_MAX),
    onExpiry: oneOf(map.onExpiry, 'escrow.onExpiry', ['release', 'refund'] as const),
    state: oneOf(map.state, 'escrow.state', STATES),
    tranches: readArray(map.tranches, 'escrow.tranches', 1, ESCROW_TRANCHES_MAX).map((entry, i) => decodeTranche(entry, `escrow.tranches[${i}]`)),
    createdAt: readSmallUint(map.createdAt, 'escrow.createdAt', HEIGHT_MAX),
  };
  if (map.reviewWindowMs !== undefined) escrow.reviewWindowMs = readSmallUint(map.reviewWindowMs, 'escrow.reviewWindowMs', ESCROW_WINDOW_MS_MAX);
  if (map.arbiterFee !== undefined) {
    const fee = readMap(map.arbiterFee, 'escrow.arbiterFee', ['asset', 'amount']);
    escrow.arbiterFee = { asset: readSymbol(fee.asset, 'escrow.arbiterFee.asset'), amount: readAmount(fee.amount, 'escrow.arbiterFee.amount') };
  }
  if (map.arbiterWindowMs !== undefined) escrow.arbiterWindowMs = readSmallUint(map.arbiterWindowMs, 'escrow.arbiterWindowMs', ESCROW_WINDOW_MS_MAX);
  if (map.disputedAtMs !== undefined) escrow.disputedAtMs = readSmallUint(map.disputedAtMs, 'escrow.disputedAtMs', TIME_MS_MAX);
  if (map.resolvedToPayee !== undefined) escrow.resolvedToPayee = readHolding(map.resolvedToPayee, 'escrow.resolvedToPayee');
  return escrow;
}

const TRANCHE_EXTRA_FIELDS = ['status', 'deliveredAtMs', 'document', 'deliverByMs'];

function decodeTranche(entry: CborValue, path: string): Tranche {
  const map = readMap(entry, path, ['assets', 'items', ...TRANCHE_EXTRA_FIELDS]);
  const tranche: Tranche = { ...readHolding(entry, path, TRANCHE_EXTRA_FIELDS), status: oneOf(map.status, `${path}.status`, TRANCHE_STATUSES) };
  if (map.deliveredAtMs !== undefined) tranche.deliveredAtMs = readSmallUint(map.deliveredAtMs, `${path}.deliveredAtMs`, TIME_MS_MAX);
  if (map.document !== undefined) tranche.document = readBytes(map.document, `${path}.document`, DOCUMENT_HASH_BYTES);
  if (map.deliverByMs !== undefined) tranche.deliverByMs = readSmallUint(map.deliverByMs, `${path}.deliverByMs`, TIME_MS_MAX);
  return tranche;
}

/** The escrow at `address`, or `unknown_contract` when there is no contract there or it is not an escrow. */
export function loadEscrow(view: StateReader, address: string): Escrow | Rejection {
  const contract = getContractRecord(view, address);
  if (contract === undefined || contract.type !== 'escrow') return reject('unknown_contract', `no escrow at ${address}`);
  return decodeEscrow(address, contract.record);
}

export function putEscrow(view: Overlay, escrow: Escrow): void {
  putContractRecord(view, escrow.address, encodeEscrow(escrow));
}

/** The tranches the escrow still holds. */
export function heldTranches(escrow: Escrow): Tranche[] {
  return escrow.tranches.filter((tranche) => tranche.status === 'held');
}

/**
 * Expired: open (not disputed) and block time at or past the deadline. Its default is then due and is
 * applied by the next escrow tx that touches it (spec/ledger.md §8.1, lazy settlement).
 */
export function isExpired(escrow: Escrow, timeMs: number): boolean {
  const held = heldTranches(escrow);
  return escrow.state === 'open' && held.length > 0 && held.every((tranche) => trancheDueMs(escrow, tranche) <= timeMs);
}

/**
 * When a held tranche's default applies (spec/ledger.md §8.2.7): a delivered tranche at the end of its
 * review window, any other at the escrow's deadline.
 */
export function trancheDueMs(escrow: Escrow, tranche: Tranche): number {
  if (tranche.deliveredAtMs === undefined) return tranche.deliverByMs ?? escrow.deadlineMs;
  invariant(escrow.reviewWindowMs !== undefined, `escrow ${escrow.address} has a delivered tranche and no review window`);
  return tranche.deliveredAtMs + escrow.reviewWindowMs;
}

/** A delivered tranche's default is release, whatever the escrow's; any other follows `onExpiry`. */
export function trancheDefault(escrow: Escrow, tranche: Tranche): EscrowDefault {
  if (tranche.deliveredAtMs !== undefined) return 'release';
  // work (spec/ledger.md §8.2.8): not delivered by its own deadline, a tranche refunds
  return tranche.deliverByMs !== undefined ? 'refund' : escrow.onExpiry;
}

/** A dispute lapses once the arbiter's window has passed unresolved (§8.2.7); without a window, never. */
export function isLapsed(escrow: Escrow, timeMs: number): boolean {
  if (escrow.state !== 'disputed' || escrow.arbiterWindowMs === undefined) return false;
  invariant(escrow.disputedAtMs !== undefined, `disputed escrow ${escrow.address} has no disputedAtMs`);
  return timeMs >= escrow.disputedAtMs + escrow.arbiterWindowMs;
}
