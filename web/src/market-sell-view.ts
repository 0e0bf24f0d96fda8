/**
 * The seller's side of the market without a browser (test/web/market-pure.test.ts,
 * test/web/market-sell-pure.test.ts): the sell form as listing terms and a `market.list` payload of
 * any kind — goods, a service, a rental of the key's (§8.5) or an offer of its (§8.3.2) — with an
 * optional required credential; the terms a rental or sale listing must state, read from its target's
 * contract (decision 0012); and the same form filled from a listing's terms for `market.update`,
 * keeping every exact value the seller left as it was (spec/market.md §2).
 */
import { AgoraError, formatAmount, parseAmount, type AccountContractJson, type ContractResponse, type ListingKind, type ListingTerms, type TxPayloads } from '../../src/client/index.ts';
import { fromHex, sha256, utf8 } from '../../src/crypto/hash.ts';
import type { ListingTermsJson } from './market-api.ts';
import { credentialCriteria } from './market-search.ts';

export interface SellForm {
  title: string;
  description: string;
  asset: string;
  /** Whole units per unit of stock, as typed. */
  price: string;
  stock: string;
  handlingHours: string;
  reviewHours: string;
  arbiterHours: string;
  /** One arbiter the seller accepts (empty: none) and its fee in whole units of the price's asset. */
  arbiter: string;
  arbiterFee: string;
  expiresDays: string;
  /** A credential buyers must hold, by registry and type (both or neither). */
  registry: string;
  type: string;
}

export const START_SELL: SellForm = {
  title: '', description: '', asset: 'AGR', price: '', stock: '1', handlingHours: '48', reviewHours: '72', arbiterHours: '96', arbiter: '', arbiterFee: '0', expiresDays: '30', registry: '', type: '',
};

export const SELL_KINDS: readonly ListingKind[] = ['goods', 'service', 'rental', 'sale'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) throw new AgoraError('bad_shape', `${name} is a whole number from ${min} to ${max}`);
  return value;
}

/**
 * The listing terms of the sell form (spec/market.md §2): the terms hash is the SHA-256 of the
 * description (the title when there is none), which the listing carries as its metadata.
 */
export function listingTermsOf(form: SellForm, decimals: number, nowMs: number): ListingTerms {
  const title = form.title.trim().replace(/\s+/g, ' ');
  if (title === '') throw new AgoraError('missing_field', 'the title is empty');
  const description = form.description.trim();
  const price = parseAmount(form.price.trim(), decimals);
  const terms: ListingTerms = {
    title,
    termsHash: sha256(utf8(description === '' ? title : description)),
    price: { asset: form.asset.trim().toUpperCase(), amount: price },
    stock: wholeNumber(form.stock, 'the stock', 0, 1_000_000_000),
    handlingMs: wholeNumber(form.handlingHours, 'the handling time in hours', 1, 366 * 24) * HOUR_MS,
    reviewWindowMs: wholeNumber(form.reviewHours, 'the review window in hours', 1, 366 * 24) * HOUR_MS,
    arbiterWindowMs: wholeNumber(form.arbiterHours, 'the arbiter’s window in hours', 1, 366 * 24) * HOUR_MS,
    arbiters: [],
    expiresAtMs: nowMs + wholeNumber(form.expiresDays, 'the days until it expires', 1, 3660) * DAY_MS,
  };
  if (description !== '') terms.metadata = description;
  const arbiter = form.arbiter.trim();
  if (arbiter !== '') terms.arbiters.push({ address: arbiter, fee: form.arbiterFee.trim() === '' ? 0n : parseAmount(form.arbiterFee.trim(), decimals) });
  const requires = credentialCriteria(form.registry, form.type);
  if (requires.registry !== undefined && requires.type !== undefined) terms.requires = { registry: requires.registry, type: requires.type };
  return terms;
}

/** What a rental or sale listing points at, in words for the form. */
export const TARGET_WORDS: { readonly [K in ListingKind]?: string } = { rental: 'one of your open rentals', sale: 'one of your open offers' };

