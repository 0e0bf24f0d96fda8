// StateReader.scanState through overlays (src/ledger/state.ts): the one prefix read the ledger makes (a new
// contract's address, spec/ledger.md §8.1) must see exactly what a point read would — the parent's entries
// with every overlay's puts and deletes laid over them, in key order, at most `limit` — or nodes whose
// blocks buffer different writes would disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';

const bytes = (n: number): Uint8Array => new Uint8Array([n]);
const keysOf = (entries: { key: string; value: Uint8Array }[]): string[] => entries.map((e) => `${e.key}=${e.value[0]}`);

test('scanState: the parent under the prefix, with puts and deletes of nested overlays laid over it, in key order, bounded', () => {
  const base = new MemoryState();
  for (const [key, n] of [['a/3', 3], ['a/1', 1], ['a/2', 2], ['ab', 9], ['b/1', 5]] as const) base.entries.set(key, bytes(n));
  const block = new Overlay(base);
  block.delete('a/1');
  block.put('a/4', bytes(4));
  block.put('a/3', bytes(33));
  const tx = new Overlay(block);
  tx.delete('a/2');
  tx.put('a/0', bytes(0));
  assert.deepEqual(keysOf(base.scanState('a/', 10)), ['a/1=1', 'a/2=2', 'a/3=3']);
  assert.deepEqual(keysOf(block.scanState('a/', 10)), ['a/2=2', 'a/3=33', 'a/4=4']);
  assert.deepEqual(keysOf(tx.scanState('a/', 10)), ['a/0=0', 'a/3=33', 'a/4=4']);
  // The bound holds after deletions: two deleted keys do not leave fewer than `limit` when more exist.
  assert.deepEqual(keysOf(tx.scanState('a/', 2)), ['a/0=0', 'a/3=33']);
  assert.deepEqual(keysOf(block.scanState('a/', 1)), ['a/2=2']);
  assert.deepEqual(tx.scanState('c/', 5), []);
  assert.deepEqual(new Overlay(EMPTY_STATE).scanState('', 5), []);
  // Every scan agrees with point reads.
  for (const { key, value } of tx.scanState('', 100)) assert.deepEqual(tx.get(key), value);
});

test('property: writes() lists every buffered write once, sorted by key as `<` orders strings, whatever the order of the puts', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.option(fc.uint8Array({ maxLength: 2 }), { nil: null }))), (puts) => {
      const overlay = new Overlay(EMPTY_STATE);
      const model = new Map<string, Uint8Array | null>();
      for (const [key, bytes] of puts) {
        if (bytes === null) overlay.delete(key);
        else overlay.put(key, bytes);
        model.set(key, bytes);
      }
      const keys = [...overlay.writes().keys()];
      assert.deepEqual(new Set(keys), new Set(model.keys()));
      for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1] < keys[i], `${keys[i - 1]} before ${keys[i]}`);
      for (const [key, bytes] of overlay.writes()) assert.deepEqual(bytes, model.get(key));
    }),
    { numRuns: 300 },
  );
});
