// State sync over real libp2p on 127.0.0.1 (spec/node.md §State sync): a validator commits transfers to
// new accounts; a new node with an empty data directory takes its snapshot (offer, chunks, block H
// and its commit over the snapshot and block-sync protocols), installs it, then block-syncs and
// follows the new blocks with the validator's state roots. What it cannot serve (blocks, txs and
// reports before H) answers `before_base`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pino } from 'pino';
import { AgoraNode } from '../../src/node/node.ts';
import { NodeError } from '../../src/node/errors.ts';
import { queryBlock } from '../../src/node/queries.ts';
import { readReportBlock } from '../../src/node/report-blocks.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { admitOne, mustAdmit, openTestNode, removeTestChain, signedTx, testChain, waitFor } from '../helpers/node.ts';

test('a new node state-syncs from a peer, then follows new blocks with identical state roots', { timeout: 90_000 }, async () => {
  const chain = testChain(1);
  const validator = await openTestNode(chain, { blockTimeMs: 20, idleBlockMs: 100 });
  let joiner: AgoraNode | null = null;
  try {
    await validator.startNetwork({ listen: '127.0.0.1:0', peers: [], peerKeySeed: new Uint8Array(32).fill(41) });
    validator.start();
    const [payer] = chain.funded;
    let nonce = 0n;
    const pay = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const to = new KeyPair(new Uint8Array(32).fill(100 + (Number(nonce) % 100))).address;
        await mustAdmit(validator, signedTx(payer, chain.genesis.chainId, 'transfer', { transfers: [{ to, asset: 'AGR', amount: nonce + 1n }] }, nonce++));
      }
    };
    await pay(40);
    await waitFor(() => validator.chain.height >= 8 && validator.mempool.size === 0, 30_000, 'the validator to commit the transfers');

    joiner = await AgoraNode.open({
      genesis: chain.genesis,
      dataDirectory: join(chain.dir, 'joiner'),
      validatorKey: null,
      blockTimeMs: 20,
      idleBlockMs: 100,
      log: pino({ level: 'silent' }),
      onFatal: (error) => {
        throw error;
      },
    });
    const joinerHost = await joiner.startNetwork({ listen: '127.0.0.1:0', peers: [validator.p2pHost!.multiaddrs()[0]], peerKeySeed: new Uint8Array(32).fill(42) });
    // A tx that applies to the genesis state the joiner holds before the sync (its payer's nonce 0
    // was spent long ago on the chain): the sync must leave no trace of it in the mempool.
    await mustAdmit(joiner, signedTx(payer, chain.genesis.chainId, 'transfer', { transfers: [{ to: payer.address, asset: 'AGR', amount: 999n }] }, 0n));
    assert.equal(joiner.mempool.size, 1);
    const outcome = await joiner.stateSync(20_000);
    assert.ok(outcome.synced, JSON.stringify(outcome));
    // The mempool is on the synced state: the stale tx is gone, and nonce 1 is spent, not next.
    assert.equal(joiner.mempool.size, 0, 'the tx admitted on the genesis state was evicted');
    const stale = await admitOne(joiner, signedTx(payer, chain.genesis.chainId, 'transfer', { transfers: [{ to: payer.address, asset: 'AGR', amount: 998n }] }, 1n));
    assert.equal(stale.ok ? 'admitted' : stale.code, 'nonce_too_low');
    const base = outcome.height;
    assert.ok(base >= 8, `synced to ${base}`);
    assert.equal(joiner.chain.height, base);
    assert.equal(joiner.store.baseHeight(), base);
    assert.equal(joiner.store.getBlock(base)?.hash, validator.store.getBlock(base)?.hash);
    assert.equal(joiner.store.getBlock(base)?.block.header.stateRoot, validator.store.getBlock(base)?.block.header.stateRoot);
    assert.equal(joinerHost.peerStrikes(validator.p2pHost!.peerId), 0);
    assert.equal(validator.p2pHost!.peerStrikes(joinerHost.peerId), 0);

    // It follows on: block sync from H + 1, then the new blocks, each root the validator's.
    joiner.start();
    await pay(10);
    const target = validator.chain.height + 3;
    const follower = joiner;
    await waitFor(() => follower.chain.height >= target && validator.chain.height >= target, 30_000, `the joiner to reach ${target}`);
    for (let height = base + 1; height <= target; height++) {
      assert.equal(follower.store.getBlock(height)?.block.header.stateRoot, validator.store.getBlock(height)?.block.header.stateRoot, `state root at ${height}`);
    }
    assert.equal(follower.reader.store.get(`account/${payer.address}`)?.length, validator.store.get(`account/${payer.address}`)?.length);

    // What it never held is a typed refusal, not a 404 or an internal error.
    const beforeBase = (run: () => unknown): void => assert.throws(run, (error: unknown) => error instanceof NodeError && error.code === 'before_base');
    beforeBase(() => queryBlock(follower.reader, 1));
    beforeBase(() => readReportBlock(follower.store, base));
    assert.ok(queryBlock(follower.reader, base + 1) !== undefined);
  } finally {
    await joiner?.stop();
    await validator.stop();
    removeTestChain(chain);
  }
});
