import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyPair } from '../../src/crypto/keystore.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { signedTx } from '../helpers/node.ts';
import { runSupplyChain, type Cast, type Committed, type SupplyChain } from '../helpers/supply-chain.ts';
import { getJson, isRunning, postJson, randomBasePort, runAgora, spawnNode, stopChild, tryGet, waitUntil, type NodeChild } from '../helpers/testnet.ts';

/**
 * Issue 4's supply-chain scenario on a 4-validator testnet of real processes (`agora testnet init`,
 * `agora start` per node), its txs sent to the four nodes in turn: farms register lots → the co-op
 * certifies → a carrier takes custody → the roaster buys, merges into a blend and splits it into bags
 * → a shop buys a bag. Then, with the real CLI: `agora item report BAG --out FILE` from one node,
 * `agora verify FILE --genesis …` (or from a node's home) proves every step back to both farms offline (the nodes are
 * stopped first), and a copy with one edited byte fails, naming the place. Every node serves the
 * same events, proofs and headers (each keeps its own commit of each block).
 */
const VALIDATORS = 4;
const BLOCK_TIME_MS = 150;
const IDLE_BLOCK_MS = 400;

interface Layout {
  chainId: string;
  nodes: { index: number; home: string; api: string }[];
}

interface SubmitAnswer {
  id?: string;
  status?: string;
  height?: number;
  receipt?: { code: string; events: Committed['events'] };
  error?: { code: string; message: string };
}

const dir = mkdtempSync(join(tmpdir(), 'agora-supply-chain-'));
const basePort = randomBasePort(VALIDATORS);
const children: NodeChild[] = [];
let layout: Layout;
let scenario: SupplyChain;
let cast: Cast;
let sent = 0;

const url = (index: number): string => `http://${layout.nodes[index].api}`;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

async function submit(bytes: Uint8Array): Promise<Committed> {
  const node = sent++ % VALIDATORS;
  const answer = await postJson<SubmitAnswer>(`${url(node)}/v1/txs?wait=commit`, { tx: hex(bytes) });
  if (answer.body.status !== 'committed' || answer.body.receipt === undefined) throw new Error(`node${node}: ${JSON.stringify(answer.body)}`);
  return { height: answer.body.height!, code: answer.body.receipt.code, events: answer.body.receipt.events };
}

