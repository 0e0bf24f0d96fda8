// Property (issue 14, "must show"; spec/market.md §4, §5, spec/reputation.md §1–§3): random markets
// whose trades come only from real market.buy orders, some priced in the native asset and some in
// USD (a token ALICE minted), carried through their escrows along every path — confirmed, delivered
// and auto-released, refunded, disputed and resolved, lapsed — with random review commits and reveals
// (honest or not, some with their text) at heights that open and close the review windows. After
// every tx the contract and value invariants hold, and a refused tx changes nothing but its signer's
// nonce; at the end, once every window has passed and anyone settled what was left: value is
// conserved, every escrow is closed and every order has its one trade, and the stored reputation
// aggregates equal a recomputation from the trade and review records (reputation-recomputed.ts).
// Seeded by fast-check: a failure prints the seed and the shrunk sequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex } from '../../../src/crypto/hash.ts';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { CONTRACT_PREFIX, getContractRecord } from '../../../src/ledger/accounts/contract-account.ts';
import { decodeEscrow } from '../../../src/ledger/contracts/escrow-state.ts';
import { REVIEW_COMMIT_BLOCKS } from '../../../src/ledger/limits.ts';
import { getOrder } from '../../../src/ledger/market/order-state.ts';
import { reviewCommitment, reviewTextHash, type ReviewContent } from '../../../src/ledger/market/reviews-state.ts';
import { getTrade, tradeIdFor } from '../../../src/ledger/market/trades.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import type { LedgerEvent, TxKind, TxPayloads } from '../../../src/ledger/types.ts';
import { CHAIN_ID, NO_FEES, context } from '../fixtures.ts';
import { run, tx } from '../records-fixtures.ts';
import { NATIVE, balance, checkAllContracts } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, HOUR_MS, chairTerms, listingOf, marketWorld } from './market-fixtures.ts';
import { recomputed, storedAggregates } from './reputation-recomputed.ts';

const KEYS: KeyPair[] = [ALICE, BOB, CAROL, DAVE];
const ASSETS = [NATIVE, 'USD'];
const who = fc.nat(KEYS.length - 1);
const pick = fc.nat(1000);

const reviewing = [
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blocks' as const), blocks: fc.constantFrom(1, 1000, REVIEW_COMMIT_BLOCKS) }) },
  // role: 0 the buyer reviews the seller, 1 the seller the buyer, 2 the buyer the arbiter, 3 the seller the arbiter.
  // mirror: the subject commits its review of the reviewer right after (when it may), so that reveals are not too early.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('commit' as const), trade: pick, role: fc.nat(3), rating: fc.integer({ min: 1, max: 5 }), text: fc.boolean(), mirror: fc.boolean() }) },
  // smart: one of the reviews committed and not yet revealed; else any slot, mostly refused.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('reveal' as const), trade: pick, role: fc.nat(3), lie: fc.nat(5), smart: fc.nat(4) }) },
] as const;
const reviewOperation = fc.oneof(...reviewing);

const operation = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const), seller: who, native: fc.boolean(), price: fc.bigInt(1n, 400n), arbiters: fc.uniqueArray(who, { minLength: 1, maxLength: 2 }), fee: fc.bigInt(0n, 30n) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('buy' as const), listing: pick, buyer: who, arbiter: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.deliver' as const), order: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.release' as const), order: pick }) },
  // resolve: the arbiter decides at once, that part (%) to the seller; else later, or never (a lapse).
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.dispute' as const), order: pick, byBuyer: fc.boolean(), resolve: fc.option(fc.nat(100), { nil: undefined, freq: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escrow.resolve' as const), order: pick, part: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escrow.refund' as const), order: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('escrow.settle' as const), order: pick, by: who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('time' as const), hours: fc.integer({ min: 0, max: 40 }) }) },
  ...reviewing,
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface Market {
  state: MemoryState;
  height: number;
  timeMs: number;
  listings: string[];
  orders: string[];
  trades: string[];
  /** What each committed review was made of, by trade/reviewer/subject, so that an honest reveal opens it. */
  committed: Map<string, Committed>;
  /** The code of the last tx sent. */
  lastCode: string;
}

