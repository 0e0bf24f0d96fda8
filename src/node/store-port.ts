import type { Block, Commit } from '../chain/block.ts';
import type { BlockExecution, ChainStateReader } from '../chain/execute.ts';
import type { TrieNodeWrites } from '../chain/state-trie.ts';
import type { StateWrites } from '../ledger/state.ts';
import type { Receipt } from '../ledger/types.ts';
import type { EvidenceRecord, EvidenceVote, StoredBlock, TxLocation } from '../store/chain-store.ts';

/**
 * The shell's port to storage (DESIGN.md rule 2): what the chain, the signer, ingress, the committer
 * and block sync use of the store. src/store's LMDB `ChainStore` implements it for the node; the
 * simulator implements it in memory (test/sim/memory-store.ts). spec/store.md says what each call
 * promises; the one that matters most: `commitBlock` is all or nothing.
 */
export interface NodeStore extends ChainStateReader {
  /** The committed height; 0 before the first block, -1 before genesis. */
  height(): number;
  getMeta(key: string): string | number | undefined;
  initGenesis(genesisHash: string, genesisTimeMs: number, stateWrites: StateWrites, trieWrites: TrieNodeWrites, stateRoot: string): Promise<void>;
  /** One transaction, its writes queued before it returns; resolves once durable (DESIGN.md §Storage). */
  commitBlock(block: Block, commit: Commit, execution: BlockExecution): Promise<void>;
  /**
   * Resolves once the writes queued so far are handed to the store's writer, so that work the caller
   * does next runs while they are written (catch-up, spec/node.md §Catch-up replay). Says nothing of
   * durability: that is `commitBlock`'s promise.
   */
  handOffWrites(): Promise<void>;
  getBlock(height: number): StoredBlock | undefined;
  getTxLocation(id: string): TxLocation | undefined;
  getReceipt(id: string): Receipt | undefined;
  saveEvidence(first: EvidenceVote, second: EvidenceVote): Promise<void>;
  /** Pending evidence (bucket `evidence-pending`); `commitBlock` removes the pieces its block commits. */
  loadPendingEvidence(): Uint8Array[];
  savePendingEvidence(offence: string, bytes: Uint8Array): Promise<void>;
  removePendingEvidence(offences: readonly string[]): Promise<void>;
  /** Queued with the next durable write (saveLastSigned): the lock's block (spec/consensus.md C4). */
  stageLockedBlock(block: Uint8Array): void;
  loadLockedBlock(): Uint8Array | undefined;
  loadLastSigned(): string | undefined;
  /** Resolves once durable: only then may the signature leave (spec/consensus.md C3). */
  saveLastSigned(json: string): Promise<void>;
  close(): Promise<void>;
}

/** The read-only side of the store the query interface uses (src/node/reader.ts). */
export interface StoreReader extends ChainStateReader {
  height(): number;
  getMeta(key: string): string | number | undefined;
  getBlock(height: number): StoredBlock | undefined;
  getTxLocation(id: string): TxLocation | undefined;
  getReceipt(id: string): Receipt | undefined;
  /** Entries under `prefix` in key order, at most `limit`; with `after`, those whose key sorts after `prefix + after`. */
  scanState(prefix: string, limit: number, after?: string): { key: string; value: Uint8Array }[];
  txsOfAddress(address: string, limit: number, before?: TxLocation): { id: string; height: number; index: number }[];
  /** Keys of the `state-index` bucket under `prefix` (spec/store.md), at most `limit`, in key order or reversed, after the cursor. */
  scanIndex(prefix: string, limit: number, after?: string, reverse?: boolean): string[];
  listEvidence(limit: number): EvidenceRecord[];
  /** Pending evidence (bucket `evidence-pending`), in offence order: at most PENDING_EVIDENCE_MAX, the pool's bound. */
  loadPendingEvidence(): Uint8Array[];
}
