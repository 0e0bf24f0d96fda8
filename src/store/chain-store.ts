import { open, type Database, type RootDatabase } from 'lmdb';
import { encode, decode } from '../codec/cbor.ts';
import { STORE_FORMAT_VERSION } from '../chain/versions.ts';
import { encodeBlock, decodeBlock, encodeCommit, decodeCommit, blockHash, type Block, type Commit, type Header } from '../chain/block.ts';
import type { BlockExecution, ChainStateReader } from '../chain/execute.ts';
import { decodeReceipt, receiptBytes } from '../chain/receipts.ts';
import type { TrieNodeWrites } from '../chain/state-trie.ts';
import type { StateWrites } from '../ledger/state.ts';
import type { Receipt } from '../ledger/types.ts';
import { indexChanges, type StateIndexer } from './state-index.ts';

/**
 * The node's LMDB store (spec/store.md). Buckets are named sub-databases, never reused for another
 * meaning. A block, its state and trie writes, its indexes and the new height go in one transaction.
 */
export interface TxLocation {
  height: number;
  index: number;
}

export interface StoredBlock {
  block: Block;
  hash: string;
  commit: Commit;
}

export interface EvidenceVote {
  type: 'prevote' | 'precommit';
  height: number;
  round: number;
  blockHash: string | null;
  validator: string;
  signature: Uint8Array;
}

export interface EvidenceRecord {
  validator: string;
  height: number;
  round: number;
  type: 'prevote' | 'precommit';
  first: { blockHash: string | null; signature: string };
  second: { blockHash: string | null; signature: string };
}

/** A committed state frozen at one height (ChainStore.openStateSnapshot). */
export interface StateSnapshotReader {
  readonly height: number;
  /** Every entry's key and its key + value bytes, in key order. */
  sizes(): Iterable<{ key: string; bytes: number }>;
  /** Entries from `from` (inclusive) to `end` (exclusive; undefined: to the last) in key order, at most `limit`. */
  entries(from: string, end: string | undefined, limit: number): { key: string; value: Uint8Array }[];
  get(key: string): Uint8Array | undefined;
  close(): void;
}

export class ChainStore implements ChainStateReader {
  private readonly root: RootDatabase;
  private readonly meta: Database<string | number, string>;
  private readonly blocks: Database<Buffer, number>;
  private readonly commits: Database<Buffer, number>;
  private readonly blockHashes: Database<number, string>;
  private readonly txIndex: Database<[number, number], string>;
  private readonly receipts: Database<Uint8Array, string>;
  private readonly state: Database<Uint8Array, string>;
  private readonly trie: Database<Uint8Array, string>;
  private readonly addressTxs: Database<string, [string, number, number]>;
  private readonly evidence: Database<string, [number, number, string, string]>;
  private readonly evidencePending: Database<Buffer, string>;
  private readonly stateIndex: Database<string, string>;
  private readonly indexers: readonly StateIndexer[];

  /**
   * `readOnly` opens the environment for reading only: the provenance report worker
   * (src/node/report-worker.ts) reads the node's store from its own thread this way, which lmdb
   * allows in one process (threads share the environment; each read sees a committed snapshot).
   */
  constructor(path: string, options: { readOnly?: boolean; indexers?: readonly StateIndexer[] } = {}) {
    this.root = open({ path, compression: false, readOnly: options.readOnly ?? false });
    this.meta = this.root.openDB({ name: 'meta' });
    this.blocks = this.root.openDB({ name: 'blocks', encoding: 'binary', keyEncoding: 'uint32' });
    this.commits = this.root.openDB({ name: 'commits', encoding: 'binary', keyEncoding: 'uint32' });
    this.blockHashes = this.root.openDB({ name: 'block-hashes' });
    this.txIndex = this.root.openDB({ name: 'tx-index' });
    this.receipts = this.root.openDB({ name: 'receipts', encoding: 'binary' });
    this.state = this.root.openDB({ name: 'state', encoding: 'binary' });
    this.trie = this.root.openDB({ name: 'trie', encoding: 'binary' });
    this.addressTxs = this.root.openDB({ name: 'address-txs' });
    this.evidence = this.root.openDB({ name: 'evidence' });
    this.evidencePending = this.root.openDB({ name: 'evidence-pending', encoding: 'binary' });
    this.stateIndex = this.root.openDB({ name: 'state-index' });
    this.indexers = options.indexers ?? [];
  }

  get(key: string): Uint8Array | undefined {
    return this.state.get(key);
  }

  getNode(path: string): Uint8Array | undefined {
    return this.trie.get(`t${path}`);
  }

