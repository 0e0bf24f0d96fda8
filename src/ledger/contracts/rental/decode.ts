import type { CborValue } from '../../../codec/cbor.ts';
import { optional, readMap, readSmallUint, readUint } from '../../../codec/shape.ts';
import { RejectError } from '../../errors.ts';
import { AMOUNT_MAX, RENTAL_CLAIM_REASON_LENGTH_MAX, RENTAL_CLAIM_WINDOW_MS_MAX, RENTAL_PERIOD_MS_MAX, RENTAL_PERIODS_MAX, TIME_MS_MAX } from '../../limits.ts';
import { readItemId, readText } from '../../records/payload-fields.ts';
import { readAddress, readAmount, readSymbol } from '../../payload-fields.ts';
import { readCredentialName } from '../../market/credential-decode.ts';
import type { RentalBookingPayload, RentalBookPayload, RentalClaimPayload, RentalOfferPayload, RentalRefPayload, RentalResolvePayload } from './types.ts';

/** Payload checks of the rental kinds (spec/ledger.md §8.5), in the order listed there. */

const readMs = (value: CborValue | undefined, path: string): number => readSmallUint(value, path, TIME_MS_MAX);
/** Counts and booking numbers: uints ≤ 2^53 − 1 (`bad_shape`); their ranges are checked apart. */
const readCount = readMs;

function terms(condition: boolean, message: string): void {
  if (!condition) throw new RejectError('bad_rental_terms', message);
}

export function decodeRentalOffer(value: CborValue): RentalOfferPayload {
  const map = readMap(value, 'payload', ['item', 'asset', 'pricePerPeriod', 'periodMs', 'minPeriods', 'maxPeriods', 'deposit', 'arbiter', 'claimWindowMs', 'requires']);
  const payload: RentalOfferPayload = {
    item: readItemId(map.item, 'payload.item'),
    asset: readSymbol(map.asset, 'payload.asset'),
    pricePerPeriod: readAmount(map.pricePerPeriod, 'payload.pricePerPeriod'),
    periodMs: readMs(map.periodMs, 'payload.periodMs'),
    minPeriods: readCount(map.minPeriods, 'payload.minPeriods'),
    maxPeriods: readCount(map.maxPeriods, 'payload.maxPeriods'),
    deposit: optional(map.deposit, (v) => readAmount(v, 'payload.deposit')),
    arbiter: optional(map.arbiter, (v) => readAddress(v, 'payload.arbiter')),
    claimWindowMs: optional(map.claimWindowMs, (v) => readMs(v, 'payload.claimWindowMs')),
  };
  const requires = optional(map.requires, (v) => readCredentialName(v, 'payload.requires'));
  if (requires !== undefined) payload.requires = requires;
  terms(payload.periodMs >= 1 && payload.periodMs <= RENTAL_PERIOD_MS_MAX, `payload.periodMs: 1 to ${RENTAL_PERIOD_MS_MAX} ms`);
  terms(payload.minPeriods >= 1 && payload.minPeriods <= payload.maxPeriods && payload.maxPeriods <= RENTAL_PERIODS_MAX, `payload: 1 ≤ minPeriods ≤ maxPeriods ≤ ${RENTAL_PERIODS_MAX}`);
  terms((payload.arbiter === undefined) === (payload.claimWindowMs === undefined), 'payload: a claim window comes with an arbiter, and an arbiter with a claim window');
  if (payload.claimWindowMs !== undefined) terms(payload.claimWindowMs >= 1 && payload.claimWindowMs <= RENTAL_CLAIM_WINDOW_MS_MAX, `payload.claimWindowMs: 1 to ${RENTAL_CLAIM_WINDOW_MS_MAX} ms`);
  return payload;
}

export function decodeRentalBook(value: CborValue): RentalBookPayload {
  const map = readMap(value, 'payload', ['rental', 'periods', 'startMs']);
  return { rental: readAddress(map.rental, 'payload.rental'), periods: readCount(map.periods, 'payload.periods'), startMs: optional(map.startMs, (v) => readMs(v, 'payload.startMs')) };
}

export function decodeRentalBooking(value: CborValue): RentalBookingPayload {
  const map = readMap(value, 'payload', ['rental', 'booking']);
  return { rental: readAddress(map.rental, 'payload.rental'), booking: readCount(map.booking, 'payload.booking') };
}

export function decodeRentalClaim(value: CborValue): RentalClaimPayload {
  const map = readMap(value, 'payload', ['rental', 'booking', 'reason']);
  return {
    rental: readAddress(map.rental, 'payload.rental'),
    booking: readCount(map.booking, 'payload.booking'),
    reason: optional(map.reason, (v) => readText(v, 'payload.reason', RENTAL_CLAIM_REASON_LENGTH_MAX)),
  };
}

export function decodeRentalResolve(value: CborValue): RentalResolvePayload {
  const map = readMap(value, 'payload', ['rental', 'booking', 'toOwner']);
  return { rental: readAddress(map.rental, 'payload.rental'), booking: readCount(map.booking, 'payload.booking'), toOwner: readUint(map.toOwner, 'payload.toOwner', AMOUNT_MAX) };
}

export function decodeRentalRef(value: CborValue): RentalRefPayload {
  const map = readMap(value, 'payload', ['rental']);
  return { rental: readAddress(map.rental, 'payload.rental') };
}
