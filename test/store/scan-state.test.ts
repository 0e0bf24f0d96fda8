// ChainStore.scanState (src/store/chain-store.ts): a prefix scan in key order that pages from a cursor
// with one lmdb range read. Moved from test/ledger/records-queries.test.ts, where the same assertions
// checked the prefix enumeration (scanKeysAfter) this cursor replaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import { ChainStore } from '../../src/store/chain-store.ts';
import { ALICE } from '../ledger/fixtures.ts';

test('scanState after a cursor: equals a sorted filter for every cursor, also when subtrees pass the chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-scan-'));
  const store = new ChainStore(join(dir, 'data'));
  try {
    const writes = new Map<string, Uint8Array>();
    const keys: string[] = [];
    for (let i = 0; i < 300; i++) {
      const id = itemIdFor('scan', ALICE.address, BigInt(i), 0);
      keys.push(`idx/${id}`);
      writes.set(`idx/${id}`, new Uint8Array([1]));
    }
    for (const near of ['idx/item1qqqq', 'idx/item1qqqz', 'idx/item1qqp']) writes.set(near + 'q'.repeat(63 - near.length + 4), new Uint8Array([1]));
    writes.set('idy/item1qq', new Uint8Array([1])); // another prefix
    await store.initGenesis('00'.repeat(32), 0, writes, new Map(), '00'.repeat(32));
    const all = [...writes.keys()].filter((k) => k.startsWith('idx/item1')).sort();
    for (const [i, cursor] of all.entries()) {
      if (i % 7 !== 0 && i < all.length - 3) continue;
      const got = store.scanState('idx/item1', 9, cursor.slice('idx/item1'.length)).map((e) => e.key);
      assert.deepEqual(got, all.slice(i + 1, i + 10), `cursor ${i}`);
    }
    assert.deepEqual(store.scanState('idx/item1', 3).map((e) => e.key), all.slice(0, 3));
    // A cursor that is no key starts at the next key; the last key leaves nothing after it.
    assert.deepEqual(store.scanState('idx/', 2, 'item1qqqq').map((e) => e.key), all.filter((k) => k > 'idx/item1qqqq').slice(0, 2));
    assert.deepEqual(store.scanState('idx/item1', 9, all.at(-1)!.slice('idx/item1'.length)), []);
    assert.equal(keys.length, 300);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
