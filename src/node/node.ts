import '../p2p/polyfill.ts';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Genesis } from '../chain/genesis.ts';
import type { Verifier } from '../ledger/tx.ts';
import { createEd25519NodeSigner, verifyEd25519Node } from '../crypto/ed25519-node.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import type { KeyPair } from '../crypto/keys.ts';
import { createP2PHost, newPeerKeySeed, type P2PHost } from '../p2p/index.ts';
import { ChainStore } from '../store/chain-store.ts';
import { MARKET_INDEX_VERSION, MARKET_INDEXERS } from './market-index.ts';
import { WORK_INDEX_VERSION, WORK_INDEXERS } from './work-index.ts';
import { assembleNode, type NodeParts } from './assemble.ts';
import type { LocalChain } from './local-chain.ts';
import type { NodeEvents } from './events.ts';
import { createVerifyPool, type ClientAdmit } from './ingress.ts';
import { FEE_SINK, type Mempool } from './mempool.ts';
import type { Net } from './net.ts';
import type { NodeReader } from './reader.ts';
// reputation (spec/reputation.md)
import { serializeReputationReport } from '../client/reputation/report.ts';
import { buildReputationReport } from './reputation.ts';
import { checkSubject } from './reputation-queries.ts';
import { ListingSearches } from './listing-searches.ts';
import { ThreadReads } from './thread-reads.ts';
import { CachedReports, DEFAULT_REPORT_LIMITS, type ReportLimits } from './reports.ts';
import { ReportThread } from './report-thread.ts';
import type { ConsensusShell } from './shell/index.ts';
import { SYSTEM_CLOCK, SYSTEM_TIMERS, type Clock } from './timing.ts';
import type { VerifyPool } from './verify-pool.ts';
import { VRF_HAZARD_MESSAGE_BYTES, type SigningKey } from './signer.ts';
import { CryptoError } from '../crypto/errors.ts';
import { SnapshotServer, stateSync, type SnapshotNet, type StateSyncOutcome } from './state-sync.ts';
import { STATE_SYNC_LAG_MIN, STATE_SYNC_WAIT_MS } from './limits.ts';

export type { TxStatus } from './tx-status.ts';

export interface NodeOptions {
  genesis: Genesis;
  dataDirectory: string;
  validatorKey: KeyPair | null;
  blockTimeMs: number;
  idleBlockMs: number;
  log: Logger;
  clock?: Clock;
  onFatal?: (error: unknown) => void;
  /** Ed25519 verification; tests wrap node:crypto's to count checks (issue 12, attack 3). */
  verify?: Verifier;
  /** The bounds of provenance reports; tests lower them (spec/limits.md §3). */
  reportLimits?: Partial<ReportLimits>;
}

/** The node's libp2p key seed, kept in HOME/node-key.json; created on first start. */
export async function loadOrCreatePeerKeySeed(home: string): Promise<Uint8Array> {
  const path = join(home, 'node-key.json');
  if (existsSync(path)) return fromHex((JSON.parse(await readFile(path, 'utf8')) as { seed: string }).seed);
  const seed = newPeerKeySeed();
  await writeFile(path, `${JSON.stringify({ seed: toHex(seed) }, null, 2)}\n`, { mode: 0o600 });
  return seed;
}

/**
 * The composition root (spec/node.md §Parts; DESIGN.md §Layers): the one module that chooses the real
 * ports — the LMDB store, libp2p, the system clock and timers, node:crypto verification, the worker
 * pool — and hands them to the parts (assemble.ts). It is the only module that imports both the
 * network and the store. Callers get the narrow faces: `admit`, `reader`, `events` for the API;
 * the parts themselves only for tests.
 */
