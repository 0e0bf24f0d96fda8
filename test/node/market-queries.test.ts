// The market's search bound (src/node/market-queries.ts, spec/api.md §4 "Market"): over more index
// entries than LISTINGS_SCAN_MAX, one request visits at most that many and answers a short page with
// a `next` that continues where it stopped; following `next` finds every match once. Run on an
// in-memory store holding the listings' records and the keys market-index.ts gives them. The bound of
// searches waiting for the read thread (src/node/listing-searches.ts), with the thread replaced by
// searches the test releases: bad input is refused with its code before it waits; the (limit+1)th
// search waiting at once is refused with too_many_searches; a later one is served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../../src/codec/cbor.ts';
import { contractKey } from '../../src/ledger/accounts/contract-account.ts';
import { encodeListing, type Listing } from '../../src/ledger/market/listing-state.ts';
import { listingIndexKeys } from '../../src/node/market-index.ts';
import { searchListings } from '../../src/node/market-queries.ts';
import { ListingSearches } from '../../src/node/listing-searches.ts';
import { NodeError } from '../../src/node/errors.ts';
import type { ListingsResponse } from '../../src/wire/types.ts';
import type { NodeReader } from '../../src/node/reader.ts';
import { addressFromPublicKey } from '../../src/crypto/address.ts';
import { LISTINGS_SCAN_MAX } from '../../src/wire/limits.ts';

const EXPENSIVE = 1_000_000_000n;

function listing(index: number, title: string): Listing {
  const address = addressFromPublicKey(new Uint8Array(32).fill(0).map((_, i) => (i === 0 ? index & 0xff : i === 1 ? index >> 8 : 7)));
  return {
    address,
    seller: 'agora1seller',
    kind: 'goods',
    version: 1,
    state: 'active',
    bond: 1000n,
    bondAsset: 'AGR',
    createdAt: 1,
    terms: { title, termsHash: new Uint8Array(32), price: { asset: 'AGR', amount: title === 'walnut desk' ? EXPENSIVE : BigInt(index) }, stock: 1, handlingMs: 1, reviewWindowMs: 1, arbiterWindowMs: 1, arbiters: [], expiresAtMs: 1_000_000 },
  };
}

function readerOf(listings: Listing[]): NodeReader {
  const state = new Map(listings.map((l) => [contractKey(l.address), encode(encodeListing(l))]));
  const index = listings.flatMap(listingIndexKeys).sort();
  const store = {
    get: (key: string) => state.get(key),
    scanIndex(prefix: string, limit: number, after?: string): string[] {
      return index.filter((key) => key.startsWith(prefix) && (after === undefined || key > prefix + after)).slice(0, limit);
    },
  };
  return { store } as unknown as NodeReader;
}

test('a search over more entries than LISTINGS_SCAN_MAX answers short pages with a `next`; following it finds each match once', () => {
  const count = LISTINGS_SCAN_MAX * 2 + 50;
  // One listing in 500 is an expensive "walnut" one among cheap oak chairs.
  const listings = Array.from({ length: count }, (_, i) => listing(i, i % 500 === 0 ? 'walnut desk' : 'oak chair'));
  const node = readerOf(listings);
  const at = { height: 1, timeMs: 0 };
  const wanted = listings.filter((l) => l.terms.title === 'walnut desk').map((l) => l.address).sort();
  const found: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    // Only the expensive ones match; no word is given, so the asset index (every listing) is scanned.
    const page = searchListings(node, at, { asset: 'AGR', minPrice: String(EXPENSIVE) }, 100, after);
    pages += 1;
    found.push(...page.listings.map((l) => l.address));
    if (page.next === null) break;
    after = page.next;
    assert.ok(pages < 10);
  }
  assert.equal(pages, Math.ceil(count / LISTINGS_SCAN_MAX), 'each request visited LISTINGS_SCAN_MAX entries at most');
  assert.deepEqual(found.sort(), wanted, 'each match once');

  // A word search scans the word's index only: one request finds the few matches among many listings.
  const words = searchListings(node, at, { q: 'walnut' }, 100);
  assert.deepEqual([words.listings.map((l) => l.address).sort(), words.next], [wanted, null]);
  // A search that visits LISTINGS_SCAN_MAX entries without a match answers an empty page with a `next`.
  const none = searchListings(node, at, { kind: 'goods', asset: 'AGR', minPrice: String(EXPENSIVE + 1n) }, 10);
  assert.deepEqual(none.listings, []);
  assert.ok(none.next !== null);
});

test('searches waiting for the read thread are bounded: bad input is refused first, the (limit+1)th with too_many_searches', async () => {
  const waiting: { search: unknown; release: () => void }[] = [];
  const page: ListingsResponse = { listings: [], next: null, at: { height: 1, timeMs: 0 } };
  const searches = new ListingSearches((search) => new Promise((resolve) => waiting.push({ search, release: () => resolve(page) })), 2);
  const refusedWith = (code: string) => (error: unknown) => error instanceof NodeError && error.code === code;
  const first = searches.search({ q: 'oak' }, 10);
  const second = searches.search({ kind: 'goods' }, 10);
  await assert.rejects(searches.search({ q: 'walnut' }, 10), refusedWith('too_many_searches'));
  // Bad input is refused with its own code, full or not, and never reaches the thread.
  await assert.rejects(searches.search({ minPrice: '5' }, 10), refusedWith('bad_request'));
  await assert.rejects(searches.search({ seller: 'agora1nope' }, 10), refusedWith('bad_address'));
  await assert.rejects(searches.search({}, 101), refusedWith('bad_request'));
  assert.equal(waiting.length, 2);
  waiting.forEach((w) => w.release());
  assert.deepEqual([await first, await second], [page, page]);
  const third = searches.search({ q: 'walnut' }, 10);
  assert.equal(waiting.length, 3);
  waiting[2].release();
  assert.equal(await third, page);
  assert.deepEqual(searches.stats, { served: 3, refused: 1 });
});
