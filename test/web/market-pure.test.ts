/**
 * The market parts of the web app that need no browser (web/src/market-view.ts): the search form as
 * a query, the quote before signing, each order's next step and actions per key, whom a key may review,
 * the review kept between commit and reveal, the score in words, and words for every market code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewCommitment, type AccountContractJson } from '../../src/client/index.ts';
import { fromHex, sha256, toHex, utf8 } from '../../src/crypto/hash.ts';
import { ERROR_WORDS } from '../../web/src/errors.ts';
import type { ListingTermsJson, OrderJson, OrderPhaseJson } from '../../web/src/market-api.ts';
import {
  buyQuote,
  checkReputation,
  orderStep,
  orderTradeId,
  quoteWords,
  resolutionToSeller,
  reviewSubjects,
  scoreWords,
  stars,
} from '../../web/src/market-view.ts';
import { decodeReviewSecret, encodeReviewSecret } from '../../web/src/review-view.ts';
import { listPayloadOf, listedAddress, listingTermsOf, sellFormOf, sellTargets, updatedTermsOf, type SellForm } from '../../web/src/market-sell-view.ts';
import { EMPTY_SEARCH, availableSpanOf, scorePpmOf, searchQueryOf, starsOfPpm, type SearchClock, type SearchForm } from '../../web/src/market-search.ts';

const BUYER = 'agora1buyer';
const SELLER = 'agora1seller';
const CAROL = 'agora1carol';

const TERMS: ListingTermsJson = {
  title: 'hand made oak chair',
  termsHash: '00'.repeat(32),
  metadata: null,
  price: { asset: 'USD', amount: '25000' },
  stock: 3,
  handlingMs: 48 * 3_600_000,
  reviewWindowMs: 72 * 3_600_000,
  arbiterWindowMs: 96 * 3_600_000,
  arbiters: [{ address: CAROL, fee: '1000' }],
  requires: null,
  expiresAtMs: 2_000_000_000_000,
};

function order(phase: OrderPhaseJson, arbiter: string | null = CAROL): OrderJson {
  return {
    order: 'agora1order', listing: 'agora1listing', version: 1, buyer: BUYER, seller: SELLER, arbiter, quantity: 2, price: TERMS.price, total: '50000',
    arbiterFee: arbiter === null ? null : '1000', note: null, createdAt: 5, settledAtMs: null, title: TERMS.title, phase, next: null, untilMs: null,
  };
}

const SELL: SellForm = { title: '', description: '', asset: 'USD', price: '1', stock: '1', handlingHours: '1', reviewHours: '1', arbiterHours: '1', arbiter: '', arbiterFee: '', expiresDays: '1', registry: '', type: '' };

const NOW = Date.UTC(2026, 11, 3, 22, 0); // 2026-12-03 22:00 UTC
const UTC: SearchClock = { nowMs: NOW, localMidnightMs: (year, month, day) => Date.UTC(year, month - 1, day) };
/** Paris: UTC+1, UTC+2 from 2027-03-28 01:00 UTC (the night of the 27th to the 28th local time). */
const PARIS: SearchClock = {
  nowMs: NOW,
  localMidnightMs: (year, month, day) => Date.UTC(year, month - 1, day) - (Date.UTC(year, month - 1, day) >= Date.UTC(2027, 2, 29) ? 2 : 1) * 3_600_000,
};
/** The form with `fields` filled in, its asset of `decimals` (null: no such asset). */
const search = (fields: Partial<SearchForm>, decimals: number | null = 2) => searchQueryOf({ ...EMPTY_SEARCH, ...fields }, decimals ?? undefined, UTC);

test('the search form becomes the query: words trimmed, asset upper case, prices in base units', () => {
  assert.deepEqual(search({ q: '  oak   chair ', kind: 'goods', asset: 'usd', minPrice: '10', maxPrice: '250.5' }), { q: 'oak chair', kind: 'goods', asset: 'USD', minPrice: '1000', maxPrice: '25050' });
  assert.deepEqual(search({}, null), {});
  assert.throws(() => search({ minPrice: '1' }), { code: 'price_needs_asset' });
  assert.throws(() => search({ kind: 'boats' }), { code: 'bad_request' });
  assert.throws(() => search({ asset: 'NOPE', minPrice: '1' }, null), { code: 'unknown_asset' });
  assert.throws(() => search({ asset: 'USD', minPrice: '1.001' }), { code: 'bad_amount' });
  assert.throws(() => search({ asset: 'USD', minPrice: '5', maxPrice: '4.99' }), { code: 'bad_price_range' });
});

