/**
 * The sell and update forms of a rental or sale listing (web/src/market-sell-view.ts, decision 0012,
 * spec/market.md §2): filled from the target's contract (GET /v1/contracts/:address) — its price,
 * asset and credential, no arbiter, stock 1 for a sale — so the form cannot build a listing that the
 * ledger refuses (`terms_not_enforced`). The built terms are run through the real ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContractResponse } from '../../src/client/index.ts';
import type { ListingTermsJson } from '../../web/src/market-api.ts';
import { ENFORCED_WORDS, enforcedTermsOf, lockedFormOf, sellTermsOf, sellFormOf, updatedTermsOf, type SellForm } from '../../web/src/market-sell-view.ts';
import { contractOf, okAt, refusedAt } from '../ledger/contracts-fixtures.ts';
import { BOB, CAROL, H, HOUR_MS, marketWorld } from '../ledger/market/market-fixtures.ts';

const KYC = { registry: 'kyc-eu', type: 'kyc' };
/** What a seller typed before choosing the target: another price, an arbiter, a stock, no credential. */
const TYPED: SellForm = { title: 'red car by the hour', description: '', asset: 'AGR', price: '7', stock: '4', handlingHours: '48', reviewHours: '72', arbiterHours: '96',
  arbiter: CAROL.address, arbiterFee: '1', expiresDays: '30', registry: '', type: '' };

const BASE = { address: 'agora1target', createdAt: 1, holds: { assets: [], items: [] }, at: { height: 1, timeMs: 0 } };
const rentalJson = (extra: object = {}): ContractResponse => ({
  type: 'rental', ...BASE, item: 'car', owner: BOB.address, asset: 'USD', pricePerPeriod: '20', periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 10, deposit: '0', arbiter: null,
  claimWindowMs: 0, requires: KYC, status: 'open', nextBooking: 0, bookings: [], now: { user: null, due: [] }, ...extra,
}) as ContractResponse;
const offerJson = (ask: object, extra: object = {}): ContractResponse => ({
  type: 'offer', ...BASE, maker: BOB.address, counterparty: null, give: { assets: [], items: ['car'] }, ask, deadlineMs: H(100), requires: null, state: 'open',
  now: { expired: false, acceptable: true }, ...extra,
}) as ContractResponse;

test('a rental\'s contract gives the listing its price per period, asset and credential; no arbiter; the stock stays the seller\'s', () => {
  const enforced = enforcedTermsOf('rental', rentalJson());
  assert.deepEqual(enforced, { kind: 'rental', asset: 'USD', amount: 20n, requires: KYC });
  const form = lockedFormOf(TYPED, enforced, 2);
  assert.deepEqual(form, { ...TYPED, asset: 'USD', price: '0.2', arbiter: '', arbiterFee: '0', registry: 'kyc-eu', type: 'kyc' });
  assert.deepEqual(enforcedTermsOf('rental', rentalJson({ requires: null })).requires, undefined);
  assert.deepEqual(enforcedTermsOf('rental', rentalJson({ requires: undefined })).requires, undefined, 'a reader older than decision 0012');
  assert.match(ENFORCED_WORDS.rental, /rental/);
});

test('an offer gives a sale its one-asset ask as the price, its credential, no arbiter and stock 1; an ask one price cannot state is refused in words', () => {
  const enforced = enforcedTermsOf('sale', offerJson({ assets: [{ asset: 'USD', amount: '9000' }], items: [] }, { requires: KYC }));
  assert.deepEqual(enforced, { kind: 'sale', asset: 'USD', amount: 9000n, requires: KYC });
  assert.deepEqual(lockedFormOf(TYPED, enforced, 2), { ...TYPED, asset: 'USD', price: '90', stock: '1', arbiter: '', arbiterFee: '0', registry: 'kyc-eu', type: 'kyc' });
  assert.throws(() => enforcedTermsOf('sale', offerJson({ assets: [{ asset: 'USD', amount: '1' }, { asset: 'AGR', amount: '1' }], items: [] })), { code: 'terms_not_enforced', message: /one price/ });
  assert.throws(() => enforcedTermsOf('sale', offerJson({ assets: [{ asset: 'USD', amount: '1' }], items: ['drill'] })), { code: 'terms_not_enforced' });
  assert.throws(() => enforcedTermsOf('sale', rentalJson()), { code: 'bad_listing_target', message: /not an offer/ });
  assert.throws(() => enforcedTermsOf('rental', offerJson({ assets: [], items: [] })), { code: 'bad_listing_target', message: /not a rental/ });
  assert.match(ENFORCED_WORDS.sale, /stock of 1/);
});

test('whatever the fields hold, the terms of a rental or sale listing are the target\'s: the ledger lists them, and refuses the typed ones', () => {
  const w = marketWorld();
  const rental = contractOf(okAt(w.state, BOB, 'rental.offer', { item: w.car, asset: 'USD', pricePerPeriod: 20n, periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 10, requires: KYC }, H(0)), 'rental.offered', 'rental');
  const typed = sellTermsOf(TYPED, 2, H(0), undefined);
  refusedAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms: typed }, 'terms_not_enforced', H(0));
  const enforced = enforcedTermsOf('rental', rentalJson());
  // Even a form not yet filled from the contract (the fields as typed) builds the enforced terms.
  const terms = sellTermsOf(TYPED, 2, H(0), enforced);
  assert.deepEqual([terms.price, terms.requires, terms.arbiters, terms.stock], [{ asset: 'USD', amount: 20n }, KYC, [], 4]);
  okAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms }, H(0));

  const offer = contractOf(okAt(w.state, BOB, 'offer.create', { give: { assets: [{ asset: 'AGR', amount: 10n }] }, ask: { assets: [{ asset: 'USD', amount: 9000n }] }, deadlineMs: H(100) }, H(0)), 'offer.created', 'offer');
  const sale = enforcedTermsOf('sale', offerJson({ assets: [{ asset: 'USD', amount: '9000' }], items: [] }));
  const saleTerms = sellTermsOf({ ...TYPED, registry: 'kyc-eu', type: 'kyc' }, 2, H(0), sale);
  assert.deepEqual([saleTerms.price, saleTerms.requires, saleTerms.arbiters, saleTerms.stock], [{ asset: 'USD', amount: 9000n }, undefined, [], 1]);
  okAt(w.state, BOB, 'market.list', { kind: 'sale', target: offer, terms: saleTerms }, H(0));
  // Goods: the terms as typed.
  assert.deepEqual(sellTermsOf(TYPED, 2, H(0), undefined).arbiters, [{ address: CAROL.address, fee: 100n }]);
});

test('an update of a rental listing keeps the target\'s terms, and drops an arbiter an older listing carried', () => {
  const listed: ListingTermsJson = { title: 'red car by the hour', termsHash: 'ab'.repeat(32), metadata: null, price: { asset: 'USD', amount: '20' }, stock: 1, handlingMs: HOUR_MS,
    reviewWindowMs: HOUR_MS, arbiterWindowMs: HOUR_MS, arbiters: [{ address: CAROL.address, fee: '0' }, { address: 'agora1dave', fee: '0' }], expiresAtMs: H(100), requires: null };
  const enforced = enforcedTermsOf('rental', rentalJson());
  const form = lockedFormOf(sellFormOf(listed, 2, H(0)), enforced, 2);
  const terms = updatedTermsOf(form, listed, 2, H(0), enforced);
  assert.deepEqual([terms.price, terms.requires, terms.arbiters, terms.expiresAtMs], [{ asset: 'USD', amount: 20n }, KYC, [], H(100)]);
});
