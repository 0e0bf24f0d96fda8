import { invariant } from '../../../errors/base.ts';
import { reject, type Rejection } from '../../errors.ts';
import { RENTAL_BOOKING_AHEAD_MS_MAX, RENTAL_OPEN_BOOKINGS_MAX } from '../../limits.ts';
import { checkHistoryRoom, isRejection, loadOwnedItem } from '../../records/checks.ts';
import { appendHistory, consumedNonce, type HistoryFacts } from '../../records/item-log.ts';
import { getItem, updateItem, type Item } from '../../records/item-state.ts';
import { deleteRentalMark, putRentalMark } from '../../records/rented.ts';
import type { Overlay } from '../../state.ts';
import type { BlockContext, LedgerEvent } from '../../types.ts';
import { getAsset, getBalance, moveBalance } from '../../accounts/balances.ts';
import { getRegistry } from '../../records/registry-state.ts';
import { holdsCredential } from '../../market/credential.ts';
import { contractAddressFor, isContract } from '../../accounts/contract-account.ts';
import { getRental, phaseAt, putRental, settleDue, usedPeriods, type Booking, type Payout, type RentalRecord } from './state.ts';
import type { RentalBookingPayload, RentalBookPayload, RentalOfferPayload } from './types.ts';
import { checkStrays, returnStrays } from '../stray.ts';
// reputation (spec/reputation.md): a booking that leaves its record paid is a trade
import { recordTrade } from '../../market/trades.ts';
import { rentalTrade } from '../../market/trades-settlements.ts';

/**
 * Rentals (spec/ledger.md §8.5): an owner offers an item for rent by the period; renters book spans
 * of block time, paying price and deposit into the rental's contract account; the item stays with its
 * owner, and the renter is its user within the span. This file: offer, book, return, and what every
 * rental tx shares (loading, the lazy settlement, history). settle.ts: claim, resolve, settle,
 * close.
 */

export function transferEvent(asset: string, from: string, to: string, amount: bigint): LedgerEvent {
  return { type: 'transfer', attributes: { asset, from, to, amount: amount.toString() } };
}

/** `unknown_contract` when `address` holds no rental. */
export function loadRental(view: Overlay, address: string): RentalRecord | Rejection {
  return getRental(view, address) ?? reject('unknown_contract', `no rental at ${address}`);
}

/** `unknown_booking` when `number` is not an unsettled booking of `rental`. */
export function findBooking(rental: RentalRecord, address: string, number: number): Booking | Rejection {
  return rental.bookings.find((b) => b.booking === number) ?? reject('unknown_booking', `rental ${address} has no unsettled booking ${number}`);
}

/** The rented item: live and its owner's while the rental is open (the owner checks refuse every move, records/rented.ts). */
export function rentedItem(view: Overlay, rental: RentalRecord): Item {
  const item = getItem(view, rental.item);
  invariant(item !== undefined && item.status === 'live' && item.owner === rental.owner, `the item ${rental.item} of an open rental moved`);
  return item;
}

/** Writes the rental and keeps its item's mark (the unsettled bookings the owner checks read) in step. */
export function saveRental(view: Overlay, address: string, rental: RentalRecord): void {
  putRental(view, address, rental);
  if (rental.status === 'open') putRentalMark(view, rental.item, { rental: address, bookings: rental.bookings.length });
  else deleteRentalMark(view, rental.item);
}

/** Moves `amount` out of the rental's address (nothing for 0) and says so. */
function payOut(view: Overlay, address: string, asset: string, to: string, amount: bigint, events: LedgerEvent[]): void {
  if (amount === 0n) return;
  moveBalance(view, address, to, asset, amount);
  view.touch(address, to);
  events.push(transferEvent(asset, address, to, amount));
}