test('a seller score typed in stars or percent is sent in ppm exactly, and a wrong one is refused before a request', () => {
  assert.equal(search({ minScore: '4.25', scoreUnit: 'stars' }).minScore, '812500'); // spec/reputation.md §3.1
  assert.equal(search({ minScore: '81.25', scoreUnit: 'percent' }).minScore, '812500');
  assert.equal(search({ minScore: '81.25 %', scoreUnit: 'percent' }).minScore, '812500');
  const table: [string, 'stars' | 'percent', bigint][] = [['1', 'stars', 0n], ['5', 'stars', 1_000_000n], ['1.0001', 'stars', 25n], ['4.9999', 'stars', 999_975n], ['3', 'stars', 500_000n],
    ['0', 'percent', 0n], ['100', 'percent', 1_000_000n], ['0.0001', 'percent', 1n], ['33.3333', 'percent', 333_333n]];
  for (const [typed, unit, ppm] of table) assert.equal(scorePpmOf(typed, unit), ppm, `${typed} ${unit}`);
  for (const ppm of [0n, 25n, 812_500n, 999_975n, 1_000_000n]) assert.equal(scorePpmOf(starsOfPpm(ppm), 'stars'), ppm, `${ppm} back and forth`);
  assert.equal(scorePpmOf('  ', 'stars'), undefined);
  for (const [typed, unit] of [['0.5', 'stars'], ['5.01', 'stars'], ['4.00001', 'stars'], ['100.5', 'percent'], ['-3', 'percent'], ['four', 'stars'], ['1e3', 'percent']] as const) {
    assert.throws(() => search({ minScore: typed, scoreUnit: unit }), { code: 'bad_score' }, `${typed} ${unit}`);
  }
});

test('a required credential is its registry and its type together, each a record name', () => {
  assert.deepEqual(search({ registry: ' kyc-eu ', type: 'kyc' }), { registry: 'kyc-eu', type: 'kyc' });
  assert.throws(() => search({ registry: 'kyc-eu' }), { code: 'credential_incomplete' });
  assert.throws(() => search({ type: 'kyc' }), { code: 'credential_incomplete' });
  assert.throws(() => search({ registry: 'KYC EU', type: 'kyc' }), { code: 'bad_name' });
});

test('rental dates become the node’s span in block time: both days included, today from now, local days', () => {
  const day = 86_400_000;
  const dec5 = Date.UTC(2026, 11, 5);
  assert.deepEqual(search({ availableFrom: '2026-12-05', availableUntil: '2026-12-07' }), { availableFrom: String(dec5), availableUntil: String(dec5 + 3 * day) });
  assert.deepEqual(search({ kind: 'rental', availableFrom: '2026-12-03', availableUntil: '2026-12-03' }), { kind: 'rental', availableFrom: String(NOW), availableUntil: String(Date.UTC(2026, 11, 4)) });
  // In Paris (UTC+1) the 5th starts at 23:00 UTC on the 4th.
  assert.deepEqual(availableSpanOf('2026-12-05', '2026-12-05', PARIS), { fromMs: dec5 - 3_600_000, untilMs: dec5 - 3_600_000 + day });
  // The day summer time starts there is 23 hours long; the span follows the local days, not 24 h steps.
  assert.deepEqual(availableSpanOf('2027-03-28', '2027-03-28', PARIS), { fromMs: Date.UTC(2027, 2, 27, 23), untilMs: Date.UTC(2027, 2, 28, 22) });
  assert.deepEqual(availableSpanOf('2027-03-27', '2027-03-29', PARIS), { fromMs: Date.UTC(2027, 2, 26, 23), untilMs: Date.UTC(2027, 2, 29, 22) });
  assert.throws(() => search({ availableFrom: '2026-12-05' }), { code: 'bad_dates' });
  assert.throws(() => search({ availableFrom: '2026-12-05', availableUntil: '2026-12-04' }), { code: 'bad_dates' });
  assert.throws(() => search({ availableFrom: '2026-12-02', availableUntil: '2026-12-04' }), { code: 'bad_dates' });
  assert.throws(() => search({ availableFrom: '2026-02-30', availableUntil: '2026-12-04' }), { code: 'bad_dates' });
  assert.throws(() => search({ availableFrom: '2028-01-05', availableUntil: '2028-01-06' }), { code: 'bad_dates' });
  assert.throws(() => search({ kind: 'goods', availableFrom: '2026-12-05', availableUntil: '2026-12-06' }), { code: 'dates_need_rental' });
});

