/**
 * State sync (spec/node.md §State sync): a fresh node takes the state of a recent committed height H
 * from a peer instead of replaying every block from genesis. `SnapshotServer` serves snapshots from
 * the store; `stateSync` fetches one, has src/chain/state-snapshot.ts check it, and installs it.
 */
import type { Logger } from 'pino';
import type { Block, Commit } from '../chain/block.ts';
import type { Genesis } from '../chain/genesis.ts';
import {
  checkBase,
  checkOffer,
  chunkStarts,
  snapshotWrites,
  SnapshotAssembler,
  validatorSetEntries,
  type SnapshotChunk,
  type SnapshotOffer,
  type StateSyncProblem,
  type StateSyncProblemCode,
} from '../chain/state-snapshot.ts';
import { SNAPSHOT_CHUNK_ENTRIES_MAX, SNAPSHOT_ENTRIES_MAX, SNAPSHOT_HANDOVERS_MAX } from '../chain/limits.ts';
import type { TrieNodeWrites } from '../chain/state-trie.ts';
import type { Verifier } from '../ledger/tx.ts';
import type { StateReader, StateWrites } from '../ledger/state.ts';
import { SINCE_PREFIX } from '../ledger/validators/schedule.ts';
import type { StateSnapshotReader } from '../store/chain-store.ts';
import { SNAPSHOT_IDLE_MS, SNAPSHOT_REUSE_MS, SNAPSHOTS_HELD_MAX, STATE_SYNC_PEERS_TRIED_MAX } from './limits.ts';
import type { BlocksFromPeer } from './net.ts';

// ── Serving ─────────────────────────────────────────────────────────────────────────────────────

/** What the server reads: the committed height and a frozen view of the state (ChainStore). */
export interface SnapshotSource {
  height(): number;
  openStateSnapshot(): StateSnapshotReader;
}

interface HeldSnapshot {
  reader: StateSnapshotReader;
  offer: SnapshotOffer;
  starts: string[];
  openedMs: number;
  usedMs: number;
}

/**
 * Serves offers and chunks. An offer freezes the state at the tip (an LMDB read transaction), so the
 * chunks of one offer are of one height however many blocks commit meanwhile. At most
 * SNAPSHOTS_HELD_MAX are held; the newest is offered again for SNAPSHOT_REUSE_MS; one unused for
 * SNAPSHOT_IDLE_MS is closed (checked on every request and at `close`).
 */
export class SnapshotServer {
  private readonly source: SnapshotSource;
  private readonly nowMs: () => number;
  private readonly chunkEntriesMax: number;
  private held: HeldSnapshot[] = [];

  /** `chunkEntriesMax` below SNAPSHOT_CHUNK_ENTRIES_MAX only in tests, to see many chunks on a small state. */
  constructor(source: SnapshotSource, nowMs: () => number, chunkEntriesMax = SNAPSHOT_CHUNK_ENTRIES_MAX) {
    this.source = source;
    this.nowMs = nowMs;
    this.chunkEntriesMax = Math.min(chunkEntriesMax, SNAPSHOT_CHUNK_ENTRIES_MAX);
  }

  /** The newest snapshot, or a new one at the tip; null before the first block. */
  offer(): SnapshotOffer | null {
    const now = this.nowMs();
    this.sweep(now);
    const newest = this.held.at(-1);
    if (newest !== undefined && now - newest.openedMs < SNAPSHOT_REUSE_MS) return this.use(newest, now).offer;
    if (this.source.height() < 1) return null;
    const reader = this.source.openStateSnapshot();
    const { starts, entries } = chunkStarts(reader.sizes(), this.chunkEntriesMax);
    const handOvers = reader
      .entries(SINCE_PREFIX, `${SINCE_PREFIX}\uffff`, SNAPSHOT_HANDOVERS_MAX + 2)
      .filter(({ key }) => key.startsWith(SINCE_PREFIX))
      .map(({ key }) => Number(key.slice(SINCE_PREFIX.length)) - 1)
      .filter((height) => height >= 1 && height < reader.height);
    const offer = { height: reader.height, chunks: starts.length, entries, handOvers };
    if (starts.length === 0 || entries > SNAPSHOT_ENTRIES_MAX || checkOffer(offer, 0) !== null) {
      reader.close();
      return null;
    }
    this.held.push({ reader, offer, starts, openedMs: now, usedMs: now });
    while (this.held.length > SNAPSHOTS_HELD_MAX) this.held.shift()?.reader.close();
    return offer;
  }

