// The Byzantine validator (< 1/3 of the power). It runs an ordinary core to stay in step, but
// signs without a guard and lies in the ways that can hurt Tendermint. For each (height, round) it
// picks a plan: a side of its peers (a random part, or everybody) and an alternative value; the
// side gets messages for the alternative, the others the honest ones.
// - As proposer, the alternative is a fresh block proposed with validRound −1 whatever it is locked
//   on (amnesia; some are invalid): a second proposal, backed by its votes on that side.
// - Otherwise, the alternative is nil or another value proposed in the round: its prevotes and
//   precommits differ by side (equivocation).
// - Some precommits reach only part of its peers (withholding), so some validators decide and
//   others do not; and it sends votes for far-future rounds to try to drag others ahead.
// A plan that locks would be broken by a core that ignored its lock is exactly this: decide at r
// for some, fresh block at r + 1 for the others (checked: the simulation catches such a core).
import type { SignedProposal, SignedVote } from '../../src/consensus/index.ts';
import { fakeSign, makeBlockHash, proposalSignBytes, voteSignBytes, type Message } from './messages.ts';
import type { Host } from './host.ts';

interface Self {
  readonly index: number;
  readonly address: string;
  currentRoundProposalHashes(round: number): string[];
}

interface Plan {
  /** Peers that get the alternative. */
  side: Set<number>;
  /** Undefined until chosen: the proposer's fresh block, or a vote value. */
  alternative: string | null | undefined;
  /** This round it behaves (25 % of rounds). */
  honest: boolean;
}

export class Equivocator {
  private readonly host: Host;
  private readonly self: Self;
  private readonly plans = new Map<string, Plan>();
  private counter = 0;

  constructor(host: Host, self: Self) {
    this.host = host;
    this.self = self;
  }

  broadcast(message: Message): void {
    const { host } = this;
    if (message.kind !== 'proposal' && message.kind !== 'vote') return host.broadcast(this.self.index, message);
    const plan = this.planFor(message.kind === 'proposal' ? message.proposal : message.vote);
    const withhold = message.kind === 'vote' && message.vote.type === 'precommit' && host.rng.chance(30);
    const twin = plan.honest || withhold ? null : this.twinOf(message, plan);
    for (let to = 0; to < host.nodeCount; to++) {
      if (to === this.self.index || (withhold && plan.side.has(to))) continue;
      host.send(this.self.index, to, twin !== null && plan.side.has(to) ? twin : message);
    }
    if (twin !== null) host.stats.equivocations++;
    if (message.kind === 'vote' && host.rng.chance(10)) this.spamFutureRound(message.vote);
  }

  private planFor(at: { height: number; round: number }): Plan {
    const key = `${at.height}|${at.round}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      const everybody = this.host.rng.chance(35);
      const side = new Set<number>();
      for (let to = 0; to < this.host.nodeCount; to++) if (everybody || this.host.rng.chance(50)) side.add(to);
      plan = { side, alternative: undefined, honest: this.host.rng.chance(25) };
      this.plans.set(key, plan);
    }
    return plan;
  }

  private twinOf(message: Message, plan: Plan): Message | null {
    if (message.kind === 'proposal') return { kind: 'proposal', proposal: this.twinProposal(message.proposal, plan) };
    if (message.kind === 'vote') return this.twinVote(message.vote, plan);
    return null;
  }

  private twinProposal(original: SignedProposal, plan: Plan): SignedProposal {
    const label = `twin|${this.self.address}|${original.height}|${original.round}|${this.counter++}`;
    const blockHash = makeBlockHash(label, this.host.rng.chance(80));
    plan.alternative = blockHash;
    const proposal = { height: original.height, round: original.round, blockHash, polRound: -1, proposer: original.proposer };
    return { ...proposal, signature: fakeSign(this.self.address, proposalSignBytes(proposal).signBytesHash) };
  }

  private twinVote(original: SignedVote, plan: Plan): Message | null {
    if (plan.alternative === undefined) {
      const seen = this.self.currentRoundProposalHashes(original.round).filter((h) => h !== original.blockHash);
      plan.alternative = this.host.rng.pick<string | null>([null, ...seen]);
    }
    if (plan.alternative === original.blockHash) return null;
    const vote = { type: original.type, height: original.height, round: original.round, blockHash: plan.alternative, validator: original.validator };
    return { kind: 'vote', vote: { ...vote, signature: fakeSign(this.self.address, voteSignBytes(vote).signBytesHash) } };
  }

  private spamFutureRound(original: SignedVote): void {
    const vote = { type: original.type, height: original.height, round: original.round + this.host.rng.between(1, 60), blockHash: null, validator: original.validator };
    const signed = { ...vote, signature: fakeSign(this.self.address, voteSignBytes(vote).signBytesHash) };
    this.host.broadcast(this.self.index, { kind: 'vote', vote: signed });
    this.host.stats.futureRoundSpam++;
  }
}
