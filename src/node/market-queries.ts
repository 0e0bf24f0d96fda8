import type { ContractClock, CredentialJson, CredentialsResponse, ListingContractJson, ListingsResponse, MarketListingResponse, OrderJson, OrdersResponse } from '../wire/types.ts';
import { getContractRecord } from '../ledger/accounts/contract-account.ts';
import { decodeEscrow } from '../ledger/contracts/escrow-state.ts';
import { getRental } from '../ledger/contracts/rental/state.ts';
import { AMOUNT_MAX, RECORD_NAME_PATTERN, RENTAL_BOOKING_AHEAD_MS_MAX } from '../ledger/limits.ts';
import { getCredential } from '../ledger/market/credential.ts';
import { decodeListing, isListingClosedAt, type Listing } from '../ledger/market/listing-state.ts';
import { orderStanding } from '../ledger/market/order-phase.ts';
import { PPM, reputationScore } from '../ledger/market/reputation-score.ts';
import { getAggregates } from '../ledger/market/reputation-state.ts';
import { getOrder, type Order } from '../ledger/market/order-state.ts';
import type { ListingKind } from '../ledger/market/types.ts';
import { toHex } from '../crypto/hash.ts';
import { queryContract } from './contracts-queries.ts';
import { NodeError } from './errors.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { titleWords } from './market-index.ts';
import { checkAddress, checkSymbol } from './queries.ts';
import { decodeTx, isRejection } from '../ledger/tx.ts';
import type { NodeReader } from './reader.ts';
import type { StoreReader } from './store-port.ts';
import { indexPage } from './index-page.ts';
import { LISTINGS_SCAN_MAX } from '../wire/limits.ts';

/**
 * The read side of the market (spec/market.md §6, spec/api.md §4 "Market"): plain functions over the
 * committed state and its `state-index` keys (spec/store.md, written at commit by market-index.ts),
 * returning the JSON shapes of src/wire/market.ts. Each request visits a bounded number of index
 * entries (LISTINGS_SCAN_MAX) and pages with a cursor; phases are computed with the ledger's own
 * `orderStanding` at the latest block time, writing nothing. Bad input throws NodeError with its code.
 * Each query is synchronous, start to end: no await lets a commit land between its reads. The
 * listing search, whose scan is the longest (LISTINGS_SCAN_MAX listings decoded, a score or a rental
 * read for each), and the arbiter's queue (up to LISTINGS_SCAN_MAX entries, an order, escrow and
 * listing read for each of a page) run on the node's read thread (report-worker.ts,
 * listing-searches.ts, thread-reads.ts), never on the thread that runs consensus (issue 14); the other
 * queries read a few records and run where asked.
 */

/** Txs of a listing looked at to find the one that listed it (its seller's public key). */
const LISTING_TXS_LOOKED_AT = 16;

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) throw new NodeError('bad_request', `limit: 1 to ${PAGE_LIMIT_MAX}`);
}

function checkName(name: string, what: string): string {
  if (!RECORD_NAME_PATTERN.test(name)) throw new NodeError('bad_name', `${what}: 1-32 characters of a-z, 0-9, ".", "-", starting with a letter`);
  return name;
}

function checkAmount(text: string | undefined, what: string): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,38})$/.test(text) || BigInt(text) > AMOUNT_MAX) throw new NodeError('bad_amount', `${what}: a whole number of base units, 0 to 2^128 − 1`);
  return BigInt(text);
}

function loadListingAt(node: { readonly store: StoreReader }, address: string): Listing | undefined {
  const found = getContractRecord(node.store, address);
  return found === undefined || found.type !== 'listing' ? undefined : decodeListing(address, found.record);
}

function listingJson(node: { readonly store: StoreReader }, at: ContractClock, address: string): ListingContractJson {
  const view = queryContract(node.store, at, address);
  if (view === undefined || view.type !== 'listing') throw new NodeError('internal', `the index names listing ${address}, which has no listing record`);
  return view;
}

