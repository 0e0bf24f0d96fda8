import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { consumedNonce } from '../records/item-log.ts';
import { applyEscrowCreate } from '../contracts/escrow.ts';
import type { EscrowCreatePayload } from '../contracts/escrow-types.ts';
import { holdsCredential } from './credential.ts';
import { isListingClosedAt, loadListing, putListing } from './listing-state.ts';
import { putOrder, type Order } from './order-state.ts';
import type { MarketBuyPayload } from './types.ts';

/**
 * `market.buy` (spec/market.md §3): the buyer orders from a listing at the exact version it read. The
 * money goes into an ordinary escrow (buyer pays, seller is payee, refund by default at the handling
 * deadline, the listing's review window, the chosen arbiter with its listed fee and window), whose
 * address is the order id; the escrow kinds carry the order from there on (deliver, release, dispute,
 * resolve, settle), and order-settled.ts reports the trade when it closes.
 *
 * Checks in order: `unknown_listing`, `self_trade`, `listing_closed`, `listing_paused`,
 * `listing_changed`, `not_orderable`, `out_of_stock`, `arbiter_not_offered`, `not_credentialed`
 * (buyer, then seller), `bad_amount` (total overflow), then escrow.create's.
 */
export function applyMarketBuy(view: Overlay, buyer: string, payload: MarketBuyPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const listing = loadListing(view, payload.listing);
  if ('code' in listing) return listing;
  const { terms } = listing;
  if (listing.seller === buyer) return reject('self_trade', `${buyer} is the seller of listing ${listing.address}`);
  if (isListingClosedAt(listing, ctx.timeMs)) return reject('listing_closed', `listing ${listing.address} is ${listing.state === 'closed' ? 'closed' : `expired (at ${terms.expiresAtMs})`}`);
  if (listing.state === 'paused') return reject('listing_paused', `listing ${listing.address} is paused by its seller`);
  if (listing.version !== payload.version) return reject('listing_changed', `listing ${listing.address} is at version ${listing.version}; the order was signed for version ${payload.version}`);
  if (listing.kind !== 'goods' && listing.kind !== 'service') return reject('not_orderable', `a ${listing.kind} listing is bought with ${listing.kind === 'rental' ? 'rental.book' : 'offer.accept'} on ${listing.target}`);
  if (payload.quantity > terms.stock) return reject('out_of_stock', `listing ${listing.address} has ${terms.stock} left; the order asks ${payload.quantity}`);
  const arbiter = payload.arbiter === undefined ? undefined : terms.arbiters.find((a) => a.address === payload.arbiter);
  if (payload.arbiter !== undefined && arbiter === undefined) return reject('arbiter_not_offered', `listing ${listing.address} does not offer ${payload.arbiter} as arbiter`);
  if (terms.requires !== undefined && !holdsCredential(view, terms.requires, buyer, ctx.timeMs)) return reject('not_credentialed', `the listing requires a valid ${terms.requires.type} credential of ${terms.requires.registry}`);
  if (payload.requireSeller !== undefined && !holdsCredential(view, payload.requireSeller, listing.seller, ctx.timeMs)) return reject('not_credentialed', `the seller holds no valid ${payload.requireSeller.type} credential of ${payload.requireSeller.registry}`);
  const total = terms.price.amount * BigInt(payload.quantity);
  if (total > AMOUNT_MAX) return reject('bad_amount', `${payload.quantity} × ${terms.price.amount} is above 2^128 - 1`);
  const escrowPayload: EscrowCreatePayload = {
    payee: listing.seller,
    deadlineMs: ctx.timeMs + terms.handlingMs,
    onExpiry: 'refund',
    tranches: [{ assets: [{ asset: terms.price.asset, amount: total }] }],
    reviewWindowMs: terms.reviewWindowMs,
  };
  if (arbiter !== undefined) {
    escrowPayload.arbiter = arbiter.address;
    escrowPayload.arbiterWindowMs = terms.arbiterWindowMs;
    if (arbiter.fee > 0n) escrowPayload.arbiterFee = { asset: terms.price.asset, amount: arbiter.fee };
  }
  const events = applyEscrowCreate(view, buyer, escrowPayload, ctx);
  if ('code' in events) return events;
  // The escrow's address, as escrow.create derived it (spec/ledger.md §8.1), is the order id.
  const id = contractAddressFor(ctx.chainId, buyer, consumedNonce(view, buyer), 0);
  const order: Order = { id, listing: listing.address, version: listing.version, buyer, seller: listing.seller, quantity: payload.quantity, price: terms.price, total, createdAt: ctx.height };
  if (arbiter !== undefined) order.arbiter = arbiter.address;
  if (payload.note !== undefined) order.note = payload.note;
  putOrder(view, order);
  putListing(view, { ...listing, terms: { ...terms, stock: terms.stock - payload.quantity } });
  view.touch(listing.address);
  const attributes: { [key: string]: string } = { order: id, listing: listing.address, version: String(listing.version), buyer, seller: listing.seller, quantity: String(payload.quantity), asset: terms.price.asset, total: String(total) };
  if (arbiter !== undefined) attributes.arbiter = arbiter.address;
  return [...events, { type: 'market.ordered', attributes }];
}