interface Committed {
  trade: string;
  reviewer: KeyPair;
  subject: string;
  content: ReviewContent;
  text?: string;
  revealed: boolean;
}

/** Over all runs: each tx kind and its code, and what the aggregates were fed. */
const coverage = new Map<string, number>();
const count = (what: string): void => void coverage.set(what, (coverage.get(what) ?? 0) + 1);
const choose = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
const keyOf = (address: string): KeyPair => KEYS.find((k) => k.address === address)!;

function send<K extends TxKind>(m: Market, key: KeyPair, kind: K, payload: TxPayloads[K]): LedgerEvent[] | undefined {
  m.height += 1;
  const settling = kind === 'escrow.settle' ? decodeEscrow((payload as { escrow: string }).escrow, getContractRecord(m.state, (payload as { escrow: string }).escrow)!.record) : undefined;
  const outcome = run(m.state, tx(m.state, key, kind, payload), { ...context(NO_FEES, m.height), timeMs: m.timeMs });
  checkAllContracts(m.state);
  assert.ok(outcome.result.admitted, `${kind} not admitted`);
  const code = outcome.result.receipt.code;
  m.lastCode = code;
  count(`${kind} ${code}`);
  if (code !== 'ok') {
    assert.deepEqual([...outcome.diff.keys()], [`acct/${key.address}`], `${kind} refused ${code} changes nothing but the nonce`);
    return undefined;
  }
  const events = outcome.result.receipt.events;
  for (const e of events) if (e.type === 'trade.recorded') m.trades.push(e.attributes.trade);
  const settled = events.find((e) => e.type === 'market.settled');
  // Which path an escrow.settle ended: a lapsed dispute, a delivery released by itself, a refund at the handling deadline.
  if (settling !== undefined && settled !== undefined) count(settling.state === 'disputed' ? 'settled: lapse' : settled.attributes.toSeller !== '0' ? 'settled: auto-release' : 'settled: refund at the deadline');
  return events;
}

function orderStep(m: Market, op: Extract<Operation, { order: number }>): void {
  // Open orders; to dispute, those with an arbiter; to resolve, the disputed ones.
  const open = m.orders.filter((o) => {
    const escrow = decodeEscrow(o, getContractRecord(m.state, o)!.record);
    if (op.kind === 'escrow.resolve') return escrow.state === 'disputed';
    return escrow.state !== 'closed' && (op.kind !== 'escrow.dispute' || escrow.arbiter !== undefined);
  });
  const id = choose(open, op.order);
  if (id === undefined) return;
  const order = getOrder(m.state, id)!;
  const buyer = keyOf(order.buyer);
  const seller = keyOf(order.seller);
  if (op.kind === 'escrow.deliver') send(m, seller, op.kind, { escrow: id, tranche: 0 });
  else if (op.kind === 'escrow.release') send(m, buyer, op.kind, { escrow: id, tranche: 0 });
  else if (op.kind === 'escrow.dispute') {
    if (send(m, op.byBuyer ? buyer : seller, op.kind, { escrow: id }) !== undefined && op.resolve !== undefined) resolve(m, id, op.resolve);
  }
  else if (op.kind === 'escrow.refund') send(m, seller, op.kind, { escrow: id });
  else if (op.kind === 'escrow.settle') send(m, KEYS[op.by], op.kind, { escrow: id });
  else resolve(m, id, op.part);
}

/** The order's arbiter resolves its dispute, `part` % of what is divided to the seller. */
function resolve(m: Market, id: string, part: number): void {
  const order = getOrder(m.state, id)!;
  if (order.arbiter === undefined) return;
  const fee = decodeEscrow(id, getContractRecord(m.state, id)!.record).arbiterFee?.amount ?? 0n;
  const toPayee = ((order.total - fee) * BigInt(part)) / 100n;
  send(m, keyOf(order.arbiter), 'escrow.resolve', toPayee > 0n ? { escrow: id, toPayee: { assets: [{ asset: order.price.asset, amount: toPayee }] } } : { escrow: id });
}

