import { reject, type Rejection } from '../../errors.ts';
import { checkHistoryRoom, isRejection } from '../../records/checks.ts';
import type { Overlay } from '../../state.ts';
import type { BlockContext, LedgerEvent } from '../../types.ts';
import { moveBalance } from '../../accounts/balances.ts';
import { phaseAt, settleDue } from './state.ts';
import type { RentalClaimPayload, RentalRefPayload, RentalResolvePayload } from './types.ts';
import { applyPayouts, findBooking, loadRental, logRental, paidForUse, rentedItem, saveRental, settlementOf, transferEvent } from './rental.ts';
// reputation (spec/reputation.md): a resolved booking is a disputed trade
import { recordTrade } from '../../market/trades.ts';
import { rentalTrade } from '../../market/trades-settlements.ts';

/**
 * The end of rentals (spec/ledger.md §8.5): the owner's damage claim, the arbiter's resolution, the
 * settlement anyone may send, and the owner closing the offer. Each first applies what block time has
 * made due on the rental's bookings (state.ts `settleDue`).
 */

/**
 * Checks in order: `unknown_contract`; `unknown_booking`; the signer is the owner (`wrong_party`);
 * the offer has an arbiter (`no_arbiter`); no claim is open on the booking (`booking_claimed`); it has
 * ended, by return or time (`booking_active`); its claim window is open (`deadline_passed`);
 * `too_many_events`. Effects: what is due is settled (a booking past its end pays its price now); the
 * booking's deposit is held for the arbiter; history entry `rental-claim`.
 */
export function applyRentalClaim(view: Overlay, signer: string, payload: RentalClaimPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  const booking = findBooking(found, payload.rental, payload.booking);
  if (isRejection(booking)) return booking;
  if (signer !== found.owner) return reject('wrong_party', `only the owner ${found.owner} claims on booking ${booking.booking}`);
  if (found.arbiter === undefined) return reject('no_arbiter', `rental ${payload.rental} has no arbiter: its deposits return to the renters`);
  if (booking.state === 'claimed') return reject('booking_claimed', `a claim on booking ${booking.booking} is open`);
  const phase = phaseAt(found, booking, ctx.timeMs);
  if (phase === 'upcoming' || phase === 'in-use') return reject('booking_active', `booking ${booking.booking} runs until ${booking.endMs}; a claim comes after it ends`);
  if (phase !== 'claim-window') return reject('deadline_passed', `the claim window of booking ${booking.booking} closed at ${(booking.endedMs ?? booking.endMs) + found.claimWindowMs}${booking.deposit === 0n ? ' (it holds no deposit)' : ''}`);
  const item = rentedItem(view, found);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  const events = applyPayouts(view, payload.rental, rental, payouts, ctx.height);
  const bookings = rental.bookings.map((b) => (b.booking === booking.booking ? { ...b, state: 'claimed' as const } : b));
  saveRental(view, payload.rental, { ...rental, bookings });
  view.touch(payload.rental, rental.owner, booking.renter, found.arbiter);
  const seq = logRental(view, item, signer, ctx, { action: 'rental-claim', contract: payload.rental, booking: booking.booking, user: booking.renter, reason: payload.reason });
  events.push({
    type: 'rental.claimed',
    attributes: { rental: payload.rental, item: rental.item, booking: String(booking.booking), owner: rental.owner, renter: booking.renter, arbiter: found.arbiter, deposit: booking.deposit.toString(), seq },
  });
  return events;
}

/**
 * Checks in order: `unknown_contract`; `unknown_booking`; the signer is the arbiter (`wrong_party`);
 * a claim is open on the booking (`not_disputed`); within its deadline, the end + 2 × the claim window
 * (`deadline_passed`); toOwner ≤ the deposit (`bad_resolution`); `too_many_events`. Effects: what is
 * due is settled; toOwner goes to the owner, the rest of the deposit to the renter; the booking is
 * settled; history entry `rental-resolve`.
 */
