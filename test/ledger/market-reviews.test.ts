// Reviews (spec/reputation.md §2): every refusal with its code and no state change, double-blind
// visibility, replies, and the trades the existing settlements write (§1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../src/codec/cbor.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { REVIEW_FEE_BASE } from '../../src/ledger/fees.ts';
import { getBalance } from '../../src/ledger/accounts/balances.ts';
import { REVIEW_COMMIT_BLOCKS, REVIEW_REVEAL_BLOCKS } from '../../src/ledger/limits.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import { getAggregates } from '../../src/ledger/market/reputation-state.ts';
import { getReview, isShown, reviewCommitment, type ReviewContent } from '../../src/ledger/market/reviews-state.ts';
import { getTrade } from '../../src/ledger/market/trades.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, NO_FEES, context, genesisState, rawBody, rawTx } from './fixtures.ts';
import { DAVE, assertOk, assertRefused, attributeOf, checkAll, decodeCode, multiTx, registerItem, run, tx } from './records-fixtures.ts';

/** The sale every table starts from: BOB buys ALICE's drill for 300 AGR at height 10. */
const SALE_HEIGHT = 10;
const SALT_A = new Uint8Array(32).fill(7);
const SALT_B = new Uint8Array(32).fill(9);

interface Sale {
  state: MemoryState;
  trade: string;
}

function sale(): Sale {
  const state = genesisState([
    [ALICE, 1_000_000n],
    [BOB, 1_000_000n],
    [CAROL, 1_000_000n],
    [DAVE, 1_000_000n],
  ]);
  const drill = registerItem(state, ALICE, { kind: 'drill' });
  const events = assertOk(run(state, multiTx(state, [ALICE, BOB], 'item.transfer', { item: drill, to: BOB.address, payment: { asset: 'AGR', amount: 300n } }), context(NO_FEES, SALE_HEIGHT)));
  return { state, trade: attributeOf(events, 'trade.recorded', 'trade') };
}

const at = (height: number) => context(NO_FEES, height);

function commitPayload(trade: string, reviewer: KeyPair, subject: string, content: ReviewContent) {
  return { trade: fromHex(trade), subject, commitment: reviewCommitment(CHAIN_ID, fromHex(trade), reviewer.address, subject, content) };
}

function revealPayload(trade: string, subject: string, content: ReviewContent) {
  return { trade: fromHex(trade), subject, ...content };
}

function commit(s: Sale, reviewer: KeyPair, subject: string, content: ReviewContent, height = SALE_HEIGHT + 1): void {
  assertOk(run(s.state, tx(s.state, reviewer, 'review.commit', commitPayload(s.trade, reviewer, subject, content)), at(height)));
  checkAll(s.state);
}

function reveal(s: Sale, reviewer: KeyPair, subject: string, content: ReviewContent, height = SALE_HEIGHT + 2): void {
  assertOk(run(s.state, tx(s.state, reviewer, 'review.reveal', revealPayload(s.trade, subject, content)), at(height)));
  checkAll(s.state);
}

function refused<K extends 'review.commit' | 'review.reveal' | 'review.reply'>(s: Sale, key: KeyPair, kind: K, payload: Parameters<typeof tx<K>>[3], code: RejectCode, height = SALE_HEIGHT + 3): void {
  assertRefused(run(s.state, tx(s.state, key, kind, payload), at(height)), code, [key]);
  checkAll(s.state);
}

const five: ReviewContent = { rating: 5, salt: SALT_A };
const four: ReviewContent = { rating: 4, dimensions: { 'as-described': 5, shipping: 3 }, textHash: new Uint8Array(32).fill(1), salt: SALT_B };

test('a sale with a payment is a trade: buyer, seller, asset and amount as paid, at its height', () => {
  const s = sale();
  const trade = getTrade(s.state, s.trade);
  assert.deepEqual(trade && [trade.kind, trade.buyer, trade.seller, trade.asset, trade.amount, trade.disputed, trade.height], ['item', BOB.address, ALICE.address, 'AGR', 300n, false, SALE_HEIGHT]);
  assert.equal(getAggregates(s.state, ALICE.address).trades, 1n);
  assert.equal(getAggregates(s.state, BOB.address).trades, 1n);
});

