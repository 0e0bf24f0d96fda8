import { sha256, sha256Into, utf8 } from '../crypto/hash.ts';
import type { StateWrites } from '../ledger/state.ts';

/**
 * The state commitment: a binary Merkle trie over SHA-256(key), with each leaf placed at the
 * shortest path that sets it apart from every other key (spec/chain.md §State commitment). The shape
 * is a function of the key set alone, so every node computes the same root whatever the order of
 * writes. A block touches only the paths of the keys it writes: O(k · log n) hashes, not O(n).
 *
 *   leaf   = 0x00 ‖ SHA-256(key) ‖ SHA-256(value)      hash = SHA-256(leaf)
 *   branch = 0x01 ‖ hash(left)   ‖ hash(right)         hash = SHA-256(branch), empty child = 32 zeros
 *
 * Nodes are stored by path: a string of '0'/'1', '' for the root.
 */
export const EMPTY_HASH = new Uint8Array(32);

export interface TrieNodeReader {
  getNode(path: string): Uint8Array | undefined;
}

export type TrieNodeWrites = Map<string, Uint8Array | null>;

/** A leaf of buildTrie's input: its key's hash and its value's hash. */
interface Leaf {
  keyHash: Uint8Array;
  valueHash: Uint8Array;
}

/**
 * SHA-256(key) by key, kept across blocks: the keys a chain writes repeat from block to block (the
 * same accounts and balances), and each hash costs a UTF-8 encoding and a digest. Cleared whole when
 * full, a bound on memory (STYLE.md rule 6); a function of the key alone, so roots cannot change.
 */
const KEY_HASHES_MAX = 1 << 16;
const keyHashes = new Map<string, Uint8Array>();

function keyHashOf(key: string): Uint8Array {
  let hash = keyHashes.get(key);
  if (hash === undefined) {
    if (keyHashes.size >= KEY_HASHES_MAX) keyHashes.clear();
    hash = sha256(utf8(key));
    keyHashes.set(key, hash);
  }
  return hash;
}

/** Bit `index` of a hash at `offset` in `bytes`, most significant first: 0 or 1. */
function bitOf(bytes: Uint8Array, offset: number, index: number): number {
  return (bytes[offset + (index >> 3)] >> (7 - (index & 7))) & 1;
}

