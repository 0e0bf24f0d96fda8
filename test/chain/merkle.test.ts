// The tx root (src/chain/merkle.ts): RFC 6962 §2.1 Merkle Tree Hash over tx ids, checked against the
// committed vectors (test/codec/vectors/encoding.json) and an independent implementation of the RFC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { merklePath, merkleRoot, merkleRootOf, merkleTree, verifyMerklePath } from '../../src/chain/merkle.ts';
import { concat, fromHex, sha256, sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';

interface MerkleVector {
  ids: string[];
  root: string;
}
const vectors = (JSON.parse(readFileSync(new URL('../codec/vectors/encoding.json', import.meta.url), 'utf8')) as { objects: { merkle: MerkleVector[] } }).objects.merkle;

const H = (...parts: Uint8Array[]): Uint8Array => sha256(concat(...parts));
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);
const leaf = (id: string): Uint8Array => H(LEAF, fromHex(id));
const node = (left: Uint8Array, right: Uint8Array): Uint8Array => H(NODE, left, right);

/** RFC 6962 §2.1, written from the RFC: MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two < n. */
function referenceRoot(ids: string[]): Uint8Array {
  if (ids.length === 0) return sha256(new Uint8Array(0));
  if (ids.length === 1) return leaf(ids[0]);
  let k = 1;
  while (k << 1 < ids.length) k <<= 1;
  return node(referenceRoot(ids.slice(0, k)), referenceRoot(ids.slice(k)));
}

test('the vectors cover 0, 1, 2, 3 and 5 leaves', () => {
  assert.deepEqual(
    vectors.map((v) => v.ids.length),
    [0, 1, 2, 3, 5],
  );
});

for (const vector of vectors) {
  test(`merkle vector of ${vector.ids.length} leaves`, () => {
    assert.equal(toHex(merkleRoot(vector.ids)), vector.root);
    assert.equal(toHex(referenceRoot(vector.ids)), vector.root);
  });
}

test('the tree structure of each vector, spelled out', () => {
  const [, , , , five] = vectors;
  const [a, b, c, d, e] = five.ids;
  assert.deepEqual(five.ids, [0, 1, 2, 3, 4].map((i) => sha256Hex(utf8(`tx${i}`))));
  const roots = new Map(vectors.map((v) => [v.ids.length, v.root]));
  assert.equal(roots.get(0), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'empty tree: SHA-256 of nothing');
  assert.equal(roots.get(1), toHex(leaf(a)), 'one leaf: H(0x00 ‖ id)');
  assert.equal(roots.get(2), toHex(node(leaf(a), leaf(b))));
  assert.equal(roots.get(3), toHex(node(node(leaf(a), leaf(b)), leaf(c))), 'split at 2: the left subtree is full');
  assert.equal(roots.get(5), toHex(node(node(node(leaf(a), leaf(b)), node(leaf(c), leaf(d))), leaf(e))), 'split at 4');
});

test('a leaf cannot pass for a node: a one-leaf tree over the bytes of two child hashes has another root', () => {
  const [a, b] = vectors[2].ids;
  const forged = toHex(concat(leaf(a), leaf(b)));
  assert.notEqual(toHex(merkleRoot([forged])), toHex(merkleRoot([a, b])));
});

test('property: merkleRoot equals the RFC 6962 reference for 0 to 40 random ids, and depends on their order', () => {
  const id = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex);
  fc.assert(
    fc.property(fc.array(id, { maxLength: 40 }), (ids) => {
      assert.equal(toHex(merkleRoot(ids)), toHex(referenceRoot(ids)));
      if (ids.length >= 2 && ids[0] !== ids[1]) {
        const swapped = [ids[1], ids[0], ...ids.slice(2)];
        assert.notEqual(toHex(merkleRoot(swapped)), toHex(merkleRoot(ids)));
      }
    }),
    { numRuns: 200 },
  );
});

test('audit paths: every leaf of trees of 1 to 40 leaves proves against the root, and only there', () => {
  const id = fc.uint8Array({ minLength: 32, maxLength: 32 });
  fc.assert(
    fc.property(fc.array(id, { minLength: 1, maxLength: 40 }), fc.nat(), (leaves, pick) => {
      const root = merkleRootOf(leaves);
      for (let i = 0; i < leaves.length; i++) {
        const path = merklePath(leaves, i);
        assert.ok(path.length <= Math.ceil(Math.log2(leaves.length)), `path of leaf ${i} is ${path.length} hashes`);
        assert.ok(verifyMerklePath(leaves[i], i, leaves.length, path, root), `leaf ${i} of ${leaves.length}`);
      }
      const i = pick % leaves.length;
      const path = merklePath(leaves, i);
      const other = Uint8Array.from(leaves[i]);
      other[0] ^= 1;
      assert.equal(verifyMerklePath(other, i, leaves.length, path, root), false, 'other data');
      assert.equal(verifyMerklePath(leaves[i], leaves.length, leaves.length, path, root), false, 'an index outside the tree');
      assert.equal(verifyMerklePath(leaves[i], i, leaves.length, [...path, root], root), false, 'a path one hash too long');
      if (path.length > 0) {
        assert.equal(verifyMerklePath(leaves[i], i, leaves.length, path.slice(1), root), false, 'a path one hash too short');
        const bent = path.map((p) => Uint8Array.from(p));
        bent[bent.length - 1][31] ^= 1;
        assert.equal(verifyMerklePath(leaves[i], i, leaves.length, bent, root), false, 'an edited sibling');
      }
      if (leaves.length >= 2 && toHex(leaves[0]) !== toHex(leaves[1])) {
        assert.equal(verifyMerklePath(leaves[0], 1, leaves.length, merklePath(leaves, 0), root), false, 'the right data at another index');
      }
    }),
    { numRuns: 150 },
  );
});

test('audit path of leaf 2 of 5 by hand: [H(d3), H(d0,d1), leaf 4]', () => {
  const leaves = [0, 1, 2, 3, 4].map((i) => sha256(utf8(`tx${i}`)));
  const ids = leaves.map(toHex);
  assert.deepEqual(merklePath(leaves, 2).map(toHex), [leaf(ids[3]), node(leaf(ids[0]), leaf(ids[1])), leaf(ids[4])].map(toHex));
  assert.deepEqual(merklePath(leaves, 4).map(toHex), [node(node(leaf(ids[0]), leaf(ids[1])), node(leaf(ids[2]), leaf(ids[3])))].map(toHex));
});

test('a tree built once gives the root and every audit path that merklePath gives (sizes 1 to 130)', () => {
  for (let size = 1; size <= 130; size++) {
    const leaves = Array.from({ length: size }, (_, i) => new Uint8Array([i & 0xff, i >> 8, size]));
    const tree = merkleTree(leaves);
    assert.deepEqual(tree.root, merkleRootOf(leaves), `root of ${size}`);
    for (let index = 0; index < size; index++) {
      const path = tree.path(index);
      assert.deepEqual(path, merklePath(leaves, index), `path ${index} of ${size}`);
      assert.ok(verifyMerklePath(leaves[index], index, size, path, tree.root));
    }
  }
  assert.deepEqual(merkleTree([]).root, merkleRootOf([]));
  assert.throws(() => merkleTree([new Uint8Array(1)]).path(1), RangeError);
});