/** The slot `role` names on `trade`: 0 the buyer reviews the seller, 1 the seller the buyer, 2 and 3 the buyer and the seller the arbiter (the other party without one). */
function slotOf(m: Market, trade: string, role: number): { reviewer: KeyPair; subject: string } {
  const record = getTrade(m.state, trade)!;
  const reviewer = keyOf(role % 2 === 0 ? record.buyer : record.seller);
  const other = role % 2 === 0 ? record.seller : record.buyer;
  return { reviewer, subject: role < 2 ? other : (record.arbiter ?? other) };
}

function commit(m: Market, trade: string, reviewer: KeyPair, subject: string, rating: number, withText: boolean): void {
  const slot = `${trade}/${reviewer.address}/${subject}`;
  const text = withText ? `rated ${rating} — “${slot.slice(0, 12)}”` : undefined;
  const content: ReviewContent = { rating, salt: new Uint8Array(32).fill(rating), ...(text === undefined ? {} : { textHash: reviewTextHash(text) }) };
  const commitment = reviewCommitment(CHAIN_ID, fromHex(trade), reviewer.address, subject, content);
  if (send(m, reviewer, 'review.commit', { trade: fromHex(trade), subject, commitment }) !== undefined) m.committed.set(slot, { trade, reviewer, subject, content, text, revealed: false });
}

function reviewStep(m: Market, op: Extract<Operation, { trade: number }>): void {
  const pending = [...m.committed.values()].filter((c) => !c.revealed);
  const chosen = op.kind === 'reveal' && op.smart > 0 ? choose(pending, op.trade) : undefined;
  const trade = chosen?.trade ?? choose(m.trades, op.trade);
  if (trade === undefined) return;
  const record = getTrade(m.state, trade)!;
  const { reviewer, subject } = chosen ?? slotOf(m, trade, op.role);
  const slot = `${trade}/${reviewer.address}/${subject}`;
  if (op.kind === 'commit') {
    commit(m, trade, reviewer, subject, op.rating, op.text);
    if (op.mirror && (subject === record.buyer || subject === record.seller)) commit(m, trade, keyOf(subject), reviewer.address, 6 - op.rating, !op.text);
    return;
  }
  const kept = m.committed.get(slot) ?? { content: { rating: 3, salt: new Uint8Array(32) }, text: undefined };
  // lie 0: another rating than committed, lie 1: another text (both reveal_mismatch); else honest.
  const content = op.lie === 0 ? { ...kept.content, rating: (kept.content.rating % 5) + 1 } : kept.content;
  const text = kept.text === undefined ? undefined : op.lie === 1 ? `${kept.text}!` : kept.text;
  const events = send(m, reviewer, 'review.reveal', { trade: fromHex(trade), subject, ...content, ...(text === undefined ? {} : { text }) });
  if (events === undefined && op.lie === 1 && kept.text !== undefined && m.lastCode === 'reveal_mismatch') count('another text refused');
  if (events === undefined) return;
  m.committed.get(slot)!.revealed = true;
  count(record.asset === NATIVE && record.amount > 0n ? 'revealed with native weight' : 'revealed without weight');
  if (text !== undefined) count('revealed with its text');
  if (subject === record.arbiter) count('revealed of an arbiter');
}

function step(m: Market, op: Operation): void {
  switch (op.kind) {
    case 'time':
      m.timeMs += op.hours * HOUR_MS;
      return;
    case 'blocks':
      m.height += op.blocks;
      return;
    case 'list': {
      const arbiters = op.arbiters.filter((i) => i !== op.seller).map((i) => ({ address: KEYS[i].address, fee: op.fee }));
      const terms = chairTerms({ price: { asset: op.native ? NATIVE : 'USD', amount: op.price }, stock: 1000, arbiters, expiresAtMs: m.timeMs + 10_000 * HOUR_MS });
      const listed = send(m, KEYS[op.seller], 'market.list', { kind: 'goods', terms })?.find((e) => e.type === 'market.listed');
      if (listed !== undefined) m.listings.push(listed.attributes.listing);
      return;
    }
    case 'buy': {
      const address = choose(m.listings, op.listing);
      if (address === undefined) return;
      const listing = listingOf(m.state, address);
      const buyer = KEYS[op.buyer];
      if (buyer.address === listing.seller) return;
      // arbiter 0: none; else one the listing offers other than the buyer (itself is refused, bad_parties, in orders.test.ts).
      const arbiter = op.arbiter === 0 ? undefined : choose(listing.terms.arbiters.filter((a) => a.address !== buyer.address), op.arbiter)?.address;
      const ordered = send(m, buyer, 'market.buy', { listing: address, version: listing.version, quantity: 1, ...(arbiter === undefined ? {} : { arbiter }) })?.find((e) => e.type === 'market.ordered');
      if (ordered !== undefined) m.orders.push(ordered.attributes.order);
      return;
    }
    case 'commit':
    case 'reveal':
      reviewStep(m, op);
      return;
    default:
      orderStep(m, op);
  }
}

