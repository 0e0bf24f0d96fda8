import { PATHS } from './paths.ts';
import { ADDRESS, heightIndexCursor, pageLimit } from './common.ts';
import { CONTRACTS_SCAN_TXS_MAX } from './limits.ts';
import { ITEM_PARAMS } from './records.ts';
import { ORG_CONTRACT } from './org.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, describe, enumOf, hex, integer, nullable, object, oneOf, string, widen, type Static } from './schema.ts';

/**
 * The contract routes (spec/api.md §4 "Contracts", spec/ledger.md §8): a contract decoded, with what
 * the latest block time makes of it `now` (lazy settlement, nothing written); 404 `unknown_contract`
 * when the address holds no contract record. `:address` is only bounded here, so that a malformed one
 * gets `bad_address` from the query.
 */

// ---- request parts ------------------------------------------------------------------------------

export const CONTRACT_PARAMS = object({ address: describe(ADDRESS, 'the contract address, bech32m agora1… (else `bad_address`)') });
export const ACCOUNT_CONTRACTS_QUERY = object({ limit: pageLimit('contracts per page'), after: heightIndexCursor('cursor: the `next` of the previous page, HEIGHT.INDEX') }, ['limit', 'after']);

// ---- answers ------------------------------------------------------------------------------------

const HOLDING_FIELDS = { assets: array(object({ asset: string(), amount: decimal('base units') })), items: array(string('item id')) };
/** What a contract holds or moves (spec/ledger.md §8.1); empty lists where the ledger has none. */
export const HOLDING = object(HOLDING_FIELDS);
/** The block whose time "now" means: the latest committed block. */
export const CONTRACT_CLOCK = object({ height: integer('the latest committed block'), timeMs: integer('its block time: what "now" means') });
const BASE = {
  address: string('the contract address, agora1…'),
  createdAt: integer('height of the creating tx'),
  holds: describe(HOLDING, 'what the address holds: exactly what the record owes (spec/ledger.md §8.7)'),
  at: CONTRACT_CLOCK,
};

export const ESCROW_TRANCHE = object({
  tranche: integer(),
  ...HOLDING_FIELDS,
  status: enumOf(['held', 'released', 'refunded', 'resolved']),
  deliveredAtMs: nullable(integer('block time of escrow.deliver (spec/ledger.md §8.2.7); null: not delivered')),
  reviewEndsMs: nullable(integer('deliveredAtMs + reviewWindowMs: from then the tranche releases by itself; null: not delivered')),
  document: nullable(hex('SHA-256 of the delivery document, when the payee gave one', 32)),
  dueMs: integer('block time from which its default applies: reviewEndsMs when delivered, else the deadline'),
  defaultAtDue: enumOf(['release', 'refund'], 'its default then: release when delivered, else onExpiry'),
});

export const ESCROW = object({
  type: enumOf(['escrow']),
  ...BASE,
  payer: string(),
  payee: string(),
  arbiter: nullable(string()),
  deadlineMs: integer('block time from which the default applies'),
  onExpiry: enumOf(['release', 'refund']),
  state: enumOf(['open', 'disputed', 'closed']),
  tranches: array(ESCROW_TRANCHE),
  reviewWindowMs: nullable(integer('how long a delivered tranche waits for the payer (spec/ledger.md §8.2.7); null: escrow.deliver is refused')),
  arbiterFee: nullable(object({ asset: string(), amount: decimal('base units, paid to the arbiter on escrow.resolve') })),
  arbiterWindowMs: nullable(integer('how long the arbiter has to resolve a dispute before it lapses to the default; null: no limit')),
  disputedAtMs: nullable(integer('block time of escrow.dispute')),
  lapsesAtMs: nullable(integer('disputedAtMs + arbiterWindowMs: from then an unresolved dispute lapses to onExpiry')),
  resolvedToPayee: nullable(HOLDING),
  now: object({
    expired: boolean('open, and every held tranche is due (its deadline or review window passed)'),
    defaultDue: nullable(enumOf(['release', 'refund', 'mixed'], 'what escrow.settle would apply now to the due tranches: mixed when delivered ones release and others refund; null: nothing due')),
    disputable: boolean('open, with an arbiter, and no held tranche due yet: a party could still dispute'),
    lapsed: boolean('disputed and past the arbiter window: escrow.settle applies onExpiry'),
  }),
});

