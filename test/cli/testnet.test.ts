import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGenesis, type GenesisJson } from '../../src/chain/genesis.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { loadKeyPair, readKeyInfo } from '../../src/crypto/keystore.ts';
import { DEV_ALLOCATION } from '../../src/node/home.ts';
import { peerIdFromSeed } from '../../src/p2p/index.ts';
import { initTestnet, type InitTestnetParameters, type TestnetError, type TestnetErrorCode } from '../../src/node/testnet.ts';
import { NODE_RUNTIME_FLAGS } from '../../src/node/runtime-flags.ts';
import { AGORA, getJson, isRunning, randomBasePort, runAgora, stopChild, waitUntil } from '../helpers/testnet.ts';

interface TestnetJson {
  chainId: string;
  created?: boolean;
  nodes: { index: number; home: string; api: string; p2p: string; peerId: string; validator: string }[];
}

const root = mkdtempSync(join(tmpdir(), 'agora-testnet-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function fails(args: string[], code: string): Promise<void> {
  const run = await runAgora([...args, '--json']);
  assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
  assert.equal(run.stdout, '');
  assert.equal((JSON.parse(run.stderr) as { error: { code: string } }).error.code, code, run.stderr);
}

describe('agora testnet init', () => {
  test('lays out N homes: distinct keys, one genesis, ports, peers, the dev key in each; --json shape', async () => {
    const dir = join(root, 'four');
    const basePort = 27_000;
    const run = await runAgora(['testnet', 'init', '--validators', '4', '--dir', dir, '--base-port', String(basePort), '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim().split('\n').length, 1, 'one JSON line');
    const out = JSON.parse(run.stdout) as TestnetJson;
    assert.deepEqual(Object.keys(out).sort(), ['chainId', 'nodes']);
    assert.equal(out.chainId, 'agora-testnet');
    assert.equal(out.nodes.length, 4);
    assert.deepEqual(readdirSync(dir).sort(), ['node0', 'node1', 'node2', 'node3']);

    const genesisTexts = out.nodes.map((node) => readFileSync(join(node.home, 'genesis.json'), 'utf8'));
    assert.equal(new Set(genesisTexts).size, 1, 'one genesis file, byte for byte');
    const hashes = new Set(genesisTexts.map((text) => parseGenesis(JSON.parse(text) as GenesisJson).hash));
    assert.equal(hashes.size, 1);
    const genesis = JSON.parse(genesisTexts[0]) as GenesisJson;
    assert.equal(genesis.chainId, 'agora-testnet');
    assert.deepEqual(genesis.validators.map((v) => v.address).sort(), out.nodes.map((n) => n.validator).sort());
    assert.ok(genesis.validators.every((v) => v.power === '1'));

    const devKeys = new Set<string>();
    for (const node of out.nodes) {
      assert.deepEqual(Object.keys(node).sort(), ['api', 'home', 'index', 'p2p', 'peerId', 'validator']);
      assert.equal(node.home, join(dir, `node${node.index}`));
      assert.equal(node.api, `127.0.0.1:${basePort + 2 * node.index}`);
      assert.equal(node.p2p, `127.0.0.1:${basePort + 2 * node.index + 1}`);
      const validator = JSON.parse(readFileSync(join(node.home, 'validator.json'), 'utf8')) as { address: string };
      assert.equal(validator.address, node.validator);
      assert.equal(statSync(join(node.home, 'validator.json')).mode & 0o777, 0o600);
      const nodeKey = JSON.parse(readFileSync(join(node.home, 'node-key.json'), 'utf8')) as { seed: string };
      assert.match(nodeKey.seed, /^[0-9a-f]{64}$/);
      assert.equal(statSync(join(node.home, 'node-key.json')).mode & 0o777, 0o600);
      assert.equal(await peerIdFromSeed(fromHex(nodeKey.seed)), node.peerId);

      const config = JSON.parse(readFileSync(join(node.home, 'config.json'), 'utf8')) as { api: string; p2p: string; peers: string[]; blockTimeMs: number; idleBlockMs: number };
      assert.equal(config.api, node.api);
      assert.equal(config.p2p, node.p2p);
      assert.ok(config.blockTimeMs > 0 && config.idleBlockMs > 0);
      const others = out.nodes.filter((other) => other.index !== node.index);
      assert.deepEqual(config.peers, others.map((other) => `/ip4/127.0.0.1/tcp/${basePort + 2 * other.index + 1}/p2p/${other.peerId}`));

      const info = await readKeyInfo(node.home, 'dev');
      assert.equal(info.protected, false);
      devKeys.add(readFileSync(join(node.home, 'keys', 'dev.json'), 'utf8'));
    }
    assert.equal(new Set(out.nodes.map((n) => n.validator)).size, 4, 'distinct validator keys');
    assert.equal(new Set(out.nodes.map((n) => n.peerId)).size, 4, 'distinct peer keys');
    assert.equal(devKeys.size, 1, 'the same dev keystore file in every home');
    const dev = await loadKeyPair(out.nodes[3].home, 'dev', '');
    assert.deepEqual(genesis.allocations, [{ address: dev.address, amount: DEV_ALLOCATION.toString() }]);
  });

  test('human output names every home and API URL; defaults: base port 26600, host 127.0.0.1', async () => {
    const dir = join(root, 'human');
    const run = await runAgora(['testnet', 'init', '--validators', '2', '--dir', dir]);
    assert.equal(run.code, 0, run.stderr);
    for (const index of [0, 1]) {
      assert.match(run.stdout, new RegExp(`api http://127\\.0\\.0\\.1:${26_600 + 2 * index} .*home ${join(dir, `node${index}`)}`));
    }
  });

  test('--host: one address per node goes into p2p and peers; the API stays on loopback', async () => {
    const dir = join(root, 'hosts');
    const run = await runAgora(['testnet', 'init', '--validators', '3', '--dir', dir, '--host', '10.0.0.1,10.0.0.2,10.0.0.3', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as TestnetJson;
    assert.deepEqual(out.nodes.map((n) => n.p2p), ['10.0.0.1:26601', '10.0.0.2:26603', '10.0.0.3:26605']);
    assert.deepEqual(out.nodes.map((n) => n.api), ['127.0.0.1:26600', '127.0.0.1:26602', '127.0.0.1:26604']);
    const peers = (JSON.parse(readFileSync(join(dir, 'node0', 'config.json'), 'utf8')) as { peers: string[] }).peers;
    assert.deepEqual(peers, [`/ip4/10.0.0.2/tcp/26603/p2p/${out.nodes[1].peerId}`, `/ip4/10.0.0.3/tcp/26605/p2p/${out.nodes[2].peerId}`]);
  });

  test('refusals: a non-empty dir, N outside 1..64, bad ports and hosts; nothing is written', async () => {
    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const fresh = join(root, 'never');
    // Through the command: each kind of refusal once (a child process costs ~2 s of CPU).
    await Promise.all([
      fails(['testnet', 'init', '--validators', '2', '--dir', occupied], 'dir_not_empty'),
      fails(['testnet', 'init', '--validators', '65', '--dir', fresh], 'bad_validators'),
      fails(['testnet', 'init', '--validators', 'four', '--dir', fresh], 'bad_validators'),
      fails(['testnet', 'init', '--validators', '3', '--dir', fresh, '--base-port', 'x'], 'bad_port'),
      fails(['testnet', 'init', '--dir', fresh], 'bad_usage'),
    ]);
    // The rest in-process, as a table.
    const refusals: [Partial<InitTestnetParameters>, TestnetErrorCode][] = [
      [{ dir: join(root, 'four') }, 'dir_not_empty'],
      [{ dir: join(occupied, 'notes.txt') }, 'dir_not_empty'],
      [{ validators: 0 }, 'bad_validators'],
      [{ validators: 65 }, 'bad_validators'],
      [{ validators: 1.5 }, 'bad_validators'],
      [{ basePort: 0 }, 'bad_port'],
      [{ validators: 3, basePort: 65_531 }, 'bad_port'],
      [{ hosts: ['example.org'] }, 'bad_host'],
      [{ hosts: ['0.0.0.0'] }, 'bad_host'],
      [{ hosts: ['::'] }, 'bad_host'],
      [{ validators: 3, hosts: ['10.0.0.1', '10.0.0.2'] }, 'bad_host'],
    ];
    for (const [parameters, code] of refusals) {
      await assert.rejects(initTestnet({ dir: fresh, validators: 2, nowMs: 0, ...parameters }), (error: TestnetError) => error.code === code, JSON.stringify(parameters));
    }
    assert.deepEqual(readdirSync(occupied), ['notes.txt']);
    assert.equal(existsSync(fresh), false);
  });
});

describe('agora testnet (runs every node)', () => {
  test('refuses a dir holding something else or a testnet of another size', async () => {
    await Promise.all([
      fails(['testnet', '--validators', '2', '--dir', join(root, 'occupied')], 'dir_not_empty'),
      fails(['testnet', '--validators', '3', '--dir', join(root, 'four')], 'testnet_mismatch'),
      fails(['testnet', '--validators', '4', '--dir', join(root, 'four'), '--base-port', '26600'], 'testnet_mismatch'),
    ]);
  });

  test('starts N nodes with [nodeI] log lines, reports a dead one and keeps the rest, stops all on SIGTERM, reuses the dir', { timeout: 240_000 }, async () => {
    const dir = join(root, 'run');
    const basePort = randomBasePort(2);
    const urls = [0, 1].map((i) => `http://127.0.0.1:${basePort + 2 * i}`);
    const first = runTestnet(['testnet', '--validators', '2', '--dir', dir, '--base-port', String(basePort), '--json']);
    try {
      await waitUntil(() => first.lines().some((l) => l.startsWith('{')), 60_000, 'the JSON line', first.tail);
      const out = JSON.parse(first.stdout()) as TestnetJson;
      assert.equal(out.created, true);
      assert.deepEqual(out.nodes.map((n) => `http://${n.api}`), urls);
      await waitUntil(async () => (await Promise.all(urls.map((url) => getJson(`${url}/v1/status`, 2_000).then(() => true, () => false)))).every(Boolean), 90_000, 'both APIs', first.tail, 250);
      assert.ok(first.stderrLines().some((l) => l.startsWith('[node0] ')) && first.stderrLines().some((l) => l.startsWith('[node1] ')), first.tail());

      const pids = [0, 1].map((i) => Number(/node\d started \(pid (\d+)\)/.exec(first.stderrLines().find((l) => l.startsWith(`[testnet] node${i} started`)) ?? '')?.[1]));
      assert.ok(pids.every((pid) => pid > 0), first.tail());
      for (const pid of pids) {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        assert.deepEqual(argv.slice(1, 1 + NODE_RUNTIME_FLAGS.length), [...NODE_RUNTIME_FLAGS], `node ${pid} runs with the node's runtime flags: ${argv.join(' ')}`);
      }
      process.kill(pids[0], 'SIGKILL');
      await waitUntil(() => first.stderrLines().some((l) => /^\[testnet\] node0 exited on SIGKILL; 1 other node\(s\) keep running/.test(l)), 20_000, 'the report of node0', first.tail);
      await getJson(`${urls[1]}/v1/status`);
      assert.ok(isRunning(first.child));

      first.child.kill('SIGTERM');
      const code = await first.exited(30_000);
      assert.equal(code, 0, first.tail());
      assert.throws(() => process.kill(pids[1], 0), 'node1 is stopped');
    } finally {
      await stopChild(first.child);
      killNodes(first.stderrLines());
    }

    const second = runTestnet(['testnet', '--validators', '2', '--dir', dir]);
    try {
      await waitUntil(() => second.lines().some((l) => l.includes('node logs follow')), 60_000, 'the human lines', second.tail);
      assert.match(second.stdout(), /reusing 2 validator\(s\)/);
      await waitUntil(() => getJson(`${urls[1]}/v1/status`, 2_000).then(() => true, () => false), 90_000, 'node1 again', second.tail, 250);
      second.child.kill('SIGINT');
      assert.equal(await second.exited(30_000), 0, second.tail());
    } finally {
      await stopChild(second.child);
      killNodes(second.stderrLines());
    }
  });
});

/** The runner's children live in their own process groups: kill any it left behind (a failed test). */
function killNodes(stderrLines: string[]): void {
  for (const line of stderrLines) {
    const pid = Number(/^\[testnet\] node\d+ started \(pid (\d+)\)/.exec(line)?.[1] ?? 0);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** `agora ARGS` left running: its stdout and stderr lines as they come. */
function runTestnet(args: string[]) {
  // Info level, so that each node says something the runner must prefix.
  const child = spawn(process.execPath, [AGORA, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGORA_LOG_LEVEL: 'info' } });
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => stdoutLines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => stderrLines.push(line));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines: () => stdoutLines,
    stdout: () => stdoutLines.join('\n'),
    stderrLines: () => stderrLines,
    tail: () => `stdout:\n${stdoutLines.join('\n')}\nstderr:\n${stderrLines.slice(-30).join('\n').slice(-6_000)}`,
    exited: async (timeoutMs: number): Promise<number | null> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`agora ${args.join(' ')} did not exit in ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([exit, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
