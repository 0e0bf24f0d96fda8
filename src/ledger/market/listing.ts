import { reject, type Rejection } from '../errors.ts';
import { MARKET_LISTING_BOND } from '../limits.ts';
import { consumedNonce } from '../records/item-log.ts';
import { getRegistry } from '../records/registry-state.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, getBalance } from '../accounts/balances.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { payAsset } from '../accounts/payout.ts';
import { loadOffer } from '../contracts/offer-state.ts';
import { getRental } from '../contracts/rental/state.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import { loadListing, putListing, type Listing } from './listing-state.ts';
import type { CredentialName, ListingKind, ListingTerms, MarketClosePayload, MarketListPayload, MarketPausePayload, MarketUpdatePayload } from './types.ts';

/**
 * Listings (spec/market.md §2): a contract account holding the seller's refundable bond, with terms
 * that `market.update` replaces (version + 1), `market.pause` suspends and `market.close` ends (the
 * bond returns). Orders are market/order.ts.
 */

/** The terms' state checks, in order: `deadline_passed`, `unknown_asset`, `bad_parties`, `unknown_registry`. */
function checkTerms(view: Overlay, seller: string, terms: ListingTerms, ctx: BlockContext): Rejection | undefined {
  if (terms.expiresAtMs <= ctx.timeMs) return reject('deadline_passed', `the listing's expiry ${terms.expiresAtMs} is not after the block time ${ctx.timeMs}`);
  if (getAsset(view, terms.price.asset) === undefined) return reject('unknown_asset', `no asset ${terms.price.asset}`);
  if (terms.arbiters.some((a) => a.address === seller)) return reject('bad_parties', 'the seller cannot arbitrate its own orders');
  if (terms.requires !== undefined && getRegistry(view, terms.requires.registry) === undefined) return reject('unknown_registry', `no registry ${terms.requires.registry}`);
  return undefined;
}

/** A rental listing points at an open rental of the seller; a sale at an open offer the seller made. */
function checkTarget(view: Overlay, seller: string, payload: MarketListPayload): Rejection | undefined {
  if (payload.target === undefined) return undefined;
  if (payload.kind === 'rental') {
    const rental = getRental(view, payload.target);
    if (rental === undefined || rental.owner !== seller || rental.status !== 'open') return reject('bad_listing_target', `${payload.target} is not an open rental of ${seller}`);
    return undefined;
  }
  const offer = loadOffer(view, payload.target);
  if ('code' in offer || offer.maker !== seller || offer.state !== 'open') return reject('bad_listing_target', `${payload.target} is not an open offer made by ${seller}`);
  return undefined;
}

const sameCredential = (a: CredentialName | undefined, b: CredentialName | undefined): boolean => a?.registry === b?.registry && a?.type === b?.type;

/**
 * A rental or sale listing is a pointer: rental.book and offer.accept read the target, never the
 * listing, so its terms may state only what the target holds (decision 0012) → `terms_not_enforced`:
 * the same required credential; the price is the rental's price per period, or the offer's whole ask
 * (one asset, no item); no arbiter (a rental's claims go to the rental's own arbiter); a sale's stock
 * is 1 (an offer is accepted once). A rental's stock and the three windows are not read by anything.
 */
function checkTargetTerms(view: Overlay, kind: ListingKind, target: string | undefined, terms: ListingTerms): Rejection | undefined {
  if (target === undefined) return undefined;
  const refuse = (what: string): Rejection => reject('terms_not_enforced', `${what}: a ${kind} listing states only what its ${kind === 'rental' ? 'rental' : 'offer'} ${target} enforces`);
  if (terms.arbiters.length > 0) return refuse('arbiters');
  if (kind === 'rental') {
    const rental = getRental(view, target);
    if (rental === undefined) return refuse('no rental');
    if (!sameCredential(terms.requires, rental.requires)) return refuse('the required credential');
    if (terms.price.asset !== rental.asset || terms.price.amount !== rental.pricePerPeriod) return refuse(`the price (the rental asks ${rental.pricePerPeriod} ${rental.asset} a period)`);
    return undefined;
  }
  const offer = loadOffer(view, target);
  if ('code' in offer) return refuse('no offer');
  if (!sameCredential(terms.requires, offer.requires)) return refuse('the required credential');
  const asked = offer.ask.assets ?? [];
  if (offer.ask.items !== undefined || asked.length !== 1 || asked[0].asset !== terms.price.asset || asked[0].amount !== terms.price.amount) return refuse('the price (the offer\'s ask, one asset and no item)');
  if (terms.stock !== 1) return refuse('a stock other than 1');
  return undefined;
}

