// Closing a worker whose job's answer is already queued (the CI flake of 2026-12-03: six tests of
// test/cli/verify.test.ts cancelled with 'Promise resolution is still pending but the event loop has
// already resolved' while an in-process node stopped). `terminate()` refs the worker until it has
// exited, but the answered job's `finally` then saw no job left and unref'd it again, so nothing held
// the process for the exit that `close()` awaited. Both the read thread and the verification pool
// did this; each is closed here with an answer queued, in a child process so that an empty event
// loop shows as that process ending early (fixtures/close-with-answer-queued.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/close-with-answer-queued.ts', import.meta.url));

function closeWithAnswerQueued(which: 'read-thread' | 'verify-pool'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), `agora-close-${which}-`));
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', FIXTURE, which, join(dir, 'data')], { timeout: 120_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      if (error && typeof error.code !== 'number') reject(new Error(`${which} did not finish: ${error.message}\n${stderr}`));
      else resolve({ code: child.exitCode, stdout, stderr });
    });
  });
}

for (const which of ['read-thread', 'verify-pool'] as const) {
  test(`${which}: close() with a job's answer queued resolves; the event loop never goes empty under it`, async () => {
    const run = await closeWithAnswerQueued(which);
    assert.doesNotMatch(run.stdout, /event loop empty/, run.stdout + run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), Array(4).fill('closed: answered'), run.stdout + run.stderr);
    assert.equal(run.code, 0, run.stderr);
  });
}
