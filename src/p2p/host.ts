/**
 * The node's networking host (spec/p2p.md): a libp2p node with the gossip topics, the block-sync and
 * status protocols, static peers kept connected, and peer scoring. The node gives it handlers and
 * calls publish/request; nothing from the network reaches a handler undecoded, and nothing the
 * network sends makes the host throw.
 */
import './polyfill.ts';
import { peerIdFromString } from '@libp2p/peer-id';
import type { PeerId } from '@libp2p/interface';
import type { Logger } from 'pino';
import type { Block } from '../chain/block.ts';
import { CodecError } from '../codec/errors.ts';
import type { SignedProposal, SignedVote } from '../consensus/types.ts';
import { listenMultiaddr, parsePeerAddress, type StaticPeer } from './addresses.ts';
import { P2PError } from './errors.ts';
import { GossipRouter, topicName, type GossipHandlers, type GossipTopic } from './gossip.ts';
import { gossipMessageId, relayEpoch } from './message-id.ts';
import { createLibp2pNode, isValidatingGossipSub, type AgoraLibp2p } from './libp2p-node.ts';
import * as limits from './limits.ts';
import * as messages from './messages.ts';
import type { BlockSyncRequest, ProposalMessage, StatusMessage, SyncedBlock, VoteMessage } from './messages.ts';
import { peerKeyFromSeed } from './peer-key.ts';
import { DEFAULT_PEER_SCORING, PeerScores, type PeerScoringOptions } from './peer-scores.ts';
import { PeerRateLimiter } from './rate-limit.ts';
import { StaticPeerDialer, type RedialOptions } from './redial.ts';
import { MalformedFrame, sendRequest, serveRequests } from './request-response.ts';
import { TxBatcher } from './tx-batcher.ts';
import * as compact from './compact-proposal.ts';
import { ProposalTxs } from './proposal-txs.ts';
import { SnapshotProtocol, type SnapshotHandlers } from './snapshot-protocol.ts';
import type { SnapshotChunk, SnapshotOffer } from '../chain/state-snapshot.ts';
import { HEADER_FORMAT_VERSION } from '../chain/versions.ts';
import { PeerVersions, type VersionSeenIn } from './peer-versions.ts';

/**
 * What a node says of itself in a status: the host adds the header format version this release
 * reads (HEADER_FORMAT_VERSION) unless one is given (a test host playing a node of another version).
 */
export type LocalStatus = Omit<StatusMessage, 'headerVersion'> & { headerVersion?: number };

/** The snapshot handlers are optional: a node without them offers no snapshot (spec/p2p.md §5). */
export interface P2PHandlers extends GossipHandlers, Partial<SnapshotHandlers> {
  /** Committed blocks with their commits from `fromHeight` on, as many as the store has up to `toHeight`. */
  getBlocks(fromHeight: number, toHeight: number): SyncedBlock[] | Promise<SyncedBlock[]>;
  getStatus(): LocalStatus | Promise<LocalStatus>;
  /** The txs of these ids this node holds (its mempool), in order; undefined for one it lacks. */
  getTxs(txIds: readonly string[]): (Uint8Array | undefined)[];
}

export interface P2PHostOptions {
  /** `host:port` to listen on; port 0 picks a free port. */
  listen: string;
  /** 32 bytes kept in the node's home; the peer id is derived from it (peer-key.ts). */
  peerKeySeed: Uint8Array;
  /** Static peers: multiaddrs ending in `/p2p/<peer id>`. Our own id, if listed, is skipped. */
  peers: readonly string[];
  chainId: string;
  log: Logger;
  handlers: P2PHandlers;
  /** Overrides of limits.ts, for tests. */
  scoring?: Partial<PeerScoringOptions>;
  redial?: Partial<RedialOptions>;
  /** The clock of relay epochs (src/p2p/message-id.ts): Date.now by default; tests set clocks apart. */
  nowMs?: () => number;
}

