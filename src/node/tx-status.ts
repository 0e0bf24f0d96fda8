import type { Receipt } from '../ledger/types.ts';
import type { NodeEvents, TxEvent, EvictedEvent } from './events.ts';
import type { StoreReader } from './store-port.ts';
import type { Timers } from './timing.ts';

export type TxStatus =
  | { status: 'committed'; height: number; index: number; receipt: Receipt }
  | { status: 'pending' }
  | { status: 'unknown' };

type Waiter = (status: TxStatus) => void;

/**
 * Where a tx is (committed, pending or unknown) and a wait for its commit (`?wait=commit`), read from
 * the store, the mempool and the event stream. Part of the query side: it writes nothing.
 */
export class TxStatusTracker {
  private readonly store: Pick<StoreReader, 'getTxLocation' | 'getReceipt'>;
  private readonly isPending: (id: string) => boolean;
  private readonly events: NodeEvents;
  private readonly timers: Timers;
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(parts: { store: Pick<StoreReader, 'getTxLocation' | 'getReceipt'>; isPending: (id: string) => boolean; events: NodeEvents; timers: Timers }) {
    this.store = parts.store;
    this.isPending = parts.isPending;
    this.events = parts.events;
    this.timers = parts.timers;
    this.events.on('tx', this.onTx);
    this.events.on('evicted', this.onEvicted);
  }

  txStatus(id: string): TxStatus {
    const location = this.store.getTxLocation(id);
    if (location !== undefined) {
      const receipt = this.store.getReceipt(id) as Receipt;
      return { status: 'committed', height: location.height, index: location.index, receipt };
    }
    return this.isPending(id) ? { status: 'pending' } : { status: 'unknown' };
  }

  /** Resolves when the tx is durably committed, or with its current status after `timeoutMs`. */
  waitForCommit(id: string, timeoutMs: number): Promise<TxStatus> {
    const now = this.txStatus(id);
    if (now.status !== 'pending') return Promise.resolve(now);
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = (status: TxStatus): void => {
        timer.cancel();
        set.delete(done);
        if (set.size === 0) this.waiters.delete(id);
        resolve(status);
      };
      const timer = this.timers.after(timeoutMs, () => done(this.txStatus(id)));
      set.add(done);
    });
  }

  /** Every wait answers `pending` now (the node is stopping). */
  close(): void {
    this.events.off('tx', this.onTx);
    this.events.off('evicted', this.onEvicted);
    for (const [, set] of this.waiters) for (const resolve of [...set]) resolve({ status: 'pending' });
    this.waiters.clear();
  }

  private readonly onTx = (event: TxEvent): void => {
    this.resolveAll(event.id, { status: 'committed', height: event.height, index: event.index, receipt: event.receipt });
  };

  private readonly onEvicted = (event: EvictedEvent): void => {
    this.resolveAll(event.id, { status: 'unknown' });
  };

  private resolveAll(id: string, status: TxStatus): void {
    const waiters = this.waiters.get(id);
    if (waiters !== undefined) for (const resolve of [...waiters]) resolve(status);
  }
}
