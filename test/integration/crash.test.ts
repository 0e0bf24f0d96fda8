import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainStore } from '../../src/store/chain-store.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisJson } from '../../src/node/home.ts';
import { startNodeProcess, writeHome, type NodeProcess } from '../../bench/node-process.ts';
import { signedTx } from '../helpers/node.ts';
import { checkValueInvariants, stateRootFromScratch } from '../helpers/invariants.ts';

/**
 * Crash safety (issue "A running ledger"): kill -9 the node while it commits under load, restart it,
 * 20 times. After each crash the store is at its last committed height, every tx the API reported
 * committed is still there, and every asset's supply equals the sum of its balances.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const CHAIN_ID = 'agora-crash';
const PORT = 18_700 + Math.floor(Math.random() * 200);

interface Reported {
  id: string;
  height: number;
}

async function postBatch(url: string, txs: Uint8Array[]): Promise<{ results: { id?: string; status?: string; height?: number; error?: { code: string } }[] }> {
  const response = await fetch(`${url}/v1/txs?wait=commit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(txs.map((tx) => ({ tx: Buffer.from(tx).toString('hex') }))),
  });
  return (await response.json()) as { results: { id?: string; status?: string; height?: number; error?: { code: string } }[] };
}

async function pendingNonce(url: string, address: string): Promise<bigint> {
  const account = (await (await fetch(`${url}/v1/accounts/${address}`)).json()) as { pendingNonce: string };
  return BigInt(account.pendingNonce);
}

/**
 * Submits batches of transfers until the process dies; returns what the API reported committed. The
 * kill comes `killAfterMs` after the first commit is reported (so that even a slow, loaded machine
 * kills the node while it commits under load, never before it has started to).
 */
async function loadUntilKilled(node: NodeProcess, senders: KeyPair[], recipient: string, killAfterMs: number): Promise<Reported[]> {
  const reported: Reported[] = [];
  const nonces = await Promise.all(senders.map((s) => pendingNonce(node.url, s.address)));
  let killer: NodeJS.Timeout | null = null;
  const armKiller = (): void => {
    if (killer === null) killer = setTimeout(() => node.child.kill('SIGKILL'), killAfterMs);
  };
  const fallback = setTimeout(armKiller, 60_000);
  const worker = async (index: number): Promise<void> => {
    const sender = senders[index];
    for (;;) {
      const txs = Array.from({ length: 20 }, () => signedTx(sender, CHAIN_ID, 'transfer', { transfers: [{ to: recipient, asset: 'AGR', amount: 1n }] }, nonces[index]++));
      let body;
      try {
        body = await postBatch(node.url, txs);
      } catch {
        return; // the node is gone
      }
      for (const result of body.results) {
        if (result.status === 'committed' && result.id !== undefined && result.height !== undefined) reported.push({ id: result.id, height: result.height });
      }
      if (reported.length > 0) armKiller();
    }
  };
  await Promise.all(senders.map((_, i) => worker(i)));
  clearTimeout(fallback);
  if (killer !== null) clearTimeout(killer);
  await new Promise((resolve) => (node.child.exitCode !== null || node.child.signalCode !== null ? resolve(null) : node.child.once('exit', resolve)));
  return reported;
}

test(`kill -9 under load, ${ROUNDS} times: committed stays committed and supply = balances`, { timeout: 15 * 60_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'agora-crash-'));
  const validator = KeyPair.generate();
  const senders = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 10)));
  const recipient = KeyPair.generate().address;
  await writeHome(home, genesisJson(CHAIN_ID, Date.now(), [validator], senders.map((s) => ({ address: s.address, amount: 10n ** 15n }))), validator, { blockTimeMs: 50, idleBlockMs: 500 });
  const allReported: Reported[] = [];
  let lastHeight = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const node = await startNodeProcess(home, PORT);
      const status = (await (await fetch(`${node.url}/v1/status`)).json()) as { height: number };
      assert.ok(status.height >= lastHeight, `round ${round}: restarted at ${status.height}, below ${lastHeight}`);
      const reported = await loadUntilKilled(node, senders, recipient, 50 + ((round * 137) % 700));
      allReported.push(...reported);
      // The node is dead: read its store directly, as the restarted node will.
      const store = new ChainStore(join(home, 'data'));
      try {
        const height = store.height();
        const maxReported = Math.max(0, ...reported.map((r) => r.height));
        assert.ok(height >= maxReported, `round ${round}: store at ${height}, but height ${maxReported} was reported committed`);
        for (const { id, height: at } of allReported) {
          const location = store.getTxLocation(id);
          assert.ok(location !== undefined, `round ${round}: tx ${id} reported committed is gone`);
          assert.equal(location.height, at);
        }
        const entries = new Map(store.scanState('', 10_000_000).map((e) => [e.key, e.value]));
        checkValueInvariants(entries);
        assert.equal(stateRootFromScratch(entries), store.getBlock(height)?.block.header.stateRoot ?? store.getMeta('stateRoot'));
        lastHeight = height;
      } finally {
        await store.close();
      }
    }
    assert.ok(allReported.length > 0, 'the load committed nothing');
    console.log(`# crash: ${ROUNDS} kills, ${allReported.length} txs reported committed, all found; final height ${lastHeight}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
