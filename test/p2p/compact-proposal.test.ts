// Compact proposals (spec/p2p.md §3.5): the message carries ids, not txs, and says nothing it cannot
// back (the ids are the header's txs); a peer rebuilds the block from what it holds and fetches the
// rest from the peer that sent it, which must answer exactly those txs or take a strike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBlock } from '../../src/chain/block.ts';
import { encode } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { sha256Hex } from '../../src/crypto/hash.ts';
import * as c from '../../src/p2p/compact-proposal.ts';
import { COMPACT_PROPOSAL_MESSAGE_BYTES_MAX } from '../../src/p2p/limits.ts';
import { encodeProposalMessage } from '../../src/p2p/messages.ts';
import { serveRequests } from '../../src/p2p/request-response.ts';
import { CHAIN_ID, RoguePeer, sampleBlock, sampleProposal, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'no error';
  } catch (error) {
    return error instanceof CodecError ? error.code : `not a CodecError: ${String(error)}`;
  }
}

const txsOf = (count: number, size: number, salt = 0): Uint8Array[] =>
  Array.from({ length: count }, (_, i) => {
    const tx = new Uint8Array(size).fill(salt);
    new DataView(tx.buffer).setUint32(0, i);
    return tx;
  });

test('a compact proposal round-trips; a 5,000-tx proposal shrinks about six-fold', () => {
  const block = sampleBlock(4, txsOf(5_000, 200));
  const message = { proposal: sampleProposal(block, 1), block };
  const bytes = c.encodeCompactProposalMessage(c.compactOf(message));
  const decoded = c.decodeCompactProposalMessage(bytes);
  assert.deepEqual(decoded, c.compactOf(message));
  assert.deepEqual(c.rebuildBlock(decoded, block.txs), block);
  const full = encodeProposalMessage(message).length;
  console.log(`# 5,000 txs of 200 bytes: proposal ${full} bytes whole, ${bytes.length} compact`);
  assert.ok(bytes.length * 5 < full);
  // The largest block by count fits the compact bound.
  const largest = sampleBlock(5, txsOf(10_000, 40));
  assert.ok(c.encodeCompactProposalMessage(c.compactOf({ proposal: sampleProposal(largest), block: largest })).length <= COMPACT_PROPOSAL_MESSAGE_BYTES_MAX);
});

test('ids that are not the header\'s txs, or a header that is not the proposal\'s, are refused (bad_shape)', () => {
  const block = sampleBlock(4, txsOf(10, 100));
  const good = c.compactOf({ proposal: sampleProposal(block), block });
  const cases: [string, c.CompactProposalMessage][] = [
    ['an id swapped', { ...good, txIds: [sha256Hex(new Uint8Array([9])), ...good.txIds.slice(1)] }],
    ['ids reordered', { ...good, txIds: [...good.txIds].reverse() }],
    ['an id dropped', { ...good, txIds: good.txIds.slice(1) }],
    ['another header', { ...good, header: { ...good.header, timeMs: good.header.timeMs + 1 } }],
  ];
  for (const [what, message] of cases) assert.equal(codeOf(() => c.decodeCompactProposalMessage(c.encodeCompactProposalMessage(message))), 'bad_shape', what);
  assert.equal(codeOf(() => c.decodeCompactProposalMessage(new Uint8Array(COMPACT_PROPOSAL_MESSAGE_BYTES_MAX + 1))), 'too_large');
});

test('an answer must hold exactly the txs asked for, in order', () => {
  const txs = txsOf(3, 50);
  const request = { blockHash: 'ab'.repeat(32), txIds: txs.map(sha256Hex) };
  const answer = (list: Uint8Array[]): Uint8Array => c.encodeProposalTxsResponse({ txs: list });
  assert.deepEqual(c.decodeProposalTxsResponse(answer(txs), request), txs);
  assert.equal(codeOf(() => c.decodeProposalTxsResponse(answer(txs.slice(1)), request)), 'bad_shape');
  assert.equal(codeOf(() => c.decodeProposalTxsResponse(answer([txs[1], txs[0], txs[2]]), request)), 'bad_shape');
  assert.equal(codeOf(() => c.decodeProposalTxsResponse(encode({ type: 'proposalTxsResponse', v: 1, txs: ['x', 'y', 'z'] }), request)), 'bad_shape');
  assert.deepEqual(c.decodeProposalTxsRequest(c.encodeProposalTxsRequest(request)), request);
  assert.equal(c.rebuildBlock(c.compactOf({ proposal: sampleProposal(sampleBlock(1, txs)), block: sampleBlock(1, txs) }), [txs[0], undefined, txs[2]]), null);
});

