// Orders (src/ledger/market/order.ts, order-settled.ts; spec/market.md §3, §4): the five settlement
// paths with every party's balance exact to the base unit, the spec's worked example, and every
// refusal of market.buy in its order with nothing changed but the nonce (refusedAt). The contract
// invariants (a contract account holds exactly what it owes, supply = sum of balances) are checked
// after every tx by okAt and refusedAt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEvent } from '../../../src/ledger/types.ts';
import { orderStanding } from '../../../src/ledger/market/order-phase.ts';
import { tradeFacts, type TradeFacts } from '../../../src/ledger/market/order-settled.ts';
import { at, balance, okAt, refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, buy, chairTerms, escrowOf, listingOf, marketWorld, orderOf, type MarketWorld } from './market-fixtures.ts';

function usd(w: MarketWorld, order?: string): { alice: bigint; bob: bigint; carol: bigint; escrow: bigint } {
  return { alice: balance(w.state, ALICE, 'USD'), bob: balance(w.state, BOB, 'USD'), carol: balance(w.state, CAROL, 'USD'), escrow: order === undefined ? 0n : balance(w.state, order, 'USD') };
}

function settledEvent(events: LedgerEvent[]): { [key: string]: string } {
  const event = events.find((e) => e.type === 'market.settled');
  assert.ok(event !== undefined, `no market.settled in ${events.map((e) => e.type).join(', ')}`);
  return event.attributes;
}

// World: ALICE 900 000 USD, BOB 100 000 USD, CAROL 0 USD (tests/ledger/contracts-fixtures.ts).
const ALICE_USD = 900_000n;
const BOB_USD = 100_000n;

test('market.buy: the order is an ordinary escrow of the total, refund by default at the handling deadline', () => {
  const w = marketWorld();
  const order = buy(w, 1, { quantity: 2 });
  const escrow = escrowOf(w.state, order);
  assert.deepEqual([escrow.payer, escrow.payee, escrow.arbiter, escrow.deadlineMs, escrow.onExpiry, escrow.reviewWindowMs, escrow.arbiterWindowMs], [ALICE.address, BOB.address, CAROL.address, H(49), 'refund', 72 * 3_600_000, 96 * 3_600_000]);
  assert.deepEqual(escrow.arbiterFee, { asset: 'USD', amount: 10n });
  assert.deepEqual(escrow.tranches.map((t) => t.assets), [[{ asset: 'USD', amount: 500n }]]);
  assert.deepEqual(usd(w, order), { alice: ALICE_USD - 500n, bob: BOB_USD, carol: 0n, escrow: 500n });
  const record = orderOf(w.state, order);
  assert.deepEqual([record.listing, record.version, record.buyer, record.seller, record.quantity, record.total], [w.listing, 1, ALICE.address, BOB.address, 2, 500n]);
  assert.equal(listingOf(w.state, w.listing).terms.stock, 1);
});

test('path 1, sale confirmed: seller delivers, buyer confirms; seller gets the total', () => {
  const w = marketWorld();
  const order = buy(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(5));
  const events = okAt(w.state, ALICE, 'escrow.release', { escrow: order, tranche: 0 }, H(6));
  assert.deepEqual(settledEvent(events), { order, buyer: ALICE.address, seller: BOB.address, asset: 'USD', toSeller: '250', toBuyer: '0', fee: '0' });
  assert.deepEqual(usd(w, order), { alice: ALICE_USD - 250n, bob: BOB_USD + 250n, carol: 0n, escrow: 0n });
  assert.equal(orderOf(w.state, order).settledAtMs, H(6));
});

test('path 2, buyer vanishes: after delivery the review window releases the total to the seller', () => {
  const w = marketWorld();
  const order = buy(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0, document: new Uint8Array(32).fill(1) }, H(5));
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow: order }, 'deadline_not_reached', H(5 + 72) - 1);
  const events = okAt(w.state, DAVE, 'escrow.settle', { escrow: order }, H(5 + 72));
  assert.equal(settledEvent(events).toSeller, '250');
  assert.deepEqual(usd(w, order), { alice: ALICE_USD - 250n, bob: BOB_USD + 250n, carol: 0n, escrow: 0n });
});

