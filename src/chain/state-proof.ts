import { bytesEqual, concat, sha256, utf8 } from '../crypto/hash.ts';
import type { TrieNodeReader } from './state-trie.ts';

/**
 * Inclusion proofs of the state trie (spec/chain.md §4): that a key has a value under a state root.
 * The proof is the sibling hashes on the way from the root down to the key's leaf, top first; the
 * leaf stands at depth = the number of siblings, on the path given by the first bits of SHA-256(key).
 * Browser-safe: provenance reports carry these proofs and the SDK checks them.
 *
 *   leaf   = 0x00 ‖ SHA-256(key) ‖ SHA-256(value)
 *   branch = 0x01 ‖ hash(left) ‖ hash(right)        (the side the key's bit names holds the path)
 */
const LEAF_TAG = Uint8Array.of(0);
const BRANCH_TAG = Uint8Array.of(1);
/** A key hash has 256 bits: no leaf stands deeper. */
export const STATE_PROOF_DEPTH_MAX = 256;

function bitOf(hash: Uint8Array, index: number): 0 | 1 {
  return ((hash[index >> 3] >> (7 - (index & 7))) & 1) as 0 | 1;
}

/** The proof of `key` in the committed trie, or undefined when the key has no leaf. */
export function stateProof(reader: TrieNodeReader, key: string): Uint8Array[] | undefined {
  const keyHash = sha256(utf8(key));
  const siblings: Uint8Array[] = [];
  let path = '';
  for (;;) {
    const node = reader.getNode(path);
    if (node === undefined) return undefined;
    if (node[0] === 0) return bytesEqual(node.subarray(1, 33), keyHash) ? siblings : undefined;
    const bit = bitOf(keyHash, path.length);
    siblings.push(bit === 0 ? node.slice(33, 65) : node.slice(1, 33));
    path += String(bit);
  }
}

/** Whether `siblings` prove that `key` has `value` under `root`. */
export function verifyStateProof(key: string, value: Uint8Array, siblings: Uint8Array[], root: Uint8Array): boolean {
  if (siblings.length > STATE_PROOF_DEPTH_MAX || siblings.some((s) => s.length !== 32)) return false;
  const keyHash = sha256(utf8(key));
  let hash = sha256(concat(LEAF_TAG, keyHash, sha256(value)));
  for (let depth = siblings.length - 1; depth >= 0; depth--) {
    hash = bitOf(keyHash, depth) === 0 ? sha256(concat(BRANCH_TAG, hash, siblings[depth])) : sha256(concat(BRANCH_TAG, siblings[depth], hash));
  }
  return bytesEqual(hash, root);
}
