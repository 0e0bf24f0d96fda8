/**
 * The state of one validator's consensus core (the paper's Algorithm 1, lines 1–9) and the small
 * helpers the rules share. Everything here is plain data plus Maps iterated in insertion (= event)
 * order or sorted; nothing depends on a clock, randomness or the environment.
 */
import { ConsensusError } from './errors.ts';
import { ROUND_MAX } from './limits.ts';
import { selectProposer } from './proposer.ts';
import type {
  Address,
  BlockHash,
  ConsensusConfig,
  ConsensusEffect,
  SignedProposal,
  SignedVote,
  Step,
  TimeoutConfig,
  ValidatorSet,
  VoteType,
} from './types.ts';
import { newVoteSet, type VoteSet } from './vote-set.ts';

export interface ProposalEntry {
  proposal: SignedProposal;
  /** valid(v) as judged by the node before delivery. */
  valid: boolean;
  /** timely(v) (PBTS) as judged by the node's shell at receipt; read only for polRound −1. */
  timely: boolean;
}

/** What one round of the current height has received and done. */
export interface RoundMessages {
  /** Proposals from proposer(h, r), first received first; more than one only if it equivocated. */
  proposals: ProposalEntry[];
  prevotes: VoteSet;
  precommits: VoteSet;
  proposalEquivocationReported: boolean;
  /** Lines 14–19 ran for us as proposer of this round. */
  proposed: boolean;
  /** We sent requestBlock and wait for blockReady (line 18). */
  awaitingBlock: boolean;
  /** "for the first time" flags of lines 34, 36 and 47. */
  prevoteTimeoutScheduled: boolean;
  polkaValueSeen: boolean;
  precommitTimeoutScheduled: boolean;
}

export interface ConsensusState {
  readonly config: ConsensusConfig;
  /** h_p (line 2); 0 until the first startHeight. */
  height: number;
  /** round_p (line 3). */
  round: number;
  /** step_p (line 4). */
  step: Step;
  /** decision_p[h_p] ≠ nil (line 5): the decide effect has been emitted for this height. */
  decided: boolean;
  validatorSet: ValidatorSet;
  powerOf: Map<Address, bigint>;
  seed: Uint8Array;
  /** Lines 6–9. */
  lockedValue: BlockHash | null;
  lockedRound: number;
  validValue: BlockHash | null;
  validRound: number;
  /** Messages of the current height by round, rounds 0 … round + MAX_ROUNDS_AHEAD. */
  rounds: Map<number, RoundMessages>;
  /** Highest round each validator has sent a message for at this height (line 55). */
  highestRoundSeen: Map<Address, number>;
  /** proposer(h_p, r), memoised per round. */
  proposers: Map<number, Address>;
}

/** Working context of one `step` call: the state and the effects emitted so far, in order. */
export interface StepContext {
  state: ConsensusState;
  effects: ConsensusEffect[];
}

function newRoundMessages(): RoundMessages {
  return {
    proposals: [],
    prevotes: newVoteSet(),
    precommits: newVoteSet(),
    proposalEquivocationReported: false,
    proposed: false,
    awaitingBlock: false,
    prevoteTimeoutScheduled: false,
    polkaValueSeen: false,
    precommitTimeoutScheduled: false,
  };
}

export function roundMessages(state: ConsensusState, round: number): RoundMessages {
  let messages = state.rounds.get(round);
  if (messages === undefined) {
    messages = newRoundMessages();
    state.rounds.set(round, messages);
  }
  return messages;
}

export function proposerOf(state: ConsensusState, round: number): Address {
  let proposer = state.proposers.get(round);
  if (proposer === undefined) {
    proposer = selectProposer(state.validatorSet, state.seed, state.height, round);
    state.proposers.set(round, proposer);
  }
  return proposer;
}

/** True when this node holds voting power at the current height and so signs messages. */
export function isSigner(state: ConsensusState): boolean {
  const self = state.config.self;
  return self !== null && state.powerOf.has(self);
}

export function isRound(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= ROUND_MAX;
}

/** Timeouts grow linearly with the round so that, after GST, they eventually exceed the delays. */
export function timeoutDurationMs(timeouts: TimeoutConfig, step: Step, round: number): number {
  const base = step === 'propose' ? timeouts.proposeMs : step === 'prevote' ? timeouts.prevoteMs : timeouts.precommitMs;
  return base + round * timeouts.deltaMs;
}

export function checkTimeouts(timeouts: TimeoutConfig): void {
  for (const name of ['proposeMs', 'prevoteMs', 'precommitMs', 'deltaMs'] as const) {
    const value = timeouts[name];
    if (!Number.isSafeInteger(value) || value < 0 || value > 2 ** 31) {
      throw new ConsensusError('bad_timeout', `timeouts.${name} must be an integer in [0, 2^31]`);
    }
  }
}

/** "broadcast ⟨PREVOTE|PRECOMMIT, h_p, round_p, value⟩": the node signs, sends, and feeds it back. */
export function broadcastVote(ctx: StepContext, type: VoteType, blockHash: BlockHash | null, polka?: SignedVote[]): void {
  const state = ctx.state;
  if (!isSigner(state) || state.config.self === null) return;
  const vote = { type, height: state.height, round: state.round, blockHash, validator: state.config.self };
  ctx.effects.push(polka === undefined ? { type: 'signVote', vote } : { type: 'signVote', vote, polka });
}

/** "schedule OnTimeoutX(h_p, round_p) to be executed after timeoutX(round_p)". */
export function scheduleTimeout(ctx: StepContext, step: Step): void {
  const state = ctx.state;
  ctx.effects.push({
    type: 'scheduleTimeout',
    height: state.height,
    round: state.round,
    step,
    durationMs: timeoutDurationMs(state.config.timeouts, step, state.round),
  });
}