/**
 * The seller's Ed25519 public key, from the market.list tx that created the listing (a buyer seals its
 * note to it): among the listing's txs at its creation height, the one its seller signed. One block read.
 */
function sellerPublicKey(node: NodeReader, listing: Listing): string | null {
  const txs = node.store.txsOfAddress(listing.address, LISTING_TXS_LOOKED_AT, { height: listing.createdAt + 1, index: 0 }).filter((tx) => tx.height === listing.createdAt);
  const block = txs.length === 0 ? undefined : node.store.getBlock(listing.createdAt)?.block;
  for (const { index } of txs) {
    const bytes = block?.txs[index];
    const decoded = bytes === undefined ? undefined : decodeTx(bytes);
    if (decoded === undefined || isRejection(decoded)) throw new NodeError('internal', `tx ${listing.createdAt}.${index} is indexed for listing ${listing.address} but does not decode`);
    const { body } = decoded.tx;
    if (body.kind === 'market.list' && decoded.signerAddresses[0] === listing.seller) return toHex(body.signers[0].publicKey);
  }
  return null;
}

/** A listing and its seller's public key, or undefined when no listing is at `address`. */
export function queryListing(node: NodeReader, at: ContractClock, address: string): MarketListingResponse | undefined {
  checkAddress(address);
  const listing = loadListingAt(node, address);
  if (listing === undefined) return undefined;
  return { listing: listingJson(node, at, address), sellerPublicKey: sellerPublicKey(node, listing) };
}

export interface ListingSearch {
  q?: string;
  kind?: ListingKind;
  asset?: string;
  minPrice?: string;
  maxPrice?: string;
  registry?: string;
  type?: string;
  seller?: string;
  /** The seller's reputation score (spec/reputation.md §3) at least this, in ppm, 0 to 1 000 000. */
  minScore?: string;
  /** With `availableUntil`: rental listings whose rental could be booked for all of [from, until), block time in ms. */
  availableFrom?: string;
  availableUntil?: string;
}

/** A search's criteria once checked, each parsed (`checkSearch`). */
interface SearchCriteria {
  words: string[];
  kind?: ListingKind;
  asset?: string;
  seller?: string;
  minPrice?: bigint;
  maxPrice?: bigint;
  requires?: { registry: string; type: string };
  minScore?: bigint;
  span?: { fromMs: number; untilMs: number };
}

interface SearchPlan {
  /** The index prefix scanned: the most selective criterion given. */
  prefix: string;
  matches: (listing: Listing) => boolean;
}

function checkScore(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,6})$/.test(text) || BigInt(text) > PPM) throw new NodeError('bad_request', 'minScore: a score in parts per million, 0 to 1000000');
  return BigInt(text);
}

/**
 * `seller → score ≥ minScore`, read from the committed `rep/<seller>` aggregates (spec/reputation.md
 * §3): one state read per distinct seller of the request, kept for its other listings, so a request
 * stays within LISTINGS_SCAN_MAX listing reads plus as many aggregate reads. A seller without a score
 * (no native value weighs in yet) meets no `minScore`, not even 0.
 */
function sellerScoreAtLeast(store: StoreReader, minScore: bigint): (seller: string) => boolean {
  const known = new Map<string, boolean>();
  return (seller) => {
    let meets = known.get(seller);
    if (meets === undefined) {
      const score = reputationScore(getAggregates(store, seller));
      meets = score !== null && score >= minScore;
      known.set(seller, meets);
    }
    return meets;
  };
}

function checkTimeMs(text: string, what: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) throw new NodeError('bad_request', `${what}: a block time in ms`);
  return Number(text);
}

/** [from, until) of a rental-dates search, or undefined without one. */
function checkSpan(search: ListingSearch): { fromMs: number; untilMs: number } | undefined {
  if ((search.availableFrom === undefined) !== (search.availableUntil === undefined)) throw new NodeError('bad_request', 'availableFrom and availableUntil name a span together');
  if (search.availableFrom === undefined || search.availableUntil === undefined) return undefined;
  const fromMs = checkTimeMs(search.availableFrom, 'availableFrom');
  const untilMs = checkTimeMs(search.availableUntil, 'availableUntil');
  if (untilMs <= fromMs) throw new NodeError('bad_request', 'availableUntil must be after availableFrom');
  if (search.kind !== undefined && search.kind !== 'rental') throw new NodeError('bad_request', 'availableFrom and availableUntil find rental listings only');
  return { fromMs, untilMs };
}

