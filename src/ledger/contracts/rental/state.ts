import type { CborValue } from '../../../codec/cbor.ts';
import { optional, readArray, readMap, readSmallUint, readString, readUint } from '../../../codec/shape.ts';
import { invariant } from '../../../errors/base.ts';
import { AMOUNT_MAX, HEIGHT_MAX, RENTAL_OPEN_BOOKINGS_MAX, TIME_MS_MAX } from '../../limits.ts';
import { getRentalMark } from '../../records/rented.ts';
import type { Overlay, StateReader } from '../../state.ts';
import { getContractRecord, putContractRecord } from '../../accounts/contract-account.ts';
import { readCredentialName } from '../../market/credential-decode.ts';
import type { CredentialName } from '../../market/types.ts';

/**
 * A rental's record at `contract/<address>` (spec/ledger.md §8.5): the owner's terms and the bookings
 * not yet settled. Settled lazily: nothing is written per block; what is due on each booking is a pure
 * function of the record and the block time (`settleDue`), applied by the next rental tx on the rental.
 */
export type BookingState = 'booked' | 'ended' | 'claimed';

export interface Booking {
  booking: number;
  renter: string;
  /** The span of use [startMs, endMs) in block time: periods × periodMs. */
  startMs: number;
  endMs: number;
  periods: number;
  /** pricePerPeriod × periods, held until the return or the end. */
  price: bigint;
  /** Held until the claim window closes, or the arbiter resolves a claim. */
  deposit: bigint;
  /**
   * booked: price and deposit held, the renter is the user within the span; ended: returned or past
   * its end and the price paid, the deposit held in the claim window; claimed: the deposit held for
   * the arbiter. A settled booking leaves the record.
   */
  state: BookingState;
  /** ended, claimed: the block time of the return, or endMs. */
  endedMs?: number;
}

export interface RentalRecord {
  type: 'rental';
  item: string;
  owner: string;
  asset: string;
  pricePerPeriod: bigint;
  periodMs: number;
  minPeriods: number;
  maxPeriods: number;
  /** 0 when the offer takes none. */
  deposit: bigint;
  arbiter?: string;
  /** 0 without an arbiter. */
  claimWindowMs: number;
  /** A credential a renter must hold at rental.book (decision 0012). */
  requires?: CredentialName;
  status: 'open' | 'closed';
  createdAt: number;
  /** The number the next booking gets. */
  nextBooking: number;
  /** The unsettled bookings, by number. */
  bookings: Booking[];
}

const BOOKING_STATES: readonly BookingState[] = ['booked', 'ended', 'claimed'];
/** Numbers and counts in a stored record (bookings, periods): exact JavaScript integers; the payload checks bound them tighter. */
const COUNT_MAX = Number.MAX_SAFE_INTEGER;

function encodeBooking(b: Booking): { [key: string]: CborValue } {
  const out: { [key: string]: CborValue } = { booking: b.booking, renter: b.renter, startMs: b.startMs, endMs: b.endMs, periods: b.periods, price: b.price, deposit: b.deposit, state: b.state };
  if (b.endedMs !== undefined) out.endedMs = b.endedMs;
  return out;
}

function decodeBooking(value: CborValue, path: string): Booking {
  const map = readMap(value, path, ['booking', 'renter', 'startMs', 'endMs', 'periods', 'price', 'deposit', 'state', 'endedMs']);
  const state = readString(map.state, `${path}.state`, 8) as BookingState;
  invariant(BOOKING_STATES.includes(state), `${path}.state "${state}" is not a booking state`);
  return {
    booking: readSmallUint(map.booking, `${path}.booking`, COUNT_MAX),
    renter: readString(map.renter, `${path}.renter`, 90),
    startMs: readSmallUint(map.startMs, `${path}.startMs`, TIME_MS_MAX),
    endMs: readSmallUint(map.endMs, `${path}.endMs`, TIME_MS_MAX),
    periods: readSmallUint(map.periods, `${path}.periods`, COUNT_MAX),
    price: readUint(map.price, `${path}.price`, AMOUNT_MAX),
    deposit: readUint(map.deposit, `${path}.deposit`, AMOUNT_MAX),
    state,
    endedMs: optional(map.endedMs, (v) => readSmallUint(v, `${path}.endedMs`, TIME_MS_MAX)),
  };
}

