// Issue 12, attack 3 ("Vote replay"), replayed with real libp2p on 127.0.0.1: a peer with no key
// captures a prevote and republishes it 2,000 times with varied relay counters (and a few copies
// with current relay epochs). The node verifies the vote at most once, forwards none of the copies,
// and strikes the sender; its own re-sends while stuck still reach its peers (spec/p2p.md §Votes and
// re-sends).
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
import { CHAIN_ID, RoguePeer, waitFor } from './helpers.ts';

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
    await waitFor('a re-send of the node after the replays', () => observed.slice(before).some((m) => m.relay !== undefined), 10_000);

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