/** A required credential, named by registry and type (spec/market.md §1). */
export const CREDENTIAL_NAME = object({ registry: string(), type: string() });

export const OFFER = object({
  type: enumOf(['offer']),
  ...BASE,
  maker: string(),
  counterparty: nullable(string('only this address may accept; null: anyone but the maker')),
  give: HOLDING,
  ask: HOLDING,
  deadlineMs: integer(),
  requires: nullable(CREDENTIAL_NAME), // a credential the acceptor must hold at offer.accept; null: none
  state: enumOf(['open', 'accepted', 'cancelled']),
  now: object({ expired: boolean('block time ≥ deadlineMs'), acceptable: boolean('open and not expired') }),
}, ['requires']); // requires: optional for readers written before it (decision 0012), always sent

export const SPLIT = object({
  type: enumOf(['split']),
  ...BASE,
  creator: string(),
  members: array(object({ address: string(), weight: integer() })),
  totalWeight: integer('the sum of the weights: a member gets weight / totalWeight of each payment (largest remainder, §8.4)'),
});

export const BOOKING_PHASE = enumOf(['upcoming', 'in-use', 'claim-window', 'claimed', 'due'], 'at the latest block time (spec/ledger.md §8.5)');

export const BOOKING = object({
  booking: integer(),
  renter: string(),
  startMs: integer(),
  endMs: integer(),
  periods: integer(),
  price: decimal(),
  deposit: decimal(),
  state: enumOf(['booked', 'ended', 'claimed'], 'as written: booked, ended (returned, or past its end and paid), claimed'),
  endedMs: nullable(integer()),
  phase: BOOKING_PHASE,
});

export const RENTAL = object({
  type: enumOf(['rental']),
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
  requires: nullable(CREDENTIAL_NAME), // a credential the renter must hold at rental.book; null: none
  status: enumOf(['open', 'closed']),
  nextBooking: integer(),
  bookings: array(BOOKING, { description: 'the unsettled bookings, by number' }),
  now: object({
    user: nullable(string('the renter using the item now; null: its owner')),
    due: array(object({ booking: integer(), toOwner: decimal(), toRenter: decimal() }), { description: 'what a rental.settle would pay now, booking by booking' }),
  }),
}, ['requires']); // requires: optional for readers written before it (decision 0012), always sent

export const STREAM = object({
  type: enumOf(['stream']),
  ...BASE,
  payer: string(),
  payee: string(),
  asset: string(),
  ratePerSecond: decimal(),
  deposit: decimal(),
  startMs: integer(),
  withdrawn: decimal(),
  status: enumOf(['open', 'stopped', 'done']),
  stoppedMs: nullable(integer()),
  now: object({
    accrued: decimal('rate × whole seconds since startMs (to the stop), capped by the deposit (spec/ledger.md §8.6)'),
    withdrawable: decimal('what stream.withdraw would take without an amount: accrued − withdrawn while open, else 0'),
    endsMs: nullable(integer('block time from which the whole deposit has accrued')),
  }),
});

/** A market listing (spec/market.md §2), a contract account holding its bond while not closed. */
export const LISTING = object({
  type: enumOf(['listing']),
  ...BASE,
  seller: string(),
  kind: enumOf(['goods', 'service', 'rental', 'sale']),
  target: nullable(string('the rental (kind rental) or offer (kind sale) listed')),
  version: integer('bumped by market.update: a buyer signs for one version'),
  state: enumOf(['active', 'paused', 'closed']),
  bond: decimal('base units of bondAsset, returned on close'),
  bondAsset: string(),
  terms: object({
    title: string(),
    termsHash: hex('SHA-256 of the full terms', 32),
    metadata: nullable(string()),
    price: object({ asset: string(), amount: decimal('base units, per unit of stock') }),
    stock: integer(),
    handlingMs: integer('the seller delivers within this after an order, else the buyer is refunded'),
    reviewWindowMs: integer('after delivery, the buyer confirms or disputes within this, else it releases'),
    arbiterWindowMs: integer('an arbiter resolves a dispute within this, else it lapses to a refund'),
    arbiters: array(object({ address: string(), fee: decimal('in the price asset; 0: none') })),
    requires: nullable(CREDENTIAL_NAME),
    expiresAtMs: integer(),
  }),
  now: object({ expired: boolean('block time ≥ terms.expiresAtMs'), orderable: boolean('active, not expired, goods or service, stock left: market.buy could succeed on these grounds') }),
});

