/**
 * State sync (spec/node.md §State sync): a snapshot of the state at a committed height H, received in
 * chunks of entries sorted by key, checked chunk by chunk, then against a header H trusted by
 * following the validator set's hand-overs from genesis, and turned into the state and trie writes
 * that make a fresh store hold the state of H. Pure: no I/O; the node's state-sync client
 * (src/node/state-sync.ts) fetches, this decides. Every refusal is a value with a code.
 */
import { blockHash, type Block, type Commit, type Header } from './block.ts';
import { merkleRoot, merkleRootOf } from './merkle.ts';
import {
  SNAPSHOT_CHUNK_BYTES_MAX,
  SNAPSHOT_CHUNK_ENTRIES_MAX,
  SNAPSHOT_CHUNKS_MAX,
  SNAPSHOT_ENTRIES_MAX,
  SNAPSHOT_HANDOVERS_MAX,
  STATE_KEY_BYTES_MAX,
  STATE_VALUE_BYTES_MAX,
} from './limits.ts';
import { buildTrie, type TrieNodeWrites } from './state-trie.ts';
import { validatorsHash, type ChainValidator } from './validators.ts';
import { checkCommit } from './votes.ts';
import { decode } from '../codec/cbor.ts';
import { toHex, utf8 } from '../crypto/hash.ts';
import { txIdOf, type Verifier } from '../ledger/tx.ts';
import type { StateWrites } from '../ledger/state.ts';
import { setKey } from '../ledger/validators/schedule.ts';
import { decodeValidatorSet } from '../ledger/validators/set.ts';

/**
 * Why a snapshot is refused, in the order the checks are made (spec/node.md §State sync). The first
 * group is the snapshot peer's fault (its offer or chunks), the second the block peer's (a header or
 * commit that does not verify), `state_root_mismatch` the snapshot peer's again (its entries do not
 * make the state a verified header commits to).
 */
export type StateSyncProblemCode =
  | 'bad_offer'
  | 'unexpected_chunk'
  | 'chunk_too_large'
  | 'bad_entry'
  | 'unsorted_entries'
  | 'too_many_entries'
  | 'missing_chunk'
  | 'wrong_entry_count'
  | 'wrong_block'
  | 'wrong_validators'
  | 'bad_commit'
  | 'unknown_validator_set'
  | 'tx_root_mismatch'
  | 'state_root_mismatch';

export interface StateSyncProblem {
  readonly code: StateSyncProblemCode;
  readonly message: string;
  /** The block a refusal of `checkBase` is about, so the peer that served it can be blamed. */
  readonly height?: number;
}

function problem(code: StateSyncProblemCode, message: string, height?: number): StateSyncProblem {
  return height === undefined ? { code, message } : { code, message, height };
}

export interface StateEntry {
  key: string;
  value: Uint8Array;
}

/**
 * What a peer offers: the state after block `height`, in `chunks` chunks holding `entries` entries,
 * and the heights of the hand-over blocks before it (for a set that starts at s, block s − 1, whose
 * `nextValidatorsHash` names it), ascending.
 */
export interface SnapshotOffer {
  height: number;
  chunks: number;
  entries: number;
  handOvers: number[];
}

export interface SnapshotChunk {
  height: number;
  index: number;
  entries: StateEntry[];
}

/** UTF-8 byte order, which is LMDB's order of the store's string keys. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8(a);
  const y = utf8(b);
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The bytes an entry counts for against SNAPSHOT_CHUNK_BYTES_MAX. */
export function entryBytes(key: string, value: Uint8Array): number {
  return utf8(key).length + value.length;
}

/** An offer within the bounds, for a height above `tip` (the syncing node's, 0 for a fresh one). */
export function checkOffer(offer: SnapshotOffer, tip: number): StateSyncProblem | null {
  if (!Number.isSafeInteger(offer.height) || offer.height <= tip) return problem('bad_offer', `a snapshot at height ${offer.height} is not above ours (${tip})`);
  if (!Number.isSafeInteger(offer.chunks) || offer.chunks < 1 || offer.chunks > SNAPSHOT_CHUNKS_MAX) return problem('bad_offer', `${offer.chunks} chunks: 1 to ${SNAPSHOT_CHUNKS_MAX}`);
  if (!Number.isSafeInteger(offer.entries) || offer.entries < offer.chunks || offer.entries > SNAPSHOT_ENTRIES_MAX) return problem('bad_offer', `${offer.entries} entries in ${offer.chunks} chunks (at most ${SNAPSHOT_ENTRIES_MAX})`);
  if (offer.handOvers.length > SNAPSHOT_HANDOVERS_MAX) return problem('bad_offer', `${offer.handOvers.length} hand-overs, at most ${SNAPSHOT_HANDOVERS_MAX}`);
  for (let i = 0; i < offer.handOvers.length; i++) {
    const height = offer.handOvers[i];
    if (!Number.isSafeInteger(height) || height < 1 || height >= offer.height || (i > 0 && height <= offer.handOvers[i - 1])) {
      return problem('bad_offer', 'hand-over heights must ascend, each from 1 to below the snapshot height');
    }
  }
  return null;
}

