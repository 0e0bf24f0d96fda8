import { EventEmitter } from 'node:events';
import type { Header } from '../chain/block.ts';
import type { Receipt } from '../ledger/types.ts';

/** What subscribers of the live stream get (spec/api.md §Events). */
export interface BlockEvent {
  height: number;
  hash: string;
  header: Header;
  txIds: string[];
}

export interface TxEvent {
  id: string;
  height: number;
  index: number;
  /** Every address the tx touched, as the ledger says (BlockExecution.touched): signers, fee recipient, parties. */
  addresses: string[];
  receipt: Receipt;
}

/** A pending tx the mempool dropped after a commit: it no longer applies (spec/node.md §Mempool). */
export interface EvictedEvent {
  id: string;
}

export interface NodeEventMap {
  block: [BlockEvent];
  tx: [TxEvent];
  evicted: [EvictedEvent];
}

/** The event stream: the committer emits, the API and the commit waiters listen (spec/api.md §Events). */
export class NodeEvents extends EventEmitter<NodeEventMap> {}
