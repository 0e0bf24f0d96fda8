import { PATHS } from './paths.ts';
import { ADDRESS, pageLimit } from './common.ts';
import { CONTRACT_CLOCK, LISTING } from './contracts.ts';
import { LISTINGS_SCAN_MAX, MARKET_QUERY_LENGTH_MAX } from './limits.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, describe, enumOf, hex, integer, nullable, object, string, type Static } from './schema.ts';

/**
 * The market's read routes (spec/api.md §4 "Market", spec/market.md §6): a listing, search over the
 * listings, an address's orders as buyer or seller with each order's phase and next step, an
 * arbiter's queue of disputed orders, and an address's credentials. Each is read from the committed
 * state and its `state-index` keys (spec/store.md), bounded and paged. Addresses and names are only
 * bounded here, so that a malformed one gets its own code (`bad_address`, `bad_name`) from the query.
 */

// ---- request parts ------------------------------------------------------------------------------

export const LISTING_PARAMS = object({ address: describe(ADDRESS, 'the listing address, bech32m agora1… (else `bad_address`)') });
export const ORDER_PARAMS = object({ id: describe(ADDRESS, 'the order id: its escrow address, agora1… (else `bad_address`)') });
export const MARKET_ADDRESS_PARAMS = object({ address: ADDRESS });

const NAME = string('a registry name or credential type (else `bad_name`)', { minLength: 1, maxLength: 64 });
const AMOUNT = string('base units, a decimal string (else `bad_amount`)', { minLength: 1, maxLength: 40 });
/** A listing address as a cursor. */
const ADDRESS_CURSOR = string('cursor: the `next` of the previous page', { minLength: 1, maxLength: 90 });

export const LISTINGS_QUERY = object(
  {
    q: string(`words of the title, all of them (case-insensitive, whole words), at most ${MARKET_QUERY_LENGTH_MAX} characters`, { minLength: 1, maxLength: MARKET_QUERY_LENGTH_MAX }),
    kind: enumOf(['goods', 'service', 'rental', 'sale']),
    asset: string('the price asset (else `bad_symbol`)', { minLength: 1, maxLength: 16 }),
    minPrice: describe(AMOUNT, 'price per unit ≥ this, in base units of `asset` (needs `asset`)'),
    maxPrice: describe(AMOUNT, 'price per unit ≤ this, in base units of `asset` (needs `asset`)'),
    registry: describe(NAME, 'with `type`: listings requiring this credential'),
    type: describe(NAME, 'with `registry`: listings requiring this credential'),
    seller: describe(ADDRESS, 'listings of this seller'),
    minScore: string('listings whose seller’s reputation score (spec/reputation.md §3) is at least this, in ppm, 0 to 1000000 (else `bad_request`); a seller without a score meets none', { pattern: '^[0-9]{1,7}$' }),
    availableFrom: string('with `availableUntil`: rental listings whose rental is free to book for the whole span from this block time, in ms (else `bad_request`)', { pattern: '^[0-9]{1,16}$' }),
    availableUntil: string('with `availableFrom`: the end of the span (exclusive), in ms, after `availableFrom`', { pattern: '^[0-9]{1,16}$' }),
    limit: pageLimit('listings per page'),
    after: ADDRESS_CURSOR,
  },
  ['q', 'kind', 'asset', 'minPrice', 'maxPrice', 'registry', 'type', 'seller', 'minScore', 'availableFrom', 'availableUntil', 'limit', 'after'],
);

export const ORDERS_QUERY = object(
  {
    role: enumOf(['buyer', 'seller'], 'orders the address placed (buyer, the default) or received (seller)'),
    limit: pageLimit('orders per page'),
    after: string('cursor: the `next` of the previous page', { pattern: '^[0-9]{12}/[a-z0-9]{1,90}$' }),
  },
  ['role', 'limit', 'after'],
);

export const PAGE_QUERY = object({ limit: pageLimit(), after: ADDRESS_CURSOR }, ['limit', 'after']);
export const CREDENTIALS_QUERY = object({ limit: pageLimit(), after: string('cursor: the `next` of the previous page, REGISTRY/TYPE', { minLength: 3, maxLength: 130 }) }, ['limit', 'after']);

// ---- answers ------------------------------------------------------------------------------------

export const MARKET_LISTING = object({
  listing: LISTING,
  sellerPublicKey: nullable(hex('the seller’s Ed25519 public key, from the tx that listed it: a buyer seals its note to it', 32)),
});

export const LISTINGS = object({
  listings: array(LISTING, { description: 'active, unexpired listings matching every criterion, by address' }),
  next: nullable(string(`cursor for \`after\`: each request visits at most ${LISTINGS_SCAN_MAX} index entries, so a page may hold fewer than \`limit\` with a non-null \`next\``)),
  at: CONTRACT_CLOCK,
});

export const ORDER_PHASE = enumOf(['awaiting_delivery', 'delivered', 'disputed', 'release_due', 'refund_due', 'lapsed', 'completed', 'refunded', 'resolved'], 'spec/market.md §3 "Phases"');

