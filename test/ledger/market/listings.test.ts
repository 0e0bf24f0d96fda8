// Listings (src/ledger/market/listing*.ts; spec/market.md §2): the payload checks, every refusal of
// market.list, market.update, market.pause and market.close in its order with nothing changed but the
// nonce, the bond held by the listing account while it is open and returned on close (the contract
// invariants are checked after every tx), and a version bump on each update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../../src/codec/cbor.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import { encodeTerms } from '../../../src/ledger/market/listing-decode.ts';
import { MARKET_LISTING_BOND } from '../../../src/ledger/limits.ts';
import { CHAIN_ID, rawBody, rawTx } from '../fixtures.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { getNonce } from '../../../src/ledger/accounts/balances.ts';
import { decodeCode } from '../records-fixtures.ts';
import { NATIVE, balance, contractOf, okAt, refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, chairTerms, listingOf, marketWorld } from './market-fixtures.ts';

const terms = (extra: { [key: string]: CborValue } = {}): { [key: string]: CborValue } => ({ ...encodeTerms(chairTerms()), ...extra });
const list = (extra: { [key: string]: CborValue } = {}, kind = 'goods'): { [key: string]: CborValue } => ({ kind, terms: terms(extra) });
const addr = BOB.address;

const payloadCases: [string, string, CborValue, RejectCode][] = [
  ['market.list', 'an unknown field', { ...list(), memo: 'x' }, 'bad_shape'],
  ['market.list', 'an unknown kind', list({}, 'lease'), 'bad_shape'],
  ['market.list', 'a rental without its target', list({}, 'rental'), 'bad_shape'],
  ['market.list', 'goods with a target', { ...list(), target: addr }, 'bad_shape'],
  ['market.list', 'a bad target', { ...list({}, 'sale'), target: 'offer1' }, 'bad_address'],
  ['market.list', 'an empty title', list({ title: '' }), 'bad_metadata'],
  ['market.list', 'a title of 121 characters', list({ title: 'a'.repeat(121) }), 'bad_metadata'],
  ['market.list', 'a title of 17 words', list({ title: Array.from({ length: 17 }, () => 'w').join(' ') }), 'bad_metadata'],
  ['market.list', 'a title with two spaces', list({ title: 'oak  chair' }), 'bad_metadata'],
  ['market.list', 'a title with a newline', list({ title: 'oak\nchair' }), 'bad_metadata'],
  ['market.list', 'a title as a number', list({ title: 7 }), 'bad_shape'],
  ['market.list', 'a terms hash of 31 bytes', list({ termsHash: new Uint8Array(31) }), 'bad_shape'],
  ['market.list', 'metadata of 2049 characters', list({ metadata: 'm'.repeat(2049) }), 'bad_metadata'],
  ['market.list', 'a price of 0', list({ price: { asset: 'USD', amount: 0 } }), 'bad_amount'],
  ['market.list', 'a price with a bad symbol', list({ price: { asset: 'usd', amount: 1 } }), 'bad_symbol'],
  ['market.list', 'a stock above 10^9', list({ stock: 1_000_000_001 }), 'bad_shape'],
  ['market.list', 'a handling time of 0', list({ handlingMs: 0 }), 'bad_shape'],
  ['market.list', 'no review window', { kind: 'goods', terms: Object.fromEntries(Object.entries(terms()).filter(([key]) => key !== 'reviewWindowMs')) }, 'bad_shape'],
  ['market.list', '9 arbiters', list({ arbiters: Array.from({ length: 9 }, () => ({ address: addr, fee: 0 })) }), 'bad_shape'],
  ['market.list', 'an arbiter twice', list({ arbiters: [{ address: addr, fee: 0 }, { address: addr, fee: 1 }] }), 'bad_shape'],
  ['market.list', 'an arbiter with a bad address', list({ arbiters: [{ address: 'carol', fee: 0 }] }), 'bad_address'],
  ['market.list', 'a required credential with a bad registry name', list({ requires: { registry: 'KYC', type: 'kyc' } }), 'bad_name'],
  ['market.update', 'no terms', { listing: addr }, 'bad_shape'],
  ['market.pause', 'paused as text', { listing: addr, paused: 'yes' }, 'bad_shape'],
  ['market.close', 'a bad listing address', { listing: 'listing1' }, 'bad_address'],
  ['market.buy', 'version 0', { listing: addr, version: 0, quantity: 1 }, 'bad_shape'],
  ['market.buy', 'quantity 0', { listing: addr, version: 1, quantity: 0 }, 'bad_shape'],
  ['market.buy', 'quantity above 10^6', { listing: addr, version: 1, quantity: 1_000_001 }, 'bad_shape'],
  ['market.buy', 'an empty note', { listing: addr, version: 1, quantity: 1, note: new Uint8Array(0) }, 'bad_shape'],
  ['market.buy', 'a note of 513 bytes', { listing: addr, version: 1, quantity: 1, note: new Uint8Array(513) }, 'bad_shape'],
  ['market.buy', 'a note as text', { listing: addr, version: 1, quantity: 1, note: 'hello' }, 'bad_shape'],
  ['market.buy', 'a bad arbiter', { listing: addr, version: 1, quantity: 1, arbiter: 'carol' }, 'bad_address'],
  ['credential.issue', 'a bad type', { registry: 'kyc-eu', type: 'KYC', to: addr }, 'bad_name'],
  ['credential.issue', 'a document of 33 bytes', { registry: 'kyc-eu', type: 'kyc', to: addr, document: new Uint8Array(33) }, 'bad_shape'],
  ['credential.revoke', 'an expiry', { registry: 'kyc-eu', type: 'kyc', to: addr, expiresAtMs: 5 }, 'bad_shape'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('market payloads: a valid payload of each kind decodes', () => {
  for (const [kind, payload] of [
    ['market.list', list()],
    ['market.update', { listing: addr, terms: terms() }],
    ['market.pause', { listing: addr, paused: true }],
    ['market.close', { listing: addr }],
    ['market.buy', { listing: addr, version: 1, quantity: 1, arbiter: addr, note: new Uint8Array(64), requireSeller: { registry: 'kyc-eu', type: 'kyc' } }],
    ['credential.issue', { registry: 'kyc-eu', type: 'kyc', to: addr, expiresAtMs: 5, document: new Uint8Array(32) }],
    ['credential.revoke', { registry: 'kyc-eu', type: 'kyc', to: addr }],
  ] as [string, CborValue][]) assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), 'ok', kind);
});

