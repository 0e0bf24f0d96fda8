// A proposal is not queued behind tx traffic (spec/p2p.md §3.4, §3.5; issue 13: a ~1 MB proposal waited
// behind thousands of tx messages on the one gossip stream, the 3 s propose timeout fired and a round
// was lost). Host 1 queues 12 MiB of tx batches for host 2, then a proposal: the proposal travels on
// the consensus router's own stream and reaches host 2 before the tx backlog has drained.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex } from '../../src/crypto/hash.ts';
import { TX_BATCH_BYTES_MAX } from '../../src/p2p/limits.ts';
import { sampleBlock, sampleProposal, startHost, waitFor, waitForMesh, type TestHost } from './helpers.ts';

const hosts: TestHost[] = [];

before(async () => {
  hosts.push(await startHost(61));
  hosts.push(await startHost(62, { peers: [hosts[0].host.multiaddrs()[0]] }));
  await waitFor('connected', () => hosts[0].host.connectedPeers().length === 1);
  await waitForMesh(hosts.map(({ host }) => host));
});

after(async () => {
  await Promise.all(hosts.map(({ host }) => host.stop()));
});

test('a proposal published behind 12 MiB of tx batches arrives before them', { timeout: 60_000 }, async () => {
  const [sender, receiver] = hosts;
  const batches = 24;
  const txsPerBatch = TX_BATCH_BYTES_MAX / (16 * 1024);
  const sends: Promise<number>[] = [];
  for (let b = 0; b < batches; b++) {
    sends.push(sender.host.publishTxs(Array.from({ length: txsPerBatch }, (_, i) => new Uint8Array(16 * 1024).fill(1 + ((b * txsPerBatch + i) % 200)))));
  }
  const block = sampleBlock(9, Array.from({ length: 64 }, (_, i) => new Uint8Array(16 * 1024).fill(i)));
  // The receiver holds the block's txs, as it would from their gossip: the compact proposal (§3.5)
  // is rebuilt without a fetch, so what is measured is the proposal's own way.
  for (const tx of block.txs) receiver.recorder.mempool.set(sha256Hex(tx), tx);
  sends.push(sender.host.publishProposal({ proposal: sampleProposal(block, 0), block }));
  await Promise.all(sends);
  await waitFor('the proposal and every batch', () => receiver.recorder.proposals.length === 1 && receiver.recorder.txBatches.length === batches, 50_000);
  const proposalAtMs = receiver.recorder.proposals[0].atMs;
  const lastBatchAtMs = Math.max(...receiver.recorder.txBatches.map((batch) => batch.atMs));
  const batchesBefore = receiver.recorder.txBatches.filter((batch) => batch.atMs < proposalAtMs).length;
  console.log(`# proposal (1 MiB) arrived after ${batchesBefore} of ${batches} tx batches (512 KiB each), ${Math.round(lastBatchAtMs - proposalAtMs)} ms before the last`);
  assert.ok(proposalAtMs < lastBatchAtMs, 'the proposal overtook the tx backlog');
  assert.ok(batchesBefore < batches / 2, `at most half the backlog before the proposal, not ${batchesBefore}`);
});
