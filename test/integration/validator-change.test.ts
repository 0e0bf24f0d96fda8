import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, isRunning, randomBasePort, runAgora, spawnNode, stopChild, tryGet, waitUntil, type NodeChild } from '../helpers/testnet.ts';

/**
 * Issue 12's "Validator set changes", with real processes on 127.0.0.1 (spec/ledger.md §10): a
 * testnet laid out by `agora testnet init --validators 6`, its genesis cut down to the validators of
 * node0-3, which run from the start. node4 holds a validator key outside the set; node5 no key at all.
 *
 * - `agora validators propose|sign|submit` (a file approved by node0, node1, node2: 3 of 4 power)
 *   removes node3 and adds node4, effective two heights after the update's block;
 * - node4, the fifth node, starts after the change and syncs from genesis across it, then takes
 *   part: node3 is stopped, then node0 too, and node1, node2, node4 (3 of the new 4) still commit,
 *   so node4 signs;
 * - node5 starts from genesis later still and syncs to the same blocks;
 * - the report of an item registered before the change and attested after it verifies offline
 *   (`agora verify`), and fails, naming the set, once that set is altered.
 *
 * Every wait is bounded; every child is killed in `after`.
 */
const NODES = 6;
const GENESIS_VALIDATORS = 4;
const BLOCK_TIME_MS = 150;
const IDLE_BLOCK_MS = 400;

interface Layout {
  chainId: string;
  nodes: { index: number; home: string; api: string; validator: string }[];
}
interface ValidatorsJson {
  height: number;
  validatorsHash: string;
  validators: { address: string; power: string }[];
}
interface BlockJson {
  hash: string;
  header: { validatorsHash: string; nextValidatorsHash: string };
  commit: { signatures: { validator: string }[] };
}

const dir = mkdtempSync(join(tmpdir(), 'agora-valset-'));
const basePort = randomBasePort(NODES);
const children: (NodeChild | null)[] = Array.from({ length: NODES }, () => null);
let layout: Layout;

const url = (index: number): string => `http://${layout.nodes[index].api}`;
const home = (index: number): string => layout.nodes[index].home;

async function height(index: number): Promise<number> {
  return (await getJson<{ height: number }>(`${url(index)}/v1/status`, 3_000).catch(() => ({ height: -1 }))).height;
}

function logs(): string {
  return children.map((c, i) => (c === null ? '' : `--- node${i} (${isRunning(c.child) ? 'running' : 'exited'}):\n${c.stderr().slice(-1_500)}`)).join('\n');
}

async function startNode(index: number): Promise<void> {
  const node = spawnNode(`node${index}`, home(index));
  children[index] = node;
  await waitUntil(
    async () => {
      if (!isRunning(node.child)) throw new Error(`node${index} exited: ${node.stderr()}`);
      return (await tryGet(`${url(index)}/v1/status`, 2_000))?.status === 200;
    },
    60_000,
    `node${index}'s API`,
    () => node.stderr(),
  );
}

async function waitHeights(indexes: number[], target: number, timeoutMs: number, what: string): Promise<void> {
  let last: number[] = [];
  await waitUntil(
    async () => {
      last = await Promise.all(indexes.map(height));
      return last.every((h) => h >= target);
    },
    timeoutMs,
    `${what} (nodes ${indexes.join(',')} at height ${target})`,
    () => `last seen heights ${last.join(',')}\n${logs()}`,
    200,
  );
}