test('a block whose txs would not fit one answer is refused before it is sent', () => {
  const block = sampleBlock(4, txsOf(230, 16 * 1024));
  assert.ok(encodeBlock(block).length > 3.5 * 1024 * 1024);
  assert.equal(codeOf(() => c.compactOf({ proposal: sampleProposal(block), block })), 'too_large');
});

// ── Real hosts ───────────────────────────────────────────────────────────────────────────────────

const hosts: TestHost[] = [];
let rogue: RoguePeer;

before(async () => {
  hosts.push(await startHost(71));
  hosts.push(await startHost(72, { peers: [hosts[0].host.multiaddrs()[0]] }));
  await waitFor('connected', () => hosts[0].host.connectedPeers().length === 1);
  await waitForMesh(hosts.map(({ host }) => host));
  rogue = await RoguePeer.start(73);
  await rogue.connect(hosts[1].host);
});

after(async () => {
  await rogue.node.stop();
  await Promise.all(hosts.map(({ host }) => host.stop()));
});

test('the receiver rebuilds from the txs it holds and fetches only the rest from the sender', { timeout: 20_000 }, async () => {
  const [sender, receiver] = hosts;
  const block = sampleBlock(20, txsOf(300, 120, 1));
  for (const tx of block.txs.slice(0, 200)) receiver.recorder.mempool.set(sha256Hex(tx), tx);
  await sender.host.publishProposal({ proposal: sampleProposal(block), block });
  await waitFor('the rebuilt proposal', () => receiver.recorder.proposals.some((r) => r.value.proposal.height === 20));
  const got = receiver.recorder.proposals.find((r) => r.value.proposal.height === 20);
  assert.deepEqual(got?.value.block, block);
  assert.equal(receiver.host.peerStrikes(sender.host.peerId), 0);
});

test('a peer that answers other txs than asked gets a strike; one that does not answer, none; neither proposal goes on', { timeout: 20_000 }, async () => {
  const receiver = hosts[1];
  const strikes = (): number => receiver.host.peerStrikes(rogue.peerId);
  let mode: 'lie' | 'refuse' = 'lie';
  await serveRequests(rogue.node, {
    protocol: `/agora/${CHAIN_ID}/proposal-txs/1`,
    requestBytesMax: 1 << 20,
    timeoutMs: 2_000,
    respond: async (request) => (mode === 'refuse' ? null : c.encodeProposalTxsResponse({ txs: c.decodeProposalTxsRequest(request).txIds.map(() => new Uint8Array([0xee])) })),
    onInvalid: () => {},
    onError: () => {},
  });
  const lie = sampleBlock(21, txsOf(5, 80, 2));
  await rogue.publish('proposals', c.encodeCompactProposalMessage(c.compactOf({ proposal: sampleProposal(lie), block: lie })));
  await waitFor('a strike for the wrong txs', () => strikes() === 1);
  mode = 'refuse';
  const silent = sampleBlock(22, txsOf(5, 80, 3));
  await rogue.publish('proposals', c.encodeCompactProposalMessage(c.compactOf({ proposal: sampleProposal(silent), block: silent })));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(strikes(), 1, 'no strike for a refusal');
  assert.ok(!receiver.recorder.proposals.some((r) => r.value.proposal.height === 21 || r.value.proposal.height === 22), 'no handler saw either');
  // A whole-block proposal message is no longer what the topic carries: a strike.
  await rogue.publish('proposals', encodeProposalMessage({ proposal: sampleProposal(lie), block: lie }));
  await waitFor('a strike for the old form', () => strikes() === 2);
});
