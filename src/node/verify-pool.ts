import { Worker } from 'node:worker_threads';
import { precheckEd25519 } from '../crypto/ed25519.ts';

export interface VerifyJob {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/**
 * Workers for a machine of `parallelism` threads: all but one, which the main thread keeps for
 * consensus, HTTP and commits; at least one, so a single core still verifies off the event loop.
 */
export function verifyPoolSize(parallelism: number): number {
  return Math.max(1, Math.floor(parallelism) - 1);
}

interface Pending {
  resolve: (verdicts: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * Verifies batches of Ed25519 signatures on worker threads (DESIGN: "off the main thread where that
 * pays"): the main thread makes the byte-level pre-check, the workers the OpenSSL equation. A batch
 * is split across the workers; verdicts come back in order.
 */
export class VerifyPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextJobId = 0;
  private closed = false;

  constructor(size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', ({ jobId, verdicts }: { jobId: number; verdicts: Uint8Array }) => {
      const job = this.pending.get(jobId);
      this.pending.delete(jobId);
      job?.resolve(verdicts);
    });
    worker.on('error', (error) => {
      for (const [, job] of this.pending) job.reject(error);
      this.pending.clear();
    });
    return worker;
  }

  /** One verdict per job, in order; true only when the pre-check and the equation both pass. */
  async verify(jobs: VerifyJob[]): Promise<boolean[]> {
    if (this.closed) throw new Error('the verification pool is closed');
    const verdicts = jobs.map((job) => precheckEd25519(job.publicKey, job.signature).ok);
    const toCheck = jobs.map((_, i) => i).filter((i) => verdicts[i]);
    const share = Math.ceil(toCheck.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, w) => this.run(worker, toCheck.slice(w * share, (w + 1) * share).map((i) => jobs[i]))),
    );
    let k = 0;
    for (const part of parts) for (const verdict of part) verdicts[toCheck[k++]] = verdict === 1;
    return verdicts;
  }

  private run(worker: Worker, jobs: VerifyJob[]): Promise<Uint8Array> {
    if (jobs.length === 0) return Promise.resolve(new Uint8Array(0));
    const jobId = this.nextJobId++;
    return new Promise((resolve, reject) => {
      this.pending.set(jobId, { resolve, reject });
      worker.ref();
      worker.postMessage({
        jobId,
        publicKeys: jobs.map((j) => j.publicKey),
        messages: jobs.map((j) => j.message),
        signatures: jobs.map((j) => j.signature),
      });
    }).finally(() => {
      if (this.pending.size === 0) for (const w of this.workers) w.unref();
    }) as Promise<Uint8Array>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