/** Carries out what settleDue found due: the value moves, then one `rental.settled` per booking. */
export function applyPayouts(view: Overlay, address: string, rental: RentalRecord, payouts: Payout[], height: number): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const { booking, toOwner, toRenter } of payouts) {
    payOut(view, address, rental.asset, rental.owner, toOwner, events);
    payOut(view, address, rental.asset, booking.renter, toRenter, events);
    view.touch(address, rental.owner, booking.renter);
    events.push({
      type: 'rental.settled',
      attributes: { rental: address, item: rental.item, booking: String(booking.booking), owner: rental.owner, renter: booking.renter, toOwner: toOwner.toString(), toRenter: toRenter.toString() },
    });
    // A payout of the price alone keeps the booking (its deposit waits for the claim window): no trade yet.
    const left = !rental.bookings.some((b) => b.booking === booking.booking);
    const paid = paidForUse(rental, booking);
    if (left && paid > 0n) events.push(recordTrade(view, rentalTrade({ ...settlementOf(address, rental, booking), paid, claimed: booking.state === 'claimed' }, height)));
  }
  return events;
}

/**
 * What the owner got for a booking's use: its price while still `booked` (paid as it settles), else
 * the periods begun before it ended (the price of a booking that ran its span, less an early return's refund).
 */
export function paidForUse(rental: RentalRecord, booking: Booking): bigint {
  if (booking.state === 'booked') return booking.price;
  return rental.pricePerPeriod * BigInt(usedPeriods(booking, rental.periodMs, booking.endedMs ?? booking.endMs));
}

/** The parties and asset of a booking's trade (spec/reputation.md §1). */
export function settlementOf(address: string, rental: RentalRecord, booking: Booking): { rental: string; booking: number; owner: string; renter: string; arbiter?: string; asset: string } {
  return { rental: address, booking: booking.booking, owner: rental.owner, renter: booking.renter, arbiter: rental.arbiter, asset: rental.asset };
}

/** Appends a rental entry to the item's history and writes the item; the caller checked the room. */
export function logRental(view: Overlay, item: Item, signer: string, ctx: BlockContext, facts: HistoryFacts): string {
  updateItem(view, item, appendHistory(view, item, signer, ctx, facts));
  return String(item.events);
}

/**
 * Checks in order: the owner checks of the item (`unknown_item`, `item_retired`, `item_locked`,
 * `not_owner`, `item_booked`, `item_offered`: one open offer per item); the arbiter is not the owner
 * (`bad_parties`); the asset exists (`unknown_asset`); the required credential's registry exists
 * (`unknown_registry`); `too_many_events`; what the rental's address
 * already holds may move out (stray.ts checkStrays). Effects: that goes to the owner; a rental at the
 * contract address of (chain, owner, nonce, 0); the item's mark; history entry `rental-offer`.
 */
export function applyRentalOffer(view: Overlay, owner: string, payload: RentalOfferPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadOwnedItem(view, payload.item, owner);
  if (isRejection(item)) return item;
  if (payload.arbiter === owner) return reject('bad_parties', 'the arbiter of a rental is not its owner');
  if (getAsset(view, payload.asset) === undefined) return reject('unknown_asset', `no asset ${payload.asset}`);
  if (payload.requires !== undefined && getRegistry(view, payload.requires.registry) === undefined) return reject('unknown_registry', `no registry ${payload.requires.registry}`);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const address = contractAddressFor(ctx.chainId, owner, consumedNonce(view, owner), 0);
  invariant(!isContract(view, address), `contract ${address} already exists: an address was derived twice`);
  const strays = checkStrays(view, address);
  if (isRejection(strays)) return strays;
  const returned = returnStrays(view, address, owner, strays, ctx, 'rental.offer');
  const { asset, pricePerPeriod, periodMs, minPeriods, maxPeriods, arbiter } = payload;
  const deposit = payload.deposit ?? 0n;
  const rental: RentalRecord = { type: 'rental', item: item.id, owner, asset, pricePerPeriod, periodMs, minPeriods, maxPeriods, deposit, arbiter, claimWindowMs: payload.claimWindowMs ?? 0, status: 'open', createdAt: ctx.height, nextBooking: 0, bookings: [] };
  if (payload.requires !== undefined) rental.requires = payload.requires;
  saveRental(view, address, rental);
  view.touch(address, arbiter);
  const seq = logRental(view, item, owner, ctx, { action: 'rental-offer', contract: address, asset });
  const attributes: { [key: string]: string } = {
    rental: address,
    item: item.id,
    owner,
    asset,
    pricePerPeriod: pricePerPeriod.toString(),
    periodMs: String(periodMs),
    minPeriods: String(minPeriods),
    maxPeriods: String(maxPeriods),
    deposit: deposit.toString(),
    seq,
  };
  if (arbiter !== undefined) Object.assign(attributes, { arbiter, claimWindowMs: String(rental.claimWindowMs) });
  return [...returned, { type: 'rental.offered', attributes }];
}

