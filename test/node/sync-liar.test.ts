// Issue 12, attack 5 ("Sync stall"), replayed with real libp2p on 127.0.0.1: a peer claims height
// 1,000,000 and serves the honest chain's blocks with forged commits. The late joiner refuses them,
// strikes the liar and asks the next peer at once (spec/p2p.md §Block sync), so it catches up from
// the honest validator, and the liar, asked again, reaches the ban threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import { blockHash } from '../../src/chain/block.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { peerKeyFromSeed } from '../../src/p2p/peer-key.ts';
import { freePort } from '../p2p/helpers.ts';
import { AgoraNode } from '../../src/node/node.ts';
import { createP2PHost, type P2PHost } from '../../src/p2p/index.ts';
import type { SyncedBlock } from '../../src/p2p/messages.ts';
import { openTestNode, removeTestChain, testChain, waitFor } from '../helpers/node.ts';

test('attack 5: a late joiner catches up from the honest peer and the liar is banned', { timeout: 60_000 }, async () => {
  const chain = testChain(1);
  const honest = await openTestNode(chain, { blockTimeMs: 20, idleBlockMs: 50 });
  let liar: P2PHost | null = null;
  let joiner: AgoraNode | null = null;
  try {
    // The honest validator joins the network only after the joiner has met the liar, so the liar is
    // the joiner's first peer (the one the old code asked, and believed, every time).
    const honestSeed = new Uint8Array(32).fill(31);
    const honestPort = await freePort();
    const honestAddress = `/ip4/127.0.0.1/tcp/${honestPort}/p2p/${peerIdFromPrivateKey(await peerKeyFromSeed(honestSeed)).toString()}`;
    honest.start();
    await waitFor(() => honest.chain.height >= 5, 20_000, 'the honest chain to reach height 5');

    let forgedServed = 0;
    const forged = (from: number, to: number): SyncedBlock[] => {
      const blocks: SyncedBlock[] = [];
      for (let height = from; height <= Math.min(to, honest.chain.height); height++) {
        const stored = honest.store.getBlock(height);
        if (stored === undefined) break;
        const signatures = stored.commit.signatures.map((s) => ({ validator: s.validator, signature: new Uint8Array(randomBytes(64)) }));
        blocks.push({ block: stored.block, commit: { ...stored.commit, signatures } });
      }
      forgedServed += blocks.length > 0 ? 1 : 0;
      return blocks;
    };
    liar = await createP2PHost({
      listen: '127.0.0.1:0',
      peerKeySeed: new Uint8Array(32).fill(32),
      peers: [],
      chainId: chain.genesis.chainId,
      log: pino({ level: 'silent' }),
      handlers: {
        onTxs: () => 'ignore',
        getTxs: (ids) => ids.map(() => undefined),
        onProposal: () => 'ignore',
        onVote: () => 'ignore',
        onEvidence: () => 'ignore',
        getBlocks: forged,
        getStatus: () => ({ chainId: chain.genesis.chainId, genesisHash: chain.genesis.hash, height: 1_000_000 }),
      },
    });
    await liar.start();
    const liarId = liar.peerId;

    joiner = await AgoraNode.open({
      genesis: chain.genesis,
      dataDirectory: join(chain.dir, 'joiner'),
      validatorKey: null,
      blockTimeMs: 20,
      idleBlockMs: 50,
      log: pino({ level: 'silent' }),
      onFatal: (error) => {
        throw error;
      },
    });
    const joinerHost = await joiner.startNetwork({ listen: '127.0.0.1:0', peers: [liar.multiaddrs()[0], honestAddress], peerKeySeed: new Uint8Array(32).fill(33) });
    joiner.start();
    await waitFor(() => forgedServed >= 1, 20_000, 'the joiner to ask the liar');
    await honest.startNetwork({ listen: `127.0.0.1:${honestPort}`, peers: [], peerKeySeed: honestSeed });
    const target = honest.chain.height;
    const caughtUp = joiner;
    await waitFor(() => caughtUp.chain.height >= target, 20_000, `the joiner to catch up to ${target}`);
    await waitFor(() => joinerHost.isBanned(liarId), 20_000, 'the liar to be banned');
    assert.ok(forgedServed >= 2, 'the liar was asked, and answered with forged commits');
    assert.equal(joiner.store.getBlock(1)?.hash, honest.store.getBlock(1)?.hash, 'the joiner holds the honest chain');
  } finally {
    await joiner?.stop();
    await liar?.stop();
    await honest.stop();
    removeTestChain(chain);
  }
});