  /** The committed height; 0 before the first block (genesis state only), -1 before genesis. */
  height(): number {
    const height = this.meta.get('height');
    return typeof height === 'number' ? height : -1;
  }

  getMeta(key: string): string | number | undefined {
    return this.meta.get(key);
  }

  /** Writes the genesis state (height 0). */
  async initGenesis(genesisHash: string, genesisTimeMs: number, stateWrites: StateWrites, trieWrites: TrieNodeWrites, stateRoot: string): Promise<void> {
    this.writeState(stateWrites, trieWrites);
    this.meta.put('formatVersion', STORE_FORMAT_VERSION);
    this.meta.put('genesisHash', genesisHash);
    this.meta.put('lastHash', genesisHash);
    this.meta.put('lastTimeMs', genesisTimeMs);
    this.meta.put('stateRoot', stateRoot);
    await this.durable(this.meta.put('height', 0));
  }

  /**
   * Every write of the store is an asynchronous `put`/`remove` issued in one synchronous run: lmdb-js
   * commits all writes queued in one event turn in one transaction (its `eventTurnBatching`), on its
   * own write thread. Measured on 17,000 writes: 34 ms of main-thread time instead of 227 ms with
   * `transactionSync`, for the same time until durable. No `transactionSync` is used anywhere, since
   * one would split a pending batch (lmdb-js README, "Concurrency and ordering").
   */
  private async durable(last: Promise<boolean>): Promise<void> {
    await last;
    await this.root.flushed;
  }

  private writeState(stateWrites: StateWrites, trieWrites: TrieNodeWrites): void {
    for (const [key, bytes] of stateWrites) {
      // Read before the write is queued: a queued put is not visible to reads until its transaction commits.
      if (this.indexed(key)) this.writeIndex(key, bytes);
      if (bytes === null) this.state.remove(key);
      else this.state.put(key, bytes); // not copied: lmdb-js keeps the array until the write commits, and nothing changes it
    }
    for (const [path, bytes] of trieWrites) {
      if (bytes === null) this.trie.remove(`t${path}`);
      else this.trie.put(`t${path}`, bytes);
    }
  }

  /**
   * Brings the `state-index` bucket up to the indexers named `version` (spec/store.md): a store
   * written before them, or by other ones, is re-indexed from its state in one transaction, before the
   * node commits anything; a store already at `version` is left alone. Called once at open.
   */
  async ensureIndex(version: string): Promise<void> {
    if (this.meta.get('stateIndex') === version) return;
    for (const key of this.stateIndex.getKeys({})) this.stateIndex.remove(key);
    for (const indexer of this.indexers) {
      for (const { key, value } of this.state.getRange({ start: indexer.prefix, end: `${indexer.prefix}\uffff` })) {
        for (const entry of indexChanges([indexer], key, undefined, value).put) this.stateIndex.put(entry, '');
      }
    }
    await this.durable(this.meta.put('stateIndex', version));
  }

  /** Whether an indexer reads `key`: only then is its old value read back from LMDB (most writes are balances and accounts). */
  private indexed(key: string): boolean {
    for (const indexer of this.indexers) if (key.startsWith(indexer.prefix)) return true;
    return false;
  }

  /** The state-index entries `key`'s new value changes (spec/store.md, `state-index`), queued with the state write. */
  private writeIndex(key: string, bytes: Uint8Array | null): void {
    const { remove, put } = indexChanges(this.indexers, key, this.state.get(key), bytes ?? undefined);
    for (const entry of remove) this.stateIndex.remove(entry);
    for (const entry of put) this.stateIndex.put(entry, '');
  }

  /**
   * Index keys under `prefix` (bucket `state-index`), at most `limit`, in key order or, with
   * `reverse`, in reverse; with `after`, only those past `prefix + after` in that order (a page's cursor).
   */
  scanIndex(prefix: string, limit: number, after?: string, reverse = false): string[] {
    const end = `${prefix}\uffff`;
    const start = after === undefined ? (reverse ? end : prefix) : prefix + after;
    const found: string[] = [];
    for (const key of this.stateIndex.getKeys({ start, end: reverse ? prefix : end, reverse, limit: limit + 1 })) {
      if (after !== undefined && key === start) continue;
      if (found.length < limit) found.push(key);
    }
    return found;
  }

