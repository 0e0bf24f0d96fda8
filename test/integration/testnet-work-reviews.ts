import assert from 'node:assert/strict';
import type { CommittedResult } from '../../src/client/types.ts';
import { buildReviewCommit, buildReviewReveal, newReviewSalt } from '../../src/client/reviews.ts';
import type { TxCommon } from '../../src/client/builders.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { eventsOf, type TestnetDriver } from '../helpers/testnet-sdk.ts';

/**
 * Trades and reviews of the work flows on the testnet (test/integration/testnet-work.ts): each settled
 * milestone or award writes a trade (spec/work.md §3.5, spec/reputation.md §1) that both sides may
 * review, double-blind (commit, then reveal once the mirror is committed, §2).
 */

/** A `trade.recorded` event's attributes. */
export interface TradeRecorded {
  trade: string;
  ref: string;
  buyer: string;
  seller: string;
  amount: string;
  disputed: string;
  loser?: string;
  arbiter?: string;
}

/** The trades recorded by `results`, in order. */
export function tradesOf(results: CommittedResult | readonly CommittedResult[]): TradeRecorded[] {
  return eventsOf(results, 'trade.recorded') as unknown as TradeRecorded[];
}

/** What a flow expects of a trade: its ref, buyer, seller, amount (base units), and loser when disputed. */
export function assertTrades(found: readonly TradeRecorded[], want: readonly { ref: string; buyer: string; seller: string; amount: bigint; loser?: string; arbiter?: string }[]): void {
  const seen = found.map((t) => ({ ref: t.ref, buyer: t.buyer, seller: t.seller, amount: t.amount, disputed: t.disputed, loser: t.loser, arbiter: t.arbiter }));
  const expected = want.map((t) => ({ ref: t.ref, buyer: t.buyer, seller: t.seller, amount: String(t.amount), disputed: String(t.loser !== undefined), loser: t.loser, arbiter: t.arbiter }));
  assert.deepEqual(seen, expected, 'the trades recorded');
}

export interface ReviewPlan {
  reviewer: KeyPair;
  subject: string;
  trade: string;
  rating: number;
  /** false: the other side is gone (or is an org, which signs nothing), so its review never comes and this one cannot be revealed yet. */
  mirrored?: false;
}

/**
 * The reviews of `plans`: every reviewer commits all of its reviews in one batch, side by side, then
 * reveals them; a review whose mirror never comes (`mirrored: false`) stays committed, its reveal
 * refused `reveal_too_early` (spec/reputation.md §2.2 check 6) while the commit window is open.
 */
export async function reviewAll(d: TestnetDriver, plans: readonly ReviewPlan[]): Promise<void> {
  const reviews = plans.map((p) => ({ ...p, content: { rating: p.rating, salt: newReviewSalt() } }));
  const reviewers = [...new Set(plans.map((p) => p.reviewer))];
  const mine = (key: KeyPair, revealed?: boolean): typeof reviews => reviews.filter((r) => r.reviewer === key && (revealed === undefined || (r.mirrored !== false) === revealed));
  const reveal = (r: (typeof reviews)[number]) => (c: TxCommon) => buildReviewReveal({ ...c, trade: r.trade, subject: r.subject, review: r.content });
  await Promise.all(reviewers.map((key) => d.sendAll(key, mine(key).map((r) => (c) => buildReviewCommit({ ...c, trade: r.trade, subject: r.subject, review: r.content })))));
  await Promise.all(reviewers.map(async (key) => {
    if (mine(key, true).length > 0) await d.sendAll(key, mine(key, true).map(reveal));
    for (const r of mine(key, false)) await d.refused(key, reveal(r), 'reveal_too_early');
  }));
}

/**
 * Asserts on every node the reviews of `subject`: exactly `want` (rating null: committed, not
 * revealed, not shown), each revealed one shown with its rating.
 */
export async function assertReviews(d: TestnetDriver, subject: string, want: readonly { trade: string; reviewer: string; rating: number | null }[]): Promise<void> {
  const order = (a: { trade: string; reviewer: string }, b: { trade: string; reviewer: string }): number => (a.trade + a.reviewer < b.trade + b.reviewer ? -1 : 1);
  const expected = want.map((w) => ({ trade: w.trade, reviewer: w.reviewer, revealed: w.rating !== null, shown: w.rating !== null, rating: w.rating ?? undefined })).sort(order);
  for (const [node, client] of d.clients.entries()) {
    const { reviews } = await client.getReviews(subject);
    const seen = reviews.map((r) => ({ trade: r.trade, reviewer: r.reviewer, revealed: r.revealed, shown: r.shown, rating: r.rating })).sort(order);
    assert.deepEqual(seen, expected, `the reviews of ${subject} on node${node}`);
  }
}

/** Asserts on every node `subject`'s reputation aggregates (spec/reputation.md §3) named in `want`. */
export async function assertReputation(d: TestnetDriver, subject: string, want: { trades: number; reviews: number; ratingSum: number; weight: bigint; disputesLost?: number }): Promise<void> {
  const expected = { trades: String(want.trades), reviews: String(want.reviews), ratingSum: String(want.ratingSum), weight: String(want.weight), disputesLost: String(want.disputesLost ?? 0) };
  for (const [node, client] of d.clients.entries()) {
    const { aggregates } = await client.getReputation(subject);
    const seen = { trades: aggregates.trades, reviews: aggregates.reviews, ratingSum: aggregates.ratingSum, weight: aggregates.weight, disputesLost: aggregates.disputesLost };
    assert.deepEqual(seen, expected, `the reputation of ${subject} on node${node}`);
  }
}