function listingEvent(type: string, listing: Listing, extra: { [key: string]: string } = {}): LedgerEvent {
  return { type, attributes: { listing: listing.address, seller: listing.seller, ...extra } };
}

/**
 * Checks in order: the terms' (`deadline_passed`, `unknown_asset`, `bad_parties`, `unknown_registry`),
 * `bad_listing_target`, `terms_not_enforced`, the bond (`insufficient_balance`), the address checks of spec/ledger.md §8.1.
 */
export function applyMarketList(view: Overlay, seller: string, payload: MarketListPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const refused = checkTerms(view, seller, payload.terms, ctx) ?? checkTarget(view, seller, payload) ?? checkTargetTerms(view, payload.kind, payload.target, payload.terms);
  if (refused !== undefined) return refused;
  const native = ctx.params.nativeAsset;
  const held = getBalance(view, seller, native);
  if (held < MARKET_LISTING_BOND) return reject('insufficient_balance', `a listing holds a bond of ${MARKET_LISTING_BOND} ${native}; ${seller} has ${held}`);
  const address = contractAddressFor(ctx.chainId, seller, consumedNonce(view, seller), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const listing: Listing = { address, seller, kind: payload.kind, version: 1, state: 'active', bond: MARKET_LISTING_BOND, bondAsset: native, terms: payload.terms, createdAt: ctx.height };
  if (payload.target !== undefined) listing.target = payload.target;
  putListing(view, listing);
  view.touch(address, payload.target);
  const events = returnStrays(view, address, seller, strays, ctx, 'market.list');
  const attributes: { [key: string]: string } = { kind: listing.kind, version: '1', bond: String(listing.bond) };
  if (listing.target !== undefined) attributes.target = listing.target;
  events.push(listingEvent('market.listed', listing, attributes));
  events.push(...payAsset(view, seller, address, native, listing.bond));
  return events;
}

/** `unknown_listing`, `wrong_party` (not the seller), `listing_closed`. */
function loadOwnListing(view: Overlay, address: string, signer: string): Listing | Rejection {
  const listing = loadListing(view, address);
  if ('code' in listing) return listing;
  if (listing.seller !== signer) return reject('wrong_party', `only the seller of listing ${address} may do this`);
  if (listing.state === 'closed') return reject('listing_closed', `listing ${address} is closed`);
  return listing;
}

/** Checks in order: `unknown_listing`, `wrong_party`, `listing_closed`, the terms', `terms_not_enforced`. Effects: new terms, version + 1. */
export function applyMarketUpdate(view: Overlay, signer: string, payload: MarketUpdatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const listing = loadOwnListing(view, payload.listing, signer);
  if ('code' in listing) return listing;
  const refused = checkTerms(view, signer, payload.terms, ctx) ?? checkTargetTerms(view, listing.kind, listing.target, payload.terms);
  if (refused !== undefined) return refused;
  const updated = { ...listing, terms: payload.terms, version: listing.version + 1 };
  putListing(view, updated);
  view.touch(listing.address);
  return [listingEvent('market.updated', updated, { version: String(updated.version) })];
}

/** Checks in order: `unknown_listing`, `wrong_party`, `listing_closed`. Effects: paused or active again. */
export function applyMarketPause(view: Overlay, signer: string, payload: MarketPausePayload): Rejection | LedgerEvent[] {
  const listing = loadOwnListing(view, payload.listing, signer);
  if ('code' in listing) return listing;
  putListing(view, { ...listing, state: payload.paused ? 'paused' : 'active' });
  view.touch(listing.address);
  return [listingEvent('market.paused', listing, { paused: String(payload.paused) })];
}

/** Checks in order: `unknown_listing`, `wrong_party`, `listing_closed`. Effects: the bond returns to the seller; closed. */
export function applyMarketClose(view: Overlay, signer: string, payload: MarketClosePayload): Rejection | LedgerEvent[] {
  const listing = loadOwnListing(view, payload.listing, signer);
  if ('code' in listing) return listing;
  putListing(view, { ...listing, state: 'closed' });
  view.touch(listing.address);
  return [listingEvent('market.closed', listing), ...payAsset(view, listing.address, listing.seller, listing.bondAsset, listing.bond)];
}