/**
 * `rental address → free for [fromMs, untilMs)`: a `rental.book { startMs: fromMs, periods }` with the
 * fewest whole periods that cover the span would pass the span checks of spec/ledger.md §8.5.2 at
 * block time `timeMs` — the rental is open, `periods` within its minimum and maximum, the start not
 * before the block time nor more than RENTAL_BOOKING_AHEAD_MS_MAX after it, and no `booked` booking
 * meets the booked span. One rental record read (at most RENTAL_OPEN_BOOKINGS_MAX bookings) per
 * candidate listing. What it does not promise: the renter's balance, or a booking landing first.
 */
function rentalFreeFor(store: StoreReader, span: { fromMs: number; untilMs: number }, timeMs: number): (rentalAddress: string) => boolean {
  return (rentalAddress) => {
    const rental = getRental(store, rentalAddress);
    if (rental === undefined || rental.status !== 'open') return false;
    const periods = Math.ceil((span.untilMs - span.fromMs) / rental.periodMs);
    if (periods < rental.minPeriods || periods > rental.maxPeriods) return false;
    if (span.fromMs < timeMs || span.fromMs > timeMs + RENTAL_BOOKING_AHEAD_MS_MAX) return false;
    const endMs = span.fromMs + periods * rental.periodMs;
    return !rental.bookings.some((b) => b.state === 'booked' && span.fromMs < b.endMs && b.startMs < endMs);
  };
}

/** Checks a search's criteria, each with its code, reading nothing: what `searchListings` runs first. */
function checkCriteria(search: ListingSearch): SearchCriteria {
  const words = search.q === undefined ? [] : titleWords(search.q.trim().replace(/\s+/g, ' '));
  if (search.q !== undefined && words.length === 0) throw new NodeError('bad_request', 'q: at least one word');
  const asset = search.asset === undefined ? undefined : checkSymbol(search.asset);
  const seller = search.seller === undefined ? undefined : checkAddress(search.seller);
  const minPrice = checkAmount(search.minPrice, 'minPrice');
  const maxPrice = checkAmount(search.maxPrice, 'maxPrice');
  // Prices in different assets do not compare: a price range needs its asset.
  if ((minPrice !== undefined || maxPrice !== undefined) && asset === undefined) throw new NodeError('bad_request', 'minPrice and maxPrice need asset: prices in different assets do not compare');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) throw new NodeError('bad_request', 'minPrice is above maxPrice');
  if ((search.registry === undefined) !== (search.type === undefined)) throw new NodeError('bad_request', 'registry and type name a credential together');
  const requires = search.registry === undefined || search.type === undefined ? undefined : { registry: checkName(search.registry, 'registry'), type: checkName(search.type, 'type') };
  const minScore = checkScore(search.minScore);
  const span = checkSpan(search);
  // A rental-dates search is a search of rental listings.
  const kind = span === undefined ? search.kind : 'rental';
  return { words, kind, asset, seller, minPrice, maxPrice, requires, minScore, span };
}

/**
 * Checks a search request (its criteria, `limit` and `after`), each with its code, reading nothing:
 * the node runs it on the thread that received the request, so that bad input is refused before it
 * waits for the read thread (listing-searches.ts); `searchListings` checks again.
 */
export function checkListingSearch(search: ListingSearch, limit: number, after?: string): void {
  checkLimit(limit);
  if (after !== undefined) checkAddress(after);
  checkCriteria(search);
}

