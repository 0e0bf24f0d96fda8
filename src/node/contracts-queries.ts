import type {
  AccountContractJson,
  AccountContractsResponse,
  ContractClock,
  ContractResponse,
  EscrowContractJson,
  HoldingJson,
  ItemRentalResponse,
  JobApplicantJson,
  JobContractJson,
  ListingContractJson,
  OfferContractJson,
  RentalContractJson,
  SplitContractJson,
  StreamContractJson,
} from '../client/types.ts';
import type { CborMap } from '../codec/shape.ts';
import { getContractRecord, type ContractType } from '../ledger/accounts/contract-account.ts';
import { decodeEscrow, heldTranches, isExpired, isLapsed, trancheDefault, trancheDueMs } from '../ledger/contracts/escrow-state.ts';
import { decodeListing, isListingClosedAt } from '../ledger/market/listing-state.ts';
import { toHex } from '../crypto/hash.ts';
import { decodeOffer } from '../ledger/contracts/offer-state.ts';
import { owedBy, type Owed } from '../ledger/contracts/owed.ts';
import { decodeRental, itemUser, phaseAt, settleDue } from '../ledger/contracts/rental/state.ts';
import { decodeSplit } from '../ledger/accounts/split-state.ts';
import { accruedAt, decodeStream, withdrawableAt } from '../ledger/contracts/stream-state.ts';
import type { Holding } from '../ledger/contracts/value-types.ts';
import { getItem } from '../ledger/records/item-state.ts';
import { JOB_APPLICANTS_MAX } from '../ledger/limits.ts';
import { applicationKey, budgetOf, decodeJob, getApplication } from '../ledger/work/state.ts';
import { getRentalMark } from '../ledger/records/rented.ts';
import type { StateReader } from '../ledger/state.ts';
import type { LedgerEvent, Receipt } from '../ledger/types.ts';
import type { TxLocation } from '../store/chain-store.ts';
import { NodeError } from './errors.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { CONTRACTS_SCAN_TXS_MAX } from '../wire/limits.ts';
import { checkAddress } from './queries.ts';
import { checkItemId } from './records-queries.ts';
import { orgContractToJson } from './org-queries.ts';

/**
 * The read side of the contracts module (spec/ledger.md §8) as plain functions over the committed
 * state, returning the JSON shapes of src/client/types.ts for the HTTP routes, the SDK and the CLI.
 * Each record is decoded by its module's own decoder; what block time makes of it "now" (an expired
 * escrow's default, a stream's accrual, a booking's phase, the item's user) is computed with the
 * module's own pure functions at the latest block time, and nothing is written (lazy settlement,
 * §8.1). Bad input throws NodeError with its code.
 */

/** What these queries read: the state, the per-address tx index and the receipts (ChainStore has all three). */
export interface ContractsStore extends StateReader {
  txsOfAddress(address: string, limit: number, before?: TxLocation): { id: string; height: number; index: number }[];
  getReceipt(id: string): Receipt | undefined;
}

/** Txs of an address one GET /v1/accounts/:address/contracts visits at most: the bound on its work (src/wire/limits.ts). */
export { CONTRACTS_SCAN_TXS_MAX };
/** Txs read from the address index per store call while scanning. */
const SCAN_CHUNK = 100;

function holdingToJson(holding: Holding): HoldingJson {
  return { assets: (holding.assets ?? []).map(({ asset, amount }) => ({ asset, amount: amount.toString() })), items: [...(holding.items ?? [])] };
}

function owedToJson(owed: Owed): HoldingJson {
  return { assets: [...owed.assets].map(([asset, amount]) => ({ asset, amount: amount.toString() })), items: [...owed.items] };
}

