// Market orders as trades (spec/reputation.md §1; spec/market.md §4): every settled order writes its
// trade in the settling tx, so its parties — and, after a resolution, its arbiter — are reviewable;
// a refunded order is a trade of value 0 whose negative review still counts; the loser of a resolution
// counts a dispute lost; orders priced in a token one party minted weigh nothing. Built on
// market-core's fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../../src/crypto/hash.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { LedgerEvent } from '../../src/ledger/types.ts';
import { getAggregates } from '../../src/ledger/market/reputation-state.ts';
import { reputationScore } from '../../src/ledger/market/reputation-score.ts';
import { reviewCommitment } from '../../src/ledger/market/reviews-state.ts';
import { getTrade, tradeIdFor } from '../../src/ledger/market/trades.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import { CHAIN_ID } from './fixtures.ts';
import { NATIVE, contractOf, okAt, refusedAt } from './contracts-fixtures.ts';
import { ALICE, BOB, CAROL, H, buy, chairTerms, marketWorld } from './market/market-fixtures.ts';

function tradeOf(events: LedgerEvent[]): string {
  const recorded = events.find((e) => e.type === 'trade.recorded');
  assert.ok(recorded, `no trade.recorded in ${JSON.stringify(events.map((e) => e.type))}`);
  return recorded.attributes.trade;
}

function review(state: MemoryState, trade: string, reviewer: KeyPair, subject: string, rating: number, hours: number): void {
  const content = { rating, salt: new Uint8Array(32).fill(rating) };
  okAt(state, reviewer, 'review.commit', { trade: fromHex(trade), subject, commitment: reviewCommitment(CHAIN_ID, fromHex(trade), reviewer.address, subject, content) }, H(hours));
  okAt(state, reviewer, 'review.reveal', { trade: fromHex(trade), subject, ...content }, H(hours));
}

test('a resolved order: a disputed trade of what the seller got; the buyer lost it; the arbiter is reviewable', () => {
  const w = marketWorld();
  const order = buy(w, 1, { quantity: 2 });
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(5));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow: order }, H(60));
  const events = okAt(w.state, CAROL, 'escrow.resolve', { escrow: order, toPayee: { assets: [{ asset: 'USD', amount: 300n }] } }, H(70));
  assert.deepEqual(events.slice(-2).map((e) => e.type), ['market.settled', 'trade.recorded']);
  const trade = getTrade(w.state, tradeOf(events));
  assert.deepEqual(trade && [trade.id, trade.kind, trade.buyer, trade.seller, trade.arbiter, trade.asset, trade.amount, trade.disputed, trade.loser], [tradeIdFor('order', order), 'order', ALICE.address, BOB.address, CAROL.address, 'USD', 300n, true, ALICE.address]);
  assert.equal(getAggregates(w.state, ALICE.address).disputesLost, 1n);
  review(w.state, trade!.id, ALICE, CAROL.address, 2, 71);
  assert.deepEqual([getAggregates(w.state, CAROL.address).reviews, getAggregates(w.state, CAROL.address).negatives, getAggregates(w.state, CAROL.address).weight], [1n, 1n, 0n], 'USD is no native value: a count, no weight');
});

test('a seller who never ships: the refunded order is a trade of 0, and the buyer’s negative review counts', () => {
  const w = marketWorld();
  const order = buy(w);
  const trade = tradeOf(okAt(w.state, ALICE, 'escrow.settle', { escrow: order }, H(49)));
  assert.deepEqual([getTrade(w.state, trade)?.amount, getTrade(w.state, trade)?.disputed], [0n, false]);
  // Not disputed: the arbiter is not reviewable; the seller is.
  refusedAt(w.state, ALICE, 'review.commit', { trade: fromHex(trade), subject: CAROL.address, commitment: new Uint8Array(32) }, 'not_a_party', H(50));
  okAt(w.state, BOB, 'review.commit', { trade: fromHex(trade), subject: ALICE.address, commitment: new Uint8Array(32) }, H(50));
  review(w.state, trade, ALICE, BOB.address, 1, 51);
  const bob = getAggregates(w.state, BOB.address);
  assert.deepEqual([bob.trades, bob.reviews, bob.negatives, bob.weight], [1n, 1n, 1n, 0n]);
});

