import type { Block, Commit } from '../chain/block.ts';
import { merklePath } from '../chain/merkle.ts';
import { resultBytes } from '../chain/results.ts';
import { validatorsHash, validatorsToJson, type ChainValidator } from '../chain/validators.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { getHistoryEntry } from '../ledger/records/item-log.ts';
import { getItem, itemKey, type Item } from '../ledger/records/item-record.ts';
import { stateProof, verifyStateProof } from '../chain/state-proof.ts';
import type { TrieNodeReader } from '../chain/state-trie.ts';
import { decodeTx, isRejection } from '../ledger/tx.ts';
import type { DecodedTx, Receipt } from '../ledger/types.ts';
import {
  REPORT_BLOCKS_MAX,
  REPORT_EVENTS_MAX,
  REPORT_FORMAT,
  REPORT_ITEMS_MAX,
  type ProvenanceReport,
  type ReportBlock,
  type ReportEvent,
  type ReportItem,
  type ReportState,
} from '../client/provenance/report.ts';
import { NodeError } from './errors.ts';
import { checkItemId, historyEntryToJson, type RecordsStore } from './records-queries.ts';

/**
 * Builds an item's provenance report (spec/provenance.md §2) from the committed chain: its history
 * and the history of every ancestor, each entry with the tx that made it, that tx's Merkle paths to
 * its block's tx and results roots, the blocks' headers and commits, and the validator set. The
 * verifier (src/client/provenance) needs nothing else.
 */
export interface ReportStore extends RecordsStore, TrieNodeReader {
  getBlock(height: number): { block: Block; commit: Commit } | undefined;
  getReceipt(id: string): Receipt | undefined;
  /** The last committed height: the state the store (and its trie) holds. */
  height(): number;
}

interface LoadedBlock {
  entry: ReportBlock;
  txs: DecodedTx[];
  txIds: Uint8Array[];
  results: Uint8Array[];
}

export function buildProvenanceReport(store: ReportStore, chainId: string, validators: ChainValidator[], id: string): ProvenanceReport {
  const root = getItem(store, checkItemId(id));
  if (root === undefined) throw new NodeError('not_found', `no item ${id}`);
  const items = ancestorsFirstSeen(store, root);
  const total = items.reduce((sum, item) => sum + item.events, 0);
  if (total > REPORT_EVENTS_MAX) throw new NodeError('report_too_large', `item ${id} and its ancestors have ${total} history entries; a report holds at most ${REPORT_EVENTS_MAX}`);
  const blocks = new Map<number, LoadedBlock>();
  const loadBlock = (height: number): LoadedBlock => {
    let loaded = blocks.get(height);
    if (loaded === undefined) {
      if (blocks.size >= REPORT_BLOCKS_MAX) throw new NodeError('report_too_large', `the history spans more than ${REPORT_BLOCKS_MAX} blocks`);
      loaded = loadReportBlock(store, height);
      blocks.set(height, loaded);
    }
    return loaded;
  };
  const reportItems: ReportItem[] = items.map((item) => ({ id: item.id, events: eventsOf(store, item, loadBlock) }));
  const state = stateOf(store, items, loadBlock);
  return {
    format: REPORT_FORMAT,
    chainId,
    item: root.id,
    validatorSets: [{ hash: validatorsHash(validators), validators: validatorsToJson(validators) }],
    blocks: [...blocks.keys()].sort((a, b) => a - b).map((height) => blocks.get(height)!.entry),
    items: reportItems,
    state,
  };
}

/**
 * The items' records at the last committed height, each with its proof against that block's state
 * root (spec/provenance.md §2). The whole report is read in one synchronous run, so the store cannot
 * commit a block in between; the proofs are checked here all the same, and a mismatch is an error.
 */
function stateOf(store: ReportStore, items: Item[], loadBlock: (height: number) => LoadedBlock): ReportState {
  const height = store.height();
  const root = fromHex(loadBlock(height).entry.header.stateRoot);
  return {
    height,
    items: items.map((item) => {
      const key = itemKey(item.id);
      const value = store.get(key);
      const path = value === undefined ? undefined : stateProof(store, key);
      if (value === undefined || path === undefined || !verifyStateProof(key, value, path, root)) {
        throw new NodeError('internal', `the state of ${item.id} does not prove against block ${height}; try again`);
      }
      return { key, value: toHex(value), path: path.map(toHex) };
    }),
  };
}

/** The item, then its ancestors breadth first, each once, at most REPORT_ITEMS_MAX. */
function ancestorsFirstSeen(store: ReportStore, root: Item): Item[] {
  const seen = new Set([root.id]);
  const items = [root];
  for (let i = 0; i < items.length; i++) {
    for (const parent of items[i].parents ?? []) {
      if (seen.has(parent)) continue;
      if (items.length >= REPORT_ITEMS_MAX) throw new NodeError('report_too_large', `item ${root.id} has more than ${REPORT_ITEMS_MAX - 1} ancestors`);
      const item = getItem(store, parent);
      if (item === undefined) throw new NodeError('internal', `ancestor ${parent} of ${items[i].id} is missing`);
      seen.add(parent);
      items.push(item);
    }
  }
  return items;
}

function loadReportBlock(store: ReportStore, height: number): LoadedBlock {
  const stored = store.getBlock(height);
  if (stored === undefined) throw new NodeError('internal', `block ${height} is missing`);
  const { block, commit } = stored;
  const txs = block.txs.map((bytes, i) => {
    const tx = decodeTx(bytes);
    if (isRejection(tx)) throw new NodeError('internal', `tx ${i} of block ${height} does not decode: ${tx.message}`);
    return tx;
  });
  const results = txs.map((tx) => {
    const receipt = store.getReceipt(tx.id);
    if (receipt === undefined) throw new NodeError('internal', `the receipt of tx ${tx.id} is missing`);
    return resultBytes(receipt);
  });
  const entry: ReportBlock = {
    header: { ...block.header },
    commit: { height: commit.height, round: commit.round, blockHash: commit.blockHash, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
  };
  return { entry, txs, txIds: txs.map((tx) => fromHex(tx.id)), results };
}

function eventsOf(store: ReportStore, item: Item, loadBlock: (height: number) => LoadedBlock): ReportEvent[] {
  const events: ReportEvent[] = [];
  for (let seq = 0; seq < item.events; seq++) {
    const entry = getHistoryEntry(store, item.id, seq);
    if (entry === undefined) throw new NodeError('internal', `history entry ${seq} of ${item.id} is missing`);
    const block = loadBlock(entry.height);
    const index = block.txs.findIndex((tx) => tx.signerAddresses[0] === entry.signer && tx.tx.body.signers[0].nonce === entry.nonce);
    if (index < 0) throw new NodeError('internal', `no tx of ${entry.signer} with nonce ${entry.nonce} in block ${entry.height}`);
    events.push({
      entry: historyEntryToJson(entry),
      proof: {
        height: entry.height,
        index,
        tx: toHex(block.txs[index].bytes),
        txPath: merklePath(block.txIds, index).map(toHex),
        result: toHex(block.results[index]),
        resultPath: merklePath(block.results, index).map(toHex),
      },
    });
  }
  return events;
}
