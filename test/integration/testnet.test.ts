import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyPair } from '../../src/crypto/keystore.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { ChainStore } from '../../src/store/chain-store.ts';
import { signedTx } from '../helpers/node.ts';
import { orgFlowsOnTestnet } from './testnet-org.ts';
import { workFlowsOnTestnet } from './testnet-work.ts';
import { getJson, isRunning, postJson, randomBasePort, runAgora, sleep, spawnNode, stopChild, tryGet, waitUntil, type NodeChild } from '../helpers/testnet.ts';
import { marketFlowsOnTestnet } from './testnet-market.ts';

/**
 * Issue 3's "Must show", with real processes on 127.0.0.1: a 4-validator testnet laid out by
 * `agora testnet init`, each node `agora start --home DIR/nodeI` as a child process.
 *
 * - Issue 14 (after the kill rounds, ~30 s: ~25 CLI runs and one 10 s window): the market's five ways
 *   an order ends (a sale confirmed; the buyer, the seller, the arbiter who vanish; a dispute split
 *   with the arbiter's fee), by the CLI against the four nodes, every party's balance exact on all
 *   four (test/integration/testnet-market.ts).
 * - Two txs of one sender with one nonce, sent to two nodes at once: exactly one commits, everywhere.
 * - A validator killed -9 while it signs (caught up, txs flowing), restarted, 20 times: no node holds
 *   evidence against it and the chain agrees at every height.
 * - Issue 15: a cooperative founded with three members, five contributions evaluated (one rejected
 *   below threshold, one without quorum), a motion passed unopposed, one objected and voted down, a
 *   revenue distribution withdrawn, by the SDK against the four nodes, reputation and tokens exact
 *   as spec/org.md's worked example (test/integration/testnet-org.ts).
 * - Issue 16: seven jobs side by side by the SDK — three milestones approved; released by themselves
 *   after the review window; disputed and split by the arbiter; a vanished worker replaced, the bond to
 *   the client; a contest awarded to two of three; a team paid through a split; an org's job whose
 *   worker gains org reputation — every balance, trade and review exact on all four nodes
 *   (test/integration/testnet-work.ts).
 * - 4 validators commit; kill -9 one and three keep committing; kill a second and nothing commits
 *   (and nothing forks); restart one and commits resume; restart the last and it catches up with the
 *   same block hash at every height on all four. Last, because it leaves the network halted if
 *   commits do not resume.
 *
 * Every wait is bounded; every child is killed in `after`, whatever happened.
 *
 * Where its ~80 s go (2 cores, quiet machine, the CLI compiled into dist/; plus ~40 s for the org's
 * cooperative: ~65 SDK txs, each waited for on all four nodes, and 4 evaluation windows of 6 s and 2
 * motion periods of 4 s; plus 39-64 s for issue 16's seven jobs, side by side, the org's the
 * longest; the whole file took 439 s at a load average of 12-16, the 20 restarts 243 s of it): the 20 restarts ~40 s
 * (each: the node process up in ~0.75 s, was ~1.4 s through tsx; catch-up ~0.5 s; the deliberate
 * 0.1-0.9 s before the kill), the 2-of-4 halt 11 s, waits for heights the rest. Consensus timeouts
 * halved (a trial, not kept) saved only ~4 s, so they stay the node's.
 */
const VALIDATORS = 4;
const KILL_ROUNDS = Number(process.env.TESTNET_KILL_ROUNDS ?? 20);
/** Faster than the defaults (250 / 2000 ms) so that heights pass quickly; the timeouts stay the node's. */
const BLOCK_TIME_MS = 150;
const IDLE_BLOCK_MS = 400;

interface Layout {
  chainId: string;
  nodes: { index: number; home: string; api: string; p2p: string; peerId: string; validator: string }[];
}
interface Status {
  height: number;
  lastBlockHash: string;
}
interface TxResult {
  id?: string;
  status?: string;
  height?: number;
  error?: { code: string; message: string };
}

const dir = mkdtempSync(join(tmpdir(), 'agora-testnet-'));
const basePort = randomBasePort(VALIDATORS);
const children: (NodeChild | null)[] = Array.from({ length: VALIDATORS }, () => null);
const timings: string[] = [];
const suiteStart = Date.now();
let layout: Layout;
let dev: KeyPair;

