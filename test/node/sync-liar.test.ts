// Issue 12, attack 5 ("Sync stall"), replayed with real libp2p on 127.0.0.1: a peer claims height
// 1,000,000 and serves the honest chain's blocks with forged commits. The late joiner refuses them,
// strikes the liar and asks the next peer at once (spec/p2p.md §Block sync), so it catches up from
// the honest validator, and the liar, asked again, reaches the ban threshold. A peer of another
// header format version is no liar: it is named in the log with both versions and left out of sync,
// not struck (spec/p2p.md §5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { blockHash } from '../../src/chain/block.ts';
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { peerKeyFromSeed } from '../../src/p2p/peer-key.ts';
import { freePort } from '../p2p/helpers.ts';
import { AgoraNode } from '../../src/node/node.ts';
import { createP2PHost, type P2PHost } from '../../src/p2p/index.ts';
import type { SyncedBlock } from '../../src/p2p/messages.ts';
import type { P2PHandlers } from '../../src/p2p/host.ts';
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

/** A test peer: serves `getBlocks` and answers `getStatus`, takes no gossip. */
async function servingPeer(seedByte: number, chainId: string, getBlocks: P2PHandlers['getBlocks'], getStatus: P2PHandlers['getStatus']): Promise<P2PHost> {
  const host = await createP2PHost({
    listen: '127.0.0.1:0',
    peerKeySeed: new Uint8Array(32).fill(seedByte),
    peers: [],
    chainId,
    log: pino({ level: 'silent' }),
    handlers: { onTxs: () => 'ignore', getTxs: (ids) => ids.map(() => undefined), onProposal: () => 'ignore', onVote: () => 'ignore', onEvidence: () => 'ignore', getBlocks, getStatus },
  });
  await host.start();
  return host;
}

test('a peer of another header version is named with both versions and left out of sync, not struck; the node syncs from the good peer', { timeout: 60_000 }, async () => {
  const chain = testChain(1);
  const honest = await openTestNode(chain, { blockTimeMs: 20, idleBlockMs: 50 });
  const other = HEADER_FORMAT_VERSION + 1;
  const peers: P2PHost[] = [];
  let joiner: AgoraNode | null = null;
  try {
    const honestSeed = new Uint8Array(32).fill(34);
    const honestPort = await freePort();
    const honestAddress = `/ip4/127.0.0.1/tcp/${honestPort}/p2p/${peerIdFromPrivateKey(await peerKeyFromSeed(honestSeed)).toString()}`;
    honest.start();
    await waitFor(() => honest.chain.height >= 5, 20_000, 'the honest chain to reach height 5');

    // The honest chain's blocks, their headers rewritten to the other version (commits unchanged).
    const asked = { declared: 0, silent: 0 };
    const otherVersionBlocks = (who: keyof typeof asked) => (from: number, to: number): SyncedBlock[] => {
      asked[who] += 1;
      const blocks: SyncedBlock[] = [];
      for (let height = from; height <= Math.min(to, honest.chain.height); height++) {
        const stored = honest.store.getBlock(height);
        if (stored === undefined) break;
        blocks.push({ block: { ...stored.block, header: { ...stored.block.header, version: other } }, commit: stored.commit });
      }
      return blocks;
    };
    const status = (headerVersion?: number) => () => ({ chainId: chain.genesis.chainId, genesisHash: chain.genesis.hash, height: 1_000_000, ...(headerVersion === undefined ? {} : { headerVersion }) });
    // One says its version in its status; the other does not (a release before the field) and serves it.
    const declared = await servingPeer(35, chain.genesis.chainId, otherVersionBlocks('declared'), status(other));
    const silent = await servingPeer(36, chain.genesis.chainId, otherVersionBlocks('silent'), status());
    peers.push(declared, silent);

    const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
        done();
      },
    });
    joiner = await AgoraNode.open({
      genesis: chain.genesis,
      dataDirectory: join(chain.dir, 'joiner'),
      validatorKey: null,
      blockTimeMs: 20,
      idleBlockMs: 50,
      log: pino({ level: 'info' }, sink),
      onFatal: (error) => {
        throw error;
      },
    });
    const joinerHost = await joiner.startNetwork({ listen: '127.0.0.1:0', peers: [declared.multiaddrs()[0], silent.multiaddrs()[0], honestAddress], peerKeySeed: new Uint8Array(32).fill(37) });
    // Both connected before the first catch-up, so its status round hears both.
    await waitFor(() => [declared, silent].every((peer) => joinerHost.connectedPeers().includes(peer.peerId)), 10_000, 'the joiner to connect to both');
    joiner.start();
    await waitFor(() => asked.silent >= 1, 20_000, 'the joiner to ask the peer that does not state its version');
    await honest.startNetwork({ listen: `127.0.0.1:${honestPort}`, peers: [], peerKeySeed: honestSeed });
    const target = honest.chain.height;
    const caughtUp = joiner;
    await waitFor(() => caughtUp.chain.height >= target, 20_000, `the joiner to catch up to ${target}`);
    assert.equal(joiner.store.getBlock(target)?.hash, honest.store.getBlock(target)?.hash, 'the joiner holds the honest chain');

    for (const [name, peer] of [['declared', declared], ['silent', silent]] as const) {
      assert.equal(joinerHost.peerStrikes(peer.peerId), 0, `${name}: a peer of another version is no liar`);
      assert.ok(!joinerHost.isBanned(peer.peerId), `${name}: not banned`);
      const warned = lines.filter((line) => line.level === 40 && line.peer === peer.peerId && line.peerVersion === other && line.ourVersion === HEADER_FORMAT_VERSION);
      assert.equal(warned.length, 1, `${name}: one warning naming the peer and both versions`);
      assert.match(warned[0].msg, new RegExp(`format version ${other}\\b.*\\b${HEADER_FORMAT_VERSION}\\b.*upgrade`), warned[0].msg);
    }
    assert.equal(asked.declared, 0, 'the peer that stated another version was never asked for blocks');
    assert.equal(asked.silent, 1, 'the peer that serves another version was asked once, then left out');
  } finally {
    await joiner?.stop();
    for (const peer of peers) await peer.stop();
    await honest.stop();
    removeTestChain(chain);
  }
});