export class AgoraNode {
  readonly store: ChainStore;
  readonly chain: LocalChain;
  readonly mempool: Mempool;
  readonly shell: ConsensusShell;
  readonly events: NodeEvents;
  /** The admission function a client (HTTP) uses: one outcome per tx, refusals as values. */
  readonly admit: ClientAdmit;
  /** The read-only query interface. */
  readonly reader: NodeReader;
  /** Provenance reports, built on the read thread; exposed for tests (its stats). */
  readonly reports: CachedReports;
  /** Reputation reports, built on the read thread; exposed for tests (its stats). */
  readonly reputationReports: CachedReports;
  /** Listing searches, run on the read thread; exposed for tests (its stats). */
  readonly listingSearches: ListingSearches;
  /** Arbiter queues, review lists and evidence documents, run on the read thread; exposed for tests (their stats). */
  readonly threadReads: ThreadReads;
  /** The read thread (report-worker.ts): reports, listing searches and the reads of thread-reads.ts, off the consensus thread; exposed for tests (its state). */
  readonly readThread: ReportThread;
  readonly log: Logger;
  private readonly parts: NodeParts;
  private host: P2PHost | null = null;
  private pool: VerifyPool | null = null;
  /** Serves state snapshots to peers that state-sync (spec/node.md §State sync). */
  private readonly snapshots: SnapshotServer;
  private stopping = false;
  private stopped: Promise<void> | null = null;

  private constructor(store: ChainStore, parts: NodeParts, readThread: ReportThread, reportLimits: Partial<ReportLimits> | undefined, log: Logger) {
    this.store = store;
    this.readThread = readThread;
    const height = (): number => parts.chain.height;
    this.reports = new CachedReports({ what: 'provenance', height, limits: reportLimits, build: (item) => readThread.run({ kind: 'item', item }) });
    this.reputationReports = new CachedReports({ what: 'reputation', height, limits: reportLimits, build: (subject) => readThread.run({ kind: 'reputation', subject }) });
    this.listingSearches = new ListingSearches((search, limit, after) => readThread.run({ kind: 'listings', search, limit, after }));
    this.threadReads = new ThreadReads((read) => readThread.run(read));
    const { reports, reputationReports, listingSearches, threadReads } = this;
    this.parts = parts;
    this.chain = parts.chain;
    this.mempool = parts.mempool;
    this.shell = parts.shell;
    this.events = parts.events;
    this.admit = parts.admit;
    this.log = log;
    this.snapshots = new SnapshotServer(store, () => Date.now());
    const tracker = parts.tracker;
    this.reader = {
      store,
      chain: parts.chain,
      mempool: parts.mempool,
      txStatus: (id) => tracker.txStatus(id),
      waitForCommit: (id, timeoutMs) => tracker.waitForCommit(id, timeoutMs),
      peers: () => ({ peerId: this.host?.peerId ?? null, count: this.host?.connectedPeers().length ?? 0 }),
      itemReport: (id) => reports.report(id),
      searchListings: (search, limit, after) => listingSearches.search(search, limit, after),
      arbiterDisputes: (address, limit, after) => threadReads.arbiterDisputes(address, limit, after),
      reviews: (subject) => threadReads.reviewsOf(subject),
      evidenceDocument: (height) => threadReads.evidenceDocument(height),
      // reputation (spec/reputation.md)
      reputationReportBytes: async (subject) => {
        // Bad input is refused before any wait for the thread.
        checkSubject(subject);
        return reputationReports.report(subject);
      },
      reputationReport: (subject) => {
        const { chainId, validators, params } = parts.chain.genesis;
        return serializeReputationReport(buildReputationReport(store, chainId, validators, params.nativeAsset, subject));
      },
    };
  }

