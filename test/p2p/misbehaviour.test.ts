// A misbehaving peer (a raw libp2p node with our stack) sends malformed, oversized and invalid
// messages: none reaches a handler undecoded, none is forwarded, the host keeps working, and the
// peer collects strikes until it is banned, disconnected and refused for the ban's length.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { encode } from '../../src/codec/cbor.ts';
import { encodeTxBatchMessage, encodeVoteMessage } from '../../src/p2p/messages.ts';
import { CHAIN_ID, RoguePeer, sampleVote, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

const STRIKES_TO_BAN = 6;
const BAN_MS = 3_000;

let host: TestHost;
let bystander: TestHost;
let rogue: RoguePeer;

before(async () => {
  host = await startHost(31, { scoring: { strikesToBan: STRIKES_TO_BAN, banMs: BAN_MS } });
  bystander = await startHost(32, { peers: [host.host.multiaddrs()[0]] });
  await waitFor('bystander connected', () => host.host.connectedPeers().includes(bystander.host.peerId));
  await waitForMesh([host.host, bystander.host]);
  rogue = await RoguePeer.start(33);
  await rogue.connect(host.host);
});

after(async () => {
  await Promise.all([host.host.stop(), bystander.host.stop(), rogue.node.stop()]);
});

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

/** Opens a request stream from the rogue, sends raw bytes, and waits for the host to end it. */
async function rawRequest(protocol: string, bytes: Uint8Array): Promise<void> {
  const stream = await rogue.node.dialProtocol(peerIdFromString(host.host.peerId), protocol, { signal: AbortSignal.timeout(5_000) });
  const closed = new Promise((resolve) => stream.addEventListener('close', resolve, { once: true }));
  stream.send(bytes);
  await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the host kept the stream open')), 5_000))]);
}

const strikes = (): number => host.host.peerStrikes(rogue.peerId);

test('malformed and oversized gossip never reaches a handler; each is a strike', { timeout: 20_000 }, async () => {
  await rogue.publish('txs', new Uint8Array([0xde, 0xad, 0xbe, 0xef])); // not CBOR
  await waitFor('strike 1', () => strikes() === 1);
  const hugeVote = encode({ type: 'vote', v: 1, vote: { padding: new Uint8Array(3_000) } }); // over VOTE_MESSAGE_BYTES_MAX
  await rogue.publish('votes', hugeVote);
  await waitFor('strike 2', () => strikes() === 2);
  await rogue.publish('votes', encodeTxBatchMessage({ txs: [new Uint8Array([1])] })); // txs on the votes topic
  await waitFor('strike 3', () => strikes() === 3);
  assert.equal(host.recorder.txs.length + host.recorder.votes.length + host.recorder.proposals.length, 0);
});

test('a message the handler rejects reaches it once, is a strike, and is not forwarded', { timeout: 20_000 }, async () => {
  await rogue.publish('txs', encodeTxBatchMessage({ txs: [new Uint8Array([0xff, 1])] }));
  await waitFor('strike 4', () => strikes() === 4);
  assert.equal(host.recorder.txs.length, 1);
  // A valid vote from the rogue is accepted and forwarded, so the path to the bystander works...
  await rogue.publish('votes', encodeVoteMessage({ vote: sampleVote(3) }));
  await waitFor('valid vote at host', () => host.recorder.votes.length === 1);
  assert.equal(strikes(), 4);
  await waitFor('valid vote forwarded to the bystander', () => bystander.recorder.votes.length === 1);
  // ...yet the bystander never saw the rejected tx.
  assert.equal(bystander.recorder.txs.length, 0);
});

test('bad requests: a malformed body and an oversized frame are strikes, never handler calls', { timeout: 20_000 }, async () => {
  const garbage = [0x01, 0xff]; // a 1-byte frame holding 0xff: not a request
  await rawRequest(`/agora/${CHAIN_ID}/blocks/1`, new Uint8Array(garbage));
  await waitFor('strike 5', () => strikes() === 5);
  assert.equal(host.recorder.getBlocksCalls, 0);
  // A frame that announces 100 MiB: refused from its length prefix.
  await rawRequest(`/agora/${CHAIN_ID}/status/2`, new Uint8Array([...varint(100 * 1024 * 1024), 1, 2, 3]));
  await waitFor('the ban', () => host.host.isBanned(rogue.peerId));
});

test('the host kept working, and the banned peer is disconnected and refused until the ban ends', { timeout: 20_000 }, async () => {
  await bystander.host.publishTxs([new Uint8Array([5, 5, 5])]);
  await waitFor('tx from the bystander', () => host.recorder.txs.some((r) => r.value[0] === 5));
  await waitFor('rogue disconnected', () => !host.host.connectedPeers().includes(rogue.peerId));
  const address = multiaddr(host.host.multiaddrs()[0]);
  const refused = await rogue.node.dial(address, { signal: AbortSignal.timeout(3_000) }).then(
    async () => {
      // The gater closes the connection right after the handshake: it never stays up.
      await waitFor('refused connection closed', () => rogue.node.getConnections(peerIdFromString(host.host.peerId)).length === 0, 3_000);
      return true;
    },
    () => true,
  );
  assert.ok(refused);
  assert.ok(!host.host.connectedPeers().includes(rogue.peerId));
  await waitFor('the ban to end', () => !host.host.isBanned(rogue.peerId), BAN_MS + 2_000);
  await rogue.node.dial(address, { signal: AbortSignal.timeout(3_000) });
  await waitFor('reconnected after the ban', () => host.host.connectedPeers().includes(rogue.peerId));
});
