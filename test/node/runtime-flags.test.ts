// The node's V8 flags (src/node/runtime-flags.ts, spec/node.md §Runtime flags) are passed by every
// way this repository starts a node: `npm start` here, `agora testnet` in test/cli/testnet.test.ts
// (read back from each child's /proc cmdline), the benches through bench/node-process.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NODE_RUNTIME_FLAGS } from '../../src/node/runtime-flags.ts';

test('npm start runs bin/agora.js start with the node\'s runtime flags, and they are V8 flags node accepts', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, `node ${NODE_RUNTIME_FLAGS.join(' ')} bin/agora.js start`);
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, [...NODE_RUNTIME_FLAGS, '-e', "process.stdout.write(String(require('node:v8').getHeapSpaceStatistics().length))"], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) > 0);
});
