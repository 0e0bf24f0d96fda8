import { fromHex } from '../crypto/hash.ts';
import { reviewCommitment, reviewTextHash, type ReviewContent } from '../ledger/market/reviews-state.ts';
import type { ReviewDimensions } from '../ledger/market/reviews-types.ts';
import type { TxBody } from '../ledger/types.ts';
import { addressFromPublicKey } from '../crypto/address.ts';
import { buildTx, type TxCommon } from './builders.ts';

/**
 * SDK builders of the review kinds (spec/reputation.md §2). Browser-safe. A wallet keeps the review
 * (rating, dimensions, text hash) and its salt between the commit and the reveal: the reveal must
 * hash to the commitment. `newReviewSalt` draws 32 random bytes (Web Crypto).
 */
export type { ReviewContent, ReviewDimensions };
export { reviewCommitment, reviewTextHash };

export function newReviewSalt(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

/** Commits the signer's review of `subject` on trade `trade` (hex id): only its hash goes on chain. */
export function buildReviewCommit(params: TxCommon & { trade: string; subject: string; review: ReviewContent }): TxBody<'review.commit'> {
  const reviewer = addressFromPublicKey(params.from);
  const commitment = reviewCommitment(params.chainId, fromHex(params.trade), reviewer, params.subject, params.review);
  return buildTx('review.commit', params, { trade: fromHex(params.trade), subject: params.subject, commitment });
}

/**
 * Reveals what `buildReviewCommit` committed: the same review and salt; with `text`, the text itself
 * goes on chain too (at most REVIEW_TEXT_BYTES_MAX bytes of UTF-8, and `reviewTextHash(text)` must be
 * the committed `textHash`: else the ledger refuses, `reveal_mismatch`).
 */
export function buildReviewReveal(params: TxCommon & { trade: string; subject: string; review: ReviewContent; text?: string }): TxBody<'review.reveal'> {
  const { rating, dimensions, textHash, salt } = params.review;
  const payload: TxBody<'review.reveal'>['payload'] = { trade: fromHex(params.trade), subject: params.subject, rating, salt };
  if (dimensions !== undefined) payload.dimensions = dimensions;
  if (textHash !== undefined) payload.textHash = textHash;
  if (params.text !== undefined) payload.text = params.text;
  return buildTx('review.reveal', params, payload);
}

/** The subject (the signer) answers `reviewer`'s revealed review on `trade`, once: the text's SHA-256. */
export function buildReviewReply(params: TxCommon & { trade: string; reviewer: string; textHash: Uint8Array }): TxBody<'review.reply'> {
  return buildTx('review.reply', params, { trade: fromHex(params.trade), reviewer: params.reviewer, textHash: params.textHash });
}
