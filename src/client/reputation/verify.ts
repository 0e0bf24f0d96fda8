import { verifyStateProof } from '../../chain/state-proof.ts';
import { decode, type CborValue } from '../../codec/cbor.ts';
import { verifyEd25519 } from '../../crypto/ed25519.ts';
import { fromHex, toHex } from '../../crypto/hash.ts';
import type { Verifier } from '../../ledger/tx.ts';
import { AGGREGATE_FIELDS, decodeAggregates, reputationKey, reviewerCountKey, type Aggregates } from '../../ledger/market/reputation-state.ts';
import { reputationScore } from '../../ledger/market/reputation-score.ts';
import { decodeReview, type ReviewRecord } from '../../ledger/market/reviews-state.ts';
import { decodeTrade, tradeKey, type TradeRecord } from '../../ledger/market/trades-state.ts';
import { REVIEW_NEGATIVE_MAX } from '../../ledger/limits.ts';
import { walkHandOvers } from '../hand-overs.ts';
import { checkAnchor, type TrustAnchor } from '../provenance/anchor.ts';
import { ReportShapeError } from '../provenance/read.ts';
import type { StateProofJson } from '../provenance/report.ts';
import { NO_TRUST_ANCHOR_MESSAGE, type Problem } from '../provenance/verify.ts';
import { readReputationReport } from './read.ts';
import { serializeReputationReport, type ReputationReport } from './report.ts';

/**
 * Offline verification of a reputation report (spec/reputation.md §4), against a trust anchor chosen
 * by the verifier (spec/provenance.md §1.1): without one nothing is proven. Every value the report
 * claims is a state entry proven under the state root of a block that more than 2/3 of a trusted
 * validator set signed; the aggregates are recomputed from the reviews listed, so a review left out
 * fails the check. Problems name their place (a JSON path).
 */
export interface ReputationVerifyOptions {
  verify?: Verifier;
  anchor: TrustAnchor | null;
}

export interface ProvenReview {
  trade: string;
  reviewer: string;
  rating: number;
  dimensions?: { [name: string]: number };
  textHash?: string;
  /** The review text, when its reveal carried it (proven with the review record). */
  text?: string;
  revealedAt: number;
  reply?: { textHash: string; height: number };
  /** What the trade paid, and whether it was disputed. */
  kind: TradeRecord['kind'];
  asset: string;
  amount: string;
  disputed: boolean;
}

export interface ReputationVerifyResult {
  ok: boolean;
  anchor: TrustAnchor | null;
  chainId: string | null;
  subject: string | null;
  /** The state block, when its commit is proven. */
  height: number | null;
  nativeAsset: string | null;
  /** Decimal text, as proven; null when not proven. */
  aggregates: { [K in keyof Aggregates]: string } | null;
  /** spec/reputation.md §3, from the proven aggregates; null without native weight. */
  scorePpm: string | null;
  reviews: ProvenReview[];
  problems: Problem[];
}

const PROBLEMS_MAX = 200;

class Run {
  readonly problems: Problem[] = [];
  problem(place: string, message: string, code?: Problem['code']): void {
    if (this.problems.length < PROBLEMS_MAX) this.problems.push(code === undefined ? { place, message } : { place, message, code });
  }
}

function emptyResult(anchor: TrustAnchor | null, problems: Problem[]): ReputationVerifyResult {
  return { ok: false, anchor, chainId: null, subject: null, height: null, nativeAsset: null, aggregates: null, scorePpm: null, reviews: [], problems };
}

/**
 * The state root every proof is checked against, once the state block is proven by the one walk of
 * hand-overs (hand-overs.ts, spec/provenance.md §1.1): the hand-overs, by increasing height before
 * the state block, then the state block, each signed by the set in effect at its height from the
 * anchor's (without an anchor, by any well-formed set: never ok then). Null when it is not proven.
 */
function provenRoot(report: ReputationReport, anchor: TrustAnchor | null, verify: Verifier, run: Run): Uint8Array | null {
  let previous = 0;
  for (const [i, { header }] of report.handOvers.entries()) {
    if (header.height <= previous || header.height >= report.block.header.height) {
      run.problem(`$.handOvers[${i}].header.height`, 'hand-over blocks are listed once each, by increasing height, before the state block');
      return null;
    }
    previous = header.height;
  }
  const blocks = [...report.handOvers.map((block, i) => ({ block, place: `$.handOvers[${i}]` })), { block: report.block, place: '$.block' }];
  const walk = walkHandOvers({ chainId: report.chainId, anchor, validatorSets: report.validatorSets, blocks, verify, noun: 'report' });
  for (const problem of walk.problems) run.problem(problem.place, problem.message, problem.code === 'not_trusted' ? 'not_trusted' : undefined);
  return walk.setAt.has(report.block.header.height) ? fromHex(report.block.header.stateRoot) : null;
}