test('the quote before signing: the total, the arbiter fee out of it, and the refusals the ledger would give', () => {
  assert.deepEqual(buyQuote(TERMS, 2, CAROL), { total: 50000n, arbiterFee: 1000n });
  assert.deepEqual(buyQuote(TERMS, 1, undefined), { total: 25000n, arbiterFee: 0n });
  assert.equal(buyQuote(TERMS, 4, CAROL).problem, 'out_of_stock');
  assert.equal(buyQuote(TERMS, 0, CAROL).problem, 'bad_shape');
  assert.equal(buyQuote(TERMS, 1.5, CAROL).problem, 'bad_shape');
  assert.equal(buyQuote(TERMS, 1, 'agora1dave').problem, 'arbiter_not_offered');
  assert.equal(buyQuote({ ...TERMS, arbiters: [{ address: CAROL, fee: '25001' }] }, 1, CAROL).problem, 'arbiter_fee_too_high');
  const words = quoteWords(buyQuote(TERMS, 2, CAROL), TERMS, 2, CAROL).join(' ');
  assert.match(words, /You pay 500 USD into the order’s escrow/);
  assert.match(words, /its fee of 10 USD comes out of the 500 USD/);
  assert.match(words, /within 2 days/);
  assert.match(quoteWords(buyQuote(TERMS, 1, undefined), TERMS, 2, undefined).join(' '), /cannot be disputed/);
});

test('each phase gives each key its next step and only its actions', () => {
  const table: [OrderPhaseJson, string, string[]][] = [
    ['awaiting_delivery', SELLER, ['deliver', 'dispute']],
    ['awaiting_delivery', BUYER, ['dispute']],
    ['awaiting_delivery', CAROL, []],
    ['delivered', BUYER, ['confirm', 'dispute']],
    ['delivered', SELLER, ['dispute']],
    ['disputed', CAROL, ['resolve']],
    ['disputed', BUYER, []],
    ['release_due', 'agora1anyone', ['settle']],
    ['refund_due', SELLER, ['settle']],
    ['lapsed', BUYER, ['settle']],
    ['completed', BUYER, []],
    ['refunded', SELLER, []],
    ['resolved', CAROL, []],
  ];
  for (const [phase, me, actions] of table) assert.deepEqual(orderStep(order(phase), me).actions, actions, `${phase} for ${me}`);
  assert.deepEqual(orderStep(order('awaiting_delivery', null), SELLER).actions, ['deliver']);
  assert.deepEqual(orderStep(order('delivered', null), BUYER).actions, ['confirm']);
  assert.equal(orderStep(order('delivered'), BUYER).role, 'buyer');
  assert.match(orderStep(order('completed'), SELLER).words, /review/);
});

test('only a settled order may be reviewed: the other side, and the arbiter after a resolution', () => {
  assert.deepEqual(reviewSubjects(order('delivered'), BUYER), []);
  assert.deepEqual(reviewSubjects(order('completed'), BUYER), [SELLER]);
  assert.deepEqual(reviewSubjects(order('completed'), SELLER), [BUYER]);
  assert.deepEqual(reviewSubjects(order('refunded'), BUYER), [SELLER]);
  assert.deepEqual(reviewSubjects(order('resolved'), BUYER), [SELLER, CAROL]);
  assert.deepEqual(reviewSubjects(order('resolved'), CAROL), []);
  assert.match(orderTradeId('agora1order'), /^[0-9a-f]{64}$/);
  assert.notEqual(orderTradeId('agora1order'), orderTradeId('agora1other'));
});

