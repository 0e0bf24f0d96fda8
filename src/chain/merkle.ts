import { sha256, concat, fromHex } from '../crypto/hash.ts';

/**
 * The tx root: a Merkle tree over tx ids in block order, with RFC 6962 §2.1 hashing (leaf = H(0x00 ‖ id),
 * node = H(0x01 ‖ left ‖ right), the split at the largest power of two below n), so that a proof of one
 * tx is log2(n) hashes and a leaf can never pass for a node.
 */
const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

export function merkleRoot(txIds: string[]): Uint8Array {
  if (txIds.length === 0) return sha256(new Uint8Array(0));
  return subtreeRoot(txIds.map((id) => sha256(concat(LEAF, fromHex(id)))));
}

function subtreeRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0];
  const split = largestPowerOfTwoBelow(leaves.length);
  return sha256(concat(NODE, subtreeRoot(leaves.slice(0, split)), subtreeRoot(leaves.slice(split))));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