describe('the supply chain on a 4-validator testnet, its report verified offline by the CLI', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    const run = await runAgora(['testnet', 'init', '--validators', String(VALIDATORS), '--dir', dir, '--base-port', String(basePort), '--json']);
    assert.equal(run.code, 0, run.stderr);
    layout = JSON.parse(run.stdout) as Layout;
    for (const node of layout.nodes) {
      const path = join(node.home, 'config.json');
      const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...config, blockTimeMs: BLOCK_TIME_MS, idleBlockMs: IDLE_BLOCK_MS }, null, 2));
    }
    for (const node of layout.nodes) children.push(spawnNode(`node${node.index}`, node.home));
    await waitUntil(
      async () => {
        for (const child of children) if (!isRunning(child.child)) throw new Error(`${child.name} exited: ${child.stderr()}`);
        const heights = await Promise.all(layout.nodes.map(async (n) => ((await tryGet(`${url(n.index)}/v1/status`, 2_000))?.body as { height?: number } | undefined)?.height ?? -1));
        return heights.every((h) => h >= 2);
      },
      90_000,
      'four validators committing',
      () => children.map((c) => `${c.name}: ${c.stderr().slice(-1_000)}`).join('\n'),
      200,
    );
    const dev = await loadKeyPair(layout.nodes[0].home, 'dev', '');
    const [farmA, farmB, coop, carrier, roaster, shop] = Array.from({ length: 6 }, () => KeyPair.generate());
    cast = { farmA, farmB, coop, carrier, roaster, shop };
    const devNonce = BigInt((await getJson<{ pendingNonce: string }>(`${url(0)}/v1/accounts/${dev.address}`)).pendingNonce);
    const funding = signedTx(dev, layout.chainId, 'transfer', { transfers: Object.values(cast).map((k) => ({ to: k.address, asset: 'AGR', amount: 100_000_000n })) }, devNonce, { fee: 10_000_000n });
    const funded = await submit(funding);
    assert.equal(funded.code, 'ok');
  });

  after(async () => {
    await Promise.all(children.map((child) => stopChild(child.child, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  });

  test('farm → co-op → carrier → roaster (merge, split) → shop, each tx through another node', async () => {
    scenario = await runSupplyChain(layout.chainId, cast, submit);
    const bag = await getJson<{ owner: string; parents: string[] }>(`${url(3)}/v1/items/${scenario.bag}`);
    assert.equal(bag.owner, cast.shop.address);
    assert.deepEqual(bag.parents, [scenario.blend]);
  });

  test("the bag's report: the same events from every node; proven offline back to both farms; one edited byte fails", async () => {
    const file = join(dir, 'bag-report.json');
    // The user's home is node2's: its genesis is the anchor the report is proven against.
    const written = await runAgora(['item', 'report', scenario.bag, '--out', file, '--node', url(2), '--home', layout.nodes[2].home, '--json']);
    assert.equal(written.code, 0, written.stderr);
    const summary = JSON.parse(written.stdout) as { items: number; proven: boolean; trust: { source: string } | null };
    assert.equal(summary.items, 4, 'the bag, the blend and both lots');
    assert.equal(summary.proven, true);
    assert.equal(summary.trust?.source, 'home');
    const text = readFileSync(file, 'utf8');
    // Each node keeps the commit it collected (any set of precommits holding > 2/3 of the power), so
    // commits may differ between nodes, and each proves completeness at its own latest block; the
    // events, their proofs and the headers of their blocks are the same.
    type Report = { items: { events: { proof: { height: number } }[] }[]; blocks: { header: { height: number } }[] };
    const eventBlocks = (report: Report): unknown[] => {
      const heights = new Set(report.items.flatMap((item) => item.events.map((e) => e.proof.height)));
      return report.blocks.filter((b) => heights.has(b.header.height)).map((b) => b.header);
    };
    const mine = JSON.parse(text) as Report;
    for (const node of [0, 1, 3]) {
      const theirs = JSON.parse(await (await fetch(`${url(node)}/v1/items/${scenario.bag}/report`)).text()) as Report;
      assert.deepEqual(theirs.items, mine.items, `node${node} serves the same events and proofs`);
      assert.deepEqual(eventBlocks(theirs), eventBlocks(mine), `node${node} serves the same headers`);
    }

    // Offline: no node is running when the report is verified.
    await Promise.all(children.map((child) => stopChild(child.child, 'SIGKILL')));
    const genesis = join(layout.nodes[0].home, 'genesis.json');
    const verified = await runAgora(['verify', file, '--genesis', genesis, '--json']);
    assert.equal(verified.code, 0, verified.stderr);
    const result = JSON.parse(verified.stdout) as { ok: boolean; proven: { item: string; action: string; signer: string; entry: { type?: string; to?: string } }[]; validatorSets: { validators: number }[] };
    assert.equal(result.ok, true);
    assert.deepEqual(result.validatorSets.map((s) => s.validators), [4]);
    for (const step of scenario.steps.filter((s) => [scenario.bag, scenario.blend, scenario.lotA, scenario.lotB].includes(s.item))) {
      assert.ok(result.proven.some((e) => e.item === step.item && e.action === step.action && e.signer === step.by), `${step.action} of ${step.item} by ${step.by}`);
    }
    for (const [lot, farm] of [[scenario.lotA, cast.farmA], [scenario.lotB, cast.farmB]] as const) {
      assert.ok(result.proven.some((e) => e.item === lot && e.action === 'register' && e.entry.to === farm.address), 'registered by its farm');
      assert.ok(result.proven.some((e) => e.item === lot && e.entry.type === 'certified-organic' && e.signer === cast.coop.address), 'certified by the co-op');
      assert.ok(result.proven.some((e) => e.item === lot && e.entry.type === 'custody' && e.signer === cast.carrier.address), 'carried by the carrier');
    }
    // The home rule: from a home with the chain's genesis, no flag is needed.
    const human = await runAgora(['verify', file, '--home', layout.nodes[0].home]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^trusting: +the genesis of /m);
    assert.match(human.stdout, /PROVEN: \d+ events of 4 item\(s\)/);

    const at = text.indexOf('certified-organic');
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, `${text.slice(0, at)}C${text.slice(at + 1)}`);
    const refused = await runAgora(['verify', edited, '--genesis', genesis]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not_proven/);
    assert.match(refused.stdout, /NOT PROVEN/);
    assert.match(refused.stdout, /\$\.items\[\d\]\.events\[\d+\]\.entry\.type: item item1\w+ event \d+/);

    const otherGenesis = JSON.parse(readFileSync(genesis, 'utf8')) as { validators: unknown[] };
    const pinned = join(dir, 'other-genesis.json');
    const stranger = KeyPair.generate();
    writeFileSync(pinned, JSON.stringify({ ...otherGenesis, validators: [{ address: stranger.address, publicKey: hex(stranger.publicKey), power: '1' }] }));
    const untrusted = await runAgora(['verify', file, '--genesis', pinned]);
    assert.equal(untrusted.code, 1, 'a report is not proven against a validator set it was not signed by');
  });
});