export function applyRentalResolve(view: Overlay, signer: string, payload: RentalResolvePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  const booking = findBooking(found, payload.rental, payload.booking);
  if (isRejection(booking)) return booking;
  if (signer !== found.arbiter) return reject('wrong_party', `only the arbiter resolves claims of rental ${payload.rental}`);
  if (booking.state !== 'claimed') return reject('not_disputed', `no claim is open on booking ${booking.booking}`);
  if (phaseAt(found, booking, ctx.timeMs) !== 'claimed') return reject('deadline_passed', `the arbiter could resolve booking ${booking.booking} until ${(booking.endedMs ?? booking.endMs) + 2 * found.claimWindowMs}; its deposit is due to the renter`);
  if (payload.toOwner > booking.deposit) return reject('bad_resolution', `the deposit is ${booking.deposit}; ${payload.toOwner} cannot go to the owner`);
  const item = rentedItem(view, found);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  const events = applyPayouts(view, payload.rental, rental, payouts, ctx.height);
  saveRental(view, payload.rental, { ...rental, bookings: rental.bookings.filter((b) => b.booking !== booking.booking) });
  const toRenter = booking.deposit - payload.toOwner;
  for (const [to, amount] of [[rental.owner, payload.toOwner], [booking.renter, toRenter]] as const) {
    if (amount === 0n) continue;
    moveBalance(view, payload.rental, to, rental.asset, amount);
    events.push(transferEvent(rental.asset, payload.rental, to, amount));
  }
  view.touch(payload.rental, rental.owner, booking.renter);
  const seq = logRental(view, item, signer, ctx, { action: 'rental-resolve', contract: payload.rental, booking: booking.booking, user: booking.renter });
  events.push({
    type: 'rental.resolved',
    attributes: { rental: payload.rental, item: rental.item, booking: String(booking.booking), arbiter: signer, owner: rental.owner, renter: booking.renter, toOwner: payload.toOwner.toString(), toRenter: toRenter.toString(), seq },
  });
  const paid = paidForUse(rental, booking);
  const resolution = { toOwner: payload.toOwner, deposit: booking.deposit };
  if (paid > 0n) events.push(recordTrade(view, rentalTrade({ ...settlementOf(payload.rental, rental, booking), paid, claimed: true, resolution }, ctx.height)));
  return events;
}

/**
 * Anyone. Checks in order: `unknown_contract`; the rental is open (`contract_closed`); something is
 * due (`nothing_due`). Effects: every booking's due payments (state.ts `settleDue`).
 */
export function applyRentalSettle(view: Overlay, _signer: string, payload: RentalRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  if (found.status !== 'open') return reject('contract_closed', `rental ${payload.rental} is closed`);
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  if (payouts.length === 0) return reject('nothing_due', `nothing is due on rental ${payload.rental} at ${ctx.timeMs}`);
  saveRental(view, payload.rental, rental);
  return applyPayouts(view, payload.rental, rental, payouts, ctx.height);
}

/**
 * Checks in order: `unknown_contract`; the signer is the owner (`wrong_party`); the rental is open
 * (`contract_closed`); after settling what is due, no booking is left unsettled (`item_booked`);
 * `too_many_events`. Effects: the settlements; the rental is closed and takes no more bookings; the
 * item's mark is deleted (it moves freely again); history entry `rental-close`.
 */
export function applyRentalClose(view: Overlay, signer: string, payload: RentalRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadRental(view, payload.rental);
  if (isRejection(found)) return found;
  if (signer !== found.owner) return reject('wrong_party', `only the owner ${found.owner} closes rental ${payload.rental}`);
  if (found.status !== 'open') return reject('contract_closed', `rental ${payload.rental} is already closed`);
  const { rental, payouts } = settleDue(found, ctx.timeMs);
  if (rental.bookings.length > 0) return reject('item_booked', `rental ${payload.rental} has ${rental.bookings.length} unsettled booking(s); the first ends at ${rental.bookings[0].endMs}`);
  const item = rentedItem(view, found);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const events = applyPayouts(view, payload.rental, rental, payouts, ctx.height);
  saveRental(view, payload.rental, { ...rental, status: 'closed' });
  view.touch(payload.rental, rental.owner);
  const seq = logRental(view, item, signer, ctx, { action: 'rental-close', contract: payload.rental });
  events.push({ type: 'rental.closed', attributes: { rental: payload.rental, item: rental.item, owner: rental.owner, seq } });
  return events;
}