/** Σ balances of `asset` over the four keys and every contract account. */
function total(state: MemoryState, asset: string): bigint {
  const contracts = [...state.entries.keys()].filter((k) => k.startsWith(CONTRACT_PREFIX)).map((k) => k.slice(CONTRACT_PREFIX.length));
  return [...KEYS.map((k) => k.address), ...contracts].reduce((sum, address) => sum + balance(state, address, asset), 0n);
}

test('random markets of real orders and reviews: value conserved, every escrow settled, aggregates equal their recomputation', () => {
  fc.assert(
    // A market, then (every order settled) more reviews: a trade settled late is reviewed too.
    fc.property(fc.array(operation, { minLength: 10, maxLength: 60, size: 'max' }), fc.array(reviewOperation, { maxLength: 40, size: 'max' }), (operations, reviews) => {
      const w = marketWorld({ stock: 1000 });
      // BOB's USD chair (the fixtures') is not offered: every listing comes from the operations, half of them native.
      const m: Market = { state: w.state, height: 10, timeMs: H(0), listings: [], orders: [], trades: [], committed: new Map(), lastCode: '' };
      send(m, ALICE, 'transfer', { transfers: [CAROL, DAVE].flatMap((k) => [{ to: k.address, asset: 'USD', amount: 50_000n }, { to: k.address, asset: NATIVE, amount: 100_000n }]) });
      const before = ASSETS.map((asset) => total(m.state, asset));
      for (const op of operations) step(m, op);
      // Every window passes (handling 48 h, review 72 h, arbiter 96 h); anyone settles what is left.
      m.timeMs += 1000 * HOUR_MS;
      for (const id of m.orders) {
        if (decodeEscrow(id, getContractRecord(m.state, id)!.record).state !== 'closed') assert.ok(send(m, DAVE, 'escrow.settle', { escrow: id }) !== undefined, `order ${id} did not settle`);
        assert.equal(decodeEscrow(id, getContractRecord(m.state, id)!.record).state, 'closed');
        assert.ok(getOrder(m.state, id)!.settledAtMs !== undefined, `order ${id} not marked settled`);
        assert.ok(getTrade(m.state, tradeIdFor('order', id)) !== undefined, `order ${id} has no trade`);
        for (const asset of ASSETS) assert.equal(balance(m.state, id, asset), 0n, `order ${id} still holds ${asset}`);
      }
      assert.equal(m.trades.length, m.orders.length, 'one trade per order, none else');
      for (const op of reviews) step(m, op);
      assert.deepEqual(ASSETS.map((asset) => total(m.state, asset)), before, 'value is conserved');
      assert.deepEqual(storedAggregates(m.state), recomputed(m.state, NATIVE));
    }),
    { numRuns: 100 },
  );
  if (process.env.MARKET_COVERAGE === '1') console.log([...coverage].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  const reached = ['market.buy ok', 'escrow.release ok', 'escrow.resolve ok', 'escrow.refund ok', 'settled: lapse', 'settled: auto-release', 'settled: refund at the deadline', 'review.reveal ok', 'review.reveal reveal_mismatch', 'another text refused', 'revealed with native weight', 'revealed without weight', 'revealed with its text', 'revealed of an arbiter'];
  for (const wanted of reached) assert.ok((coverage.get(wanted) ?? 0) > 0, `never reached: ${wanted}`);
});
