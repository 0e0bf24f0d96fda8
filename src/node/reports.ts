import { Worker } from 'node:worker_threads';
import type { ChainValidator } from '../chain/validators.ts';
import { ByteLru } from './byte-lru.ts';
import { NodeError, type NodeErrorCode } from './errors.ts';
import { REPORT_BLOCK_CACHE_BYTES_MAX, REPORT_BLOCK_TXS_MAX, REPORT_CACHE_BYTES_MAX, REPORT_REQUESTS_MAX } from './limits.ts';
import type { ReportAnswer, ReportJob, ReportWorkerData } from './report-worker.ts';

/** The bounds of report building (spec/limits.md §3); tests lower them. */
export interface ReportLimits {
  /** Requests waiting for a build at once; one more is refused with `too_many_reports`. */
  requestsMax: number;
  /** Report texts kept by (item, height). */
  cacheBytesMax: number;
  /** The txs of the blocks one report spans; more is `report_too_large`. */
  blockTxsMax: number;
  /** Loaded blocks the worker keeps. */
  blockCacheBytesMax: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  requestsMax: REPORT_REQUESTS_MAX,
  cacheBytesMax: REPORT_CACHE_BYTES_MAX,
  blockTxsMax: REPORT_BLOCK_TXS_MAX,
  blockCacheBytesMax: REPORT_BLOCK_CACHE_BYTES_MAX,
};

export interface ItemReportsOptions {
  dataDirectory: string;
  chainId: string;
  validators: ChainValidator[];
  /** The node's committed height: a report is cached by the height it proves completeness at. */
  height: () => number;
  limits?: Partial<ReportLimits>;
  /** Builds in place of the worker thread: tests of the bounds and the cache (test/node/reports.test.ts). */
  buildOn?: (item: string) => Promise<BuiltReport>;
}

/** A report's canonical text in UTF-8 and the height it proves completeness at (its state block). */
export interface BuiltReport {
  height: number;
  text: Uint8Array;
}

/** Counts for tests and metrics: a cached or shared answer is not a build. */
export interface ReportStats {
  builds: number;
  cacheHits: number;
  refused: number;
}

interface Pending {
  resolve: (built: BuiltReport) => void;
  reject: (error: Error) => void;
}

/**
 * Provenance reports (spec/provenance.md §4), built off the thread that runs consensus (issue 12,
 * attack 4: a report built on it held consensus and /v1/status for 9.8 s). One worker thread
 * (report-worker.ts) reads the store read-only and builds one report at a time, so the reports of
 * many clients take one core at most and consensus keeps the other. Each answer is bounded three ways:
 * the work of one report (`blockTxsMax`, `report_too_large`), the requests waiting at once
 * (`requestsMax`, `too_many_reports`), and the texts kept (`cacheBytesMax`, by (item, height): the same
 * report asked again before the next block is not built again; the same one asked while it is being
 * built waits for that build).
 */
export class ItemReports {
  readonly stats: ReportStats = { builds: 0, cacheHits: 0, refused: 0 };
  private readonly options: ItemReportsOptions;
  private readonly limits: ReportLimits;
  private readonly cache: ByteLru<string, Uint8Array>;
  private readonly building = new Map<string, Promise<BuiltReport>>();
  private readonly pending = new Map<number, Pending>();
  private worker: Worker | null = null;
  private nextJob = 0;
  private waiting = 0;
  private closed = false;

  constructor(options: ItemReportsOptions) {
    this.options = options;
    this.limits = { ...DEFAULT_REPORT_LIMITS, ...options.limits };
    this.cache = new ByteLru(this.limits.cacheBytesMax);
  }

  /** The report of item `id` at the latest height, as its canonical text in UTF-8. */
  async itemReport(id: string): Promise<Uint8Array> {
    if (this.closed) throw new NodeError('shutting_down', 'the node is stopping');
    const key = `${id}@${this.options.height()}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return cached;
    }
    if (this.waiting >= this.limits.requestsMax) {
      this.stats.refused++;
      throw new NodeError('too_many_reports', `${this.limits.requestsMax} provenance reports are being built; try again in a few seconds`);
    }
    this.waiting++;
    try {
      let build = this.building.get(key);
      if (build === undefined) {
        build = this.build(id).finally(() => this.building.delete(key));
        this.building.set(key, build);
      }
      return (await build).text;
    } finally {
      this.waiting--;
    }
  }

  private async build(id: string): Promise<BuiltReport> {
    this.stats.builds++;
    const built = await (this.options.buildOn ?? ((item: string) => this.run(item)))(id);
    this.cache.set(`${id}@${built.height}`, built.text, built.text.length);
    return built;
  }

  private run(item: string): Promise<BuiltReport> {
    const worker = this.ensureWorker();
    const job = this.nextJob++;
    return new Promise<BuiltReport>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      worker.ref();
      worker.postMessage({ job, item } satisfies ReportJob);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const workerData: ReportWorkerData = {
      dataDirectory: this.options.dataDirectory,
      chainId: this.options.chainId,
      validators: this.options.validators,
      blockTxsMax: this.limits.blockTxsMax,
      blockCacheBytesMax: this.limits.blockCacheBytesMax,
    };
    const worker = new Worker(reportWorkerUrl(), { workerData });
    worker.on('message', (answer: ReportAnswer) => {
      const job = this.pending.get(answer.job);
      this.pending.delete(answer.job);
      if (answer.ok) job?.resolve({ height: answer.height, text: answer.text });
      else job?.reject(new NodeError(answer.code as NodeErrorCode, answer.message));
    });
    // A worker that fails takes its jobs with it; the next request starts a new one.
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const [, job] of this.pending) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new NodeError('internal', `the report worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new NodeError(this.closed ? 'shutting_down' : 'internal', `the report worker exited with ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** Stops the worker; requests still waiting are answered `shutting_down`. Call before closing the store. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
    this.worker = null;
  }
}

/** Defined by the build's banner in every chunk of dist/ (scripts/build.mjs); absent when run from the sources. */
declare const __agoraBuiltChunkUrl: string | undefined;

/**
 * The report thread's entry: dist/report-worker.js beside this chunk when running the build (what
 * `agora start` runs), else report-worker.mjs, which loads the TypeScript through tsx (the tests).
 */
export function reportWorkerUrl(): URL {
  return typeof __agoraBuiltChunkUrl === 'string' ? new URL('./report-worker.js', __agoraBuiltChunkUrl) : new URL('./report-worker.mjs', import.meta.url);
}
