// Static peers (spec/p2p.md §Reconnection): nodes start in any order, and a peer that goes down is
// redialed with backoff until it is back, under the same peer id (derived from its seed).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { peerMultiaddr } from '../../src/p2p/addresses.ts';
import { P2PError } from '../../src/p2p/errors.ts';
import { peerIdFromSeed } from '../../src/p2p/peer-key.ts';
import { freePort, seed, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

const running: TestHost[] = [];

after(async () => {
  await Promise.all(running.map(({ host }) => host.stop()));
});

test('a peer that starts late is dialed once it is up, and again after a restart', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const lateAddress = peerMultiaddr(`127.0.0.1:${port}`, await peerIdFromSeed(seed(42)));
  // The early node knows the late one's address and id before the late one exists.
  const early = await startHost(41, { peers: [lateAddress] });
  running.push(early);
  await new Promise((resolve) => setTimeout(resolve, 700)); // a few failed dials with backoff
  assert.deepEqual(early.host.connectedPeers(), []);
  await assert.rejects(early.host.start(), (error: unknown) => error instanceof P2PError && error.code === 'bad_state');

  // The late node lists no peers: only the early node's redialing can connect them.
  const late = await startHost(42, { listen: `127.0.0.1:${port}` });
  running.push(late);
  assert.equal(late.host.multiaddrs()[0], lateAddress);
  await waitFor('early dials late', () => early.host.connectedPeers().includes(late.host.peerId), 5_000);
  await waitForMesh([early.host, late.host]);
  await early.host.publishTxs([new Uint8Array([4, 2])]);
  await waitFor('tx across', () => late.recorder.txs.length === 1);

  await late.host.stop();
  running.splice(running.indexOf(late), 1);
  await waitFor('disconnect seen', () => early.host.connectedPeers().length === 0, 5_000);
  const again = await startHost(42, { listen: `127.0.0.1:${port}` });
  running.push(again);
  await waitFor('early redials the restarted peer', () => early.host.connectedPeers().includes(again.host.peerId), 5_000);
  assert.equal(again.host.peerId, late.host.peerId, 'same seed, same peer id');
});
