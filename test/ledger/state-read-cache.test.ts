// ReadCache (src/ledger/state.ts): each key read of its parent once, absences too; `advance` takes a
// committed block's writes in place of what was read; at `entriesMax` it starts again empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryState, ReadCache } from '../../src/ledger/state.ts';

/** A MemoryState that counts the reads it answers. */
class CountingState extends MemoryState {
  reads = 0;
  override get(key: string): Uint8Array | undefined {
    this.reads++;
    return super.get(key);
  }
}

const bytes = (value: number): Uint8Array => Uint8Array.of(value);

test('a key is read of the parent once, present or absent, and the same bytes object is returned', () => {
  const parent = new CountingState();
  parent.entries.set('a', bytes(1));
  const cache = new ReadCache(parent);
  const first = cache.get('a');
  assert.equal(cache.get('a'), first);
  assert.equal(cache.get('none'), undefined);
  assert.equal(cache.get('none'), undefined);
  assert.equal(parent.reads, 2);
});

test('advance: the writes replace what was read (a put, a delete), and are answered without the parent', () => {
  const parent = new CountingState();
  parent.entries.set('a', bytes(1));
  parent.entries.set('b', bytes(2));
  const cache = new ReadCache(parent);
  assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [bytes(1), bytes(2), undefined]);
  const writes = new Map<string, Uint8Array | null>([['a', null], ['c', bytes(3)], ['d', bytes(4)]]);
  parent.apply(writes);
  cache.advance(writes);
  const reads = parent.reads;
  assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')], [undefined, bytes(2), bytes(3), bytes(4)]);
  assert.equal(cache.get('c'), writes.get('c'));
  assert.equal(parent.reads, reads);
});

test('entriesMax: a new key past the bound empties the cache first; a known key does not', () => {
  const parent = new CountingState();
  for (const key of ['a', 'b', 'c']) parent.entries.set(key, bytes(key.charCodeAt(0)));
  const cache = new ReadCache(parent, 2);
  cache.get('a');
  cache.get('b');
  cache.advance(new Map([['b', bytes(9)]]));
  assert.equal(cache.size, 2);
  cache.get('c');
  assert.equal(cache.size, 1);
  assert.equal(cache.get('b'), parent.entries.get('b'), 'read again from the parent');
  assert.equal(cache.size, 2);
});
