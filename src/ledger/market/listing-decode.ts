import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBool, readBytes, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { AMOUNT_MAX, MARKET_ARBITERS_MAX, MARKET_METADATA_LENGTH_MAX, MARKET_STOCK_MAX, MARKET_TITLE_LENGTH_MAX, MARKET_TITLE_WORDS_MAX } from '../limits.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import { readText } from '../records/payload-fields.ts';
import { readTimeMs } from '../contracts/payload-fields.ts';
import { readWindowMs } from '../contracts/escrow-decode.ts';
import { readCredentialName } from './credential-decode.ts';
import type { ListingKind, ListingTerms, MarketClosePayload, MarketListPayload, MarketPausePayload, MarketUpdatePayload } from './types.ts';

/** The payloads of the listing kinds (spec/market.md §2): the codec half (market/listing.ts applies them). */

const KINDS: readonly ListingKind[] = ['goods', 'service', 'rental', 'sale'];
const TERMS_FIELDS = ['title', 'termsHash', 'metadata', 'price', 'stock', 'handlingMs', 'reviewWindowMs', 'arbiterWindowMs', 'arbiters', 'requires', 'expiresAtMs'];
// A word is a run of printable characters without spaces; words are joined by single spaces.
const TITLE_PATTERN = /^[^\s\p{Cc}]+( [^\s\p{Cc}]+)*$/u;

/** 1–120 characters, 1–16 words separated by single spaces, no control character: else `bad_metadata`. */
export function readTitle(value: CborValue | undefined, path: string): string {
  const title = readText(value, path, MARKET_TITLE_LENGTH_MAX);
  if (!TITLE_PATTERN.test(title)) throw new RejectError('bad_metadata', `${path}: 1 or more words separated by single spaces, no control characters`);
  const words = title.split(' ').length;
  if (words > MARKET_TITLE_WORDS_MAX) throw new RejectError('bad_metadata', `${path}: at most ${MARKET_TITLE_WORDS_MAX} words, got ${words}`);
  return title;
}

export function readTerms(value: CborValue | undefined, path: string): ListingTerms {
  const map = readMap(value, path, TERMS_FIELDS);
  const title = readTitle(map.title, `${path}.title`);
  const termsHash = readBytes(map.termsHash, `${path}.termsHash`, 32);
  const metadata = optional(map.metadata, (v) => readText(v, `${path}.metadata`, MARKET_METADATA_LENGTH_MAX));
  const priceMap = readMap(map.price, `${path}.price`, ['asset', 'amount']);
  const price = { asset: readSymbol(priceMap.asset, `${path}.price.asset`), amount: readAmount(priceMap.amount, `${path}.price.amount`) };
  const stock = readSmallUint(map.stock, `${path}.stock`, MARKET_STOCK_MAX);
  const handlingMs = readWindowMs(map.handlingMs, `${path}.handlingMs`);
  const reviewWindowMs = readWindowMs(map.reviewWindowMs, `${path}.reviewWindowMs`);
  const arbiterWindowMs = readWindowMs(map.arbiterWindowMs, `${path}.arbiterWindowMs`);
  const arbiters = readArray(map.arbiters, `${path}.arbiters`, 0, MARKET_ARBITERS_MAX).map((entry, i) => {
    const arbiter = readMap(entry, `${path}.arbiters[${i}]`, ['address', 'fee']);
    return { address: readAddress(arbiter.address, `${path}.arbiters[${i}].address`), fee: readUint(arbiter.fee, `${path}.arbiters[${i}].fee`, AMOUNT_MAX) };
  });
  if (new Set(arbiters.map((a) => a.address)).size !== arbiters.length) throw new RejectError('bad_shape', `${path}.arbiters: an arbiter twice`);
  const requires = optional(map.requires, (v) => readCredentialName(v, `${path}.requires`));
  const expiresAtMs = readTimeMs(map.expiresAtMs, `${path}.expiresAtMs`);
  const terms: ListingTerms = { title, termsHash, price, stock, handlingMs, reviewWindowMs, arbiterWindowMs, arbiters, expiresAtMs };
  if (metadata !== undefined) terms.metadata = metadata;
  if (requires !== undefined) terms.requires = requires;
  return terms;
}

/** An encoded form of terms, the inverse of readTerms (records and the SDK). */
export function encodeTerms(terms: ListingTerms): { [key: string]: CborValue } {
  const out: { [key: string]: CborValue } = {
    title: terms.title,
    termsHash: terms.termsHash,
    price: { asset: terms.price.asset, amount: terms.price.amount },
    stock: terms.stock,
    handlingMs: terms.handlingMs,
    reviewWindowMs: terms.reviewWindowMs,
    arbiterWindowMs: terms.arbiterWindowMs,
    arbiters: terms.arbiters.map((a) => ({ address: a.address, fee: a.fee })),
    expiresAtMs: terms.expiresAtMs,
  };
  if (terms.metadata !== undefined) out.metadata = terms.metadata;
  if (terms.requires !== undefined) out.requires = { registry: terms.requires.registry, type: terms.requires.type };
  return out;
}

export function decodeMarketList(value: CborValue): MarketListPayload {
  const map = readMap(value, 'payload', ['kind', 'target', 'terms']);
  const kind = readString(map.kind, 'payload.kind', 8) as ListingKind;
  if (!KINDS.includes(kind)) throw new RejectError('bad_shape', `payload.kind: one of ${KINDS.join(', ')}`);
  const target = optional(map.target, (v) => readAddress(v, 'payload.target'));
  if ((target !== undefined) !== (kind === 'rental' || kind === 'sale')) throw new RejectError('bad_shape', 'payload.target: present exactly for a rental (its rental) or a sale (its offer)');
  const payload: MarketListPayload = { kind, terms: readTerms(map.terms, 'payload.terms') };
  if (target !== undefined) payload.target = target;
  return payload;
}

export function decodeMarketUpdate(value: CborValue): MarketUpdatePayload {
  const map = readMap(value, 'payload', ['listing', 'terms']);
  return { listing: readAddress(map.listing, 'payload.listing'), terms: readTerms(map.terms, 'payload.terms') };
}

export function decodeMarketPause(value: CborValue): MarketPausePayload {
  const map = readMap(value, 'payload', ['listing', 'paused']);
  return { listing: readAddress(map.listing, 'payload.listing'), paused: readBool(map.paused, 'payload.paused') };
}

export function decodeMarketClose(value: CborValue): MarketClosePayload {
  const map = readMap(value, 'payload', ['listing']);
  return { listing: readAddress(map.listing, 'payload.listing') };
}