function escrowToJson(address: string, record: CborMap, at: ContractClock): EscrowContractJson {
  const escrow = decodeEscrow(address, record);
  const lapsed = isLapsed(escrow, at.timeMs);
  const held = heldTranches(escrow);
  // What escrow.settle would apply now (spec/ledger.md §8.2.7): on a lapsed dispute onExpiry to every
  // held tranche; on an open escrow each due tranche's own default; nothing while the arbiter decides.
  const due = escrow.state === 'disputed' ? (lapsed ? held.map(() => escrow.onExpiry) : []) : escrow.state === 'open' ? held.filter((t) => trancheDueMs(escrow, t) <= at.timeMs).map((t) => trancheDefault(escrow, t)) : [];
  const defaultDue = due.length === 0 ? null : due.every((d) => d === due[0]) ? due[0] : 'mixed';
  const lapsesAtMs = escrow.disputedAtMs !== undefined && escrow.arbiterWindowMs !== undefined ? escrow.disputedAtMs + escrow.arbiterWindowMs : null;
  return {
    type: 'escrow',
    address,
    payer: escrow.payer,
    payee: escrow.payee,
    arbiter: escrow.arbiter ?? null,
    deadlineMs: escrow.deadlineMs,
    onExpiry: escrow.onExpiry,
    state: escrow.state,
    tranches: escrow.tranches.map((tranche, index) => ({
      tranche: index,
      ...holdingToJson(tranche),
      status: tranche.status,
      deliveredAtMs: tranche.deliveredAtMs ?? null,
      reviewEndsMs: tranche.deliveredAtMs === undefined ? null : trancheDueMs(escrow, tranche),
      document: tranche.document === undefined ? null : toHex(tranche.document),
      dueMs: trancheDueMs(escrow, tranche),
      defaultAtDue: trancheDefault(escrow, tranche),
    })),
    reviewWindowMs: escrow.reviewWindowMs ?? null,
    arbiterFee: escrow.arbiterFee === undefined ? null : { asset: escrow.arbiterFee.asset, amount: escrow.arbiterFee.amount.toString() },
    arbiterWindowMs: escrow.arbiterWindowMs ?? null,
    disputedAtMs: escrow.disputedAtMs ?? null,
    lapsesAtMs,
    resolvedToPayee: escrow.resolvedToPayee === undefined ? null : holdingToJson(escrow.resolvedToPayee),
    createdAt: escrow.createdAt,
    holds: owedToJson(owedBy('escrow', address, record)),
    at,
    now: {
      expired: isExpired(escrow, at.timeMs),
      defaultDue,
      // The checks of escrow.dispute (spec/ledger.md §8.2): an arbiter, not disputed, no held tranche due.
      disputable: escrow.state === 'open' && escrow.arbiter !== undefined && held.every((t) => trancheDueMs(escrow, t) > at.timeMs),
      lapsed,
    },
  };
}

function listingToJson(address: string, record: CborMap, at: ContractClock): ListingContractJson {
  const listing = decodeListing(address, record);
  const { terms } = listing;
  const expired = at.timeMs >= terms.expiresAtMs;
  return {
    type: 'listing',
    address,
    seller: listing.seller,
    kind: listing.kind,
    target: listing.target ?? null,
    version: listing.version,
    state: listing.state,
    bond: listing.bond.toString(),
    bondAsset: listing.bondAsset,
    terms: {
      title: terms.title,
      termsHash: toHex(terms.termsHash),
      metadata: terms.metadata ?? null,
      price: { asset: terms.price.asset, amount: terms.price.amount.toString() },
      stock: terms.stock,
      handlingMs: terms.handlingMs,
      reviewWindowMs: terms.reviewWindowMs,
      arbiterWindowMs: terms.arbiterWindowMs,
      arbiters: terms.arbiters.map((arbiter) => ({ address: arbiter.address, fee: arbiter.fee.toString() })),
      requires: terms.requires === undefined ? null : { registry: terms.requires.registry, type: terms.requires.type },
      expiresAtMs: terms.expiresAtMs,
    },
    createdAt: listing.createdAt,
    holds: owedToJson(owedBy('listing', address, record)),
    at,
    now: { expired, orderable: listing.state === 'active' && !isListingClosedAt(listing, at.timeMs) && (listing.kind === 'goods' || listing.kind === 'service') && terms.stock > 0 },
  };
}