function url(index: number): string {
  return `http://${layout.nodes[index].api}`;
}

function time(what: string, startMs: number): void {
  const line = `${what}: ${((Date.now() - startMs) / 1000).toFixed(1)} s`;
  timings.push(line);
  console.log(`# ${line}`);
}

async function height(index: number): Promise<number> {
  return (await getJson<Status>(`${url(index)}/v1/status`, 3_000).catch(() => ({ height: -1 }))).height;
}

async function heights(indexes: number[]): Promise<number[]> {
  return Promise.all(indexes.map(height));
}

function logs(): string {
  const state = (c: NodeChild): string => (isRunning(c.child) ? 'running' : `exited: code ${c.child.exitCode}, signal ${c.child.signalCode}`);
  return children.map((c, i) => (c === null ? '' : `--- node${i} (${state(c)}) stderr tail:\n${c.stderr().slice(-2_000)}`)).join('\n');
}

/** Starts node `index` and waits (bounded) until its API answers. */
async function startNode(index: number): Promise<void> {
  assert.ok(children[index] === null || !isRunning(children[index].child), `node${index} is running already`);
  const node = spawnNode(`node${index}`, layout.nodes[index].home);
  children[index] = node;
  await waitUntil(
    async () => {
      if (!isRunning(node.child)) throw new Error(`node${index} exited: ${node.stderr()}`);
      return (await tryGet(`${url(index)}/v1/status`, 2_000))?.status === 200;
    },
    60_000,
    `node${index}'s API`,
    () => node.stderr(),
    100,
  );
}

async function killNode(index: number): Promise<void> {
  const node = children[index];
  if (node !== null) await stopChild(node.child, 'SIGKILL');
}

/** Waits until every node of `indexes` is at `target` or above. */
async function waitHeights(indexes: number[], target: number, timeoutMs: number, what: string): Promise<void> {
  let last: number[] = [];
  await waitUntil(
    async () => {
      last = await heights(indexes);
      return last.every((h) => h >= target);
    },
    timeoutMs,
    `${what} (nodes ${indexes.join(',')} at height ${target})`,
    () => `last seen heights ${last.join(',')}\n${logs()}`,
    200,
  );
}

/** Asserts that nodes `indexes` hold the same block hash at every height 1..upTo. Returns the hashes. */
async function assertSameChain(indexes: number[], upTo: number): Promise<string[]> {
  const hashes: string[] = [];
  const batch = 25;
  for (let start = 1; start <= upTo; start += batch) {
    const heightsInBatch = Array.from({ length: Math.min(batch, upTo - start + 1) }, (_, i) => start + i);
    const rows = await Promise.all(
      heightsInBatch.map((h) => Promise.all(indexes.map((i) => getJson<{ hash: string }>(`${url(i)}/v1/blocks/${h}`, 10_000).then((b) => b.hash)))),
    );
    rows.forEach((row, offset) => {
      assert.equal(new Set(row).size, 1, `fork at height ${heightsInBatch[offset]}: ${indexes.map((i, k) => `node${i}=${row[k]}`).join(' ')}`);
      hashes.push(row[0]);
    });
  }
  return hashes;
}

async function pendingNonce(index: number): Promise<bigint> {
  return BigInt((await getJson<{ pendingNonce: string }>(`${url(index)}/v1/accounts/${dev.address}`)).pendingNonce);
}

async function committedNonce(index: number): Promise<bigint> {
  return BigInt((await getJson<{ nonce: string }>(`${url(index)}/v1/accounts/${dev.address}`)).nonce);
}

/** The LastSigned record (spec/consensus.md, src/consensus/sign-guard.ts) in a stopped node's store. */
async function lastSigned(index: number): Promise<{ height: number; round: number; step: number } | null> {
  const store = new ChainStore(join(layout.nodes[index].home, 'data'));
  try {
    const saved = store.loadLastSigned();
    return saved === undefined ? null : ((JSON.parse(saved) as { last: { height: number; round: number; step: number } | null }).last ?? null);
  } finally {
    await store.close();
  }
}

