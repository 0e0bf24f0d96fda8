/**
 * The review forms' logic without a browser (test/web/review-pure.test.ts, spec/reputation.md §2): a
 * review with its optional text, bounded in bytes of UTF-8 before signing; what this browser keeps
 * between commit and reveal (the review, its salt and its text: the reveal must hash to the
 * commitment, and the text to the committed textHash); and the `review.reveal` payload.
 */
import { AgoraError, reviewTextHash, type ReviewContent, type TxPayloads } from '../../src/client/index.ts';
import { bytesEqual, fromHex, toHex } from '../../src/crypto/hash.ts';
import { REVIEW_TEXT_BYTES_MAX } from '../../src/ledger/limits.ts';

/** A committed review as kept until its reveal: with its text, which goes on the ledger at the reveal. */
export interface SavedReview extends ReviewContent {
  text?: string;
}

const utf8 = new TextEncoder();

/** The bytes a review text counts (spec/reputation.md §2.2): the UTF-8 of the text as sent, trimmed. */
export const reviewTextBytes = (text: string): number => utf8.encode(text.trim()).length;

/**
 * A new review: `rating`, and the trimmed `text` when there is one — its SHA-256 committed now, the
 * text itself revealed later. A text above REVIEW_TEXT_BYTES_MAX bytes is `review_text_too_long`,
 * before anything is signed.
 */
export function savedReviewOf(rating: number, text: string, salt: Uint8Array): SavedReview {
  const review: SavedReview = { rating, salt };
  const trimmed = text.trim();
  if (trimmed === '') return review;
  const bytes = reviewTextBytes(trimmed);
  if (bytes > REVIEW_TEXT_BYTES_MAX) throw new AgoraError('review_text_too_long', `the review text is ${bytes} bytes of UTF-8; at most ${REVIEW_TEXT_BYTES_MAX}`);
  review.textHash = reviewTextHash(trimmed);
  review.text = trimmed;
  return review;
}

/** Where this browser keeps a committed review until it is revealed: without it the reveal cannot match. */
export const reviewStorageKey = (chainId: string, trade: string, reviewer: string, subject: string): string => `agora.review/${chainId}/${trade}/${reviewer}/${subject}`;

export function encodeReviewSecret(review: SavedReview): string {
  const saved: { [name: string]: unknown } = { rating: review.rating, salt: toHex(review.salt) };
  if (review.dimensions !== undefined) saved.dimensions = review.dimensions;
  if (review.textHash !== undefined) saved.textHash = toHex(review.textHash);
  if (review.text !== undefined) saved.text = review.text;
  return JSON.stringify(saved);
}

/**
 * The review saved at commit, or undefined when `text` is not one. A saved text that does not hash to
 * the saved textHash is dropped: revealed with it, the review would be refused (`reveal_mismatch`);
 * without it, it is revealed with its hash only, as a review saved before texts were kept.
 */
export function decodeReviewSecret(text: string | null): SavedReview | undefined {
  if (text === null) return undefined;
  try {
    const saved = JSON.parse(text) as { rating?: unknown; salt?: unknown; dimensions?: unknown; textHash?: unknown; text?: unknown };
    if (typeof saved.rating !== 'number' || typeof saved.salt !== 'string' || !/^[0-9a-f]{64}$/.test(saved.salt)) return undefined;
    const review: SavedReview = { rating: saved.rating, salt: fromHex(saved.salt) };
    if (typeof saved.dimensions === 'object' && saved.dimensions !== null) review.dimensions = saved.dimensions as ReviewContent['dimensions'];
    if (typeof saved.textHash === 'string' && /^[0-9a-f]{64}$/.test(saved.textHash)) review.textHash = fromHex(saved.textHash);
    if (typeof saved.text === 'string' && review.textHash !== undefined && bytesEqual(reviewTextHash(saved.text), review.textHash)) review.text = saved.text;
    return review;
  } catch {
    return undefined;
  }
}

/** The `review.reveal` payload of a saved review of `subject` on `trade` (hex id): the same review, salt and text. */
export function revealPayloadOf(trade: string, subject: string, review: SavedReview): TxPayloads['review.reveal'] {
  const payload: TxPayloads['review.reveal'] = { trade: fromHex(trade), subject, rating: review.rating, salt: review.salt };
  if (review.dimensions !== undefined) payload.dimensions = review.dimensions;
  if (review.textHash !== undefined) payload.textHash = review.textHash;
  if (review.text !== undefined) payload.text = review.text;
  return payload;
}
