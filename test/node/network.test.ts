import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiaddr } from '@multiformats/multiaddr';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { createLibp2pNode, gossipRouterFor } from '../../src/p2p/libp2p-node.ts';
import { encodeTxBatchMessage, encodeVoteMessage, topicName, type GossipTopic } from '../../src/p2p/index.ts';
import { peerKeyFromSeed } from '../../src/p2p/peer-key.ts';
import { openTestNode, removeTestChain, signedTx, testChain, waitFor } from '../helpers/node.ts';

/**
 * The node's side of the network (src/node/shell/inbound.ts, the gossip handlers in src/node/assemble.ts): what a peer gossips is checked before
 * consensus or the mempool sees it. A malformed or oversized message, a vote from a non-validator
 * and a vote with a bad signature are dropped, the peer is scored down, and the chain goes on; a
 * good tx gossiped by a peer is admitted and committed.
 */
test('gossip from a peer: bad votes and bytes are dropped without harm, a good tx commits', { timeout: 60_000 }, async () => {
  const chain = testChain(2);
  const node = await openTestNode(chain, { blockTimeMs: 20, idleBlockMs: 200 });
  const rogue = await createLibp2pNode({ privateKey: await peerKeyFromSeed(new Uint8Array(32).fill(77)), listen: '/ip4/127.0.0.1/tcp/0' });
  try {
    await node.startNetwork({ listen: '127.0.0.1:0', peers: [], peerKeySeed: new Uint8Array(32).fill(66) });
    node.start();
    const host = node.p2pHost;
    assert.ok(host !== undefined && host !== null);
    await rogue.start();
    const topics: GossipTopic[] = ['txs', 'proposals', 'votes'];
    for (const topic of topics) gossipRouterFor(rogue, topic).subscribe(topicName('agora-test', topic));
    await rogue.dial(multiaddr(host.multiaddrs()[0]), { signal: AbortSignal.timeout(5_000) });
    const rogueId = rogue.peerId.toString();
    await waitFor(() => topics.every((t) => host.topicPeers(t).includes(rogueId)), 10_000, 'the node to see the peer subscribed');
    await waitFor(() => rogue.services.consensusGossip.getSubscribers(topicName('agora-test', 'votes')).some((p) => p.toString() === host.peerId), 10_000, 'the peer to see the node');
    const publish = (topic: GossipTopic, bytes: Uint8Array): Promise<unknown> => gossipRouterFor(rogue, topic).publish(topicName('agora-test', topic), bytes);

    const height = node.chain.height;
    /** Publishes one bad message and waits for the node to strike the peer for it. */
    const expectStrike = async (what: string, topic: GossipTopic, bytes: Uint8Array): Promise<void> => {
      const before = host.peerStrikes(rogueId);
      await publish(topic, bytes);
      await waitFor(() => host.peerStrikes(rogueId) > before, 10_000, `a strike for ${what}`);
    };
    // A vote signed by a key outside the validator set. Two heights ahead, as below: a vote of a height
    // the node has passed is only ignored, and under load (a full `npm test`) the node passed the height
    // read here before the vote arrived, so no strike came.
    const outsider = KeyPair.generate();
    const vote = { type: 'prevote' as const, height: node.shell.height + 2, round: 0, blockHash: null, validator: outsider.address };
    await expectStrike('a vote from a non-validator', 'votes', encodeVoteMessage({ vote: { ...vote, signature: outsider.sign(voteSignBytes('agora-test', vote)) } }));
    // A vote in the validator's name with a signature that is not its.
    // Two heights ahead: the signature is checked (and fails) whatever height the node reached
    // meanwhile; a vote of a height passed would only be ignored, and under load the node may pass it.
    const forged = { ...vote, validator: chain.validator.address, round: 5, height: node.shell.height + 2 };
    await expectStrike('a vote with a bad signature', 'votes', encodeVoteMessage({ vote: { ...forged, signature: outsider.sign(voteSignBytes('agora-test', forged)) } }));
    // Malformed bytes on every topic (distinct, so gossip does not take them for duplicates).
    for (const [i, topic] of topics.entries()) await expectStrike(`malformed bytes on ${topic}`, topic, new Uint8Array([0xff, i, 0x13, 0x37]));
    // An oversized vote message: dropped before decoding (by gossipsub's frame bound or ours).
    const strikes = host.peerStrikes(rogueId);
    await publish('votes', new Uint8Array(64 * 1024).fill(0xa1)).catch(() => undefined);
    assert.ok(host.peerStrikes(rogueId) >= strikes);
    assert.deepEqual(node.store.listEvidence(10), [], 'nothing the peer sent counts as a vote');

    // The node keeps committing, and still takes a good tx from the same peer.
    const [alice, bob] = chain.funded;
    const tx = signedTx(alice, 'agora-test', 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 3n }] }, 0n);
    await publish('txs', encodeTxBatchMessage({ txs: [tx] }));
    await waitFor(() => node.chain.height > height + 2, 10_000, 'blocks after the bad messages');
    const id = (await import('../../src/ledger/tx.ts')).txIdOf(tx);
    await waitFor(() => node.reader.txStatus(id).status === 'committed', 10_000, 'the gossiped tx to commit');
  } finally {
    await rogue.stop();
    await node.stop();
    removeTestChain(chain);
  }
});