  /** Chunk `index` of the held snapshot of `height`; null if none is held (it expired) or no such chunk. */
  chunk(height: number, index: number): SnapshotChunk | null {
    const now = this.nowMs();
    this.sweep(now);
    const snapshot = this.held.find((held) => held.offer.height === height);
    if (snapshot === undefined || !Number.isSafeInteger(index) || index < 0 || index >= snapshot.starts.length) return null;
    this.use(snapshot, now);
    const entries = snapshot.reader.entries(snapshot.starts[index], snapshot.starts[index + 1], SNAPSHOT_CHUNK_ENTRIES_MAX);
    return { height, index, entries };
  }

  close(): void {
    for (const held of this.held) held.reader.close();
    this.held = [];
  }

  private use(snapshot: HeldSnapshot, now: number): HeldSnapshot {
    snapshot.usedMs = now;
    return snapshot;
  }

  private sweep(now: number): void {
    const kept: HeldSnapshot[] = [];
    for (const held of this.held) {
      if (now - held.usedMs > SNAPSHOT_IDLE_MS) held.reader.close();
      else kept.push(held);
    }
    this.held = kept;
  }
}

// ── Syncing ─────────────────────────────────────────────────────────────────────────────────────

/** The network as state sync uses it (the libp2p host in node.ts; a direct call in tests and the bench). */
export interface SnapshotNet {
  /** Connected peers with their reported chain and height. */
  peers(): Promise<{ peer: string; genesisHash: string; height: number }[]>;
  requestSnapshotOffer(peer: string): Promise<SnapshotOffer | null>;
  requestSnapshotChunk(peer: string, height: number, index: number): Promise<SnapshotChunk | null>;
  /** Committed blocks (block sync, spec/p2p.md §5): used for block H and the hand-over blocks. */
  requestBlocks(fromHeight: number, toHeight: number, exclude?: ReadonlySet<string>): Promise<BlocksFromPeer | null>;
  /** The peer served a snapshot that fails its checks: strikes (spec/p2p.md §6). */
  reportBadSnapshot(peer: string, reason: string): void;
  reportBadBlocks(peer: string, reason: string): void;
}

/** The store as state sync writes it (ChainStore). */
export interface SnapshotTarget extends StateReader {
  height(): number;
  installSnapshot(block: Block, commit: Commit, stateWrites: StateWrites, trieWrites: TrieNodeWrites, stateRoot: string): Promise<void>;
}

