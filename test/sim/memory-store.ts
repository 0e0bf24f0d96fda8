// The simulator's storage backend: the node's NodeStore port (src/node/store-port.ts) over maps. It
// outlives a simulated crash, as a disk does; every write is whole by the time its promise settles,
// which is what LMDB's one-transaction commit promises (spec/store.md).
import { STORE_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import type { BlockExecution } from '../../src/chain/execute.ts';
import type { TrieNodeWrites } from '../../src/chain/state-trie.ts';
import type { StateWrites } from '../../src/ledger/state.ts';
import type { Receipt } from '../../src/ledger/types.ts';
import type { NodeStore } from '../../src/node/store-port.ts';
import type { EvidenceVote, StoredBlock, TxLocation } from '../../src/store/chain-store.ts';

export class MemoryStore implements NodeStore {
  private readonly state = new Map<string, Uint8Array>();
  private readonly trie = new Map<string, Uint8Array>();
  private readonly meta = new Map<string, string | number>();
  private readonly blocks: StoredBlock[] = [];
  private readonly txIndex = new Map<string, TxLocation>();
  private readonly receipts = new Map<string, Receipt>();
  private readonly evidence = new Set<string>();
  private readonly evidencePending = new Map<string, Uint8Array>();
  /** Offences committed in blocks (the committer's view, for the simulator's statistics). */
  committedEvidence = 0;
  /** Every validator a committed block named an offender. */
  readonly offenders = new Set<string>();
  /** The kinds of evidence committed (duplicateVote, proposalEquivocation). */
  readonly evidenceKinds = new Set<string>();
  /** Called with every block committed, decided or synced: the checker's view of decisions. */
  private readonly onCommitted: (block: Block, commit: Commit) => void;

  constructor(onCommitted: (block: Block, commit: Commit) => void) {
    this.onCommitted = onCommitted;
  }

  get(key: string): Uint8Array | undefined {
    return this.state.get(key);
  }

  /** Entries under `prefix` in key order, at most `limit` (the ledger reads one prefix: spec/ledger.md §8.1). */
  scanState(prefix: string, limit: number): { key: string; value: Uint8Array }[] {
    return [...this.state.keys()].filter((key) => key.startsWith(prefix)).sort().slice(0, limit).map((key) => ({ key, value: this.state.get(key)! }));
  }

  getNode(path: string): Uint8Array | undefined {
    return this.trie.get(path);
  }

  height(): number {
    const height = this.meta.get('height');
    return typeof height === 'number' ? height : -1;
  }

  getMeta(key: string): string | number | undefined {
    return this.meta.get(key);
  }

  async initGenesis(genesisHash: string, genesisTimeMs: number, stateWrites: StateWrites, trieWrites: TrieNodeWrites, stateRoot: string): Promise<void> {
    this.writeState(stateWrites, trieWrites);
    this.meta.set('formatVersion', STORE_FORMAT_VERSION);
    this.meta.set('genesisHash', genesisHash);
    this.meta.set('lastHash', genesisHash);
    this.meta.set('lastTimeMs', genesisTimeMs);
    this.meta.set('stateRoot', stateRoot);
    this.meta.set('height', 0);
  }

  async commitBlock(block: Block, commit: Commit, execution: BlockExecution): Promise<void> {
    const height = block.header.height;
    if (this.height() !== height - 1) throw new Error(`store is at ${this.height()}, cannot commit ${height}`);
    const hash = blockHash(block.header);
    this.blocks[height] = { block, hash, commit };
    execution.receipts.forEach((receipt, index) => {
      this.txIndex.set(receipt.txId, { height, index });
      this.receipts.set(receipt.txId, receipt);
    });
    this.writeState(execution.stateWrites, execution.trieWrites);
    for (const piece of execution.evidence) this.evidencePending.delete(piece.offence);
    this.committedEvidence += execution.evidence.length;
    for (const offender of execution.offenders) this.offenders.add(offender);
    for (const piece of execution.evidence) this.evidenceKinds.add(piece.evidence.kind);
    this.meta.set('lastHash', hash);
    this.meta.set('lastTimeMs', block.header.timeMs);
    this.meta.set('stateRoot', execution.stateRoot);
    this.meta.set('height', height);
    this.onCommitted(block, commit);
  }

  /** Every write is done when `commitBlock` returns: nothing to hand off (and no macrotask, which the world's settle would not wait for). */
  async handOffWrites(): Promise<void> {}

  private writeState(stateWrites: StateWrites, trieWrites: TrieNodeWrites): void {
    for (const [key, bytes] of stateWrites) {
      if (bytes === null) this.state.delete(key);
      else this.state.set(key, bytes);
    }
    for (const [path, bytes] of trieWrites) {
      if (bytes === null) this.trie.delete(path);
      else this.trie.set(path, bytes);
    }
  }

  getBlock(height: number): StoredBlock | undefined {
    return this.blocks[height];
  }

  getTxLocation(id: string): TxLocation | undefined {
    return this.txIndex.get(id);
  }

  getReceipt(id: string): Receipt | undefined {
    return this.receipts.get(id);
  }

  async saveEvidence(first: EvidenceVote): Promise<void> {
    this.evidence.add(`${first.height}|${first.round}|${first.validator}|${first.type}`);
  }

  loadPendingEvidence(): Uint8Array[] {
    return [...this.evidencePending].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, bytes]) => bytes);
  }

  async savePendingEvidence(offence: string, bytes: Uint8Array): Promise<void> {
    this.evidencePending.set(offence, bytes);
  }

  async removePendingEvidence(offences: readonly string[]): Promise<void> {
    for (const offence of offences) this.evidencePending.delete(offence);
  }

  get evidenceCount(): number {
    return this.evidence.size;
  }

  stageLockedBlock(block: Uint8Array): void {
    this.meta.set('lockedBlock', Buffer.from(block).toString('base64'));
  }

  loadLockedBlock(): Uint8Array | undefined {
    const value = this.meta.get('lockedBlock');
    return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;
  }

  loadLastSigned(): string | undefined {
    const value = this.meta.get('lastSigned');
    return typeof value === 'string' ? value : undefined;
  }

  async saveLastSigned(json: string): Promise<void> {
    this.meta.set('lastSigned', json);
  }

  async close(): Promise<void> {}
}