  /**
   * Commits a decided block in one LMDB transaction and resolves once it is durable on disk: only then
   * may the node report its txs as committed (DESIGN.md §Storage). Reads of this process see the block a
   * few ms earlier, from the moment lmdb's write thread commits it (spec/store.md, "What reads see meanwhile").
   */
  async commitBlock(block: Block, commit: Commit, execution: BlockExecution): Promise<void> {
    const height = block.header.height;
    if (this.height() !== height - 1) throw new Error(`store is at ${this.height()}, cannot commit ${height}`);
    const hash = blockHash(block.header);
    this.blocks.put(height, Buffer.from(encodeBlock(block)));
    this.commits.put(height, Buffer.from(encode(encodeCommit(commit))));
    this.blockHashes.put(hash, height);
    execution.receipts.forEach((receipt, index) => {
      this.txIndex.put(receipt.txId, [height, index]);
      this.receipts.put(receipt.txId, receiptBytes(receipt, execution.resultBytes[index]));
      // The addresses the ledger says the tx touched (spec/store.md §address-txs), not read from its events.
      for (const address of execution.touched[index]) this.addressTxs.put([address, height, index], receipt.txId);
    });
    this.writeState(execution.stateWrites, execution.trieWrites);
    // Committed evidence leaves the pending pool in the block's transaction (spec/store.md).
    for (const piece of execution.evidence) this.evidencePending.remove(piece.offence);
    this.meta.put('lastHash', hash);
    this.meta.put('lastTimeMs', block.header.timeMs);
    this.meta.put('stateRoot', execution.stateRoot);
    await this.durable(this.meta.put('height', height));
  }

