// Issue 12, attack 3 ("Vote replay"), replayed with real libp2p on 127.0.0.1: a peer with no key
// captures a prevote and republishes it 2,000 times with varied relay counters (and a few copies
// with current relay epochs). The node verifies the vote at most once, forwards no copy of a vote it
// holds, and strikes the sender; its own re-sends while stuck still reach its peers (spec/p2p.md
// §Votes and re-sends). A node that holds a vote never forwards a copy of it, not even a re-send
// of now (A–B–C); a re-send from a node whose clock is off still reaches a node that lacks the vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import type { SignedVote } from '../../src/consensus/index.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { bytesEqual } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { Verifier } from '../../src/ledger/tx.ts';
import { genesisJson } from '../../src/node/home.ts';
import { AgoraNode } from '../../src/node/node.ts';
import { relayEpoch } from '../../src/p2p/message-id.ts';
import { decodeVoteMessage, encodeVoteMessage, type VoteMessage } from '../../src/p2p/messages.ts';
import { topicName } from '../../src/p2p/gossip.ts';
import { CHAIN_ID, RoguePeer, startHost, waitFor, type TestHost } from './helpers.ts';

/** Vote messages a rogue peer receives on the votes topic. */
function recordVotes(peer: RoguePeer): VoteMessage[] {
  const seen: VoteMessage[] = [];
  peer.node.services.consensusGossip.addEventListener('message', (event) => {
    if (!event.detail.topic.endsWith('/votes/1')) return;
    try {
      seen.push(decodeVoteMessage(event.detail.data));
    } catch {
      // not a vote: not ours to judge here
    }
  });
  return seen;
}

const sameVote = (a: SignedVote, b: SignedVote): boolean =>
  a.validator === b.validator && a.height === b.height && a.round === b.round && a.type === b.type && a.blockHash === b.blockHash;