/** A job's milestone (spec/work.md §1) with its tranche in the job's current escrow, when assigned. */
export const JOB_MILESTONE = object({
  milestone: integer(),
  amount: decimal('base units of the job asset'),
  phase: nullable(enumOf(['held', 'released', 'refunded', 'resolved'], "its tranche's status in the job's escrow; null: no escrow (open, contest or closed job)")),
  deliveredAtMs: nullable(integer('block time of the delivery; null: not delivered')),
  reviewEndsMs: nullable(integer('from then a delivered milestone releases by itself; null: not delivered')),
  dueMs: nullable(integer('block time from which its default applies (spec/ledger.md §8.2.8); null: no escrow')),
  document: nullable(hex('SHA-256 of the delivery document', 32)),
});

/** An application to a job (`jobapp/<job>/<applicant>`, spec/work.md §1). */
export const JOB_APPLICANT = object({
  applicant: string(),
  proposal: hex('SHA-256 of the proposal (a contest: the submission)', 32),
  bid: nullable(decimal('base units asked; null: none')),
  payee: nullable(string('a team: the split the escrow pays; null: the applicant')),
  bond: decimal('the bond still held for the applicant; 0 once returned or forfeited'),
  status: enumOf(['applied', 'assigned', 'replaced', 'withdrawn']),
  awarded: nullable(decimal('a contest: what job.award paid')),
});

/** A job (spec/work.md §1): its budget and bonds, its applications, and its escrow's milestones. */
export const JOB = object({
  type: enumOf(['job']),
  ...BASE,
  poster: string(),
  spec: hex('SHA-256 of the job specification', 32),
  asset: string(),
  budget: decimal('the sum of the milestones, locked at posting'),
  milestones: array(JOB_MILESTONE),
  mode: enumOf(['single', 'contest', 'team']),
  applyByMs: integer(),
  deliverByMs: integer('the first-delivery deadline (milestone 0); from then an idle worker may be replaced'),
  deadlineMs: integer('the last delivery deadline; a contest\'s award deadline'),
  reviewWindowMs: integer(),
  arbiters: array(object({ address: string(), fee: decimal('in the job asset; 0: none') })),
  arbiterWindowMs: nullable(integer()),
  bond: nullable(decimal('the bond an applicant puts up; null: none')),
  requires: nullable(CREDENTIAL_NAME),
  state: enumOf(['open', 'assigned', 'closed']),
  available: decimal('the budget not in an escrow and not awarded'),
  bonds: decimal('the bonds not yet returned or forfeited'),
  applicants: array(JOB_APPLICANT, { description: 'every application, by applicant address (at most JOB_APPLICANTS_MAX = 64)' }),
  assignments: integer('escrows opened so far'),
  worker: nullable(string('the assigned applicant (a team: its lead)')),
  escrow: nullable(string("the current assignment's escrow")),
  now: object({
    applyOpen: boolean('open and block time < applyByMs: job.apply could succeed on these grounds'),
    replaceable: boolean('assigned, past deliverByMs, and no milestone delivered or settled: job.replace could succeed'),
  }),
});

export const CONTRACT = oneOf([ESCROW, OFFER, SPLIT, RENTAL, STREAM, LISTING, ORG_CONTRACT, JOB], 'one of eight shapes, by `type`');

