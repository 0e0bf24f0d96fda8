// Block sync and status between real hosts (spec/p2p.md §Request/response): the requester gets what
// the server's handler serves, within BLOCK_SYNC_MAX_BLOCKS and the byte bound, and falls back to
// the next peer when one has nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { P2PError } from '../../src/p2p/errors.ts';
import { BLOCK_SYNC_MAX_BLOCKS } from '../../src/p2p/limits.ts';
import { CHAIN_ID, GENESIS_HASH, startHost, waitFor, type TestHost } from './helpers.ts';
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';

let server: TestHost;
let empty: TestHost;
let client: TestHost;

before(async () => {
  server = await startHost(21);
  empty = await startHost(22);
  client = await startHost(23, { peers: [empty.host.multiaddrs()[0], server.host.multiaddrs()[0]] });
  server.recorder.addBlocks(200);
  await waitFor('client connected to both', () => client.host.connectedPeers().length === 2);
});

after(async () => {
  await Promise.all([server.host.stop(), empty.host.stop(), client.host.stop()]);
});

test('requestBlocks returns what the serving peer has, skipping a peer that has none', { timeout: 20_000 }, async () => {
  // The empty peer claims to be ahead and the server behind, so the client asks the empty one first.
  empty.recorder.height = 1_000;
  server.recorder.height = 0;
  await client.host.status();
  const blocks = await client.host.requestBlocks(10, 20);
  assert.equal(empty.recorder.getBlocksCalls, 1, 'the peer known to be ahead was asked first');
  empty.recorder.height = 0;
  server.recorder.height = 200;
  await client.host.status();
  assert.deepEqual(blocks.map((b) => b.block.header.height), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(blocks[0], server.recorder.blocks.get(10));
});

test('a request is capped at BLOCK_SYNC_MAX_BLOCKS', { timeout: 20_000 }, async () => {
  const blocks = await client.host.requestBlocks(1, 1_000);
  assert.equal(blocks.length, BLOCK_SYNC_MAX_BLOCKS);
  assert.equal(blocks.at(-1)?.block.header.height, BLOCK_SYNC_MAX_BLOCKS);
});

test('a response stops at what the peer has; beyond every peer it is empty', { timeout: 20_000 }, async () => {
  assert.deepEqual((await client.host.requestBlocks(195, 230)).map((b) => b.block.header.height), [195, 196, 197, 198, 199, 200]);
  assert.deepEqual(await client.host.requestBlocks(201, 210), []);
});

test('large blocks: a response holds what fits in BLOCK_SYNC_RESPONSE_BYTES_MAX', { timeout: 30_000 }, async () => {
  const big = await startHost(24);
  try {
    big.recorder.addBlocks(8, 192, 16 * 1024); // blocks of the largest size, 3 MiB: five fit in 16 MiB
    const solo = await startHost(25, { peers: [big.host.multiaddrs()[0]] });
    try {
      await waitFor('connected', () => solo.host.connectedPeers().length === 1);
      const first = await solo.host.requestBlocks(1, 8);
      assert.deepEqual(first.map((b) => b.block.header.height), [1, 2, 3, 4, 5]);
      const rest = await solo.host.requestBlocks(6, 8);
      assert.deepEqual(rest.map((b) => b.block.header.height), [6, 7, 8]);
      assert.equal(rest[2].block.txs.length, 192);
    } finally {
      await solo.host.stop();
    }
  } finally {
    await big.host.stop();
  }
});

test('status: each peer answers with its handler status and the header version it reads; a bad range is the caller error', { timeout: 20_000 }, async () => {
  const statuses = await client.host.status();
  const byPeer = new Map(statuses.map((s) => [s.peerId, s.status]));
  assert.deepEqual(byPeer.get(server.host.peerId), { chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 200, headerVersion: HEADER_FORMAT_VERSION });
  assert.deepEqual(byPeer.get(empty.host.peerId), { chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 0, headerVersion: HEADER_FORMAT_VERSION });
  await assert.rejects(client.host.requestBlocks(0, 5), (error: unknown) => error instanceof P2PError && error.code === 'bad_request');
  await assert.rejects(client.host.requestBlocks(9, 8), (error: unknown) => error instanceof P2PError);
});
