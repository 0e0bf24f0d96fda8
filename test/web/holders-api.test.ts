/**
 * GET /v1/assets/:symbol/holders (spec/api.md), the route the explorer's asset page reads: on a real
 * node, and on an in-memory store large enough to cross the scan's chunks and its per-request bound.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeReader } from '../../src/node/reader.ts';
import { encode } from '../../src/codec/cbor.ts';
import { encodeAddress } from '../../src/crypto/address.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { assetKey, balanceKey, encodeAsset } from '../../src/ledger/accounts/balances.ts';
import { HOLDERS_SCAN_ENTRIES_MAX, queryAssetHolders, type AssetHoldersResponse, type HolderJson } from '../../src/node/holders-queries.ts';
import { getJson, startTestNode, type TestNode } from '../api/helpers.ts';

describe('GET /v1/assets/:symbol/holders on a dev node', () => {
  let t: TestNode;
  const people = Array.from({ length: 7 }, () => KeyPair.generate());

  before(async () => {
    t = await startTestNode();
    await t.client.sendTx(t.dev, 'asset.create', { symbol: 'GOLD', name: 'Gold', decimals: 2, supply: 1_000n });
    const transfers = people.flatMap((p, i) => [
      { to: p.address, asset: 'GOLD', amount: BigInt(i + 1) },
      { to: p.address, asset: t.nativeAsset, amount: 10n },
    ]);
    await t.client.sendTx(t.dev, 'transfer', { transfers });
  });
  after(async () => t.stop());

  const expected = (): HolderJson[] =>
    [...people.map((p, i) => ({ address: p.address, amount: String(i + 1) })), { address: t.dev.address, amount: String(1_000 - 28) }].sort((a, b) => (a.address < b.address ? -1 : 1));

  test('every holder once, in address order, at every page size', async () => {
    for (const limit of [1, 2, 3, 8, 100]) {
      const seen: HolderJson[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const query: string = after === null ? `limit=${limit}` : `limit=${limit}&after=${encodeURIComponent(after)}`;
        const { status, body } = await getJson(`${t.url}/v1/assets/GOLD/holders?${query}`);
        assert.equal(status, 200);
        const page = body as AssetHoldersResponse;
        assert.ok(page.holders.length <= limit);
        seen.push(...page.holders);
        after = page.next;
        if (after === null) break;
      }
      assert.equal(after, null, `limit ${limit} ends`);
      assert.deepEqual(seen, expected(), `limit ${limit}`);
    }
  });

  test('the default page, and the native asset', async () => {
    const gold = (await getJson(`${t.url}/v1/assets/GOLD/holders`)).body as AssetHoldersResponse;
    assert.deepEqual(gold, { holders: expected(), next: null });
    const native = (await getJson(`${t.url}/v1/assets/${t.nativeAsset}/holders?limit=100`)).body as AssetHoldersResponse;
    assert.equal(native.holders.length, 8);
  });

  test('refusals: unknown asset, bad symbol, bad cursor, bad limit', async () => {
    assert.deepEqual(await getJson(`${t.url}/v1/assets/NOPE/holders`), { status: 404, body: { error: { code: 'not_found', message: 'no asset NOPE' } } });
    assert.equal(((await getJson(`${t.url}/v1/assets/gold/holders`)).body as { error: { code: string } }).error.code, 'bad_symbol');
    for (const query of ['after=agora1', 'after=GOLD', `after=${people[0].address}`, 'limit=0', 'limit=101', 'other=1']) {
      const { status, body } = await getJson(`${t.url}/v1/assets/GOLD/holders?${query}`);
      assert.equal(status, 400, query);
      assert.equal((body as { error: { code: string } }).error.code, 'bad_request', query);
    }
  });

  test('the OpenAPI document lists the route', async () => {
    const doc = (await getJson(`${t.url}/v1/openapi.json`)).body as { paths: { [path: string]: { get?: { operationId: string } } } };
    assert.equal(doc.paths['/v1/assets/{symbol}/holders']?.get?.operationId, 'getAssetHolders');
  });
});

/** A node whose store is a sorted in-memory map: only what the query reads (scanState, get). */
function memoryNode(entries: Map<string, Uint8Array>): NodeReader {
  const keys = [...entries.keys()].sort();
  const firstAtOrAfter = (prefix: string): number => {
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keys[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const store = {
    get: (key: string) => entries.get(key),
    scanState: (prefix: string, limit: number, after?: string) => {
      const found: { key: string; value: Uint8Array }[] = [];
      for (let i = firstAtOrAfter(prefix + (after ?? '')); i < keys.length && found.length < limit && keys[i].startsWith(prefix); i++) {
        if (after === undefined || keys[i] > prefix + after) found.push({ key: keys[i], value: entries.get(keys[i])! });
      }
      return found;
    },
  };
  return { store } as unknown as NodeReader;
}

function addressOf(i: number): string {
  const bytes = new Uint8Array(20);
  new DataView(bytes.buffer).setUint32(0, i * 2654435761);
  new DataView(bytes.buffer).setUint32(16, i);
  return encodeAddress(bytes);
}

describe('holders scan over many balances', () => {
  test('crosses chunk boundaries and the per-request bound without losing or repeating a holder', () => {
    const entries = new Map<string, Uint8Array>();
    entries.set(assetKey('GOLD'), encode(encodeAsset({ symbol: 'GOLD', name: 'Gold', decimals: 0, supply: 1n, creator: 'genesis' })));
    const holders: HolderJson[] = [];
    // 6 000 addresses with 2 or 3 assets each: ~15 000 balance entries, over HOLDERS_SCAN_ENTRIES_MAX.
    for (let i = 0; i < 6_000; i++) {
      const address = addressOf(i);
      entries.set(balanceKey(address, 'AAA'), encode(1n));
      entries.set(balanceKey(address, 'ZZZ'), encode(1n));
      if (i % 3 === 0) {
        entries.set(balanceKey(address, 'GOLD'), encode(BigInt(i + 1)));
        holders.push({ address, amount: String(i + 1) });
      }
    }
    holders.sort((a, b) => (a.address < b.address ? -1 : 1));
    const node = memoryNode(entries);
    const seen: HolderJson[] = [];
    let after: string | undefined;
    let pages = 0;
    let shortPages = 0;
    for (; pages < 100; pages++) {
      const page = queryAssetHolders(node, 'GOLD', 100, after);
      seen.push(...page.holders);
      if (page.next !== null && page.holders.length < 100) shortPages += 1;
      if (page.next === null) break;
      after = page.next;
    }
    assert.deepEqual(seen, holders);
    assert.ok(entries.size > HOLDERS_SCAN_ENTRIES_MAX);
    assert.equal(pages, Math.ceil(holders.length / 100) - 1 + shortPages);
    // A page that visits only other assets' balances comes back empty with a cursor, not a wrong end.
    const sparse = new Map<string, Uint8Array>([[assetKey('GOLD'), entries.get(assetKey('GOLD'))!]]);
    const addresses = Array.from({ length: HOLDERS_SCAN_ENTRIES_MAX + 10 }, (_, i) => addressOf(i)).sort();
    const holder = addresses.pop()!;
    for (const address of addresses) sparse.set(balanceKey(address, 'AAA'), encode(1n));
    sparse.set(balanceKey(holder, 'GOLD'), encode(5n));
    const first = queryAssetHolders(memoryNode(sparse), 'GOLD', 10);
    assert.deepEqual(first.holders, []);
    assert.equal(first.next, `${addresses[HOLDERS_SCAN_ENTRIES_MAX - 1]}/AAA`);
    const second = queryAssetHolders(memoryNode(sparse), 'GOLD', 10, first.next!);
    assert.deepEqual(second, { holders: [{ address: holder, amount: '5' }], next: null });
  });
});
