import { decodeTrusted } from '../codec/cbor.ts';
import { isAddress } from '../crypto/address.ts';
import { toHex } from '../crypto/hash.ts';
import { AGGREGATE_FIELDS, getAggregates } from '../ledger/market/reputation-state.ts';
import { reputationScore } from '../ledger/market/reputation-score.ts';
import { decodeReview, isShown, reviewKey } from '../ledger/market/reviews-state.ts';
import { getTrade } from '../ledger/market/trades-state.ts';
import { REPUTATION_REPORT_REVIEWS_MAX } from '../client/reputation/report.ts';
import type { ReputationJson, ReviewJson, ReviewsJson } from '../wire/reputation.ts';
import { NodeError } from './errors.ts';
import type { RecordsStore } from './records-queries.ts';

/**
 * A subject's reputation as the node serves it (spec/reputation.md §2, §3): the aggregates and score,
 * and the reviews with the "shown" rule applied (a rating is hidden until shown). Bounded: a
 * subject's reviews are read with one prefix read of at most 2 × REPUTATION_REPORT_REVIEWS_MAX + 1
 * entries. The report is built in reputation.ts.
 */

/** Review records read per subject, revealed or not: twice the report's bound, so committed-only entries cannot crowd out the revealed ones below it. */
const REVIEW_SCAN_MAX = 2 * REPUTATION_REPORT_REVIEWS_MAX;

export function checkSubject(subject: string): void {
  if (!isAddress(subject)) throw new NodeError('bad_address', 'expected a lower-case bech32m agora1… address');
}

export function queryReputation(store: RecordsStore, subject: string, height: number): ReputationJson {
  checkSubject(subject);
  const aggregates = getAggregates(store, subject);
  const json = Object.fromEntries(AGGREGATE_FIELDS.map((f) => [f, aggregates[f].toString()])) as ReputationJson['aggregates'];
  return { address: subject, height, aggregates: json, scorePpm: reputationScore(aggregates)?.toString() ?? null };
}

export function subjectReviews(store: RecordsStore, subject: string): { key: string; value: Uint8Array }[] {
  const entries = store.scanState(`review/${subject}/`, REVIEW_SCAN_MAX + 1);
  if (entries.length > REVIEW_SCAN_MAX) throw new NodeError('report_too_large', `${subject} has more than ${REVIEW_SCAN_MAX} review records; this node serves at most that many`);
  return entries;
}

/** The reviews of a subject, in key order: a rating is given only once the review is shown (spec/reputation.md §2). */
export function queryReviews(store: RecordsStore, subject: string, height: number): ReviewsJson {
  checkSubject(subject);
  const reviews: ReviewJson[] = [];
  for (const { key, value } of subjectReviews(store, subject)) {
    const [, , tradeId, reviewer] = key.split('/');
    const review = decodeReview(decodeTrusted(value));
    const trade = getTrade(store, tradeId);
    if (trade === undefined) throw new NodeError('internal', `review ${key} names no trade`);
    const mirrorBytes = store.get(reviewKey(reviewer, tradeId, subject));
    const mirror = mirrorBytes === undefined ? undefined : decodeReview(decodeTrusted(mirrorBytes));
    const shown = isShown(trade, review, mirror, subject, height);
    const json: ReviewJson = { trade: tradeId, reviewer, committedAt: review.committedAt, revealed: review.revealedAt !== undefined, shown };
    if (shown) {
      Object.assign(json, { rating: review.rating, revealedAt: review.revealedAt });
      if (review.dimensions !== undefined) json.dimensions = review.dimensions;
      if (review.textHash !== undefined) json.textHash = toHex(review.textHash);
      if (review.text !== undefined) json.text = review.text;
      if (review.reply !== undefined) json.reply = { textHash: toHex(review.reply.textHash), height: review.reply.height };
    }
    reviews.push(json);
  }
  return { address: subject, height, reviews };
}