/** Picks the index to scan for checked criteria and the test each of its listings must pass. */
function plan(store: StoreReader, criteria: SearchCriteria, timeMs: number): SearchPlan {
  const { words, kind, asset, seller, minPrice, maxPrice, requires, minScore, span } = criteria;
  const reputable = minScore === undefined ? undefined : sellerScoreAtLeast(store, minScore);
  const free = span === undefined ? undefined : rentalFreeFor(store, span, timeMs);
  const prefix =
    seller !== undefined ? `l/s/${seller}/`
    : words.length > 0 ? `l/w/${words[0]}/`
    : requires !== undefined ? `l/c/${requires.registry}/${requires.type}/`
    : asset !== undefined ? `l/a/${asset}/`
    : kind !== undefined ? `l/k/${kind}/`
    : 'l/all/';
  const matches = (listing: Listing): boolean => {
    const { terms } = listing;
    if (listing.state !== 'active' || isListingClosedAt(listing, timeMs)) return false;
    if (seller !== undefined && listing.seller !== seller) return false;
    if (kind !== undefined && listing.kind !== kind) return false;
    if (asset !== undefined && terms.price.asset !== asset) return false;
    if (minPrice !== undefined && terms.price.amount < minPrice) return false;
    if (maxPrice !== undefined && terms.price.amount > maxPrice) return false;
    if (requires !== undefined && (terms.requires?.registry !== requires.registry || terms.requires.type !== requires.type)) return false;
    const title = new Set(titleWords(terms.title));
    if (!words.every((word) => title.has(word))) return false;
    // Last: the criteria that read beyond the listing.
    if (free !== undefined && (listing.target === undefined || !free(listing.target))) return false;
    return reputable === undefined || reputable(listing.seller);
  };
  return { prefix, matches };
}

/**
 * Active, unexpired listings matching every criterion, by address, at most `limit`. One index is
 * scanned (the most selective criterion given) and each entry's listing checked against the rest;
 * each request visits at most LISTINGS_SCAN_MAX entries, so a page may be short with a `next`. The
 * node runs it on its read thread (report-worker.ts), over one snapshot of the store whose height
 * and last block time are `at`; it takes only a store, so a test may run it over one in memory.
 */
export function searchListings(node: { readonly store: StoreReader }, at: ContractClock, search: ListingSearch, limit: number, after?: string): ListingsResponse {
  checkLimit(limit);
  if (after !== undefined) checkAddress(after);
  const { prefix, matches } = plan(node.store, checkCriteria(search), at.timeMs);
  const page = indexPage(node.store, prefix, after, LISTINGS_SCAN_MAX, limit, (address) => {
    const listing = loadListingAt(node, address);
    if (listing === undefined) throw new NodeError('internal', `the index names listing ${address}, which has no listing record`);
    return matches(listing) ? listingJson(node, at, address) : undefined;
  });
  return { listings: page.items, next: page.next, at };
}

function orderToJson(node: { readonly store: StoreReader }, at: ContractClock, order: Order): OrderJson {
  const found = getContractRecord(node.store, order.id);
  if (found === undefined || found.type !== 'escrow') throw new NodeError('internal', `order ${order.id} has no escrow`);
  const escrow = decodeEscrow(order.id, found.record);
  const standing = orderStanding(escrow, at.timeMs);
  const listing = loadListingAt(node, order.listing);
  return {
    order: order.id,
    listing: order.listing,
    version: order.version,
    buyer: order.buyer,
    seller: order.seller,
    arbiter: order.arbiter ?? null,
    quantity: order.quantity,
    price: { asset: order.price.asset, amount: order.price.amount.toString() },
    total: order.total.toString(),
    arbiterFee: escrow.arbiterFee?.amount.toString() ?? null,
    note: order.note === undefined ? null : toHex(order.note),
    createdAt: order.createdAt,
    settledAtMs: order.settledAtMs ?? null,
    title: listing?.terms.title ?? '',
    phase: standing.phase,
    next: standing.next,
    untilMs: standing.untilMs,
  };
}

/** The order `id` with its phase and next step, or undefined. */
export function queryOrder(node: NodeReader, at: ContractClock, id: string): OrderJson | undefined {
  checkAddress(id);
  const order = getOrder(node.store, id);
  return order === undefined ? undefined : orderToJson(node, at, order);
}

