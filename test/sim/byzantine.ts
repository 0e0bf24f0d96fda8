// A Byzantine validator's lies (coalitions.ts: with the others < 1/3 of the power). It runs the
// node's own parts to stay in step, but what it publishes goes through this strategy, which signs
// with its key without the sign guard and lies in the ways that can hurt Tendermint; its kind
// (`attacksOf`) picks which of them it tells. For each (height, round) it picks a plan: a side of its
// peers (a random part, or everybody) and an alternative value; the side gets messages for the
// alternative, the others the honest ones.
// - As proposer, the alternative is a fresh block proposed with validRound −1 whatever it is locked
//   on (amnesia; some are invalid): a second proposal, backed by its votes on that side.
// - Otherwise, the alternative is nil or another value proposed in the round: its prevotes and
//   precommits differ by side (equivocation).
// - Some precommits reach only part of its peers (withholding), so some validators decide and
//   others do not; and it sends votes for far-future rounds to try to drag others ahead.
// - Issue 12's attacks 2 and 3: now and then, as proposer, a flood of further valid blocks for the
//   round to everybody; and a vote of its own republished many times with random relay counters.
// A plan that locks would be broken by a core that ignored its lock is exactly this: decide at r
// for some, fresh block at r + 1 for the others.
import { blockHash, type Block } from '../../src/chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import { makeValidatorSet, selectProposer, type SignedProposal, type SignedVote } from '../../src/consensus/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import type { NodeParts } from '../../src/node/assemble.ts';
import type { ByzantineMember } from './coalitions.ts';
import type { Host } from './host.ts';
import type { Message } from './messages.ts';
import type { SimKey } from './signatures.ts';

/** Extra proposals of one flood. */
const FLOOD_PROPOSALS = 8;
/** Copies of one replayed vote. */
const REPLAY_COPIES = 20;
/** Blocks the grinder builds per proposal, and how far apart their times are (within PBTS's bound). */
const GRIND_CANDIDATES = 8;
const GRIND_STEP_MS = 7;

type ProposalMessage = Extract<Message, { kind: 'proposal' }>;

/** The lies one member tells. */
export interface Attacks {
  /** As proposer, a fresh block to one side of its peers. */
  secondProposals: boolean;
  /** Prevotes and precommits for another value to one side. */
  doubleVotes: boolean;
  /** Some precommits reach one side only. */
  withholding: boolean;
  /** Now and then (10 % of its votes) a nil vote for a far round. */
  farRoundVotes: boolean;
  /** How often (%) a proposal of its own starts a flood, and a vote of its own is replayed. */
  floodPercent: number;
  replayPercent: number;
  grinds: boolean;
}

