import type { Logger } from 'pino';
import { blockHash } from '../../chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../../chain/votes.ts';
import type { ConsensusEvent, SignedVote } from '../../consensus/index.ts';
import type { Verifier } from '../../ledger/tx.ts';
import type { LocalChain } from '../local-chain.ts';
import { isTimely } from '../../chain/timely.ts';
import type { ProposalMessage, Verdict } from '../net.ts';
import type { Clock } from '../timing.ts';

/** Heights ahead of ours whose consensus messages we keep until we get there. */
const FUTURE_HEIGHTS_BUFFERED = 2;
const FUTURE_MESSAGES_MAX = 10_000;

/** A proposal keeps the time it arrived: timely(v) is judged against it (PBTS), not the time it is delivered. */
type Buffered = { kind: 'proposal'; message: ProposalMessage; receivedAtMs: number } | { kind: 'vote'; vote: SignedVote };

/** What the inbound side needs of the consensus driver. */
export interface ConsensusInput {
  readonly height: number;
  proposerOf(height: number, round: number): string;
  deliver(event: ConsensusEvent): void;
}

export interface InboundOptions {
  chain: LocalChain;
  consensus: ConsensusInput;
  verify: Verifier;
  clock: Clock;
  /** The tx is pending here with its signatures checked: block checks need not verify it again. */
  isPending: (id: string) => boolean;
  /** A peer is more than one height ahead: catch up by block sync. */
  onFarAhead: () => void;
  log: Logger;
}

/**
 * Consensus messages from peers (spec/node.md §Consensus shell, spec/p2p.md §Validation): checked
 * before the core sees them (a signature by a member of the validator set, the proposer of its round,
 * the block valid), delivered at the current height, kept for the next FUTURE_HEIGHTS_BUFFERED
 * heights until consensus gets there, dropped when behind.
 */
export class InboundMessages {
  private readonly options: InboundOptions;
  private readonly keys: Map<string, Uint8Array>;
  private readonly future = new Map<number, Buffered[]>();
  private futureCount = 0;

  constructor(options: InboundOptions) {
    this.options = options;
    this.keys = new Map(options.chain.genesis.validators.map((v) => [v.address, v.publicKey]));
  }

  onProposal(message: ProposalMessage): Verdict {
    const { proposal } = message;
    const key = this.keys.get(proposal.proposer);
    if (key === undefined) return 'reject';
    if (!this.options.verify(key, proposalSignBytes(this.options.chain.genesis.chainId, proposal), proposal.signature)) return 'reject';
    if (blockHash(message.block.header) !== proposal.blockHash) return 'reject';
    return this.route(proposal.height, { kind: 'proposal', message, receivedAtMs: this.options.clock.nowMs() });
  }

  onVote(vote: SignedVote): Verdict {
    const key = this.keys.get(vote.validator);
    if (key === undefined) return 'reject';
    if (!this.options.verify(key, voteSignBytes(this.options.chain.genesis.chainId, vote), vote.signature)) return 'reject';
    return this.route(vote.height, { kind: 'vote', vote });
  }

  /** Consensus entered `height`: hand it what arrived early, forget what is now behind. */
  onHeightStarted(height: number): void {
    for (const buffered of [...this.future.keys()]) {
      if (buffered > height) continue;
      const items = this.future.get(buffered) ?? [];
      this.future.delete(buffered);
      this.futureCount -= items.length;
      if (buffered === height) for (const item of items) this.deliver(item);
    }
  }

  /** Delivers a checked message of the current height, keeps one of the next heights, drops older. */
  private route(height: number, item: Buffered): Verdict {
    const current = this.options.consensus.height;
    if (height === current) {
      this.deliver(item);
      return 'accept';
    }
    if (height > current && height <= current + FUTURE_HEIGHTS_BUFFERED && this.futureCount < FUTURE_MESSAGES_MAX) {
      const list = this.future.get(height) ?? [];
      list.push(item);
      this.future.set(height, list);
      this.futureCount++;
    }
    if (height > current + 1) this.options.onFarAhead();
    return height > current ? 'accept' : 'ignore';
  }

  private deliver(item: Buffered): void {
    const { consensus, chain, log } = this.options;
    if (item.kind === 'vote') {
      consensus.deliver({ type: 'vote', vote: item.vote });
      return;
    }
    const { proposal, block } = item.message;
    const expected = consensus.proposerOf(proposal.height, proposal.round);
    if (proposal.proposer !== expected) {
      log.warn({ height: proposal.height, round: proposal.round, proposer: proposal.proposer }, 'proposal from a validator that is not the proposer of its round');
      return;
    }
    // A re-proposal (polRound ≥ 0, paper line 16) carries the valid value of an earlier round: its
    // header names the validator that built it, who need not be this round's proposer.
    const builder = proposal.polRound >= 0 ? block.header.proposer : proposal.proposer;
    const problem = chain.check(block, builder, this.options.clock.nowMs(), this.options.isPending);
    if (problem !== null) log.warn({ height: proposal.height, round: proposal.round, problem: problem.message, code: problem.code }, 'invalid proposed block');
    // PBTS: a new value (polRound −1) must be timely at its receipt; a re-proposal keeps its old time.
    const timely = proposal.polRound >= 0 || isTimely(block.header.timeMs, item.receivedAtMs, proposal.round);
    if (!timely) log.warn({ height: proposal.height, round: proposal.round, timeMs: block.header.timeMs, receivedAtMs: item.receivedAtMs }, 'untimely proposal: its time is not within our clock ± (precision + delay)');
    consensus.deliver({ type: 'proposal', proposal, valid: problem === null, timely });
  }
}
