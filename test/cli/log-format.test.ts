// `agora start --log-format <json|pretty>` (issue 17 item 5): a bad value is a usage error naming the
// allowed ones (in process); `pretty` reaches the node's logger (one real process, whose stderr is a
// pipe and so would be JSON without the flag).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../src/cli/main.ts';
import { spawnNode, stopChild, waitUntil, type NodeChild } from '../helpers/testnet.ts';

const dir = mkdtempSync(join(tmpdir(), 'agora-log-format-'));
const started: NodeChild[] = [];
after(async () => {
  for (const node of started) await stopChild(node.child);
  rmSync(dir, { recursive: true, force: true });
});

test('a --log-format other than json or pretty is bad_usage naming both', async () => {
  let stderr = '';
  const io = { env: {}, writeOut: () => {}, writeErr: (text: string) => void (stderr += text) };
  const code = await runCli(['node', 'agora', 'start', '--home', join(dir, 'unused'), '--log-format', 'xml'], io);
  assert.equal(code, 1);
  assert.equal(stderr, 'error: bad_usage: --log-format must be json or pretty, not "xml"\n');
});

test('--log-format pretty prints readable lines even when stderr is a pipe', async () => {
  const node = spawnNode('pretty', join(dir, 'home'), { AGORA_LOG_LEVEL: 'info', NO_COLOR: '1' }, ['--api', '127.0.0.1:0', '--log-format', 'pretty']);
  started.push(node);
  await waitUntil(() => /node running/u.test(node.stderr()), 60_000, 'the node to start', () => node.stderr());
  const line = node.stderr().split('\n').find((text) => text.includes('node running')) ?? '';
  assert.match(line, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: node running; explorer at \/ \{"api":"http:\/\/127\.0\.0\.1:\d+"/u);
  await stopChild(node.child, 'SIGTERM');
  assert.equal(node.child.exitCode, 0, node.stderr());
});
