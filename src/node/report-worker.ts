import { parentPort, workerData } from 'node:worker_threads';
import type { ChainValidator } from '../chain/validators.ts';
import { serializeReport } from '../client/provenance/report.ts';
import { ChainStore } from '../store/chain-store.ts';
import { NodeError } from './errors.ts';
import { buildProvenanceReport } from './provenance.ts';
import { ReportBlockCache } from './report-blocks.ts';

/**
 * The provenance report thread (src/node/reports.ts starts it): the composition root of its own
 * thread, it opens the node's LMDB store read-only and builds one report at a time, so that a report
 * never holds the thread that runs consensus (issue 12, attack 4). Blocks it loaded stay in its cache
 * for the next report. Each report is built in one synchronous run, so it reads one snapshot of the
 * store; its text leaves as UTF-8 bytes, moved to the main thread without a copy.
 */
export interface ReportWorkerData {
  dataDirectory: string;
  chainId: string;
  validators: ChainValidator[];
  blockTxsMax: number;
  blockCacheBytesMax: number;
}

export interface ReportJob {
  job: number;
  item: string;
}

export type ReportAnswer = { job: number; ok: true; height: number; text: Uint8Array } | { job: number; ok: false; code: string; message: string };

const data = workerData as ReportWorkerData;
const store = new ChainStore(data.dataDirectory, { readOnly: true });
const blocks = new ReportBlockCache(data.blockCacheBytesMax);
const encoder = new TextEncoder();
const port = parentPort;
if (port === null) throw new Error('report-worker.ts runs only as a worker thread');

port.on('message', ({ job, item }: ReportJob) => {
  let answer: ReportAnswer;
  try {
    const report = buildProvenanceReport(store, data.chainId, data.validators, item, { blocks, blockTxsMax: data.blockTxsMax });
    answer = { job, ok: true, height: report.state.height, text: encoder.encode(serializeReport(report)) };
  } catch (error) {
    answer = error instanceof NodeError
      ? { job, ok: false, code: error.code, message: error.message }
      : { job, ok: false, code: 'internal', message: `the report could not be built: ${error instanceof Error ? error.message : String(error)}` };
  }
  port.postMessage(answer, answer.ok ? [answer.text.buffer as ArrayBuffer] : []);
});