/**
 * Collects the chunks of one offer, in order, each checked when it arrives: the offer's height and
 * the next index; 1 to SNAPSHOT_CHUNK_ENTRIES_MAX entries of at most SNAPSHOT_CHUNK_BYTES_MAX bytes
 * (one larger entry may travel alone); keys and values within their bounds; keys strictly ascending
 * across chunks, so chunks are contiguous ranges and no key comes twice; no more entries than offered.
 */
export class SnapshotAssembler {
  readonly offer: SnapshotOffer;
  private readonly received: StateEntry[] = [];
  private nextIndex = 0;
  private lastKey: string | null = null;

  constructor(offer: SnapshotOffer) {
    this.offer = offer;
  }

  get chunksReceived(): number {
    return this.nextIndex;
  }

  add(chunk: SnapshotChunk): StateSyncProblem | null {
    if (chunk.height !== this.offer.height || chunk.index !== this.nextIndex) {
      return problem('unexpected_chunk', `chunk ${chunk.index} of height ${chunk.height}; expected chunk ${this.nextIndex} of height ${this.offer.height}`);
    }
    if (chunk.index >= this.offer.chunks) return problem('unexpected_chunk', `chunk ${chunk.index} of an offer of ${this.offer.chunks}`);
    const { entries } = chunk;
    if (entries.length < 1 || entries.length > SNAPSHOT_CHUNK_ENTRIES_MAX) return problem('chunk_too_large', `${entries.length} entries, 1 to ${SNAPSHOT_CHUNK_ENTRIES_MAX}`);
    let bytes = 0;
    let last = this.lastKey;
    for (const { key, value } of entries) {
      const keyBytes = utf8(key).length;
      if (keyBytes < 1 || keyBytes > STATE_KEY_BYTES_MAX || value.length < 1 || value.length > STATE_VALUE_BYTES_MAX) return problem('bad_entry', `entry ${JSON.stringify(key.slice(0, 64))} is out of bounds`);
      bytes += keyBytes + value.length;
      if (last !== null && compareKeys(last, key) >= 0) return problem('unsorted_entries', `key ${JSON.stringify(key.slice(0, 64))} does not follow ${JSON.stringify(last.slice(0, 64))}`);
      last = key;
    }
    if (bytes > SNAPSHOT_CHUNK_BYTES_MAX && entries.length > 1) return problem('chunk_too_large', `${bytes} bytes of entries, at most ${SNAPSHOT_CHUNK_BYTES_MAX}`);
    if (this.received.length + entries.length > this.offer.entries) return problem('too_many_entries', `more than the ${this.offer.entries} entries offered`);
    for (const entry of entries) this.received.push(entry);
    this.lastKey = last;
    this.nextIndex++;
    return null;
  }

  /** Every chunk and entry offered arrived; then the entries, in key order. */
  complete(): StateEntry[] | StateSyncProblem {
    if (this.nextIndex < this.offer.chunks) return problem('missing_chunk', `${this.nextIndex} of ${this.offer.chunks} chunks received`);
    if (this.received.length !== this.offer.entries) return problem('wrong_entry_count', `${this.received.length} entries, ${this.offer.entries} offered`);
    return this.received;
  }
}

/** The set stored under `hash` in (untrusted) entries, if its bytes decode and hash to `hash`. */
function setFromEntries(entries: ReadonlyMap<string, Uint8Array>, hash: string): ChainValidator[] | undefined {
  const bytes = entries.get(setKey(hash));
  if (bytes === undefined) return undefined;
  try {
    const set = decodeValidatorSet(decode(bytes));
    return validatorsHash(set) === hash ? set : undefined;
  } catch {
    return undefined;
  }
}

/** The validator-set entries of a snapshot, by key: where the hand-over check finds each set. */
export function validatorSetEntries(entries: readonly StateEntry[]): Map<string, Uint8Array> {
  const prefix = setKey('');
  return new Map(entries.filter((entry) => entry.key.startsWith(prefix)).map((entry) => [entry.key, entry.value]));
}

export interface BaseCheckInput {
  chainId: string;
  /** The genesis set: the one set trusted without a commit. */
  genesisValidators: ChainValidator[];
  /** The offer's hand-over blocks with their commits, in the offer's order. */
  handOvers: { block: Block; commit: Commit }[];
  /** Block H with its commit. */
  base: { block: Block; commit: Commit };
  /** `validators/set/<hash>` entries of the snapshot; a set is used only if its bytes hash to the name. */
  sets: ReadonlyMap<string, Uint8Array>;
  verify: Verifier;
}

