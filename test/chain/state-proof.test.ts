// Inclusion proofs of the state trie (src/chain/state-proof.ts, spec/chain.md §4): every key of random
// states proves its value under the root; another value, another key, another root, a dropped or an
// edited sibling do not; a key that is absent has no proof.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stateProof, verifyStateProof } from '../../src/chain/state-proof.ts';
import { TrieUpdate, type TrieNodeWrites } from '../../src/chain/state-trie.ts';
import { utf8 } from '../../src/crypto/hash.ts';

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

function build(entries: Map<string, Uint8Array>): { trie: MemoryTrie; root: Uint8Array } {
  const trie = new MemoryTrie();
  const update = new TrieUpdate(trie);
  update.applyWrites(new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1))));
  const { root, writes } = update.finish();
  trie.apply(writes);
  return { trie, root };
}

test('property: every key proves its value, and nothing else passes', () => {
  const entries = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.uint8Array({ maxLength: 8 })), { minLength: 1, maxLength: 60, selector: ([key]) => key });
  fc.assert(
    fc.property(entries, fc.string({ minLength: 13, maxLength: 14 }), (list, absent) => {
      const state = new Map(list);
      const { trie, root } = build(state);
      for (const [key, value] of state) {
        const proof = stateProof(trie, key);
        assert.ok(proof !== undefined, `a proof of ${JSON.stringify(key)}`);
        assert.ok(verifyStateProof(key, value, proof, root), `the proof of ${JSON.stringify(key)} verifies`);
        assert.equal(verifyStateProof(key, Uint8Array.of(...value, 1), proof, root), false, 'another value');
        assert.equal(verifyStateProof(`${key}x`, value, proof, root), false, 'another key');
        if (proof.length > 0) {
          assert.equal(verifyStateProof(key, value, proof.slice(1), root), false, 'a dropped sibling');
          const bent = proof.map((s) => Uint8Array.from(s));
          bent[0][0] ^= 1;
          assert.equal(verifyStateProof(key, value, bent, root), false, 'an edited sibling');
        }
        const other = Uint8Array.from(root);
        other[31] ^= 1;
        assert.equal(verifyStateProof(key, value, proof, other), false, 'another root');
      }
      assert.equal(stateProof(trie, absent), undefined, 'an absent key has no proof');
    }),
    { numRuns: 100 },
  );
});

test('a one-key state: the proof is empty and the root is the leaf hash', () => {
  const { trie, root } = build(new Map([['acct/x', utf8('v')]]));
  assert.deepEqual(stateProof(trie, 'acct/x'), []);
  assert.ok(verifyStateProof('acct/x', utf8('v'), [], root));
});
