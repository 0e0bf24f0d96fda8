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
  /** The worker the job was sent to: if it exits, the job is failed, never left waiting. */
  worker: Worker;
  resolve: (verdicts: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * Verifies batches of Ed25519 signatures on worker threads (DESIGN: "off the main thread where that
 * pays"): the main thread makes the byte-level pre-check, the workers the OpenSSL equation. A batch
 * is split across the workers; verdicts come back in order. The workers hold the process open only
 * while a job runs, so no job may wait on a worker that is gone: when one exits (closed, or failed)
 * its jobs are refused, and one that stopped on its own is replaced (test/node/verify-pool.test.ts).
 */
export class VerifyPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextJobId = 0;
  private closed = false;

  constructor(size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, (_, slot) => this.spawn(slot));
  }

  private spawn(slot: number): Worker {
    const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', ({ jobId, verdicts }: { jobId: number; verdicts: Uint8Array }) => {
      const job = this.pending.get(jobId);
      this.pending.delete(jobId);
      job?.resolve(verdicts);
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      this.fail(worker, new Error(this.closed ? 'the verification pool is closed' : `a verification worker exited with ${code}`));
      if (!this.closed && this.workers[slot] === worker) this.workers[slot] = this.spawn(slot);
    });
    return worker;
  }

  /** Refuses the jobs sent to `worker`: it will not answer them. */
  private fail(worker: Worker, error: Error): void {
    for (const [jobId, job] of this.pending) {
      if (job.worker !== worker) continue;
      this.pending.delete(jobId);
      job.reject(error);
    }
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
    const packed = packJobs(jobs);
    return new Promise((resolve, reject) => {
      this.pending.set(jobId, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ jobId, packed }, [packed]);
    }).finally(() => {
      // Not once closing: terminate() holds each worker until it has exited (see ReportThread.run).
      if (this.pending.size === 0 && !this.closed) for (const w of this.workers) w.unref();
    }) as Promise<Uint8Array>;
  }

  /** Stops the workers; a batch still in flight is refused ('the verification pool is closed'). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * A batch of jobs as one transferable buffer, what verify-worker.mjs reads:
 *
 *   u32le n ‖ n × u32le message length ‖ n × public key (32) ‖ n × signature (64) ‖ the messages
 *
 * A job's arrays are often views into a larger buffer (a gossip frame, Node's pool of small
 * buffers); cloned as they were, each distinct backing buffer was copied whole into the worker and
 * 3 × n arrays made there (issue 13: postMessage was ~3 % of a validator's main thread at full load).
 * A public key or a signature of another length (the pre-check refuses those first) is refused here.
 */
export function packJobs(jobs: readonly VerifyJob[]): ArrayBuffer {
  const n = jobs.length;
  let messageBytes = 0;
  for (const job of jobs) {
    if (job.publicKey.length !== 32 || job.signature.length !== 64) throw new Error('a packed verification job has a 32-byte key and a 64-byte signature');
    messageBytes += job.message.length;
  }
  const buffer = new ArrayBuffer(4 + 4 * n + 96 * n + messageBytes);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  view.setUint32(0, n, true);
  let keys = 4 + 4 * n;
  let signatures = keys + 32 * n;
  let messages = signatures + 64 * n;
  for (let i = 0; i < n; i++) {
    const job = jobs[i];
    view.setUint32(4 + 4 * i, job.message.length, true);
    bytes.set(job.publicKey, keys);
    bytes.set(job.signature, signatures);
    bytes.set(job.message, messages);
    keys += 32;
    signatures += 64;
    messages += job.message.length;
  }
  return buffer;
}
