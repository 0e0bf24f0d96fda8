import { reject, type Rejection } from '../errors.ts';
import { consumedNonce } from '../records/item-log.ts';
import { getItem } from '../records/item-state.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset } from '../accounts/balances.ts';
import { getRegistry } from '../records/registry-state.ts';
import { holdsCredential } from '../market/credential.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { checkCanGive, checkHeldItems, give } from './holding.ts';
import { loadOffer, putOffer, type Offer } from './offer-state.ts';
import type { OfferCreatePayload, OfferRefPayload } from './swap-types.ts';
import { checkStrays, returnStrays } from './stray.ts';
import type { Holding } from './value-types.ts';
// reputation (spec/reputation.md): an accepted offer is a trade
import { recordTrade } from '../market/trades.ts';
import { offerTrade } from '../market/trades-settlements.ts';

/**
 * Offers (spec/ledger.md §8.3), the two-step swap: the maker locks what it gives in a contract account;
 * the named counterparty, or anyone when none is named, accepts before the deadline by giving what is
 * asked, in the same tx that hands over the locked value. The maker may cancel at any time while the
 * offer is open; after the deadline nobody can accept, and the maker reclaims by cancelling — nothing
 * runs per block.
 */

/** What is asked must exist: each asset (`unknown_asset`), then each item (`unknown_item`), in order. */
function checkAskExists(view: Overlay, ask: Holding): Rejection | undefined {
  for (const { asset } of ask.assets ?? []) if (getAsset(view, asset) === undefined) return reject('unknown_asset', `no asset ${asset}`);
  for (const id of ask.items ?? []) if (getItem(view, id) === undefined) return reject('unknown_item', `no item ${id}`);
  return undefined;
}

/** The registry of a required credential exists (`unknown_registry`). */
function checkRequiredRegistry(view: Overlay, payload: OfferCreatePayload): Rejection | undefined {
  if (payload.requires === undefined || getRegistry(view, payload.requires.registry) !== undefined) return undefined;
  return reject('unknown_registry', `no registry ${payload.requires.registry}`);
}

function parties(offer: Pick<Offer, 'address' | 'maker' | 'counterparty'>): { [key: string]: string } {
  const attributes: { [key: string]: string } = { offer: offer.address, maker: offer.maker };
  if (offer.counterparty !== undefined) attributes.counterparty = offer.counterparty;
  return attributes;
}

/** Every tx on an offer touches its account, its maker and its named counterparty. */
function touchParties(view: Overlay, offer: Pick<Offer, 'address' | 'maker' | 'counterparty'>): void {
  view.touch(offer.address, offer.maker, offer.counterparty);
}

/**
 * Checks in order: the counterparty is not the maker (`bad_parties`); the deadline is after the block
 * time (`deadline_passed`); what is asked exists (`unknown_asset`, `unknown_item`); the required
 * credential's registry exists (`unknown_registry`); the maker can give
 * `give` (`unknown_asset`, `insufficient_balance`, `unknown_item`, `item_retired`, `item_locked`,
 * `not_owner`, `too_many_events`); then what the offer's address already holds may move out
 * (stray.ts checkStrays). Effects: that goes to the maker; the record, open; `give` moves to the
 * offer's address.
 */
