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

export interface NodeEventMap {
  block: [BlockEvent];
  tx: [TxEvent];
}

export class NodeEvents extends EventEmitter<NodeEventMap> {}