test('the review kept between commit and reveal comes back whole: the same commitment', () => {
  const review = { rating: 4, dimensions: { shipping: 5 }, textHash: fromHex('ab'.repeat(32)), salt: fromHex('cd'.repeat(32)) };
  const back = decodeReviewSecret(encodeReviewSecret(review));
  assert.ok(back !== undefined);
  const trade = fromHex(orderTradeId('agora1order'));
  assert.deepEqual(reviewCommitment('dev', trade, BUYER, SELLER, back), reviewCommitment('dev', trade, BUYER, SELLER, review));
  assert.deepEqual(decodeReviewSecret(encodeReviewSecret({ rating: 2, salt: review.salt })), { rating: 2, salt: review.salt });
  assert.equal(decodeReviewSecret(null), undefined);
  assert.equal(decodeReviewSecret('not json'), undefined);
  assert.equal(decodeReviewSecret('{"rating":3,"salt":"12"}'), undefined);
});

test('the score in words is the mean rating it stands for, rounded down', () => {
  assert.equal(scoreWords('812500'), '4.25 of 5');
  assert.equal(scoreWords('1000000'), '5.00 of 5');
  assert.equal(scoreWords('0'), '1.00 of 5');
  assert.equal(scoreWords('333333'), '2.33 of 5');
  assert.match(scoreWords(null), /no score yet/);
  assert.equal(stars(4), '★★★★☆');
});

test('every market and review code has words', () => {
  const codes = ['self_trade', 'listing_changed', 'out_of_stock', 'arbiter_not_offered', 'not_credentialed', 'listing_closed', 'listing_paused', 'unknown_listing', 'unknown_order',
    'arbiter_fee_too_high', 'no_trade', 'not_a_party', 'already_reviewed', 'window_closed', 'reveal_too_early', 'reveal_mismatch', 'price_needs_asset', 'bad_note', 'no_saved_review', 'bad_rating',
    'bad_price_range', 'bad_score', 'credential_incomplete', 'bad_dates', 'dates_need_rental', 'missing_target'];
  for (const code of codes) assert.ok(ERROR_WORDS[code] !== undefined, code);
});

test('a resolution gives the seller at most the total less the arbiter fee', () => {
  const o = order('disputed');
  assert.deepEqual(resolutionToSeller(o, 30000n), { assets: [{ asset: 'USD', amount: 30000n }] });
  assert.deepEqual(resolutionToSeller(o, 49000n), { assets: [{ asset: 'USD', amount: 49000n }] });
  assert.deepEqual(resolutionToSeller(o, 0n), {});
  assert.throws(() => resolutionToSeller(o, 49001n), { code: 'bad_resolution' });
});

test('the sell form becomes listing terms: the price in base units, windows in ms, the description hashed', () => {
  const form: SellForm = { title: ' oak  chair ', description: 'solid oak', asset: 'usd', price: '250', stock: '3', handlingHours: '48', reviewHours: '72', arbiterHours: '96', arbiter: CAROL, arbiterFee: '10', expiresDays: '30', registry: '', type: '' };
  const terms = listingTermsOf(form, 2, 1_000);
  assert.equal(terms.title, 'oak chair');
  assert.deepEqual(terms.price, { asset: 'USD', amount: 25000n });
  assert.equal(terms.handlingMs, 48 * 3_600_000);
  assert.equal(terms.expiresAtMs, 1_000 + 30 * 86_400_000);
  assert.deepEqual(terms.arbiters, [{ address: CAROL, fee: 1000n }]);
  assert.equal(terms.metadata, 'solid oak');
  assert.equal(toHex(terms.termsHash), toHex(sha256(utf8('solid oak'))));
  assert.deepEqual(listingTermsOf({ ...form, arbiter: '', description: '' }, 2, 0).arbiters, []);
  assert.throws(() => listingTermsOf({ ...form, stock: '1.5' }, 2, 0), { code: 'bad_shape' });
  assert.throws(() => listingTermsOf({ ...form, title: ' ' }, 2, 0), { code: 'missing_field' });
  assert.equal(listedAddress([{ type: 'transfer', attributes: {} }, { type: 'market.listed', attributes: { listing: 'agora1l' } }]), 'agora1l');
  assert.equal(terms.requires, undefined);
  assert.deepEqual(listingTermsOf({ ...form, registry: 'kyc-eu', type: 'kyc' }, 2, 0).requires, { registry: 'kyc-eu', type: 'kyc' });
  assert.throws(() => listingTermsOf({ ...form, registry: 'kyc-eu' }, 2, 0), { code: 'credential_incomplete' });
});

