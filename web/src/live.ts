/**
 * The live view of the chain: one EventSource on GET /v1/events (spec/api.md §events) for the whole
 * page, the recent blocks and txs it brings, and the status. Blocks missed while disconnected are read
 * back from GET /v1/blocks/:height, as the spec asks of a client that reconnects.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BlockEventJson, BlockResponse, StatusResponse, TxEventJson } from '../../src/client/index.ts';
import { client } from './node.ts';

/** Recent blocks kept for the lists, the rate and the chart. */
const BLOCKS_KEPT = 400;
const TXS_KEPT = 50;
/** Blocks read back at start and after a gap (reads are one request each). */
const BACKFILL_BLOCKS = 40;
const STATUS_POLL_MS = 5_000;
/** Txs read back at start for the latest list (one request each). */
const TXS_BACKFILL = 12;

export interface LiveSnapshot {
  status: StatusResponse | undefined;
  /** Newest first. */
  blocks: readonly BlockEventJson[];
  /** Newest first; from the event stream (receipts included) or read back. */
  txs: readonly TxEventJson[];
  /** The commit of the latest block read: who signed it. */
  latestCommit: BlockResponse['commit'] | undefined;
  connected: boolean;
  /** Bumped on every change, so hooks re-render. */
  version: number;
}

type Listener = (snapshot: LiveSnapshot) => void;
type TxListener = (event: TxEventJson) => void;

class LiveChain {
  private snapshot: LiveSnapshot = { status: undefined, blocks: [], txs: [], latestCommit: undefined, connected: false, version: 0 };
  private readonly listeners = new Set<Listener>();
  private readonly txListeners = new Set<TxListener>();
  private source: EventSource | undefined;
  private backfilling = false;
  private txsBackfilled = false;

  get current(): LiveSnapshot {
    return this.snapshot;
  }

  start(): void {
    if (this.source !== undefined) return;
    this.source = new EventSource('/v1/events');
    this.source.addEventListener('open', () => this.update({ connected: true }));
    this.source.addEventListener('error', () => this.update({ connected: false }));
    this.source.addEventListener('block', (event) => this.onBlock(JSON.parse((event as MessageEvent<string>).data) as BlockEventJson));
    this.source.addEventListener('tx', (event) => this.onTx(JSON.parse((event as MessageEvent<string>).data) as TxEventJson));
    void this.pollStatus();
    setInterval(() => void this.pollStatus(), STATUS_POLL_MS);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every committed tx as it arrives (account and asset pages refresh on the ones that concern them). */
  onTxEvent(listener: TxListener): () => void {
    this.txListeners.add(listener);
    return () => this.txListeners.delete(listener);
  }

  private update(change: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener(this.snapshot);
  }

  private async pollStatus(): Promise<void> {
    try {
      const status = await client.status();
      const latest = status.height >= 1 ? await client.block('latest') : undefined;
      const newer = this.snapshot.status === undefined || status.height >= this.snapshot.status.height;
      this.update({ status: newer ? status : this.snapshot.status, latestCommit: latest?.commit ?? this.snapshot.latestCommit });
      if (latest !== undefined) this.addBlocks([toBlockEvent(latest)]);
      void this.backfill(status.height);
    } catch {
      // The node is unreachable: the stream's error event already shows it; the next poll retries.
    }
  }

  /** Reads back the blocks between what is held and `height` (at most BACKFILL_BLOCKS). */
  private async backfill(height: number): Promise<void> {
    if (this.backfilling) return;
    this.backfilling = true;
    try {
      const held = new Set(this.snapshot.blocks.map((b) => b.height));
      const wanted: number[] = [];
      for (let h = height; h >= 1 && h > height - BACKFILL_BLOCKS; h--) if (!held.has(h)) wanted.push(h);
      const read = await Promise.all(wanted.map((h) => client.block(h).catch(() => undefined)));
      this.addBlocks(read.filter((b): b is BlockResponse => b !== undefined).map(toBlockEvent));
      if (!this.txsBackfilled) {
        this.txsBackfilled = true;
        await this.backfillTxs();
      }
    } finally {
      this.backfilling = false;
    }
  }

  /** The latest committed txs of the blocks held, read once at start so the list is not empty. */
  private async backfillTxs(): Promise<void> {
    const located = this.snapshot.blocks.flatMap((b) => b.txs.map((id, index) => ({ id, height: b.height, index })).reverse()).slice(0, TXS_BACKFILL);
    const read = await Promise.all(located.map((at) => client.tx(at.id).catch(() => undefined)));
    const events: TxEventJson[] = [];
    read.forEach((tx, i) => {
      if (tx?.receipt === undefined) return;
      const named = tx.receipt.events.flatMap((e) => Object.values(e.attributes).filter((v) => v.startsWith('agora1')));
      events.push({ ...located[i], addresses: [...new Set([...tx.tx.signers.map((s) => s.address), ...named])], receipt: tx.receipt });
    });
    const known = new Set(this.snapshot.txs.map((t) => t.id));
    const merged = [...this.snapshot.txs, ...events.filter((e) => !known.has(e.id))].sort((a, b) => b.height - a.height || b.index - a.index);
    this.update({ txs: merged.slice(0, TXS_KEPT) });
  }

  private addBlocks(blocks: BlockEventJson[]): void {
    if (blocks.length === 0) return;
    const byHeight = new Map(this.snapshot.blocks.map((b) => [b.height, b]));
    for (const block of blocks) byHeight.set(block.height, block);
    const merged = [...byHeight.values()].sort((a, b) => b.height - a.height).slice(0, BLOCKS_KEPT);
    const tip = merged[0];
    const status = this.snapshot.status;
    const newStatus = status !== undefined && tip !== undefined && tip.height > status.height ? { ...status, height: tip.height, lastBlockHash: tip.hash, lastBlockTimeMs: tip.header.timeMs } : status;
    this.update({ blocks: merged, status: newStatus });
  }

  private onBlock(block: BlockEventJson): void {
    const newest = this.snapshot.blocks[0];
    this.addBlocks([block]);
    if (newest !== undefined && block.height > newest.height + 1) void this.backfill(block.height);
  }

  private onTx(event: TxEventJson): void {
    this.update({ txs: [event, ...this.snapshot.txs.filter((t) => t.id !== event.id)].slice(0, TXS_KEPT) });
    for (const listener of this.txListeners) listener(event);
  }
}

function toBlockEvent(block: BlockResponse): BlockEventJson {
  return { height: block.height, hash: block.hash, header: block.header, txs: block.txs };
}

export const live = new LiveChain();

/** The live snapshot; re-renders on every change. */
export function useLive(): LiveSnapshot {
  const [snapshot, setSnapshot] = useState(live.current);
  useEffect(() => live.subscribe(setSnapshot), []);
  return snapshot;
}

/** Runs `listener` on every committed tx while the component is mounted. */
export function useTxEvents(listener: TxListener, deps: readonly unknown[]): void {
  useEffect(() => live.onTxEvent(listener), deps);
}
