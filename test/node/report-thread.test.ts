// The read thread's ends (src/node/report-thread.ts), on a real worker over a real (empty) store: what
// AgoraNode.stop() does while the prewarm is still loading the thread's modules, and what a worker that
// exits on its own does to its jobs. The thread holds the process open only while a job runs, so any
// job left waiting on a worker that is gone would leave the test's event loop empty under it (the CI
// flake's signature, 'Promise resolution is still pending but the event loop has already resolved').
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { NodeError } from '../../src/node/errors.ts';
import { ReportThread } from '../../src/node/report-thread.ts';
import { ChainStore } from '../../src/store/chain-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'agora-report-thread-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = { dataDirectory: dir, chainId: 'agora-test', validators: [], blockTxsMax: 1_000, blockCacheBytesMax: 1 << 20 };
const refusedWith = (code: string) => (error: unknown) => error instanceof NodeError && error.code === code;

test('closed while the prewarm still loads the thread, every job is answered shutting_down and none is taken after', async () => {
  const store = new ChainStore(dir);
  await store.close();
  const thread = new ReportThread(data);
  const prewarm = thread.prewarm();
  const read = thread.run({ kind: 'evidence', height: 'latest' });
  assert.equal(thread.state, 'starting');
  await thread.close();
  await assert.rejects(prewarm, refusedWith('shutting_down'));
  await assert.rejects(read, refusedWith('shutting_down'));
  await assert.rejects(thread.run({ kind: 'ping' }), refusedWith('shutting_down'));
  assert.equal(thread.state, 'closed');
});

test('a thread that exits on its own fails its jobs with internal; the next job starts a new one', async (context) => {
  const thread = new ReportThread(data);
  context.after(() => thread.close());
  await thread.prewarm();
  const worker = (thread as unknown as { worker: Worker }).worker;
  // Stopped before the job is posted, so the job cannot be answered first.
  const exited = worker.terminate();
  const job = thread.run({ kind: 'ping' });
  await exited;
  await assert.rejects(job, refusedWith('internal'));
  // A store at height 0: `latest` is no block, answered by the new thread.
  await assert.rejects(thread.run({ kind: 'evidence', height: 'latest' }), refusedWith('not_found'));
  assert.notEqual((thread as unknown as { worker: Worker }).worker, worker);
  assert.equal(thread.state, 'ready');
});
