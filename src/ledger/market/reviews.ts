import { bytesEqual, toHex } from '../../crypto/hash.ts';
import { reject, type Rejection } from '../errors.ts';
import { REVIEW_NEGATIVE_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { bumpAggregates, getReviewerCount, putReviewerCount } from './reputation-state.ts';
import { commitEndHeight, getReview, hasMirror, maySubjects, putReview, revealEndHeight, reviewCommitment, reviewTextHash } from './reviews-state.ts';
import type { ReviewCommitPayload, ReviewReplyPayload, ReviewRevealPayload } from './reviews-types.ts';
import { getTrade, type TradeRecord } from './trades.ts';

/**
 * The review kinds (spec/reputation.md §2): commit, reveal, reply. No trade, no review; each party
 * reviews the other once per trade, double-blind: a reveal waits until its mirror is committed or can
 * no longer be, so nobody rates after seeing the other's rating. A reveal counts in the subject's
 * aggregates (§3), weighted by the trade's native value only.
 */

/** `no_trade`, then `not_a_party` (the signer may not review `subject` on the trade). */
function loadTradeFor(view: Overlay, tradeBytes: Uint8Array, reviewer: string, subject: string): TradeRecord | Rejection {
  const id = toHex(tradeBytes);
  const trade = getTrade(view, id);
  if (trade === undefined) return reject('no_trade', `no trade ${id}: only a settled trade can be reviewed`);
  if (!maySubjects(trade, reviewer).includes(subject)) {
    return reject('not_a_party', `${reviewer} may not review ${subject} on trade ${id}: the buyer and the seller review each other, and the arbiter after a dispute`);
  }
  return trade;
}

/** Checks in order: `no_trade`, `not_a_party`, `already_reviewed`, `window_closed`. Effects: the commitment. */
export function applyReviewCommit(view: Overlay, reviewer: string, payload: ReviewCommitPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const trade = loadTradeFor(view, payload.trade, reviewer, payload.subject);
  if ('code' in trade) return trade;
  if (getReview(view, payload.subject, trade.id, reviewer) !== undefined) return reject('already_reviewed', `${reviewer} already reviewed ${payload.subject} on trade ${trade.id}`);
  if (ctx.height >= commitEndHeight(trade)) return reject('window_closed', `reviews of trade ${trade.id} could be committed until height ${commitEndHeight(trade) - 1}`);
  putReview(view, payload.subject, trade.id, reviewer, { commitment: payload.commitment, committedAt: ctx.height });
  view.touch(payload.subject);
  return [{ type: 'review.committed', attributes: { trade: trade.id, reviewer, subject: payload.subject } }];
}

/**
 * Checks in order: `no_trade`, `not_a_party`, `no_review` (nothing committed), `already_reviewed`
 * (revealed), `window_closed`, `reveal_too_early` (the mirror may still be committed),
 * `reveal_mismatch` (the content, then the text: a text must hash to the committed `textHash`; one
 * word for "this is not what you committed", whichever part differs, spec/reputation.md §2.2). Effects: the content, the text included; the subject's aggregates.
 */
export function applyReviewReveal(view: Overlay, reviewer: string, payload: ReviewRevealPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const { subject } = payload;
  const trade = loadTradeFor(view, payload.trade, reviewer, subject);
  if ('code' in trade) return trade;
  const review = getReview(view, subject, trade.id, reviewer);
  if (review === undefined) return reject('no_review', `${reviewer} committed no review of ${subject} on trade ${trade.id}`);
  if (review.revealedAt !== undefined) return reject('already_reviewed', `${reviewer} already revealed the review of ${subject} on trade ${trade.id}`);
  if (ctx.height >= revealEndHeight(trade)) return reject('window_closed', `reviews of trade ${trade.id} could be revealed until height ${revealEndHeight(trade) - 1}`);
  if (hasMirror(trade, subject) && ctx.height < commitEndHeight(trade) && getReview(view, reviewer, trade.id, subject) === undefined) {
    return reject('reveal_too_early', `${subject} may still review ${reviewer} on trade ${trade.id} until height ${commitEndHeight(trade) - 1}; reveal after they commit or then`);
  }
  const expected = reviewCommitment(ctx.chainId, payload.trade, reviewer, subject, payload);
  if (!bytesEqual(expected, review.commitment)) return reject('reveal_mismatch', `the review revealed does not hash to the commitment of ${reviewer} on trade ${trade.id}`);
  if (payload.text !== undefined && (payload.textHash === undefined || !bytesEqual(reviewTextHash(payload.text), payload.textHash))) {
    return reject('reveal_mismatch', payload.textHash === undefined ? 'a text is revealed only with the text hash its review committed to' : 'the SHA-256 of the text (UTF-8) is not the committed textHash');
  }
  const revealed = { ...review, rating: payload.rating, dimensions: payload.dimensions, textHash: payload.textHash, revealedAt: ctx.height };
  putReview(view, subject, trade.id, reviewer, payload.text === undefined ? revealed : { ...revealed, text: payload.text });
  countReview(view, trade, reviewer, subject, payload.rating, ctx.params.nativeAsset);
  view.touch(subject);
  return [{ type: 'review.revealed', attributes: { trade: trade.id, reviewer, subject, rating: String(payload.rating) } }];
}

/** Weight = the trade's value when paid in the native asset, else 0 (spec/reputation.md §3). */
export function reviewWeight(trade: Pick<TradeRecord, 'asset' | 'amount'>, nativeAsset: string): bigint {
  return trade.asset === nativeAsset ? trade.amount : 0n;
}

function countReview(view: Overlay, trade: TradeRecord, reviewer: string, subject: string, rating: number, nativeAsset: string): void {
  const weight = reviewWeight(trade, nativeAsset);
  const before = getReviewerCount(view, subject, reviewer);
  putReviewerCount(view, subject, reviewer, before + 1n);
  const r = BigInt(rating);
  bumpAggregates(view, subject, {
    reviews: 1n,
    ratingSum: r,
    weight,
    weightedSum: r * weight,
    negatives: rating <= REVIEW_NEGATIVE_MAX ? 1n : 0n,
    counterparties: before === 0n ? 1n : 0n,
  });
}

/** By the review's subject. Checks in order: `no_trade`, `no_review` (no revealed review of the signer by `reviewer`), `already_replied`. */
export function applyReviewReply(view: Overlay, subject: string, payload: ReviewReplyPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const id = toHex(payload.trade);
  const trade = getTrade(view, id);
  if (trade === undefined) return reject('no_trade', `no trade ${id}`);
  const review = getReview(view, subject, id, payload.reviewer);
  if (review?.revealedAt === undefined) return reject('no_review', `${payload.reviewer} revealed no review of ${subject} on trade ${id}`);
  if (review.reply !== undefined) return reject('already_replied', `${subject} already replied to ${payload.reviewer} on trade ${id}`);
  putReview(view, subject, id, payload.reviewer, { ...review, reply: { textHash: payload.textHash, height: ctx.height } });
  view.touch(payload.reviewer);
  return [{ type: 'review.replied', attributes: { trade: id, reviewer: payload.reviewer, subject } }];
}
