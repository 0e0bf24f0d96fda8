// State sync vs. replay from genesis (spec/node.md §State sync; issue 13, Build → Catch-up): a chain of
// signed transfers, each to a new account so the state grows with the chain, is built and committed by
// LocalChain into LMDB (not measured). Then a fresh node (1) replays every block from genesis as block
// sync does (replaySynced: checkSynced, each block checked while the one before it is committed), and (2) state-syncs: the snapshot is served by SnapshotServer from
// the built store and every offer, chunk and block travels through its p2p message encoding (no
// sockets), is checked (hand-overs, commit, chunks, root) and installed in one transaction. Both then
// apply the blocks built after the snapshot, and their state roots are compared with the builder's.
// Writes bench/results/state-sync.json.
// Run: node --import tsx bench/state-sync.ts [blocks] [txs-per-block]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Block, type Commit } from '../src/chain/block.ts';
import { addressFromPublicKey } from '../src/crypto/address.ts';
import { verifyEd25519Node } from '../src/crypto/ed25519-node.ts';
import type { DecodedTx } from '../src/ledger/types.ts';
import { LocalChain } from '../src/node/local-chain.ts';
import { replaySynced } from '../src/node/shell/replay-synced.ts';
import { SnapshotServer, stateSync, type SnapshotNet } from '../src/node/state-sync.ts';
import * as messages from '../src/p2p/messages.ts';
import * as snapshotMessages from '../src/p2p/snapshot-messages.ts';
import { machine } from './machine.ts';
import { benchChain, GENESIS_TIME_MS } from './chain-fixture.ts';
import pino from 'pino';

const BLOCKS = Number(process.argv[2] ?? '100');
const TXS_PER_BLOCK = Number(process.argv[3] ?? '1000');
/** Blocks built after the snapshot: what the synced node block-syncs on from H + 1. */
const BLOCKS_AFTER = 3;
const SENDERS = 1_000;

const { genesis, validators, senders, transfer, commitFor, openChain } = benchChain('agora-state-sync-bench', SENDERS);

/** A new account per tx, so the state holds ~one entry per tx (an address needs no key to receive). */
function recipient(n: number): string {
  const publicKey = new Uint8Array(32);
  new DataView(publicKey.buffer).setUint32(0, n + 1);
  publicKey[31] = 0xaa;
  return addressFromPublicKey(publicKey);
}

async function buildBlocks(built: { chain: LocalChain }, from: number, to: number, nonces: bigint[], out: { block: Block; commit: Commit }[]): Promise<void> {
  for (let height = from; height <= to; height++) {
    const txs: DecodedTx[] = [];
    for (let i = 0; i < TXS_PER_BLOCK; i++) {
      const n = (height - 1) * TXS_PER_BLOCK + i;
      const sender = n % SENDERS;
      txs.push(transfer(senders[sender], recipient(n), nonces[sender]++));
    }
    const proposer = validators[height % validators.length];
    const candidate = built.chain.build(proposer.address, GENESIS_TIME_MS + height * 1_000, txs, (alpha) => proposer.proveSeed(alpha));
    if (candidate.block.txs.length !== TXS_PER_BLOCK) throw new Error(`block ${height} holds ${candidate.block.txs.length} txs`);
    const commit = commitFor(candidate.block);
    await built.chain.commit(candidate, commit);
    out.push({ block: candidate.block, commit });
  }
}

/** As block sync does (shell/block-sync.ts apply): each block checked while the one before it is committed. */
async function replay(chain: LocalChain, blocks: { block: Block; commit: Commit }[]): Promise<void> {
  const { applied, refused } = await replaySynced({ chain, commit: (candidate, commit) => chain.commitPipelined(candidate, commit) }, blocks);
  if (refused !== null) throw new Error(`block ${refused.height}: ${refused.problem.code}: ${refused.problem.message}`);
  if (applied !== blocks.length) throw new Error(`${applied} of ${blocks.length} blocks committed`);
}

