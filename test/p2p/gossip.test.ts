// Gossip between real hosts on 127.0.0.1: txs, proposals and votes published on one arrive decoded
// at the others; a message a handler rejects is not forwarded. Also measures delivery latency.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash } from '../../src/chain/block.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { sampleBlock, sampleProposal, sampleVote, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

const hosts: TestHost[] = [];

before(async () => {
  // A full triangle: 1 and 2 dial 0 and each other through their static peer lists.
  hosts.push(await startHost(1));
  const first = hosts[0].host.multiaddrs()[0];
  hosts.push(await startHost(2, { peers: [first] }));
  hosts.push(await startHost(3, { peers: [first, hosts[1].host.multiaddrs()[0]] }));
  await waitFor('a full triangle', () => hosts.every(({ host }) => host.connectedPeers().length === 2));
  await waitForMesh(hosts.map(({ host }) => host));
});

after(async () => {
  await Promise.all(hosts.map(({ host }) => host.stop()));
});

test('a tx published on one host arrives at the others, with the sender as peer', { timeout: 15_000 }, async () => {
  const tx = new Uint8Array([7, 7, 7, 1]);
  const recipients = await hosts[0].host.publishTxs([tx]);
  assert.ok(recipients >= 1);
  await waitFor('the tx at hosts 2 and 3', () => hosts.slice(1).every(({ recorder }) => recorder.txs.some((r) => r.value[3] === 1)));
  for (const { recorder } of hosts.slice(1)) {
    const got = recorder.txs.find((r) => r.value[3] === 1);
    assert.deepEqual(got?.value, tx);
  }
  assert.equal(hosts[0].recorder.txs.length, 0, 'a host does not deliver its own messages to itself');
});

test('a proposal with its block and a vote arrive decoded', { timeout: 15_000 }, async () => {
  const block = sampleBlock(5, [new Uint8Array(100).fill(3), new Uint8Array(50).fill(4)]);
  const proposal = sampleProposal(block, 2);
  const vote = sampleVote(5, 2);
  await hosts[1].host.publishProposal({ proposal, block });
  hosts[1].host.broadcastVote(vote);
  await waitFor('proposal and vote at hosts 1 and 3', () => [hosts[0], hosts[2]].every(({ recorder }) => recorder.proposals.length === 1 && recorder.votes.length >= 1));
  for (const [index, { recorder }] of [hosts[0], hosts[2]].entries()) {
    const got = recorder.proposals[0].value;
    assert.deepEqual(got.proposal, proposal);
    assert.deepEqual(got.block, block);
    assert.equal(blockHash(got.block.header), proposal.blockHash);
    assert.deepEqual(recorder.votes[0].value.vote, vote);
    // `peer` is the peer that delivered it: the publisher, or a host that forwarded it (gossip may
    // route through the mesh), never the receiver itself.
    const receiver = index === 0 ? hosts[0] : hosts[2];
    assert.ok(hosts.some(({ host }) => host.peerId === recorder.votes[0].peer && host !== receiver.host), `unknown delivering peer ${recorder.votes[0].peer}`);
  }
});

test('delivery latency on loopback (measured, printed)', { timeout: 20_000 }, async () => {
  const samples: number[] = [];
  const target = hosts[2].recorder;
  for (let i = 0; i < 50; i++) {
    const vote = sampleVote(1000 + i);
    const sentAt = performance.now();
    await hosts[0].host.publishVote({ vote });
    await waitFor('vote', () => target.votes.some((r) => r.value.vote.height === 1000 + i), 5_000);
    const got = target.votes.find((r) => r.value.vote.height === 1000 + i);
    samples.push((got?.atMs ?? sentAt) - sentAt);
  }
  samples.sort((a, b) => a - b);
  const block = sampleBlock(9, Array.from({ length: 192 }, (_, i) => new Uint8Array(16 * 1024).fill(i % 256)));
  const sentAt = performance.now();
  await hosts[0].host.publishProposal({ proposal: sampleProposal(block), block });
  await waitFor('3 MiB proposal', () => target.proposals.some((r) => r.value.proposal.height === 9), 10_000);
  const bigMs = (target.proposals.find((r) => r.value.proposal.height === 9)?.atMs ?? sentAt) - sentAt;
  const pick = (q: number): string => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  console.log(`# vote latency over 50 votes: p50 ${pick(0.5)} ms, p90 ${pick(0.9)} ms, max ${pick(1)} ms; 3 MiB proposal ${bigMs.toFixed(1)} ms`);
  assert.ok(samples[samples.length - 1] < 5_000);
});

test('a proposal over the gossip bound is refused before it is sent', { timeout: 10_000 }, async () => {
  const block = sampleBlock(10, Array.from({ length: 230 }, () => new Uint8Array(16 * 1024)));
  await assert.rejects(hosts[0].host.publishProposal({ proposal: sampleProposal(block), block }), (error: unknown) => error instanceof CodecError && error.code === 'too_large');
});

test('a message a handler rejects is not forwarded, and its sender gets a strike', { timeout: 20_000 }, async () => {
  // Line topology: A — B — C, so C only hears what B forwards.
  const a = await startHost(11);
  const b = await startHost(12, { peers: [a.host.multiaddrs()[0]] });
  const c = await startHost(13, { peers: [b.host.multiaddrs()[0]] });
  try {
    await waitFor('line topology', () => b.host.connectedPeers().length === 2 && c.host.connectedPeers().length === 1 && a.host.connectedPeers().length === 1);
    await waitForMesh([a.host, b.host, c.host]);
    // Forwarded messages go to mesh peers only, and meshes form at gossipsub's heartbeat (1 s):
    // probe until one of A's votes reaches C through B.
    for (let probe = 0; !c.recorder.votes.some((r) => r.value.vote.height === 1); probe++) {
      assert.ok(probe < 50, 'the mesh A — B — C never formed');
      await a.host.publishVote({ vote: sampleVote(1, probe) });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    b.recorder.votes.length = 0;
    c.recorder.votes.length = 0;
    await a.host.publishVote({ vote: sampleVote(7, 99) }); // B rejects round 99
    await a.host.publishVote({ vote: sampleVote(7, 1) }); // B accepts and forwards
    await waitFor('the accepted vote at C', () => c.recorder.votes.some((r) => r.value.vote.round === 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(b.recorder.votes.length, 2);
    assert.deepEqual(c.recorder.votes.map((r) => r.value.vote.round), [1], 'C never sees the rejected vote');
    assert.equal(c.recorder.votes[0].peer, b.host.peerId, 'C heard it from B, which forwarded it');
    assert.equal(b.host.peerStrikes(a.host.peerId), 1);
    assert.equal(c.host.peerStrikes(b.host.peerId), 0);
  } finally {
    await Promise.all([a.host.stop(), b.host.stop(), c.host.stop()]);
  }
});
