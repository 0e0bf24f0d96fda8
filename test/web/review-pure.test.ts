/**
 * The review forms' logic without a browser (web/src/review-view.ts, spec/reputation.md §2): the
 * optional text is bounded in bytes of UTF-8 before signing, kept with the salt between commit and
 * reveal, and sent with the reveal so that it hashes to the committed textHash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewCommitment, reviewTextHash } from '../../src/client/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { REVIEW_TEXT_BYTES_MAX } from '../../src/ledger/limits.ts';
import { ERROR_WORDS } from '../../web/src/errors.ts';
import { decodeReviewSecret, encodeReviewSecret, reviewTextBytes, revealPayloadOf, savedReviewOf } from '../../web/src/review-view.ts';

const TRADE = 'ef'.repeat(32);
const BUYER = 'agora1buyer';
const SELLER = 'agora1seller';
const SALT = fromHex('cd'.repeat(32));

test('a review text is counted in bytes of UTF-8 and refused in words above the bound, before signing', () => {
  assert.equal(REVIEW_TEXT_BYTES_MAX, 1024);
  assert.equal(reviewTextBytes('é'), 2);
  assert.equal(reviewTextBytes('  chair  '), 5, 'counted as sent: trimmed');
  assert.equal(savedReviewOf(5, 'a'.repeat(1024), SALT).text, 'a'.repeat(1024));
  assert.throws(() => savedReviewOf(5, 'a'.repeat(1025), SALT), { code: 'review_text_too_long', message: /1025 bytes/ });
  assert.throws(() => savedReviewOf(5, 'é'.repeat(513), SALT), { code: 'review_text_too_long' }, '513 letters, 1026 bytes');
  assert.match(ERROR_WORDS.review_text_too_long ?? '', /1,024 bytes/);
});

test('the text is kept with the salt, and the reveal carries it: it hashes to the committed textHash', () => {
  const saved = savedReviewOf(4, '  great <b>chair</b>  ', SALT);
  assert.deepEqual(saved, { rating: 4, salt: SALT, textHash: reviewTextHash('great <b>chair</b>'), text: 'great <b>chair</b>' });
  const back = decodeReviewSecret(encodeReviewSecret(saved));
  assert.deepEqual(back, saved);
  const payload = revealPayloadOf(TRADE, SELLER, back!);
  assert.equal(payload.text, 'great <b>chair</b>');
  assert.deepEqual(payload.textHash, reviewTextHash(payload.text!));
  const trade = fromHex(TRADE);
  assert.deepEqual(reviewCommitment('dev', trade, BUYER, SELLER, payload), reviewCommitment('dev', trade, BUYER, SELLER, saved));
});

test('no text: no textHash and no text; a saved text that is not the committed one is not sent', () => {
  const bare = savedReviewOf(3, '   ', SALT);
  assert.deepEqual(bare, { rating: 3, salt: SALT });
  assert.deepEqual(Object.keys(revealPayloadOf(TRADE, SELLER, bare)).sort(), ['rating', 'salt', 'subject', 'trade']);
  const saved = JSON.parse(encodeReviewSecret(savedReviewOf(4, 'fine', SALT))) as { text: string };
  saved.text = 'changed';
  const back = decodeReviewSecret(JSON.stringify(saved));
  assert.ok(back !== undefined);
  assert.equal(back.text, undefined, 'a reveal with it would be reveal_mismatch');
  assert.deepEqual(back.textHash, reviewTextHash('fine'));
  // Saved before texts were kept (a hash only): revealed as before, without a text.
  const old = decodeReviewSecret(JSON.stringify({ rating: 2, salt: 'cd'.repeat(32), textHash: 'ab'.repeat(32) }));
  assert.deepEqual(old, { rating: 2, salt: SALT, textHash: fromHex('ab'.repeat(32)) });
});