test('market.list: the listing account holds the bond; close returns it; versions count updates', () => {
  const w = marketWorld();
  const bob = balance(w.state, BOB, NATIVE);
  assert.equal(balance(w.state, w.listing, NATIVE), MARKET_LISTING_BOND);
  const listing = listingOf(w.state, w.listing);
  assert.deepEqual([listing.seller, listing.kind, listing.version, listing.state, listing.bond], [BOB.address, 'goods', 1, 'active', MARKET_LISTING_BOND]);
  okAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms({ stock: 9 }) }, H(1));
  okAt(w.state, BOB, 'market.pause', { listing: w.listing, paused: true }, H(1));
  const events = okAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms({ stock: 8 }) }, H(1));
  assert.equal(events[0].attributes.version, '3');
  assert.deepEqual([listingOf(w.state, w.listing).state, listingOf(w.state, w.listing).terms.stock], ['paused', 8]);
  okAt(w.state, BOB, 'market.close', { listing: w.listing }, H(2));
  assert.equal(balance(w.state, w.listing, NATIVE), 0n);
  assert.equal(balance(w.state, BOB, NATIVE), bob + MARKET_LISTING_BOND);
  assert.equal(listingOf(w.state, w.listing).state, 'closed');
});

test('market.list refusals, in order, change nothing', () => {
  const w = marketWorld();
  const goods = { kind: 'goods' as const, terms: chairTerms() };
  refusedAt(w.state, BOB, 'market.list', { ...goods, terms: chairTerms({ expiresAtMs: H(1) }) }, 'deadline_passed', H(1));
  refusedAt(w.state, BOB, 'market.list', { ...goods, terms: chairTerms({ price: { asset: 'EUR', amount: 1n } }) }, 'unknown_asset', H(1));
  refusedAt(w.state, BOB, 'market.list', { ...goods, terms: chairTerms({ arbiters: [{ address: BOB.address, fee: 0n }] }) }, 'bad_parties', H(1));
  refusedAt(w.state, BOB, 'market.list', { ...goods, terms: chairTerms({ requires: { registry: 'nowhere', type: 'kyc' } }) }, 'unknown_registry', H(1));
  const offer = okAt(w.state, ALICE, 'offer.create', { give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 10n }] }, deadlineMs: H(100) }, H(1)).find((e) => e.type === 'offer.created')!.attributes.offer;
  refusedAt(w.state, BOB, 'market.list', { kind: 'sale', target: offer, terms: chairTerms() }, 'bad_listing_target', H(1));
  refusedAt(w.state, BOB, 'market.list', { kind: 'rental', target: offer, terms: chairTerms() }, 'bad_listing_target', H(1));
  refusedAt(w.state, ALICE, 'market.list', { kind: 'sale', target: offer, terms: chairTerms({ title: 'drill' }) }, 'terms_not_enforced', H(1));
  okAt(w.state, ALICE, 'market.list', { kind: 'sale', target: offer, terms: chairTerms({ title: 'drill', price: { asset: 'USD', amount: 10n }, arbiters: [], stock: 1 }) }, H(1));
  // DAVE holds 1 000 AGR: one bond, not two
  okAt(w.state, DAVE, 'market.list', goods, H(1));
  refusedAt(w.state, DAVE, 'market.list', goods, 'insufficient_balance', H(1));
});

