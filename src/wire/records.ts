import type { HistoryAction } from '../ledger/records/history-actions.ts';
import { PATHS } from './paths.ts';
import { ADDRESS, pageLimit } from './common.ts';
import { LINEAGE_ITEMS_MAX, PAGE_LIMIT_MAX } from './limits.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, enumOf, integer, nullable, object, string, type Static } from './schema.ts';

/**
 * The records routes (spec/api.md §4 "Records", spec/ledger.md §7). Path parameters are only bounded
 * here, so that a malformed id or name gets its specific code from the query (`bad_item_id`,
 * `bad_name`), as `:address` gets `bad_address`. An unknown item or registry is 404 `unknown_item` /
 * `unknown_registry` here, while the same codes are 400 when a tx is refused at admission (§9).
 */

/** bech32m `item1…` of 32 bytes: 63 characters (spec/ledger.md §7.1). */
const ITEM_ID_PATTERN = '^item1[02-9ac-hj-np-z]{58}$';

// ---- request parts ------------------------------------------------------------------------------

export const ITEM_PARAMS = object({ id: string('item id, bech32m item1… (else `bad_item_id`)', { minLength: 1, maxLength: 100 }) });
export const REGISTRY_PARAMS = object({ name: string('registry name (else `bad_name`)', { minLength: 1, maxLength: 100 }) });
export const ITEM_OWNER_PARAMS = object({ address: ADDRESS });
export const HISTORY_QUERY = object({ from: integer('the first entry: 0, or the `next` of the previous page'), limit: pageLimit() }, ['from', 'limit']);
export const LINEAGE_DIRECTION = enumOf(['ancestors', 'descendants']);
export const LINEAGE_QUERY = object(
  { direction: enumOf(['ancestors', 'descendants'], 'through `parents` (ancestors, the default) or `children` (descendants)', { default: 'ancestors' }) },
  ['direction'],
);
export const ITEMS_QUERY = object({ limit: pageLimit(), after: string('cursor: the `next` of the previous page (an item id)', { pattern: ITEM_ID_PATTERN }) }, ['limit', 'after']);

// ---- answers ------------------------------------------------------------------------------------

const ITEM_ID = string('bech32m item1… id', { pattern: ITEM_ID_PATTERN });
const ITEM_STATUS = enumOf(['live', 'locked', 'retired'], 'live, locked (fractionalised) or retired');

export const ITEM = object({
  id: ITEM_ID,
  kind: string(),
  owner: string(),
  status: ITEM_STATUS,
  registry: nullable(string()),
  custodian: nullable(string('who holds the thing; null when its owner does')),
  metadata: nullable(string()),
  documents: array(string('SHA-256 of an off-chain document, hex', { pattern: '^[0-9a-f]{64}$' })),
  parents: array(ITEM_ID),
  children: array(ITEM_ID),
  lock: nullable(object({ asset: string(), shares: decimal() })),
  createdAt: integer('height of its creation'),
  events: integer('history entries so far'),
});

/** What a history entry records: the ledger's list (spec/ledger.md §7.1; test/wire checks they agree). */
const HISTORY_ACTIONS = [
  'register',
  'create',
  'transfer',
  'attest',
  'split',
  'merge',
  'retire',
  'fractionalize',
  'redeem',
  'rental-offer',
  'rental-book',
  'rental-return',
  'rental-claim',
  'rental-resolve',
  'rental-close',
] as const satisfies readonly HistoryAction[];

export const HISTORY_ENTRY = object(
  {
    seq: integer(),
    action: enumOf(HISTORY_ACTIONS),
    signer: string('the tx’s first signer'),
    nonce: decimal('the nonce that tx consumed'),
    height: integer(),
    timeMs: integer('block time'),
    type: string(),
    data: string(),
    documents: array(string()),
    custodian: string(),
    from: string(),
    to: string(),
    payment: object({ asset: string(), amount: decimal() }),
    items: array(ITEM_ID),
    asset: string(),
    shares: decimal(),
    reason: string(),
    contract: string('rental-*: the rental contract’s address (spec/ledger.md §8.5)'),
    booking: integer('rental-*: the booking’s number in its rental'),
    user: string('rental-*: the renter, who may use the item in the booked span'),
    startMs: integer('rental-book: start of the booked span, block time'),
    endMs: integer('rental-book: end of the booked span; rental-return: the return'),
  },
  ['type', 'data', 'documents', 'custodian', 'from', 'to', 'payment', 'items', 'asset', 'shares', 'reason', 'contract', 'booking', 'user', 'startMs', 'endMs'],
);

export const ITEM_HISTORY = object({ item: ITEM_ID, entries: array(HISTORY_ENTRY, { description: 'oldest first' }), next: nullable(integer('the `from` of the next page')) });

