import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../node/limits.ts';
import { ADDRESS, object, type JsonSchema } from './schemas.ts';

/**
 * JSON Schemas of the contract routes (spec/api.md §4 "Contracts"), in the style of records-schemas.ts:
 * the request parts are handed to fastify, the response parts document the shapes of
 * src/client/types.ts in the OpenAPI document. `:address` is only bounded here, so that a malformed
 * one gets `bad_address` from the query.
 */

const string = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const integer = (description?: string): JsonSchema => ({ type: 'integer', minimum: 0, ...(description ? { description } : {}) });
const decimal = (description = 'decimal string of an unsigned integer'): JsonSchema => string(description, { pattern: '^(0|[1-9][0-9]*)$' });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const array = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const boolean = (description: string): JsonSchema => ({ type: 'boolean', description });
const oneOfStrings = (values: string[], description?: string): JsonSchema => string(description, { enum: values });

const LIMIT: JsonSchema = { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description: 'contracts per page' };

// ---- request parts ----------------------------------------------------------------------------

export const CONTRACT_PARAMS = object({ address: { ...ADDRESS, description: 'the contract address, bech32m agora1… (else `bad_address`)' } });
export const ACCOUNT_CONTRACTS_QUERY = object(
  { limit: LIMIT, after: string('cursor: the `next` of the previous page, HEIGHT.INDEX', { pattern: '^[0-9]{1,15}\\.[0-9]{1,9}$' }) },
  ['limit', 'after'],
);

// ---- response parts ---------------------------------------------------------------------------

const HOLDING = object({ assets: array(object({ asset: string(), amount: decimal('base units') })), items: array(string('item id')) });
const CLOCK = object({ height: integer('the latest committed block'), timeMs: integer('its block time: what "now" means') });
const BASE = {
  address: string('the contract address, agora1…'),
  createdAt: integer('height of the creating tx'),
  holds: { ...HOLDING, description: 'what the address holds: exactly what the record owes (spec/ledger.md §8.7)' },
  at: CLOCK,
};

const ESCROW = object({
  type: oneOfStrings(['escrow']),
  ...BASE,
  payer: string(),
  payee: string(),
  arbiter: nullable(string()),
  deadlineMs: integer('block time from which the default applies'),
  onExpiry: oneOfStrings(['release', 'refund']),
  state: oneOfStrings(['open', 'disputed', 'closed']),
  tranches: array(object({ tranche: integer(), ...(HOLDING.properties as { [name: string]: JsonSchema }), status: oneOfStrings(['held', 'released', 'refunded', 'resolved']) })),
  now: object({
    expired: boolean('open and block time ≥ deadlineMs'),
    defaultDue: nullable(oneOfStrings(['release', 'refund'], 'what escrow.settle would apply now')),
    disputable: boolean('a party could still dispute'),
  }),
});

const OFFER = object({
  type: oneOfStrings(['offer']),
  ...BASE,
  maker: string(),
  counterparty: nullable(string('only this address may accept; null: anyone but the maker')),
  give: HOLDING,
  ask: HOLDING,
  deadlineMs: integer(),
  state: oneOfStrings(['open', 'accepted', 'cancelled']),
  now: object({ expired: boolean('block time ≥ deadlineMs'), acceptable: boolean('open and not expired') }),
});

const SPLIT = object({
  type: oneOfStrings(['split']),
  ...BASE,
  creator: string(),
  members: array(object({ address: string(), weight: integer() })),
  totalWeight: integer(),
});

const BOOKING = object({
  booking: integer(),
  renter: string(),
  startMs: integer(),
  endMs: integer(),
  periods: integer(),
  price: decimal(),
  deposit: decimal(),
  state: oneOfStrings(['booked', 'ended', 'claimed']),
  endedMs: nullable(integer()),
  phase: oneOfStrings(['upcoming', 'in-use', 'claim-window', 'claimed', 'due'], 'at the latest block time (spec/ledger.md §8.5)'),
});

const RENTAL = object({
  type: oneOfStrings(['rental']),
  ...BASE,
  item: string(),
  owner: string(),
  asset: string(),
  pricePerPeriod: decimal(),
  periodMs: integer(),
  minPeriods: integer(),
  maxPeriods: integer(),
  deposit: decimal(),
  arbiter: nullable(string()),
  claimWindowMs: integer(),
  status: oneOfStrings(['open', 'closed']),
  nextBooking: integer(),
  bookings: array(BOOKING),
  now: object({
    user: nullable(string('the renter using the item now; null: its owner')),
    due: array(object({ booking: integer(), toOwner: decimal(), toRenter: decimal() })),
  }),
});

const STREAM = object({
  type: oneOfStrings(['stream']),
  ...BASE,
  payer: string(),
  payee: string(),
  asset: string(),
  ratePerSecond: decimal(),
  deposit: decimal(),
  startMs: integer(),
  withdrawn: decimal(),
  status: oneOfStrings(['open', 'stopped', 'done']),
  stoppedMs: nullable(integer()),
  now: object({ accrued: decimal(), withdrawable: decimal(), endsMs: nullable(integer('block time from which the whole deposit has accrued')) }),
});

export const CONTRACT: JsonSchema = { oneOf: [ESCROW, OFFER, SPLIT, RENTAL, STREAM], description: 'one of five shapes, by `type`' };

export const ACCOUNT_CONTRACTS = object({
  address: string(),
  contracts: array(
    object({
      address: string(),
      type: oneOfStrings(['escrow', 'offer', 'split', 'rental', 'stream']),
      status: string('escrow/offer state, rental/stream status, `active` for a split'),
      roles: array(oneOfStrings(['payer', 'payee', 'arbiter', 'maker', 'counterparty', 'taker', 'creator', 'member', 'owner', 'renter'])),
      height: integer(),
      index: integer(),
    }),
  ),
  next: nullable(string('cursor for `after`')),
});

export const ITEM_RENTAL = object({ item: string(), rental: nullable(RENTAL), user: nullable(string()), at: CLOCK });
