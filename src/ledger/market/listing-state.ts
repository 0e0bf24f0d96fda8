import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX, HEIGHT_MAX } from '../limits.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import type { Overlay, StateReader } from '../state.ts';
import { encodeTerms, readTerms } from './listing-decode.ts';
import type { ListingKind, ListingTerms } from './types.ts';

/**
 * A listing's record at `contract/<address>` (spec/market.md §2):
 *   { type: "listing", seller, kind, target?, version, state, bond, terms, createdAt }
 * The listing account holds exactly `bond` of the native asset while not closed (contracts/owed.ts).
 */
export type ListingState = 'active' | 'paused' | 'closed';

export interface Listing {
  address: string;
  seller: string;
  kind: ListingKind;
  target?: string;
  version: number;
  state: ListingState;
  /** In base units of the native asset. */
  bond: bigint;
  /** The native asset's symbol when the bond was taken: the bond returns in it. */
  bondAsset: string;
  terms: ListingTerms;
  createdAt: number;
}

const STATES: readonly ListingState[] = ['active', 'paused', 'closed'];
const KINDS: readonly ListingKind[] = ['goods', 'service', 'rental', 'sale'];

export function encodeListing(listing: Listing): { [key: string]: CborValue } & { type: 'listing' } {
  const record: { [key: string]: CborValue } & { type: 'listing' } = {
    type: 'listing',
    seller: listing.seller,
    kind: listing.kind,
    version: listing.version,
    state: listing.state,
    bond: listing.bond,
    bondAsset: listing.bondAsset,
    terms: encodeTerms(listing.terms),
    createdAt: listing.createdAt,
  };
  if (listing.target !== undefined) record.target = listing.target;
  return record;
}

export function decodeListing(address: string, value: CborValue): Listing {
  const map = readMap(value, 'listing', ['type', 'seller', 'kind', 'target', 'version', 'state', 'bond', 'bondAsset', 'terms', 'createdAt']);
  const state = readString(map.state, 'listing.state', 8) as ListingState;
  const kind = readString(map.kind, 'listing.kind', 8) as ListingKind;
  invariant(STATES.includes(state) && KINDS.includes(kind), `listing ${address}: state ${state}, kind ${kind}`);
  const listing: Listing = {
    address,
    seller: readString(map.seller, 'listing.seller', 90),
    kind,
    version: readSmallUint(map.version, 'listing.version', HEIGHT_MAX),
    state,
    bond: readUint(map.bond, 'listing.bond', AMOUNT_MAX),
    bondAsset: readString(map.bondAsset, 'listing.bondAsset', 12),
    terms: readTerms(map.terms, 'listing.terms'),
    createdAt: readSmallUint(map.createdAt, 'listing.createdAt', HEIGHT_MAX),
  };
  const target = optional(map.target, (v) => readString(v, 'listing.target', 90));
  if (target !== undefined) listing.target = target;
  return listing;
}

/** The listing at `address`, or `unknown_listing`. */
export function loadListing(view: StateReader, address: string): Listing | Rejection {
  const contract = getContractRecord(view, address);
  if (contract === undefined || contract.type !== 'listing') return reject('unknown_listing', `no listing at ${address}`);
  return decodeListing(address, contract.record);
}

export function putListing(view: Overlay, listing: Listing): void {
  putContractRecord(view, listing.address, encodeListing(listing));
}

/** Closed, or past its expiry: nobody may order from it (spec/market.md §3 step 3). */
export function isListingClosedAt(listing: Listing, timeMs: number): boolean {
  return listing.state === 'closed' || timeMs >= listing.terms.expiresAtMs;
}