test('attack 3: 2,000 replays of a captured prevote cause at most one verify, no forward, and strikes', { timeout: 60_000 }, async () => {
  // Two validators, one running: the chain stays at height 1, so the captured vote stays current,
  // and the running validator keeps re-sending its votes (spec/consensus.md C9).
  const running = new KeyPair(new Uint8Array(32).fill(200));
  const absent = new KeyPair(new Uint8Array(32).fill(201));
  const genesis = parseGenesis(genesisJson(CHAIN_ID, 1_700_000_000_000, [running, absent], []));
  const dir = mkdtempSync(join(tmpdir(), 'agora-replay-'));
  let counted: Uint8Array | null = null;
  let verifies = 0;
  const verify: Verifier = (key, message, signature) => {
    if (counted !== null && bytesEqual(message, counted)) verifies++;
    return verifyEd25519Node(key, message, signature);
  };
  const node = await AgoraNode.open({ genesis, dataDirectory: dir, validatorKey: running, blockTimeMs: 20, idleBlockMs: 50, log: pino({ level: 'silent' }), verify, onFatal: (error) => assert.fail(String(error)) });
  const attacker = await RoguePeer.start(42);
  const observer = await RoguePeer.start(43);
  try {
    const host = await node.startNetwork({ listen: '127.0.0.1:0', peers: [], peerKeySeed: new Uint8Array(32).fill(41) });
    node.start();
    const captured = recordVotes(attacker);
    const observed = recordVotes(observer);
    await attacker.connect(host);
    await observer.connect(host);
    await waitFor('a prevote to capture', () => captured.some((m) => m.vote.type === 'prevote'), 20_000);
    const vote = (captured.find((m) => m.vote.type === 'prevote') as VoteMessage).vote;
    counted = voteSignBytes(CHAIN_ID, vote);

    // 2,000 copies with counters that are no current epoch, then 11 with current epochs.
    const epoch = relayEpoch(Date.now());
    const relays = [...Array.from({ length: 2_000 }, (_, i) => i + 1), ...Array.from({ length: 11 }, (_, i) => epoch - 5 + i)];
    for (const relay of relays) await attacker.publish('votes', encodeVoteMessage({ vote, relay })).catch(() => 0);
    await waitFor('strikes for the replays', () => host.peerStrikes(attacker.peerId) > 0 || host.isBanned(attacker.peerId), 10_000);
    // The node's own re-sends keep reaching the observer while the replays are dropped.
    const before = observed.length;
    // (One from an epoch after the replays: its own re-sends of the same epochs share their ids.)
    await waitFor('a re-send of the node after the replays', () => observed.slice(before).some((m) => m.relay !== undefined && m.relay > epoch + 5), 20_000);

    assert.ok(verifies <= 1, `${verifies} verifications of the replayed vote`);
    const forwarded = observed.filter((m) => sameVote(m.vote, vote) && m.relay !== undefined && m.relay <= 2_000);
    assert.equal(forwarded.length, 0, 'no replayed copy was forwarded');
    const relaysSeen = observed.filter((m) => sameVote(m.vote, vote)).map((m) => m.relay ?? -1);
    assert.equal(new Set(relaysSeen).size, relaysSeen.length, 'the observer got each copy of the vote at most once');
  } finally {
    await attacker.node.stop();
    await observer.node.stop();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("attack 3: replays of another validator's prevote: one verify, one forward, no copy forwarded", { timeout: 60_000 }, async () => {
  // The same chain as above; this time the replayed vote is not the node's own but the absent
  // validator's, so the node must check it once, take it, forward it once, and then drop every copy
  // unchecked and unforwarded: 2,000 forged counters (rejected), 2,000 stale epochs (one id; held,
  // so dropped), and 11 byte-identical copies with current relay epochs (held, so dropped).
  const running = new KeyPair(new Uint8Array(32).fill(200));
  const absent = new KeyPair(new Uint8Array(32).fill(201));
  const genesis = parseGenesis(genesisJson(CHAIN_ID, 1_700_000_000_000, [running, absent], []));
  const vote: SignedVote = { type: 'prevote', height: 1, round: 0, blockHash: null, validator: absent.address, signature: new Uint8Array(0) };
  vote.signature = absent.sign(voteSignBytes(CHAIN_ID, vote));
  const counted = voteSignBytes(CHAIN_ID, vote);
  let verifies = 0;
  const verify: Verifier = (key, message, signature) => {
    if (bytesEqual(message, counted)) verifies++;
    return verifyEd25519Node(key, message, signature);
  };
  const dir = mkdtempSync(join(tmpdir(), 'agora-replay-'));
  const node = await AgoraNode.open({ genesis, dataDirectory: dir, validatorKey: running, blockTimeMs: 20, idleBlockMs: 50, log: pino({ level: 'silent' }), verify, onFatal: (error) => assert.fail(String(error)) });
  const attacker = await RoguePeer.start(44);
  const observer = await RoguePeer.start(45);
  try {
    const host = await node.startNetwork({ listen: '127.0.0.1:0', peers: [], peerKeySeed: new Uint8Array(32).fill(46) });
    node.start();
    const observed = recordVotes(observer);
    await attacker.connect(host);
    await observer.connect(host);
    await meshed(observer, host);

    await attacker.publish('votes', encodeVoteMessage({ vote }));
    await waitFor('the node to check the vote', () => verifies === 1, 10_000);
    const epoch = relayEpoch(Date.now());
    const forged = Array.from({ length: 2_000 }, (_, i) => i + 1);
    const stale = Array.from({ length: 2_000 }, (_, i) => epoch - 6 - i);
    const current = Array.from({ length: 11 }, (_, i) => epoch - 5 + i);
    for (const relay of [...forged, ...stale, ...current]) await attacker.publish('votes', encodeVoteMessage({ vote, relay })).catch(() => 0);
    await waitFor('strikes for the forged counters', () => host.peerStrikes(attacker.peerId) > 0 || host.isBanned(attacker.peerId), 10_000);
    // A re-send of the node's own from an epoch after all the replays: what the node forwarded
    // before it has reached the observer (one stream, in order).
    await waitFor('a later re-send of the node', () => observed.some((m) => m.vote.validator === running.address && m.relay !== undefined && m.relay > epoch + 5), 20_000);

    assert.equal(verifies, 1, 'the vote was checked once');
    const copies = observed.filter((m) => sameVote(m.vote, vote));
    assert.equal(copies.length, 1, 'exactly one forward, the first send: no replayed copy, whatever its relay');
    assert.equal(copies[0].relay, undefined);
  } finally {
    await attacker.node.stop();
    await observer.node.stop();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A node that does not validate, of a chain whose two validators are both absent: it stays at height 1. */
async function openFollower(dir: string, validators: KeyPair[], verify: Verifier): Promise<AgoraNode> {
  const genesis = parseGenesis(genesisJson(CHAIN_ID, 1_700_000_000_000, validators, []));
  return AgoraNode.open({ genesis, dataDirectory: dir, validatorKey: null, blockTimeMs: 20, idleBlockMs: 50, log: pino({ level: 'silent' }), verify, onFatal: (error) => assert.fail(String(error)) });
}

/**
 * The line the last two tests build: two validators, neither running (the chain stays at height 1),
 * a prevote of the first, B a full node counting the checks of that vote's signature, and C a rogue
 * peer not yet connected. Keys and peers come from `seed` (seed … seed + 3; A takes seed + 4).
 */
async function line(seed: number, dirPrefix: string) {
  const signer = new KeyPair(new Uint8Array(32).fill(seed));
  const other = new KeyPair(new Uint8Array(32).fill(seed + 1));
  const vote: SignedVote = { type: 'prevote', height: 1, round: 0, blockHash: null, validator: signer.address, signature: new Uint8Array(0) };
  vote.signature = signer.sign(voteSignBytes(CHAIN_ID, vote));
  const counted = voteSignBytes(CHAIN_ID, vote);
  const checks = { verifies: 0 };
  const verify: Verifier = (key, message, signature) => {
    if (bytesEqual(message, counted)) checks.verifies++;
    return verifyEd25519Node(key, message, signature);
  };
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const b = await openFollower(dir, [signer, other], verify);
  const c = await RoguePeer.start(seed + 2);
  /** A first send of a vote B lacks (the other validator's, round 1): once C has it, B has dealt with all A sent before it. */
  const barrier: SignedVote = { ...vote, round: 1, validator: other.address };
  barrier.signature = other.sign(voteSignBytes(CHAIN_ID, barrier));
  return {
    vote,
    other,
    barrier,
    checks,
    b,
    c,
    startB: async () => {
      const hostB = await b.startNetwork({ listen: '127.0.0.1:0', peers: [], peerKeySeed: new Uint8Array(32).fill(seed + 3) });
      b.start();
      return hostB;
    },
    async stop(a: TestHost | null): Promise<void> {
      await c.node.stop();
      await a?.host.stop();
      await b.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `peer` has `host` in its mesh of the votes topic: what it forwards then reaches us. */
async function meshed(peer: RoguePeer, host: { peerId: string }): Promise<void> {
  const topic = topicName(CHAIN_ID, 'votes');
  // The class has getMeshPeers; @libp2p/gossipsub 17's GossipSub interface does not declare it.
  const router = peer.node.services.consensusGossip as unknown as { getMeshPeers(topic: string): string[] };
  await waitFor('a votes mesh', () => router.getMeshPeers(topic).includes(host.peerId), 10_000);
}

test('a node that holds a vote never forwards a copy of it, not even a re-send of now: A–B–C, B holds it, A re-sends', { timeout: 60_000 }, async () => {
  // Issue 12, attack 3: "a vote already held is dropped before any signature check and never
  // forwarded again". B, a full node between A and C, holds the vote; A's byte-identical re-send of
  // the current epoch is neither checked by B nor passed on to C. (C gets votes it missed from the
  // signers' own re-sends, which reach every peer they are connected to: spec/p2p.md §3.1.)
  const l = await line(210, 'agora-line-');
  const { vote, c } = l;
  let a: TestHost | null = null;
  try {
    const hostB = await l.startB();
    a = await startHost(214, { peers: [hostB.multiaddrs()[0]] });
    const hostA = a.host;
    await waitFor('A and B to see each other on the votes topic', () => hostA.topicPeers('votes').includes(hostB.peerId) && hostB.topicPeers('votes').includes(hostA.peerId));
    await hostA.publishVote({ vote });
    await waitFor('B to check and hold the vote', () => l.checks.verifies === 1, 10_000);

    // C joins B only now: it missed the vote. A is not connected to C.
    const atC = recordVotes(c);
    await c.connect(hostB);
    await meshed(c, hostB);
    assert.ok(!hostA.connectedPeers().includes(c.peerId), 'A is not connected to C');
    const relay = relayEpoch(Date.now());
    await hostA.publishVote({ vote, relay });
    // The barrier after the re-send: once C has it, B has dealt with the re-send before it.
    await hostA.publishVote({ vote: l.barrier });
    await waitFor('the barrier to reach C through B', () => atC.some((m) => m.vote.validator === l.other.address), 10_000);
    assert.equal(l.checks.verifies, 1, 'B did not check the copy of the vote it holds');
    assert.equal(atC.filter((m) => sameVote(m.vote, vote)).length, 0, 'B did not forward the copy of the vote it holds');
  } finally {
    await l.stop(a);
  }
});

test('a re-send from a node whose clock is 10 s ahead reaches a node that lacks the vote, checked once, and travels on', { timeout: 60_000 }, async () => {
  const l = await line(220, 'agora-skew-');
  const { vote, c } = l;
  let a: TestHost | null = null;
  try {
    const hostB = await l.startB();
    const atC = recordVotes(c);
    await c.connect(hostB);
    await meshed(c, hostB);
    let aheadMs = 10_000;
    a = await startHost(224, { peers: [hostB.multiaddrs()[0]], nowMs: () => Date.now() + aheadMs });
    const hostA = a.host;
    await waitFor('A and B to see each other on the votes topic', () => hostA.topicPeers('votes').includes(hostB.peerId) && hostB.topicPeers('votes').includes(hostA.peerId));

    // A's re-send carries its epoch, 10 from B's: stale to B (and C), whose clocks agree.
    hostA.broadcastVote(vote, 1);
    await waitFor('B to take the stale re-send', () => l.checks.verifies === 1, 10_000);
    await waitFor('the stale re-send to travel on to C', () => atC.some((m) => sameVote(m.vote, vote) && m.relay !== undefined), 10_000);
    const stale = atC.find((m) => sameVote(m.vote, vote))?.relay as number;
    assert.ok(stale - relayEpoch(Date.now()) > 5, `the copy C got carries A's epoch (${stale})`);
    // A's later re-sends (later epochs, still stale) share B's one stale id for the vote: neither
    // checked nor forwarded again. A first send of another vote after them is the barrier: once C
    // has it, B has dealt with all that came before it on the same stream.
    for (let i = 0; i < 3; i++) {
      aheadMs += 1_000;
      hostA.broadcastVote(vote, 2 + i);
    }
    await hostA.publishVote({ vote: l.barrier });
    await waitFor('the barrier to reach C', () => atC.some((m) => m.vote.validator === l.other.address), 10_000);
    assert.equal(l.checks.verifies, 1, 'B checked the vote once');
    assert.equal(atC.filter((m) => sameVote(m.vote, vote)).length, 1, 'C got the stale re-send once');
  } finally {
    await l.stop(a);
  }
});