  static async open(options: NodeOptions): Promise<AgoraNode> {
    const store = new ChainStore(options.dataDirectory, { indexers: [...MARKET_INDEXERS, ...WORK_INDEXERS] });
    // A store from before the market's or the work module's indexes (or with older ones) is indexed from its state first.
    await store.ensureIndex(`${MARKET_INDEX_VERSION}+${WORK_INDEX_VERSION}`);
    // The host is created after the parts (it needs their handlers): until then the Net goes nowhere.
    let node: AgoraNode | null = null;
    const host = (): P2PHost | null => node?.host ?? null;
    const net: Net = {
      publishTxs: (txs) => host()?.gossipTxs(txs),
      broadcastProposal: (proposal, block) => host()?.broadcastProposal(proposal, block),
      broadcastVote: (vote, relay) => host()?.broadcastVote(vote, relay),
      publishEvidence: (bytes) => void host()?.publishEvidence(bytes).catch((error: unknown) => options.log.debug({ err: error }, 'evidence gossip failed')),
      peerStatuses: async () => (await host()?.status())?.map((peer) => peer.status) ?? [],
      requestBlocks: async (from, to, exclude) => (await host()?.requestBlocksFromPeers(from, to, exclude)) ?? null,
      reportBadBlocks: (peer, reason) => host()?.reportBadBlocks(peer, reason),
    };
    const parts = await assembleNode({
      genesis: options.genesis,
      store,
      net,
      clock: options.clock ?? SYSTEM_CLOCK,
      timers: SYSTEM_TIMERS,
      verify: options.verify ?? verifyEd25519Node,
      signingKey: options.validatorKey === null ? null : nodeSigningKey(options.validatorKey),
      log: options.log,
      blockTimeMs: options.blockTimeMs,
      idleBlockMs: options.idleBlockMs,
      // The worker pool starts with the first large batch: most nodes never see one.
      verifyBatch: (jobs) => (node === null ? Promise.reject(new Error('node not open')) : node.verifyPool().verify(jobs)),
      onFatal: options.onFatal ?? ((error) => node?.fatal(error)),
    });
    const limits = { ...DEFAULT_REPORT_LIMITS, ...options.reportLimits };
    const readThread = new ReportThread({
      dataDirectory: options.dataDirectory,
      chainId: options.genesis.chainId,
      validators: options.genesis.validators,
      nativeAsset: options.genesis.params.nativeAsset,
      blockTxsMax: limits.blockTxsMax,
      blockCacheBytesMax: limits.blockCacheBytesMax,
    });
    node = new AgoraNode(store, parts, readThread, options.reportLimits, options.log);
    return node;
  }

  private verifyPool(): VerifyPool {
    this.pool ??= createVerifyPool();
    return this.pool;
  }

  /** Joins the network: libp2p on `listen`, the static `peers`, gossip and block sync (spec/p2p.md). */
  async startNetwork(options: { listen: string; peers: string[]; peerKeySeed: Uint8Array }): Promise<P2PHost> {
    const log = this.log.child({ component: 'p2p' });
    const handlers = {
      ...this.parts.handlers,
      getSnapshotOffer: () => this.snapshots.offer(),
      getSnapshotChunk: (height: number, index: number) => this.snapshots.chunk(height, index),
    };
    const host = await createP2PHost({ ...options, chainId: this.chain.genesis.chainId, log, handlers });
    await host.start();
    this.host = host;
    log.info({ peerId: host.peerId, listen: host.multiaddrs() }, 'p2p listening');
    return host;
  }

  /** The libp2p host once the network started; for tests. */
  get p2pHost(): P2PHost | null {
    return this.host;
  }

