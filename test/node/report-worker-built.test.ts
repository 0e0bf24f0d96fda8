// The provenance report thread runs from the build (dist/report-worker.js, scripts/build.mjs) when the
// node runs from the build, as `agora start` does: through tsx it compiled its sources for ~1 s on
// first use. The built entry must start as a worker on a real store and answer a job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainStore } from '../../src/store/chain-store.ts';
import type { ReportAnswer, ReportWorkerData } from '../../src/node/report-worker.ts';
import { reportWorkerUrl } from '../../src/node/reports.ts';

const BUILT = join(import.meta.dirname, '..', '..', 'dist', 'report-worker.js');

test('run from the sources, the node starts the report thread through tsx', () => {
  assert.match(reportWorkerUrl().pathname, /src\/node\/report-worker\.mjs$/);
});

test('the built report thread starts on a store and answers a job with the builder’s own refusal', async () => {
  assert.ok(existsSync(BUILT), 'npm test builds dist/ first (scripts/test.mjs)');
  const dir = mkdtempSync(join(tmpdir(), 'agora-report-built-'));
  const store = new ChainStore(dir);
  await store.close();
  const workerData: ReportWorkerData = { dataDirectory: dir, chainId: 'agora-test', validators: [], blockTxsMax: 1_000, blockCacheBytesMax: 1 << 20 };
  // execArgv [] so that the test runner's tsx loader is not inherited: the built file needs none.
  const worker = new Worker(BUILT, { workerData, execArgv: [] });
  try {
    const answer = await new Promise<ReportAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ job: 7, item: 'not-an-item-id' });
    });
    assert.deepEqual({ job: answer.job, ok: answer.ok, code: answer.ok ? null : answer.code }, { job: 7, ok: false, code: 'bad_item_id' });
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
});
