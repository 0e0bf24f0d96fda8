// The evidence topic (spec/p2p.md §3.2) between real libp2p hosts: a piece the node accepts is
// forwarded; one it rejects (invalid evidence) and a malformed or oversized message are strikes, are
// never forwarded, and the malformed ones never reach the handler.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../../src/codec/cbor.ts';
import { EVIDENCE_BYTES_MAX } from '../../src/chain/limits.ts';
import { decodeEvidenceMessage, encodeEvidenceMessage } from '../../src/p2p/messages.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { RoguePeer, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

let host: TestHost;
let bystander: TestHost;
let rogue: RoguePeer;

before(async () => {
  host = await startHost(41);
  bystander = await startHost(42, { peers: [host.host.multiaddrs()[0]] });
  await waitFor('bystander connected', () => host.host.connectedPeers().includes(bystander.host.peerId));
  await waitForMesh([host.host, bystander.host], ['evidence']);
  rogue = await RoguePeer.start(43);
  await rogue.connect(host.host);
  await waitFor('rogue on the evidence topic', () => host.host.topicPeers('evidence').includes(rogue.peerId));
});

after(async () => {
  await Promise.all([host.host.stop(), bystander.host.stop(), rogue.node.stop()]);
});

const strikes = (): number => host.host.peerStrikes(rogue.peerId);

test('evidence message: encode/decode round trip; empty, oversized and extra fields refused', () => {
  const piece = new Uint8Array([1, 2, 3]);
  assert.deepEqual(decodeEvidenceMessage(encodeEvidenceMessage({ evidence: piece })).evidence, piece);
  assert.throws(() => encodeEvidenceMessage({ evidence: new Uint8Array(EVIDENCE_BYTES_MAX + 1) }), CodecError);
  assert.throws(() => decodeEvidenceMessage(encode({ type: 'evidence', v: 1, evidence: new Uint8Array(0) })), CodecError);
  assert.throws(() => decodeEvidenceMessage(encode({ type: 'evidence', v: 1, evidence: piece, more: 1 })), CodecError);
  assert.throws(() => decodeEvidenceMessage(encode({ type: 'evidence', v: 1, evidence: new Uint8Array(EVIDENCE_BYTES_MAX + 1) })), CodecError);
});

test('accepted evidence is forwarded; evidence the node rejects is a strike and goes no further', { timeout: 20_000 }, async () => {
  await rogue.publish('evidence', encodeEvidenceMessage({ evidence: new Uint8Array([0xa1, 7]) }));
  await waitFor('accepted piece forwarded to the bystander', () => bystander.recorder.evidence.length === 1);
  assert.equal(strikes(), 0);
  await rogue.publish('evidence', encodeEvidenceMessage({ evidence: new Uint8Array([0xff, 7]) }));
  await waitFor('strike 1', () => strikes() === 1);
  assert.equal(host.recorder.evidence.length, 2);
  await rogue.publish('evidence', encode({ type: 'evidence', v: 1, evidence: 'not bytes' }));
  await waitFor('strike 2', () => strikes() === 2);
  assert.equal(host.recorder.evidence.length, 2, 'a malformed message never reaches the handler');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(bystander.recorder.evidence.length, 1, 'neither the rejected nor the malformed one was forwarded');
});
