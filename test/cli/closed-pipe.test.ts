// `agora … | head -1`: the reader closes the pipe after its first line. The command must end quietly
// with 0, as Unix tools do, not crash on an unhandled EPIPE with a stack trace on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));

test('a reader that closes the pipe early ends the command quietly with 0', async () => {
  // The reader is gone before the command writes anything (the race `head -1` loses when the help
  // comes in several writes): every write meets a closed pipe.
  const child = spawn(process.execPath, [AGORA, 'market', 'create', '--help'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, killSignal: 'SIGKILL' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
  assert.equal(stderr, '', 'nothing on stderr');
  assert.equal(code, 0);
});
