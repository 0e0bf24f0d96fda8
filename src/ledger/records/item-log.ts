import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { AMOUNT_MAX, DOCUMENT_HASH_BYTES, EVENT_DATA_LENGTH_MAX, HEIGHT_MAX, ITEM_EVENTS_MAX, NONCE_MAX, RETIRE_REASON_LENGTH_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import type { BlockContext, ItemPayment } from '../types.ts';
import { getNonce } from '../accounts/balances.ts';
import type { Item } from './item-state.ts';
import { HISTORY_ACTIONS, type HistoryAction } from './history-actions.ts';

/**
 * An item's history (spec/ledger.md §7.1): one entry per tx that touched it, numbered from 0.
 *   itemlog/<id>/<seq, 10 decimal digits>   → HistoryEntry
 * The fixed width makes key order the order of the history. Each entry names its tx by (signer,
 * nonce, height): a signer's nonce is consumed by exactly one tx, so that finds the tx in its block.
 */
export type { HistoryAction };

export interface HistoryEntry {
  seq: number;
  action: HistoryAction;
  /** The tx's first signer and the nonce it consumed. */
  signer: string;
  nonce: bigint;
  height: number;
  timeMs: number;
  /** attest: the event type, its data and documents; custody: the new custodian. */
  type?: string;
  data?: string;
  documents?: Uint8Array[];
  custodian?: string;
  /** register, create, transfer, redeem: the owner before (`from`) and after (`to`). */
  from?: string;
  to?: string;
  payment?: ItemPayment;
  /** split: the children; merge: the merged item; create: the parents. */
  items?: string[];
  /** fractionalize, redeem: the share asset and the number of shares. */
  asset?: string;
  shares?: bigint;
  /** retire, rental-claim: the reason given. */
  reason?: string;
  /** rental-*: the rental's contract address. */
  contract?: string;
  /** rental-book, -return, -claim, -resolve: the booking's number in its rental, and its renter (the item's user). */
  booking?: number;
  user?: string;
  /** rental-book: the span [startMs, endMs) of block time in which `user` may use the item (a return ends it at the entry's timeMs). */
  startMs?: number;
  endMs?: number;
}

/** What a handler says about an entry; sequence number, signer, nonce, height and time are filled in. */
export type HistoryFacts = Omit<HistoryEntry, 'seq' | 'signer' | 'nonce' | 'height' | 'timeMs'>;

const SEQ_DIGITS = 10;

export const historyKey = (id: string, seq: number): string => `itemlog/${id}/${String(seq).padStart(SEQ_DIGITS, '0')}`;
export const historyPrefix = (id: string): string => `itemlog/${id}/`;

/**
 * The nonce the tx being applied consumed: apply.ts advances every signer's nonce before the payload
 * runs (spec/ledger.md §2.3 step 1), so it is the stored one less 1.
 */
export function consumedNonce(view: StateReader, signer: string): bigint {
  const next = getNonce(view, signer);
  invariant(next > 0n, `the payload of ${signer}'s tx runs before its nonce advanced`);
  return next - 1n;
}

/** Appends an entry to `item`'s history and returns the item with its count advanced (not yet written). */
export function appendHistory(view: Overlay, item: Item, signer: string, ctx: BlockContext, facts: HistoryFacts): Item {
  invariant(item.events < ITEM_EVENTS_MAX, `the history of ${item.id} is full; the handler must refuse first`);
  const entry: HistoryEntry = { ...facts, seq: item.events, signer, nonce: consumedNonce(view, signer), height: ctx.height, timeMs: ctx.timeMs };
  putStateValue(view, historyKey(item.id, entry.seq), encodeHistoryEntry(entry));
  return { ...item, events: item.events + 1 };
}

export function encodeHistoryEntry(entry: HistoryEntry): CborValue {
  const record: { [key: string]: CborValue } = { seq: entry.seq, action: entry.action, signer: entry.signer, nonce: entry.nonce, height: entry.height, timeMs: entry.timeMs };
  for (const field of ['type', 'data', 'custodian', 'from', 'to', 'asset', 'reason', 'contract', 'user'] as const) {
    const value = entry[field];
    if (value !== undefined) record[field] = value;
  }
  for (const field of ['booking', 'startMs', 'endMs'] as const) {
    const value = entry[field];
    if (value !== undefined) record[field] = value;
  }
  if (entry.documents !== undefined) record.documents = entry.documents;
  if (entry.items !== undefined) record.items = entry.items;
  if (entry.shares !== undefined) record.shares = entry.shares;
  if (entry.payment !== undefined) record.payment = { asset: entry.payment.asset, amount: entry.payment.amount };
  return record;
}

const ENTRY_FIELDS = ['seq', 'action', 'signer', 'nonce', 'height', 'timeMs', 'type', 'data', 'documents', 'custodian', 'from', 'to', 'payment', 'items', 'asset', 'shares', 'reason', 'contract', 'booking', 'user', 'startMs', 'endMs'];

export function decodeHistoryEntry(value: CborValue): HistoryEntry {
  const map = readMap(value, 'history', ENTRY_FIELDS);
  const action = readString(map.action, 'history.action', 16) as HistoryAction;
  invariant((HISTORY_ACTIONS as readonly string[]).includes(action), `history.action "${action}" is not an action`);
  const text = (field: string, max: number): string | undefined => optional(map[field], (v) => readString(v, `history.${field}`, max));
  return {
    seq: readSmallUint(map.seq, 'history.seq', ITEM_EVENTS_MAX),
    action,
    signer: readString(map.signer, 'history.signer', 90),
    nonce: readUint(map.nonce, 'history.nonce', NONCE_MAX),
    height: readSmallUint(map.height, 'history.height', HEIGHT_MAX),
    timeMs: readSmallUint(map.timeMs, 'history.timeMs', Number.MAX_SAFE_INTEGER),
    type: text('type', 32),
    data: text('data', EVENT_DATA_LENGTH_MAX),
    documents: optional(map.documents, (v) => readArray(v, 'history.documents', 1, 64).map((d, i) => readBytes(d, `history.documents[${i}]`, DOCUMENT_HASH_BYTES))),
    custodian: text('custodian', 90),
    from: text('from', 90),
    to: text('to', 90),
    payment: optional(map.payment, (v) => {
      const payment = readMap(v, 'history.payment', ['asset', 'amount']);
      return { asset: readString(payment.asset, 'history.payment.asset', 12), amount: readUint(payment.amount, 'history.payment.amount', AMOUNT_MAX) };
    }),
    items: optional(map.items, (v) => readArray(v, 'history.items', 1, 64).map((id, i) => readString(id, `history.items[${i}]`, 64))),
    asset: text('asset', 12),
    shares: optional(map.shares, (v) => readUint(v, 'history.shares', AMOUNT_MAX)),
    reason: text('reason', RETIRE_REASON_LENGTH_MAX),
    contract: text('contract', 90),
    booking: optional(map.booking, (v) => readSmallUint(v, 'history.booking', Number.MAX_SAFE_INTEGER)),
    user: text('user', 90),
    startMs: optional(map.startMs, (v) => readSmallUint(v, 'history.startMs', Number.MAX_SAFE_INTEGER)),
    endMs: optional(map.endMs, (v) => readSmallUint(v, 'history.endMs', Number.MAX_SAFE_INTEGER)),
  };
}

export function getHistoryEntry(view: StateReader, id: string, seq: number): HistoryEntry | undefined {
  const record = getStateValue(view, historyKey(id, seq));
  return record === undefined ? undefined : decodeHistoryEntry(record);
}
