import type { Block, Commit } from '../chain/block.ts';
import type { SignedProposal, SignedVote } from '../consensus/index.ts';

/**
 * The shell's port to the network (DESIGN.md rule 2; spec/p2p.md). The node's composition root
 * implements it with the libp2p host of src/p2p; the simulator with a seeded network. Outbound calls
 * never throw and never wait: delivery is best effort, as gossip is.
 */
export interface Net {
  publishTx(bytes: Uint8Array): void;
  broadcastProposal(proposal: SignedProposal, block: Block): void;
  /** `relay` marks a re-send (a new counter value each time), so gossip does not drop it as seen. */
  broadcastVote(vote: SignedVote, relay?: number): void;
  /** The committed heights peers report, with their genesis (block sync asks who is ahead). */
  peerStatuses(): Promise<PeerStatus[]>;
  /** Committed blocks with their commits from some peer, consecutive from `fromHeight`; maybe none. */
  requestBlocks(fromHeight: number, toHeight: number): Promise<SyncedBlock[]>;
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