test('path 3, seller never ships: the total returns to the buyer at the handling deadline', () => {
  const w = marketWorld();
  const order = buy(w);
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow: order }, 'deadline_not_reached', H(49) - 1);
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, 'deadline_passed', H(49));
  const events = okAt(w.state, DAVE, 'escrow.settle', { escrow: order }, H(49));
  assert.equal(settledEvent(events).toBuyer, '250');
  assert.deepEqual(usd(w, order), { alice: ALICE_USD, bob: BOB_USD, carol: 0n, escrow: 0n });
});

test('path 4, dispute split by the arbiter with its fee (the worked example: 2 chairs, 300 to the seller)', () => {
  const w = marketWorld();
  const order = buy(w, 1, { quantity: 2 });
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(5));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow: order }, H(60));
  const events = okAt(w.state, CAROL, 'escrow.resolve', { escrow: order, toPayee: { assets: [{ asset: 'USD', amount: 300n }] } }, H(70));
  assert.deepEqual(settledEvent(events), { order, buyer: ALICE.address, seller: BOB.address, asset: 'USD', toSeller: '300', toBuyer: '190', fee: '10' });
  assert.deepEqual(usd(w, order), { alice: ALICE_USD - 500n + 190n, bob: BOB_USD + 300n, carol: 10n, escrow: 0n });
});

test('path 5, arbiter vanishes: the dispute lapses to the default (refund), no fee', () => {
  const w = marketWorld();
  const order = buy(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(5));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow: order }, H(10));
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow: order }, 'escrow_disputed', H(10 + 96) - 1);
  refusedAt(w.state, CAROL, 'escrow.resolve', { escrow: order, toPayee: { assets: [{ asset: 'USD', amount: 100n }] } }, 'dispute_lapsed', H(10 + 96));
  const events = okAt(w.state, BOB, 'escrow.settle', { escrow: order }, H(10 + 96));
  assert.deepEqual(settledEvent(events), { order, buyer: ALICE.address, seller: BOB.address, asset: 'USD', toSeller: '0', toBuyer: '250', fee: '0' });
  assert.deepEqual(usd(w, order), { alice: ALICE_USD, bob: BOB_USD, carol: 0n, escrow: 0n });
});

test('an order without an arbiter cannot be disputed; the seller may refund it at once', () => {
  const w = marketWorld();
  const order = buy(w, 1, { arbiter: null });
  refusedAt(w.state, ALICE, 'escrow.dispute', { escrow: order }, 'no_arbiter', H(2));
  const events = okAt(w.state, BOB, 'escrow.refund', { escrow: order }, H(2));
  assert.equal(settledEvent(events).toBuyer, '250');
  assert.deepEqual(usd(w, order), { alice: ALICE_USD, bob: BOB_USD, carol: 0n, escrow: 0n });
});

test('a plain escrow (no order) settles without a market.settled event', () => {
  const w = marketWorld();
  const events = okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: H(2), onExpiry: 'release', tranches: [{ assets: [{ asset: 'USD', amount: 5n }] }] }, H(1));
  const escrow = events.find((e) => e.type === 'escrow.created')!.attributes.escrow;
  const settled = okAt(w.state, DAVE, 'escrow.settle', { escrow }, H(2));
  assert.equal(settled.some((e) => e.type === 'market.settled'), false);
});

