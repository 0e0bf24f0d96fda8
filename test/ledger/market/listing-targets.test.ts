// Rental and sale listings promise only what their target enforces (spec/market.md §2, decision 0012):
// a required credential is carried by the §8.5 rental or the §8.3.2 offer itself and checked at
// rental.book / offer.accept (`not_credentialed`), and market.list / market.update of kind rental or
// sale refuse terms the target does not hold (`terms_not_enforced`): another credential, another price,
// arbiters, a stock other than 1 for a sale. Every refusal changes nothing but the nonce (refusedAt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getRental } from '../../../src/ledger/contracts/rental/state.ts';
import { loadOffer } from '../../../src/ledger/contracts/offer-state.ts';
import { contractOf, okAt, refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, HOUR_MS, chairTerms, listingOf, marketWorld } from './market-fixtures.ts';

const KYC = { registry: 'kyc-eu', type: 'kyc' };
const rentalOffer = (item: string, extra: object = {}) => ({ item, asset: 'USD', pricePerPeriod: 20n, periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 10, ...extra });
const rentalTerms = (extra: object = {}) => chairTerms({ title: 'red car by the hour', price: { asset: 'USD', amount: 20n }, arbiters: [], stock: 1, ...extra });

test('replay: a rental listing requiring a credential its rental does not hold is refused, so nobody books around it', () => {
  const w = marketWorld();
  const rental = contractOf(okAt(w.state, BOB, 'rental.offer', rentalOffer(w.car), H(0)), 'rental.offered', 'rental');
  // Before decision 0012 this listing was accepted and ALICE, holding no credential, booked the car.
  refusedAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms: rentalTerms({ requires: KYC }) }, 'terms_not_enforced', H(0));
  okAt(w.state, ALICE, 'rental.book', { rental, periods: 1 }, H(1));
});

test('a rental carrying its own requirement: rental.book is not_credentialed until the renter holds it; its listing names the same', () => {
  const w = marketWorld();
  refusedAt(w.state, BOB, 'rental.offer', rentalOffer(w.car, { requires: { registry: 'nowhere', type: 'kyc' } }), 'unknown_registry', H(0));
  const rental = contractOf(okAt(w.state, BOB, 'rental.offer', rentalOffer(w.car, { requires: KYC }), H(0)), 'rental.offered', 'rental');
  assert.deepEqual(getRental(w.state, rental)?.requires, KYC);
  refusedAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms: rentalTerms() }, 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms: rentalTerms({ requires: { registry: 'kyc-eu', type: 'aml' } }) }, 'terms_not_enforced', H(0));
  const listing = contractOf(okAt(w.state, BOB, 'market.list', { kind: 'rental', target: rental, terms: rentalTerms({ requires: KYC }) }, H(0)), 'market.listed', 'listing');
  refusedAt(w.state, ALICE, 'rental.book', { rental, periods: 1 }, 'not_credentialed', H(1));
  okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address }, H(1));
  okAt(w.state, ALICE, 'rental.book', { rental, periods: 1 }, H(1));
  okAt(w.state, DAVE, 'credential.revoke', { ...KYC, to: ALICE.address }, H(3));
  refusedAt(w.state, ALICE, 'rental.book', { rental, periods: 1, startMs: H(5) }, 'not_credentialed', H(3));
  // market.update checks the same: the rental still requires KYC.
  refusedAt(w.state, BOB, 'market.update', { listing, terms: rentalTerms() }, 'terms_not_enforced', H(3));
  okAt(w.state, BOB, 'market.update', { listing, terms: rentalTerms({ requires: KYC, title: 'red car hourly' }) }, H(3));
  assert.equal(listingOf(w.state, listing).version, 2);
});

test('a rental listing states the rental\'s price and no arbiter of its own; its stock is not a promise (the rental\'s calendar is)', () => {
  const w = marketWorld();
  const rental = contractOf(okAt(w.state, BOB, 'rental.offer', rentalOffer(w.car), H(0)), 'rental.offered', 'rental');
  const list = (extra: object) => ({ kind: 'rental' as const, target: rental, terms: rentalTerms(extra) });
  refusedAt(w.state, BOB, 'market.list', list({ price: { asset: 'USD', amount: 19n } }), 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', list({ price: { asset: 'AGR', amount: 20n } }), 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', list({ arbiters: [{ address: CAROL.address, fee: 0n }] }), 'terms_not_enforced', H(0));
  okAt(w.state, BOB, 'market.list', list({ stock: 5 }), H(0));
});

test('a sale: the offer carries the requirement and offer.accept checks it; the listing states the offer\'s ask, stock 1, no arbiter', () => {
  const w = marketWorld();
  const ask = { assets: [{ asset: 'USD', amount: 9000n }] };
  refusedAt(w.state, BOB, 'offer.create', { give: { items: [w.car] }, ask, deadlineMs: H(100), requires: { registry: 'nowhere', type: 'kyc' } }, 'unknown_registry', H(0));
  const offer = contractOf(okAt(w.state, BOB, 'offer.create', { give: { items: [w.car] }, ask, deadlineMs: H(100), requires: KYC }, H(0)), 'offer.created', 'offer');
  const stored = loadOffer(w.state, offer);
  assert.ok(!('code' in stored));
  assert.deepEqual(stored.requires, KYC);
  const saleTerms = (extra: object) => chairTerms({ title: 'red car', price: { asset: 'USD', amount: 9000n }, arbiters: [], stock: 1, requires: KYC, ...extra });
  const list = (extra: object) => ({ kind: 'sale' as const, target: offer, terms: saleTerms(extra) });
  const { requires: _, ...unrequired } = saleTerms({});
  refusedAt(w.state, BOB, 'market.list', { kind: 'sale', target: offer, terms: unrequired }, 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', list({ price: { asset: 'USD', amount: 8999n } }), 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', list({ stock: 2 }), 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', list({ arbiters: [{ address: CAROL.address, fee: 10n }] }), 'terms_not_enforced', H(0));
  okAt(w.state, BOB, 'market.list', list({}), H(0));
  refusedAt(w.state, ALICE, 'offer.accept', { offer }, 'not_credentialed', H(1));
  okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address }, H(1));
  okAt(w.state, ALICE, 'offer.accept', { offer }, H(1));
});

test('an offer asking more than one asset, or items, is not listed as a sale: one price cannot state it', () => {
  const w = marketWorld();
  const offerOf = (ask: object) => contractOf(okAt(w.state, BOB, 'offer.create', { give: { assets: [{ asset: 'AGR', amount: 10n }] }, ask, deadlineMs: H(100) }, H(0)), 'offer.created', 'offer');
  const two = offerOf({ assets: [{ asset: 'AGR', amount: 5n }, { asset: 'USD', amount: 9000n }] });
  const withItem = offerOf({ assets: [{ asset: 'USD', amount: 9000n }], items: [w.drill] });
  const terms = chairTerms({ title: 'ten coins', price: { asset: 'USD', amount: 9000n }, arbiters: [], stock: 1 });
  refusedAt(w.state, BOB, 'market.list', { kind: 'sale', target: two, terms }, 'terms_not_enforced', H(0));
  refusedAt(w.state, BOB, 'market.list', { kind: 'sale', target: withItem, terms }, 'terms_not_enforced', H(0));
});