/** `agora ARGS --json` must exit 0; its JSON output. */
async function agora<T>(args: string[]): Promise<T> {
  const run = await runAgora([...args, '--json'], 90_000);
  assert.equal(run.code, 0, `agora ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

describe('a validator set change on a testnet of real processes', { timeout: 10 * 60_000 }, () => {
  let itemId: string;
  let effectiveHeight: number;
  let added: string;
  let removed: string;

  before(async () => {
    const run = await runAgora(['testnet', 'init', '--validators', String(NODES), '--dir', dir, '--base-port', String(basePort), '--json']);
    assert.equal(run.code, 0, run.stderr);
    layout = JSON.parse(run.stdout) as Layout;
    // One genesis for all six: only node0-3 validate. node5 runs without a validator key.
    const genesis = JSON.parse(readFileSync(join(home(0), 'genesis.json'), 'utf8')) as { validators: { address: string }[] };
    const kept = new Set(layout.nodes.slice(0, GENESIS_VALIDATORS).map((n) => n.validator));
    genesis.validators = genesis.validators.filter((v) => kept.has(v.address));
    assert.equal(genesis.validators.length, GENESIS_VALIDATORS);
    for (const node of layout.nodes) {
      writeFileSync(join(node.home, 'genesis.json'), `${JSON.stringify(genesis, null, 2)}\n`);
      const path = join(node.home, 'config.json');
      const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...config, blockTimeMs: BLOCK_TIME_MS, idleBlockMs: IDLE_BLOCK_MS }, null, 2));
    }
    unlinkSync(join(home(5), 'validator.json'));
    added = layout.nodes[4].validator;
    removed = layout.nodes[3].validator;
    await Promise.all([0, 1, 2, 3].map(startNode));
    await waitHeights([0, 1, 2, 3], 3, 60_000, 'the four genesis validators commit');
  });

  after(async () => {
    await Promise.all(children.map((child) => (child === null ? undefined : stopChild(child.child, 'SIGKILL'))));
    rmSync(dir, { recursive: true, force: true });
  });

  test('validators propose|sign|submit removes node3 and adds node4 at h + 2; node4 syncs from genesis and the chain goes on with it signing', async () => {
    const registered = await agora<{ itemId: string }>(['item', 'register', '--from', 'dev', '--kind', 'lot', '--home', home(0), '--node', url(0)]);
    itemId = registered.itemId;

    const before = await agora<ValidatorsJson>(['validators', 'list', '--home', home(0), '--node', url(0)]);
    assert.deepEqual(before.validators.map((v) => v.address).sort(), layout.nodes.slice(0, 4).map((n) => n.validator).sort());
    const publicKey = (JSON.parse(readFileSync(join(home(4), 'validator.json'), 'utf8')) as { publicKey: string }).publicKey;
    const file = join(dir, 'update.json');
    await agora(['validators', 'propose', '--add', `${publicKey}:1`, '--remove', removed, '--out', file, '--home', home(0), '--node', url(0)]);
    // node4's key is not in the current set: its approval would be refused, so sign does not write it.
    const outsider = await runAgora(['validators', 'sign', file, '--from', 'validator', '--home', home(4), '--node', url(0), '--json']);
    assert.notEqual(outsider.code, 0);
    assert.match(outsider.stderr, /bad_signers/);
    // Two approvals are 2 of 4: not more than 2/3, and the node refuses the update (its receipt says so).
    for (const index of [0, 1]) await agora(['validators', 'sign', file, '--from', 'validator', '--home', home(index), '--node', url(index)]);
    const early = await runAgora(['validators', 'submit', file, '--home', home(0), '--node', url(0), '--json'], 90_000);
    assert.notEqual(early.code, 0);
    assert.match(early.stderr, /insufficient_approval/);
    const signed = await agora<{ approvedPower: string; totalPower: string }>(['validators', 'sign', file, '--from', 'validator', '--home', home(2), '--node', url(2)]);
    assert.deepEqual([signed.approvedPower, signed.totalPower], ['3', '4']);
    const submitted = await agora<{ height: number; effectiveHeight: number; validatorsHash: string }>(['validators', 'submit', file, '--home', home(1), '--node', url(1)]);
    effectiveHeight = submitted.effectiveHeight;
    assert.equal(effectiveHeight, submitted.height + 2);

    // Three of the new four commit without node4; then node4 starts and syncs from genesis across the change.
    await waitHeights([0, 1, 2], effectiveHeight + 2, 60_000, 'blocks after the change');
    await startNode(4);
    await waitHeights([4], Math.max(...(await Promise.all([0, 1, 2].map(height)))), 60_000, 'node4 syncs from genesis');
    const atChange = await getJson<ValidatorsJson>(`${url(2)}/v1/validators?height=${effectiveHeight}`);
    assert.equal(atChange.validatorsHash, submitted.validatorsHash);
    assert.deepEqual(atChange.validators.map((v) => v.address).sort(), [0, 1, 2, 4].map((i) => layout.nodes[i].validator).sort());
    const handOver = await getJson<BlockJson>(`${url(2)}/v1/blocks/${effectiveHeight - 1}`);
    assert.equal(handOver.header.validatorsHash, before.validatorsHash);
    assert.equal(handOver.header.nextValidatorsHash, submitted.validatorsHash);
    for (let h = effectiveHeight; h <= effectiveHeight + 2; h++) {
      const block = await getJson<BlockJson>(`${url(2)}/v1/blocks/${h}`);
      assert.equal(block.header.validatorsHash, submitted.validatorsHash);
      assert.ok(!block.commit.signatures.some((s) => s.validator === removed), `height ${h}: the removed validator signs no commit`);
    }

    // The removed validator stops; then node0 too: 1, 2 and 4 are 3 of 4, so every block needs node4.
    await stopChild(children[3]!.child, 'SIGKILL');
    await stopChild(children[0]!.child, 'SIGKILL');
    const at = Math.max(...(await Promise.all([1, 2, 4].map(height))));
    await waitHeights([1, 2, 4], at + 3, 60_000, 'the chain goes on without node0 and node3');
    const last = await getJson<BlockJson>(`${url(1)}/v1/blocks/${at + 2}`);
    assert.ok(last.commit.signatures.some((s) => s.validator === added), 'node4 signs the commit');
  });

  test('a fifth node syncs from genesis across the change, to the same blocks', async () => {
    const attested = await agora<{ height: number }>(['item', 'attest', '--from', 'dev', '--item', itemId, '--type', 'inspected', '--home', home(1), '--node', url(1)]);
    assert.ok(attested.height > effectiveHeight);
    await startNode(5);
    const target = Math.max(...(await Promise.all([1, 2, 4].map(height))));
    await waitHeights([5], target, 90_000, 'node5 syncs from genesis');
    for (let h = 1; h <= target; h++) {
      const hashes = await Promise.all([1, 5].map((i) => getJson<BlockJson>(`${url(i)}/v1/blocks/${h}`).then((b) => b.hash)));
      assert.equal(hashes[0], hashes[1], `height ${h}`);
    }
    const set = await getJson<ValidatorsJson>(`${url(5)}/v1/validators?height=${effectiveHeight}`);
    assert.ok(set.validators.some((v) => v.address === added));
  });

  test('the report spanning the change verifies offline; with its second set altered it fails, naming the set', async () => {
    const report = join(dir, 'report.json');
    await agora(['item', 'report', itemId, '--out', report, '--home', home(1), '--node', url(1)]);
    const genesisFile = join(home(1), 'genesis.json');
    const verified = await agora<{ ok: boolean; validatorSets: unknown[] }>(['verify', report, '--genesis', genesisFile, '--home', home(1)]);
    assert.equal(verified.ok, true);
    assert.equal(verified.validatorSets.length, 2);

    const altered = JSON.parse(readFileSync(report, 'utf8')) as { validatorSets: { validators: { power: string }[] }[] };
    altered.validatorSets[1].validators[0].power = '1000';
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, `${JSON.stringify(altered, null, 2)}\n`);
    const refused = await runAgora(['verify', forged, '--genesis', genesisFile, '--home', home(1), '--json']);
    assert.notEqual(refused.code, 0);
    const out = JSON.parse(refused.stdout) as { ok: boolean; problems: { place: string }[] };
    assert.equal(out.ok, false);
    assert.ok(out.problems.some((p) => p.place === '$.validatorSets[1].hash'), JSON.stringify(out.problems));
  });
});