/** The `market.list` payload: a rental or sale listing names its target, goods and services none (spec/market.md §2). */
export function listPayloadOf(kind: string, target: string, terms: ListingTerms): TxPayloads['market.list'] {
  if (!(SELL_KINDS as readonly string[]).includes(kind)) throw new AgoraError('bad_shape', `no listing kind ${kind}`);
  const listingKind = kind as ListingKind;
  const words = TARGET_WORDS[listingKind];
  if (words === undefined) return { kind: listingKind, terms };
  if (target.trim() === '') throw new AgoraError('missing_target', `a ${kind} listing points at ${words}: choose it`);
  return { kind: listingKind, target: target.trim(), terms };
}

/**
 * The contracts a listing of `kind` may point at, among the key's (GET /v1/accounts/:address/contracts):
 * its open rentals (it is their owner) for a rental, its open offers (it is their maker) for a sale —
 * what `market.list` checks, else `bad_listing_target`.
 */
export function sellTargets(contracts: readonly AccountContractJson[], kind: string): string[] {
  const wanted = kind === 'rental' ? { type: 'rental', role: 'owner' } : kind === 'sale' ? { type: 'offer', role: 'maker' } : undefined;
  if (wanted === undefined) return [];
  return contracts.filter((c) => c.type === wanted.type && c.status === 'open' && c.roles.includes(wanted.role)).map((c) => c.address);
}

/**
 * What a rental or an offer enforces, so what its listing must state (decision 0012, spec/market.md
 * §2): the price (the rental's price per period, the offer's one-asset ask) and the required
 * credential; besides, no arbiter, and a stock of 1 for a sale.
 */
export interface EnforcedTerms {
  kind: 'rental' | 'sale';
  asset: string;
  amount: bigint;
  requires: { registry: string; type: string } | undefined;
}

/** Why the form's price, credential, arbiter (and a sale's stock) are the target's, in one line. */
export const ENFORCED_WORDS: { readonly [K in EnforcedTerms['kind']]: string } = {
  rental: 'Price, asset and credential are the rental’s own, and there is no arbiter: a booking is made with rental.book, which reads the rental, not this listing.',
  sale: 'Price, asset and credential are the offer’s own, with no arbiter and a stock of 1: a buyer accepts the offer with offer.accept, which reads the offer, not this listing.',
};

/**
 * The terms `contract` (GET /v1/contracts/:address) enforces for a listing of `kind`: `bad_listing_target`
 * when it is not a rental (an offer) for a rental (a sale); `terms_not_enforced` for an offer whose
 * ask one price cannot state (items, or not exactly one asset), as the ledger refuses it.
 */
export function enforcedTermsOf(kind: 'rental' | 'sale', contract: ContractResponse): EnforcedTerms {
  if (kind === 'rental') {
    if (contract.type !== 'rental') throw new AgoraError('bad_listing_target', `${contract.address} is not a rental (it is a ${contract.type})`);
    return { kind, asset: contract.asset, amount: BigInt(contract.pricePerPeriod), requires: credentialOf(contract.requires) };
  }
  if (contract.type !== 'offer') throw new AgoraError('bad_listing_target', `${contract.address} is not an offer (it is a ${contract.type})`);
  const [asked, ...more] = contract.ask.assets;
  if (asked === undefined || more.length > 0 || contract.ask.items.length > 0) throw new AgoraError('terms_not_enforced', `offer ${contract.address} asks for items or several assets: one price cannot state it`);
  return { kind, asset: asked.asset, amount: BigInt(asked.amount), requires: credentialOf(contract.requires) };
}

/** A contract's `requires`: null, or absent from a reader older than decision 0012, is none. */
function credentialOf(requires: { registry: string; type: string } | null | undefined): EnforcedTerms['requires'] {
  return requires === null || requires === undefined ? undefined : { registry: requires.registry, type: requires.type };
}

/** The form showing what the target enforces (`decimals`: of its asset); the seller's other fields kept. */
export function lockedFormOf(form: SellForm, enforced: EnforcedTerms, decimals: number): SellForm {
  const locked: SellForm = {
    ...form, asset: enforced.asset, price: formatAmount(enforced.amount, decimals), arbiter: '', arbiterFee: '0', registry: enforced.requires?.registry ?? '', type: enforced.requires?.type ?? '',
  };
  if (enforced.kind === 'sale') locked.stock = '1';
  return locked;
}