export const ORDER = object({
  order: string('the order id: its escrow address'),
  listing: string(),
  version: integer('the listing version the buyer signed for'),
  buyer: string(),
  seller: string(),
  arbiter: nullable(string()),
  quantity: integer(),
  price: object({ asset: string(), amount: decimal('base units per unit') }),
  total: decimal('price × quantity, held by the escrow'),
  arbiterFee: nullable(decimal('base units of the price asset, paid to the arbiter if it resolves a dispute')),
  note: nullable(hex('the note sealed to the seller (only the seller’s key opens it)')),
  createdAt: integer('height of market.buy'),
  settledAtMs: nullable(integer()),
  title: string('the listing’s title now'),
  phase: ORDER_PHASE,
  next: nullable(object({ kind: enumOf(['escrow.deliver', 'escrow.release', 'escrow.resolve', 'escrow.settle']), by: enumOf(['seller', 'buyer', 'arbiter', 'anyone']) })),
  untilMs: nullable(integer('when the phase ends by itself')),
});

export const ORDERS = object({
  address: string(),
  role: enumOf(['buyer', 'seller', 'arbiter']),
  orders: array(ORDER, { description: 'newest first (buyer, seller); by order id (arbiter)' }),
  next: nullable(string('cursor for `after`')),
  at: CONTRACT_CLOCK,
});

export const CREDENTIAL = object({
  registry: string(),
  type: string(),
  issuer: string(),
  issuedAtMs: integer(),
  expiresAtMs: nullable(integer()),
  document: nullable(hex('SHA-256 of the document the attester saw', 32)),
  revokedAtMs: nullable(integer()),
  valid: boolean('not revoked and not expired at the latest block time'),
});

export const CREDENTIALS = object({ address: string(), credentials: array(CREDENTIAL, { description: 'by registry, then type' }), next: nullable(string('cursor for `after`')), at: CONTRACT_CLOCK });

export type MarketListingResponse = Static<typeof MARKET_LISTING>;
export type ListingsResponse = Static<typeof LISTINGS>;
export type OrderPhaseJson = Static<typeof ORDER_PHASE>;
export type OrderJson = Static<typeof ORDER>;
export type OrdersResponse = Static<typeof ORDERS>;
export type CredentialJson = Static<typeof CREDENTIAL>;
export type CredentialsResponse = Static<typeof CREDENTIALS>;

// ---- routes -------------------------------------------------------------------------------------

export const MARKET_ROUTES = {
  listing: {
    ...PATHS.listing,
    operationId: 'getListing',
    summary: 'a market listing with its terms and what the latest block time makes of it, and the seller’s public key for a sealed note',
    tag: 'market',
    params: LISTING_PARAMS,
    responses: { 200: { description: 'the listing', schema: MARKET_LISTING }, 400: errorResponse('`bad_address`'), 404: errorResponse('`unknown_listing`') },
  },
  listings: {
    ...PATHS.listings,
    operationId: 'searchListings',
    summary: `search the active listings: title words, kind, asset and price range, required credential, seller, seller reputation at least, rental dates free; paged by \`after\`, each request visiting at most ${LISTINGS_SCAN_MAX} index entries`,
    tag: 'market',
    query: LISTINGS_QUERY,
    responses: {
      200: { description: 'a page (it may hold fewer listings than `limit`, even none, with a non-null `next`)', schema: LISTINGS },
      400: errorResponse('`bad_request`, `bad_address`, `bad_symbol`, `bad_amount` or `bad_name`'),
      429: errorResponse('`too_many_searches`: LISTING_SEARCHES_MAX searches are running; try again in a moment'),
    },
  },
  order: {
    ...PATHS.order,
    operationId: 'getOrder',
    summary: 'an order with its phase and next step at the latest block time (spec/market.md §3)',
    tag: 'market',
    params: ORDER_PARAMS,
    responses: { 200: { description: 'the order', schema: ORDER }, 400: errorResponse('`bad_address`'), 404: errorResponse('`unknown_order`') },
  },
  accountOrders: {
    ...PATHS.accountOrders,
    operationId: 'getAccountOrders',
    summary: 'orders of an address as buyer or as seller, newest first, each with its phase and next step',
    tag: 'market',
    params: MARKET_ADDRESS_PARAMS,
    query: ORDERS_QUERY,
    responses: { 200: { description: 'a page', schema: ORDERS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
  arbiterDisputes: {
    ...PATHS.arbiterDisputes,
    operationId: 'getArbiterDisputes',
    summary: `an arbiter’s queue: the disputed orders it may resolve (lapsed ones included, with phase \`lapsed\`), by order id; each request visits at most ${LISTINGS_SCAN_MAX} index entries`,
    tag: 'market',
    params: MARKET_ADDRESS_PARAMS,
    query: PAGE_QUERY,
    responses: {
      200: { description: 'a page', schema: ORDERS },
      400: errorResponse('`bad_address` or `bad_request`'),
      429: errorResponse('`too_many_reads`: THREAD_READS_MAX arbiter queues are being read; try again in a moment'),
    },
  },
  accountCredentials: {
    ...PATHS.accountCredentials,
    operationId: 'getAccountCredentials',
    summary: 'credentials issued to an address (spec/market.md §1), revoked and expired ones included with `valid` false',
    tag: 'market',
    params: MARKET_ADDRESS_PARAMS,
    query: CREDENTIALS_QUERY,
    responses: { 200: { description: 'a page', schema: CREDENTIALS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
} satisfies { [name: string]: RouteSpec };