test('market.buy refusals, in order, change nothing', () => {
  const w = marketWorld();
  const base = { listing: w.listing, version: 1, quantity: 1, arbiter: CAROL.address };
  refusedAt(w.state, ALICE, 'market.buy', { ...base, listing: DAVE.address }, 'unknown_listing', H(1));
  refusedAt(w.state, BOB, 'market.buy', base, 'self_trade', H(1));
  refusedAt(w.state, ALICE, 'market.buy', base, 'listing_closed', H(30 * 24));
  okAt(w.state, BOB, 'market.pause', { listing: w.listing, paused: true }, H(1));
  refusedAt(w.state, ALICE, 'market.buy', base, 'listing_paused', H(1));
  okAt(w.state, BOB, 'market.pause', { listing: w.listing, paused: false }, H(1));
  okAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms({ price: { asset: 'USD', amount: 260n } }) }, H(1));
  refusedAt(w.state, ALICE, 'market.buy', base, 'listing_changed', H(1));
  const v2 = { ...base, version: 2 };
  refusedAt(w.state, ALICE, 'market.buy', { ...v2, quantity: 4 }, 'out_of_stock', H(1));
  refusedAt(w.state, ALICE, 'market.buy', { ...v2, arbiter: DAVE.address }, 'arbiter_not_offered', H(1));
  refusedAt(w.state, ALICE, 'market.buy', { ...v2, requireSeller: { registry: 'kyc-eu', type: 'kyc' } }, 'not_credentialed', H(1));
  refusedAt(w.state, DAVE, 'market.buy', v2, 'insufficient_balance', H(1));
  okAt(w.state, ALICE, 'market.buy', v2, H(1));
  okAt(w.state, BOB, 'market.close', { listing: w.listing }, H(2));
  refusedAt(w.state, ALICE, 'market.buy', v2, 'listing_closed', H(2));
});

test('market.buy: not_orderable for a sale listing, arbiter_fee_too_high when the fee is above the total', () => {
  const w = marketWorld({ arbiters: [{ address: CAROL.address, fee: 300n }] });
  refusedAt(w.state, ALICE, 'market.buy', { listing: w.listing, version: 1, quantity: 1, arbiter: CAROL.address }, 'arbiter_fee_too_high', H(1));
  okAt(w.state, ALICE, 'market.buy', { listing: w.listing, version: 1, quantity: 2, arbiter: CAROL.address }, H(1));
  const offer = okAt(w.state, BOB, 'offer.create', { give: { items: [w.car] }, ask: { assets: [{ asset: 'USD', amount: 9000n }] }, deadlineMs: H(100) }, H(1)).find((e) => e.type === 'offer.created')!.attributes.offer;
  const sale = okAt(w.state, BOB, 'market.list', { kind: 'sale', target: offer, terms: chairTerms({ title: 'red car', price: { asset: 'USD', amount: 9000n }, arbiters: [], stock: 1 }) }, H(1)).find((e) => e.type === 'market.listed')!.attributes.listing;
  refusedAt(w.state, ALICE, 'market.buy', { listing: sale, version: 1, quantity: 1 }, 'not_orderable', H(1));
});

test('a listing that requires a credential: not_credentialed until an attester issues one, again once it expires or is revoked', () => {
  const w = marketWorld({ requires: { registry: 'kyc-eu', type: 'kyc' } });
  const base = { listing: w.listing, version: 1, quantity: 1 };
  refusedAt(w.state, ALICE, 'market.buy', base, 'not_credentialed', H(1));
  okAt(w.state, DAVE, 'credential.issue', { registry: 'kyc-eu', type: 'kyc', to: ALICE.address, expiresAtMs: H(10) }, H(1));
  okAt(w.state, ALICE, 'market.buy', base, H(2));
  refusedAt(w.state, ALICE, 'market.buy', base, 'not_credentialed', H(10));
  okAt(w.state, CAROL, 'credential.issue', { registry: 'kyc-eu', type: 'kyc', to: ALICE.address }, H(11));
  okAt(w.state, ALICE, 'market.buy', base, H(12));
  okAt(w.state, DAVE, 'credential.revoke', { registry: 'kyc-eu', type: 'kyc', to: ALICE.address }, H(13));
  refusedAt(w.state, ALICE, 'market.buy', base, 'not_credentialed', H(13));
});