/** The proven value of `proof`, decoded, or undefined after a problem at `place`. */
function provenValue(proof: StateProofJson, expectedKey: string | null, root: Uint8Array, place: string, run: Run): CborValue | undefined {
  if (expectedKey !== null && proof.key !== expectedKey) return void run.problem(`${place}.key`, `expected ${expectedKey}`);
  const value = fromHex(proof.value);
  if (!verifyStateProof(proof.key, value, proof.path.map(fromHex), root)) return void run.problem(place, `${proof.key}: the value does not prove against the block's state root`);
  try {
    return decode(value);
  } catch (error) {
    return void run.problem(`${place}.value`, `${proof.key}: ${(error as Error).message}`);
  }
}

function decoded<T>(read: () => T, place: string, run: Run): T | undefined {
  try {
    return read();
  } catch (error) {
    return void run.problem(`${place}.value`, (error as Error).message);
  }
}

interface Listed {
  trade: TradeRecord;
  reviewer: string;
  review: ReviewRecord & { rating: number; revealedAt: number };
}

function checkReviews(report: ReputationReport, root: Uint8Array, run: Run): Listed[] {
  const listed: Listed[] = [];
  let previous = '';
  report.reviews.forEach((entry, i) => {
    const place = `$.reviews[${i}]`;
    const parts = entry.review.key.split('/');
    if (parts.length !== 4 || parts[0] !== 'review' || parts[1] !== report.subject) return run.problem(`${place}.review.key`, `expected review/${report.subject}/<trade>/<reviewer>`);
    if (entry.review.key <= previous) return run.problem(`${place}.review.key`, 'reviews are listed once each, by key');
    previous = entry.review.key;
    const [, , tradeId, reviewer] = parts;
    const reviewValue = provenValue(entry.review, null, root, `${place}.review`, run);
    const tradeValue = provenValue(entry.trade, tradeKey(tradeId), root, `${place}.trade`, run);
    if (reviewValue === undefined || tradeValue === undefined) return;
    const review = decoded(() => decodeReview(reviewValue), `${place}.review`, run);
    const trade = decoded(() => decodeTrade(tradeId, tradeValue), `${place}.trade`, run);
    if (review === undefined || trade === undefined) return;
    if (review.rating === undefined || review.revealedAt === undefined) return run.problem(`${place}.review.value`, `the review of trade ${tradeId} by ${reviewer} is not revealed`);
    if (review.rating < 1) return run.problem(`${place}.review.value`, `the review of trade ${tradeId} by ${reviewer} has rating ${review.rating}, not 1 to 5`);
    listed.push({ trade, reviewer, review: review as Listed['review'] });
  });
  return listed;
}

/** §4 "complete": the proven aggregates are those of exactly the reviews listed. */
function checkComplete(report: ReputationReport, proven: Aggregates, listed: Listed[], nativeAsset: string, root: Uint8Array, run: Run): void {
  const sums = { reviews: 0n, ratingSum: 0n, weight: 0n, weightedSum: 0n, negatives: 0n };
  const byReviewer = new Map<string, bigint>();
  for (const { trade, reviewer, review } of listed) {
    const weight = trade.asset === nativeAsset ? trade.amount : 0n;
    const r = BigInt(review.rating);
    sums.reviews += 1n;
    sums.ratingSum += r;
    sums.weight += weight;
    sums.weightedSum += r * weight;
    if (review.rating <= REVIEW_NEGATIVE_MAX) sums.negatives += 1n;
    byReviewer.set(reviewer, (byReviewer.get(reviewer) ?? 0n) + 1n);
  }
  for (const field of ['reviews', 'ratingSum', 'weight', 'weightedSum', 'negatives'] as const) {
    if (sums[field] !== proven[field]) return run.problem('$.reviews', `the subject's ${field} is ${proven[field]} at block ${report.block.header.height}; the reviews listed give ${sums[field]}: the list is not complete`);
  }
  const reviewers = [...byReviewer.keys()].sort();
  if (BigInt(reviewers.length) !== proven.counterparties) return run.problem('$.reviews', `the subject has ${proven.counterparties} distinct reviewers; the reviews listed have ${reviewers.length}`);
  if (report.counters.length !== reviewers.length) return run.problem('$.counters', `one count per reviewer: ${reviewers.length} reviewers, ${report.counters.length} counts`);
  reviewers.forEach((reviewer, j) => {
    const place = `$.counters[${j}]`;
    const value = provenValue(report.counters[j], reviewerCountKey(report.subject, reviewer), root, place, run);
    if (value === undefined) return;
    if (typeof value !== 'number' && typeof value !== 'bigint') return run.problem(`${place}.value`, 'expected a count');
    if (BigInt(value) !== byReviewer.get(reviewer)) run.problem(place, `${reviewer} has ${value} counted reviews of the subject; the report lists ${byReviewer.get(reviewer)}`);
  });
}

