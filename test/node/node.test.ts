import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommit } from '../../src/chain/votes.ts';
import { merkleRoot } from '../../src/chain/merkle.ts';
import { TrieUpdate } from '../../src/chain/state-trie.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import { getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { admitOne, mustAdmit, openTestNode, removeTestChain, signedTx, testChain, waitFor } from '../helpers/node.ts';

test('a one-validator node commits blocks that carry a verifiable commit and honest roots', async () => {
  const chain = testChain(2);
  const node = await openTestNode(chain);
  try {
    node.start();
    const [alice, bob] = chain.funded;
    const tx = await mustAdmit(node, signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 25n }] }, 0n));
    const status = await node.reader.waitForCommit(tx.id, 10_000);
    assert.equal(status.status, 'committed');
    assert.ok(status.status === 'committed' && status.receipt.code === 'ok');
    await waitFor(() => node.chain.height >= 2, 10_000, 'two blocks');
    for (let height = 1; height <= node.chain.height; height++) {
      const stored = node.store.getBlock(height);
      assert.ok(stored !== undefined);
      const { block, hash, commit } = stored;
      assert.equal(checkCommit(commit, 'agora-test', height, hash, chain.genesis.validators, verifyEd25519), null, `commit of ${height}`);
      const ids = block.txs.map((bytes) => {
        const decoded = decodeTx(bytes);
        assert.ok(!isRejection(decoded));
        return decoded.id;
      });
      assert.equal(block.header.txRoot, toHex(merkleRoot(ids)));
      if (height > 1) assert.equal(block.header.previousHash, node.store.getBlock(height - 1)?.hash);
      else assert.equal(block.header.previousHash, chain.genesis.hash);
    }
    // The last header's state root equals a root rebuilt from scratch over every state entry.
    const entries = node.store.scanState('', 1_000_000);
    const fresh = new TrieUpdate({ getNode: () => undefined });
    fresh.applyWrites(new Map(entries.map((e) => [e.key, e.value])));
    const tip = node.store.getBlock(node.chain.height);
    assert.equal(tip?.block.header.stateRoot, toHex(fresh.finish().root));
    assert.equal(getBalance(node.store, bob.address, 'AGR'), 1_000_000_000_025n);
    assert.equal(getNonce(node.store, alice.address), 1n);
  } finally {
    await node.stop();
    removeTestChain(chain);
  }
});

test('a restarted node resumes at its committed height with its state', async () => {
  const chain = testChain(2);
  const [alice, bob] = chain.funded;
  let node = await openTestNode(chain);
  node.start();
  const tx = await mustAdmit(node, signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 7n }] }, 0n));
  await node.reader.waitForCommit(tx.id, 10_000);
  await waitFor(() => node.chain.height >= 3, 10_000, 'three blocks');
  const heightBefore = node.chain.height;
  await node.stop();
  node = await openTestNode(chain);
  try {
    // A commit in flight when stop() was called completes before the store closes.
    assert.ok(node.chain.height >= heightBefore && node.chain.height <= heightBefore + 1);
    assert.equal(node.reader.txStatus(tx.id).status, 'committed');
    node.start();
    const reopened = node.chain.height;
    await waitFor(() => node.chain.height > reopened, 10_000, 'a block after restart');
    const again = await admitOne(node, signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 7n }] }, 0n));
    assert.ok(!again.ok && again.code === 'already_committed');
  } finally {
    await node.stop();
    removeTestChain(chain);
  }
});

test('submit refuses what the ledger refuses and leaves nothing pending', async () => {
  const chain = testChain(2);
  const node = await openTestNode(chain);
  try {
    const [alice, bob] = chain.funded;
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([1, 2, 3]), 'malformed'],
      [signedTx(alice, 'other-chain', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, 0n), 'wrong_chain'],
      [signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, 1n), 'nonce_gap'],
      [signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 10n ** 13n }] }, 0n), 'insufficient_balance'],
      [signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'NOPE', amount: 1n }] }, 0n), 'unknown_asset'],
      [signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, 0n, { expiresAt: 0 }), 'expired'],
    ];
    for (const [bytes, code] of cases) {
      const outcome = await admitOne(node, bytes);
      assert.ok(!outcome.ok && outcome.code === code, code);
    }
    assert.equal(node.mempool.size, 0);
    const results = await node.admit([...cases.map(([bytes]) => bytes), ...Array.from({ length: 20 }, (_, i) => signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, BigInt(i)))]);
    assert.deepEqual(results.slice(0, cases.length).map((r) => (r.ok ? 'ok' : r.code)), cases.map(([, code]) => code));
    assert.ok(results.slice(cases.length).every((r) => r.ok));
    assert.equal(node.mempool.size, 20);
  } finally {
    await node.stop();
    removeTestChain(chain);
  }
});

// SIGINT then SIGTERM (or a fatal error during a shutdown) calls stop() twice. The second call used to
// return at once, so `agora start` released the home lock and exited while the first was still
// closing the store: another process could open the home while this one still wrote to it.
test('a second stop() resolves only once the node has stopped, as the first does', async () => {
  const chain = testChain(1, 'agora-stop-twice');
  const node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  await waitFor(() => node.chain.height >= 2, 10_000, 'height 2');
  let firstDone = false;
  const first = node.stop().then(() => {
    firstDone = true;
  });
  await node.stop();
  assert.equal(firstDone, true, 'the second stop() resolved before the first had finished');
  await first;
  removeTestChain(chain);
});
