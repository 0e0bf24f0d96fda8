import type { Block, Commit } from '../chain/block.ts';
import type { ChainValidator } from '../chain/validators.ts';
import { validatorHandOvers } from './validator-handovers.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { getHistoryEntry } from '../ledger/records/item-log.ts';
import { getItem, itemKey, type Item } from '../ledger/records/item-state.ts';
import { stateProof, verifyStateProof } from '../chain/state-proof.ts';
import type { TrieNodeReader } from '../chain/state-trie.ts';
import { decodeTx, isRejection } from '../ledger/tx.ts';
import type { Receipt } from '../ledger/types.ts';
import {
  REPORT_BLOCKS_MAX,
  REPORT_EVENTS_MAX,
  REPORT_FORMAT,
  REPORT_ITEMS_MAX,
  type ProvenanceReport,
  type ReportEvent,
  type ReportItem,
  type ReportState,
  type ValidatorSetJson,
} from '../client/provenance/report.ts';
import { NodeError } from './errors.ts';
import { REPORT_BLOCK_TXS_MAX } from './limits.ts';
import { checkItemId, historyEntryToJson, type RecordsStore } from './records-queries.ts';
import { eventKey, loadReportBlock, readReportBlock, type LoadedBlock, type ReportBlockCache } from './report-blocks.ts';

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

export interface BuildOptions {
  /** Blocks loaded by earlier reports, reused and added to. */
  blocks?: ReportBlockCache;
  /** The txs of all the blocks a report spans, at most (REPORT_BLOCK_TXS_MAX): the bound on its hashing. */
  blockTxsMax?: number;
}

export function buildProvenanceReport(store: ReportStore, chainId: string, validators: ChainValidator[], id: string, options: BuildOptions = {}): ProvenanceReport {
  const root = getItem(store, checkItemId(id));
  if (root === undefined) throw new NodeError('not_found', `no item ${id}`);
  const items = ancestorsFirstSeen(store, root);
  const total = items.reduce((sum, item) => sum + item.events, 0);
  if (total > REPORT_EVENTS_MAX) throw new NodeError('report_too_large', `item ${id} and its ancestors have ${total} history entries; a report holds at most ${REPORT_EVENTS_MAX}`);
  const blockTxsMax = options.blockTxsMax ?? REPORT_BLOCK_TXS_MAX;
  const blocks = new Map<number, LoadedBlock>();
  let blockTxs = 0;
  const loadBlock = (height: number): LoadedBlock => {
    let loaded = blocks.get(height);
    if (loaded === undefined) {
      if (blocks.size >= REPORT_BLOCKS_MAX) throw new NodeError('report_too_large', `the history spans more than ${REPORT_BLOCKS_MAX} blocks`);
      loaded = options.blocks?.get(height);
      const stored = loaded === undefined ? readReportBlock(store, height) : undefined;
      // Counted whether cached or not, so that whether a report is refused never depends on the cache.
      blockTxs += loaded?.txs.length ?? stored!.block.txs.length;
      if (blockTxs > blockTxsMax) throw new NodeError('report_too_large', `the history spans blocks of more than ${blockTxsMax} txs in all`);
      if (loaded === undefined) {
        loaded = loadReportBlock(store, stored!.block, stored!.commit);
        options.blocks?.set(height, loaded);
      }
      blocks.set(height, loaded);
    }
    return loaded;
  };
  const reportItems: ReportItem[] = items.map((item) => ({ id: item.id, events: eventsOf(store, item, loadBlock) }));
  const state = stateOf(store, items, loadBlock);
  const validatorSets = handOvers(store, validators, state.height, loadBlock);
  return {
    format: REPORT_FORMAT,
    chainId,
    item: root.id,
    validatorSets,
    blocks: [...blocks.keys()].sort((a, b) => a - b).map((height) => blocks.get(height)!.entry),
    items: reportItems,
    state,
  };
}

/**
 * The validator sets from genesis to the state block, with the blocks that hand each over to the
 * next (validator-handovers.ts) loaded into the report, each checked to name the set it hands over to.
 */
function handOvers(store: ReportStore, genesis: ChainValidator[], upTo: number, loadBlock: (height: number) => LoadedBlock): ValidatorSetJson[] {
  const { sets, heights } = validatorHandOvers(store, genesis, upTo, REPORT_BLOCKS_MAX);
  for (const height of heights) {
    const header = loadBlock(height).entry.header;
    if (!sets.some((set) => set.hash === header.nextValidatorsHash)) throw new NodeError('internal', `block ${height} does not hand over to a set of the report`);
  }
  return sets;
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

function eventsOf(store: ReportStore, item: Item, loadBlock: (height: number) => LoadedBlock): ReportEvent[] {
  const events: ReportEvent[] = [];
  for (let seq = 0; seq < item.events; seq++) {
    const entry = getHistoryEntry(store, item.id, seq);
    if (entry === undefined) throw new NodeError('internal', `history entry ${seq} of ${item.id} is missing`);
    const block = loadBlock(entry.height);
    const index = txOfEntry(block, item.id, entry);
    events.push({
      entry: historyEntryToJson(entry),
      proof: {
        height: entry.height,
        index,
        tx: toHex(block.txs[index]),
        txPath: block.txTree.path(index).map(toHex),
        result: toHex(block.results[index]),
        resultPath: block.resultTree.path(index).map(toHex),
      },
    });
  }
  return events;
}

/**
 * The tx that made `entry`: the one whose first signer and nonce are the entry's (an address's nonce
 * is consumed by exactly one tx). Its result names the entry (spec/provenance.md §3 step 4.5), which
 * finds it without decoding the block's other txs; the signer and nonce are checked all the same, and
 * every tx is decoded only if the result's event does not lead to it (never, on a sound store).
 */
function txOfEntry(block: LoadedBlock, item: string, entry: { seq: number; height: number; signer: string; nonce: bigint }): number {
  const isEntrys = (bytes: Uint8Array): boolean => {
    const tx = decodeTx(bytes);
    if (isRejection(tx)) throw new NodeError('internal', `a tx of block ${entry.height} does not decode: ${tx.message}`);
    return tx.signerAddresses[0] === entry.signer && tx.tx.body.signers[0].nonce === entry.nonce;
  };
  const named = block.eventTxs.get(eventKey(item, entry.seq));
  if (named !== undefined && isEntrys(block.txs[named])) return named;
  const index = block.txs.findIndex(isEntrys);
  if (index < 0) throw new NodeError('internal', `no tx of ${entry.signer} with nonce ${entry.nonce} in block ${entry.height}`);
  return index;
}