export interface PeerStatus {
  peerId: string;
  status: StatusMessage;
}

export interface P2PHost {
  readonly peerId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Addresses others can dial, each ending in `/p2p/<peer id>` (after start). */
  multiaddrs(): string[];
  connectedPeers(): string[];
  /** Peers known to be subscribed to a gossip topic. */
  topicPeers(topic: GossipTopic): string[];
  /**
   * Each resolves with the number of peers the message was sent to; rejects with CodecError for a
   * message over its bound. `publishTxs` sends one batch of 1 to TX_BATCH_TXS_MAX txs at once.
   */
  publishTxs(txs: Uint8Array[]): Promise<number>;
  publishProposal(message: ProposalMessage): Promise<number>;
  publishVote(message: VoteMessage): Promise<number>;
  publishEvidence(evidence: Uint8Array): Promise<number>;
  /**
   * Queues txs for gossip: they leave in batches of up to TX_BATCH_TXS_MAX txs or TX_BATCH_BYTES_MAX
   * bytes, or TX_BATCH_WINDOW_MS after the first (tx-batcher.ts). Logs failures, never throws.
   */
  gossipTxs(txs: readonly Uint8Array[]): void;
  /** `ConsensusNetwork` of src/node/consensus-driver.ts: publish, log failures, never throw. */
  broadcastProposal(proposal: SignedProposal, block: Block): void;
  broadcastVote(vote: SignedVote, relay?: number): void;
  /**
   * Committed blocks from `fromHeight`, at most BLOCK_SYNC_MAX_BLOCKS and at most up to `toHeight`,
   * from the first connected peer that serves any (peers known to be higher first). Consecutive,
   * each with a commit for it (not yet verified: that is the node's job). Empty when no peer could.
   */
  requestBlocks(fromHeight: number, toHeight: number): Promise<SyncedBlock[]>;
  /** As requestBlocks, skipping the peers in `exclude`, with the id of the peer that served; null when none did. */
  requestBlocksFromPeers(fromHeight: number, toHeight: number, exclude?: ReadonlySet<string>): Promise<{ peer: string; blocks: SyncedBlock[] } | null>;
  /** `peer` served a block or commit that fails verification: BLOCK_SYNC_BAD_COMMIT_STRIKES strikes. */
  reportBadBlocks(peer: string, reason: string): void;
  /** State sync (spec/p2p.md §5): the peer's snapshot offer and one chunk of it; null when it gave none. */
  requestSnapshotOffer(peer: string): Promise<SnapshotOffer | null>;
  requestSnapshotChunk(peer: string, height: number, index: number): Promise<SnapshotChunk | null>;
  /** `peer` served a snapshot that fails the node's checks: SNAPSHOT_BAD_STRIKES strikes. */
  reportBadSnapshot(peer: string, reason: string): void;
  /** Sends our status to `peerId` and returns theirs; rejects on failure or timeout. */
  requestStatus(peerId: string): Promise<StatusMessage>;
  /**
   * The status of every connected peer that answers within STATUS_REQUEST_TIMEOUT_MS, but those of
   * another header format version (left out of sync, spec/p2p.md §5).
   */
  status(): Promise<PeerStatus[]>;
  /** Current strikes against a peer, and whether it is banned (spec/p2p.md §Validation and peer scoring). */
  peerStrikes(peerId: string): number;
  isBanned(peerId: string): boolean;
}

export async function createP2PHost(options: P2PHostOptions): Promise<P2PHost> {
  const privateKey = await peerKeyFromSeed(options.peerKeySeed);
  const scores = new PeerScores({ ...DEFAULT_PEER_SCORING, ...options.scoring });
  const votes = topicName(options.chainId, 'votes');
  const nowMs = options.nowMs ?? Date.now;
  const messageId = (topic: string, data: Uint8Array): Uint8Array => gossipMessageId(topic === votes, data, nowMs());
  const libp2p = await createLibp2pNode({ privateKey, listen: listenMultiaddr(options.listen), connectionGater: scores.gater(), messageId });
  const self = libp2p.peerId.toString();
  const peers = options.peers.map(parsePeerAddress).filter((peer) => peer.peerId.toString() !== self);
  return new Host(options, libp2p, scores, peers);
}

