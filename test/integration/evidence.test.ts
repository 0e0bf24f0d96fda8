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
 * key for one (height, round). They gossip the evidence (spec/p2p.md §3.2): a node other than the
 * proposer that includes it holds it pending (GET /v1/evidence/pending) before its block commits;
 * every node's GET /v1/blocks/:h shows the same evidence with node0 as the offender; node0 leaves the
 * set two heights later and the chain goes on without it. Every wait is bounded; every child is
 * killed in `after`.
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
  header: { evidenceRoot: string; proposer: string };
  commit: { signatures: { validator: string }[] };
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

/**
 * Reads every node's pending evidence (GET /v1/evidence/pending) over and over until stopped, and
 * keeps the ids each node was seen holding: a piece leaves `pending` in the transaction of the block
 * that commits it (spec/store.md), so one seen there was held before that block committed there.
 */
function watchPending(): { seen: Map<string, Set<string>>; stop: () => Promise<void> } {
  const seen = new Map(urls().map((url) => [url, new Set<string>()]));
  let stopped = false;
  const loops = urls().map(async (url) => {
    while (!stopped) {
      const answer = await getJson<{ pending: { id: string }[] }>(`${url}/v1/evidence/pending`, 3_000).catch(() => ({ pending: [] }));
      for (const piece of answer.pending) seen.get(url)!.add(piece.id);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  return {
    seen,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
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

  test('the double sign is gossiped, held pending by a node that does not propose its block, committed as evidence on every node with node0 the offender; node0 leaves the set and the chain goes on', async () => {
    const offender = layout.nodes[0].validator;
    const honest = layout.nodes.slice(1).map((n) => `http://${n.api}`);
    const pending = watchPending();
    // Scan node1's blocks until one carries evidence (node0's key proposes about every 4th height).
    let found: BlockJson | null = null;
    let scanned = 0;
    try {
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
    } finally {
      await pending.stop();
    }
    const block = found as unknown as BlockJson;
    assert.deepEqual(block.offenders, [offender]);
    for (const piece of block.evidence) {
      assert.equal(piece.kind === 'duplicateVote' ? piece.validator : piece.proposer, offender);
      assert.ok(piece.height < block.height);
    }
    assert.notEqual(block.header.evidenceRoot, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'the header commits to the evidence');
    // Gossip: a node other than the includer (the block's proposer; both processes of node0's key if
    // it is node0's) held one of the block's pieces pending before the block committed there.
    const includers = new Set([...layout.nodes.filter((n) => n.validator === block.header.proposer).map((n) => `http://${n.api}`), ...(block.header.proposer === offender ? [`http://${twinApi}`] : [])]);
    const ids = new Set(block.evidence.map((e) => e.id));
    const holders = [...pending.seen].filter(([url, held]) => !includers.has(url) && [...held].some((id) => ids.has(id))).map(([url]) => url);
    assert.ok(holders.length > 0, `no node but the includer ${block.header.proposer} was seen holding the pieces ${[...ids].join(', ')} pending; seen: ${JSON.stringify([...pending.seen].map(([url, held]) => [url, [...held]]))}`);
    // The chain goes on past the removal (block.height + 2, spec/chain.md §6.4): three more heights on every honest validator.
    const out = block.height + 2;
    const last = out + 3;
    await waitUntil(async () => (await Promise.all(honest.map(height))).every((h) => h >= last), 90_000, `height ${last} on every honest validator`, logs);
    // Every node, honest or twin, holds the same block with the same evidence.
    for (const url of urls()) {
      await waitUntil(async () => (await height(url)) >= block.height, 30_000, `${url} at height ${block.height}`, logs);
      const seen = await getJson<BlockJson>(`${url}/v1/blocks/${block.height}`);
      assert.equal(seen.hash, block.hash, url);
      assert.deepEqual(seen.evidence, block.evidence, url);
      assert.deepEqual(seen.offenders, [offender], url);
    }
    // An offence is committed once: no later block names the same pieces again.
    for (let h = block.height + 1; h <= last; h++) {
      const next = await getJson<BlockJson>(`${honest[0]}/v1/blocks/${h}`);
      for (const piece of next.evidence) assert.ok(!ids.has(piece.id), `evidence ${piece.id} committed twice`);
      if (h < out) continue;
      // From block.height + 2 on, node0 is out of the set: it neither proposes nor signs a commit.
      const set = await getJson<{ validators: { address: string }[] }>(`${honest[0]}/v1/validators?height=${h}`);
      assert.ok(!set.validators.some((v) => v.address === offender), `node0 in the set of height ${h}`);
      assert.equal(set.validators.length, VALIDATORS - 1);
      assert.notEqual(next.header.proposer, offender, `node0 proposed block ${h}`);
      assert.ok(!next.commit.signatures.some((sig) => sig.validator === offender), `node0 signed the commit of block ${h}`);
    }
  });
});