/** Whether the 32 bytes at `offset` in `bytes` are all zero: an empty side of a branch. */
function isEmptyAt(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 32; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Whether the leaf encoded in `encoded` is the leaf of the key whose hash is `keyHash`. */
function isLeafOf(encoded: Uint8Array, keyHash: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (encoded[1 + i] !== keyHash[i]) return false;
  return true;
}

/**
 * Node encodings are cut from slabs of NODE_SLAB_NODES × 65 bytes: a typed array over 64 bytes gets
 * its own off-heap buffer, and `new Uint8Array(65)` took 0.75 µs where a view into a slab takes 0.04
 * (measured, Node 20.20) — for ~4,000 nodes a block in the replay. A slab lives as long as any of its
 * nodes does (the store's write queue and LocalChain's recent writes hold them), so slabs are kept
 * small: at worst 16 × 65 bytes held for one node.
 */
const NODE_SLAB_NODES = 16;

class NodeSlabs {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  /** 65 zero bytes, never handed out twice. */
  next(): Uint8Array {
    if (this.used === this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(65 * NODE_SLAB_NODES);
      this.used = 0;
    }
    const bytes = new Uint8Array(this.buffer, this.used, 65);
    this.used += 65;
    return bytes;
  }
}

/**
 * A node as one TrieUpdate sees it: read from the store, or made by the update. The update holds the
 * part of the trie it walked as linked nodes, so a walk down follows fields instead of looking each
 * path up in a map, and the store is read once per node per block.
 */
class TrieNode {
  /** Where the node stands: its store key (a node moves when a leaf is split off or collapsed up). */
  path: string;
  readonly leaf: boolean;
  /**
   * Its 65 bytes as stored, or, for a leaf made by a put, as it will be stored. For a branch these
   * are the bytes it was read with (null if made by this update): the hash of a child that did not
   * change is copied from them. Never written to: the array may be the store's or a past block's.
   */
  encoded: Uint8Array | null;
  /** A branch's children: undefined until read, null for an empty side. */
  left: TrieNode | null | undefined = undefined;
  right: TrieNode | null | undefined = undefined;
  /** Changed or moved by this update: rehashed and written by finish(). */
  dirty = false;

  constructor(path: string, leaf: boolean, encoded: Uint8Array | null) {
    this.path = path;
    this.leaf = leaf;
    this.encoded = encoded;
  }
}

/**
 * One batch of updates against a stored trie: read lazily, change, then rehash each changed node once,
 * children before parents (spec/chain.md §4).
 *
 * Issue 13 (bench/replay.ts, 20 blocks of 1,000 transfers: ~2,000 of ~2,300 keys written a block,
 * so most of the trie is rehashed each block). The version before kept nodes in a Map by path — a
 * path string and a lookup per level of each key's walk, a read of every empty side — sorted the
 * changed paths by depth to rehash them, and gave every encoding and digest an off-heap array. With
 * linked nodes, slabs and digests written into the parent (sha256Into), a block of 2,000 writes over
 * ~2,300 keys in memory went from 15.4 to ~5 ms, and in the profiled replay the trie from 626 to
 * 201 ms, garbage collection from 729 to 249 ms (the commit that made it has the figures).
 */
export class TrieUpdate {
  private readonly reader: TrieNodeReader;
  /** The root: undefined until read, null for the empty trie. */
  private root: TrieNode | null | undefined = undefined;
  /** Paths whose node went away (deleted, or moved up by a collapse); finish() writes them as null unless a node took its place. */
  private readonly removed: string[] = [];
  /** The walk of the last delete, root first: reused, not allocated per key. */
  private readonly walk: TrieNode[] = [];
  private readonly slabs = new NodeSlabs();

  constructor(reader: TrieNodeReader) {
    this.reader = reader;
  }

  private load(path: string): TrieNode | null {
    const bytes = this.reader.getNode(path);
    return bytes === undefined ? null : new TrieNode(path, bytes[0] === 0, bytes);
  }

  private rootNode(): TrieNode | null {
    if (this.root === undefined) this.root = this.load('');
    return this.root;
  }

  /** A branch's child on side `bit`, read when first needed; an all-zero child hash is an empty side, not read. */
  private child(branch: TrieNode, bit: number): TrieNode | null {
    const known = bit === 0 ? branch.left : branch.right;
    if (known !== undefined) return known;
    const stored = branch.encoded as Uint8Array; // a branch made by this update has both sides set
    const child = isEmptyAt(stored, 1 + 32 * bit) ? null : this.load(branch.path + (bit === 0 ? '0' : '1'));
    if (bit === 0) branch.left = child;
    else branch.right = child;
    return child;
  }

  /** Puts `node` where `parent`'s side `bit` was, or at the root when there is no parent. */
  private replace(parent: TrieNode | null, bit: number, node: TrieNode | null): void {
    if (parent === null) this.root = node;
    else if (bit === 0) parent.left = node;
    else parent.right = node;
  }

  put(key: string, value: Uint8Array): void {
    const keyHash = keyHashOf(key);
    const encoded = this.slabs.next();
    encoded.set(keyHash, 1);
    sha256Into(value, encoded, 33);
    let parent: TrieNode | null = null;
    let node = this.rootNode();
    for (let depth = 0; ; depth++) {
      if (depth > 256) throw new Error(`the stored trie is deeper than 256 bits below ${parent?.path.slice(0, 16)}…`);
      const bit = parent === null ? 0 : bitOf(keyHash, 0, depth - 1);
      if (node === null) return this.replace(parent, bit, this.dirtyLeaf(parent === null ? '' : parent.path + (bit === 0 ? '0' : '1'), encoded));
      if (node.leaf) {
        if (isLeafOf(node.encoded as Uint8Array, keyHash)) return this.replace(parent, bit, this.dirtyLeaf(node.path, encoded));
        return this.replace(parent, bit, this.split(node, depth, keyHash, encoded));
      }
      node.dirty = true; // every branch on the way is rehashed
      parent = node;
      node = this.child(node, bitOf(keyHash, 0, depth));
    }
  }

  private dirtyLeaf(path: string, encoded: Uint8Array): TrieNode {
    const leaf = new TrieNode(path, true, encoded);
    leaf.dirty = true;
    return leaf;
  }

  /**
   * Two leaves share `existing`'s path at `depth`: branches along their common prefix, then one leaf
   * per side; returns the top branch, to stand where `existing` stood.
   */
  private split(existing: TrieNode, depth: number, keyHash: Uint8Array, encoded: Uint8Array): TrieNode {
    const existingHash = existing.encoded as Uint8Array; // its key hash is at offset 1
    const top = new TrieNode(existing.path, false, null);
    let branch = top;
    for (;;) {
      branch.dirty = true;
      const addedBit = bitOf(keyHash, 0, depth);
      const existingBit = bitOf(existingHash, 1, depth);
      const path = branch.path + (addedBit === 0 ? '0' : '1');
      if (addedBit === existingBit) {
        if (depth >= 255) throw new Error('two keys have the same SHA-256');
        const next = new TrieNode(path, false, null);
        if (addedBit === 0) [branch.left, branch.right] = [next, null];
        else [branch.left, branch.right] = [null, next];
        branch = next;
        depth++;
        continue;
      }
      existing.path = branch.path + (existingBit === 0 ? '0' : '1');
      existing.dirty = true;
      const added = this.dirtyLeaf(path, encoded);
      if (addedBit === 0) [branch.left, branch.right] = [added, existing];
      else [branch.left, branch.right] = [existing, added];
      return top;
    }
  }

  delete(key: string): void {
    const keyHash = keyHashOf(key);
    const walk = this.walk;
    walk.length = 0;
    let node = this.rootNode();
    for (let depth = 0; node !== null; depth++) {
      if (depth > 256) throw new Error(`the stored trie is deeper than 256 bits below ${node.path.slice(0, 16)}…`);
      if (node.leaf) {
        if (!isLeafOf(node.encoded as Uint8Array, keyHash)) return;
        for (const branch of walk) branch.dirty = true;
        this.removed.push(node.path);
        this.replace(walk.length === 0 ? null : walk[walk.length - 1], depth === 0 ? 0 : bitOf(keyHash, 0, depth - 1), null);
        return this.collapse(keyHash);
      }
      walk.push(node);
      node = this.child(node, bitOf(keyHash, 0, depth));
    }
  }

  /**
   * Keeps the shape canonical after a delete: from the deepest branch of the walk up, a branch whose
   * subtree holds a single leaf is replaced by that leaf (which moves up to its path).
   */
  private collapse(keyHash: Uint8Array): void {
    const walk = this.walk;
    for (let depth = walk.length - 1; depth >= 0; depth--) {
      const branch = walk[depth];
      const left = this.child(branch, 0);
      const right = this.child(branch, 1);
      const single = left === null ? right : right === null ? left : undefined;
      if (single === undefined || (single !== null && !single.leaf)) return;
      if (single !== null) {
        this.removed.push(single.path);
        single.path = branch.path;
        single.dirty = true;
      }
      this.replace(depth === 0 ? null : walk[depth - 1], depth === 0 ? 0 : bitOf(keyHash, 0, depth - 1), single);
    }
  }

  applyWrites(writes: StateWrites): void {
    for (const [key, value] of writes) {
      if (value === null) this.delete(key);
      else this.put(key, value);
    }
  }

  /** Rehashes every changed node, children first, and returns the new root and the node writes. */
  finish(): { root: Uint8Array; writes: TrieNodeWrites } {
    const writes: TrieNodeWrites = new Map();
    for (const path of this.removed) writes.set(path, null);
    const node = this.rootNode();
    if (node === null) return { root: EMPTY_HASH, writes };
    const root = new Uint8Array(32);
    if (node.dirty) this.rehashInto(node, writes, root, 0);
    else sha256Into(node.encoded as Uint8Array, root, 0);
    return { root, writes };
  }

  /**
   * Encodes a changed node (a branch anew, over its children's hashes), records its write and writes
   * its hash into `out` at `offset`: its parent's bytes, or the root.
   */
  private rehashInto(node: TrieNode, writes: TrieNodeWrites, out: Uint8Array, offset: number): void {
    if (!node.leaf) {
      const encoded = this.slabs.next();
      encoded[0] = 1;
      this.childHashInto(node, node.left, writes, encoded, 1);
      this.childHashInto(node, node.right, writes, encoded, 33);
      node.encoded = encoded;
    }
    const encoded = node.encoded as Uint8Array;
    writes.set(node.path, encoded);
    sha256Into(encoded, out, offset);
  }

  /** Writes the hash of `branch`'s child into `out` at `offset` (the child's side of the branch's new bytes); an empty side stays zeros. */
  private childHashInto(branch: TrieNode, child: TrieNode | null | undefined, writes: TrieNodeWrites, out: Uint8Array, offset: number): void {
    if (child === null) return;
    if (child !== undefined && child.dirty) return this.rehashInto(child, writes, out, offset);
    // Unchanged and in place: its hash is the one the branch was read with. (A branch made by this
    // update has only changed or empty children, but the fallback costs nothing.)
    const stored = branch.encoded;
    if (stored !== null) for (let i = offset; i < offset + 32; i++) out[i] = stored[i];
    else sha256Into((child as TrieNode).encoded as Uint8Array, out, offset);
  }
}

function compareHashes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The whole trie of a set of entries built at once (state sync, spec/node.md §State sync): every node
 * by path, and the root. The same trie TrieUpdate grows write by write — its shape is a function of
 * the key set alone (spec/chain.md §4) — built from the key hashes in order, without a read: each path
 * holding one key is its leaf, each holding more a branch over the keys whose next bit is 0 and 1 (an
 * empty side hashing to 32 zero bytes). Measured on 102,005 entries (bench/state-sync.ts): 15.0 s
 * through TrieUpdate against a genesis store, 3.5 s this way (loads differ; spec/node.md §State sync).
 */
export function buildTrie(entries: Iterable<{ key: string; value: Uint8Array }>): { root: Uint8Array; nodes: Map<string, Uint8Array> } {
  const leaves: Leaf[] = [];
  for (const { key, value } of entries) leaves.push({ keyHash: sha256(utf8(key)), valueHash: sha256(value) });
  leaves.sort((a, b) => compareHashes(a.keyHash, b.keyHash));
  const nodes = new Map<string, Uint8Array>();
  const root = leaves.length === 0 ? EMPTY_HASH : buildRange(leaves, 0, leaves.length, '', nodes);
  return { root, nodes };
}

/** The hash of the node at `path` over leaves[from, to), sorted by key hash; its nodes put in `nodes`. */
function buildRange(leaves: Leaf[], from: number, to: number, path: string, nodes: Map<string, Uint8Array>): Uint8Array {
  const encoded = new Uint8Array(65);
  if (to - from === 1) {
    const leaf = leaves[from];
    encoded.set(leaf.keyHash, 1);
    encoded.set(leaf.valueHash, 33);
  } else {
    if (path.length >= 256) throw new Error('two entries have the same key hash');
    // The first leaf whose bit at this depth is 1: the leaves are sorted, so a binary search finds it.
    let low = from;
    let high = to;
    while (low < high) {
      const probe = (low + high) >>> 1;
      if (bitOf(leaves[probe].keyHash, 0, path.length) === 0) low = probe + 1;
      else high = probe;
    }
    encoded[0] = 1;
    encoded.set(low > from ? buildRange(leaves, from, low, `${path}0`, nodes) : EMPTY_HASH, 1);
    encoded.set(low < to ? buildRange(leaves, low, to, `${path}1`, nodes) : EMPTY_HASH, 33);
  }
  nodes.set(path, encoded);
  return sha256(encoded);
}
