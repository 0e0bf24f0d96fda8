// The node's libp2p identity and the address forms of its config (src/p2p/peer-key.ts, addresses.ts).
import { test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import assert from 'node:assert/strict';
import { listenMultiaddr, parsePeerAddress, peerMultiaddr } from '../../src/p2p/addresses.ts';
import { P2PError } from '../../src/p2p/errors.ts';
import { newPeerKeySeed, peerIdFromSeed, peerKeyFromSeed } from '../../src/p2p/peer-key.ts';

test('the peer id from a seed is stable: the same seed gives the same id, pinned here', async () => {
  const zeros = new Uint8Array(32);
  const first = await peerIdFromSeed(zeros);
  assert.equal(first, await peerIdFromSeed(new Uint8Array(32)));
  assert.equal(first, '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN');
  // Independently: the RFC 8032 public key of the seed in a libp2p PublicKey protobuf (KeyType
  // Ed25519 = 1), inside an identity multihash (0x00, length 36), in base58btc (libp2p peer-ids spec).
  const publicKey = ed25519.getPublicKey(zeros);
  assert.equal(first, base58.encode(new Uint8Array([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...publicKey])));
  assert.notEqual(await peerIdFromSeed(new Uint8Array(32).fill(1)), first);
  const fresh = newPeerKeySeed();
  assert.equal(fresh.length, 32);
  assert.equal((await peerKeyFromSeed(fresh)).type, 'Ed25519');
});

test('a seed of another length is refused', async () => {
  for (const length of [0, 31, 33, 64]) {
    await assert.rejects(peerIdFromSeed(new Uint8Array(length)), (error: unknown) => error instanceof P2PError && error.code === 'bad_seed');
  }
});

test('listen addresses are host:port with an IP address', () => {
  assert.equal(listenMultiaddr('127.0.0.1:26656'), '/ip4/127.0.0.1/tcp/26656');
  assert.equal(listenMultiaddr('0.0.0.0:0'), '/ip4/0.0.0.0/tcp/0');
  assert.equal(listenMultiaddr('[::1]:7000'), '/ip6/::1/tcp/7000');
  for (const bad of ['localhost:1', '127.0.0.1', '127.0.0.1:70000', '300.1.1.1:1', ':1', '[zz]:1']) {
    assert.throws(() => listenMultiaddr(bad), (error: unknown) => error instanceof P2PError && error.code === 'bad_address', bad);
  }
});

test('static peers need a /p2p/<peer id> part', async () => {
  const id = await peerIdFromSeed(new Uint8Array(32));
  const text = peerMultiaddr('127.0.0.1:26656', id);
  assert.equal(text, `/ip4/127.0.0.1/tcp/26656/p2p/${id}`);
  const parsed = parsePeerAddress(text);
  assert.equal(parsed.peerId.toString(), id);
  assert.equal(parsed.address.toString(), text);
  for (const bad of ['/ip4/127.0.0.1/tcp/1', 'not a multiaddr', '/ip4/127.0.0.1/tcp/1/p2p/notapeerid']) {
    assert.throws(() => parsePeerAddress(bad), (error: unknown) => error instanceof P2PError && error.code === 'bad_peer', bad);
  }
});
