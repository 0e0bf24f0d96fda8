import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, isRunning, randomBasePort, runAgora, spawnNode, stopChild, tryGet, waitUntil, type NodeChild } from '../helpers/testnet.ts';

/**
 * Issue 12's "Must show" for evidence, with real processes on 127.0.0.1: a 4-validator testnet laid
 * out by `agora testnet init`, plus a fifth process started from a copy of node0's home (its
 * validator key, genesis and config; its own ports and libp2p identity): node0's key runs twice.
 * Whenever node0's key is drawn to propose, each twin builds a block at its own clock and signs a
 * proposal and a prevote for it, so the other validators hold two proposals and two prevotes of one
 * key for one (height, round). They gossip the evidence (spec/p2p.md §3.2), a later proposer
 * includes it, and every node's GET /v1/blocks/:h shows the same evidence with node0 as the offender;
 * the chain goes on. Every wait is bounded; every child is killed in `after`.
 */
const VALIDATORS = 4;
const BLOCK_TIME_MS = 150;
const IDLE_BLOCK_MS = 400;

interface Layout {
  chainId: string;
  nodes: { index: number; home: string; api: string; p2p: string; peerId: string; validator: string }[];
}
interface EvidenceJson {
  kind: 'duplicateVote' | 'proposalEquivocation';
  id: string;
  validator?: string;
  proposer?: string;
  height: number;
  round: number;
}
interface BlockJson {
  height: number;
  hash: string;
  header: { evidenceRoot: string };
  evidence: EvidenceJson[];
  offenders: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'agora-evidence-'));
const basePort = randomBasePort(VALIDATORS + 1);
const twinApi = `127.0.0.1:${basePort + 2 * VALIDATORS}`;
const twinP2p = `127.0.0.1:${basePort + 2 * VALIDATORS + 1}`;
const children: NodeChild[] = [];
let layout: Layout;

const urls = (): string[] => [...layout.nodes.map((n) => `http://${n.api}`), `http://${twinApi}`];

async function height(url: string): Promise<number> {
  return (await getJson<{ height: number }>(`${url}/v1/status`, 3_000).catch(() => ({ height: -1 }))).height;
}

function logs(): string {
  return children.map((c) => `--- ${c.name} (${isRunning(c.child) ? 'running' : `exited ${c.child.exitCode}`}):\n${c.stderr().slice(-3_000)}`).join('\n');
}

async function start(name: string, home: string, api: string): Promise<void> {
  const node = spawnNode(name, home);
  children.push(node);
  await waitUntil(
    async () => {
      if (!isRunning(node.child)) throw new Error(`${name} exited: ${node.stderr()}`);
      return (await tryGet(`http://${api}/v1/status`, 2_000))?.status === 200;
    },
    60_000,
    `${name}'s API`,
    () => node.stderr(),
  );
}

describe('one validator key in two processes', { timeout: 5 * 60_000 }, () => {
  before(async () => {
    const run = await runAgora(['testnet', 'init', '--validators', String(VALIDATORS), '--dir', dir, '--base-port', String(basePort), '--json']);
    assert.equal(run.code, 0, run.stderr);
    layout = JSON.parse(run.stdout) as Layout;
    for (const node of layout.nodes) {
      const path = join(node.home, 'config.json');
      const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...config, blockTimeMs: BLOCK_TIME_MS, idleBlockMs: IDLE_BLOCK_MS }, null, 2));
    }
    // The twin: node0's home without its libp2p identity (a fresh one is made at start), on its own
    // ports, dialling all four validators.
    const twinHome = join(dir, 'twin');
    cpSync(layout.nodes[0].home, twinHome, { recursive: true, filter: (source) => !source.endsWith('node-key.json') && !source.endsWith('data') });
    const peers = layout.nodes.map((n) => `/ip4/${n.p2p.split(':')[0]}/tcp/${n.p2p.split(':')[1]}/p2p/${n.peerId}`);
    writeFileSync(join(twinHome, 'config.json'), JSON.stringify({ api: twinApi, p2p: twinP2p, blockTimeMs: BLOCK_TIME_MS, idleBlockMs: IDLE_BLOCK_MS, peers }, null, 2));
    await Promise.all([...layout.nodes.map((n) => start(`node${n.index}`, n.home, n.api)), start('twin', twinHome, twinApi)]);
  });

  after(async () => {
    await Promise.all(children.map((c) => stopChild(c.child, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  });

  test('the double sign is gossiped and committed as evidence on every node, with node0 the offender; the chain goes on', async () => {
    const offender = layout.nodes[0].validator;
    const honest = layout.nodes.slice(1).map((n) => `http://${n.api}`);
    // Scan node1's blocks until one carries evidence (node0's key proposes about every 4th height).
    let found: BlockJson | null = null;
    let scanned = 0;
    await waitUntil(
      async () => {
        const tip = await height(honest[0]);
        for (let h = scanned + 1; h <= tip; h++) {
          const block = await getJson<BlockJson>(`${honest[0]}/v1/blocks/${h}`);
          scanned = h;
          if (block.evidence.length > 0) {
            found = block;
            return true;
          }
        }
        return false;
      },
      150_000,
      'a block carrying evidence',
      () => `scanned to height ${scanned}\n${logs()}`,
      250,
    );
    const block = found as unknown as BlockJson;
    assert.deepEqual(block.offenders, [offender]);
    for (const piece of block.evidence) {
      assert.equal(piece.kind === 'duplicateVote' ? piece.validator : piece.proposer, offender);
      assert.ok(piece.height < block.height);
    }
    assert.notEqual(block.header.evidenceRoot, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'the header commits to the evidence');
    // The chain goes on: three more heights on every honest validator.
    await waitUntil(async () => (await Promise.all(honest.map(height))).every((h) => h >= block.height + 3), 60_000, 'three heights past the evidence', logs);
    // Every node, honest or twin, holds the same block with the same evidence.
    for (const url of urls()) {
      await waitUntil(async () => (await height(url)) >= block.height, 30_000, `${url} at height ${block.height}`, logs);
      const seen = await getJson<BlockJson>(`${url}/v1/blocks/${block.height}`);
      assert.equal(seen.hash, block.hash, url);
      assert.deepEqual(seen.evidence, block.evidence, url);
      assert.deepEqual(seen.offenders, [offender], url);
    }
    // An offence is committed once: no later block names the same pieces again.
    const later = await Promise.all([1, 2, 3].map((d) => getJson<BlockJson>(`${honest[0]}/v1/blocks/${block.height + d}`)));
    const ids = new Set(block.evidence.map((e) => e.id));
    for (const next of later) for (const piece of next.evidence) assert.ok(!ids.has(piece.id), `evidence ${piece.id} committed twice`);
    // node0 has left the set two heights after `block` (spec/chain.md §6.4):
    assert.ok(!(await getJson<{ validators: { address: string }[] }>(`${honest[0]}/v1/validators?height=${block.height + 2}`)).validators.some((v) => v.address === offender));
  });
});