test('an order is recorded once: a plain escrow writes no trade', () => {
  const w = marketWorld();
  const order = buy(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(5));
  const events = okAt(w.state, ALICE, 'escrow.release', { escrow: order, tranche: 0 }, H(6));
  assert.equal(events.filter((e) => e.type === 'trade.recorded').length, 1);
  const plain = okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: H(10), onExpiry: 'release', tranches: [{ assets: [{ asset: 'USD', amount: 5n }] }] }, H(7));
  const escrow = plain.find((e) => e.type === 'escrow.created')!.attributes.escrow;
  assert.equal(okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 }, H(8)).some((e) => e.type === 'trade.recorded'), false);
});

test('two keys trading through market.buy orders priced in a token one of them minted gain no weight, however many 5s; one native order weighs in', () => {
  // USD is ALICE's own asset (contracts-fixtures): BOB sells to ALICE for it, five times, and both rate 5.
  const w = marketWorld({ arbiters: [], stock: 5 });
  const mutual = (trade: string, hours: number): void => {
    const five = { rating: 5, salt: new Uint8Array(32).fill(5) };
    for (const [reviewer, subject] of [[ALICE, BOB], [BOB, ALICE]]) {
      okAt(w.state, reviewer, 'review.commit', { trade: fromHex(trade), subject: subject.address, commitment: reviewCommitment(CHAIN_ID, fromHex(trade), reviewer.address, subject.address, five) }, H(hours));
    }
    for (const [reviewer, subject] of [[ALICE, BOB], [BOB, ALICE]]) okAt(w.state, reviewer, 'review.reveal', { trade: fromHex(trade), subject: subject.address, ...five }, H(hours));
  };
  for (let i = 0; i < 5; i++) {
    const order = buy(w, 1 + i, { arbiter: null });
    okAt(w.state, BOB, 'escrow.deliver', { escrow: order, tranche: 0 }, H(1 + i));
    const trade = tradeOf(okAt(w.state, ALICE, 'escrow.release', { escrow: order, tranche: 0 }, H(1 + i)));
    assert.deepEqual([getTrade(w.state, trade)?.asset, getTrade(w.state, trade)?.amount], ['USD', 250n]);
    mutual(trade, 1 + i);
  }
  const bob = getAggregates(w.state, BOB.address);
  assert.deepEqual([bob.trades, bob.reviews, bob.ratingSum, bob.weight, bob.weightedSum, bob.counterparties], [5n, 5n, 25n, 0n, 0n, 1n]);
  assert.equal(reputationScore(bob), null, 'no native value, no score');
  // One order in the native asset, rated 3: the score is that order's alone.
  const native = contractOf(okAt(w.state, BOB, 'market.list', { kind: 'goods', terms: chairTerms({ price: { asset: NATIVE, amount: 40n }, arbiters: [] }) }, H(10)), 'market.listed', 'listing');
  const order = contractOf(okAt(w.state, CAROL, 'market.buy', { listing: native, version: 1, quantity: 1 }, H(10)), 'market.ordered', 'order');
  const trade = tradeOf(okAt(w.state, CAROL, 'escrow.release', { escrow: order, tranche: 0 }, H(11)));
  const three = { rating: 3, salt: new Uint8Array(32).fill(3) };
  okAt(w.state, BOB, 'review.commit', { trade: fromHex(trade), subject: CAROL.address, commitment: new Uint8Array(32) }, H(12));
  okAt(w.state, CAROL, 'review.commit', { trade: fromHex(trade), subject: BOB.address, commitment: reviewCommitment(CHAIN_ID, fromHex(trade), CAROL.address, BOB.address, three) }, H(12));
  okAt(w.state, CAROL, 'review.reveal', { trade: fromHex(trade), subject: BOB.address, ...three }, H(12));
  assert.deepEqual([getAggregates(w.state, BOB.address).weight, reputationScore(getAggregates(w.state, BOB.address))], [40n, 500_000n]);
});