  /**
   * lmdb-js ends the transaction of the writes queued in one event turn in a `setImmediate` callback
   * it schedules at the turn's first write (`eventTurnBatching`, lmdb-js write.js); until then its
   * write thread cannot commit them. A `setImmediate` scheduled after those writes runs after that
   * callback: by then the transaction is closed and being committed and flushed on lmdb's thread.
   */
  handOffWrites(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * State sync (spec/node.md §State sync): makes a store that holds only genesis (height 0) hold the
   * verified state of height H with block H and its commit as its base, in ONE transaction: the
   * state, trie and index writes, the block, and the meta (`baseHeight`, tip, root). After a crash the
   * store is at genesis or at H, never between. The entries were checked against header H's root.
   */
  async installSnapshot(block: Block, commit: Commit, stateWrites: StateWrites, trieWrites: TrieNodeWrites, stateRoot: string): Promise<void> {
    const height = block.header.height;
    if (this.height() !== 0) throw new Error(`state sync needs a store at genesis; this one is at ${this.height()}`);
    if (stateRoot !== block.header.stateRoot) throw new Error('the snapshot state root is not the base header\'s');
    const hash = blockHash(block.header);
    this.blocks.put(height, Buffer.from(encodeBlock(block)));
    this.commits.put(height, Buffer.from(encode(encodeCommit(commit))));
    this.blockHashes.put(hash, height);
    this.writeState(stateWrites, trieWrites);
    this.meta.put('baseHeight', height);
    this.meta.put('lastHash', hash);
    this.meta.put('lastTimeMs', block.header.timeMs);
    this.meta.put('stateRoot', stateRoot);
    await this.durable(this.meta.put('height', height));
  }

  /**
   * The lowest height whose block this store holds: 1, or H for a store started by state sync
   * (spec/node.md §State sync), which holds no block, tx or receipt before H.
   */
  baseHeight(): number {
    const base = this.meta.get('baseHeight');
    return typeof base === 'number' ? base : 1;
  }

  /**
   * A consistent read of the committed state for serving a snapshot (spec/node.md §State sync): an
   * LMDB read transaction, so later blocks do not change what it reads. `close` must be called: an
   * open read transaction keeps the pages it sees from being reused.
   */
  openStateSnapshot(): StateSnapshotReader {
    const transaction = this.root.useReadTransaction();
    const height = this.meta.get('height', { transaction });
    const state = this.state;
    return {
      height: typeof height === 'number' ? height : -1,
      *sizes(): Iterable<{ key: string; bytes: number }> {
        for (const { key, value } of state.getRange({ transaction })) yield { key, bytes: Buffer.byteLength(key) + value.length };
      },
      entries(from: string, end: string | undefined, limit: number): { key: string; value: Uint8Array }[] {
        return [...state.getRange({ start: from, end, limit, transaction })].map(({ key, value }) => ({ key, value: new Uint8Array(value) }));
      },
      get: (key: string) => state.get(key, { transaction }),
      close: () => transaction.done(),
    };
  }

  getBlock(height: number): StoredBlock | undefined {
    const bytes = this.blocks.get(height);
    const commitBytes = this.commits.get(height);
    if (bytes === undefined || commitBytes === undefined) return undefined;
    const block = decodeBlock(bytes);
    return { block, hash: blockHash(block.header), commit: decodeCommit(decode(commitBytes)) };
  }

  getHeader(height: number): Header | undefined {
    return this.getBlock(height)?.block.header;
  }

  heightOfHash(hash: string): number | undefined {
    return this.blockHashes.get(hash);
  }

  getTxLocation(id: string): TxLocation | undefined {
    const location = this.txIndex.get(id);
    return location === undefined ? undefined : { height: location[0], index: location[1] };
  }

  getReceipt(id: string): Receipt | undefined {
    const bytes = this.receipts.get(id);
    return bytes === undefined ? undefined : decodeReceipt(bytes);
  }

  /**
   * State entries whose key starts with `prefix`, in key order, at most `limit`; with `after`, only
   * those whose key sorts after `prefix + after` (a page's cursor). One range read: lmdb's getRange
   * starts at the cursor's key, and the entry at the cursor itself, if any, is skipped.
   */
  scanState(prefix: string, limit: number, after?: string): { key: string; value: Uint8Array }[] {
    const start = prefix + (after ?? '');
    const found: { key: string; value: Uint8Array }[] = [];
    for (const { key, value } of this.state.getRange({ start, end: `${prefix}\uffff`, limit: after === undefined ? limit : limit + 1 })) {
      if (after !== undefined && key === start) continue;
      if (found.length < limit) found.push({ key, value });
    }
    return found;
  }

  /** Tx ids touching `address`, newest first, before the (height, index) cursor. */
  txsOfAddress(address: string, limit: number, before?: TxLocation): { id: string; height: number; index: number }[] {
    const start: [string, number, number] = before === undefined ? [address, Number.MAX_SAFE_INTEGER, 0] : [address, before.height, before.index];
    const found: { id: string; height: number; index: number }[] = [];
    for (const { key, value } of this.addressTxs.getRange({ start, end: [address, -1, 0], reverse: true, limit: limit + 1 })) {
      if (before !== undefined && key[1] === before.height && key[2] === before.index) continue;
      if (found.length < limit) found.push({ id: value, height: key[1], index: key[2] });
    }
    return found;
  }

  /**
   * Keeps proof that a validator signed two different votes for one (height, round, type): both
   * signed votes, as JSON with hex signatures. One record per offence; a repeat is ignored.
   */
  async saveEvidence(first: EvidenceVote, second: EvidenceVote): Promise<void> {
    const key: [number, number, string, string] = [first.height, first.round, first.validator, first.type];
    const toJson = (vote: EvidenceVote): { blockHash: string | null; signature: string } => ({ blockHash: vote.blockHash, signature: Buffer.from(vote.signature).toString('hex') });
    const record = { validator: first.validator, height: first.height, round: first.round, type: first.type, first: toJson(first), second: toJson(second) };
    if (this.evidence.get(key) !== undefined) return;
    await this.durable(this.evidence.put(key, JSON.stringify(record)));
  }

  /** Evidence records, oldest height first, at most `limit`. */
  listEvidence(limit: number): EvidenceRecord[] {
    const records: EvidenceRecord[] = [];
    for (const { value } of this.evidence.getRange({ limit })) records.push(JSON.parse(value) as EvidenceRecord);
    return records;
  }

  /** Pending evidence (spec/node.md §Evidence), in offence order. */
  loadPendingEvidence(): Uint8Array[] {
    return [...this.evidencePending.getRange({})].map(({ value }) => new Uint8Array(value));
  }

  /** One put, awaited until flushed. */
  async savePendingEvidence(offence: string, bytes: Uint8Array): Promise<void> {
    await this.durable(this.evidencePending.put(offence, Buffer.from(bytes)));
  }

  /** Removes pieces grown too old to commit, in one transaction. */
  async removePendingEvidence(offences: readonly string[]): Promise<void> {
    let last: Promise<boolean> = Promise.resolve(true);
    for (const offence of offences) last = this.evidencePending.remove(offence);
    await this.durable(last);
  }

  /**
   * Queues the block a validator precommitted (its lock) without awaiting: the caller's next durable
   * write (saveLastSigned) commits it in the same transaction. After a crash the validator can then
   * re-propose its locked block (spec/consensus.md C4).
   */
  stageLockedBlock(block: Uint8Array): void {
    this.meta.put('lockedBlock', Buffer.from(block).toString('base64'));
  }

  loadLockedBlock(): Uint8Array | undefined {
    const value = this.meta.get('lockedBlock');
    return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;
  }

  /** The validator's last-signed record (JSON), or undefined. */
  loadLastSigned(): string | undefined {
    const value = this.meta.get('lastSigned');
    return typeof value === 'string' ? value : undefined;
  }

  /** Durably records what the validator is about to sign; resolves once on disk (DESIGN.md §Consensus). */
  async saveLastSigned(json: string): Promise<void> {
    await this.durable(this.meta.put('lastSigned', json));
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