export interface StateSyncOptions {
  genesis: Genesis;
  store: SnapshotTarget;
  net: SnapshotNet;
  verify: Verifier;
  log: Logger;
  /** Sync only from a peer at least this many heights ahead. */
  lagMin: number;
  /** Waits between the tries of a chunk a peer did not serve (its rate limit refuses a burst); setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

/** A chunk not served is asked again after 250, 500, 1 000 ms (a peer's rate limit, spec/p2p.md §5), then given up. */
const CHUNK_RETRIES_MS = [250, 500, 1_000];

export type StateSyncOutcome =
  | { synced: true; height: number; peer: string; entries: number; chunks: number; timingsMs: StateSyncTimings }
  | { synced: false; reason: string; problems: { peer: string; code: StateSyncProblemCode | 'no_answer'; message: string }[] };

/** Where a state sync's time went: fetching and checking chunks, the hand-over and base blocks, the trie and root, the one transaction. */
export interface StateSyncTimings {
  chunks: number;
  blocks: number;
  trie: number;
  install: number;
}

/** Refusals found in the block peer's blocks rather than in the snapshot peer's entries. */
const BLOCK_PEER_AT_FAULT: ReadonlySet<StateSyncProblemCode> = new Set(['wrong_block', 'bad_commit', 'tx_root_mismatch']);

class NoAnswer extends Error {}

/**
 * Syncs a fresh store (at genesis) to the snapshot of the highest peer that serves one: offer, chunks,
 * hand-over blocks and block H, the checks of src/chain/state-snapshot.ts, then one transaction.
 * A peer whose snapshot or blocks fail a check is reported (strikes) and the next is tried. Nothing
 * is written unless every check passed.
 */
export async function stateSync(options: StateSyncOptions): Promise<StateSyncOutcome> {
  const { store, net, log, genesis } = options;
  if (store.height() !== 0) return { synced: false, reason: `the store is at height ${store.height()}, not a fresh one`, problems: [] };
  const peers = (await net.peers()).filter((p) => p.genesisHash === genesis.hash && p.height >= options.lagMin).sort((a, b) => b.height - a.height);
  const problems: Extract<StateSyncOutcome, { synced: false }>['problems'] = [];
  for (const { peer } of peers.slice(0, STATE_SYNC_PEERS_TRIED_MAX)) {
    try {
      const result = await syncFrom(peer, options);
      if ('code' in result) {
        problems.push({ peer: result.peer, code: result.code, message: result.message });
        log.warn({ peer: result.peer, code: result.code, problem: result.message }, 'refused a state snapshot');
        if (result.peer === peer) net.reportBadSnapshot(peer, `${result.code}: ${result.message}`);
        else net.reportBadBlocks(result.peer, `${result.code}: ${result.message}`);
        continue;
      }
      return result;
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      problems.push({ peer, code: 'no_answer', message: error.message });
      log.info({ peer, problem: error.message }, 'state sync: no answer; trying the next peer');
    }
  }
  return { synced: false, reason: peers.length === 0 ? 'no peer is far enough ahead' : 'no peer served a snapshot that checks', problems };
}

async function syncFrom(peer: string, options: StateSyncOptions): Promise<Extract<StateSyncOutcome, { synced: true }> | (StateSyncProblem & { peer: string })> {
  const { net, log, store } = options;
  const started = performance.now();
  const offer = await net.requestSnapshotOffer(peer);
  if (offer === null) throw new NoAnswer('no snapshot offered');
  const badOffer = checkOffer(offer, store.height());
  if (badOffer !== null) return { ...badOffer, peer };
  log.info({ peer, height: offer.height, chunks: offer.chunks, entries: offer.entries }, 'state sync: snapshot offered');
  const assembler = new SnapshotAssembler(offer);
  for (let index = 0; index < offer.chunks; index++) {
    let chunk = await net.requestSnapshotChunk(peer, offer.height, index);
    for (const waitMs of CHUNK_RETRIES_MS) {
      if (chunk !== null) break;
      await (options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(waitMs);
      chunk = await net.requestSnapshotChunk(peer, offer.height, index);
    }
    if (chunk === null) throw new NoAnswer(`chunk ${index} of ${offer.chunks} not served`);
    const refused = assembler.add(chunk);
    if (refused !== null) return { ...refused, peer };
  }
  const entries = assembler.complete();
  if (!Array.isArray(entries)) return { ...entries, peer };
  const chunksDone = performance.now();
  const fetched = await fetchBlocks(net, [...offer.handOvers, offer.height]);
  const base = fetched.at(-1) as { block: Block; commit: Commit; peer: string };
  const baseProblem = checkBase({
    chainId: options.genesis.chainId,
    genesisValidators: options.genesis.validators,
    handOvers: fetched.slice(0, -1),
    base,
    sets: validatorSetEntries(entries),
    verify: options.verify,
  });
  if (baseProblem !== null) {
    const blamed = BLOCK_PEER_AT_FAULT.has(baseProblem.code) ? (fetched.find((b) => b.block.header.height === baseProblem.height)?.peer ?? base.peer) : peer;
    return { ...baseProblem, peer: blamed };
  }
  const blocksDone = performance.now();
  const existing = store.scanState('', SNAPSHOT_ENTRIES_MAX);
  const writes = snapshotWrites(entries, existing, base.block.header.stateRoot);
  if ('code' in writes) return { ...writes, peer };
  const trieDone = performance.now();
  await store.installSnapshot(base.block, base.commit, writes.stateWrites, writes.trieWrites, writes.stateRoot);
  const ms = (from: number, to: number): number => Math.round(to - from);
  const timingsMs = { chunks: ms(started, chunksDone), blocks: ms(chunksDone, blocksDone), trie: ms(blocksDone, trieDone), install: ms(trieDone, performance.now()) };
  log.info({ peer, height: offer.height, entries: entries.length, timingsMs, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) }, 'state sync: state installed; block sync goes on from the next height');
  return { synced: true, height: offer.height, peer, entries: entries.length, chunks: offer.chunks, timingsMs };
}

/** Each height's block with its commit, from any peer (block sync); NoAnswer when none serves one. */
async function fetchBlocks(net: SnapshotNet, heights: readonly number[]): Promise<{ block: Block; commit: Commit; peer: string }[]> {
  const fetched: { block: Block; commit: Commit; peer: string }[] = [];
  for (const height of heights) {
    const answer = await net.requestBlocks(height, height);
    const first = answer?.blocks[0];
    if (answer === null || first === undefined || first.block.header.height !== height) throw new NoAnswer(`block ${height} not served`);
    fetched.push({ ...first, peer: answer.peer });
  }
  return fetched;
}
