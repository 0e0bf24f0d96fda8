import { addressFromPublicKey } from '../crypto/address.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import { phaseAt, settleDue, usedPeriods, type Booking, type BookingPhase, type RentalRecord } from '../ledger/contracts/rental/state.ts';
import type { RentalOfferPayload } from '../ledger/contracts/rental/types.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon } from './builders.ts';

/**
 * SDK builders of the rental kinds (spec/ledger.md §8.5). Browser-safe. Each returns an unsigned body
 * for `signTx`; optional fields left undefined are not in the payload. The rules a wallet shows before
 * sending (a booking's phase, the periods a return pays for, what a settle would pay) are the ledger's
 * own functions, re-exported.
 */
export type { Booking, BookingPhase, RentalOfferPayload, RentalRecord };
export { phaseAt as rentalBookingPhaseAt, settleDue as rentalSettleDue, usedPeriods as rentalUsedPeriods };

function defined<T extends object>(payload: T): T {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)) as T;
}

/** The owner (the signer) offers `item` for rent; with `arbiter`, also `claimWindowMs`; with `requires`, only its holders book. */
export function buildRentalOffer(params: TxCommon & RentalOfferPayload): TxBody<'rental.offer'> {
  const { item, asset, pricePerPeriod, periodMs, minPeriods, maxPeriods, deposit, arbiter, claimWindowMs, requires } = params;
  return buildTx('rental.offer', params, defined({ item, asset, pricePerPeriod, periodMs, minPeriods, maxPeriods, deposit, arbiter, claimWindowMs, requires }));
}

/** The rental's id (its contract address, spec/ledger.md §8.1) that this `rental.offer` will give: known before sending. */
export function rentalAddress(body: TxBody<'rental.offer'>): string {
  return contractAddressFor(body.chainId, addressFromPublicKey(body.signers[0].publicKey), body.signers[0].nonce, 0);
}

/** A renter (the signer) books `periods` periods from `startMs` (default: the block time); price and deposit leave it at once. */
export function buildRentalBook(params: TxCommon & { rental: string; periods: number; startMs?: number }): TxBody<'rental.book'> {
  return buildTx('rental.book', params, defined({ rental: params.rental, periods: params.periods, startMs: params.startMs }));
}

/** The renter returns booking `booking` (early: the periods not begun are refunded; before the start: everything). */
export function buildRentalReturn(params: TxCommon & { rental: string; booking: number }): TxBody<'rental.return'> {
  return buildTx('rental.return', params, { rental: params.rental, booking: params.booking });
}

/** The owner claims a damage on an ended booking's deposit, within the claim window. */
export function buildRentalClaim(params: TxCommon & { rental: string; booking: number; reason?: string }): TxBody<'rental.claim'> {
  return buildTx('rental.claim', params, defined({ rental: params.rental, booking: params.booking, reason: params.reason }));
}

/** The arbiter splits a claimed deposit: `toOwner` to the owner, the rest to the renter. */
export function buildRentalResolve(params: TxCommon & { rental: string; booking: number; toOwner: bigint }): TxBody<'rental.resolve'> {
  return buildTx('rental.resolve', params, { rental: params.rental, booking: params.booking, toOwner: params.toOwner });
}

/** Anyone: applies what block time has made due on the rental's bookings. */
export function buildRentalSettle(params: TxCommon & { rental: string }): TxBody<'rental.settle'> {
  return buildTx('rental.settle', params, { rental: params.rental });
}

/** The owner closes the offer once no booking is unsettled; the item moves freely again. */
export function buildRentalClose(params: TxCommon & { rental: string }): TxBody<'rental.close'> {
  return buildTx('rental.close', params, { rental: params.rental });
}