class Host implements P2PHost {
  readonly peerId: string;
  private readonly options: P2PHostOptions;
  private readonly log: Logger;
  private readonly libp2p: AgoraLibp2p;
  private readonly scores: PeerScores;
  private readonly rateLimiter = new PeerRateLimiter(limits.PEER_REQUEST_BURST, limits.PEER_REQUESTS_PER_SECOND);
  private readonly router: GossipRouter;
  private readonly dialer: StaticPeerDialer;
  private readonly batcher: TxBatcher;
  private readonly protocols: { blocks: string; status: string };
  private readonly proposalTxs: ProposalTxs;
  private readonly snapshots: SnapshotProtocol;
  /** Last status heard from each peer, either way; bounded by the connected peers (pruned on disconnect). */
  private readonly peerStatuses = new Map<string, StatusMessage>();
  /** Connected peers of another header format version: left out of block sync (pruned on disconnect). */
  private readonly versions: PeerVersions;
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(options: P2PHostOptions, libp2p: AgoraLibp2p, scores: PeerScores, peers: StaticPeer[]) {
    const { txGossip, consensusGossip } = libp2p.services;
    if (!isValidatingGossipSub(txGossip) || !isValidatingGossipSub(consensusGossip)) throw new Error('this gossipsub cannot report validation results');
    this.options = options;
    this.log = options.log.child({ module: 'p2p' });
    this.libp2p = libp2p;
    this.scores = scores;
    this.peerId = libp2p.peerId.toString();
    this.versions = new PeerVersions(this.log);
    // status/2 carries the header format version; status/1 did not (spec/p2p.md §5).
    this.protocols = { blocks: `/agora/${options.chainId}/blocks/1`, status: `/agora/${options.chainId}/status/2` };
    this.proposalTxs = new ProposalTxs({
      libp2p,
      protocol: `/agora/${options.chainId}/proposal-txs/1`,
      getTxs: (ids) => options.handlers.getTxs(ids),
      mayServe: (peer) => this.rateLimiter.take(peer),
      strike: (peer, reason) => this.strike(peer, reason),
      log: this.log,
    });
    this.snapshots = new SnapshotProtocol({
      libp2p,
      chainId: options.chainId,
      handlers: options.handlers,
      mayServe: (peer) => this.rateLimiter.take(peer),
      strike: (peer, reason) => this.strike(peer, reason),
      log: this.log,
    });
    this.router = new GossipRouter({
      routers: { txs: txGossip, consensus: consensusGossip },
      chainId: options.chainId,
      handlers: options.handlers,
      log: this.log,
      onInvalid: (peer, topic, reason) => this.strike(peer, `${topic}: ${reason}`),
      rebuildProposal: (message, peer) => this.proposalTxs.rebuild(message, peer),
      nowMs: options.nowMs,
    });
    const redial: RedialOptions = { initialMs: limits.REDIAL_INITIAL_MS, maxMs: limits.REDIAL_MAX_MS, dialTimeoutMs: limits.DIAL_TIMEOUT_MS, ...options.redial };
    this.dialer = new StaticPeerDialer(libp2p, peers, redial, this.log, (peer) => scores.isBanned(peer));
    this.batcher = new TxBatcher({
      send: (txs) => void this.publishTxs(txs).catch((error: unknown) => this.log.debug({ err: error, txs: txs.length }, 'tx batch gossip failed')),
    });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new P2PError('bad_state', `a host is started once (it is ${this.state})`);
    this.state = 'started';
    // Protocols first, so the first identify exchange already lists them.
    await serveRequests(this.libp2p, {
      protocol: this.protocols.blocks,
      requestBytesMax: limits.BLOCK_SYNC_REQUEST_BYTES_MAX,
      timeoutMs: limits.BLOCK_SYNC_REQUEST_TIMEOUT_MS,
      respond: (request, peer) => this.serveBlocks(request, peer),
      onInvalid: (peer, reason) => this.strike(peer.toString(), `block-sync request: ${reason}`),
      onError: (error, peer) => this.log.debug({ err: error, peer: peer.toString() }, 'block-sync request failed'),
    });
    await serveRequests(this.libp2p, {
      protocol: this.protocols.status,
      requestBytesMax: limits.STATUS_MESSAGE_BYTES_MAX,
      timeoutMs: limits.STATUS_REQUEST_TIMEOUT_MS,
      respond: (request, peer) => this.serveStatus(request, peer),
      onInvalid: (peer, reason) => this.strike(peer.toString(), `status request: ${reason}`),
      onError: (error, peer) => this.log.debug({ err: error, peer: peer.toString() }, 'status request failed'),
    });
    await this.proposalTxs.serve();
    await this.snapshots.serve();
    await this.libp2p.start();
    this.libp2p.addEventListener('peer:disconnect', this.onDisconnect);
    this.router.start();
    this.dialer.start();
    this.log.info({ peerId: this.peerId, addresses: this.multiaddrs() }, 'p2p host listening');
  }