function offerToJson(address: string, record: CborMap, at: ContractClock): OfferContractJson {
  const offer = decodeOffer(address, record);
  const expired = at.timeMs >= offer.deadlineMs;
  return {
    type: 'offer',
    address,
    maker: offer.maker,
    counterparty: offer.counterparty ?? null,
    give: holdingToJson(offer.give),
    ask: holdingToJson(offer.ask),
    deadlineMs: offer.deadlineMs,
    requires: offer.requires === undefined ? null : { registry: offer.requires.registry, type: offer.requires.type },
    state: offer.state,
    createdAt: offer.createdAt,
    holds: owedToJson(owedBy('offer', address, record)),
    at,
    now: { expired, acceptable: offer.state === 'open' && !expired },
  };
}

function splitToJson(address: string, record: CborMap, at: ContractClock): SplitContractJson {
  const split = decodeSplit(address, record);
  return {
    type: 'split',
    address,
    creator: split.creator,
    members: split.members.map(({ address: member, weight }) => ({ address: member, weight })),
    totalWeight: split.members.reduce((sum, member) => sum + member.weight, 0),
    createdAt: split.createdAt,
    holds: owedToJson(owedBy('split', address, record)),
    at,
  };
}

function rentalToJson(store: StateReader, address: string, record: CborMap, at: ContractClock): RentalContractJson {
  const rental = decodeRental(record);
  const { payouts } = settleDue(rental, at.timeMs);
  return {
    type: 'rental',
    address,
    item: rental.item,
    owner: rental.owner,
    asset: rental.asset,
    pricePerPeriod: rental.pricePerPeriod.toString(),
    periodMs: rental.periodMs,
    minPeriods: rental.minPeriods,
    maxPeriods: rental.maxPeriods,
    deposit: rental.deposit.toString(),
    arbiter: rental.arbiter ?? null,
    claimWindowMs: rental.claimWindowMs,
    requires: rental.requires === undefined ? null : { registry: rental.requires.registry, type: rental.requires.type },
    status: rental.status,
    nextBooking: rental.nextBooking,
    bookings: rental.bookings.map((booking) => ({
      booking: booking.booking,
      renter: booking.renter,
      startMs: booking.startMs,
      endMs: booking.endMs,
      periods: booking.periods,
      price: booking.price.toString(),
      deposit: booking.deposit.toString(),
      state: booking.state,
      endedMs: booking.endedMs ?? null,
      phase: phaseAt(rental, booking, at.timeMs),
    })),
    createdAt: rental.createdAt,
    holds: owedToJson(owedBy('rental', address, record)),
    at,
    now: {
      // Only an open rental has the item's mark; a closed one has no user.
      user: rental.status === 'open' ? (itemUser(store, rental.item, at.timeMs) ?? null) : null,
      due: payouts.map(({ booking, toOwner, toRenter }) => ({ booking: booking.booking, toOwner: toOwner.toString(), toRenter: toRenter.toString() })),
    },
  };
}

const MS_PER_SECOND = 1000n;

function streamToJson(address: string, record: CborMap, at: ContractClock): StreamContractJson {
  const stream = decodeStream(record);
  // The whole deposit has accrued after ⌈deposit / rate⌉ whole seconds (spec/ledger.md §8.6).
  const seconds = (stream.deposit + stream.ratePerSecond - 1n) / stream.ratePerSecond;
  const endsMs = BigInt(stream.startMs) + seconds * MS_PER_SECOND;
  return {
    type: 'stream',
    address,
    payer: stream.payer,
    payee: stream.payee,
    asset: stream.asset,
    ratePerSecond: stream.ratePerSecond.toString(),
    deposit: stream.deposit.toString(),
    startMs: stream.startMs,
    withdrawn: stream.withdrawn.toString(),
    status: stream.status,
    stoppedMs: stream.stoppedMs ?? null,
    createdAt: stream.createdAt,
    holds: owedToJson(owedBy('stream', address, record)),
    at,
    now: {
      accrued: accruedAt(stream, at.timeMs).toString(),
      withdrawable: withdrawableAt(stream, at.timeMs).toString(),
      endsMs: endsMs <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(endsMs) : null,
    },
  };
}