test('a rental or sale listing points at the key’s own open rental or offer; goods and services at nothing', () => {
  const terms = listingTermsOf({ ...SELL, title: 'drill' }, 2, 0);
  assert.deepEqual(listPayloadOf('goods', 'agora1ignored', terms), { kind: 'goods', terms });
  assert.deepEqual(listPayloadOf('rental', ' agora1rental ', terms), { kind: 'rental', target: 'agora1rental', terms });
  assert.deepEqual(listPayloadOf('sale', 'agora1offer', terms), { kind: 'sale', target: 'agora1offer', terms });
  assert.throws(() => listPayloadOf('rental', '', terms), { code: 'missing_target' });
  assert.throws(() => listPayloadOf('sale', ' ', terms), { code: 'missing_target' });
  assert.throws(() => listPayloadOf('boat', '', terms), { code: 'bad_shape' });
  const contract = (address: string, type: AccountContractJson['type'], status: string, roles: string[]): AccountContractJson => ({ address, type, status, roles, height: 1, index: 0 });
  const mine = [
    contract('agora1r1', 'rental', 'open', ['owner']),
    contract('agora1r2', 'rental', 'closed', ['owner']),
    contract('agora1r3', 'rental', 'open', ['renter']),
    contract('agora1o1', 'offer', 'open', ['maker']),
    contract('agora1o2', 'offer', 'accepted', ['maker']),
    contract('agora1o3', 'offer', 'open', ['taker']),
    contract('agora1e1', 'escrow', 'open', ['payer']),
  ];
  assert.deepEqual(sellTargets(mine, 'rental'), ['agora1r1']);
  assert.deepEqual(sellTargets(mine, 'sale'), ['agora1o1']);
  assert.deepEqual(sellTargets(mine, 'goods'), []);
});

test('the update form is filled from the terms, and what the seller leaves as shown keeps its exact value', () => {
  const now = 1_000_000_000_000;
  const listed: ListingTermsJson = { ...TERMS, handlingMs: 90 * 60_000, expiresAtMs: now + 10 * 86_400_000 - 5, metadata: 'solid oak', termsHash: 'ab'.repeat(32),
    arbiters: [{ address: CAROL, fee: '1000' }, { address: 'agora1dave', fee: '0' }], requires: { registry: 'kyc-eu', type: 'kyc' } };
  const shown = sellFormOf(listed, 2, now);
  assert.deepEqual(shown, { title: 'hand made oak chair', description: 'solid oak', asset: 'USD', price: '250', stock: '3', handlingHours: '2', reviewHours: '72', arbiterHours: '96',
    arbiter: CAROL, arbiterFee: '10', expiresDays: '10', registry: 'kyc-eu', type: 'kyc' });
  const same = updatedTermsOf(shown, listed, 2, now);
  assert.deepEqual({ ...same, termsHash: toHex(same.termsHash), price: { ...same.price, amount: String(same.price.amount) }, arbiters: same.arbiters.map((a) => ({ ...a, fee: String(a.fee) })) },
    { ...listed, metadata: 'solid oak' });
  const cheaper = updatedTermsOf({ ...shown, price: '199.99', handlingHours: '24', description: 'oak, waxed', arbiter: 'agora1erin', arbiterFee: '1', registry: '', type: '' }, listed, 2, now);
  assert.equal(cheaper.price.amount, 19999n);
  assert.equal(cheaper.handlingMs, 24 * 3_600_000);
  assert.equal(toHex(cheaper.termsHash), toHex(sha256(utf8('oak, waxed'))));
  assert.deepEqual(cheaper.arbiters, [{ address: 'agora1erin', fee: 100n }, { address: 'agora1dave', fee: 0n }]);
  assert.equal(cheaper.requires, undefined);
  assert.equal(cheaper.expiresAtMs, listed.expiresAtMs);
  assert.equal(updatedTermsOf({ ...shown, expiresDays: '30' }, listed, 2, now).expiresAtMs, now + 30 * 86_400_000);
  // An expired listing's expiry is not kept: the update would be refused (deadline_passed).
  const expired = { ...listed, expiresAtMs: now - 1 };
  assert.equal(updatedTermsOf(sellFormOf(expired, 2, now), expired, 2, now).expiresAtMs, now + 86_400_000);
});

test('a reputation report is never proven without a trust anchor, nor when it is not a report', () => {
  const none = checkReputation('{"format":"agora-reputation/1"}', null);
  assert.equal(none.ok, false);
  assert.ok(none.problems.length > 0);
  assert.equal(checkReputation('not json', null).ok, false);
});
