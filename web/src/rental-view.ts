/**
 * What the rental page and the wallet's booking form make of a rental (spec/ledger.md §8.5) at a block
 * time, pure and tested in test/web/contracts-pure.test.ts: each booking's phase and the item's user by
 * the ledger's own `phaseAt` (re-exported by the SDK), the price of a booking before it is signed, and
 * where each booking sits on a timeline.
 */
import { rentalBookingPhaseAt, rentalSettleDue, rentalUsedPeriods, type BookingPhase, type RentalRecord } from '../../src/client/index.ts';
import type { RentalBookingJson, RentalContractJson } from '../../src/client/index.ts';

export function rentalRecordOf(rental: RentalContractJson): RentalRecord {
  return {
    type: 'rental',
    item: rental.item,
    owner: rental.owner,
    asset: rental.asset,
    pricePerPeriod: BigInt(rental.pricePerPeriod),
    periodMs: rental.periodMs,
    minPeriods: rental.minPeriods,
    maxPeriods: rental.maxPeriods,
    deposit: BigInt(rental.deposit),
    ...(rental.arbiter === null ? {} : { arbiter: rental.arbiter }),
    claimWindowMs: rental.claimWindowMs,
    status: rental.status,
    createdAt: rental.createdAt,
    nextBooking: rental.nextBooking,
    bookings: rental.bookings.map((b) => ({
      booking: b.booking,
      renter: b.renter,
      startMs: b.startMs,
      endMs: b.endMs,
      periods: b.periods,
      price: BigInt(b.price),
      deposit: BigInt(b.deposit),
      state: b.state,
      ...(b.endedMs === null ? {} : { endedMs: b.endedMs }),
    })),
  };
}

export interface RentalNow {
  /** Each unsettled booking's phase, in booking order. */
  phases: BookingPhase[];
  /** Who uses the item (ERC-4907's userOf): the renter of the booking in use, else null (the owner). */
  user: string | null;
  /** What a rental.settle would pay now, booking by booking (the node's `now.due`, at this time). */
  due: { booking: number; toOwner: bigint; toRenter: bigint }[];
}

/** Where a rental's bookings stand at block time `timeMs` (the node's `now`, at a newer time). */
export function rentalNow(rental: RentalContractJson, timeMs: number): RentalNow {
  const record = rentalRecordOf(rental);
  const phases = record.bookings.map((booking) => rentalBookingPhaseAt(record, booking, timeMs));
  const inUse = phases.indexOf('in-use');
  const due = rental.status === 'open' ? rentalSettleDue(record, timeMs).payouts.map((p) => ({ booking: p.booking.booking, toOwner: p.toOwner, toRenter: p.toRenter })) : [];
  return { phases, user: rental.status === 'open' && inUse >= 0 ? record.bookings[inUse].renter : null, due };
}

export const PHASE_WORDS: { [phase in BookingPhase]: string } = {
  upcoming: 'booked, not begun',
  'in-use': 'in use',
  'claim-window': 'ended; the owner may still claim on the deposit',
  claimed: 'claimed; the arbiter decides on the deposit',
  due: 'ended; paid out at the next touch',
};

/**
 * Where a booking's price went: while `booked` it is held (undefined); once ended, the owner was paid
 * the periods begun — all of them at the end, by the refund rule at an early return (§8.5) — and the
 * renter got the rest back.
 */
export function bookingPaid(rental: RentalContractJson, booking: RentalBookingJson): { toOwner: bigint; refunded: bigint } | undefined {
  if (booking.state === 'booked') return undefined;
  const price = BigInt(booking.price);
  if (booking.endedMs === null || booking.endedMs >= booking.endMs) return { toOwner: price, refunded: 0n };
  const record = rentalRecordOf(rental).bookings.find((b) => b.booking === booking.booking);
  if (record === undefined) return undefined;
  const toOwner = BigInt(rentalUsedPeriods(record, rental.periodMs, booking.endedMs)) * BigInt(rental.pricePerPeriod);
  return { toOwner, refunded: price - toOwner };
}

export interface BookingQuote {
  price: bigint;
  deposit: bigint;
  total: bigint;
  /** From the block time of the booking, the span is periods × periodMs. */
  durationMs: number;
}