/** A header signed by the set trusted at its height: its chain, its validatorsHash, its commit. */
function checkSignedHeader(chainId: string, header: Header, commit: Commit, trusted: { hash: string; validators: ChainValidator[] }, verify: Verifier): StateSyncProblem | null {
  if (header.chainId !== chainId) return problem('wrong_block', `block ${header.height} is of chain ${header.chainId}`, header.height);
  if (header.validatorsHash !== trusted.hash) return problem('wrong_validators', `block ${header.height} names validator set ${header.validatorsHash}; the hand-overs lead to ${trusted.hash}`, header.height);
  const reason = checkCommit(commit, chainId, header.height, blockHash(header), trusted.validators, verify);
  return reason === null ? null : problem('bad_commit', `block ${header.height}: ${reason}`, header.height);
}

/**
 * Header H is trusted when a chain of commits leads to it from genesis (spec/node.md §State sync):
 * start with the genesis set; each hand-over block must name the trusted set and carry a commit of
 * more than 2/3 of its power, and then its `nextValidatorsHash` is trusted; block H must name the set
 * trusted last and carry such a commit. A hand-over left out is caught at the next block, which names
 * a set other than the trusted one (unless the set came back to it: then the commit checked is by the
 * very set that signs H). Block H's txs and evidence must also make its header's roots, since the node
 * stores and serves it.
 */
export function checkBase(input: BaseCheckInput): StateSyncProblem | null {
  let trusted = { hash: validatorsHash(input.genesisValidators), validators: input.genesisValidators };
  const height = input.base.block.header.height;
  let previous = 0;
  for (const { block, commit } of input.handOvers) {
    const { header } = block;
    if (header.height <= previous || header.height >= height) return problem('wrong_block', `hand-over block ${header.height} is out of order`, header.height);
    previous = header.height;
    const refused = checkSignedHeader(input.chainId, header, commit, trusted, input.verify);
    if (refused !== null) return refused;
    const next = header.nextValidatorsHash === trusted.hash ? trusted.validators : setFromEntries(input.sets, header.nextValidatorsHash);
    if (next === undefined) return problem('unknown_validator_set', `validator set ${header.nextValidatorsHash} (named by block ${header.height}) is not in the snapshot`);
    trusted = { hash: header.nextValidatorsHash, validators: next };
  }
  const { block, commit } = input.base;
  const refused = checkSignedHeader(input.chainId, block.header, commit, trusted, input.verify);
  if (refused !== null) return refused;
  const txRoot = toHex(merkleRoot(block.txs.map(txIdOf)));
  const evidenceRoot = toHex(merkleRootOf(block.evidence));
  if (txRoot !== block.header.txRoot || block.txs.length !== block.header.txCount || evidenceRoot !== block.header.evidenceRoot) {
    return problem('tx_root_mismatch', `block ${height}'s txs or evidence do not make its header's roots`, height);
  }
  return null;
}

/** What makes a store that holds `existing` entries (genesis) hold the snapshot: state writes, trie writes, root. */
export interface SnapshotWrites {
  stateWrites: StateWrites;
  trieWrites: TrieNodeWrites;
  stateRoot: string;
}

/**
 * The state and trie writes that turn the store's state (its entries `existing`, whose trie it holds)
 * into the snapshot's, and the root that results; refused unless that root is `stateRoot`, the root of
 * header H. The trie is rebuilt from the entries (`buildTrie`), not taken from the peer: its shape is a
 * function of the key set alone (spec/chain.md §4). The old trie's nodes at paths the new one leaves
 * empty are deleted, so no stale node is left for a later TrieUpdate to load.
 */
export function snapshotWrites(entries: readonly StateEntry[], existing: readonly StateEntry[], stateRoot: string): SnapshotWrites | StateSyncProblem {
  const built = buildTrie(entries);
  const computed = toHex(built.root);
  if (computed !== stateRoot) return problem('state_root_mismatch', `the entries make state root ${computed}; header says ${stateRoot}`);
  const stateWrites: StateWrites = new Map();
  for (const { key } of existing) stateWrites.set(key, null);
  for (const { key, value } of entries) stateWrites.set(key, value);
  const trieWrites: TrieNodeWrites = new Map(built.nodes);
  for (const path of buildTrie(existing).nodes.keys()) if (!built.nodes.has(path)) trieWrites.set(path, null);
  return { stateWrites, trieWrites, stateRoot: computed };
}

/**
 * The server's side: the first key of each chunk, from the state's entries in key order (their key
 * and value sizes). A chunk closes at SNAPSHOT_CHUNK_ENTRIES_MAX entries or before the entry that
 * would take it past SNAPSHOT_CHUNK_BYTES_MAX bytes; an entry larger than that is a chunk alone.
 */
export function chunkStarts(entries: Iterable<{ key: string; bytes: number }>, entriesMax = SNAPSHOT_CHUNK_ENTRIES_MAX): { starts: string[]; entries: number } {
  const starts: string[] = [];
  let count = 0;
  let inChunk = 0;
  let bytes = 0;
  for (const entry of entries) {
    if (inChunk === 0 || inChunk === entriesMax || bytes + entry.bytes > SNAPSHOT_CHUNK_BYTES_MAX) {
      starts.push(entry.key);
      inChunk = 0;
      bytes = 0;
    }
    inChunk++;
    bytes += entry.bytes;
    count++;
  }
  return { starts, entries: count };
}
