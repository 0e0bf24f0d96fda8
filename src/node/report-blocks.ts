import type { Block, Commit } from '../chain/block.ts';
import { merkleTree, type MerkleTree } from '../chain/merkle.ts';
import { resultBytes } from '../chain/results.ts';
import type { ReportBlock } from '../client/provenance/report.ts';
import { sha256, toHex } from '../crypto/hash.ts';
import type { Receipt } from '../ledger/types.ts';
import { ByteLru } from './byte-lru.ts';
import { beforeBase, NodeError } from './errors.ts';

/**
 * One block as a provenance report uses it (spec/provenance.md §4): its header and commit, its txs,
 * their results, and the two Merkle trees over them, built once per block and shared by every event
 * the block holds (issue 12, attack 4: the trees were rebuilt for every event, 11.3 s for a 301-event
 * item in 1,000-tx blocks). Blocks never change once committed, so a loaded block can be kept and
 * reused by later reports (`ReportBlockCache`).
 */
export interface LoadedBlock {
  readonly entry: ReportBlock;
  readonly txs: readonly Uint8Array[];
  readonly results: readonly Uint8Array[];
  readonly txTree: MerkleTree;
  readonly resultTree: MerkleTree;
  /** The tx whose result carries the event of history entry `seq` of `item`, keyed `item seq`. */
  readonly eventTxs: ReadonlyMap<string, number>;
  /** What the block holds in memory, roughly: its txs, results and tree hashes (for the cache). */
  readonly bytes: number;
}

export interface BlockSource {
  getBlock(height: number): { block: Block; commit: Commit } | undefined;
  getReceipt(id: string): Receipt | undefined;
  /** `baseHeight` is set on a store started by state sync (spec/node.md §State sync). */
  getMeta?(key: string): string | number | undefined;
}

/** The base height of a store started by state sync, else 0 (it holds every block from 1, with its receipts). */
export function stateSyncBase(store: { getMeta?(key: string): string | number | undefined }): number {
  const base = store.getMeta?.('baseHeight');
  return typeof base === 'number' ? base : 0;
}

/** The key of `eventTxs`. */
export const eventKey = (item: string, seq: number): string => `${item} ${seq}`;

/** Reads a committed block; `txCount` is the txs it holds, checked by the caller before the work. */
export function readReportBlock(store: BlockSource, height: number): { block: Block; commit: Commit } {
  // Block H of a state-synced store is held without its receipts: a report cannot prove its txs.
  if (height <= stateSyncBase(store)) throw beforeBase(`block ${height} with its receipts`, stateSyncBase(store));
  const stored = store.getBlock(height);
  if (stored === undefined) throw new NodeError('internal', `block ${height} is missing`);
  return stored;
}

/**
 * Per tx: its id (SHA-256 of its bytes, the txRoot's leaf), its stored receipt and result bytes (the
 * resultsRoot's leaf), and the events of the result that name an item's history entry. No tx is
 * decoded here: the report decodes only the txs it proves (measured: decoding every tx of the block
 * was 49 µs a tx, 60 % of the block's cost).
 */
export function loadReportBlock(store: BlockSource, block: Block, commit: Commit): LoadedBlock {
  const height = block.header.height;
  const txIds: Uint8Array[] = [];
  const results: Uint8Array[] = [];
  const eventTxs = new Map<string, number>();
  let bytes = 0;
  block.txs.forEach((tx, index) => {
    const id = sha256(tx);
    const receipt = store.getReceipt(toHex(id));
    if (receipt === undefined) throw new NodeError('internal', `the receipt of tx ${index} of block ${height} is missing`);
    const result = resultBytes(receipt);
    for (const event of receipt.events) {
      const { item, seq } = event.attributes;
      if (item !== undefined && seq !== undefined) eventTxs.set(eventKey(item, Number(seq)), index);
    }
    txIds.push(id);
    results.push(result);
    // Two leaves and about two inner hashes per tx in each tree, and ~100 bytes of object per array.
    bytes += tx.length + result.length + 4 * 32 + 4 * 100;
  });
  const entry: ReportBlock = {
    header: { ...block.header },
    commit: { height: commit.height, round: commit.round, blockHash: commit.blockHash, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
  };
  return { entry, txs: block.txs, results, txTree: merkleTree(txIds), resultTree: merkleTree(results), eventTxs, bytes };
}

/**
 * Loaded blocks kept between reports, least recently used first out, at most `bytesMax` in all
 * (REPORT_BLOCK_CACHE_BYTES_MAX): a report asked again at the next height, or the report of another
 * item of the same blocks, hashes no tree again.
 */
export class ReportBlockCache {
  private readonly blocks: ByteLru<number, LoadedBlock>;

  constructor(bytesMax: number) {
    this.blocks = new ByteLru(bytesMax);
  }

  get(height: number): LoadedBlock | undefined {
    return this.blocks.get(height);
  }

  set(height: number, block: LoadedBlock): void {
    this.blocks.set(height, block, block.bytes);
  }

  get size(): number {
    return this.blocks.size;
  }
}