/** Orders of `address` as buyer or seller, newest first (the `o/b/`, `o/s/` index), at most `limit`. */
export function queryAccountOrders(node: NodeReader, at: ContractClock, address: string, role: 'buyer' | 'seller', limit: number, after?: string): OrdersResponse {
  checkAddress(address);
  checkLimit(limit);
  if (after !== undefined && !/^[0-9]{12}\/agora1[0-9a-z]{1,84}$/.test(after)) throw new NodeError('bad_request', 'after: the `next` of the previous page');
  const prefix = `o/${role === 'buyer' ? 'b' : 's'}/${address}/`;
  const keys = node.store.scanIndex(prefix, limit + 1, after, true);
  const orders = keys.slice(0, limit).map((key) => {
    const id = key.slice(key.lastIndexOf('/') + 1);
    const order = getOrder(node.store, id);
    if (order === undefined) throw new NodeError('internal', `the index names order ${id}, which has no record`);
    return orderToJson(node, at, order);
  });
  const last = keys.length > limit ? keys[limit - 1].slice(prefix.length) : null;
  return { address, role, orders, next: last, at };
}

/** Refuses a bad arbiter queue request with its code: what the node checks before the request waits for its read thread. */
export function checkArbiterDisputes(address: string, limit: number, after?: string): void {
  checkAddress(address);
  checkLimit(limit);
  if (after !== undefined) checkAddress(after);
}

/**
 * An arbiter's queue: the disputed escrows naming it (the `e/d/` index) that are orders, by order id,
 * at most `limit`; each request visits at most LISTINGS_SCAN_MAX entries (escrows that are not orders
 * are skipped), so a page may be short with a `next`. The node runs it on its read thread
 * (report-worker.ts, thread-reads.ts), over one snapshot whose height and last block time are `at`.
 */
export function queryArbiterDisputes(node: { readonly store: StoreReader }, at: ContractClock, address: string, limit: number, after?: string): OrdersResponse {
  checkArbiterDisputes(address, limit, after);
  const prefix = `e/d/${address}/`;
  const page = indexPage(node.store, prefix, after, LISTINGS_SCAN_MAX, limit, (id) => {
    const order = getOrder(node.store, id);
    return order === undefined ? undefined : orderToJson(node, at, order);
  });
  return { address, role: 'arbiter', orders: page.items, next: page.next, at };
}

/** Credentials issued to `address` (the `c/` index), by registry then type, at most `limit`. */
export function queryAccountCredentials(node: NodeReader, at: ContractClock, address: string, limit: number, after?: string): CredentialsResponse {
  checkAddress(address);
  checkLimit(limit);
  if (after !== undefined) {
    const [registry, type, ...rest] = after.split('/');
    if (rest.length > 0 || type === undefined) throw new NodeError('bad_request', 'after: REGISTRY/TYPE, the `next` of the previous page');
    checkName(registry, 'after');
    checkName(type, 'after');
  }
  const prefix = `c/${address}/`;
  const keys = node.store.scanIndex(prefix, limit + 1, after);
  const credentials: CredentialJson[] = keys.slice(0, limit).map((key) => {
    const [registry, type] = key.slice(prefix.length).split('/');
    const credential = getCredential(node.store, { registry, type }, address);
    if (credential === undefined) throw new NodeError('internal', `the index names credential ${registry}/${type} of ${address}, which has no record`);
    const valid = credential.revokedAtMs === undefined && (credential.expiresAtMs === undefined || at.timeMs < credential.expiresAtMs);
    return {
      registry,
      type,
      issuer: credential.issuer,
      issuedAtMs: credential.issuedAtMs,
      expiresAtMs: credential.expiresAtMs ?? null,
      document: credential.document === undefined ? null : toHex(credential.document),
      revokedAtMs: credential.revokedAtMs ?? null,
      valid,
    };
  });
  const next = keys.length > limit ? keys[limit - 1].slice(prefix.length) : null;
  return { address, credentials, next, at };
}
