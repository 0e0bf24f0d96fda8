// `agora start` as real processes: one node per home (a second start is refused at once, naming the
// holder; a start after kill -9 is accepted, the lock died with its process) and a busy API port
// named with the flag that changes it (issue 17, items 1 and 3).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { open } from 'lmdb';
import { dataDirectory } from '../../src/node/home.ts';
import { runAgora, spawnNode, stopChild, type NodeChild } from '../helpers/testnet.ts';

const dir = mkdtempSync(join(tmpdir(), 'agora-start-'));
const started: NodeChild[] = [];
after(async () => {
  for (const node of started) await stopChild(node.child);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `agora start --home HOME --api 127.0.0.1:0` and waits for it to serve; returns its API URL. */
async function startServing(name: string, home: string): Promise<{ node: NodeChild; url: string }> {
  const node = spawnNode(name, home, { AGORA_LOG_LEVEL: 'info' }, ['--api', '127.0.0.1:0']);
  started.push(node);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const url = /node running[^\n]*?(http:\/\/127\.0\.0\.1:[0-9]+)|(http:\/\/127\.0\.0\.1:[0-9]+)[^\n]*node running/u.exec(node.stderr());
    if (url !== null) return { node, url: url[1] ?? url[2] };
    assert.equal(node.child.exitCode, null, `${name} exited: ${node.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not start: ${node.stderr()}`);
}

test('one node per home: a second start is refused naming the holder; after kill -9 a start is accepted', async () => {
  const home = join(dir, 'home');
  const first = await startServing('first', home);
  const pid = first.node.child.pid;

  const second = await runAgora(['start', '--home', home, '--api', '127.0.0.1:0']);
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`^error: home_in_use: home ${home} is in use by process ${pid};`, 'u'));
  const status = (await (await fetch(`${first.url}/v1/status`)).json()) as { height: number };
  assert.ok(status.height >= 0, 'the first node still serves');

  await stopChild(first.node.child, 'SIGKILL');
  const third = await startServing('third', home);
  const after = (await (await fetch(`${third.url}/v1/status`)).json()) as { chainId: string };
  assert.equal(after.chainId, 'agora-dev', 'the same home, started again');
  await stopChild(third.node.child, 'SIGTERM');
});

test('a busy API port is named with the flag that changes it', async () => {
  const holder = await startServing('holder', join(dir, 'holder'));
  const port = new URL(holder.url).port;
  const run = await runAgora(['start', '--home', join(dir, 'other'), '--api', `127.0.0.1:${port}`]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`^error: port_in_use: the API address 127\\.0\\.0\\.1:${port} is in use by another process; choose another port with --api HOST:PORT`, 'u'));
  await stopChild(holder.node.child, 'SIGTERM');
});

test('a home of another format version is refused at start, naming both versions and what to do (spec/chain.md §Versions)', async () => {
  const home = join(dir, 'versions');
  const first = await startServing('versions', home);
  await stopChild(first.node.child, 'SIGTERM');

  // The store, as a release before versions wrote it: no formatVersion.
  const raw = open({ path: dataDirectory(home), compression: false });
  await raw.openDB<string | number, string>({ name: 'meta' }).remove('formatVersion');
  await raw.close();
  const oldStore = await runAgora(['start', '--home', home, '--api', '127.0.0.1:0']);
  assert.equal(oldStore.code, 1, oldStore.stderr);
  assert.match(oldStore.stderr, /^error: unsupported_version: store format version 0 \(of the data directory\) is not the version this node reads, 2: run the Agora release that wrote this home, or start this release with a new home/mu);

  // A genesis of a later format.
  const genesisPath = join(home, 'genesis.json');
  writeFileSync(genesisPath, JSON.stringify({ ...JSON.parse(readFileSync(genesisPath, 'utf8')), version: 2 }));
  const newGenesis = await runAgora(['start', '--home', home, '--api', '127.0.0.1:0']);
  assert.equal(newGenesis.code, 1, newGenesis.stderr);
  assert.match(newGenesis.stderr, /^error: unsupported_version: genesis format version 2 \(in genesis\.json\) is not the version this node reads, 1: use the genesis\.json of the chain this release runs/mu);
});
