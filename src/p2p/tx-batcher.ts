/**
 * Collects the txs the node gossips into batches (spec/p2p.md §Tx batches): a batch leaves when it
 * holds TX_BATCH_TXS_MAX txs, when the next tx would take it past TX_BATCH_BYTES_MAX, or
 * TX_BATCH_WINDOW_MS after its first tx, whichever comes first. So a client's HTTP batch of 256 leaves
 * at once and a trickle of single txs waits at most one window. Timers come in as a port, so the
 * bounds are tested without waiting.
 */
import { TX_BATCH_BYTES_MAX, TX_BATCH_TXS_MAX, TX_BATCH_WINDOW_MS } from './limits.ts';

export interface BatchTimer {
  cancel(): void;
}

export interface TxBatcherOptions {
  /** Sends one batch: 1 to TX_BATCH_TXS_MAX txs, at most TX_BATCH_BYTES_MAX bytes together. */
  send: (txs: Uint8Array[]) => void;
  /** Runs `callback` once after `ms`; setTimeout by default. */
  after?: (ms: number, callback: () => void) => BatchTimer;
  windowMs?: number;
}

function systemAfter(ms: number, callback: () => void): BatchTimer {
  const handle = setTimeout(callback, ms);
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
}

export class TxBatcher {
  private readonly options: TxBatcherOptions;
  private txs: Uint8Array[] = [];
  private bytes = 0;
  private timer: BatchTimer | null = null;

  constructor(options: TxBatcherOptions) {
    this.options = options;
  }

  /** Queues txs to gossip, in order. A tx over TX_BATCH_BYTES_MAX alone cannot exist (TX_BYTES_MAX is 16 KiB). */
  add(txs: readonly Uint8Array[]): void {
    for (const tx of txs) {
      if (this.txs.length > 0 && this.bytes + tx.length > TX_BATCH_BYTES_MAX) this.flush();
      this.txs.push(tx);
      this.bytes += tx.length;
      if (this.txs.length >= TX_BATCH_TXS_MAX) this.flush();
    }
    if (this.txs.length > 0 && this.timer === null) {
      this.timer = (this.options.after ?? systemAfter)(this.options.windowMs ?? TX_BATCH_WINDOW_MS, () => {
        this.timer = null;
        this.flush();
      });
    }
  }

  /** Txs waiting for their batch to leave. */
  get pending(): number {
    return this.txs.length;
  }

  /** Sends what is waiting now (also on stop: a queued tx is not held back). */
  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.txs.length === 0) return;
    const batch = this.txs;
    this.txs = [];
    this.bytes = 0;
    this.options.send(batch);
  }
}