const root = mkdtempSync(join(tmpdir(), 'agora-state-sync-bench-'));
try {
  const buildStarted = performance.now();
  const built = await openChain(join(root, 'builder'));
  const blocks: { block: Block; commit: Commit }[] = [];
  const nonces = senders.map(() => 0n);
  await buildBlocks(built, 1, BLOCKS, nonces, blocks);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  console.log(`built ${BLOCKS} blocks of ${TXS_PER_BLOCK} transfers in ${buildSeconds.toFixed(1)} s`);

  // The snapshot is taken at H = BLOCKS; blocks built after it are what both nodes follow on with.
  // The server's clock stands still, so the snapshot of H is offered again however long the replay takes
  // (a live server offers a new one at its tip after SNAPSHOT_REUSE_MS).
  const offeredAtMs = Date.now();
  const server = new SnapshotServer(built.store, () => offeredAtMs);
  const bytesServed = { offer: 0, chunks: 0, blocks: 0 };
  const firstOffer = server.offer();
  if (firstOffer === null) throw new Error('no snapshot');
  const after: { block: Block; commit: Commit }[] = [];
  await buildBlocks(built, BLOCKS + 1, BLOCKS + BLOCKS_AFTER, nonces, after);
  const net: SnapshotNet = {
    peers: async () => [{ peer: 'builder', genesisHash: genesis.hash, height: built.chain.height }],
    requestSnapshotOffer: async () => {
      snapshotMessages.decodeSnapshotOfferRequest(snapshotMessages.encodeSnapshotOfferRequest());
      const bytes = snapshotMessages.encodeSnapshotOffer(server.offer());
      bytesServed.offer += bytes.length;
      return snapshotMessages.decodeSnapshotOffer(bytes);
    },
    requestSnapshotChunk: async (_peer, height, index) => {
      const request = snapshotMessages.decodeSnapshotChunkRequest(snapshotMessages.encodeSnapshotChunkRequest({ height, index }));
      const chunk = server.chunk(request.height, request.index);
      if (chunk === null) return null;
      const bytes = snapshotMessages.encodeSnapshotChunk(chunk);
      bytesServed.chunks += bytes.length;
      return snapshotMessages.decodeSnapshotChunk(bytes);
    },
    requestBlocks: async (from, to) => {
      const served = [];
      for (let h = from; h <= to; h++) {
        const stored = built.store.getBlock(h);
        if (stored !== undefined) served.push({ block: stored.block, commit: stored.commit });
      }
      const { bytes } = messages.encodeBlockSyncResponseFor({ fromHeight: from, toHeight: to }, served);
      bytesServed.blocks += bytes.length;
      return { peer: 'builder', blocks: messages.decodeBlockSyncResponse(bytes).blocks };
    },
    reportBadSnapshot: (peer, reason) => {
      throw new Error(`${peer}: ${reason}`);
    },
    reportBadBlocks: (peer, reason) => {
      throw new Error(`${peer}: ${reason}`);
    },
  };

  // (1) Replay from genesis: every block, as block sync does.
  const replayer = await openChain(join(root, 'replayer'));
  const replayStarted = performance.now();
  await replay(replayer.chain, blocks);
  const replaySeconds = (performance.now() - replayStarted) / 1000;
  console.log(`replay from genesis: ${BLOCKS * TXS_PER_BLOCK} txs in ${replaySeconds.toFixed(2)} s (${Math.round((BLOCKS * TXS_PER_BLOCK) / replaySeconds)} tx/s)`);

  // (2) State sync to H, from the offer to the durable install.
  const synced = await openChain(join(root, 'synced'));
  const syncStarted = performance.now();
  const outcome = await stateSync({ genesis, store: synced.store, net, verify: verifyEd25519Node, log: pino({ level: 'warn' }), lagMin: 1 });
  const syncSeconds = (performance.now() - syncStarted) / 1000;
  if (!outcome.synced) throw new Error(`state sync failed: ${outcome.reason} ${JSON.stringify(outcome.problems)}`);
  if (outcome.height !== firstOffer.height) throw new Error(`synced to ${outcome.height}, offered ${firstOffer.height}`);
  console.log(`state sync to height ${outcome.height}: ${outcome.entries} entries in ${outcome.chunks} chunks in ${syncSeconds.toFixed(2)} s (ms: ${JSON.stringify(outcome.timingsMs)})`);

  // Both follow the blocks built after H; every root must be the builder's.
  await replay(replayer.chain, after);
  const followStarted = performance.now();
  await replay(synced.chain, after);
  const followSeconds = (performance.now() - followStarted) / 1000;
  const roots = [built.store, replayer.store, synced.store].map((store) => String(store.getMeta('stateRoot')));
  if (new Set(roots).size !== 1) throw new Error(`state roots differ: ${roots.join(', ')}`);
  console.log(`both followed ${BLOCKS_AFTER} more blocks to height ${synced.chain.height}; state roots identical (${roots[0].slice(0, 16)}…)`);
  server.close();
  await Promise.all([built.store.close(), replayer.store.close(), synced.store.close()]);

  const txs = BLOCKS * TXS_PER_BLOCK;
  const result = {
    name: 'state-sync',
    date: new Date().toISOString(),
    machine: machine(),
    command: `node --import tsx bench/state-sync.ts ${BLOCKS} ${TXS_PER_BLOCK}`,
    params: { blocks: BLOCKS, txsPerBlock: TXS_PER_BLOCK, txs, validators: validators.length, blocksAfterSnapshot: BLOCKS_AFTER, loadAverage1m: Number(loadavg()[0].toFixed(2)), note: 'one process, no sockets: every message is encoded and decoded as on the wire; the 2 cores are shared with other work' },
    snapshot: { height: outcome.height, entries: outcome.entries, chunks: outcome.chunks, offerBytes: bytesServed.offer, chunkBytes: bytesServed.chunks, blockBytes: bytesServed.blocks },
    replayFromGenesis: { seconds: Number(replaySeconds.toFixed(2)), txPerSecond: Math.round(txs / replaySeconds) },
    stateSync: { seconds: Number(syncSeconds.toFixed(2)), entriesPerSecond: Math.round(outcome.entries / syncSeconds), phasesMs: outcome.timingsMs },
    speedup: Number((replaySeconds / syncSeconds).toFixed(1)),
    followAfterSync: { blocks: BLOCKS_AFTER, seconds: Number(followSeconds.toFixed(2)) },
    stateRootsIdentical: true,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/state-sync.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`state sync ${result.speedup}× faster than replaying from genesis; wrote bench/results/state-sync.json`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