/** The span a booking asks for, or `bad_span`: from the block time (or later, at most RENTAL_BOOKING_AHEAD_MS_MAX ahead). */
function spanOf(rental: RentalRecord, payload: RentalBookPayload, ctx: BlockContext): { startMs: number; endMs: number } | Rejection {
  const startMs = payload.startMs ?? ctx.timeMs;
  if (startMs < ctx.timeMs) return reject('bad_span', `a booking starts at the block time ${ctx.timeMs} or later, not ${startMs}`);
  if (startMs - ctx.timeMs > RENTAL_BOOKING_AHEAD_MS_MAX) return reject('bad_span', `a booking starts at most ${RENTAL_BOOKING_AHEAD_MS_MAX} ms after the block time`);
  return { startMs, endMs: startMs + payload.periods * rental.periodMs };
}

/**
 * Checks in order: the rental exists (`unknown_contract`) and is open (`contract_closed`); the renter
 * is neither its owner nor its arbiter (`bad_parties`); the renter holds the rental's required
 * credential, if any, valid (`not_credentialed`); minPeriods ≤ periods ≤ maxPeriods
 * (`bad_periods`); the span (`bad_span`); no unreturned booking's span meets it (`booking_overlap`);
 * after settling what is due, fewer than RENTAL_OPEN_BOOKINGS_MAX unsettled bookings
 * (`too_many_bookings`); `too_many_events`; the renter holds price + deposit (`insufficient_balance`).
 */
export function applyRentalBook(view: Overlay, renter: string, payload: RentalBookPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  if (found.status !== 'open') return reject('contract_closed', `rental ${payload.rental} is closed`);
  if (renter === found.owner || renter === found.arbiter) return reject('bad_parties', 'the owner and the arbiter of a rental do not book it');
  if (found.requires !== undefined && !holdsCredential(view, found.requires, renter, ctx.timeMs)) return reject('not_credentialed', `rental ${payload.rental} requires a valid ${found.requires.type} credential of ${found.requires.registry}`);
  if (payload.periods < found.minPeriods || payload.periods > found.maxPeriods) return reject('bad_periods', `rental ${payload.rental} books ${found.minPeriods} to ${found.maxPeriods} periods, not ${payload.periods}`);
  const span = spanOf(found, payload, ctx);
  if (isRejection(span)) return span;
  const clash = found.bookings.find((b) => b.state === 'booked' && span.startMs < b.endMs && b.startMs < span.endMs);
  if (clash !== undefined) return reject('booking_overlap', `booking ${clash.booking} holds [${clash.startMs}, ${clash.endMs}); [${span.startMs}, ${span.endMs}) meets it`);
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  if (rental.bookings.length >= RENTAL_OPEN_BOOKINGS_MAX) return reject('too_many_bookings', `rental ${payload.rental} has ${rental.bookings.length} unsettled bookings, the most one rental holds`);
  const item = rentedItem(view, rental);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const events = applyPayouts(view, payload.rental, rental, payouts, ctx.height);
  const price = rental.pricePerPeriod * BigInt(payload.periods);
  const total = price + rental.deposit;
  const balance = getBalance(view, renter, rental.asset);
  if (balance < total) return reject('insufficient_balance', `${renter} holds ${balance} ${rental.asset}; the price ${price} and deposit ${rental.deposit} are ${total}`);
  const booking: Booking = { booking: rental.nextBooking, renter, ...span, periods: payload.periods, price, deposit: rental.deposit, state: 'booked' };
  moveBalance(view, renter, payload.rental, rental.asset, total);
  view.touch(payload.rental, rental.owner);
  saveRental(view, payload.rental, { ...rental, nextBooking: rental.nextBooking + 1, bookings: [...rental.bookings, booking] });
  const seq = logRental(view, item, renter, ctx, { action: 'rental-book', contract: payload.rental, booking: booking.booking, user: renter, startMs: span.startMs, endMs: span.endMs });
  events.push(transferEvent(rental.asset, renter, payload.rental, total), {
    type: 'rental.booked',
    attributes: {
      rental: payload.rental,
      item: rental.item,
      booking: String(booking.booking),
      owner: rental.owner,
      renter,
      startMs: String(span.startMs),
      endMs: String(span.endMs),
      periods: String(payload.periods),
      price: price.toString(),
      deposit: rental.deposit.toString(),
      seq,
    },
  });
  return events;
}

