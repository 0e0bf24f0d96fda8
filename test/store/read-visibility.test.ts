// What the node's own reads see of a block while it is being made durable (spec/store.md, "What reads
// see meanwhile"). lmdb-js makes a transaction visible to this process's reads once its write thread
// has committed it, before `flushed` resolves; the committer tells the mempool and the event stream
// only after. A query that read the store in that window saw a nonce and a tx the mempool and
// `?wait=commit` did not know yet (the testnet test's same-nonce pair, fresh-clone run of 2026-12-04),
// and a power loss in the window could take back what it showed. The store now reads through a
// read transaction renewed once a block is durable: polled on every turn of the event loop while
// txs commit, no read shows a block's nonce before the block's tx event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { mustAdmit, openTestNode, removeTestChain, signedTx, testChain } from '../helpers/node.ts';

test("no read of the store sees a block's state before the block is durable and announced", async () => {
  const chain = testChain(2, 'agora-read-visibility');
  const node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  try {
    const [alice, bob] = chain.funded;
    const announced: bigint[] = [];
    node.events.on('tx', () => announced.push(getNonce(node.store, alice.address)));
    const early: string[] = [];
    for (let nonce = 0n; nonce < 20n; nonce++) {
      const tx = await mustAdmit(node, signedTx(alice, chain.genesis.chainId, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, nonce));
      let seenCommitted = false;
      node.events.once('tx', () => {
        seenCommitted = true;
      });
      while (node.reader.txStatus(tx.id).status !== 'committed' || !seenCommitted) {
        // Every turn: a read that runs between the block's LMDB commit and its announcement.
        if (!seenCommitted && getNonce(node.store, alice.address) > nonce) early.push(`nonce ${nonce + 1n} read before tx ${nonce} was announced`);
        if (!seenCommitted && node.store.getTxLocation(tx.id) !== undefined) early.push(`tx ${nonce} located before it was announced`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    assert.deepEqual(early, []);
    assert.equal(getNonce(node.store, alice.address), 20n);
    assert.deepEqual(announced, Array.from({ length: 20 }, (_, i) => BigInt(i + 1)), 'at each announcement the store shows that block');
  } finally {
    await node.stop();
    removeTestChain(chain);
  }
});
