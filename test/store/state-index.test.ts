// The `state-index` bucket (spec/store.md, src/store/state-index.ts): the store writes each state
// write's index keys (the old record's removed, the new one's put) in the same transaction as the
// state; scanIndex pages forward and backward from a cursor; ensureIndex re-indexes a store written
// before its indexers, once. And the market's keys (src/node/market-index.ts) from listing records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listingIndexKeys, titleWords } from '../../src/node/market-index.ts';
import type { Listing } from '../../src/ledger/market/listing-state.ts';
import { ChainStore } from '../../src/store/chain-store.ts';
import { indexChanges, type StateIndexer } from '../../src/store/state-index.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
/** Indexes `x/<id>` records by the words of their value. */
const WORDS: StateIndexer = { prefix: 'x/', keysOf: (key, value) => new TextDecoder().decode(value).split(' ').map((word) => `w/${word}/${key.slice(2)}`) };

test('indexChanges: the keys a record loses and gains; other prefixes untouched', () => {
  assert.deepEqual(indexChanges([WORDS], 'x/1', undefined, text('oak chair')), { remove: [], put: ['w/oak/1', 'w/chair/1'] });
  assert.deepEqual(indexChanges([WORDS], 'x/1', text('oak chair'), text('oak table')), { remove: ['w/chair/1'], put: ['w/table/1'] });
  assert.deepEqual(indexChanges([WORDS], 'x/1', text('oak chair'), undefined), { remove: ['w/oak/1', 'w/chair/1'], put: [] });
  assert.deepEqual(indexChanges([WORDS], 'y/1', undefined, text('oak')), { remove: [], put: [] });
});

test('a store indexes its state writes; scanIndex pages both ways; ensureIndex re-indexes an older store once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-index-'));
  const path = join(dir, 'data');
  const writes = new Map<string, Uint8Array>([['x/1', text('oak chair')], ['x/2', text('oak table')], ['x/3', text('pine table')], ['y/1', text('oak')]]);
  // Written without indexers: the bucket stays empty.
  let store = new ChainStore(path);
  try {
    await store.initGenesis('00'.repeat(32), 0, writes, new Map(), '00'.repeat(32));
    assert.deepEqual(store.scanIndex('w/', 10), []);
  } finally {
    await store.close();
  }
  store = new ChainStore(path, { indexers: [WORDS] });
  try {
    await store.ensureIndex('words-1');
    assert.deepEqual(store.scanIndex('w/oak/', 10), ['w/oak/1', 'w/oak/2']);
    assert.deepEqual(store.scanIndex('w/table/', 10, undefined, true), ['w/table/3', 'w/table/2'], 'reverse');
    assert.deepEqual(store.scanIndex('w/table/', 10, '3', true), ['w/table/2'], 'reverse after a cursor');
    assert.deepEqual(store.scanIndex('w/', 2, 'oak/1'), ['w/oak/2', 'w/pine/3'], 'forward after a cursor');
    assert.deepEqual(store.scanIndex('w/', 100).length, 6);
    assert.equal(store.getMeta('stateIndex'), 'words-1');
    await store.ensureIndex('words-1');
    assert.deepEqual(store.scanIndex('w/', 100).length, 6, 'a second call changes nothing');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('market keys: an active listing by title words (lower case, URI-encoded), kind, asset, seller, credential; paused and closed ones none', () => {
  const listing = {
    address: 'agora1listing',
    seller: 'agora1seller',
    kind: 'goods',
    version: 1,
    state: 'active',
    bond: 1000n,
    bondAsset: 'AGR',
    createdAt: 5,
    terms: { title: 'Oak chair a/b oak', termsHash: new Uint8Array(32), price: { asset: 'USD', amount: 5n }, stock: 1, handlingMs: 1, reviewWindowMs: 1, arbiterWindowMs: 1, arbiters: [], requires: { registry: 'kyc-eu', type: 'kyc' }, expiresAtMs: 10 },
  } satisfies Listing;
  assert.deepEqual(titleWords(listing.terms.title), ['oak', 'chair', 'a%2Fb']);
  assert.deepEqual(listingIndexKeys(listing).sort(), [
    'l/a/USD/agora1listing',
    'l/all/agora1listing',
    'l/c/kyc-eu/kyc/agora1listing',
    'l/k/goods/agora1listing',
    'l/s/agora1seller/agora1listing',
    'l/w/a%2Fb/agora1listing',
    'l/w/chair/agora1listing',
    'l/w/oak/agora1listing',
  ]);
  assert.deepEqual(listingIndexKeys({ ...listing, state: 'paused' }), []);
  assert.deepEqual(listingIndexKeys({ ...listing, state: 'closed' }), []);
});
