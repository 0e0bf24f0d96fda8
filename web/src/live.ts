/**
 * The live view of the chain: one EventSource on GET /v1/events (spec/api.md §events) for the whole
 * page, the recent blocks and txs it brings, and the status. At start the recent past is read back
 * too (recent-blocks.ts), so a quiet chain shows its latest txs; blocks missed while disconnected are
 * read back from GET /v1/blocks/:height, as the spec asks of a client that reconnects.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BlockEventJson, BlockResponse, StatusResponse, TxEventJson } from '../../src/client/index.ts';
import { client } from './node.ts';
import { latestTxLocations, walkBack, type WalkLimits } from './recent-blocks.ts';

/** Recent blocks kept for the lists, the rate and the chart. */
const BLOCKS_KEPT = 400;
const TXS_KEPT = 50;
/** Blocks read back after a gap in the stream (reads are one request each). */
const BACKFILL_BLOCKS = 40;
const STATUS_POLL_MS = 5_000;
/** Txs the home page lists; as many are read back at start (one request each). */
export const LATEST_TXS = 12;
/**
 * The walk back at start (recent-blocks.ts): until the latest txs are found and the chart's narrowest
 * span (36 bars of 5 s) is covered, at most as many blocks as are kept: 400 blocks are 13 min of an
 * idle chain at one block per 2 s (the default idleBlockMs).
 */
const HISTORY: WalkLimits = { txsWanted: LATEST_TXS, windowMs: 180_000, blocksMax: BLOCKS_KEPT, parallel: 4 };

export interface LiveSnapshot {
  status: StatusResponse | undefined;
  /** Newest first. */
  blocks: readonly BlockEventJson[];
  /** Newest first; from the event stream (receipts included) or read back. */
  txs: readonly TxEventJson[];
  /** The commit of the latest block read: who signed it. */
  latestCommit: BlockResponse['commit'] | undefined;
  /** How many blocks the walk back at start read: undefined until it ends. */
  blocksSearched: number | undefined;
  connected: boolean;
  /** Bumped on every change, so hooks re-render. */
  version: number;
}

type Listener = (snapshot: LiveSnapshot) => void;
type TxListener = (event: TxEventJson) => void;

class LiveChain {
  private snapshot: LiveSnapshot = { status: undefined, blocks: [], txs: [], latestCommit: undefined, blocksSearched: undefined, connected: false, version: 0 };
  private readonly listeners = new Set<Listener>();
  private readonly txListeners = new Set<TxListener>();
  private source: EventSource | undefined;
  private backfilling = false;
  private historyRead = false;

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

  /** Reads back the chain's recent past once, then the blocks between what is held and `height` (at most BACKFILL_BLOCKS). */
  private async backfill(height: number): Promise<void> {
    if (this.backfilling) return;
    this.backfilling = true;
    try {
      if (!this.historyRead) {
        this.historyRead = true;
        await this.readHistory(height);
        return;
      }
      const held = new Set(this.snapshot.blocks.map((b) => b.height));
      const wanted: number[] = [];
      for (let h = height; h >= 1 && h > height - BACKFILL_BLOCKS; h--) if (!held.has(h)) wanted.push(h);
      const read = await Promise.all(wanted.map((h) => client.block(h).catch(() => undefined)));
      this.addBlocks(read.filter((b): b is BlockResponse => b !== undefined).map(toBlockEvent));
    } finally {
      this.backfilling = false;
    }
  }

  /** Blocks back from `tip` until they hold the latest txs and fill the chart (HISTORY), then those txs. */
  private async readHistory(tip: number): Promise<void> {
    const held = new Map(this.snapshot.blocks.map((b) => [b.height, b]));
    const read = (height: number): Promise<BlockEventJson | undefined> => {
      const block = held.get(height);
      return block !== undefined ? Promise.resolve(block) : client.block(height).then(toBlockEvent, () => undefined);
    };
    let searched = 0;
    for await (const batch of walkBack(tip, read, HISTORY)) {
      this.addBlocks(batch);
      searched += batch.length;
    }
    await this.backfillTxs();
    this.update({ blocksSearched: searched });
  }

  /** The latest committed txs of the blocks held, read once at start so the list is not empty. */
  private async backfillTxs(): Promise<void> {
    const located = latestTxLocations(this.snapshot.blocks, LATEST_TXS);
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