export const ACCOUNT_CONTRACT = object({
  address: string(),
  type: enumOf(['escrow', 'offer', 'split', 'rental', 'stream', 'listing', 'org', 'job']),
  status: string('escrow/offer/listing state, rental/stream status, `active` for a split'),
  // Typed as string[]: the node collects roles as text from each contract kind's parties.
  roles: array(widen(enumOf(['payer', 'payee', 'arbiter', 'maker', 'counterparty', 'taker', 'creator', 'member', 'owner', 'renter']))),
  height: integer('the newest tx of this page that gave the address a role in it'),
  index: integer(),
});

export const ACCOUNT_CONTRACTS = object({
  address: string(),
  contracts: array(ACCOUNT_CONTRACT, { description: 'newest first; each contract once per page' }),
  next: nullable(string('cursor for `after`')),
});

export const ITEM_RENTAL = object({ item: string(), rental: nullable(RENTAL), user: nullable(string()), at: CONTRACT_CLOCK });

export type HoldingJson = Static<typeof HOLDING>;
export type ContractClock = Static<typeof CONTRACT_CLOCK>;
export type EscrowTrancheJson = Static<typeof ESCROW_TRANCHE>;
export type EscrowContractJson = Static<typeof ESCROW>;
export type OfferContractJson = Static<typeof OFFER>;
export type SplitContractJson = Static<typeof SPLIT>;
export type BookingPhaseJson = Static<typeof BOOKING_PHASE>;
export type RentalBookingJson = Static<typeof BOOKING>;
export type RentalContractJson = Static<typeof RENTAL>;
export type StreamContractJson = Static<typeof STREAM>;
export type ListingContractJson = Static<typeof LISTING>;
export type CredentialNameJson = Static<typeof CREDENTIAL_NAME>;
export type JobMilestoneJson = Static<typeof JOB_MILESTONE>;
export type JobApplicantJson = Static<typeof JOB_APPLICANT>;
export type JobContractJson = Static<typeof JOB>;
export type ContractResponse = Static<typeof CONTRACT>;
export type ContractType = ContractResponse['type'];
export type AccountContractJson = Static<typeof ACCOUNT_CONTRACT>;
export type AccountContractsResponse = Static<typeof ACCOUNT_CONTRACTS>;
export type ItemRentalResponse = Static<typeof ITEM_RENTAL>;

// ---- routes -------------------------------------------------------------------------------------

export const CONTRACT_ROUTES = {
  contract: {
    ...PATHS.contract,
    operationId: 'getContract',
    summary: 'a contract (escrow, offer, split, rental, stream, listing, org, job): its record decoded, what it holds, and what the latest block time makes of it `now` (lazy settlement, nothing written)',
    tag: 'contracts',
    params: CONTRACT_PARAMS,
    responses: { 200: { description: 'the contract, by `type`', schema: CONTRACT }, 400: errorResponse('`bad_address`'), 404: errorResponse('`unknown_contract`') },
  },
  accountContracts: {
    ...PATHS.accountContracts,
    operationId: 'getAccountContracts',
    summary: `contracts in which an address has a role, newest first, from the txs touching it; each request visits at most ${CONTRACTS_SCAN_TXS_MAX} txs, so follow \`next\` until null`,
    tag: 'contracts',
    params: CONTRACT_PARAMS,
    query: ACCOUNT_CONTRACTS_QUERY,
    responses: {
      200: { description: 'a page (it may hold fewer contracts than `limit`, even none, with a non-null `next`)', schema: ACCOUNT_CONTRACTS },
      400: errorResponse('`bad_address` or `bad_request`'),
    },
  },
  itemRental: {
    ...PATHS.itemRental,
    operationId: 'getItemRental',
    summary: "an item's open rental offer (null when none) and who uses it at the latest block time",
    tag: 'contracts',
    params: ITEM_PARAMS,
    responses: { 200: { description: 'the rental and the user', schema: ITEM_RENTAL }, 400: errorResponse('`bad_item_id`'), 404: errorResponse('`unknown_item`') },
  },
} satisfies { [name: string]: RouteSpec };
