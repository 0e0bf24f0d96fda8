// Property: random markets — listings created, updated, paused and closed, orders bought, delivered,
// confirmed, disputed, resolved, refunded and settled, credentials issued and revoked, with time
// steps — keep every invariant after every tx (a contract account, listing or escrow, holds exactly
// what it owes; supply equals the sum of balances; checkContractInvariants), and once every window
// has passed one escrow.settle from anyone ends every order settled: each escrow closed, each order
// marked settled, and its division (seller + buyer + arbiter fee) equal to its total. Seeded by
// fast-check: a failure prints the seed and the shrunk sequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { CONTRACT_PREFIX, getContractRecord } from '../../../src/ledger/accounts/contract-account.ts';
import { decodeEscrow } from '../../../src/ledger/contracts/escrow-state.ts';
import { decodeListing, type Listing } from '../../../src/ledger/market/listing-state.ts';
import { getOrder } from '../../../src/ledger/market/order-state.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import type { LedgerEvent, TxKind, TxPayloads } from '../../../src/ledger/types.ts';
import { run, tx } from '../records-fixtures.ts';
import { at, balance, checkAllContracts } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, HOUR_MS, chairTerms, marketWorld } from './market-fixtures.ts';

const KEYS: KeyPair[] = [ALICE, BOB, CAROL, DAVE];
const KYC = { registry: 'kyc-eu', type: 'kyc' };
const who = fc.nat(KEYS.length - 1);
const pick = fc.nat(1000);
const smart = fc.boolean();

const operation = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const), actor: who, price: fc.bigInt(1n, 400n), stock: fc.integer({ min: 0, max: 4 }), arbiters: fc.uniqueArray(who, { maxLength: 2 }), fee: fc.bigInt(0n, 60n), requires: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update' as const), actor: who, smart, listing: pick, price: fc.bigInt(1n, 400n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), actor: who, smart, listing: pick, paused: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), actor: who, smart, listing: pick }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('buy' as const), actor: who, smart, listing: pick, quantity: fc.integer({ min: 1, max: 3 }), arbiter: fc.option(who, { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.deliver' as const), actor: who, smart, order: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.release' as const), actor: who, smart, order: pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.dispute' as const), actor: who, smart, order: pick, byBuyer: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('escrow.resolve' as const), actor: who, smart, order: pick, part: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escrow.refund' as const), actor: who, smart, order: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('escrow.settle' as const), actor: who, smart, order: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('credential' as const), actor: who, to: who, revoke: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('time' as const), hours: fc.integer({ min: 0, max: 40 }) }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface Market {
  state: MemoryState;
  timeMs: number;
  listings: string[];
  orders: string[];
  settled: LedgerEvent[];
}

/** MARKET_COVERAGE=1 prints how often each kind succeeded and failed, and with which code. */
const coverage = new Map<string, number>();
const choose = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
const keyOf = (address: string | undefined): KeyPair => KEYS.find((k) => k.address === address) ?? ALICE;

function listingAt(m: Market, address: string): Listing {
  return decodeListing(address, getContractRecord(m.state, address)!.record);
}

function send<K extends TxKind>(m: Market, key: KeyPair, kind: K, payload: TxPayloads[K]): LedgerEvent[] | undefined {
  const outcome = run(m.state, tx(m.state, key, kind, payload), at(m.timeMs));
  checkAllContracts(m.state);
  assert.ok(outcome.result.admitted, `${kind} not admitted`);
  const tally = `${kind} ${outcome.result.receipt.code}`;
  coverage.set(tally, (coverage.get(tally) ?? 0) + 1);
  if (outcome.result.receipt.code !== 'ok') return undefined;
  const events = outcome.result.receipt.events;
  m.settled.push(...events.filter((e) => e.type === 'market.settled'));
  return events;
}

function orderStep(m: Market, op: Extract<Operation, { order: number }>): void {
  // Smart: an order whose escrow is not closed yet (disputed, to resolve).
  const open = m.orders.filter((o) => {
    const state = decodeEscrow(o, getContractRecord(m.state, o)!.record).state;
    return op.kind === 'escrow.resolve' ? state === 'disputed' : state !== 'closed';
  });
  const id = choose(op.smart && open.length > 0 ? open : m.orders, op.order);
  if (id === undefined) return;
  const order = getOrder(m.state, id)!;
  const escrow = decodeEscrow(id, getContractRecord(m.state, id)!.record);
  const signer = (right: string | undefined): KeyPair => (op.smart ? keyOf(right) : KEYS[op.actor]);
  switch (op.kind) {
    case 'escrow.deliver':
      send(m, signer(order.seller), op.kind, { escrow: id, tranche: 0 });
      return;
    case 'escrow.release':
      send(m, signer(order.buyer), op.kind, { escrow: id, tranche: 0 });
      return;
    case 'escrow.dispute':
      send(m, signer(op.byBuyer ? order.buyer : order.seller), op.kind, { escrow: id });
      return;
    case 'escrow.refund':
      send(m, signer(order.seller), op.kind, { escrow: id });
      return;
    case 'escrow.settle':
      send(m, KEYS[op.actor], op.kind, { escrow: id });
      return;
    case 'escrow.resolve': {
      const toPayee = ((order.total - (escrow.arbiterFee?.amount ?? 0n)) * BigInt(op.part)) / 100n;
      send(m, signer(order.arbiter), op.kind, toPayee > 0n ? { escrow: id, toPayee: { assets: [{ asset: order.price.asset, amount: toPayee }] } } : { escrow: id });
    }
  }
}