test('review.commit refusals, in order, each changing nothing: no_trade, not_a_party, already_reviewed, window_closed', () => {
  const s = sale();
  const noTrade = '00'.repeat(32);
  refused(s, BOB, 'review.commit', commitPayload(noTrade, BOB, ALICE.address, five), 'no_trade');
  refused(s, CAROL, 'review.commit', commitPayload(s.trade, CAROL, ALICE.address, five), 'not_a_party');
  refused(s, BOB, 'review.commit', commitPayload(s.trade, BOB, BOB.address, five), 'not_a_party');
  refused(s, BOB, 'review.commit', commitPayload(s.trade, BOB, CAROL.address, five), 'not_a_party');
  // Order: not_a_party before window_closed.
  refused(s, CAROL, 'review.commit', commitPayload(s.trade, CAROL, ALICE.address, five), 'not_a_party', SALE_HEIGHT + REVIEW_COMMIT_BLOCKS);
  commit(s, BOB, ALICE.address, five);
  refused(s, BOB, 'review.commit', commitPayload(s.trade, BOB, ALICE.address, four), 'already_reviewed');
  // Order: already_reviewed before window_closed.
  refused(s, BOB, 'review.commit', commitPayload(s.trade, BOB, ALICE.address, four), 'already_reviewed', SALE_HEIGHT + REVIEW_COMMIT_BLOCKS);
  refused(s, ALICE, 'review.commit', commitPayload(s.trade, ALICE, BOB.address, four), 'window_closed', SALE_HEIGHT + REVIEW_COMMIT_BLOCKS);
  // The last block of the window still takes a commitment.
  commit(s, ALICE, BOB.address, four, SALE_HEIGHT + REVIEW_COMMIT_BLOCKS - 1);
});

test('review.reveal refusals, in order, each changing nothing: no_trade, not_a_party, no_review, already_reviewed, window_closed, reveal_too_early, reveal_mismatch', () => {
  const s = sale();
  refused(s, BOB, 'review.reveal', revealPayload('11'.repeat(32), ALICE.address, five), 'no_trade');
  refused(s, DAVE, 'review.reveal', revealPayload(s.trade, ALICE.address, five), 'not_a_party');
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, five), 'no_review');
  commit(s, BOB, ALICE.address, five);
  // ALICE has not committed and may still: BOB's rating would be public before hers is fixed.
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, five), 'reveal_too_early');
  commit(s, ALICE, BOB.address, four);
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, { rating: 4, salt: SALT_A }), 'reveal_mismatch');
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, { rating: 5, salt: SALT_B }), 'reveal_mismatch');
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, { rating: 5, textHash: new Uint8Array(32), salt: SALT_A }), 'reveal_mismatch');
  // A commitment copied by another reviewer does not open for them: the reviewer is inside the hash.
  refused(s, ALICE, 'review.reveal', revealPayload(s.trade, BOB.address, five), 'reveal_mismatch');
  const end = SALE_HEIGHT + REVIEW_COMMIT_BLOCKS + REVIEW_REVEAL_BLOCKS;
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, five), 'window_closed', end);
  reveal(s, BOB, ALICE.address, five, end - 1);
  refused(s, BOB, 'review.reveal', revealPayload(s.trade, ALICE.address, five), 'already_reviewed', end - 1);
});

test('a reveal is not too early once the commit window closed without the mirror: the other side may no longer answer', () => {
  const s = sale();
  commit(s, BOB, ALICE.address, five);
  reveal(s, BOB, ALICE.address, five, SALE_HEIGHT + REVIEW_COMMIT_BLOCKS);
  assert.equal(getReview(s.state, ALICE.address, s.trade, BOB.address)?.rating, 5);
});

test('double-blind: a revealed review is shown when both revealed, or when no reveal can come any more', () => {
  const s = sale();
  const trade = getTrade(s.state, s.trade);
  assert.ok(trade);
  commit(s, BOB, ALICE.address, five);
  commit(s, ALICE, BOB.address, four);
  const ofAlice = () => getReview(s.state, ALICE.address, s.trade, BOB.address);
  const ofBob = () => getReview(s.state, BOB.address, s.trade, ALICE.address);
  const shownOfAlice = (height: number) => isShown(trade, ofAlice()!, ofBob(), ALICE.address, height);
  assert.equal(shownOfAlice(SALE_HEIGHT + 3), false, 'committed only');
  reveal(s, BOB, ALICE.address, five, SALE_HEIGHT + 3);
  assert.equal(shownOfAlice(SALE_HEIGHT + 3), false, 'BOB revealed, ALICE not yet: hidden');
  assert.equal(shownOfAlice(SALE_HEIGHT + REVIEW_COMMIT_BLOCKS + REVIEW_REVEAL_BLOCKS), true, 'the reveal window ended');
  reveal(s, ALICE, BOB.address, four, SALE_HEIGHT + 4);
  assert.equal(shownOfAlice(SALE_HEIGHT + 4), true, 'both revealed');
  assert.equal(isShown(trade, ofBob()!, ofAlice(), BOB.address, SALE_HEIGHT + 4), true);
  assert.deepEqual(ofBob()?.dimensions, { 'as-described': 5, shipping: 3 });
});

