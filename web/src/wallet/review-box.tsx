/**
 * Reviewing the other side of a settled trade (spec/reputation.md §2): commit first (only a hash goes
 * on chain; the review, its secret salt and its text stay in this browser), then reveal, with the text
 * (at most REVIEW_TEXT_BYTES_MAX bytes of UTF-8, refused in words before signing). A reveal before
 * the other side committed is refused (`reveal_too_early`) and shown in words. Once shown, the review
 * and its text are shown here (as text).
 */
import { useState } from 'preact/hooks';
import { AgoraError, newReviewSalt, reviewCommitment, type CommittedResult } from '../../../src/client/index.ts';
import { fromHex } from '../../../src/crypto/hash.ts';
import { REVIEW_TEXT_BYTES_MAX } from '../../../src/ledger/limits.ts';
import { AccountLink, ErrorBox } from '../components/common.tsx';
import { stars } from '../market-view.ts';
import { decodeReviewSecret, encodeReviewSecret, revealPayloadOf, reviewStorageKey, reviewTextBytes, savedReviewOf } from '../review-view.ts';
import { chainParams, client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function ReviewBox({ trade, subject, session, label }: { trade: string; subject: string; session: Session; label: string }) {
  const me = session.entry.address;
  const mine = useAsync(async () => (await client.getReviews(subject)).reviews.find((r) => r.trade === trade && r.reviewer === me), [trade, subject, me]);
  return (
    <div class="review-box" data-testid="review-box" data-subject={subject}>
      <p>
        Your review of the {label} <AccountLink address={subject} />:{' '}
        {mine.data === undefined ? (mine.loading ? '…' : 'not written yet') : mine.data.revealed ? 'revealed' : 'committed, not revealed yet'}
      </p>
      {mine.error !== undefined && <ErrorBox error={mine.error} />}
      {!mine.loading && mine.data === undefined && <CommitForm trade={trade} subject={subject} session={session} onDone={mine.reload} />}
      {mine.data !== undefined && !mine.data.revealed && <RevealForm trade={trade} subject={subject} session={session} onDone={mine.reload} />}
      {mine.data?.revealed === true && (
        <p class="muted" data-testid="review-revealed">
          {mine.data.shown ? `Shown: ${stars(mine.data.rating ?? 0)}` : 'It is shown once the other side has revealed too (or their time is up).'}
        </p>
      )}
      {mine.data?.shown === true && mine.data.text !== undefined && <ReviewText text={mine.data.text} />}
    </div>
  );
}

function CommitForm({ trade, subject, session, onDone }: { trade: string; subject: string; session: Session; onDone: () => void }) {
  const [rating, setRating] = useState('5');
  const [text, setText] = useState('');
  const run = async (): Promise<CommittedResult> => {
    // Refused before anything is signed or saved when the text is too long.
    const review = savedReviewOf(Number(rating), text, newReviewSalt());
    const params = await chainParams();
    const me = session.entry.address;
    // Saved before sending: a commit that lands without its secret could never be revealed.
    storage()?.setItem(reviewStorageKey(params.chainId, trade, me, subject), encodeReviewSecret(review));
    const commitment = reviewCommitment(params.chainId, fromHex(trade), me, subject, review);
    const result = await client.sendTx(session.key, 'review.commit', { trade: fromHex(trade), subject, commitment });
    onDone();
    return result;
  };
  return (
    <TxForm title="Commit a review" submitLabel="Commit review" run={run} testId="review-commit">
      <label>
        Rating
        <select name="rating" value={rating} onChange={(e) => setRating(inputValue(e))}>
          {[5, 4, 3, 2, 1].map((r) => (
            <option key={r} value={String(r)}>
              {r} {stars(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Words (optional: their SHA-256 is committed now, the words themselves go on the ledger with the reveal)
        <textarea name="review-text" rows={2} value={text} onInput={(e) => setText(inputValue(e))} />
        <span class="muted" data-testid="review-text-bytes">
          {reviewTextBytes(text)} of {REVIEW_TEXT_BYTES_MAX} bytes
        </span>
      </label>
    </TxForm>
  );
}

function RevealForm({ trade, subject, session, onDone }: { trade: string; subject: string; session: Session; onDone: () => void }) {
  const run = async (): Promise<CommittedResult> => {
    const params = await chainParams();
    const review = decodeReviewSecret(storage()?.getItem(reviewStorageKey(params.chainId, trade, session.entry.address, subject)) ?? null);
    if (review === undefined) throw new AgoraError('no_saved_review', 'no saved review for this trade in this browser');
    const result = await client.sendTx(session.key, 'review.reveal', revealPayloadOf(trade, subject, review));
    onDone();
    return result;
  };
  return (
    <TxForm title="Reveal the review" submitLabel="Reveal review" run={run} testId="review-reveal">
      <p class="muted">Reveal once the other side has committed theirs: neither can then change what they wrote.</p>
    </TxForm>
  );
}


/** A review's words as written: text, never HTML (Preact escapes it), line breaks kept. */
export function ReviewText({ text }: { text: string }) {
  return (
    <p class="review-text" data-testid="review-text">
      {text}
    </p>
  );
}