export function encodeRental(r: RentalRecord): { [key: string]: CborValue } & { type: 'rental' } {
  const out: { [key: string]: CborValue } & { type: 'rental' } = {
    type: 'rental',
    item: r.item,
    owner: r.owner,
    asset: r.asset,
    pricePerPeriod: r.pricePerPeriod,
    periodMs: r.periodMs,
    minPeriods: r.minPeriods,
    maxPeriods: r.maxPeriods,
    deposit: r.deposit,
    claimWindowMs: r.claimWindowMs,
    status: r.status,
    createdAt: r.createdAt,
    nextBooking: r.nextBooking,
    bookings: r.bookings.map(encodeBooking),
  };
  if (r.arbiter !== undefined) out.arbiter = r.arbiter;
  if (r.requires !== undefined) out.requires = { registry: r.requires.registry, type: r.requires.type };
  return out;
}

const FIELDS = ['type', 'item', 'owner', 'asset', 'pricePerPeriod', 'periodMs', 'minPeriods', 'maxPeriods', 'deposit', 'arbiter', 'claimWindowMs', 'requires', 'status', 'createdAt', 'nextBooking', 'bookings'];

export function decodeRental(value: CborValue): RentalRecord {
  const map = readMap(value, 'rental', FIELDS);
  invariant(map.type === 'rental', `contract record of type ${String(map.type)} read as a rental`);
  const status = readString(map.status, 'rental.status', 8);
  invariant(status === 'open' || status === 'closed', `rental.status "${status}" is not a status`);
  const rental: RentalRecord = {
    type: 'rental',
    item: readString(map.item, 'rental.item', 64),
    owner: readString(map.owner, 'rental.owner', 90),
    asset: readString(map.asset, 'rental.asset', 12),
    pricePerPeriod: readUint(map.pricePerPeriod, 'rental.pricePerPeriod', AMOUNT_MAX),
    periodMs: readSmallUint(map.periodMs, 'rental.periodMs', TIME_MS_MAX),
    minPeriods: readSmallUint(map.minPeriods, 'rental.minPeriods', COUNT_MAX),
    maxPeriods: readSmallUint(map.maxPeriods, 'rental.maxPeriods', COUNT_MAX),
    deposit: readUint(map.deposit, 'rental.deposit', AMOUNT_MAX),
    arbiter: optional(map.arbiter, (v) => readString(v, 'rental.arbiter', 90)),
    claimWindowMs: readSmallUint(map.claimWindowMs, 'rental.claimWindowMs', TIME_MS_MAX),
    status,
    createdAt: readSmallUint(map.createdAt, 'rental.createdAt', HEIGHT_MAX),
    nextBooking: readSmallUint(map.nextBooking, 'rental.nextBooking', COUNT_MAX),
    bookings: readArray(map.bookings, 'rental.bookings', 0, RENTAL_OPEN_BOOKINGS_MAX).map((b, i) => decodeBooking(b, `rental.bookings[${i}]`)),
  };
  if (map.requires !== undefined) rental.requires = readCredentialName(map.requires, 'rental.requires');
  return rental;
}

/** The rental at `address`, or undefined when there is no contract there or it is not a rental. */
export function getRental(view: StateReader, address: string): RentalRecord | undefined {
  const found = getContractRecord(view, address);
  return found === undefined || found.type !== 'rental' ? undefined : decodeRental(found.record);
}

export function putRental(view: Overlay, address: string, rental: RentalRecord): void {
  putContractRecord(view, address, encodeRental(rental));
}

// ---------------------------------------------------------------------------------------------
// Time: where a booking stands at a block time (spec/ledger.md §8.5, "Settlement").

/**
 * A booking's phase at block time `timeMs`, whatever has been written:
 *  - `upcoming` (before its start) and `in-use` (within its span): booked, nothing due;
 *  - `claim-window`: ended (returned, or past its end) and within `claimWindowMs` of that end, with an
 *    arbiter and a deposit; the price is due to the owner, the deposit is held;
 *  - `claimed`: a claim is open and the arbiter may still resolve it (until the end + 2 × the window);
 *  - `due`: everything it holds is due now: price to the owner (if not paid), deposit to the renter.
 */
export type BookingPhase = 'upcoming' | 'in-use' | 'claim-window' | 'claimed' | 'due';

