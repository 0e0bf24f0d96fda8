import assert from 'node:assert/strict';
import test from 'node:test';
import { sortedStrings } from '../../src/ledger/state.ts';

test('sortedStrings orders a set exactly as [...set].sort() does (addresses, prefixes, case, non-ASCII)', () => {
  const alphabet = ['a', 'b', 'A', 'z', '1', 'é', '😀', 'agora1', ''];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let round = 0; round < 2_000; round++) {
    const set = new Set<string>();
    const size = next() % 24;
    for (let i = 0; i < size; i++) {
      let value = '';
      for (let k = next() % 4; k >= 0; k--) value += alphabet[next() % alphabet.length];
      set.add(value);
    }
    assert.deepEqual(sortedStrings(set), [...set].sort());
  }
  assert.deepEqual(sortedStrings(new Set()), []);
});
