// The Net port (src/node/net.ts) of one incarnation of a simulated node. Gossip is modelled as the
// node sees it: a publisher's gossip refuses a message id it published already (so a re-sent vote
// reaches anyone only with a fresh relay counter, as with gossipsub); block sync asks peers over the
// same faulty links and gives up after SYNC_TIMEOUT_MS.
import type { Block } from '../../src/chain/block.ts';
import type { SignedProposal, SignedVote } from '../../src/consensus/index.ts';
import type { BlocksFromPeer, Net, PeerStatus, SyncedBlock } from '../../src/node/net.ts';
import type { Host } from './host.ts';
import { gossipId, type Message } from './messages.ts';

const SYNC_TIMEOUT_MS = 1_000;
/** Blocks per sync answer, as spec/p2p.md bounds it (BLOCK_SYNC_MAX_BLOCKS is larger; small is harsher). */
export const SYNC_BLOCKS_PER_ANSWER = 16;
/** Message ids a node remembers having published (gossipsub keeps about two minutes' worth). */
const PUBLISHED_REMEMBERED_MAX = 4_096;

interface PendingStatus {
  replies: PeerStatus[];
  from: Set<number>;
  resolve: (statuses: PeerStatus[]) => void;
}

export class SimNet implements Net {
  private readonly host: Host;
  private readonly index: number;
  private readonly incarnation: number;
  /** Where a published message goes: everybody, or the Byzantine strategy. */
  private readonly send: (message: Message) => void;
  private readonly published = new Set<string>();
  private nextRequest = 0;
  private readonly statusRequests = new Map<number, PendingStatus>();
  private readonly blockRequests = new Map<number, (blocks: SyncedBlock[]) => void>();
  /** Peers' heights as last reported, for choosing whom to ask for blocks. */
  private readonly peerHeights = new Map<number, number>();
  /** Called on every message this node publishes (the checker's view of honest signatures). */
  onPublish: (message: Message) => void = () => {};

  constructor(host: Host, index: number, incarnation: number, send?: (message: Message) => void) {
    this.host = host;
    this.index = index;
    this.incarnation = incarnation;
    this.send = send ?? ((message) => host.broadcast(index, message));
  }

  /** One batch per call: the host's window is libp2p's business, not the node's (spec/p2p.md §Tx batches). */
  publishTxs(txs: readonly Uint8Array[]): void {
    this.publish({ kind: 'txs', txs: [...txs] });
  }

  broadcastProposal(proposal: SignedProposal, block: Block): void {
    this.publish({ kind: 'proposal', message: { proposal, block } });
  }

  broadcastVote(vote: SignedVote, relay?: number): void {
    if (relay !== undefined) this.host.stats.rebroadcasts++;
    this.publish(relay === undefined ? { kind: 'vote', vote } : { kind: 'vote', vote, relay });
  }

  publishEvidence(bytes: Uint8Array): void {
    this.publish({ kind: 'evidence', bytes });
  }

  private publish(message: Message): void {
    const id = gossipId(message);
    if (id !== null) {
      if (this.published.has(id)) return;
      if (this.published.size >= PUBLISHED_REMEMBERED_MAX) this.published.clear();
      this.published.add(id);
    }
    this.host.trace(this.index, `publish ${message.kind}`);
    this.onPublish(message);
    this.send(message);
  }

  peerStatuses(): Promise<PeerStatus[]> {
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.statusRequests.set(request, { replies: [], from: new Set(), resolve });
      this.host.broadcast(this.index, { kind: 'statusRequest', request });
      this.host.timers(this.index, this.incarnation).after(SYNC_TIMEOUT_MS, () => this.finishStatus(request));
    });
  }

  /** Asks one peer, drawn among those not excluded that reported `fromHeight`; a peer's id is its index. */
  requestBlocks(fromHeight: number, toHeight: number, exclude: ReadonlySet<string> = new Set()): Promise<BlocksFromPeer | null> {
    const candidates = [...this.peerHeights].filter(([peer, height]) => height >= fromHeight && !exclude.has(String(peer))).map(([peer]) => peer);
    if (candidates.length === 0) return Promise.resolve(null);
    const peer = this.host.rng.pick(candidates.sort((a, b) => a - b));
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.blockRequests.set(request, (blocks) => resolve(blocks.length === 0 ? null : { peer: String(peer), blocks }));
      this.host.send(this.index, peer, { kind: 'blocksRequest', request, fromHeight, toHeight });
      this.host.timers(this.index, this.incarnation).after(SYNC_TIMEOUT_MS, () => this.finishBlocks(request, []));
    });
  }

  reportBadBlocks(peer: string, reason: string): void {
    this.host.trace(this.index, `bad blocks from ${peer}: ${reason}`);
  }

  /** An answer to one of our requests. */
  receiveReply(from: number, message: Message): void {
    if (message.kind === 'statusReply') {
      const pending = this.statusRequests.get(message.request);
      if (pending === undefined || pending.from.has(from)) return;
      pending.from.add(from);
      pending.replies.push(message.status);
      this.peerHeights.set(from, message.status.height);
      if (pending.from.size === this.host.nodeCount - 1) this.finishStatus(message.request);
    } else if (message.kind === 'blocksReply') {
      if (message.blocks.length > 0) this.host.stats.syncs++;
      this.finishBlocks(message.request, message.blocks);
    }
  }

  private finishStatus(request: number): void {
    const pending = this.statusRequests.get(request);
    if (pending === undefined) return;
    this.statusRequests.delete(request);
    pending.resolve(pending.replies);
  }

  private finishBlocks(request: number, blocks: SyncedBlock[]): void {
    const resolve = this.blockRequests.get(request);
    if (resolve === undefined) return;
    this.blockRequests.delete(request);
    resolve(blocks);
  }
}
