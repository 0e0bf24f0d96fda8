import type { CborValue } from '../../codec/cbor.ts';
import { optional, readBytes, readMap } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { RECORD_NAME_PATTERN, REVIEW_DIMENSIONS_MAX, REVIEW_RATING_MAX, REVIEW_TEXT_BYTES_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import { reviewTextBytes } from './reviews-state.ts';
import type { ReviewCommitPayload, ReviewDimensions, ReviewReplyPayload, ReviewRevealPayload } from './reviews-types.ts';

/** The payloads of the review kinds (spec/reputation.md §2): the codec half (reviews.ts applies them). */
const HASH_BYTES = 32;

/** An integer 1 … 5, else `bad_rating`. */
export function readRating(value: CborValue | undefined, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > REVIEW_RATING_MAX) {
    throw new RejectError('bad_rating', `${path}: a rating is an integer from 1 to ${REVIEW_RATING_MAX}`);
  }
  return value;
}

function readDimensions(value: CborValue, path: string): ReviewDimensions {
  const map = readMap(value, path, value !== null && typeof value === 'object' ? Object.keys(value) : []);
  const names = Object.keys(map);
  if (names.length === 0 || names.length > REVIEW_DIMENSIONS_MAX) throw new RejectError('bad_shape', `${path}: 1 to ${REVIEW_DIMENSIONS_MAX} dimensions`);
  const dimensions: ReviewDimensions = {};
  for (const name of names.sort()) {
    if (!RECORD_NAME_PATTERN.test(name)) throw new RejectError('bad_shape', `${path}.${name}: a dimension is named like a record name (a-z, 0-9, '.', '-')`);
    dimensions[name] = readRating(map[name], `${path}.${name}`);
  }
  return dimensions;
}

/** A text of at most REVIEW_TEXT_BYTES_MAX bytes of UTF-8: not text → `bad_shape`, longer → `bad_metadata`. */
export function readReviewText(value: CborValue, path: string): string {
  if (typeof value !== 'string') throw new RejectError('bad_shape', `${path}: a text`);
  const bytes = reviewTextBytes(value).length;
  if (bytes > REVIEW_TEXT_BYTES_MAX) throw new RejectError('bad_metadata', `${path}: at most ${REVIEW_TEXT_BYTES_MAX} bytes of UTF-8, got ${bytes}`);
  return value;
}

export function decodeReviewCommit(value: CborValue): ReviewCommitPayload {
  const map = readMap(value, 'payload', ['trade', 'subject', 'commitment']);
  const trade = readBytes(map.trade, 'payload.trade', HASH_BYTES);
  const subject = readAddress(map.subject, 'payload.subject');
  return { trade, subject, commitment: readBytes(map.commitment, 'payload.commitment', HASH_BYTES) };
}

export function decodeReviewReveal(value: CborValue): ReviewRevealPayload {
  const map = readMap(value, 'payload', ['trade', 'subject', 'rating', 'dimensions', 'textHash', 'salt', 'text']);
  const trade = readBytes(map.trade, 'payload.trade', HASH_BYTES);
  const subject = readAddress(map.subject, 'payload.subject');
  const rating = readRating(map.rating, 'payload.rating');
  const dimensions = optional(map.dimensions, (v) => readDimensions(v, 'payload.dimensions'));
  const textHash = optional(map.textHash, (v) => readBytes(v, 'payload.textHash', HASH_BYTES));
  const payload: ReviewRevealPayload = { trade, subject, rating, salt: readBytes(map.salt, 'payload.salt', HASH_BYTES) };
  if (dimensions !== undefined) payload.dimensions = dimensions;
  if (textHash !== undefined) payload.textHash = textHash;
  const text = optional(map.text, (v) => readReviewText(v, 'payload.text'));
  if (text !== undefined) payload.text = text;
  return payload;
}

export function decodeReviewReply(value: CborValue): ReviewReplyPayload {
  const map = readMap(value, 'payload', ['trade', 'reviewer', 'textHash']);
  const trade = readBytes(map.trade, 'payload.trade', HASH_BYTES);
  return { trade, reviewer: readAddress(map.reviewer, 'payload.reviewer'), textHash: readBytes(map.textHash, 'payload.textHash', HASH_BYTES) };
}