/** `terms` with what the target enforces: whatever the form's fields held, the ledger cannot refuse them with terms_not_enforced. */
export function enforceTerms(terms: ListingTerms, enforced: EnforcedTerms | undefined): ListingTerms {
  if (enforced === undefined) return terms;
  const result: ListingTerms = { ...terms, price: { asset: enforced.asset, amount: enforced.amount }, arbiters: [] };
  if (enforced.requires === undefined) delete result.requires;
  else result.requires = { ...enforced.requires };
  if (enforced.kind === 'sale') result.stock = 1;
  return result;
}

/**
 * The terms of a new listing: the form's, and for a rental or sale listing the target's price and
 * credential with no arbiter, whatever those fields hold (`decimals`: of the price's asset, the
 * target's when there is one).
 */
export function sellTermsOf(form: SellForm, decimals: number, nowMs: number, enforced: EnforcedTerms | undefined): ListingTerms {
  return enforceTerms(listingTermsOf(enforced === undefined ? form : lockedFormOf(form, enforced, decimals), decimals, nowMs), enforced);
}

const hoursOf = (ms: number): string => String(Math.max(1, Math.ceil(ms / HOUR_MS)));
const daysLeft = (expiresAtMs: number, nowMs: number): string => String(Math.max(1, Math.ceil((expiresAtMs - nowMs) / DAY_MS)));

/** The sell form filled from a listing's terms, to update it: windows in whole hours, rounded up. */
export function sellFormOf(terms: ListingTermsJson, decimals: number, nowMs: number): SellForm {
  const first = terms.arbiters[0];
  return {
    title: terms.title,
    description: terms.metadata ?? '',
    asset: terms.price.asset,
    price: formatAmount(terms.price.amount, decimals),
    stock: String(terms.stock),
    handlingHours: hoursOf(terms.handlingMs),
    reviewHours: hoursOf(terms.reviewWindowMs),
    arbiterHours: hoursOf(terms.arbiterWindowMs),
    arbiter: first?.address ?? '',
    arbiterFee: first === undefined ? '0' : formatAmount(first.fee, decimals),
    expiresDays: daysLeft(terms.expiresAtMs, nowMs),
    registry: terms.requires?.registry ?? '',
    type: terms.requires?.type ?? '',
  };
}

/**
 * The terms of `market.update` from the form filled by sellFormOf and edited: what the seller left as
 * shown keeps its exact value (a window of 90 minutes shown as 2 hours stays 90 minutes, the expiry
 * does not move, the terms hash of an unchanged description stays — it may hash a document the
 * description only names); the form's arbiter replaces the first, the others stay. A rental or sale
 * listing (`enforced`: its target's terms) states the target's price and credential and no arbiter.
 */
export function updatedTermsOf(form: SellForm, original: ListingTermsJson, decimals: number, nowMs: number, enforced?: EnforcedTerms): ListingTerms {
  const shown = sellFormOf(original, decimals, nowMs);
  const terms = listingTermsOf(enforced === undefined ? form : lockedFormOf(form, enforced, decimals), decimals, nowMs);
  const same = (name: keyof SellForm): boolean => form[name].trim() === shown[name];
  if (same('handlingHours')) terms.handlingMs = original.handlingMs;
  if (same('reviewHours')) terms.reviewWindowMs = original.reviewWindowMs;
  if (same('arbiterHours')) terms.arbiterWindowMs = original.arbiterWindowMs;
  if (same('expiresDays') && original.expiresAtMs > nowMs) terms.expiresAtMs = original.expiresAtMs;
  if (same('description')) {
    terms.termsHash = fromHex(original.termsHash);
    if (original.metadata === null) delete terms.metadata;
    else terms.metadata = original.metadata;
  }
  const others = original.arbiters.slice(1).filter((a) => !terms.arbiters.some((mine) => mine.address === a.address));
  terms.arbiters.push(...others.map((a) => ({ address: a.address, fee: BigInt(a.fee) })));
  return enforceTerms(terms, enforced);
}

/** The listing a committed `market.list` created, from its event. */
export function listedAddress(events: readonly { type: string; attributes: { [name: string]: string } }[]): string | undefined {
  return events.find((event) => event.type === 'market.listed')?.attributes.listing;
}