test('market.update, market.pause, market.close refusals, in order, change nothing', () => {
  const w = marketWorld();
  for (const [kind, payload] of [
    ['market.update', { listing: w.listing, terms: chairTerms() }],
    ['market.pause', { listing: w.listing, paused: true }],
    ['market.close', { listing: w.listing }],
  ] as const) {
    refusedAt(w.state, BOB, kind, { ...payload, listing: CAROL.address } as never, 'unknown_listing', H(1));
    refusedAt(w.state, ALICE, kind, payload as never, 'wrong_party', H(1));
  }
  refusedAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms({ expiresAtMs: H(1) }) }, 'deadline_passed', H(1));
  refusedAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms({ price: { asset: 'EUR', amount: 1n } }) }, 'unknown_asset', H(1));
  okAt(w.state, BOB, 'market.close', { listing: w.listing }, H(1));
  refusedAt(w.state, BOB, 'market.update', { listing: w.listing, terms: chairTerms() }, 'listing_closed', H(1));
  refusedAt(w.state, BOB, 'market.pause', { listing: w.listing, paused: true }, 'listing_closed', H(1));
  refusedAt(w.state, BOB, 'market.close', { listing: w.listing }, 'listing_closed', H(1));
});

test('an expired listing is closed by its seller to take the bond back', () => {
  const w = marketWorld();
  const bob = balance(w.state, BOB, NATIVE);
  okAt(w.state, BOB, 'market.close', { listing: w.listing }, H(31 * 24));
  assert.equal(balance(w.state, BOB, NATIVE), bob + MARKET_LISTING_BOND);
});

test('value sent ahead to a listing address goes to the seller at creation (spec/ledger.md §8.1)', () => {
  const w = marketWorld();
  const ahead = contractAddressFor(CHAIN_ID, BOB.address, getNonce(w.state, BOB.address), 0);
  okAt(w.state, ALICE, 'transfer', { transfers: [{ to: ahead, asset: 'USD', amount: 5n }] }, H(1));
  const bob = balance(w.state, BOB, 'USD');
  const events = okAt(w.state, BOB, 'market.list', { kind: 'service', terms: chairTerms({ title: 'chair repair' }) }, H(1));
  assert.equal(contractOf(events, 'market.listed', 'listing'), ahead);
  assert.equal(balance(w.state, BOB, 'USD'), bob + 5n);
  assert.equal(balance(w.state, ahead, 'USD'), 0n);
  assert.equal(balance(w.state, ahead, NATIVE), MARKET_LISTING_BOND);
});