  async stop(): Promise<void> {
    if (this.state !== 'started') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    this.batcher.flush();
    this.dialer.stop();
    this.router.stop();
    this.libp2p.removeEventListener('peer:disconnect', this.onDisconnect);
    await this.libp2p.stop();
  }

  multiaddrs(): string[] {
    return this.libp2p.getMultiaddrs().map((address) => address.toString());
  }

  connectedPeers(): string[] {
    return this.libp2p.getPeers().map((peer) => peer.toString());
  }

  topicPeers(topic: GossipTopic): string[] {
    return this.router.subscribers(topic);
  }

  async publishTxs(txs: Uint8Array[]): Promise<number> {
    return this.router.publish('txs', messages.encodeTxBatchMessage({ txs }));
  }

  gossipTxs(txs: readonly Uint8Array[]): void {
    this.batcher.add(txs);
  }

  /** Sent compact (spec/p2p.md §3.5); its txs are kept to serve the peers that lack some. */
  async publishProposal(message: ProposalMessage): Promise<number> {
    const bytes = compact.encodeCompactProposalMessage(compact.compactOf(message));
    this.proposalTxs.keep(message.proposal.blockHash, message.block.txs);
    return this.router.publish('proposals', bytes);
  }

  async publishVote(message: VoteMessage): Promise<number> {
    return this.router.publish('votes', messages.encodeVoteMessage(message));
  }

  async publishEvidence(evidence: Uint8Array): Promise<number> {
    return this.router.publish('evidence', messages.encodeEvidenceMessage({ evidence }));
  }

  broadcastProposal(proposal: SignedProposal, block: Block): void {
    this.publishProposal({ proposal, block }).catch((error: unknown) => this.log.error({ err: error, height: proposal.height }, 'cannot publish a proposal'));
  }

  /** A re-send (`relay` given) carries our relay epoch, whatever the caller's counter (src/p2p/message-id.ts). */
  broadcastVote(vote: SignedVote, relay?: number): void {
    this.publishVote(relay === undefined ? { vote } : { vote, relay: relayEpoch((this.options.nowMs ?? Date.now)()) }).catch((error: unknown) => this.log.error({ err: error, height: vote.height }, 'cannot publish a vote'));
  }

  async requestBlocks(fromHeight: number, toHeight: number): Promise<SyncedBlock[]> {
    return (await this.requestBlocksFromPeers(fromHeight, toHeight))?.blocks ?? [];
  }

