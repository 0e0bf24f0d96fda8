import type { Logger } from 'pino';
import { blockHash } from '../../chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../../chain/votes.ts';
import { MAX_ROUNDS_AHEAD, type ConsensusEvent, type SignedProposal, type SignedVote } from '../../consensus/index.ts';
import type { Verifier } from '../../ledger/tx.ts';
import type { EvidencePool } from '../evidence-pool.ts';
import { FUTURE_HEIGHTS_BUFFERED } from '../limits.ts';
import type { LocalChain } from '../local-chain.ts';
import type { ProposalMessage, Verdict } from '../net.ts';
import type { Clock } from '../timing.ts';
import { FutureBuffer, type Buffered } from './future-buffer.ts';
import { HeldVotes } from './held-votes.ts';

/** What the inbound side needs of the consensus driver. */
export interface ConsensusInput {
  readonly height: number;
  readonly round: number;
  proposerOf(height: number, round: number): string;
  deliver(event: ConsensusEvent): void;
}

export interface InboundOptions {
  chain: LocalChain;
  consensus: ConsensusInput;
  verify: Verifier;
  clock: Clock;
  evidence: EvidencePool;
  /** The tx is pending here with its signatures checked: block checks need not verify it again. */
  isPending: (id: string) => boolean;
  /** A peer is more than one height ahead: catch up by block sync. */
  onFarAhead: () => void;
  log: Logger;
}

/** Two signed proposals that say the same thing (a copy, whatever else came with it). */
function sameProposal(a: SignedProposal, b: SignedProposal): boolean {
  return a.blockHash === b.blockHash && a.polRound === b.polRound;
}

/**
 * Consensus messages from peers (spec/node.md §Consensus shell, spec/p2p.md §Validation): checked
 * before the core sees them (a signature by a member of the validator set, the proposer of its round,
 * the block valid), delivered at the current height, kept for the next FUTURE_HEIGHTS_BUFFERED
 * heights until consensus gets there (within the bounds of FutureBuffer), dropped when behind.
 *
 * Of the proposals of one (height, round) only the first is executed and delivered: a second,
 * different one signed by the same proposer is kept as evidence (EvidencePool) and goes no further
 * (spec/node.md §Proposals and evidence; issue 12, attack 2). A vote already held is dropped before
 * its signature is checked (HeldVotes; attack 3).
 */
export class InboundMessages {
  private readonly options: InboundOptions;
  private readonly keys: Map<string, Uint8Array>;
  private readonly future = new FutureBuffer();
  private readonly held = new HeldVotes();
  /** The proposal taken for each round of `takenHeight`, with whether its block checked. */
  private readonly taken = new Map<number, { proposal: SignedProposal; valid: boolean }>();
  private takenHeight = 0;

  constructor(options: InboundOptions) {
    this.options = options;
    this.keys = new Map(options.chain.genesis.validators.map((v) => [v.address, v.publicKey]));
  }

  /** What the future-height buffer holds (for tests and metrics). */
  get buffered(): { messages: number; bytes: number } {
    return { messages: this.future.size, bytes: this.future.bytes };
  }

  onProposal(message: ProposalMessage): Verdict {
    const { proposal } = message;
    const key = this.keys.get(proposal.proposer);
    if (key === undefined) return 'reject';
    const current = this.options.consensus.height;
    if (proposal.height < current) return 'ignore';
    const taken = this.takenAt(proposal.height, proposal.round);
    if (taken !== undefined && sameProposal(taken.proposal, proposal)) return 'ignore';
    if (!this.options.verify(key, proposalSignBytes(this.options.chain.genesis.chainId, proposal), proposal.signature)) return 'reject';
    if (blockHash(message.block.header) !== proposal.blockHash) return 'reject';
    if (proposal.height === current) return this.deliverProposal(message);
    return this.bufferProposal(message);
  }

  onVote(vote: SignedVote): Verdict {
    const key = this.keys.get(vote.validator);
    if (key === undefined) return 'reject';
    if (vote.height < this.options.consensus.height) return 'ignore';
    // A copy of a vote we hold costs a map lookup, not a signature check, and goes no further.
    if (this.held.has(vote)) return 'ignore';
    if (!this.options.verify(key, voteSignBytes(this.options.chain.genesis.chainId, vote), vote.signature)) return 'reject';
    const current = this.options.consensus.height;
    if (vote.height === current) {
      this.held.add(vote);
      this.options.consensus.deliver({ type: 'vote', vote });
      return 'accept';
    }
    if (this.bufferable(vote.height) && this.future.add(vote.height, { kind: 'vote', vote })) this.held.add(vote);
    if (vote.height > current + 1) this.options.onFarAhead();
    return 'accept';
  }

