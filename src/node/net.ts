import type { Block, Commit } from '../chain/block.ts';
import type { SignedProposal, SignedVote } from '../consensus/index.ts';

/**
 * The shell's port to the network (DESIGN.md rule 2; spec/p2p.md). The node's composition root
 * implements it with the libp2p host of src/p2p; the simulator with a seeded network. Outbound calls
 * never throw and never wait: delivery is best effort, as gossip is.
 */
export interface Net {
  /**
   * Txs a client gave this node, to gossip (a peer's travel on by gossip itself). The libp2p host
   * sends them in batches (spec/p2p.md §Tx batches), collecting for a short window.
   */
  publishTxs(txs: readonly Uint8Array[]): void;
  broadcastProposal(proposal: SignedProposal, block: Block): void;
  /**
   * `relay` marks a re-send while consensus is stuck (spec/consensus.md C9). The libp2p host replaces
   * it with its relay epoch (src/p2p/message-id.ts), so gossip lets one re-send per epoch through.
   */
  broadcastVote(vote: SignedVote, relay?: number): void;
  /** One piece of evidence this node found (a peer's travels on by gossip itself; spec/p2p.md §Evidence). */
  publishEvidence(bytes: Uint8Array): void;
  /** The committed heights peers report, with their genesis (block sync asks who is ahead). */
  peerStatuses(): Promise<PeerStatus[]>;
  /**
   * Committed blocks with their commits, consecutive from `fromHeight`, from the first peer not in
   * `exclude` that serves any (peers known to be ahead first), with that peer's id; null when none
   * did. The blocks are not verified: block sync does that, and reports a peer whose fail.
   */
  requestBlocks(fromHeight: number, toHeight: number, exclude?: ReadonlySet<string>): Promise<BlocksFromPeer | null>;
  /**
   * `peer` served a block or commit that fails verification (spec/p2p.md §Block sync): strike it,
   * BLOCK_SYNC_BAD_COMMIT_STRIKES at a time, so that it is banned at the threshold.
   */
  reportBadBlocks(peer: string, reason: string): void;
}

export interface BlocksFromPeer {
  peer: string;
  blocks: SyncedBlock[];
}

export interface PeerStatus {
  genesisHash: string;
  height: number;
}

export interface ProposalMessage {
  proposal: SignedProposal;
  block: Block;
}

export interface SyncedBlock {
  block: Block;
  commit: Commit;
}

/**
 * What the node tells gossip about a message (spec/p2p.md §Validation): pass it on, drop it, or drop
 * it and count it against the peer that sent it.
 */
export type Verdict = 'accept' | 'ignore' | 'reject';