  /**
   * State sync (spec/node.md §State sync), between startNetwork and start: on a fresh store (at
   * genesis), waits up to `waitMs` for a peer at least STATE_SYNC_LAG_MIN heights ahead, then takes its
   * snapshot. When none serves one that checks, the node goes on from genesis by block sync.
   */
  async stateSync(waitMs = STATE_SYNC_WAIT_MS): Promise<StateSyncOutcome> {
    const host = this.host;
    if (host === null) throw new Error('state sync needs the network started');
    const net: SnapshotNet = {
      peers: async () => (await host.status()).map(({ peerId, status }) => ({ peer: peerId, genesisHash: status.genesisHash, height: status.height })),
      requestSnapshotOffer: (peer) => host.requestSnapshotOffer(peer),
      requestSnapshotChunk: (peer, height, index) => host.requestSnapshotChunk(peer, height, index),
      requestBlocks: (from, to, exclude) => host.requestBlocksFromPeers(from, to, exclude),
      reportBadSnapshot: (peer, reason) => host.reportBadSnapshot(peer, reason),
      reportBadBlocks: (peer, reason) => host.reportBadBlocks(peer, reason),
    };
    const log = this.log.child({ component: 'state-sync' });
    const deadline = Date.now() + waitMs;
    let outcome: StateSyncOutcome;
    do {
      outcome = await stateSync({ genesis: this.chain.genesis, store: this.store, net, verify: verifyEd25519Node, log, lagMin: STATE_SYNC_LAG_MIN });
      if (outcome.synced || outcome.problems.length > 0 || this.store.height() !== 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    if (!outcome.synced) log.warn({ reason: outcome.reason, problems: outcome.problems }, 'state sync did not happen; block sync goes on from our height');
    else {
      // Txs gossiped or submitted during the sync were admitted on the genesis state: run every one
      // again on the synced state (no block writes given: a full recheck), at the synced height.
      const evicted = this.parts.mempool.afterCommit([], this.store, this.chain.context(this.chain.height + 1, this.chain.lastTimeMs + 1, FEE_SINK));
      if (evicted.length > 0) log.info({ evicted: evicted.length }, 'mempool evicted txs that do not apply to the synced state');
    }
    return outcome;
  }

  start(): void {
    this.log.info({ chainId: this.chain.genesis.chainId, height: this.chain.height }, 'node starting');
    this.shell.start();
    // The read thread loads its modules and opens the store now, not on the first request that needs it.
    this.readThread.prewarm().catch((error: unknown) => {
      if (!this.stopping) this.log.warn({ err: error }, 'the read thread did not start; the first report or search starts it again');
    });
  }

  /**
   * Stops the node. A second call (SIGINT then SIGTERM, a fatal error during a shutdown) gets the same
   * promise: it resolves once the store is closed, never while the first call is still closing it.
   */
  stop(): Promise<void> {
    this.stopped ??= this.close();
    return this.stopped;
  }

  private async close(): Promise<void> {
    this.stopping = true;
    this.parts.ingress.stop();
    await this.shell.stop();
    await this.host?.stop();
    this.snapshots.close();
    await this.pool?.close();
    // The read thread reads the store: it stops first.
    await this.readThread.close();
    this.parts.tracker.close();
    await this.store.close();
  }

  private fatal(error: unknown): void {
    this.log.fatal({ err: error }, 'consensus stopped on an internal error; the node exits rather than continue wrong');
    process.exitCode = 70;
    void this.stop().finally(() => process.exit(70));
  }
}

/**
 * The validator's key as the node signs with it: votes and proposals by OpenSSL (node:crypto), the
 * seed proof by the VRF. Ed25519 is deterministic (RFC 8032 §5.1.6), so the bytes are KeyPair.sign's
 * (test/crypto/ed25519.test.ts); noble's constant-time signing cost ~2.3 ms a vote here, measured in
 * a profile of four idle validators, about 50 times OpenSSL's.
 */
export function nodeSigningKey(key: KeyPair): SigningKey {
  const signWithOpenSsl = createEd25519NodeSigner(key.secretKey);
  const sign = (message: Uint8Array): Uint8Array => {
    // Decision 0004 §Keys: refused here as KeyPair.sign refuses it, besides ValidatorSigner's invariant.
    if (message.length === VRF_HAZARD_MESSAGE_BYTES) throw new CryptoError('bad_message', 'an Agora key never signs a 32-byte message (spec/decisions/0004-vrf-suite.md §Keys)');
    return signWithOpenSsl(message);
  };
  return { address: key.address, sign, proveSeed: (alpha) => key.proveSeed(alpha) };
}