/** A job's applications (spec/work.md §1): at most JOB_APPLICANTS_MAX keys under `jobapp/<job>/`, one bounded scan. */
function jobApplicants(store: StateReader, job: string): JobApplicantJson[] {
  const prefix = applicationKey(job, '');
  return store.scanState(prefix, JOB_APPLICANTS_MAX).map(({ key }) => {
    const applicant = key.slice(prefix.length);
    const app = getApplication(store, job, applicant);
    if (app === undefined) throw new NodeError('internal', `application ${key} vanished between two reads`);
    return {
      applicant,
      proposal: toHex(app.proposal),
      bid: app.bid?.toString() ?? null,
      payee: app.payee ?? null,
      bond: app.bond.toString(),
      status: app.status,
      awarded: app.awarded?.toString() ?? null,
    };
  });
}

function jobToJson(store: StateReader, address: string, record: CborMap, at: ContractClock): JobContractJson {
  const job = decodeJob(address, record);
  const found = job.escrow === undefined ? undefined : getContractRecord(store, job.escrow);
  if (job.escrow !== undefined && found?.type !== 'escrow') throw new NodeError('internal', `job ${address} names escrow ${job.escrow}, which has no escrow record`);
  const escrow = found === undefined || job.escrow === undefined ? undefined : decodeEscrow(job.escrow, found.record);
  // The checks of job.replace (spec/work.md §3.6, work/assign.ts) but the signer: nothing delivered or paid, not disputed.
  const untouched = escrow !== undefined && escrow.state !== 'disputed' && escrow.tranches.every((t) => t.deliveredAtMs === undefined && t.status !== 'released' && t.status !== 'resolved');
  return {
    type: 'job',
    address,
    poster: job.poster,
    spec: toHex(job.spec),
    asset: job.asset,
    budget: budgetOf(job).toString(),
    milestones: job.milestones.map((amount, milestone) => {
      const tranche = escrow?.tranches[milestone];
      return {
        milestone,
        amount: amount.toString(),
        phase: tranche?.status ?? null,
        deliveredAtMs: tranche?.deliveredAtMs ?? null,
        reviewEndsMs: escrow === undefined || tranche?.deliveredAtMs === undefined ? null : trancheDueMs(escrow, tranche),
        dueMs: escrow === undefined || tranche === undefined ? null : trancheDueMs(escrow, tranche),
        document: tranche?.document === undefined ? null : toHex(tranche.document),
      };
    }),
    mode: job.mode,
    applyByMs: job.applyByMs,
    deliverByMs: job.deliverByMs,
    deadlineMs: job.deadlineMs,
    reviewWindowMs: job.reviewWindowMs,
    arbiters: job.arbiters.map((a) => ({ address: a.address, fee: a.fee.toString() })),
    arbiterWindowMs: job.arbiterWindowMs ?? null,
    bond: job.bond?.toString() ?? null,
    requires: job.requires === undefined ? null : { registry: job.requires.registry, type: job.requires.type },
    state: job.state,
    available: job.available.toString(),
    bonds: job.bonds.toString(),
    applicants: jobApplicants(store, address),
    assignments: job.assignments,
    worker: job.worker ?? null,
    escrow: job.escrow ?? null,
    createdAt: job.createdAt,
    holds: owedToJson(owedBy('job', address, record)),
    at,
    now: {
      applyOpen: job.state === 'open' && at.timeMs < job.applyByMs,
      replaceable: job.state === 'assigned' && at.timeMs >= job.deliverByMs && untouched,
    },
  };
}