  /** This validator signed `vote`: a peer's copy of it is then dropped unverified, as any held vote. */
  noteOwnVote(vote: SignedVote): void {
    this.held.add(vote);
  }

  /** Consensus entered `height`: hand it what arrived early, forget what is now behind. */
  onHeightStarted(height: number): void {
    this.held.forgetBelow(height);
    for (const item of this.future.take(height)) this.deliverBuffered(item);
  }

  private deliverBuffered(item: Buffered): void {
    if (item.kind === 'proposal') {
      this.deliverProposal(item.message);
      return;
    }
    this.held.add(item.vote);
    this.options.consensus.deliver({ type: 'vote', vote: item.vote });
  }

  private bufferable(height: number): boolean {
    const current = this.options.consensus.height;
    return height > current && height <= current + FUTURE_HEIGHTS_BUFFERED;
  }

  /** A checked proposal of a height not reached: kept within bounds; a conflicting one is evidence. */
  private bufferProposal(message: ProposalMessage): Verdict {
    const { proposal } = message;
    if (proposal.height > this.options.consensus.height + 1) this.options.onFarAhead();
    if (!this.bufferable(proposal.height)) return 'accept';
    const earlier = this.future.proposalsAt(proposal.height, proposal.round, proposal.proposer);
    if (earlier.some((m) => sameProposal(m.proposal, proposal))) return 'ignore';
    const conflicting = earlier.find((m) => m.proposal.blockHash !== proposal.blockHash);
    if (conflicting !== undefined) return this.equivocation(conflicting.proposal, proposal);
    return this.future.add(proposal.height, { kind: 'proposal', message }) ? 'accept' : 'ignore';
  }

  /**
   * The first proposal of its round is executed (valid(v), paper line 22) and delivered; any other
   * is not executed (spec/node.md §Proposals and evidence).
   */
  private deliverProposal(message: ProposalMessage): Verdict {
    const { consensus, chain, log } = this.options;
    const { proposal, block } = message;
    const expected = consensus.proposerOf(proposal.height, proposal.round);
    if (proposal.proposer !== expected) {
      log.warn({ height: proposal.height, round: proposal.round, proposer: proposal.proposer }, 'proposal from a validator that is not the proposer of its round');
      return 'ignore';
    }
    // The core stores no proposal of a round this far ahead (src/consensus/limits.ts): do not execute it.
    if (proposal.round > consensus.round + MAX_ROUNDS_AHEAD) return 'ignore';
    const taken = this.takenAt(proposal.height, proposal.round);
    if (taken !== undefined) return sameProposal(taken.proposal, proposal) ? 'ignore' : this.equivocation(taken.proposal, proposal);
    // A re-proposal (polRound ≥ 0, paper line 16) carries the valid value of an earlier round: its
    // header names the validator that built it, who need not be this round's proposer.
    const builder = proposal.polRound >= 0 ? block.header.proposer : proposal.proposer;
    const problem = chain.check(block, builder, this.options.clock.nowMs(), this.options.isPending);
    if (problem !== null) log.warn({ height: proposal.height, round: proposal.round, problem: problem.message, code: problem.code }, 'invalid proposed block');
    this.taken.set(proposal.round, { proposal, valid: problem === null });
    consensus.deliver({ type: 'proposal', proposal, valid: problem === null });
    return 'accept';
  }

  /**
   * Two different signed proposals of one proposer for one (height, round): kept as evidence, the
   * second not executed. The first such pair is forwarded so every node holds the proof; further
   * ones are dropped (what they would prove is proven).
   */
  private equivocation(first: SignedProposal, second: SignedProposal): Verdict {
    if (first.blockHash === second.blockHash) return 'ignore';
    if (!this.options.evidence.addProposals(first, second)) return 'ignore';
    this.options.log.warn({ proposer: first.proposer, height: first.height, round: first.round }, 'equivocation: two proposals from one proposer');
    return 'accept';
  }

  /** The proposal taken for (height, round) at the current height; those of earlier heights are forgotten. */
  private takenAt(height: number, round: number): { proposal: SignedProposal; valid: boolean } | undefined {
    const current = this.options.consensus.height;
    if (this.takenHeight !== current) {
      this.taken.clear();
      this.takenHeight = current;
    }
    return height === current ? this.taken.get(round) : undefined;
  }
}