export const LINEAGE_ITEM = object({
  id: ITEM_ID,
  kind: string(),
  owner: string(),
  status: ITEM_STATUS,
  depth: integer('1 for a parent or child, 2 for a grandparent, …'),
  links: array(ITEM_ID, { description: 'its own parents (ancestors) or children (descendants): the edges of the graph' }),
});

export const ITEM_LINEAGE = object({
  item: ITEM_ID,
  direction: LINEAGE_DIRECTION,
  items: array(LINEAGE_ITEM, { description: `breadth first, each item once, at most ${LINEAGE_ITEMS_MAX}` }),
  truncated: boolean(`true when ${LINEAGE_ITEMS_MAX} items were reached before the end`),
});

export const ITEMS = object({ items: array(ITEM, { description: 'in item id order' }), next: nullable(string('cursor for `after`')) });

export const REGISTRY = object({
  name: string(),
  curator: string('its creator, who grants and revokes roles'),
  open: boolean('anyone may register items in it'),
  createdAt: integer(),
  registrars: array(string(), { description: `at most ${PAGE_LIMIT_MAX}, in address order` }),
  attesters: array(object({ eventType: string(), address: string() }), { description: `at most ${PAGE_LIMIT_MAX}, in event type then address order` }),
  moreRoles: boolean(`true when a list was cut at ${PAGE_LIMIT_MAX}`),
});

export type ItemResponse = Static<typeof ITEM>;
export type HistoryEntryJson = Static<typeof HISTORY_ENTRY>;
export type ItemHistoryResponse = Static<typeof ITEM_HISTORY>;
export type LineageDirection = Static<typeof LINEAGE_DIRECTION>;
export type LineageItemJson = Static<typeof LINEAGE_ITEM>;
export type ItemLineageResponse = Static<typeof ITEM_LINEAGE>;
export type ItemsResponse = Static<typeof ITEMS>;
export type RegistryResponse = Static<typeof REGISTRY>;
export type { HistoryAction };

// ---- routes -------------------------------------------------------------------------------------

export const RECORD_ROUTES = {
  item: {
    ...PATHS.item,
    operationId: 'getItem',
    summary: 'a unique item: kind, owner, custodian, status, registry, lineage links, share lock',
    tag: 'records',
    params: ITEM_PARAMS,
    responses: { 200: { description: 'the item', schema: ITEM }, 400: errorResponse('`bad_item_id`'), 404: errorResponse('`unknown_item`') },
  },
  itemHistory: {
    ...PATHS.itemHistory,
    operationId: 'getItemHistory',
    summary: 'every tx that touched an item, oldest first, paginated by sequence number',
    tag: 'records',
    params: ITEM_PARAMS,
    query: HISTORY_QUERY,
    responses: { 200: { description: 'a page of history entries', schema: ITEM_HISTORY }, 400: errorResponse('`bad_item_id` or `bad_request`'), 404: errorResponse('`unknown_item`') },
  },
  itemLineage: {
    ...PATHS.itemLineage,
    operationId: 'getItemLineage',
    summary: `an item's ancestors (through parents) or descendants (through children), breadth first, at most ${LINEAGE_ITEMS_MAX}`,
    tag: 'records',
    params: ITEM_PARAMS,
    query: LINEAGE_QUERY,
    responses: { 200: { description: 'the lineage', schema: ITEM_LINEAGE }, 400: errorResponse('`bad_item_id` or `bad_request`'), 404: errorResponse('`unknown_item`') },
  },
  accountItems: {
    ...PATHS.accountItems,
    operationId: 'getAccountItems',
    summary: 'items owned by an address (any status: a retired item keeps its last owner), in id order, paginated',
    tag: 'records',
    params: ITEM_OWNER_PARAMS,
    query: ITEMS_QUERY,
    responses: { 200: { description: 'a page', schema: ITEMS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
  registry: {
    ...PATHS.registry,
    operationId: 'getRegistry',
    summary: 'a registry: curator, open or curated, its first registrars and attesters',
    tag: 'records',
    params: REGISTRY_PARAMS,
    responses: { 200: { description: 'the registry', schema: REGISTRY }, 400: errorResponse('`bad_name`'), 404: errorResponse('`unknown_registry`') },
  },
  registryItems: {
    ...PATHS.registryItems,
    operationId: 'getRegistryItems',
    summary: 'items of a registry (any status), in id order, paginated',
    tag: 'records',
    params: REGISTRY_PARAMS,
    query: ITEMS_QUERY,
    responses: { 200: { description: 'a page', schema: ITEMS }, 400: errorResponse('`bad_name` or `bad_request`'), 404: errorResponse('`unknown_registry`') },
  },
} satisfies { [name: string]: RouteSpec };
