import { LINEAGE_ITEMS_MAX } from '../node/records-queries.ts';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../node/limits.ts';
import { ADDRESS, object, type JsonSchema } from './schemas.ts';

/**
 * JSON Schemas of the records routes (spec/api.md §4 "Records"), in the style of schemas.ts: the
 * request parts are handed to fastify, the response parts document the shapes of src/client/types.ts
 * in the OpenAPI document. Path parameters are only bounded here, so that a malformed id or name gets
 * its specific code from the query (`bad_item_id`, `bad_name`), as `:address` gets `bad_address`.
 */

const string = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const integer = (description?: string): JsonSchema => ({ type: 'integer', minimum: 0, ...(description ? { description } : {}) });
const decimal = (description = 'decimal string of an unsigned integer'): JsonSchema => string(description, { pattern: '^(0|[1-9][0-9]*)$' });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const array = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** bech32m `item1…` of 32 bytes: 63 characters (spec/ledger.md §7.1). */
const ITEM_ID_PATTERN = '^item1[02-9ac-hj-np-z]{58}$';
const LIMIT: JsonSchema = { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description: 'page size' };

// ---- request parts ----------------------------------------------------------------------------

export const ITEM_PARAMS = object({ id: string('item id, bech32m item1… (else `bad_item_id`)', { minLength: 1, maxLength: 100 }) });
export const REGISTRY_PARAMS = object({ name: string('registry name (else `bad_name`)', { minLength: 1, maxLength: 100 }) });
export const ITEM_OWNER_PARAMS = object({ address: ADDRESS });
export const HISTORY_QUERY = object({ from: integer('the first entry: 0, or the `next` of the previous page'), limit: LIMIT }, ['from', 'limit']);
export const LINEAGE_QUERY = object(
  { direction: string('through `parents` (ancestors, the default) or `children` (descendants)', { enum: ['ancestors', 'descendants'], default: 'ancestors' }) },
  ['direction'],
);
export const ITEMS_QUERY = object({ limit: LIMIT, after: string('cursor: the `next` of the previous page (an item id)', { pattern: ITEM_ID_PATTERN }) }, ['limit', 'after']);

// ---- response parts ---------------------------------------------------------------------------

const ITEM_ID = string('bech32m item1… id', { pattern: ITEM_ID_PATTERN });
const STATUS = string('live, locked (fractionalised) or retired', { enum: ['live', 'locked', 'retired'] });

export const ITEM = object({
  id: ITEM_ID,
  kind: string(),
  owner: string(),
  status: STATUS,
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

const HISTORY_ENTRY = object(
  {
    seq: integer(),
    action: string(undefined, { enum: ['register', 'create', 'transfer', 'attest', 'split', 'merge', 'retire', 'fractionalize', 'redeem', 'rental-offer', 'rental-book', 'rental-return', 'rental-claim', 'rental-resolve', 'rental-close'] }),
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

export const ITEM_HISTORY = object({ item: ITEM_ID, entries: array(HISTORY_ENTRY), next: nullable(integer('the `from` of the next page')) });

export const ITEM_LINEAGE = object({
  item: ITEM_ID,
  direction: string(undefined, { enum: ['ancestors', 'descendants'] }),
  items: array(object({ id: ITEM_ID, kind: string(), owner: string(), status: STATUS, depth: integer('1 for a parent or child, 2 for a grandparent, …'), links: array(ITEM_ID) })),
  truncated: { type: 'boolean', description: `true when ${LINEAGE_ITEMS_MAX} items were reached before the end` },
});

export const ITEMS = object({ items: array(ITEM), next: nullable(string('cursor for `after`')) });

export const REGISTRY = object({
  name: string(),
  curator: string(),
  open: { type: 'boolean' },
  createdAt: integer(),
  registrars: array(string()),
  attesters: array(object({ eventType: string(), address: string() })),
  moreRoles: { type: 'boolean', description: `true when a list was cut at ${PAGE_LIMIT_MAX}` },
});