test('orderStanding: the phase and next step along each path', () => {
  const w = marketWorld();
  const standing = (id: string, hours: number): [string, string | null, string | null, number | null] => {
    const s = orderStanding(escrowOf(w.state, id), H(hours));
    return [s.phase, s.next?.kind ?? null, s.next?.by ?? null, s.untilMs];
  };
  const a = buy(w, 1);
  assert.deepEqual(standing(a, 1), ['awaiting_delivery', 'escrow.deliver', 'seller', H(49)]);
  assert.deepEqual(standing(a, 49), ['refund_due', 'escrow.settle', 'anyone', null]);
  okAt(w.state, BOB, 'escrow.deliver', { escrow: a, tranche: 0 }, H(5));
  assert.deepEqual(standing(a, 6), ['delivered', 'escrow.release', 'buyer', H(77)]);
  assert.deepEqual(standing(a, 77), ['release_due', 'escrow.settle', 'anyone', null]);
  okAt(w.state, ALICE, 'escrow.dispute', { escrow: a }, H(10));
  assert.deepEqual(standing(a, 11), ['disputed', 'escrow.resolve', 'arbiter', H(106)]);
  assert.deepEqual(standing(a, 106), ['lapsed', 'escrow.settle', 'anyone', null]);
  okAt(w.state, CAROL, 'escrow.resolve', { escrow: a }, H(20));
  assert.deepEqual(standing(a, 21), ['resolved', null, null, null]);
  const b = buy(w, 1);
  okAt(w.state, ALICE, 'escrow.release', { escrow: b, tranche: 0 }, H(2));
  assert.deepEqual(standing(b, 2)[0], 'completed');
  const c = buy(w, 1);
  okAt(w.state, DAVE, 'escrow.settle', { escrow: c }, H(49));
  assert.deepEqual(standing(c, 49)[0], 'refunded');
});

test('tradeFacts: the division of each path, and the loser of a resolution', () => {
  const w = marketWorld({ stock: 100 });
  const facts = (id: string): TradeFacts => tradeFacts(orderOf(w.state, id), escrowOf(w.state, id), at(H(200)));
  const resolved = (toSeller: bigint): TradeFacts => {
    const id = buy(w, 1, { quantity: 2 });
    okAt(w.state, ALICE, 'escrow.dispute', { escrow: id }, H(2));
    okAt(w.state, CAROL, 'escrow.resolve', toSeller > 0n ? { escrow: id, toPayee: { assets: [{ asset: 'USD', amount: toSeller }] } } : { escrow: id }, H(3));
    return facts(id);
  };
  // 500 in escrow, a fee of 10: 490 divided
  assert.deepEqual(pickFacts(resolved(300n)), { toSeller: 300n, toBuyer: 190n, arbiterFee: 10n, disputed: true, loser: ALICE.address });
  assert.deepEqual(pickFacts(resolved(245n)), { toSeller: 245n, toBuyer: 245n, arbiterFee: 10n, disputed: true, loser: undefined });
  assert.deepEqual(pickFacts(resolved(0n)), { toSeller: 0n, toBuyer: 490n, arbiterFee: 10n, disputed: true, loser: BOB.address });
  const lapsed = buy(w, 10);
  okAt(w.state, ALICE, 'escrow.dispute', { escrow: lapsed }, H(11));
  okAt(w.state, DAVE, 'escrow.settle', { escrow: lapsed }, H(11 + 96));
  assert.deepEqual(pickFacts(facts(lapsed)), { toSeller: 0n, toBuyer: 250n, arbiterFee: 0n, disputed: false, loser: undefined });
});

function pickFacts(f: TradeFacts): Pick<TradeFacts, 'toSeller' | 'toBuyer' | 'arbiterFee' | 'disputed' | 'loser'> {
  return { toSeller: f.toSeller, toBuyer: f.toBuyer, arbiterFee: f.arbiterFee, disputed: f.disputed, loser: f.loser };
}