/**
 * Checks in order: `unknown_contract`; `unknown_booking`; the signer is its renter (`wrong_party`);
 * it is upcoming or in use (`booking_ended`); `too_many_events`. Effects: what is due on the rental is
 * settled; the periods begun go to the owner, the rest of the price back to the renter; the deposit
 * back too when no period was used, the offer has no arbiter or no deposit, else it waits for the claim
 * window from now. History entry `rental-return`.
 */
export function applyRentalReturn(view: Overlay, signer: string, payload: RentalBookingPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  const booking = findBooking(found, payload.rental, payload.booking);
  if (isRejection(booking)) return booking;
  if (signer !== booking.renter) return reject('wrong_party', `only the renter ${booking.renter} returns booking ${booking.booking}`);
  const phase = phaseAt(found, booking, ctx.timeMs);
  if (phase !== 'upcoming' && phase !== 'in-use') return reject('booking_ended', `booking ${booking.booking} ended at ${booking.endedMs ?? booking.endMs}`);
  const item = rentedItem(view, found);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  const events = applyPayouts(view, payload.rental, rental, payouts, ctx.height);
  const used = usedPeriods(booking, rental.periodMs, ctx.timeMs);
  const toOwner = rental.pricePerPeriod * BigInt(used);
  const refund = booking.price - toOwner;
  const releaseDeposit = used === 0 || rental.arbiter === undefined || booking.deposit === 0n;
  const toRenter = refund + (releaseDeposit ? booking.deposit : 0n);
  const others = rental.bookings.filter((b) => b.booking !== booking.booking);
  const kept = releaseDeposit ? others : [...others, { ...booking, state: 'ended' as const, endedMs: ctx.timeMs }].sort((a, b) => a.booking - b.booking);
  saveRental(view, payload.rental, { ...rental, bookings: kept });
  payOut(view, payload.rental, rental.asset, rental.owner, toOwner, events);
  payOut(view, payload.rental, rental.asset, booking.renter, toRenter, events);
  view.touch(payload.rental, rental.owner, booking.renter);
  if (releaseDeposit && toOwner > 0n) events.push(recordTrade(view, rentalTrade({ ...settlementOf(payload.rental, rental, booking), paid: toOwner, claimed: false }, ctx.height)));
  const seq = logRental(view, item, signer, ctx, { action: 'rental-return', contract: payload.rental, booking: booking.booking, user: booking.renter });
  events.push({
    type: 'rental.returned',
    attributes: {
      rental: payload.rental,
      item: rental.item,
      booking: String(booking.booking),
      owner: rental.owner,
      renter: booking.renter,
      usedPeriods: String(used),
      toOwner: toOwner.toString(),
      toRenter: toRenter.toString(),
      depositHeld: releaseDeposit ? '0' : booking.deposit.toString(),
      seq,
    },
  });
  return events;
}
