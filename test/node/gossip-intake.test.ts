// Gossiped txs are checked in the worker pool, never on the main thread (issue 13; spec/node.md
// §Admission step 2): the node's own parts (assemble.ts) over a memory store, a real VerifyPool, and
// a main-thread verifier that counts every call.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread } from 'node:worker_threads';
import { pino } from 'pino';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { assembleNode, type NodeParts } from '../../src/node/assemble.ts';
import { VerifyPool, verifyPoolSize, type VerifyJob } from '../../src/node/verify-pool.ts';
import { MemoryStore } from '../sim/memory-store.ts';
import { signedTx, testChain } from '../helpers/node.ts';
import { silentNet, stillTimers } from '../helpers/still-node.ts';

const chain = testChain(3);
const [alice, bob] = chain.funded;
const pool = new VerifyPool(1);
after(() => pool.close());

/** Every batch the node gossips itself. */
const published: Uint8Array[][] = [];

interface Counted {
  parts: NodeParts;
  mainThreadVerifies: number;
  poolJobs: VerifyJob[][];
}

async function node(): Promise<Counted> {
  const counted = { mainThreadVerifies: 0, poolJobs: [] as VerifyJob[][] } as Counted;
  counted.parts = await assembleNode({
    genesis: chain.genesis,
    store: new MemoryStore(() => {}),
    net: silentNet((txs) => void published.push([...txs])),
    clock: { nowMs: () => chain.genesis.genesisTimeMs + 1_000 },
    timers: stillTimers,
    verify: (publicKey, message, signature) => {
      assert.ok(isMainThread);
      counted.mainThreadVerifies++;
      return verifyEd25519Node(publicKey, message, signature);
    },
    verifyBatch: (jobs) => {
      counted.poolJobs.push(jobs);
      return pool.verify(jobs);
    },
    signingKey: null,
    log: pino({ level: 'silent' }),
    blockTimeMs: 10,
    idleBlockMs: 1_000_000,
    onFatal: (error) => {
      throw error;
    },
  });
  return counted;
}

function transfer(nonce: bigint, amount = 1n): Uint8Array {
  return signedTx(alice, chain.genesis.chainId, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount }] }, nonce);
}

test('one gossiped tx is verified in the pool, not on the main thread', async () => {
  const n = await node();
  assert.equal(await n.parts.handlers.onTxs([transfer(0n)]), 'accept');
  assert.equal(n.mainThreadVerifies, 0);
  assert.equal(n.poolJobs.length, 1);
  assert.equal(n.poolJobs[0].length, 1);
  assert.equal(n.parts.mempool.size, 1);
});

test('a gossiped tx with a bad signature is refused by the pool\'s verdict, with the bytes at fault', async () => {
  const n = await node();
  const bad = transfer(0n);
  bad[bad.length - 3] ^= 1; // inside the signature, the last field
  assert.equal(await n.parts.handlers.onTxs([bad]), 'reject');
  assert.equal(n.mainThreadVerifies, 0);
  assert.equal(n.poolJobs.length, 1);
  assert.equal(n.parts.mempool.size, 0);
});

test('a client\'s single tx is still verified on the main thread (a worker round trip costs it more)', async () => {
  const n = await node();
  const [outcome] = await n.parts.admit([transfer(0n)]);
  assert.equal(outcome.ok, true);
  assert.equal(n.mainThreadVerifies, 1);
  assert.equal(n.poolJobs.length, 0);
});

test('the pool is sized to the machine: one core left to the main thread, at least one worker', () => {
  assert.equal(verifyPoolSize(1), 1);
  assert.equal(verifyPoolSize(2), 1);
  assert.equal(verifyPoolSize(8), 7);
});

test('a bad tx in a batch does not poison the others, but rejects the batch (one strike); the good ones go on from here', async () => {
  const n = await node();
  published.length = 0;
  const bad = transfer(1n, 2n);
  bad[bad.length - 3] ^= 1;
  const batch = [transfer(0n), bad, transfer(1n), transfer(2n)];
  assert.equal(await n.parts.handlers.onTxs(batch), 'reject');
  assert.equal(n.parts.mempool.size, 3);
  assert.equal(n.mainThreadVerifies, 0);
  assert.equal(n.poolJobs.length, 1, 'one pool call for the whole batch');
  assert.equal(n.poolJobs[0].length, 4);
  assert.deepEqual(published, [[batch[0], batch[2], batch[3]]], 'not forwarded as it came: republished without the bad tx');
});

test('a batch is forwarded when it brought a new tx, ignored when it brought none; state-dependent refusals never reject', async () => {
  const n = await node();
  published.length = 0;
  assert.equal(await n.parts.handlers.onTxs([transfer(0n)]), 'accept');
  // A duplicate and a nonce gap depend on our state: no strike, and the new tx still forwards it.
  assert.equal(await n.parts.handlers.onTxs([transfer(0n), transfer(5n), transfer(1n)]), 'accept');
  assert.equal(await n.parts.handlers.onTxs([transfer(0n), transfer(1n)]), 'ignore');
  assert.equal(n.parts.mempool.size, 2);
  assert.deepEqual(published, [], 'a peer\'s txs travel on by gossip, not by republishing');
});
