import { encode, type CborValue } from '../../codec/cbor.ts';
import { optional, readBytes, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { sha256 } from '../../crypto/hash.ts';
import { HEIGHT_MAX, RECORD_NAME_PATTERN, REVIEW_COMMIT_BLOCKS, REVIEW_RATING_MAX, REVIEW_REVEAL_BLOCKS, REVIEW_TEXT_BYTES_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import type { TradeRecord } from './trades-state.ts';
import type { ReviewDimensions } from './reviews-types.ts';

/**
 * Review records at `review/<subject>/<trade id>/<reviewer>` (spec/reputation.md §2): the commitment,
 * then what its reveal said, then the subject's reply. Browser-safe: the SDK computes commitments with
 * `reviewCommitment` and reports decode these records.
 */
export interface ReviewRecord {
  commitment: Uint8Array;
  committedAt: number;
  rating?: number;
  dimensions?: ReviewDimensions;
  textHash?: Uint8Array;
  /** The text, when the reveal carried it (it hashes to `textHash`). */
  text?: string;
  revealedAt?: number;
  reply?: { textHash: Uint8Array; height: number };
}

export const REVIEW_DOMAIN = 'agora/review/v1';
export const REVIEW_PREFIX = 'review/';
export const reviewKey = (subject: string, trade: string, reviewer: string): string => `review/${subject}/${trade}/${reviewer}`;

export interface ReviewContent {
  rating: number;
  dimensions?: ReviewDimensions;
  textHash?: Uint8Array;
  salt: Uint8Array;
}

/** SHA-256 of canonical CBOR ["agora/review/v1", chainId, trade, reviewer, subject, rating, dimensions | null, textHash | null, salt]. */
export function reviewCommitment(chainId: string, trade: Uint8Array, reviewer: string, subject: string, content: ReviewContent): Uint8Array {
  return sha256(encode([REVIEW_DOMAIN, chainId, trade, reviewer, subject, content.rating, content.dimensions ?? null, content.textHash ?? null, content.salt]));
}

const utf8 = new TextEncoder();

/** A review text's bytes: its UTF-8 (spec/reputation.md §2.2), what `textHash` hashes and REVIEW_TEXT_BYTES_MAX bounds. */
export function reviewTextBytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** SHA-256 of a review text's UTF-8: the `textHash` a review commits to. */
export function reviewTextHash(text: string): Uint8Array {
  return sha256(reviewTextBytes(text));
}

export function encodeReview(review: ReviewRecord): { [key: string]: CborValue } {
  const record: { [key: string]: CborValue } = { commitment: review.commitment, committedAt: review.committedAt };
  if (review.rating !== undefined) record.rating = review.rating;
  if (review.dimensions !== undefined) record.dimensions = review.dimensions;
  if (review.textHash !== undefined) record.textHash = review.textHash;
  if (review.text !== undefined) record.text = review.text;
  if (review.revealedAt !== undefined) record.revealedAt = review.revealedAt;
  if (review.reply !== undefined) record.reply = { textHash: review.reply.textHash, height: review.reply.height };
  return record;
}

export function decodeReview(value: CborValue): ReviewRecord {
  const map = readMap(value, 'review', ['commitment', 'committedAt', 'rating', 'dimensions', 'textHash', 'text', 'revealedAt', 'reply']);
  const review: ReviewRecord = { commitment: readBytes(map.commitment, 'review.commitment', 32), committedAt: readSmallUint(map.committedAt, 'review.committedAt', HEIGHT_MAX) };
  const rating = optional(map.rating, (v) => readSmallUint(v, 'review.rating', REVIEW_RATING_MAX));
  if (rating !== undefined) review.rating = rating;
  const dimensions = optional(map.dimensions, (v) => {
    const dims = readMap(v, 'review.dimensions', Object.keys(v as object).filter((name) => RECORD_NAME_PATTERN.test(name)));
    const out: ReviewDimensions = {};
    for (const name of Object.keys(dims).sort()) out[name] = readSmallUint(dims[name], `review.dimensions.${name}`, REVIEW_RATING_MAX);
    return out;
  });
  if (dimensions !== undefined) review.dimensions = dimensions;
  const textHash = optional(map.textHash, (v) => readBytes(v, 'review.textHash', 32));
  if (textHash !== undefined) review.textHash = textHash;
  const text = optional(map.text, (v) => readString(v, 'review.text', REVIEW_TEXT_BYTES_MAX));
  if (text !== undefined) review.text = text;
  const revealedAt = optional(map.revealedAt, (v) => readSmallUint(v, 'review.revealedAt', HEIGHT_MAX));
  if (revealedAt !== undefined) review.revealedAt = revealedAt;
  const reply = optional(map.reply, (v) => {
    const r = readMap(v, 'review.reply', ['textHash', 'height']);
    return { textHash: readBytes(r.textHash, 'review.reply.textHash', 32), height: readSmallUint(r.height, 'review.reply.height', HEIGHT_MAX) };
  });
  if (reply !== undefined) review.reply = reply;
  return review;
}

export function getReview(view: StateReader, subject: string, trade: string, reviewer: string): ReviewRecord | undefined {
  const value = getStateValue(view, reviewKey(subject, trade, reviewer));
  return value === undefined ? undefined : decodeReview(value);
}

export function putReview(view: Overlay, subject: string, trade: string, reviewer: string, review: ReviewRecord): void {
  putStateValue(view, reviewKey(subject, trade, reviewer), encodeReview(review));
}

/**
 * Whom `reviewer` may review on `trade`: the buyer the seller and back; after a dispute, either the
 * arbiter. The arbiter reviews nobody.
 */
export function maySubjects(trade: TradeRecord, reviewer: string): string[] {
  if (reviewer !== trade.buyer && reviewer !== trade.seller) return [];
  const subjects = [reviewer === trade.buyer ? trade.seller : trade.buyer];
  if (trade.disputed && trade.arbiter !== undefined) subjects.push(trade.arbiter);
  return subjects;
}

/** The review of the same trade by `subject` of `reviewer`, whose reveal must wait for this one's commitment; none for an arbiter. */
export function hasMirror(trade: TradeRecord, subject: string): boolean {
  return subject === trade.buyer || subject === trade.seller;
}

export const commitEndHeight = (trade: TradeRecord): number => trade.height + REVIEW_COMMIT_BLOCKS;
export const revealEndHeight = (trade: TradeRecord): number => trade.height + REVIEW_COMMIT_BLOCKS + REVIEW_REVEAL_BLOCKS;

/**
 * Whether a revealed review is shown (spec/reputation.md §2, the rule, for readers): its mirror
 * is revealed, it has none, or no reveal can come any more.
 */
export function isShown(trade: TradeRecord, review: ReviewRecord, mirror: ReviewRecord | undefined, subject: string, height: number): boolean {
  if (review.revealedAt === undefined) return false;
  if (!hasMirror(trade, subject)) return true;
  if (mirror?.revealedAt !== undefined) return true;
  if (height >= revealEndHeight(trade)) return true;
  return mirror === undefined && height >= commitEndHeight(trade);
}

