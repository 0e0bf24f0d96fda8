import type { CredentialName } from '../../market/types.ts';

/**
 * Rental payloads (src/ledger/contracts/rental/; spec/ledger.md §8.5). The owner is the signer of
 * rental.offer; the rental's id is its contract address (accounts/contract-account.ts). Bookings are numbered
 * from 0 within their rental.
 */
export interface RentalOfferPayload {
  item: string;
  /** The asset of the price and the deposit. */
  asset: string;
  pricePerPeriod: bigint;
  /** One period of use, in ms of block time (an hour, a day). */
  periodMs: number;
  /** A booking is minPeriods … maxPeriods whole periods. */
  minPeriods: number;
  maxPeriods: number;
  /** Held for each booking until its claim window closes; absent means none. */
  deposit?: bigint;
  /** Who settles damage claims; without one, the owner cannot claim and the deposit returns at the end. */
  arbiter?: string;
  /** With an arbiter (and only then): how long after a booking ends the owner may claim. */
  claimWindowMs?: number;
  /** A credential the renter must hold, valid, at rental.book (decision 0012). */
  requires?: CredentialName;
}

/** By a renter: `periods` periods from `startMs` (default: the block time). */
export interface RentalBookPayload {
  rental: string;
  periods: number;
  startMs?: number;
}

/** By the renter (return) of one booking. */
export interface RentalBookingPayload {
  rental: string;
  booking: number;
}

/** By the owner: a damage claim on an ended booking's deposit, within the claim window. */
export interface RentalClaimPayload {
  rental: string;
  booking: number;
  reason?: string;
}

/** By the arbiter: `toOwner` of the claimed deposit to the owner, the rest to the renter. */
export interface RentalResolvePayload {
  rental: string;
  booking: number;
  toOwner: bigint;
}

/** rental.settle (anyone) and rental.close (the owner). */
export interface RentalRefPayload {
  rental: string;
}