/**
 * What booking `periods` periods costs, before signing (§8.5.2): the price of its periods and the
 * deposit, both paid into the rental at once. A problem in words when the rental refuses it anyway.
 */
export function quoteBooking(rental: RentalContractJson, periods: number): { quote: BookingQuote } | { problem: string; code: string } {
  if (rental.status !== 'open') return { problem: 'This rental is closed: it takes no more bookings.', code: 'contract_closed' };
  if (!Number.isSafeInteger(periods) || periods < rental.minPeriods || periods > rental.maxPeriods) {
    return { problem: `Book from ${rental.minPeriods} to ${rental.maxPeriods} periods.`, code: 'bad_periods' };
  }
  const price = BigInt(rental.pricePerPeriod) * BigInt(periods);
  const deposit = BigInt(rental.deposit);
  return { quote: { price, deposit, total: price + deposit, durationMs: periods * rental.periodMs } };
}

export interface BookingBar {
  booking: number;
  renter: string;
  phase: BookingPhase;
  /** Position and length on the timeline, in per mille of its width. */
  left: number;
  width: number;
}

export interface BookingTimeline {
  fromMs: number;
  toMs: number;
  bars: BookingBar[];
  /** Where block time `nowMs` falls, in per mille, or null when outside the timeline. */
  now: number | null;
}

/**
 * The bookings laid out on one line from the earliest start (or now, if earlier) to the latest end (or
 * now plus one period, if later): a returned booking ends at its return. Every bar keeps at least 1 %
 * of the width so that a short booking among long ones stays visible.
 */
export function bookingTimeline(bookings: readonly RentalBookingJson[], phases: readonly BookingPhase[], periodMs: number, nowMs: number): BookingTimeline {
  const endOf = (b: RentalBookingJson): number => Math.min(b.endMs, b.endedMs ?? b.endMs);
  const fromMs = Math.min(nowMs, ...bookings.map((b) => b.startMs));
  const toMs = Math.max(nowMs + periodMs, ...bookings.map(endOf));
  const span = Math.max(1, toMs - fromMs);
  const at = (timeMs: number): number => Math.round(((timeMs - fromMs) * 1000) / span);
  const bars = bookings.map((b, i) => {
    const left = Math.min(990, at(b.startMs));
    return { booking: b.booking, renter: b.renter, phase: phases[i] ?? 'due', left, width: Math.min(1000 - left, Math.max(10, at(endOf(b)) - at(b.startMs))) };
  });
  return { fromMs, toMs, bars, now: nowMs >= fromMs && nowMs <= toMs ? at(nowMs) : null };
}

export type RentalAction =
  | { action: 'return'; booking: number; cancel: boolean }
  | { action: 'claim'; booking: number }
  | { action: 'resolve'; booking: number; toOwner: bigint }
  | { action: 'settle' }
  | { action: 'close' };

/**
 * The rental txs `me` may send now (§8.5 "States and transitions"): a renter returns a booking not
 * ended (before its start: a cancellation), the owner claims on a booking in its claim window and
 * closes the offer once nothing would stay unsettled, the arbiter resolves a claim (the wallet offers
 * the two whole outcomes), anyone settles what block time has made due.
 */
export function rentalActions(rental: RentalContractJson, me: string, timeMs: number): RentalAction[] {
  if (rental.status !== 'open') return [];
  const record = rentalRecordOf(rental);
  const { phases } = rentalNow(rental, timeMs);
  const actions: RentalAction[] = [];
  record.bookings.forEach((b, i) => {
    const phase = phases[i];
    if (me === b.renter && (phase === 'upcoming' || phase === 'in-use')) actions.push({ action: 'return', booking: b.booking, cancel: phase === 'upcoming' });
    if (me === record.owner && phase === 'claim-window') actions.push({ action: 'claim', booking: b.booking });
    if (me === record.arbiter && phase === 'claimed') actions.push({ action: 'resolve', booking: b.booking, toOwner: b.deposit }, { action: 'resolve', booking: b.booking, toOwner: 0n });
  });
  const settled = rentalSettleDue(record, timeMs);
  if (settled.payouts.length > 0) actions.push({ action: 'settle' });
  if (me === record.owner && settled.rental.bookings.length === 0) actions.push({ action: 'close' });
  return actions;
}
