import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { ESCROW_TRANCHES_MAX, HEIGHT_MAX, TIME_MS_MAX } from '../limits.ts';
import type { Overlay, StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import type { EscrowDefault } from './escrow-types.ts';
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
    tranches: escrow.tranches.map((tranche) => ({ ...encodeHolding(tranche), status: tranche.status })),
    createdAt: escrow.createdAt,
  };
  if (escrow.arbiter !== undefined) record.arbiter = escrow.arbiter;
  return record;
}

function oneOf<T extends string>(value: CborValue | undefined, path: string, allowed: readonly T[]): T {
  const text = readString(value, path, 16) as T;
  invariant(allowed.includes(text), `${path} "${text}" is not one of ${allowed.join(', ')}`);
  return text;
}

export function decodeEscrow(address: string, value: CborValue): Escrow {
  const map = readMap(value, 'escrow', ['type', 'payer', 'payee', 'arbiter', 'deadlineMs', 'onExpiry', 'state', 'tranches', 'createdAt']);
  return {
    address,
    payer: readString(map.payer, 'escrow.payer', 90),
    payee: readString(map.payee, 'escrow.payee', 90),
    arbiter: optional(map.arbiter, (v) => readString(v, 'escrow.arbiter', 90)),
    deadlineMs: readSmallUint(map.deadlineMs, 'escrow.deadlineMs', TIME_MS_MAX),
    onExpiry: oneOf(map.onExpiry, 'escrow.onExpiry', ['release', 'refund'] as const),
    state: oneOf(map.state, 'escrow.state', STATES),
    tranches: readArray(map.tranches, 'escrow.tranches', 1, ESCROW_TRANCHES_MAX).map((entry, i) => {
      const status = oneOf(readMap(entry, `escrow.tranches[${i}]`, ['assets', 'items', 'status']).status, `escrow.tranches[${i}].status`, TRANCHE_STATUSES);
      return { ...readHolding(entry, `escrow.tranches[${i}]`, ['status']), status };
    }),
    createdAt: readSmallUint(map.createdAt, 'escrow.createdAt', HEIGHT_MAX),
  };
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
  return escrow.state === 'open' && timeMs >= escrow.deadlineMs;
}