function step(m: Market, op: Operation): void {
  const actor = 'actor' in op ? KEYS[op.actor] : ALICE;
  switch (op.kind) {
    case 'time':
      m.timeMs += op.hours * HOUR_MS;
      return;
    case 'list': {
      // arbiters other than the seller (the seller as arbiter is refused, bad_parties, in listings.test.ts)
      const arbiters = op.arbiters.filter((i) => i !== op.actor).map((i) => ({ address: KEYS[i].address, fee: op.fee }));
      const terms = chairTerms({ price: { asset: 'USD', amount: op.price }, stock: op.stock, arbiters, expiresAtMs: m.timeMs + 400 * HOUR_MS, ...(op.requires ? { requires: KYC } : {}) });
      const events = send(m, actor, 'market.list', { kind: 'goods', terms });
      const listed = events?.find((e) => e.type === 'market.listed');
      if (listed !== undefined) m.listings.push(listed.attributes.listing);
      return;
    }
    case 'credential':
      send(m, actor, op.revoke ? 'credential.revoke' : 'credential.issue', { ...KYC, to: KEYS[op.to].address });
      return;
    case 'update':
    case 'pause':
    case 'close':
    case 'buy': {
      const address = choose(m.listings, op.listing);
      if (address === undefined) return;
      const listing = listingAt(m, address);
      const seller = op.smart ? keyOf(listing.seller) : actor;
      if (op.kind === 'update') send(m, seller, 'market.update', { listing: address, terms: { ...listing.terms, price: { asset: 'USD', amount: op.price } } });
      else if (op.kind === 'pause') send(m, seller, 'market.pause', { listing: address, paused: op.paused });
      else if (op.kind === 'close') send(m, seller, 'market.close', { listing: address });
      else {
        // Smart: a buyer who is neither the seller nor the arbiter, and an arbiter the listing offers.
        const arbiter = op.smart ? choose(listing.terms.arbiters, op.arbiter ?? 0)?.address : op.arbiter === undefined ? undefined : KEYS[op.arbiter].address;
        const buyer = op.smart ? (KEYS.find((k, i) => i >= op.actor && k.address !== listing.seller && k.address !== arbiter) ?? KEYS.find((k) => k.address !== listing.seller && k.address !== arbiter)!) : actor;
        const events = send(m, buyer, 'market.buy', { listing: address, version: op.smart ? listing.version : 1, quantity: op.quantity, ...(arbiter !== undefined ? { arbiter } : {}) });
        const ordered = events?.find((e) => e.type === 'market.ordered');
        if (ordered !== undefined) m.orders.push(ordered.attributes.order);
      }
      return;
    }
    default:
      orderStep(m, op);
  }
}

test('random markets: invariants after every tx; every order ends settled and its division sums to its total', () => {
  fc.assert(
    fc.property(fc.array(operation, { minLength: 1, maxLength: 40, size: 'max' }), (operations) => {
      const w = marketWorld();
      send({ state: w.state, timeMs: H(0), listings: [], orders: [], settled: [] }, ALICE, 'transfer', { transfers: [{ to: CAROL.address, asset: 'USD', amount: 50_000n }, { to: DAVE.address, asset: 'USD', amount: 50_000n }] });
      const m: Market = { state: w.state, timeMs: H(1), listings: [w.listing], orders: [], settled: [] };
      const supplyBefore = balance(m.state, ALICE, 'USD') + balance(m.state, BOB, 'USD') + balance(m.state, CAROL, 'USD') + balance(m.state, DAVE, 'USD');
      for (const op of operations) step(m, op);
      // Every window passes (handling 48 h, review 72 h, arbiter 96 h); anyone settles what is left.
      m.timeMs += 1000 * HOUR_MS;
      for (const id of m.orders) {
        if (decodeEscrow(id, getContractRecord(m.state, id)!.record).state !== 'closed') assert.ok(send(m, DAVE, 'escrow.settle', { escrow: id }) !== undefined, `order ${id} did not settle`);
        assert.equal(decodeEscrow(id, getContractRecord(m.state, id)!.record).state, 'closed');
        assert.ok(getOrder(m.state, id)!.settledAtMs !== undefined, `order ${id} not marked settled`);
        assert.equal(balance(m.state, id, 'USD'), 0n);
      }
      assert.equal(m.settled.length, m.orders.length, 'one market.settled per order');
      for (const event of m.settled) {
        const order = getOrder(m.state, event.attributes.order)!;
        assert.equal(BigInt(event.attributes.toSeller) + BigInt(event.attributes.toBuyer) + BigInt(event.attributes.fee), order.total);
      }
      // USD never leaves the four keys once every order and listing has settled (bonds are AGR).
      const supplyAfter = balance(m.state, ALICE, 'USD') + balance(m.state, BOB, 'USD') + balance(m.state, CAROL, 'USD') + balance(m.state, DAVE, 'USD');
      assert.equal(supplyAfter, supplyBefore);
      // A listing account holds its bond until closed: no contract account holds USD.
      for (const key of [...m.state.entries.keys()].filter((k) => k.startsWith(CONTRACT_PREFIX))) assert.equal(balance(m.state, key.slice(CONTRACT_PREFIX.length), 'USD'), 0n);
    }),
    { numRuns: 80 },
  );
  if (process.env.MARKET_COVERAGE === '1') console.log([...coverage].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  for (const wanted of ['market.buy ok', 'escrow.deliver ok', 'escrow.release ok', 'escrow.resolve ok', 'escrow.settle ok', 'market.update ok', 'market.close ok']) assert.ok((coverage.get(wanted) ?? 0) > 0, `never reached: ${wanted}`);
});
