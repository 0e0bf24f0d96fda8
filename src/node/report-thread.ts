import { Worker } from 'node:worker_threads';
import type { ListingsResponse } from '../wire/types.ts';
import type { ThreadReadResults } from './thread-reads.ts';
import { NodeError, type NodeErrorCode } from './errors.ts';
import type { ReportAnswer, ReportJob, ReportTask, ReportWorkerData } from './report-worker.ts';

/** What each kind of task answers. */
export interface ReportTaskResults extends ThreadReadResults {
  item: { height: number; text: Uint8Array };
  reputation: { height: number; text: Uint8Array };
  listings: ListingsResponse;
  ping: null;
}

/** `idle` before the first job, `starting` until the worker answered one, `ready`, `closed` once stopped. */
export type ReportThreadState = 'idle' | 'starting' | 'ready' | 'closed';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The node's read thread (report-worker.ts), shared by the reads too heavy for the thread that runs
 * consensus (issue 12, attack 4; issue 14): provenance reports, reputation reports, listing
 * searches, arbiter queues, review lists and evidence documents. One worker over a read-only LMDB handle takes its jobs in the order they were sent, one
 * at a time, so all of them together take one core at most and consensus keeps the other. The callers
 * (reports.ts, listing-searches.ts, thread-reads.ts) bound how many wait. `prewarm` starts it before the first request
 * (loading its modules takes ~1 s through tsx); it holds the process open only while a job runs.
 */
export class ReportThread {
  private readonly data: ReportWorkerData;
  private readonly pending = new Map<number, Pending>();
  private worker: Worker | null = null;
  private nextJob = 0;
  private closed = false;
  private answered = false;
  /** Jobs answered, of every kind (the prewarm's ping too): for tests. */
  jobsRun = 0;

  constructor(data: ReportWorkerData) {
    this.data = data;
  }

  /** Runs `task` on the thread; rejects with the NodeError the builder threw, or `shutting_down` once closed. */
  run<K extends keyof ReportTaskResults>(task: Extract<ReportTask, { kind: K }>): Promise<ReportTaskResults[K]> {
    if (this.closed) return Promise.reject(new NodeError('shutting_down', 'the node is stopping'));
    const worker = this.ensureWorker();
    const job = this.nextJob++;
    return new Promise<ReportTaskResults[K]>((resolve, reject) => {
      this.pending.set(job, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ ...task, job } as ReportJob);
    }).finally(() => {
      // Once closing, terminate() holds the worker until it has exited: unref'd now, nothing would
      // keep the process for that exit and the event loop could go empty under close().
      if (this.pending.size === 0 && !this.closed) this.worker?.unref();
    });
  }

  get state(): ReportThreadState {
    if (this.closed) return 'closed';
    if (this.worker === null) return 'idle';
    return this.answered ? 'ready' : 'starting';
  }

  /** Starts the thread and resolves once it has loaded its modules and opened the store. */
  async prewarm(): Promise<void> {
    await this.run({ kind: 'ping' });
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(reportWorkerUrl(), { workerData: this.data });
    worker.on('message', (answer: ReportAnswer) => {
      this.answered = true;
      this.jobsRun++;
      const job = this.pending.get(answer.job);
      this.pending.delete(answer.job);
      if (!answer.ok) job?.reject(new NodeError(answer.code as NodeErrorCode, answer.message));
      else if (answer.kind === 'listings') job?.resolve(answer.page);
      else if (answer.kind === 'read') job?.resolve(answer.value);
      else if (answer.kind === 'ping') job?.resolve(null);
      else job?.resolve({ height: answer.height, text: answer.text });
    });
    // A worker that fails takes its jobs with it; the next request starts a new one.
    const fail = (error: Error): void => {
      if (this.worker === worker) {
        this.worker = null;
        this.answered = false;
      }
      for (const [, job] of this.pending) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new NodeError('internal', `the report worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new NodeError(this.closed ? 'shutting_down' : 'internal', `the report worker exited with ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Stops the thread; jobs still running are answered `shutting_down`. Call before closing the store. */
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