function toJson(listed: Listed): ProvenReview {
  const { trade, reviewer, review } = listed;
  const out: ProvenReview = { trade: trade.id, reviewer, rating: review.rating, revealedAt: review.revealedAt, kind: trade.kind, asset: trade.asset, amount: trade.amount.toString(), disputed: trade.disputed };
  if (review.dimensions !== undefined) out.dimensions = review.dimensions;
  if (review.textHash !== undefined) out.textHash = toHex(review.textHash);
  if (review.text !== undefined) out.text = review.text;
  if (review.reply !== undefined) out.reply = { textHash: toHex(review.reply.textHash), height: review.reply.height };
  return out;
}

/** The score of proven aggregates; null when they hold no score (a hostile file without an anchor may claim anything). */
function scoreOf(aggregates: Aggregates): string | null {
  try {
    return reputationScore(aggregates)?.toString() ?? null;
  } catch {
    return null;
  }
}

/** Verifies a reputation report's text against a trust anchor (null: see what it claims, never ok). */
export function verifyReputationReport(text: string, options: ReputationVerifyOptions): ReputationVerifyResult {
  const anchor = options.anchor ?? null;
  if (anchor !== null) checkAnchor(anchor);
  const noAnchor: Problem[] = anchor === null ? [{ place: '$.validatorSets', message: NO_TRUST_ANCHOR_MESSAGE, code: 'no_trust_anchor' }] : [];
  let report: ReputationReport;
  try {
    report = readReputationReport(text);
  } catch (error) {
    if (error instanceof ReportShapeError) return emptyResult(anchor, [...noAnchor, { place: error.place, message: error.detail }]);
    throw error;
  }
  const run = new Run();
  run.problems.push(...noAnchor);
  if (anchor?.chainId !== undefined && report.chainId !== anchor.chainId) run.problem('$.chainId', `the report is for chain "${report.chainId}", not the trusted chain "${anchor.chainId}"`, 'not_trusted');
  const root = provenRoot(report, anchor, options.verify ?? verifyEd25519, run);
  const result = emptyResult(anchor, run.problems);
  Object.assign(result, { chainId: report.chainId, subject: report.subject });
  if (root === null) return result;
  result.height = report.block.header.height;
  const nativeValue = provenValue(report.native, null, root, '$.native', run);
  const nativeAsset = report.native.key.startsWith('asset/') ? report.native.key.slice('asset/'.length) : null;
  if (nativeValue !== undefined && (nativeAsset === null || nativeValue === null || typeof nativeValue !== 'object' || (nativeValue as { creator?: unknown }).creator !== 'genesis')) run.problem('$.native', `${report.native.key} is not the record of the chain's native asset (created by genesis)`);
  const aggregatesValue = provenValue(report.aggregates, reputationKey(report.subject), root, '$.aggregates', run);
  const aggregates = aggregatesValue === undefined ? undefined : decoded(() => decodeAggregates(aggregatesValue), '$.aggregates', run);
  const listed = checkReviews(report, root, run);
  const clean = (): boolean => run.problems.length === noAnchor.length;
  if (clean() && aggregates !== undefined && nativeAsset !== null) checkComplete(report, aggregates, listed, nativeAsset, root, run);
  const canonical = serializeReputationReport(report);
  if (clean() && canonical !== text) {
    let i = 0;
    while (i < canonical.length && i < text.length && canonical[i] === text[i]) i++;
    run.problem('$', `the text is not the canonical form of its content (first difference at character ${i})`);
  }
  result.problems = run.problems;
  result.ok = run.problems.length === 0;
  if (clean() && aggregates !== undefined) {
    result.nativeAsset = nativeAsset;
    result.aggregates = Object.fromEntries(AGGREGATE_FIELDS.map((f) => [f, aggregates[f].toString()])) as ReputationVerifyResult['aggregates'];
    result.scorePpm = scoreOf(aggregates);
    result.reviews = listed.map(toJson);
  }
  return result;
}
