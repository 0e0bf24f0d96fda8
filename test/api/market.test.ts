// The market's read routes (spec/api.md §4 "Market") against a real dev node: a listing (also as a
// contract), search by title words, kind, asset, price range, credential and seller with paging and
// its bounds, and rental listings by the dates their rental is free; an address's orders as buyer and as seller with each order's phase and next step as
// the order moves (deliver, dispute); an arbiter's queue; credentials; every bad input with its code
// and status and nothing changed. Every answer is checked against its route's schema (startTestNode).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openNote, sealNote } from '../../src/client/market.ts';
import type { CommittedResult, CredentialsResponse, EscrowContractJson, ListingContractJson, ListingsResponse, MarketListingResponse, OrderJson, OrdersResponse } from '../../src/client/types.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { ListingTerms } from '../../src/ledger/market/types.ts';
import { dataDirectory, loadValidatorKey } from '../../src/node/home.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { LISTINGS_SCAN_MAX } from '../../src/wire/limits.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

const HOUR_MS = 3_600_000;

describe('API market routes (a real dev node)', () => {
  let t: TestNode;
  const seller = KeyPair.generate();
  const buyer = KeyPair.generate();
  const arbiter = KeyPair.generate();
  const listings: { [name: string]: string } = {};
  let order = '';
  let secondOrder = '';

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<CommittedResult> {
    return t.client.sendTx(key, kind, payload);
  }

  function terms(title: string, price: bigint, change: Partial<ListingTerms> = {}): ListingTerms {
    return {
      title,
      termsHash: new Uint8Array(32).fill(7),
      price: { asset: t.nativeAsset, amount: price },
      stock: 5,
      handlingMs: HOUR_MS,
      reviewWindowMs: HOUR_MS,
      arbiterWindowMs: HOUR_MS,
      arbiters: [{ address: arbiter.address, fee: 10n }],
      expiresAtMs: Date.now() + 30 * 24 * HOUR_MS,
      ...change,
    };
  }

  async function list(name: string, kind: 'goods' | 'service', value: ListingTerms): Promise<void> {
    const result = await send(seller, 'market.list', { kind, terms: value });
    const event = result.receipt.events.find((e) => e.type === 'market.listed');
    assert.ok(event);
    listings[name] = event.attributes.listing;
  }

  async function ok<T>(path: string): Promise<T> {
    const { status, body } = await getJson(`${t.url}${path}`);
    assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
    return body as T;
  }

  async function refused(path: string, status: number, code: string): Promise<void> {
    const answer = await getJson(`${t.url}${path}`);
    assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
    const error = (answer.body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code, path);
    assert.equal(typeof error.message, 'string');
  }

  function ordered(result: CommittedResult): string {
    const event = result.receipt.events.find((e) => e.type === 'market.ordered');
    assert.ok(event);
    return event.attributes.order;
  }

  const titles = (page: ListingsResponse): string[] => page.listings.map((l) => l.terms.title).sort();

  before(async () => {
    t = await startTestNode();
    await send(t.dev, 'transfer', { transfers: [seller, buyer].map((k) => ({ to: k.address, asset: t.nativeAsset, amount: 10_000_000n })) });
    await send(t.dev, 'registry.create', { name: 'kyc-eu', open: false });
    await send(t.dev, 'credential.issue', { registry: 'kyc-eu', type: 'kyc', to: buyer.address });
    await send(t.dev, 'credential.issue', { registry: 'kyc-eu', type: 'age', to: buyer.address, expiresAtMs: Date.now() + HOUR_MS });
    await send(t.dev, 'credential.revoke', { registry: 'kyc-eu', type: 'age', to: buyer.address });
    await list('chair', 'goods', terms('Hand made oak chair', 250n));
    await list('table', 'goods', terms('Oak table', 900n));
    await list('lesson', 'service', terms('Guitar lesson', 40n, { requires: { registry: 'kyc-eu', type: 'kyc' } }));
    await list('gone', 'goods', terms('Oak stool', 20n));
    await send(seller, 'market.close', { listing: listings.gone });
    await list('paused', 'goods', terms('Oak bench', 20n));
    await send(seller, 'market.pause', { listing: listings.paused, paused: true });
    const read = await ok<MarketListingResponse>(`/v1/listings/${listings.chair}`);
    const note = sealNote(fromHex(read.sellerPublicKey!), 'ship to 1 Main St');
    order = ordered(await send(buyer, 'market.buy', { listing: listings.chair, version: read.listing.version, quantity: 2, arbiter: arbiter.address, note }));
    secondOrder = ordered(await send(buyer, 'market.buy', { listing: listings.table, version: 1, quantity: 1 }));
  });
  after(async () => t.stop());

  test('GET /v1/listings/:address: the listing, its terms and the seller’s public key; GET /v1/contracts serves it too', async () => {
    const { listing, sellerPublicKey } = await ok<MarketListingResponse>(`/v1/listings/${listings.chair}`);
    assert.equal(sellerPublicKey, toHex(seller.publicKey));
    assert.deepEqual([listing.type, listing.seller, listing.kind, listing.version, listing.state, listing.terms.title, listing.terms.price], ['listing', seller.address, 'goods', 1, 'active', 'Hand made oak chair', { asset: t.nativeAsset, amount: '250' }]);
    assert.equal(listing.terms.stock, 3, 'two of five ordered');
    assert.deepEqual(listing.terms.arbiters, [{ address: arbiter.address, fee: '10' }]);
    assert.deepEqual(listing.holds, { assets: [{ asset: t.nativeAsset, amount: listing.bond }], items: [] }, 'a listing holds its bond');
    assert.deepEqual(listing.now, { expired: false, orderable: true });
    const asContract = await ok<ListingContractJson>(`/v1/contracts/${listings.chair}`);
    assert.deepEqual({ ...asContract, at: null }, { ...listing, at: null });
    const closed = await ok<MarketListingResponse>(`/v1/listings/${listings.gone}`);
    assert.deepEqual([closed.listing.state, closed.listing.holds.assets, closed.listing.now.orderable], ['closed', [], false]);
  });

  test('GET /v1/listings: by title words, kind, asset and price range, credential, seller; closed and paused ones are not found', async () => {
    assert.deepEqual(titles(await ok(`/v1/listings`)), ['Guitar lesson', 'Hand made oak chair', 'Oak table']);
    assert.deepEqual(titles(await ok(`/v1/listings?q=oak`)), ['Hand made oak chair', 'Oak table']);
    assert.deepEqual(titles(await ok(`/v1/listings?q=OAK%20chair`)), ['Hand made oak chair'], 'every word, any case');
    assert.deepEqual(titles(await ok(`/v1/listings?q=oa`)), [], 'whole words');
    assert.deepEqual(titles(await ok(`/v1/listings?kind=service`)), ['Guitar lesson']);
    assert.deepEqual(titles(await ok(`/v1/listings?asset=${t.nativeAsset}&minPrice=100&maxPrice=900`)), ['Hand made oak chair', 'Oak table']);
    assert.deepEqual(titles(await ok(`/v1/listings?asset=${t.nativeAsset}&maxPrice=249`)), ['Guitar lesson']);
    assert.deepEqual(titles(await ok(`/v1/listings?registry=kyc-eu&type=kyc`)), ['Guitar lesson']);
    assert.deepEqual(titles(await ok(`/v1/listings?seller=${seller.address}&q=table`)), ['Oak table']);
    assert.deepEqual(titles(await ok(`/v1/listings?seller=${buyer.address}`)), []);
  });

  test('GET /v1/listings pages with `after` until `next` is null; the SDK answers the same', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const page: ListingsResponse = await ok(`/v1/listings?limit=2${after === null ? '' : `&after=${after}`}`);
      assert.ok(page.listings.length <= 2);
      seen.push(...page.listings.map((l) => l.address));
      after = page.next;
      if (after === null) break;
    }
    assert.equal(after, null);
    assert.deepEqual(seen, [listings.chair, listings.table, listings.lesson].sort());
    const viaSdk = await t.client.searchListings({ q: 'oak', limit: 1 });
    assert.equal(viaSdk.listings.length, 1);
    assert.ok(viaSdk.next !== null);
    assert.ok(LISTINGS_SCAN_MAX >= 100, 'a request visits a bounded number of index entries');
  });

  test('orders as buyer and as seller, newest first, with phase and next step as the order moves; an arbiter’s queue', async () => {
    const bought = await ok<OrdersResponse>(`/v1/accounts/${buyer.address}/orders`);
    assert.deepEqual(bought.orders.map((o) => o.order), [secondOrder, order]);
    const first = bought.orders[1];
    assert.deepEqual([first.listing, first.buyer, first.seller, first.arbiter, first.quantity, first.total, first.arbiterFee, first.title], [listings.chair, buyer.address, seller.address, arbiter.address, 2, '500', '10', 'Hand made oak chair']);
    assert.deepEqual([first.phase, first.next], ['awaiting_delivery', { kind: 'escrow.deliver', by: 'seller' }]);
    assert.ok(first.note !== null);
    assert.equal(openNote(seller.secretKey, fromHex(first.note)), 'ship to 1 Main St', 'the seller opens the note');
    assert.throws(() => openNote(buyer.secretKey, fromHex(first.note!)), /bad_seal|seal/, 'nobody else does');
    // The node's operator holds the validator key, the dev key and every stored byte: none opens it.
    const validatorKey = await loadValidatorKey(t.home);
    assert.ok(validatorKey !== null);
    for (const key of [validatorKey, t.dev, arbiter]) assert.throws(() => openNote(key.secretKey, fromHex(first.note!)), /bad_seal|seal/);
    const stored = await Promise.all((await readdir(dataDirectory(t.home))).map((file) => readFile(join(dataDirectory(t.home), file))));
    assert.ok(stored.some((bytes) => bytes.includes('Hand made oak chair')), 'the scan sees what the node stores (the listing title)');
    assert.ok(stored.every((bytes) => !bytes.includes('1 Main St')), 'the note text is stored nowhere');
    const sold = await ok<OrdersResponse>(`/v1/accounts/${seller.address}/orders?role=seller`);
    assert.deepEqual(sold.orders.map((o) => o.order), [secondOrder, order]);
    assert.deepEqual((await ok<OrdersResponse>(`/v1/accounts/${seller.address}/orders`)).orders, [], 'the seller bought nothing');
    const page = await ok<OrdersResponse>(`/v1/accounts/${buyer.address}/orders?limit=1`);
    assert.deepEqual(page.orders.map((o) => o.order), [secondOrder]);
    const rest = await ok<OrdersResponse>(`/v1/accounts/${buyer.address}/orders?limit=1&after=${page.next}`);
    assert.deepEqual([rest.orders.map((o) => o.order), rest.next], [[order], null]);

    await send(seller, 'escrow.deliver', { escrow: order, tranche: 0 });
    const delivered = await ok<OrderJson>(`/v1/orders/${order}`);
    assert.deepEqual([delivered.phase, delivered.next], ['delivered', { kind: 'escrow.release', by: 'buyer' }]);
    const escrow = await ok<EscrowContractJson>(`/v1/contracts/${order}`);
    assert.ok(escrow.tranches[0].deliveredAtMs !== null);
    assert.equal(escrow.tranches[0].reviewEndsMs, escrow.tranches[0].deliveredAtMs! + HOUR_MS);
    assert.deepEqual([escrow.reviewWindowMs, escrow.arbiterFee, escrow.arbiterWindowMs, escrow.tranches[0].defaultAtDue], [HOUR_MS, { asset: t.nativeAsset, amount: '10' }, HOUR_MS, 'release']);
    assert.deepEqual(escrow.now, { expired: false, defaultDue: null, disputable: true, lapsed: false });

    assert.deepEqual((await ok<OrdersResponse>(`/v1/arbiters/${arbiter.address}/disputes`)).orders, []);
    await send(buyer, 'escrow.dispute', { escrow: order });
    const queue = await ok<OrdersResponse>(`/v1/arbiters/${arbiter.address}/disputes`);
    assert.deepEqual(queue.orders.map((o) => [o.order, o.phase, o.next]), [[order, 'disputed', { kind: 'escrow.resolve', by: 'arbiter' }]]);
    await send(arbiter, 'escrow.resolve', { escrow: order, toPayee: { assets: [{ asset: t.nativeAsset, amount: 300n }] } });
    assert.deepEqual((await ok<OrdersResponse>(`/v1/arbiters/${arbiter.address}/disputes`)).orders, [], 'resolved: out of the queue');
    const resolved = await ok<OrderJson>(`/v1/orders/${order}`);
    assert.deepEqual([resolved.phase, resolved.next], ['resolved', null]);
    assert.ok(resolved.settledAtMs !== null);
  });

  test('a delivered order follows its review window, not the refund default: release_due, defaultDue release, no longer disputable', async () => {
    await list('quick', 'goods', terms('Quick delivery', 50n, { reviewWindowMs: 1500 }));
    const quick = ordered(await send(buyer, 'market.buy', { listing: listings.quick, version: 1, quantity: 1, arbiter: arbiter.address }));
    await send(seller, 'escrow.deliver', { escrow: quick, tranche: 0 });
    const delivered = await ok<EscrowContractJson>(`/v1/contracts/${quick}`);
    assert.deepEqual([delivered.onExpiry, delivered.tranches[0].defaultAtDue, delivered.now.defaultDue, delivered.now.disputable], ['refund', 'release', null, true]);
    await eventually(async () => (await ok<OrderJson>(`/v1/orders/${quick}`)).phase === 'release_due', 15_000);
    const due = await ok<EscrowContractJson>(`/v1/contracts/${quick}`);
    assert.ok(due.at.timeMs >= due.tranches[0].reviewEndsMs! && due.at.timeMs < due.deadlineMs, 'past the review window, before the handling deadline');
    assert.deepEqual(due.now, { expired: true, defaultDue: 'release', disputable: false, lapsed: false });
    assert.deepEqual((await ok<OrderJson>(`/v1/orders/${quick}`)).next, { kind: 'escrow.settle', by: 'anyone' });
  });

  test('credentials of an address: valid, revoked; pages', async () => {
    const all = await ok<CredentialsResponse>(`/v1/accounts/${buyer.address}/credentials`);
    assert.deepEqual(all.credentials.map((c) => [c.registry, c.type, c.issuer, c.valid, c.revokedAtMs !== null]), [['kyc-eu', 'age', t.dev.address, false, true], ['kyc-eu', 'kyc', t.dev.address, true, false]]);
    const first = await ok<CredentialsResponse>(`/v1/accounts/${buyer.address}/credentials?limit=1`);
    assert.equal(first.next, 'kyc-eu/age');
    const second = await ok<CredentialsResponse>(`/v1/accounts/${buyer.address}/credentials?limit=1&after=${first.next}`);
    assert.deepEqual([second.credentials.map((c) => c.type), second.next], [['kyc'], null]);
    assert.deepEqual((await ok<CredentialsResponse>(`/v1/accounts/${seller.address}/credentials`)).credentials, []);
  });

  test('GET /v1/listings?availableFrom=&availableUntil=: rental listings free for the whole span, in whole periods; bad spans 400', async () => {
    const registered = await send(seller, 'item.register', { kind: 'bike' });
    const item = registered.receipt.events.find((e) => e.type === 'item.registered')!.attributes.item;
    const offered = await send(seller, 'rental.offer', { item, asset: t.nativeAsset, pricePerPeriod: 100n, periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 24 });
    const rental = offered.receipt.events.find((e) => e.type === 'rental.offered')!.attributes.rental;
    const listed = await send(seller, 'market.list', { kind: 'rental', target: rental, terms: terms('Red city bike', 100n, { arbiters: [] }) });
    listings.bike = listed.receipt.events.find((e) => e.type === 'market.listed')!.attributes.listing;
    const booked = Date.now() + 2 * HOUR_MS; // [booked, booked + 2 h) is taken
    await send(buyer, 'rental.book', { rental, periods: 2, startMs: booked });
    const free = async (fromMs: number, untilMs: number, more = ''): Promise<string[]> => titles(await ok(`/v1/listings?availableFrom=${fromMs}&availableUntil=${untilMs}${more}`));
    assert.deepEqual(await free(booked + HOUR_MS, booked + 2 * HOUR_MS), [], 'inside the booking');
    assert.deepEqual(await free(booked + 4 * HOUR_MS, booked + 5 * HOUR_MS), ['Red city bike'], 'from its end: spans that only touch do not meet');
    assert.deepEqual(await free(booked - HOUR_MS, booked), ['Red city bike'], 'up to its start');
    assert.deepEqual(await free(booked - HOUR_MS + 1, booked - HOUR_MS + 2), [], 'one period from 1 ms after booked − 1 h ends 1 ms into the booking');
    assert.deepEqual(await free(booked + 4 * HOUR_MS, booked + 29 * HOUR_MS), [], 'more periods than the rental allows (24)');
    assert.deepEqual(await free(1_000, 2_000), [], 'a start before the block time cannot be booked');
    assert.deepEqual(await free(booked + 4 * HOUR_MS, booked + 5 * HOUR_MS, '&q=bike&kind=rental'), ['Red city bike']);
    assert.deepEqual(await free(booked + 4 * HOUR_MS, booked + 5 * HOUR_MS, '&q=oak'), [], 'goods are no rentals');
    const sdk = await t.client.searchListings({ availableFrom: String(booked), availableUntil: String(booked + HOUR_MS) });
    assert.deepEqual(sdk.listings, []);
    await refused(`/v1/listings?availableFrom=${booked}`, 400, 'bad_request');
    await refused(`/v1/listings?availableFrom=${booked}&availableUntil=${booked}`, 400, 'bad_request');
    await refused(`/v1/listings?availableFrom=${booked}&availableUntil=${booked + 1}&kind=goods`, 400, 'bad_request');
    await refused(`/v1/listings?availableFrom=-1&availableUntil=5`, 400, 'bad_request');
    await refused(`/v1/listings?availableFrom=99999999999999999&availableUntil=5`, 400, 'bad_request');
  });

  test('bad input: each with its code and status', async () => {
    await refused('/v1/listings/agora1nothere', 400, 'bad_address');
    await refused(`/v1/listings/${buyer.address}`, 404, 'unknown_listing');
    await refused(`/v1/orders/${buyer.address}`, 404, 'unknown_order');
    await refused('/v1/orders/xyz', 400, 'bad_address');
    await refused('/v1/listings?limit=0', 400, 'bad_request');
    await refused('/v1/listings?limit=101', 400, 'bad_request');
    await refused('/v1/listings?kind=car', 400, 'bad_request');
    await refused('/v1/listings?minPrice=5', 400, 'bad_request');
    await refused(`/v1/listings?asset=${t.nativeAsset}&minPrice=9&maxPrice=5`, 400, 'bad_request');
    await refused(`/v1/listings?asset=${t.nativeAsset}&minPrice=-5`, 400, 'bad_amount');
    await refused('/v1/listings?asset=agr', 400, 'bad_symbol');
    await refused('/v1/listings?registry=kyc-eu', 400, 'bad_request');
    await refused('/v1/listings?registry=KYC&type=kyc', 400, 'bad_name');
    await refused('/v1/listings?seller=bob', 400, 'bad_address');
    await refused('/v1/listings?q=%20%20', 400, 'bad_request');
    await refused(`/v1/listings?q=${'a'.repeat(121)}`, 400, 'bad_request');
    await refused('/v1/listings?after=nope', 400, 'bad_address');
    await refused('/v1/listings?color=red', 400, 'bad_request');
    await refused(`/v1/accounts/${buyer.address}/orders?role=arbiter`, 400, 'bad_request');
    await refused(`/v1/accounts/${buyer.address}/orders?after=12`, 400, 'bad_request');
    await refused('/v1/accounts/nope/orders', 400, 'bad_address');
    await refused('/v1/arbiters/nope/disputes', 400, 'bad_address');
    await refused(`/v1/accounts/${buyer.address}/credentials?after=a/b/c`, 400, 'bad_request');
    await refused('/v1/accounts/nope/credentials', 400, 'bad_address');
  });
});
