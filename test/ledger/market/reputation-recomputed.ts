// The reputation oracle of the property tests (spec/reputation.md §3): the aggregates stored in state
// (`rep/<subject>`) and the same aggregates recomputed from first principles — every trade record and
// every revealed review record — written apart from src/ledger/market/reputation-state.ts so that a
// mistake there cannot hide in both. Used by test/ledger/market-reputation.test.ts and
// test/ledger/market/market-reputation-property.test.ts.
import assert from 'node:assert/strict';
import { decodeTrusted } from '../../../src/codec/cbor.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { decodeAggregates, type Aggregates } from '../../../src/ledger/market/reputation-state.ts';
import { decodeReview } from '../../../src/ledger/market/reviews-state.ts';
import { decodeTrade, getTrade } from '../../../src/ledger/market/trades.ts';

const byKey = (state: MemoryState): [string, Uint8Array][] => [...state.entries].sort(([a], [b]) => (a < b ? -1 : 1));

/** Every `rep/<subject>` in state, by subject. */
export function storedAggregates(state: MemoryState): Map<string, Aggregates> {
  const result = new Map<string, Aggregates>();
  for (const [key, bytes] of byKey(state)) {
    if (key.startsWith('rep/')) result.set(key.slice(4), decodeAggregates(decodeTrusted(bytes)));
  }
  return result;
}

/** The aggregates from first principles: every trade record, every revealed review, weight in `nativeAsset` only. */
export function recomputed(state: MemoryState, nativeAsset: string): Map<string, Aggregates> {
  const result = new Map<string, Aggregates>();
  const of = (subject: string): Aggregates => {
    let a = result.get(subject);
    if (a === undefined) result.set(subject, (a = { trades: 0n, reviews: 0n, ratingSum: 0n, weight: 0n, weightedSum: 0n, negatives: 0n, disputesLost: 0n, counterparties: 0n }));
    return a;
  };
  const reviewers = new Map<string, Set<string>>();
  const entries = byKey(state);
  for (const [key, bytes] of entries) {
    if (!key.startsWith('trade/')) continue;
    const trade = decodeTrade(key.slice(6), decodeTrusted(bytes));
    of(trade.buyer).trades += 1n;
    of(trade.seller).trades += 1n;
    if (trade.loser !== undefined) of(trade.loser).disputesLost += 1n;
  }
  for (const [key, bytes] of entries) {
    if (!key.startsWith('review/')) continue;
    const [, subject, tradeId, reviewer] = key.split('/');
    const review = decodeReview(decodeTrusted(bytes));
    if (review.rating === undefined) continue;
    const trade = getTrade(state, tradeId);
    assert.ok(trade, `review ${key} names no trade`);
    const weight = trade.asset === nativeAsset ? trade.amount : 0n;
    const a = of(subject);
    a.reviews += 1n;
    a.ratingSum += BigInt(review.rating);
    a.weight += weight;
    a.weightedSum += BigInt(review.rating) * weight;
    if (review.rating <= 2) a.negatives += 1n;
    const seen = reviewers.get(subject) ?? new Set<string>();
    seen.add(reviewer);
    reviewers.set(subject, seen);
    a.counterparties = BigInt(seen.size);
  }
  return new Map([...result].sort(([a], [b]) => (a < b ? -1 : 1)));
}