test('review.reply: by the subject, once, to a revealed review; no_trade, no_review, already_replied change nothing', () => {
  const s = sale();
  const reply = (trade: string, reviewer: string) => ({ trade: fromHex(trade), reviewer, textHash: new Uint8Array(32).fill(3) });
  refused(s, ALICE, 'review.reply', reply('22'.repeat(32), BOB.address), 'no_trade');
  refused(s, ALICE, 'review.reply', reply(s.trade, BOB.address), 'no_review');
  commit(s, BOB, ALICE.address, five);
  commit(s, ALICE, BOB.address, four);
  refused(s, ALICE, 'review.reply', reply(s.trade, BOB.address), 'no_review');
  reveal(s, BOB, ALICE.address, five);
  // Only the subject replies: CAROL has no review from BOB on this trade.
  refused(s, CAROL, 'review.reply', reply(s.trade, BOB.address), 'no_review');
  assertOk(run(s.state, tx(s.state, ALICE, 'review.reply', reply(s.trade, BOB.address)), at(SALE_HEIGHT + 5)));
  assert.equal(getReview(s.state, ALICE.address, s.trade, BOB.address)?.reply?.height, SALE_HEIGHT + 5);
  refused(s, ALICE, 'review.reply', reply(s.trade, BOB.address), 'already_replied');
});

const payloadCases: [string, string, CborValue, RejectCode][] = [
  ['review.reveal', 'a rating of 0', { trade: new Uint8Array(32), subject: ALICE.address, rating: 0, salt: SALT_A }, 'bad_rating'],
  ['review.reveal', 'a rating of 6', { trade: new Uint8Array(32), subject: ALICE.address, rating: 6, salt: SALT_A }, 'bad_rating'],
  ['review.reveal', 'a rating as text', { trade: new Uint8Array(32), subject: ALICE.address, rating: '5', salt: SALT_A }, 'bad_rating'],
  ['review.reveal', 'a dimension rated 9', { trade: new Uint8Array(32), subject: ALICE.address, rating: 5, dimensions: { shipping: 9 }, salt: SALT_A }, 'bad_rating'],
  ['review.reveal', 'a dimension with a bad name', { trade: new Uint8Array(32), subject: ALICE.address, rating: 5, dimensions: { Shipping: 5 }, salt: SALT_A }, 'bad_shape'],
  ['review.reveal', 'no dimensions in the map', { trade: new Uint8Array(32), subject: ALICE.address, rating: 5, dimensions: {}, salt: SALT_A }, 'bad_shape'],
  ['review.reveal', 'a short salt', { trade: new Uint8Array(32), subject: ALICE.address, rating: 5, salt: new Uint8Array(31) }, 'bad_shape'],
  ['review.commit', 'a short trade id', { trade: new Uint8Array(31), subject: ALICE.address, commitment: new Uint8Array(32) }, 'bad_shape'],
  ['review.commit', 'a bad subject', { trade: new Uint8Array(32), subject: 'alice', commitment: new Uint8Array(32) }, 'bad_address'],
  ['review.commit', 'an unknown field', { trade: new Uint8Array(32), subject: ALICE.address, commitment: new Uint8Array(32), rating: 5 }, 'bad_shape'],
  ['review.reply', 'no text hash', { trade: new Uint8Array(32), reviewer: ALICE.address }, 'bad_shape'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('fees: every review kind has a base fee in REVIEW_FEE_BASE; a chain taking it charges it, a refused review included', () => {
  assert.deepEqual(Object.keys(REVIEW_FEE_BASE).sort(), ['review.commit', 'review.reply', 'review.reveal']);
  for (const fee of Object.values(REVIEW_FEE_BASE)) assert.ok((fee ?? 0n) > 0n);
  const s = sale();
  const paid = { ...at(SALE_HEIGHT + 1), params: { nativeAsset: 'AGR', fees: { perByte: 0n, base: REVIEW_FEE_BASE } } };
  const before = getBalance(s.state, BOB.address, 'AGR');
  const refusedCommit = run(s.state, tx(s.state, BOB, 'review.commit', commitPayload('33'.repeat(32), BOB, ALICE.address, five)), paid);
  assert.deepEqual([refusedCommit.result.admitted && refusedCommit.result.receipt.code, refusedCommit.result.admitted && refusedCommit.result.receipt.fee], ['no_trade', 2_000n]);
  const committed = run(s.state, tx(s.state, BOB, 'review.commit', commitPayload(s.trade, BOB, ALICE.address, five)), paid);
  assert.deepEqual([committed.result.admitted && committed.result.receipt.code], ['ok']);
  assert.equal(getBalance(s.state, BOB.address, 'AGR'), before - 4_000n);
  checkAll(s.state);
});
