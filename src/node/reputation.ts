import type { Block, Commit } from '../chain/block.ts';
import { stateProof, verifyStateProof } from '../chain/state-proof.ts';
import type { TrieNodeReader } from '../chain/state-trie.ts';
import { validatorsHash, validatorsToJson, type ChainValidator } from '../chain/validators.ts';
import { decodeTrusted } from '../codec/cbor.ts';
import { isAddress } from '../crypto/address.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { AGGREGATE_FIELDS, getAggregates, reputationKey, reviewerCountKey } from '../ledger/market/reputation-state.ts';
import { reputationScore } from '../ledger/market/reputation-score.ts';
import { decodeReview, isShown, reviewKey } from '../ledger/market/reviews-state.ts';
import { getTrade, tradeKey } from '../ledger/market/trades-state.ts';
import type { StateProofJson } from '../client/provenance/report.ts';
import { REPUTATION_REPORT_FORMAT, REPUTATION_REPORT_REVIEWS_MAX, type ReputationReport } from '../client/reputation/report.ts';
import type { ReputationJson, ReviewJson, ReviewsJson } from '../wire/reputation.ts';
import { NodeError } from './errors.ts';
import type { RecordsStore } from './records-queries.ts';

/**
 * A subject's reputation as the node serves it (spec/reputation.md §3, §4): the aggregates and score,
 * the reviews (with the "shown" rule applied: a rating is hidden until shown), and the
 * reputation report, proven against the last committed block's state root. All bounded: a subject's
 * reviews are read with one prefix read of at most 2 × REPUTATION_REPORT_REVIEWS_MAX + 1 entries.
 */
export interface ReputationStore extends RecordsStore, TrieNodeReader {
  getBlock(height: number): { block: Block; commit: Commit } | undefined;
  height(): number;
}

/** Review records read per subject, revealed or not: twice the report's bound, so committed-only entries cannot crowd out the revealed ones below it. */
const REVIEW_SCAN_MAX = 2 * REPUTATION_REPORT_REVIEWS_MAX;

function checkSubject(subject: string): void {
  if (!isAddress(subject)) throw new NodeError('bad_address', 'expected a lower-case bech32m agora1… address');
}

export function queryReputation(store: RecordsStore, subject: string, height: number): ReputationJson {
  checkSubject(subject);
  const aggregates = getAggregates(store, subject);
  const json = Object.fromEntries(AGGREGATE_FIELDS.map((f) => [f, aggregates[f].toString()])) as ReputationJson['aggregates'];
  return { address: subject, height, aggregates: json, scorePpm: reputationScore(aggregates)?.toString() ?? null };
}

function subjectReviews(store: RecordsStore, subject: string): { key: string; value: Uint8Array }[] {
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
      if (review.reply !== undefined) json.reply = { textHash: toHex(review.reply.textHash), height: review.reply.height };
    }
    reviews.push(json);
  }
  return { address: subject, height, reviews };
}

/** The proof of `key` at the store's height, checked against `root` before it leaves the node. */
function proven(store: ReputationStore, key: string, root: Uint8Array): StateProofJson {
  const value = store.get(key);
  const path = value === undefined ? undefined : stateProof(store, key);
  if (value === undefined || path === undefined || !verifyStateProof(key, value, path, root)) throw new NodeError('internal', `${key} does not prove against the last block; try again`);
  return { key, value: toHex(value), path: path.map(toHex) };
}

/**
 * The subject's reputation report at the last committed block (spec/reputation.md §4). Read in one
 * synchronous run, so from one state; its work is bounded by REPUTATION_REPORT_REVIEWS_MAX reviews.
 */
export function buildReputationReport(store: ReputationStore, chainId: string, validators: ChainValidator[], nativeAsset: string, subject: string): ReputationReport {
  checkSubject(subject);
  if (store.get(reputationKey(subject)) === undefined) throw new NodeError('not_found', `${subject} has traded nothing: no reputation to prove`);
  const height = store.height();
  const stored = store.getBlock(height);
  if (stored === undefined) throw new NodeError('internal', `block ${height} is missing`);
  const { block, commit } = stored;
  const root = fromHex(block.header.stateRoot);
  const revealed = subjectReviews(store, subject).filter(({ value }) => decodeReview(decodeTrusted(value)).revealedAt !== undefined);
  if (revealed.length > REPUTATION_REPORT_REVIEWS_MAX) throw new NodeError('report_too_large', `${subject} has ${revealed.length} reviews; a report holds at most ${REPUTATION_REPORT_REVIEWS_MAX}`);
  const reviewers = new Set<string>();
  const reviews = revealed.map(({ key }) => {
    const [, , tradeId, reviewer] = key.split('/');
    reviewers.add(reviewer);
    return { review: proven(store, key, root), trade: proven(store, tradeKey(tradeId), root) };
  });
  return {
    format: REPUTATION_REPORT_FORMAT,
    chainId,
    subject,
    validatorSets: [{ hash: validatorsHash(validators), validators: validatorsToJson(validators) }],
    block: {
      header: { ...block.header },
      commit: { height: commit.height, round: commit.round, blockHash: commit.blockHash, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
    },
    native: proven(store, `asset/${nativeAsset}`, root),
    aggregates: proven(store, reputationKey(subject), root),
    reviews,
    counters: [...reviewers].sort().map((reviewer) => proven(store, reviewerCountKey(subject, reviewer), root)),
  };
}
