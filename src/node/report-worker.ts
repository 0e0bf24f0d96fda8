import { parentPort, workerData } from 'node:worker_threads';
import type { ChainValidator } from '../chain/validators.ts';
import { serializeReport } from '../client/provenance/report.ts';
import { serializeReputationReport } from '../client/reputation/report.ts';
import type { ListingsResponse } from '../wire/types.ts';
import type { ThreadRead } from './thread-reads.ts';
import { ChainStore } from '../store/chain-store.ts';
import { NodeError } from './errors.ts';
import { queryArbiterDisputes, searchListings, type ListingSearch } from './market-queries.ts';
import { queryBlockEvidence } from './queries.ts';
import { buildProvenanceReport } from './provenance.ts';
import { ReportBlockCache } from './report-blocks.ts';
import { buildReputationReport } from './reputation.ts';
import { queryReviews } from './reputation-queries.ts';

/**
 * The node's read thread (src/node/report-thread.ts starts it): the composition root of its own
 * thread, it opens the node's LMDB store read-only and runs one job at a time, so that no heavy read
 * holds the thread that runs consensus (issue 12, attack 4; issue 14): provenance reports, reputation
 * reports, listing searches, arbiter queues, review lists and evidence documents. Blocks a provenance report loaded stay in its cache for the next one.
 *
 * One job, one snapshot: each job runs in one synchronous run, and lmdb-js reads outside an explicit
 * transaction through one read transaction, renewed on the first read after it was reset and reset by
 * a timer (its `readTxnRenewed`, node_modules/lmdb/read.js), so every read of a job sees the same
 * committed state, and the height and block time a job names are that state's. Texts leave as UTF-8 bytes, moved to the main
 * thread without a copy.
 */
export interface ReportWorkerData {
  dataDirectory: string;
  chainId: string;
  validators: ChainValidator[];
  blockTxsMax: number;
  blockCacheBytesMax: number;
  /** The chain's native asset (genesis params): a reputation report proves its record. Absent: no reputation reports. */
  nativeAsset?: string;
}

/**
 * What the thread is asked: a provenance report, a reputation report, a listing search, one of the
 * reads of thread-reads.ts (an arbiter queue, a review list, an evidence document), or a sign of life (prewarm).
 */
export type ReportTask =
  | { kind: 'item'; item: string }
  | { kind: 'reputation'; subject: string }
  | { kind: 'listings'; search: ListingSearch; limit: number; after?: string }
  | ThreadRead
  | { kind: 'ping' };

/** A task with its number; an item job may omit `kind` (the thread's first protocol, test/node/report-worker-built.test.ts). */
export type ReportJob = (ReportTask | { kind?: undefined; item: string }) & { job: number };

export type ReportAnswer =
  | { job: number; ok: true; kind: 'item' | 'reputation'; height: number; text: Uint8Array }
  | { job: number; ok: true; kind: 'listings'; page: ListingsResponse }
  | { job: number; ok: true; kind: 'read'; value: unknown }
  | { job: number; ok: true; kind: 'ping' }
  | { job: number; ok: false; code: string; message: string };

const data = workerData as ReportWorkerData;
const store = new ChainStore(data.dataDirectory, { readOnly: true });
const blocks = new ReportBlockCache(data.blockCacheBytesMax);
const encoder = new TextEncoder();
if (parentPort === null) throw new Error('report-worker.ts runs only as a worker thread');
const port = parentPort;

/** "Now" is this snapshot's last block: its height and time (the `at` of a page). */
function now(): { height: number; timeMs: number } {
  return { height: store.height(), timeMs: Number(store.getMeta('lastTimeMs')) };
}

/** Runs one job, synchronously start to end (one snapshot, above). */
function answer(job: ReportJob): ReportAnswer {
  switch (job.kind) {
    case undefined:
    case 'item': {
      const report = buildProvenanceReport(store, data.chainId, data.validators, job.item, { blocks, blockTxsMax: data.blockTxsMax });
      return { job: job.job, ok: true, kind: 'item', height: report.state.height, text: encoder.encode(serializeReport(report)) };
    }
    case 'reputation': {
      if (data.nativeAsset === undefined) throw new NodeError('internal', 'this report thread was started without the native asset');
      const report = buildReputationReport(store, data.chainId, data.validators, data.nativeAsset, job.subject);
      return { job: job.job, ok: true, kind: 'reputation', height: report.block.header.height, text: encoder.encode(serializeReputationReport(report)) };
    }
    case 'listings':
      return { job: job.job, ok: true, kind: 'listings', page: searchListings({ store }, now(), job.search, job.limit, job.after) };
    case 'disputes':
      return { job: job.job, ok: true, kind: 'read', value: queryArbiterDisputes({ store }, now(), job.address, job.limit, job.after) };
    case 'reviews':
      return { job: job.job, ok: true, kind: 'read', value: queryReviews(store, job.subject, store.height()) };
    case 'evidence':
      return { job: job.job, ok: true, kind: 'read', value: queryBlockEvidence(store, data, store.height(), job.height) };
    case 'ping':
      return { job: job.job, ok: true, kind: 'ping' };
  }
}

/**
 * Jobs wait here and run one per turn of the event loop (setImmediate), never several in the turn
 * that delivered them: between two jobs the loop passes its timers, where lmdb-js ends the read
 * transaction of the last one, so each job reads the state as it is when the job starts (at most
 * ~1 ms older), not the snapshot of a job that ran before it.
 */
const queue: ReportJob[] = [];

function runNext(): void {
  const job = queue.shift();
  if (job === undefined) return;
  let reply: ReportAnswer;
  try {
    reply = answer(job);
  } catch (error) {
    reply = error instanceof NodeError
      ? { job: job.job, ok: false, code: error.code, message: error.message }
      : { job: job.job, ok: false, code: 'internal', message: `the ${job.kind ?? 'item'} job failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const transfer = reply.ok && (reply.kind === 'item' || reply.kind === 'reputation') ? [reply.text.buffer as ArrayBuffer] : [];
  port.postMessage(reply, transfer);
  if (queue.length > 0) setImmediate(runNext);
}

port.on('message', (job: ReportJob) => {
  queue.push(job);
  if (queue.length === 1) setImmediate(runNext);
});
