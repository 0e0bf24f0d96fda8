import type { Logger } from 'pino';
import { blockHash } from '../../chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../../chain/votes.ts';
import { isOneThird, MAX_ROUNDS_AHEAD, type ConsensusEvent, type SignedProposal, type SignedVote } from '../../consensus/index.ts';
import type { Verifier } from '../../ledger/tx.ts';
import type { DecodedTx } from '../../ledger/types.ts';
import { FUTURE_HEIGHTS_BUFFERED } from '../limits.ts';
import type { LocalChain } from '../local-chain.ts';
import { isTimely } from '../../chain/timely.ts';
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
  /** Two different signed proposals of one proposer for one (height, round): EvidenceIntake.fromProposals. */
  onEquivocation: (first: SignedProposal, second: SignedProposal) => Verdict;
  /** The tx is pending here with its signatures checked: block checks need not verify it again. */
  isPending: (id: string) => boolean;
  /** The pending tx whose bytes are this very object (a proposal rebuilt from the mempool's txs), decoded: not decoded again. */
  pendingDecoded: (bytes: Uint8Array) => DecodedTx | undefined;
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
  private readonly future = new FutureBuffer();
  private readonly held = new HeldVotes();
  /** The proposal taken for each round of `takenHeight`, with whether its block checked. */
  private readonly taken = new Map<number, { proposal: SignedProposal; valid: boolean }>();
  /**
   * Per round of `takenHeight`, the first conflicting proposal, not executed, with the validators
   * seen voting for its block: executed and delivered once they hold more than 1/3 of the power —
   * then some correct validator voted for it, and the core may need it to lock or decide (paper
   * lines 36, 49).
   */
  private readonly alternatives = new Map<number, { message: ProposalMessage; receivedAtMs: number; voters: Set<string> }>();
  /** Rounds of `takenHeight` that had an alternative (executed since or not): a third proposal is dropped unverified. */
  private readonly alternativeRounds = new Set<number>();
  private takenHeight = 0;
  /** The members of each validator set met, by its hash. */
  private readonly members = new Map<string, { keys: Map<string, Uint8Array>; powers: Map<string, bigint>; totalPower: bigint }>();

  constructor(options: InboundOptions) {
    this.options = options;
  }

  /**
   * The validator set of a message's height (spec/ledger.md §10.1): known from the committed state up
   * to the tip + 2; a message beyond the tip + 2 is judged by the set of the tip + 2 (messages behind
   * consensus are dropped before they get here).
   */
  private setAt(height: number): { keys: Map<string, Uint8Array>; powers: Map<string, bigint>; totalPower: bigint } {
    const { chain } = this.options;
    const { hash, validators } = chain.validatorSetAt(Math.min(Math.max(height, chain.height + 1), chain.height + 2));
    let set = this.members.get(hash);
    if (set === undefined) {
      set = {
        keys: new Map(validators.map((v) => [v.address, v.publicKey])),
        powers: new Map(validators.map((v) => [v.address, v.power])),
        totalPower: validators.reduce((sum, v) => sum + v.power, 0n),
      };
      this.members.set(hash, set);
    }
    return set;
  }

  /** What the future-height buffer holds (for tests and metrics). */
  get buffered(): { messages: number; bytes: number } {
    return { messages: this.future.size, bytes: this.future.bytes };
  }

  onProposal(message: ProposalMessage): Verdict {
    const { proposal } = message;
    const current = this.options.consensus.height;
    // Behind us first: the set of a past height may hold a validator since removed (spec/ledger.md §10),
    // whose late message is no fault of its peer's.
    if (proposal.height < current) return 'ignore';
    const key = this.setAt(proposal.height).keys.get(proposal.proposer);
    if (key === undefined) return 'reject';
    const taken = this.takenAt(proposal.height, proposal.round);
    // A copy of the proposal taken, or any proposal of a round that already has its alternative:
    // dropped before the signature check (the evidence is held; at most two blocks a round execute).
    if (taken !== undefined && (sameProposal(taken.proposal, proposal) || this.alternativeRounds.has(proposal.round))) return 'ignore';
    if (!this.options.verify(key, proposalSignBytes(this.options.chain.genesis.chainId, proposal), proposal.signature)) return 'reject';
    if (blockHash(message.block.header) !== proposal.blockHash) return 'reject';
    // A proposal keeps the time it arrived: timely(v) is judged against it (PBTS), not the time it is delivered.
    const receivedAtMs = this.options.clock.nowMs();
    if (proposal.height === current) return this.deliverProposal(message, receivedAtMs);
    return this.bufferProposal(message, receivedAtMs);
  }

  onVote(vote: SignedVote): Verdict {
    if (vote.height < this.options.consensus.height) return 'ignore';
    const key = this.setAt(vote.height).keys.get(vote.validator);
    if (key === undefined) return 'reject';
    // A copy of a vote we hold costs a map lookup, not a signature check, and goes no further.
    if (this.held.has(vote)) return 'ignore';
    if (!this.options.verify(key, voteSignBytes(this.options.chain.genesis.chainId, vote), vote.signature)) return 'reject';
    const current = this.options.consensus.height;
    if (vote.height === current) {
      this.takeVote(vote);
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
      this.deliverProposal(item.message, item.receivedAtMs);
      return;
    }
    this.takeVote(item.vote);
  }

  private takeVote(vote: SignedVote): void {
    this.held.add(vote);
    this.options.consensus.deliver({ type: 'vote', vote });
    this.supportAlternative(vote);
  }

  /** A vote for a conflicting proposal's block: past 1/3 of the power, that block is executed too. */
  private supportAlternative(vote: SignedVote): void {
    if (vote.blockHash === null || this.takenHeight !== vote.height) return;
    const alternative = this.alternatives.get(vote.round);
    if (alternative === undefined || alternative.message.proposal.blockHash !== vote.blockHash) return;
    alternative.voters.add(vote.validator);
    const { powers, totalPower } = this.setAt(vote.height);
    const support = [...alternative.voters].reduce((sum, voter) => sum + (powers.get(voter) ?? 0n), 0n);
    if (!isOneThird(support, totalPower)) return;
    this.alternatives.delete(vote.round);
    this.execute(alternative.message, alternative.receivedAtMs);
  }

  private bufferable(height: number): boolean {
    const current = this.options.consensus.height;
    return height > current && height <= current + FUTURE_HEIGHTS_BUFFERED;
  }

  /** A checked proposal of a height not reached: kept within bounds; a conflicting one is evidence. */
  private bufferProposal(message: ProposalMessage, receivedAtMs: number): Verdict {
    const { proposal } = message;
    if (proposal.height > this.options.consensus.height + 1) this.options.onFarAhead();
    if (!this.bufferable(proposal.height)) return 'accept';
    const earlier = this.future.proposalsAt(proposal.height, proposal.round, proposal.proposer);
    if (earlier.some((m) => sameProposal(m.proposal, proposal))) return 'ignore';
    const conflicting = earlier.find((m) => m.proposal.blockHash !== proposal.blockHash);
    if (conflicting !== undefined) return this.equivocation(conflicting.proposal, proposal);
    return this.future.add(proposal.height, { kind: 'proposal', message, receivedAtMs }) ? 'accept' : 'ignore';
  }

  /**
   * The first proposal of its round is executed (valid(v), paper line 22) and delivered; any other
   * is not executed (spec/node.md §Proposals and evidence).
   */
  private deliverProposal(message: ProposalMessage, receivedAtMs: number): Verdict {
    const { consensus, log } = this.options;
    const { proposal } = message;
    const expected = consensus.proposerOf(proposal.height, proposal.round);
    if (proposal.proposer !== expected) {
      log.warn({ height: proposal.height, round: proposal.round, proposer: proposal.proposer }, 'proposal from a validator that is not the proposer of its round');
      return 'ignore';
    }
    // The core stores no proposal of a round this far ahead (src/consensus/limits.ts): do not execute it.
    if (proposal.round > consensus.round + MAX_ROUNDS_AHEAD) return 'ignore';
    const taken = this.takenAt(proposal.height, proposal.round);
    if (taken === undefined) {
      this.taken.set(proposal.round, this.execute(message, receivedAtMs));
      return 'accept';
    }
    if (sameProposal(taken.proposal, proposal) || taken.proposal.blockHash === proposal.blockHash) return 'ignore';
    const verdict = this.equivocation(taken.proposal, proposal);
    if (!this.alternativeRounds.has(proposal.round)) this.parkAlternative(message, receivedAtMs);
    return verdict;
  }

  /** Keeps a conflicting proposal unexecuted, counting the votes for its block already held. */
  private parkAlternative(message: ProposalMessage, receivedAtMs: number): void {
    const { height, round, blockHash: hash } = message.proposal;
    this.alternativeRounds.add(round);
    this.alternatives.set(round, { message, receivedAtMs, voters: new Set() });
    for (const validator of this.setAt(height).powers.keys()) {
      for (const type of ['prevote', 'precommit'] as const) {
        const vote: SignedVote = { type, height, round, blockHash: hash, validator, signature: new Uint8Array(0) };
        if (this.held.has(vote)) this.supportAlternative(vote);
      }
    }
  }

  /** valid(v) of a proposal's block (LocalChain.check), then the proposal to the core. */
  private execute(message: ProposalMessage, receivedAtMs: number): { proposal: SignedProposal; valid: boolean } {
    const { consensus, chain, log } = this.options;
    const { proposal, block } = message;
    // A re-proposal (polRound ≥ 0, paper line 16) carries the valid value of an earlier round: its
    // header names the validator that built it, who need not be this round's proposer.
    const builder = proposal.polRound >= 0 ? block.header.proposer : proposal.proposer;
    const problem = chain.check(block, builder, this.options.clock.nowMs(), this.options.isPending, this.options.pendingDecoded);
    if (problem !== null) log.warn({ height: proposal.height, round: proposal.round, problem: problem.message, code: problem.code }, 'invalid proposed block');
    // PBTS: a new value (polRound −1) must be timely at its receipt; a re-proposal keeps its old time.
    const timely = proposal.polRound >= 0 || isTimely(block.header.timeMs, receivedAtMs, proposal.round);
    if (!timely) log.warn({ height: proposal.height, round: proposal.round, timeMs: block.header.timeMs, receivedAtMs }, 'untimely proposal: its time is not within our clock ± (precision + delay)');
    consensus.deliver({ type: 'proposal', proposal, valid: problem === null, timely });
    return { proposal, valid: problem === null };
  }

  /**
   * Two different signed proposals of one proposer for one (height, round): kept as evidence, the
   * second not executed. The first such pair is forwarded so every node holds the proof; further
   * ones are dropped (what they would prove is proven).
   */
  private equivocation(first: SignedProposal, second: SignedProposal): Verdict {
    if (first.blockHash === second.blockHash) return 'ignore';
    if (this.options.onEquivocation(first, second) !== 'accept') return 'ignore';
    this.options.log.warn({ proposer: first.proposer, height: first.height, round: first.round }, 'equivocation: two proposals from one proposer');
    return 'accept';
  }

  /** The proposal taken for (height, round) at the current height; those of earlier heights are forgotten. */
  private takenAt(height: number, round: number): { proposal: SignedProposal; valid: boolean } | undefined {
    const current = this.options.consensus.height;
    if (this.takenHeight !== current) {
      this.taken.clear();
      this.alternatives.clear();
      this.alternativeRounds.clear();
      this.takenHeight = current;
    }
    return height === current ? this.taken.get(round) : undefined;
  }
}