function contractToJson(store: StateReader, address: string, type: ContractType, record: CborMap, at: ContractClock): ContractResponse {
  switch (type) {
    case 'escrow':
      return escrowToJson(address, record, at);
    case 'offer':
      return offerToJson(address, record, at);
    case 'split':
      return splitToJson(address, record, at);
    case 'rental':
      return rentalToJson(store, address, record, at);
    case 'stream':
      return streamToJson(address, record, at);
    case 'listing':
      return listingToJson(address, record, at);
    case 'org':
      return orgContractToJson(address, record, at);
    case 'job':
      return jobToJson(store, address, record, at);
    default:
      throw new NodeError('internal', `contract ${address} has type "${String(type)}", which no module reads`);
  }
}

/**
 * The contract at `address` with what block time `at` makes of it, or undefined when the address is
 * not a contract (an ordinary account, or unused). One state read.
 */
export function queryContract(store: StateReader, at: ContractClock, address: string): ContractResponse | undefined {
  checkAddress(address);
  const found = getContractRecord(store, address);
  return found === undefined ? undefined : contractToJson(store, address, found.type, found.record, at);
}

/** The item's open rental (its `rentalitem/` mark, spec/ledger.md §7.1) and who uses it at `at`. */
export function queryItemRental(store: StateReader, at: ContractClock, id: string): ItemRentalResponse | undefined {
  if (getItem(store, checkItemId(id)) === undefined) return undefined;
  const mark = getRentalMark(store, id);
  const found = mark === undefined ? undefined : getContractRecord(store, mark.rental);
  if (mark === undefined || found === undefined || found.type !== 'rental') return { item: id, rental: null, user: null, at };
  const rental = rentalToJson(store, mark.rental, found.record, at);
  return { item: id, rental, user: rental.now.user, at };
}

// ---------------------------------------------------------------------------------------------
// An address's contracts, from the txs that touch it (the `address-txs` index of spec/store.md).

/** The event families of the contract module: the attribute named after each holds the contract's address. */
const FAMILIES: readonly ContractType[] = ['escrow', 'offer', 'split', 'rental', 'stream'];
/** Attributes of contract events that name a party (spec/ledger.md §8.2–§8.6), used as role names. */
const ROLE_ATTRIBUTES = ['payer', 'payee', 'arbiter', 'maker', 'counterparty', 'taker', 'creator', 'owner', 'renter'] as const;

/**
 * The contracts `event` gives `address` a role in, with the roles: a contract event naming the address
 * as a party, a `split.created` listing it as a member (`address:weight,…`), or a `transfer` from a
 * split to it (a forwarded payment; one state read, cached in `splits`).
 */
function rolesIn(store: StateReader, address: string, event: LedgerEvent, splits: Map<string, boolean>): [string, string[]][] {
  const family = event.type.slice(0, event.type.indexOf('.')) as ContractType;
  const { attributes } = event;
  if (FAMILIES.includes(family) && typeof attributes[family] === 'string') {
    const roles: string[] = ROLE_ATTRIBUTES.filter((role) => attributes[role] === address);
    if (event.type === 'split.created' && (attributes.members ?? '').split(',').some((member) => member.slice(0, member.lastIndexOf(':')) === address)) roles.push('member');
    return roles.length > 0 ? [[attributes[family], roles]] : [];
  }
  if (event.type === 'transfer' && attributes.to === address && attributes.from !== undefined) {
    const from = attributes.from;
    if (!splits.has(from)) splits.set(from, getContractRecord(store, from)?.type === 'split');
    if (splits.get(from) === true) return [[from, ['member']]];
  }
  return [];
}

function statusOf(contract: ContractResponse): string {
  switch (contract.type) {
    case 'escrow':
    case 'offer':
    case 'listing':
    case 'job':
      return contract.state;
    case 'rental':
    case 'stream':
      return contract.status;
    case 'split':
    case 'org':
      return 'active';
  }
}

