import type { CborValue } from '../../codec/cbor.ts';
import { readMap, readUint } from '../../codec/shape.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';

/**
 * A subject's reputation aggregates at `rep/<address>` (spec/reputation.md §3), and the count of a
 * subject's counted reviews per reviewer at `repby/<subject>/<reviewer>`, which makes `counterparties`
 * the number of distinct reviewers. Absent means all zero. Browser-safe: reports decode these records.
 */
export interface Aggregates {
  /** Trades the subject was a buyer or a seller in. */
  trades: bigint;
  /** Revealed reviews of the subject. */
  reviews: bigint;
  ratingSum: bigint;
  /** Σ the native value paid in the reviewed trades (a trade in any other asset weighs 0). */
  weight: bigint;
  /** Σ rating × weight. */
  weightedSum: bigint;
  /** Reviews rated REVIEW_NEGATIVE_MAX or less. */
  negatives: bigint;
  disputesLost: bigint;
  /** Distinct reviewers. */
  counterparties: bigint;
}

export const AGGREGATE_FIELDS = ['trades', 'reviews', 'ratingSum', 'weight', 'weightedSum', 'negatives', 'disputesLost', 'counterparties'] as const;

export const reputationKey = (subject: string): string => `rep/${subject}`;
export const reviewerCountKey = (subject: string, reviewer: string): string => `repby/${subject}/${reviewer}`;

export const ZERO_AGGREGATES: Aggregates = { trades: 0n, reviews: 0n, ratingSum: 0n, weight: 0n, weightedSum: 0n, negatives: 0n, disputesLost: 0n, counterparties: 0n };

/** Unbounded sums (Σ rating × weight grows past 2^128 in principle): readUint's bound is 2^256 − 1. */
const SUM_MAX = (1n << 256n) - 1n;

export function decodeAggregates(value: CborValue): Aggregates {
  const map = readMap(value, 'rep', AGGREGATE_FIELDS);
  const result = { ...ZERO_AGGREGATES };
  for (const field of AGGREGATE_FIELDS) result[field] = readUint(map[field], `rep.${field}`, SUM_MAX);
  return result;
}

export function encodeAggregates(aggregates: Aggregates): { [key: string]: CborValue } {
  const record: { [key: string]: CborValue } = {};
  for (const field of AGGREGATE_FIELDS) record[field] = aggregates[field];
  return record;
}

export function getAggregates(view: StateReader, subject: string): Aggregates {
  const value = getStateValue(view, reputationKey(subject));
  return value === undefined ? { ...ZERO_AGGREGATES } : decodeAggregates(value);
}

/** Adds `delta` to the subject's aggregates. */
export function bumpAggregates(view: Overlay, subject: string, delta: Partial<Aggregates>): void {
  const aggregates = getAggregates(view, subject);
  for (const field of AGGREGATE_FIELDS) aggregates[field] += delta[field] ?? 0n;
  putStateValue(view, reputationKey(subject), encodeAggregates(aggregates));
}

export function getReviewerCount(view: StateReader, subject: string, reviewer: string): bigint {
  const value = getStateValue(view, reviewerCountKey(subject, reviewer));
  return value === undefined ? 0n : readUint(value, 'repby', SUM_MAX);
}

export function putReviewerCount(view: Overlay, subject: string, reviewer: string, count: bigint): void {
  putStateValue(view, reviewerCountKey(subject, reviewer), count);
}
