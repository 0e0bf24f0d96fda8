import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BlockEvent, TxEvent } from '../node/events.ts';
import type { ApiNode } from './context.ts';

/**
 * Prometheus metrics of one node and its API (spec/api.md §Metrics). Each server has its own
 * Registry, so several servers can run in one process (tests).
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly node: ApiNode;
  private readonly height: Gauge;
  private readonly mempoolSize: Gauge;
  private readonly subscribers: Gauge;
  private readonly blocksCommitted: Counter;
  private readonly txsCommitted: Counter<'code'>;
  private readonly rejections: Counter<'code'>;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly subscriberCount: () => number;
  private readonly onBlock = (_event: BlockEvent): void => this.blocksCommitted.inc();
  private readonly onTx = (event: TxEvent): void => this.txsCommitted.inc({ code: event.receipt.code });

  constructor(node: ApiNode, subscriberCount: () => number) {
    this.node = node;
    this.subscriberCount = subscriberCount;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.height = new Gauge({ name: 'agora_height', help: 'committed height', registers });
    this.mempoolSize = new Gauge({ name: 'agora_mempool_size', help: 'txs in the mempool', registers });
    this.subscribers = new Gauge({ name: 'agora_event_subscribers', help: 'open event streams', registers });
    this.blocksCommitted = new Counter({ name: 'agora_blocks_committed_total', help: 'blocks committed since start', registers });
    this.txsCommitted = new Counter({ name: 'agora_txs_committed_total', help: 'txs committed since start, by receipt code', labelNames: ['code'], registers });
    this.rejections = new Counter({ name: 'agora_submit_rejections_total', help: 'txs refused at submit, by code', labelNames: ['code'], registers });
    this.requestSeconds = new Histogram({
      name: 'agora_http_request_duration_seconds',
      help: 'HTTP request durations, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    node.events.on('block', this.onBlock);
    node.events.on('tx', this.onTx);
  }

  countRejection(code: string): void {
    this.rejections.inc({ code });
  }

  /** `route` is the route pattern (`/v1/txs/:id`), never the raw URL, to keep label values bounded. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  /** The Prometheus text exposition, with the gauges read now. */
  async render(): Promise<string> {
    this.height.set(this.node.reader.chain.height);
    this.mempoolSize.set(this.node.reader.mempool.size);
    this.subscribers.set(this.subscriberCount());
    return this.registry.metrics();
  }

  close(): void {
    this.node.events.off('block', this.onBlock);
    this.node.events.off('tx', this.onTx);
  }
}