function parseAfter(after: string | undefined): TxLocation | undefined {
  if (after === undefined) return undefined;
  const match = /^([0-9]{1,15})\.([0-9]{1,9})$/.exec(after);
  if (match === null) throw new NodeError('bad_request', 'after: expected HEIGHT.INDEX, the `next` of the previous page');
  return { height: Number(match[1]), index: Number(match[2]) };
}

/**
 * The contracts in which `address` has a role, newest first, at most `limit` per page. Derived on the
 * node from the txs that touch the address (no ledger index): their receipts' contract events name the
 * contract and its parties. Each request visits at most CONTRACTS_SCAN_TXS_MAX txs, so a page may hold
 * fewer than `limit` contracts (even none) with a non-null `next`; the contracts of one tx are never
 * split across pages. A contract appears once per page, and may appear again on a later page
 * when the address also had a role in it in older txs (e.g. a renter booking twice): merge by address.
 */
export function queryAccountContracts(store: ContractsStore, at: ContractClock, address: string, limit: number, after?: string): AccountContractsResponse {
  checkAddress(address);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) throw new NodeError('bad_request', `limit: 1 to ${PAGE_LIMIT_MAX}`);
  let cursor = parseAfter(after);
  const found = new Map<string, { roles: Set<string>; height: number; index: number }>();
  const splits = new Map<string, boolean>();
  let visited = 0;
  let lastVisited: TxLocation | undefined;
  while (visited < CONTRACTS_SCAN_TXS_MAX) {
    const wanted = Math.min(SCAN_CHUNK, CONTRACTS_SCAN_TXS_MAX - visited);
    const txs = store.txsOfAddress(address, wanted, cursor);
    for (const tx of txs) {
      const receipt = store.getReceipt(tx.id);
      if (receipt === undefined) throw new NodeError('internal', `tx ${tx.id} is indexed for ${address} but has no receipt`);
      const fresh = new Map<string, string[]>();
      for (const event of receipt.events) {
        for (const [contract, roles] of rolesIn(store, address, event, splits)) fresh.set(contract, [...(fresh.get(contract) ?? []), ...roles]);
      }
      const added = [...fresh.keys()].filter((contract) => !found.has(contract)).length;
      // A tx's contracts are never split across pages: stop before the tx that would pass the limit.
      if (found.size > 0 && found.size + added > limit) return page(store, at, address, found, lastVisited);
      for (const [contract, roles] of fresh) {
        const entry = found.get(contract) ?? { roles: new Set<string>(), height: tx.height, index: tx.index };
        for (const role of roles) entry.roles.add(role);
        found.set(contract, entry);
      }
      visited += 1;
      lastVisited = { height: tx.height, index: tx.index };
      if (found.size >= limit) return page(store, at, address, found, lastVisited);
    }
    if (txs.length < wanted || lastVisited === undefined) return page(store, at, address, found, undefined);
    cursor = lastVisited;
  }
  return page(store, at, address, found, lastVisited);
}

/**
 * The page of the contracts found, with `next` after `last` (undefined: the address has no older tx).
 * A `next` may lead to an empty last page when the limit was reached on the address's oldest tx.
 */
function page(store: StateReader, at: ContractClock, address: string, found: Map<string, { roles: Set<string>; height: number; index: number }>, last: TxLocation | undefined): AccountContractsResponse {
  const contracts: AccountContractJson[] = [];
  for (const [contract, entry] of found) {
    const view = queryContract(store, at, contract);
    if (view === undefined) throw new NodeError('internal', `an event names contract ${contract}, which has no record`);
    contracts.push({ address: contract, type: view.type, status: statusOf(view), roles: [...entry.roles].sort(), height: entry.height, index: entry.index });
  }
  return { address, contracts, next: last === undefined ? null : `${last.height}.${last.index}` };
}