/** The lies of each kind of member that runs this strategy (coalitions.ts). */
export function attacksOf(member: ByzantineMember): Attacks {
  const none: Attacks = { secondProposals: false, doubleVotes: false, withholding: false, farRoundVotes: false, floodPercent: 0, replayPercent: 0, grinds: false };
  switch (member.kind) {
    case 'equivocator':
      return { secondProposals: true, doubleVotes: true, withholding: true, farRoundVotes: true, floodPercent: 20, replayPercent: 10, grinds: member.grinds };
    case 'equivocating-proposer':
      return { ...none, secondProposals: true };
    case 'double-voter':
      return { ...none, doubleVotes: true, withholding: true };
    case 'flooder':
      return { ...none, floodPercent: 50 };
    case 'replayer':
      return { ...none, farRoundVotes: true, replayPercent: 30 };
    case 'grinder':
      return { ...none, grinds: true };
    case 'twins':
    case 'clock-off':
      throw new Error(`a ${member.kind} member runs the node's own code, not this strategy`);
  }
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
  private readonly index: number;
  private readonly key: SimKey;
  private readonly attacks: Attacks;
  private readonly proposalsSeen: (height: number, round: number) => string[];
  private readonly plans = new Map<string, Plan>();
  private counter = 0;

  constructor(host: Host, index: number, key: SimKey, attacks: Attacks, proposalsSeen: (height: number, round: number) => string[]) {
    this.host = host;
    this.index = index;
    this.key = key;
    this.attacks = attacks;
    this.proposalsSeen = proposalsSeen;
  }

  broadcast(message: Message, parts: NodeParts | null): void {
    const { host, attacks } = this;
    if (message.kind !== 'proposal' && message.kind !== 'vote') return host.broadcast(this.index, message);
    if (message.kind === 'proposal' && parts !== null && attacks.grinds) message = this.grind(message, parts);
    const plan = this.planFor(message.kind === 'proposal' ? message.message.proposal : message.vote);
    const withhold = attacks.withholding && message.kind === 'vote' && message.vote.type === 'precommit' && host.rng.chance(30);
    const twin = plan.honest || withhold || parts === null ? null : this.twinOf(message, plan, parts);
    for (let to = 0; to < host.nodeCount; to++) {
      if (to === this.index || (withhold && plan.side.has(to))) continue;
      host.send(this.index, to, twin !== null && plan.side.has(to) ? twin : message);
    }
    if (twin !== null) {
      host.stats.equivocations++;
      if (twin.kind === 'proposal') host.stats.proposalEquivocations++;
      else host.stats.doubleVotes++;
    }
    if (message.kind === 'vote' && attacks.farRoundVotes && host.rng.chance(10)) this.spamFutureRound(message.vote);
    if (message.kind === 'vote' && attacks.replayPercent > 0 && host.rng.chance(attacks.replayPercent)) this.replay(message.vote);
    if (message.kind === 'proposal' && parts !== null && attacks.floodPercent > 0 && host.rng.chance(attacks.floodPercent)) this.flood(message.message.proposal, message.message.block, parts);
  }

  /** Attack 2: further valid blocks for the same (height, round), each signed, to everybody. */
  private flood(original: SignedProposal, originalBlock: Block, parts: NodeParts): void {
    if (parts.chain.height + 1 !== original.height) return;
    for (let i = 0; i < FLOOD_PROPOSALS; i++) {
      const built = parts.chain.build(original.proposer, originalBlock.header.timeMs + 1 + this.counter++, [], (alpha) => this.key.proveSeed(alpha));
      const proposal = { height: original.height, round: original.round, blockHash: built.hash, polRound: -1, proposer: original.proposer };
      const signed = { ...proposal, signature: this.key.sign(proposalSignBytes(this.host.genesis.chainId, proposal)) };
      this.host.broadcast(this.index, { kind: 'proposal', message: { proposal: signed, block: built.block } });
    }
    this.host.stats.proposalFloods++;
  }

  /**
   * Attack 1, the grinder: for its own fresh round-0 proposal it builds GRIND_CANDIDATES more blocks
   * at other times and sends one whose next seed draws it as the next height's proposer, if any. The
   * seed is its VRF output over the previous seed, which no header field changes, so every candidate
   * draws the same next proposer (a grind with a choice is counted, and the test asserts none).
   */
  private grind(message: ProposalMessage, parts: NodeParts): ProposalMessage {
    const { proposal: original, block: originalBlock } = message.message;
    if (original.round !== 0 || original.polRound !== -1 || parts.chain.height + 1 !== original.height) return message;
    const { host } = this;
    const validatorSet = makeValidatorSet(host.genesis.validators.map((v) => ({ address: v.address, power: v.power })));
    const nextProposer = (block: Block): string => selectProposer(validatorSet, host.signatures.seedVrf.output(fromHex(block.header.seedProof)), original.height + 1, 0);
    const drawn = new Set([nextProposer(originalBlock)]);
    let chosen: Block | null = null;
    for (let i = 1; i <= GRIND_CANDIDATES; i++) {
      const built = parts.chain.build(original.proposer, originalBlock.header.timeMs - i * GRIND_STEP_MS, [], (alpha) => this.key.proveSeed(alpha));
      const next = nextProposer(built.block);
      drawn.add(next);
      if (chosen === null && next === original.proposer) chosen = built.block;
    }
    host.stats.grinds++;
    host.stats.grindCandidates += GRIND_CANDIDATES;
    if (drawn.size > 1) host.stats.grindChoices++;
    if (chosen === null || nextProposer(originalBlock) === original.proposer) return message;
    const proposal = { height: original.height, round: 0, blockHash: blockHash(chosen.header), polRound: -1, proposer: original.proposer };
    const signed = { ...proposal, signature: this.key.sign(proposalSignBytes(host.genesis.chainId, proposal)) };
    return { kind: 'proposal', message: { proposal: signed, block: chosen } };
  }

  /** Attack 3: one vote republished with random relay counters. */
  private replay(vote: SignedVote): void {
    for (let i = 0; i < REPLAY_COPIES; i++) this.host.broadcast(this.index, { kind: 'vote', vote, relay: this.host.rng.between(0, 2 ** 31) });
    this.host.stats.voteReplays++;
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

  private twinOf(message: Message, plan: Plan, parts: NodeParts): Message | null {
    if (message.kind === 'proposal' && this.attacks.secondProposals) return this.twinProposal(message.message.proposal, message.message.block, plan, parts);
    if (message.kind === 'vote' && this.attacks.doubleVotes) return this.twinVote(message.vote, plan);
    return null;
  }

  /** A fresh block of the same height (a later time), valid 80 % of the time, proposed as new. */
  private twinProposal(original: SignedProposal, originalBlock: Block, plan: Plan, parts: NodeParts): Message | null {
    if (parts.chain.height + 1 !== original.height) return null;
    const built = parts.chain.build(original.proposer, originalBlock.header.timeMs + 1 + this.counter++, [], (alpha) => this.key.proveSeed(alpha));
    let block = built.block;
    if (!this.host.rng.chance(80)) {
      block = { ...block, header: { ...block.header, stateRoot: 'bad0'.padEnd(64, String(this.counter % 10)) } };
      this.host.invalidBlocks.add(blockHash(block.header));
    }
    const hash = blockHash(block.header);
    plan.alternative = hash;
    const proposal = { height: original.height, round: original.round, blockHash: hash, polRound: -1, proposer: original.proposer };
    const signed = { ...proposal, signature: this.key.sign(proposalSignBytes(this.host.genesis.chainId, proposal)) };
    return { kind: 'proposal', message: { proposal: signed, block } };
  }

  private twinVote(original: SignedVote, plan: Plan): Message | null {
    if (plan.alternative === undefined) {
      const seen = this.proposalsSeen(original.height, original.round).filter((h) => h !== original.blockHash);
      plan.alternative = this.host.rng.pick<string | null>([null, ...seen]);
    }
    if (plan.alternative === original.blockHash) return null;
    return { kind: 'vote', vote: this.sign({ type: original.type, height: original.height, round: original.round, blockHash: plan.alternative, validator: original.validator }) };
  }

  private spamFutureRound(original: SignedVote): void {
    const vote = this.sign({ type: original.type, height: original.height, round: original.round + this.host.rng.between(1, 60), blockHash: null, validator: original.validator });
    this.host.broadcast(this.index, { kind: 'vote', vote });
    this.host.stats.futureRoundSpam++;
  }

  private sign(vote: Omit<SignedVote, 'signature'>): SignedVote {
    return { ...vote, signature: this.key.sign(voteSignBytes(this.host.genesis.chainId, vote)) };
  }
}