  async requestBlocksFromPeers(fromHeight: number, toHeight: number, exclude: ReadonlySet<string> = new Set()): Promise<{ peer: string; blocks: SyncedBlock[] } | null> {
    if (!Number.isSafeInteger(fromHeight) || !Number.isSafeInteger(toHeight) || fromHeight < 1 || toHeight < fromHeight) {
      throw new P2PError('bad_request', `cannot request blocks ${fromHeight} to ${toHeight}`);
    }
    const request: BlockSyncRequest = { fromHeight, toHeight: Math.min(toHeight, fromHeight + limits.BLOCK_SYNC_MAX_BLOCKS - 1) };
    const bytes = messages.encodeBlockSyncRequest(request);
    const candidates = this.syncCandidates(fromHeight).filter((peer) => !exclude.has(peer));
    for (const peer of candidates.slice(0, limits.BLOCK_SYNC_PEERS_TRIED_MAX)) {
      const blocks = await this.requestBlocksFrom(peer, request, bytes);
      if (blocks.length > 0) return { peer, blocks };
    }
    return null;
  }

  reportBadBlocks(peer: string, reason: string): void {
    this.strike(peer, `block sync: ${reason}`, limits.BLOCK_SYNC_BAD_COMMIT_STRIKES);
  }

  async requestSnapshotOffer(peer: string): Promise<SnapshotOffer | null> {
    return this.snapshots.requestOffer(peer);
  }

  async requestSnapshotChunk(peer: string, height: number, index: number): Promise<SnapshotChunk | null> {
    return this.snapshots.requestChunk(peer, height, index);
  }

  reportBadSnapshot(peer: string, reason: string): void {
    this.strike(peer, `state sync: ${reason}`, limits.SNAPSHOT_BAD_STRIKES);
  }

  async requestStatus(peerId: string): Promise<StatusMessage> {
    const ours = messages.encodeStatusMessage(await this.ownStatus());
    let status: StatusMessage;
    try {
      const response = await sendRequest(this.libp2p, peerIdFromString(peerId), ours, {
        protocol: this.protocols.status,
        responseBytesMax: limits.STATUS_MESSAGE_BYTES_MAX,
        timeoutMs: limits.STATUS_REQUEST_TIMEOUT_MS,
      });
      status = messages.decodeStatusMessage(response);
    } catch (error) {
      if (error instanceof MalformedFrame || error instanceof CodecError) this.strike(peerId, `status response: ${error.message}`);
      throw error;
    }
    this.notePeerStatus(peerId, status);
    return status;
  }

  async status(): Promise<PeerStatus[]> {
    const peers = this.connectedPeers();
    const results = await Promise.allSettled(peers.map((peerId) => this.requestStatus(peerId)));
    return results.flatMap((result, i) => (result.status === 'fulfilled' && !this.versions.isOther(peers[i]) ? [{ peerId: peers[i], status: result.value }] : []));
  }

  peerStrikes(peerId: string): number {
    return this.scores.strikes(peerId);
  }