/** When the booking stopped being used: its return, or the end of its span. */
function endedAt(booking: Booking): number {
  return booking.endedMs ?? booking.endMs;
}

export function phaseAt(rental: RentalRecord, booking: Booking, timeMs: number): BookingPhase {
  if (booking.state === 'booked' && timeMs < booking.startMs) return 'upcoming';
  if (booking.state === 'booked' && timeMs < booking.endMs) return 'in-use';
  const end = endedAt(booking);
  if (booking.state === 'claimed') return timeMs < end + 2 * rental.claimWindowMs ? 'claimed' : 'due';
  if (rental.arbiter === undefined || booking.deposit === 0n) return 'due';
  return timeMs < end + rental.claimWindowMs ? 'claim-window' : 'due';
}

/** A payment out of the rental's address. */
export interface Payout {
  booking: Booking;
  toOwner: bigint;
  toRenter: bigint;
}

/**
 * Applies what block time makes due on every booking (the lazy settlement of §8.5), in booking order:
 * a booking past its end that was not returned pays its price to the owner and is `ended`; a booking
 * whose deposit is due (no arbiter, no deposit, the claim window closed without a claim, or a claim the
 * arbiter left unresolved past its deadline) pays the deposit to the renter and leaves the record.
 * Pure: returns the new record and the payouts; the caller moves the value.
 */
export function settleDue(rental: RentalRecord, timeMs: number): { rental: RentalRecord; payouts: Payout[] } {
  const kept: Booking[] = [];
  const payouts: Payout[] = [];
  for (const booking of rental.bookings) {
    const phase = phaseAt(rental, booking, timeMs);
    if (phase === 'upcoming' || phase === 'in-use' || phase === 'claimed') {
      kept.push(booking);
      continue;
    }
    const toOwner = booking.state === 'booked' ? booking.price : 0n;
    if (phase === 'due') {
      payouts.push({ booking, toOwner, toRenter: booking.deposit });
    } else if (booking.state === 'booked') {
      // In its claim window, not returned: the price is due now; the deposit waits for the window.
      kept.push({ ...booking, state: 'ended', endedMs: booking.endMs });
      payouts.push({ booking, toOwner, toRenter: 0n });
    } else {
      kept.push(booking);
    }
  }
  return { rental: { ...rental, bookings: kept }, payouts };
}

/**
 * What the rental's address must hold (contracts/owed.ts, spec/ledger.md §8.7), from its record
 * alone: per unsettled booking, the price while booked plus the deposit; nothing once closed.
 */
export function rentalOwed(rental: RentalRecord): { assets: Map<string, bigint>; items: string[] } {
  let held = 0n;
  for (const booking of rental.bookings) held += (booking.state === 'booked' ? booking.price : 0n) + booking.deposit;
  return { assets: held > 0n ? new Map([[rental.asset, held]]) : new Map<string, bigint>(), items: [] };
}

/**
 * Who may use item `itemId` at block time `timeMs` (as ERC-4907's `userOf`): the renter of the booking
 * of its open rental whose span holds `timeMs` and that was not returned; undefined when nobody rents
 * it then (the owner uses it). Answers for the bookings still in the record: pass the current block
 * time, or a time ahead; past uses are in the item's history (`rental-book`, `rental-return`).
 */
export function itemUser(view: StateReader, itemId: string, timeMs: number): string | undefined {
  const mark = getRentalMark(view, itemId);
  if (mark === undefined) return undefined;
  const rental = getRental(view, mark.rental);
  invariant(rental !== undefined && rental.item === itemId, `rentalitem/${itemId} points at ${mark.rental}, which is not its rental`);
  return rental.bookings.find((b) => b.state === 'booked' && b.startMs <= timeMs && timeMs < b.endMs)?.renter;
}

/**
 * The periods a return at `timeMs` pays for (spec/ledger.md §8.5): every period begun, whole —
 * ceil((timeMs − startMs) / periodMs), 0 before the start; the periods not begun are refunded.
 */
export function usedPeriods(booking: Booking, periodMs: number, timeMs: number): number {
  if (timeMs <= booking.startMs) return 0;
  // Integer ceiling division (no floats in the ledger); the span bounds keep both below 2^53.
  const begun = Number((BigInt(timeMs - booking.startMs) + BigInt(periodMs) - 1n) / BigInt(periodMs));
  return Math.min(booking.periods, begun);
}
