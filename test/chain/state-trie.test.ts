import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTrie, TrieUpdate, EMPTY_HASH, type TrieNodeWrites } from '../../src/chain/state-trie.ts';
import { toHex } from '../../src/crypto/hash.ts';

class MemoryTrie {
  readonly nodes = new Map<string, Uint8Array>();
  getNode(path: string): Uint8Array | undefined {
    return this.nodes.get(path);
  }
  apply(writes: TrieNodeWrites): void {
    for (const [path, bytes] of writes) {
      if (bytes === null) this.nodes.delete(path);
      else this.nodes.set(path, bytes);
    }
  }
}

/** Applies one batch of writes and returns the new root. */
function commit(trie: MemoryTrie, writes: Map<string, Uint8Array | null>): string {
  const update = new TrieUpdate(trie);
  update.applyWrites(writes);
  const { root, writes: nodeWrites } = update.finish();
  trie.apply(nodeWrites);
  return toHex(root);
}

function fromScratch(entries: Map<string, Uint8Array>): string {
  const sorted = new Map([...entries.entries()].sort(([a], [b]) => (a < b ? 1 : -1)));
  return commit(new MemoryTrie(), sorted);
}

const op = fc.record({ key: fc.string({ maxLength: 3 }), value: fc.option(fc.uint8Array({ minLength: 0, maxLength: 4 }), { nil: null }) });

test('the empty trie has the empty root', () => {
  assert.equal(commit(new MemoryTrie(), new Map()), toHex(EMPTY_HASH));
});

test('incremental roots equal a rebuild from scratch, in any order and batching', () => {
  fc.assert(
    fc.property(fc.array(fc.array(op, { maxLength: 12 }), { maxLength: 8 }), (batches) => {
      const trie = new MemoryTrie();
      const model = new Map<string, Uint8Array>();
      for (const batch of batches) {
        const writes = new Map<string, Uint8Array | null>();
        for (const { key, value } of batch) {
          writes.set(key, value);
          if (value === null) model.delete(key);
          else model.set(key, value);
        }
        const root = commit(trie, writes);
        assert.equal(root, fromScratch(model));
      }
      // Deleting everything returns to the empty trie with no nodes left behind.
      commit(trie, new Map([...model.keys()].map((key) => [key, null])));
      assert.equal(trie.nodes.size, 0);
    }),
    { numRuns: 300 },
  );
});

test('a changed value changes the root', () => {
  const trie = new MemoryTrie();
  const first = commit(trie, new Map([['a', new Uint8Array([1])], ['b', new Uint8Array([2])]]));
  const second = commit(trie, new Map([['a', new Uint8Array([3])]]));
  assert.notEqual(first, second);
});

test('buildTrie (state sync) makes the very nodes and root TrieUpdate grows write by write', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const trie = new MemoryTrie();
      const model = new Map<string, Uint8Array>();
      for (const { key, value } of ops) {
        if (value === null) model.delete(key);
        else model.set(key, value);
        commit(trie, new Map([[key, value]]));
      }
      const built = buildTrie([...model].map(([key, value]) => ({ key, value })));
      assert.equal(toHex(built.root), fromScratch(model));
      assert.deepEqual(new Map([...built.nodes].map(([path, bytes]) => [path, toHex(bytes)])), new Map([...trie.nodes].map(([path, bytes]) => [path, toHex(bytes)])));
    }),
    { numRuns: 300 },
  );
});

/** The store's nodes as hex, to compare with buildTrie's. */
function hexNodes(nodes: Map<string, Uint8Array>): Map<string, string> {
  return new Map([...nodes].map(([path, bytes]) => [path, toHex(bytes)]));
}

test('property: after every block of puts and deletes, the stored nodes and root are the ones buildTrie makes from the entries alone', () => {
  // A pool of 48 keys, so blocks overwrite, delete and re-add the same keys, split leaves and collapse
  // branches several levels deep; buildTrie builds from the sorted key hashes, independently of TrieUpdate.
  const key = fc.integer({ min: 0, max: 47 }).map((n) => `key/${n}`);
  const write = fc.record({ key, value: fc.option(fc.uint8Array({ minLength: 0, maxLength: 6 }), { nil: null, freq: 3 }) });
  fc.assert(
    fc.property(fc.array(fc.array(write, { maxLength: 40 }), { minLength: 1, maxLength: 10 }), (blocks) => {
      const trie = new MemoryTrie();
      const model = new Map<string, Uint8Array>();
      for (const block of blocks) {
        const writes = new Map<string, Uint8Array | null>();
        for (const { key, value } of block) {
          writes.set(key, value);
          if (value === null) model.delete(key);
          else model.set(key, value);
        }
        const root = commit(trie, writes);
        const built = buildTrie([...model].map(([key, value]) => ({ key, value })));
        assert.equal(root, toHex(built.root));
        assert.deepEqual(hexNodes(trie.nodes), hexNodes(built.nodes));
      }
    }),
    { numRuns: 300 },
  );
});

test('an update reads each node from the store at most once, and an empty side not at all', () => {
  const trie = new MemoryTrie();
  const entries = new Map(Array.from({ length: 200 }, (_, i) => [`key/${i}`, new Uint8Array([i])] as const));
  commit(trie, entries);
  const reads: string[] = [];
  const update = new TrieUpdate({ getNode: (path) => (reads.push(path), trie.nodes.get(path)) });
  update.applyWrites(new Map([...entries.keys()].map((key, i) => [key, i % 3 === 0 ? null : new Uint8Array([i, 1])])));
  update.finish();
  assert.equal(new Set(reads).size, reads.length);
  for (const path of reads) assert.ok(trie.nodes.has(path), `read ${path}, which is not stored`);
});
