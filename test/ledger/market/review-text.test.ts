// Review text (spec/reputation.md §2.2): review.reveal may carry the text itself, at most
// REVIEW_TEXT_BYTES_MAX bytes of UTF-8, whose SHA-256 must be the committed textHash. Every refusal
// has its code and changes nothing but the nonce; the text is stored with the review; a per-byte fee
// charges its bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../../src/codec/cbor.ts';
import { fromHex, sha256 } from '../../../src/crypto/hash.ts';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import { REVIEW_FEE_BASE } from '../../../src/ledger/fees.ts';
import { getBalance } from '../../../src/ledger/accounts/balances.ts';
import { REVIEW_TEXT_BYTES_MAX } from '../../../src/ledger/limits.ts';
import { getReview, reviewCommitment, type ReviewContent } from '../../../src/ledger/market/reviews-state.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { ALICE, BOB, CHAIN_ID, NO_FEES, context, genesisState, rawBody, rawTx } from '../fixtures.ts';
import { assertOk, assertRefused, attributeOf, checkAll, decodeCode, multiTx, registerItem, run, tx } from '../records-fixtures.ts';

const SALE_HEIGHT = 10;
const at = (height: number) => context(NO_FEES, height);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const TEXT = 'Drill as described — fast and kind seller. Würde wieder kaufen. 👍';

/** BOB buys ALICE's drill for 300 AGR at height 10; both commit (BOB's review with the text's hash). */
function committedSale(bobsReview: ReviewContent): { state: MemoryState; trade: string } {
  const state = genesisState([[ALICE, 1_000_000n], [BOB, 1_000_000n]]);
  const drill = registerItem(state, ALICE, { kind: 'drill' });
  const events = assertOk(run(state, multiTx(state, [ALICE, BOB], 'item.transfer', { item: drill, to: BOB.address, payment: { asset: 'AGR', amount: 300n } }), context(NO_FEES, SALE_HEIGHT)));
  const trade = attributeOf(events, 'trade.recorded', 'trade');
  const commit = (reviewer: KeyPair, subject: string, content: ReviewContent): void => {
    const commitment = reviewCommitment(CHAIN_ID, fromHex(trade), reviewer.address, subject, content);
    assertOk(run(state, tx(state, reviewer, 'review.commit', { trade: fromHex(trade), subject, commitment }), at(SALE_HEIGHT + 1)));
  };
  commit(BOB, ALICE.address, bobsReview);
  commit(ALICE, BOB.address, { rating: 4, salt: new Uint8Array(32).fill(2) });
  return { state, trade };
}

const withHash = (text: string): ReviewContent => ({ rating: 5, textHash: sha256(utf8(text)), salt: new Uint8Array(32).fill(1) });

test('review.reveal with its text: stored with the review, byte for byte', () => {
  const content = withHash(TEXT);
  const s = committedSale(content);
  assertOk(run(s.state, tx(s.state, BOB, 'review.reveal', { trade: fromHex(s.trade), subject: ALICE.address, ...content, text: TEXT }), at(SALE_HEIGHT + 2)));
  const stored = getReview(s.state, ALICE.address, s.trade, BOB.address);
  assert.equal(stored?.text, TEXT);
  assert.deepEqual(stored?.textHash, content.textHash);
  checkAll(s.state);
});

test('review.reveal text refusals, each changing nothing: reveal_mismatch (another text, the hash left out), bad_metadata (too long), bad_shape (not text)', () => {
  const content = withHash(TEXT);
  const s = committedSale(content);
  const base = { trade: fromHex(s.trade), subject: ALICE.address, ...content };
  const refuse = (payload: object, code: RejectCode): void => {
    assertRefused(run(s.state, tx(s.state, BOB, 'review.reveal', payload as typeof base), at(SALE_HEIGHT + 2)), code, [BOB]);
    checkAll(s.state);
  };
  refuse({ ...base, text: `${TEXT}.` }, 'reveal_mismatch');
  // The commitment has a text hash: revealing without it is the commitment's mismatch, checked first.
  const { textHash: _, ...hashless } = base;
  refuse({ ...hashless, text: TEXT }, 'reveal_mismatch');
  assert.equal(getReview(s.state, ALICE.address, s.trade, BOB.address)?.revealedAt, undefined);
  // The longest text passes the payload checks, one byte more is bad_metadata (é is 2 bytes).
  const longest = 'é'.repeat(REVIEW_TEXT_BYTES_MAX / 2);
  refuse({ ...base, text: longest }, 'reveal_mismatch');
  const raw = (text: CborValue): string => decodeCode(rawTx(rawBody('review.reveal', { ...base, text }, BOB), [BOB]));
  assert.equal(raw(`${longest}x`), 'bad_metadata');
  assert.equal(raw(7), 'bad_shape', 'a number is no text');
  assert.equal(raw(TEXT), 'ok');
});

test('a text revealed on a review committed without a hash is reveal_mismatch', () => {
  const content: ReviewContent = { rating: 5, salt: new Uint8Array(32).fill(1) };
  const s = committedSale(content);
  assertRefused(run(s.state, tx(s.state, BOB, 'review.reveal', { trade: fromHex(s.trade), subject: ALICE.address, ...content, text: TEXT }), at(SALE_HEIGHT + 2)), 'reveal_mismatch', [BOB]);
  assert.equal(getReview(s.state, ALICE.address, s.trade, BOB.address)?.revealedAt, undefined);
  checkAll(s.state);
});

test('fees: with a per-byte fee, the text costs its bytes on top of review.reveal\'s base', () => {
  const paid = (height: number) => ({ ...at(height), params: { nativeAsset: 'AGR', fees: { perByte: 3n, base: REVIEW_FEE_BASE } } });
  const feeOf = (text: string | undefined): bigint => {
    const content = withHash(text ?? '');
    const s = committedSale(content);
    const before = getBalance(s.state, BOB.address, 'AGR');
    const payload = { trade: fromHex(s.trade), subject: ALICE.address, ...content, ...(text === undefined ? {} : { text }) };
    assertOk(run(s.state, tx(s.state, BOB, 'review.reveal', payload), paid(SALE_HEIGHT + 2)));
    return before - getBalance(s.state, BOB.address, 'AGR');
  };
  const without = feeOf(undefined);
  const withText = feeOf('x'.repeat(500));
  // 500 bytes of text, its 3-byte CBOR header (0x79 0x01 0xf4) and the 5 bytes of its key "text".
  assert.equal(withText - without, 3n * (500n + 3n + 5n));
});