function transfer(nonce: bigint, to: string, amount: bigint): Uint8Array {
  return signedTx(dev, layout.chainId, 'transfer', { transfers: [{ to, asset: 'AGR', amount }] }, nonce);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('a 4-validator testnet of real processes', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    const started = Date.now();
    const run = await runAgora(['testnet', 'init', '--validators', String(VALIDATORS), '--dir', dir, '--base-port', String(basePort), '--json']);
    assert.equal(run.code, 0, run.stderr);
    layout = JSON.parse(run.stdout) as Layout;
    for (const node of layout.nodes) {
      const path = join(node.home, 'config.json');
      const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...config, blockTimeMs: BLOCK_TIME_MS, idleBlockMs: IDLE_BLOCK_MS }, null, 2));
    }
    dev = await loadKeyPair(layout.nodes[2].home, 'dev', '');
    await Promise.all(layout.nodes.map((node) => startNode(node.index)));
    time('init and start 4 nodes', started);
  });

  after(async () => {
    await Promise.all(children.map((child) => (child === null ? undefined : stopChild(child.child, 'SIGKILL'))));
    rmSync(dir, { recursive: true, force: true });
    console.log(`# testnet timings (base port ${basePort}):\n#   ${timings.join('\n#   ')}\n#   whole file: ${((Date.now() - suiteStart) / 1000).toFixed(1)} s`);
  });

  test('two txs of one sender with one nonce, sent to two nodes at once: exactly one commits, on every node', async () => {
    const started = Date.now();
    const all = [0, 1, 2, 3];
    const pairs: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
      [0, 2],
    ];
    await waitHeights(all, 3, 60_000, 'four validators commit');
    time('4 validators reach height 3', started);
    const losers: string[] = [];
    for (const [round, [a, b]] of pairs.entries()) {
      const nonce = await pendingNonce(a);
      assert.equal(await pendingNonce(b), nonce, 'both nodes agree on the next nonce');
      const first = transfer(nonce, layout.nodes[1].validator, BigInt(100 + round));
      const second = transfer(nonce, layout.nodes[2].validator, BigInt(200 + round));
      const answers = await Promise.all([
        postJson<TxResult>(`${url(a)}/v1/txs?wait=commit`, { tx: hex(first) }),
        postJson<TxResult>(`${url(b)}/v1/txs?wait=commit`, { tx: hex(second) }),
      ]);
      const ids = answers.map((answer) => answer.body.id);
      await waitUntil(async () => (await Promise.all(all.map(committedNonce))).every((n) => n === nonce + 1n), 30_000, `the nonce ${nonce} committed on every node`, () => JSON.stringify(answers));

      // Look both txs up on all 4 nodes: one committed everywhere at one height, the other nowhere.
      // A node's API shows a block's state from its LMDB commit, a few ms before the block is durable
      // and its mempool drops the other tx (spec/node.md §Committer): the nonce above can be read in
      // that window, so the loser is looked for until it is gone (it must go within the bound).
      const lookUp = () =>
        Promise.all(
          [first, second].map(async (tx) => {
            const id = createHash('sha256').update(tx).digest('hex');
            return { id, seen: await Promise.all(all.map((i) => tryGet(`${url(i)}/v1/txs/${id}`))) };
          }),
        );
      let lookups = await lookUp();
      const settled = () => lookups.some((l) => l.seen.every((s) => s?.status === 404));
      for (const deadline = Date.now() + 10_000; !settled() && Date.now() < deadline; lookups = await lookUp()) await new Promise((resolve) => setTimeout(resolve, 50));
      for (const [k, answer] of answers.entries()) if (answer.body.id !== undefined) assert.equal(answer.body.id, lookups[k].id);
      const committed = lookups.filter((l) => l.seen.every((s) => s?.status === 200 && (s.body as TxResult).status === 'committed'));
      assert.equal(committed.length, 1, `round ${round}: exactly one committed on all nodes: ${JSON.stringify(lookups)} ${JSON.stringify(answers)} ${ids}`);
      assert.equal(new Set(committed[0].seen.map((s) => (s?.body as TxResult).height)).size, 1, 'at one height everywhere');
      const loser = lookups.find((l) => l !== committed[0]);
      assert.ok(loser !== undefined);
      assert.ok(loser.seen.every((s) => s?.status === 404), `round ${round}: the other tx is unknown on every node: ${JSON.stringify(loser.seen)}`);
      losers.push(loser.id);
    }
    // Still nowhere a few blocks later.
    await waitHeights(all, Math.max(...(await heights(all))) + 3, 30_000, 'three more blocks');
    for (const id of losers) {
      const seen = await Promise.all(all.map((i) => tryGet(`${url(i)}/v1/txs/${id}`)));
      assert.ok(seen.every((s) => s?.status === 404), `tx ${id} turned up later: ${JSON.stringify(seen)}`);
    }
    time(`${pairs.length} same-nonce pairs: one commits each time, on all 4 nodes`, started);
  });

  test('org: a cooperative on the 4-validator testnet, reputation, tokens and stakes exact as spec/org.md says', async () => {
    const started = Date.now();
    await waitHeights([0, 1, 2, 3], 2, 60_000, 'four validators commit');
    const summary = await orgFlowsOnTestnet({ chainId: layout.chainId, dev, urls: [0, 1, 2, 3].map(url) });
    time(summary, started);
  });

  test('work: seven jobs (approved, auto-released, split by the arbiter, worker replaced, contest, team, org) with balances exact on all 4 nodes', async () => {
    const started = Date.now();
    await waitHeights([0, 1, 2, 3], 2, 60_000, 'four validators commit');
    const summary = await workFlowsOnTestnet({ chainId: layout.chainId, dev, urls: [0, 1, 2, 3].map(url) });
    time(summary, started);
  });

  test(`a validator killed -9 while signing, restarted ${KILL_ROUNDS} times, never signs a conflicting vote`, async () => {
    const started = Date.now();
    const all = [0, 1, 2, 3];
    const victim = 1;
    const victimAddress = layout.nodes[victim].validator;
    const live = all.filter((i) => i !== victim);
    await waitHeights(all, Math.max(2, ...(await heights(all))) + 1, 60_000, 'commits before the first kill');
    const firstHeight = Math.min(...(await heights(all)));

    // Txs flow to node0 the whole time, so blocks come every BLOCK_TIME_MS or so.
    let flowing = true;
    let admitted = 0;
    const flow = (async () => {
      let nonce = await pendingNonce(0);
      while (flowing) {
        const txs = Array.from({ length: 5 }, (_, i) => ({ tx: hex(transfer(nonce + BigInt(i), layout.nodes[3].validator, 1n)) }));
        const answer = await postJson<{ results: TxResult[] }>(`${url(0)}/v1/txs`, txs, 10_000).catch(() => null);
        const ok = answer?.body.results?.filter((r) => r.error === undefined).length ?? 0;
        admitted += ok;
        if (ok === txs.length) nonce += BigInt(ok);
        else nonce = await pendingNonce(0).catch(() => nonce);
        await sleep(100);
      }
    })();

    const kills: string[] = [];
    let signedInThisLife = 0;
    try {
      for (let round = 0; round < KILL_ROUNDS; round++) {
        await killNode(victim);
        const restartedAt = Date.now();
        await startNode(victim);
        const upAt = Date.now();
        // Caught up: from here on it takes part in every height (its LastSigned record, read after
        // the kill, says whether it had signed yet).
        const liveHeight = Math.max(...(await heights(live)));
        await waitHeights([victim], liveHeight, 60_000, `node${victim} catches up after restart ${round}`);
        const caughtUpTo = await height(victim);
        const caughtUpAt = Date.now();
        const delayMs = 100 + ((round * 373) % 800);
        await sleep(delayMs);
        const at = Math.max(...(await heights(live)));
        await killNode(victim);
        // What it had signed when it died (its store is closed now): a vote above the height it had
        // caught up to was signed in this life, while it took part in deciding blocks.
        const signed = await lastSigned(victim);
        if (signed !== null && signed.height > caughtUpTo) signedInThisLife++;
        kills.push(`live h${at}, last signed ${signed === null ? 'nothing' : `h${signed.height}/r${signed.round}/${['proposal', 'prevote', 'precommit'][signed.step]}`}; up ${((upAt - restartedAt) / 1000).toFixed(1)}s sync ${((caughtUpAt - upAt) / 1000).toFixed(1)}s +${delayMs}ms`);
      }
      await startNode(victim);
      const target = Math.max(...(await heights(live))) + 3;
      await waitHeights(all, target, 90_000, 'the victim catches up one last time');
    } finally {
      flowing = false;
      await flow;
    }
    const lastHeight = Math.min(...(await heights(all)));
    time(`${KILL_ROUNDS} kills of node${victim}, ${signedInThisLife} of them after it had signed a vote in that life; ${admitted} txs admitted, heights ${firstHeight}..${lastHeight}; each: the others' height and what it had signed when killed, restart until its API answers, catch-up, delay before kill -9:\n#     ${kills.join('\n#     ')}\n#  `, started);

    const checked = Date.now();
    for (const i of all) {
      const { evidence } = await getJson<{ evidence: { validator: string; height: number; round: number; type: string }[] }>(`${url(i)}/v1/evidence`);
      assert.deepEqual(evidence.filter((e) => e.validator === victimAddress), [], `node${i} holds evidence against node${victim}`);
      assert.deepEqual(evidence, [], `node${i} holds evidence: ${JSON.stringify(evidence)}`);
    }
    await assertSameChain(all, lastHeight);
    // How often the victim's precommit made it into a commit (a commit carries the first > 2/3 only).
    let signed = 0;
    for (let h = firstHeight + 1; h <= lastHeight; h++) {
      const block = await getJson<{ commit: { signatures: { validator: string }[] } }>(`${url(0)}/v1/blocks/${h}`);
      if (block.commit.signatures.some((s) => s.validator === victimAddress)) signed++;
    }
    assert.ok(signedInThisLife > 0, `node${victim} was never killed after it had voted: ${kills.join('; ')}`);
    time(`no evidence on any node, identical hashes at all ${lastHeight} heights, node${victim} in ${signed} commits`, checked);
  });

  test('market: a sale confirmed; buyer, seller and arbiter who vanish; a dispute split with its fee; balances exact on all 4 nodes', async () => {
    const started = Date.now();
    await waitHeights([0, 1, 2, 3], 2, 60_000, 'four validators commit');
    const summary = await marketFlowsOnTestnet({ dir, chainId: layout.chainId, dev, urls: [0, 1, 2, 3].map(url) });
    time(summary, started);
  });

  test('4 commit; 3 keep committing; 2 halt without forking; 3 resume; the 4th catches up with identical hashes', async () => {
    let started = Date.now();
    const all = [0, 1, 2, 3];
    await waitHeights(all, Math.max(...(await heights(all))) + 3, 60_000, 'four validators commit');
    time('4 validators commit 3 blocks', started);

    started = Date.now();
    await killNode(3);
    const atFirstKill = Math.max(...(await heights([0, 1, 2])));
    await waitHeights([0, 1, 2], atFirstKill + 5, 60_000, 'three validators keep committing');
    time('3 validators commit 5 more blocks', started);

    started = Date.now();
    await killNode(2);
    await sleep(3_000); // a block whose precommits were already out may still land
    const frozen = await heights([0, 1]);
    const frozenMax = Math.max(...frozen);
    for (let sample = 0; sample < 16; sample++) {
      await sleep(500);
      const now = await heights([0, 1]);
      assert.ok(Math.max(...now) <= frozenMax, `a block committed with 2 of 4 validators: ${frozen} → ${now}`);
    }
    await assertSameChain([0, 1], Math.min(...(await heights([0, 1]))));
    time(`2 validators: no commit for 8 s at height ${frozenMax}, no fork`, started);

    started = Date.now();
    await startNode(2);
    await waitHeights([0, 1, 2], frozenMax + 3, 90_000, 'commits resume with 3 of 4');
    time('restart one: 3 more blocks', started);

    started = Date.now();
    await startNode(3);
    const target = Math.max(...(await heights([0, 1, 2]))) + 2;
    await waitHeights(all, target, 90_000, 'the last one catches up');
    time(`restart the last: caught up to ${target}`, started);

    started = Date.now();
    const upTo = Math.min(...(await heights(all)));
    await assertSameChain(all, upTo);
    time(`identical hashes on 4 nodes at all ${upTo} heights`, started);
  });
});