export function applyOfferCreate(view: Overlay, maker: string, payload: OfferCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  if (payload.counterparty === maker) return reject('bad_parties', 'the counterparty of an offer is not its maker');
  if (payload.deadlineMs <= ctx.timeMs) return reject('deadline_passed', `the deadline ${payload.deadlineMs} is not after the block time ${ctx.timeMs}`);
  const refused = checkAskExists(view, payload.ask) ?? checkRequiredRegistry(view, payload) ?? checkCanGive(view, maker, [payload.give]);
  if (refused !== undefined) return refused;
  const address = contractAddressFor(ctx.chainId, maker, consumedNonce(view, maker), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const offer: Offer = { address, maker, counterparty: payload.counterparty, give: payload.give, ask: payload.ask, deadlineMs: payload.deadlineMs, state: 'open', createdAt: ctx.height };
  if (payload.requires !== undefined) offer.requires = payload.requires;
  putOffer(view, offer);
  touchParties(view, offer);
  const returned = returnStrays(view, address, maker, strays, ctx, 'offer.create');
  return [...returned, { type: 'offer.created', attributes: { ...parties(offer), deadlineMs: String(offer.deadlineMs) } }, ...give(view, maker, address, payload.give, maker, ctx, 'offer.create')];
}

/** `unknown_contract`, then `wrong_party` (`allowed` refuses the signer), then `contract_closed`. */
function loadOpenOffer(view: Overlay, address: string, signer: string, allowed: (offer: Offer) => string | undefined): Offer | Rejection {
  const offer = loadOffer(view, address);
  if ('code' in offer) return offer;
  const wrong = allowed(offer);
  if (wrong !== undefined) return reject('wrong_party', wrong);
  if (offer.state !== 'open') return reject('contract_closed', `offer ${address} is ${offer.state}`);
  return offer;
}

/**
 * By the counterparty, or by anyone but the maker when none is named. Checks in order:
 * `unknown_contract`, `wrong_party`, `contract_closed`, the deadline has not come (`deadline_passed`),
 * the acceptor holds the offer's required credential, if any, valid (`not_credentialed`), the acceptor can give `ask` (`unknown_asset`, `insufficient_balance`, `unknown_item`, `item_retired`,
 * `item_locked`, `not_owner`, `too_many_events`), the offered items have history room
 * (`too_many_events`). Effects: `ask` moves from the acceptor to the maker, then `give` from the offer
 * to the acceptor; the offer is accepted.
 */
export function applyOfferAccept(view: Overlay, taker: string, payload: OfferRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const offer = loadOpenOffer(view, payload.offer, taker, (o) => {
    if (taker === o.maker) return 'the maker cannot accept its own offer';
    if (o.counterparty !== undefined && taker !== o.counterparty) return `only ${o.counterparty} may accept offer ${o.address}`;
    return undefined;
  });
  if ('code' in offer) return offer;
  if (ctx.timeMs >= offer.deadlineMs) return reject('deadline_passed', `offer ${offer.address} could be accepted until ${offer.deadlineMs}; the block time is ${ctx.timeMs}`);
  if (offer.requires !== undefined && !holdsCredential(view, offer.requires, taker, ctx.timeMs)) return reject('not_credentialed', `offer ${offer.address} requires a valid ${offer.requires.type} credential of ${offer.requires.registry}`);
  const refused = checkCanGive(view, taker, [offer.ask]) ?? checkHeldItems(view, [offer.give]);
  if (refused !== undefined) return refused;
  const events: LedgerEvent[] = [{ type: 'offer.accepted', attributes: { ...parties(offer), taker } }];
  events.push(...give(view, taker, offer.maker, offer.ask, taker, ctx, 'offer.accept'));
  events.push(...give(view, offer.address, taker, offer.give, taker, ctx, 'offer.accept'));
  putOffer(view, { ...offer, state: 'accepted' });
  touchParties(view, offer);
  events.push(recordTrade(view, offerTrade(offer, taker, ctx.params.nativeAsset, ctx.height)));
  return events;
}

/**
 * By the maker, before or after the deadline (after it, this is how the maker reclaims). Checks in
 * order: `unknown_contract`, `wrong_party`, `contract_closed`, `too_many_events`. Effects: `give`
 * returns to the maker; the offer is cancelled.
 */
export function applyOfferCancel(view: Overlay, signer: string, payload: OfferRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const offer = loadOpenOffer(view, payload.offer, signer, (o) => (signer === o.maker ? undefined : `only the maker ${o.maker} may cancel offer ${o.address}`));
  if ('code' in offer) return offer;
  const full = checkHeldItems(view, [offer.give]);
  if (full !== undefined) return full;
  const events: LedgerEvent[] = [{ type: 'offer.cancelled', attributes: { ...parties(offer), expired: String(ctx.timeMs >= offer.deadlineMs) } }];
  events.push(...give(view, offer.address, offer.maker, offer.give, signer, ctx, 'offer.cancel'));
  putOffer(view, { ...offer, state: 'cancelled' });
  touchParties(view, offer);
  return events;
}