  isBanned(peerId: string): boolean {
    return this.scores.isBanned(peerId);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  private readonly onDisconnect = (event: CustomEvent<PeerId>): void => {
    this.peerStatuses.delete(event.detail.toString());
    this.versions.forget(event.detail.toString());
  };

  private async ownStatus(): Promise<StatusMessage> {
    const status = await this.options.handlers.getStatus();
    return { chainId: status.chainId, genesisHash: status.genesisHash, height: status.height, headerVersion: status.headerVersion ?? HEADER_FORMAT_VERSION };
  }

  /**
   * `peer` reads and serves headers of format `version`, not ours: no liar (an honest node of another
   * release), so no strike; left out of block sync while connected (peer-versions.ts).
   */
  private noteOtherVersion(peer: string, version: number, seenIn: VersionSeenIn): void {
    if (this.libp2p.getConnections(peerIdFromString(peer)).length > 0) this.versions.noteOther(peer, version, seenIn);
  }

  private strike(peer: string, reason: string, count = 1): void {
    this.log.info({ peer, reason, strikes: this.scores.strikes(peer) + count }, 'invalid message from peer');
    if (!this.scores.strike(peer, count)) return;
    this.log.warn({ peer, banMs: this.options.scoring?.banMs ?? limits.PEER_BAN_MS }, 'peer banned for invalid messages');
    this.libp2p.hangUp(peerIdFromString(peer)).catch((error: unknown) => this.log.debug({ err: error, peer }, 'cannot hang up on a banned peer'));
  }

  private notePeerStatus(peer: string, status: StatusMessage): void {
    if (this.libp2p.getConnections(peerIdFromString(peer)).length === 0) return;
    this.peerStatuses.set(peer, status);
    this.noteOtherVersion(peer, status.headerVersion, 'status');
  }

  /**
   * Connected peers of our header format version (as far as known), those known to have `fromHeight`
   * first, then unknown, then known to be lower.
   */
  private syncCandidates(fromHeight: number): string[] {
    const rank = (peer: string): number => {
      const height = this.peerStatuses.get(peer)?.height;
      return height === undefined ? 1 : height >= fromHeight ? 0 : 2;
    };
    return this.connectedPeers()
      .filter((peer) => !this.versions.isOther(peer))
      .sort((a, b) => rank(a) - rank(b));
  }

  private async requestBlocksFrom(peer: string, request: BlockSyncRequest, bytes: Uint8Array): Promise<SyncedBlock[]> {
    let response: Uint8Array;
    try {
      response = await sendRequest(this.libp2p, peerIdFromString(peer), bytes, {
        protocol: this.protocols.blocks,
        responseBytesMax: limits.BLOCK_SYNC_RESPONSE_BYTES_MAX,
        timeoutMs: limits.BLOCK_SYNC_REQUEST_TIMEOUT_MS,
      });
    } catch (error) {
      if (error instanceof MalformedFrame) this.strike(peer, `block-sync response: ${error.message}`);
      else this.log.debug({ err: error, peer }, 'block-sync request failed; trying the next peer');
      return [];
    }
    try {
      const { blocks } = messages.decodeBlockSyncResponse(response);
      const first = blocks[0]?.block.header.height ?? request.fromHeight;
      const last = blocks.at(-1)?.block.header.height ?? request.fromHeight;
      if (first !== request.fromHeight || last > request.toHeight) throw new CodecError('bad_shape', `blocks ${first} to ${last} were not asked for`);
      return blocks;
    } catch (error) {
      // Blocks of another header format: a node of another release, not a liar (spec/p2p.md §5).
      const version = error instanceof CodecError && error.code === 'unsupported_version' ? messages.headerVersionServed(response, HEADER_FORMAT_VERSION) : null;
      if (version !== null) this.noteOtherVersion(peer, version, 'blocks');
      else this.strike(peer, `block-sync response: ${(error as Error).message}`);
      return [];
    }
  }

  private async serveBlocks(bytes: Uint8Array, peerId: PeerId): Promise<Uint8Array | null> {
    const peer = peerId.toString();
    if (!this.rateLimiter.take(peer)) return null;
    let request: BlockSyncRequest;
    try {
      request = messages.decodeBlockSyncRequest(bytes);
    } catch (error) {
      this.strike(peer, `block-sync request: ${(error as Error).message}`);
      return null;
    }
    const entries = await this.options.handlers.getBlocks(request.fromHeight, request.toHeight);
    return messages.encodeBlockSyncResponseFor(request, entries).bytes;
  }

  private async serveStatus(bytes: Uint8Array, peerId: PeerId): Promise<Uint8Array | null> {
    const peer = peerId.toString();
    if (!this.rateLimiter.take(peer)) return null;
    try {
      this.notePeerStatus(peer, messages.decodeStatusMessage(bytes));
    } catch (error) {
      this.strike(peer, `status request: ${(error as Error).message}`);
      return null;
    }
    return messages.encodeStatusMessage(await this.ownStatus());
  }
}
