/**
 * The Tendermint consensus core as a reducer: `step(state, event)` → new state and the effects the
 * node must carry out, in order. Algorithm 1 of Buchman, Kwon, Milosevic, "The latest gossip on BFT
 * consensus" (2018); the rules themselves are in rules.ts, this file takes events in, checks and
 * stores messages, and dispatches. spec/consensus.md maps every line of the paper to the code.
 *
 * Determinism: no I/O, clock, randomness or floating point; the same state and event sequence give
 * the same effects on every machine. `step` updates `state` in place and returns it (the same
 * object): callers hand the state over and use the returned one. After a crash a node builds a
 * fresh state with `createConsensus` and a `startHeight` event (see sign-guard.ts `resumeAt`).
 */
import { ConsensusError } from './errors.ts';
import { HEIGHT_MAX, MAX_ROUNDS_AHEAD, MAX_UNSUPPORTED_PROPOSALS_PER_ROUND } from './limits.ts';
import { evaluateCurrentRound, onTimeout, startRound, trySkipRound, tryDecide } from './rules.ts';
import {
  checkTimeouts,
  isRound,
  isSigner,
  proposerOf,
  roundMessages,
  type ConsensusState,
  type RoundMessages,
  type StepContext,
} from './state.ts';
import { isOneThird } from './threshold.ts';
import type {
  Address,
  ConsensusConfig,
  ConsensusEffect,
  ConsensusEvent,
  SignedProposal,
  SignedVote,
  StartHeightEvent,
} from './types.ts';
import { makeValidatorSet } from './types.ts';
import { addVote, powerFor } from './vote-set.ts';

export type { ConsensusState } from './state.ts';

export interface StepResult {
  state: ConsensusState;
  effects: ConsensusEffect[];
}

/** Line 1–9 (Initialization). The core does nothing until the node sends `startHeight`. */
export function createConsensus(config: ConsensusConfig): ConsensusState {
  if (config.self !== null && (typeof config.self !== 'string' || config.self.length === 0)) {
    throw new ConsensusError('bad_address', 'self must be a validator address or null');
  }
  checkTimeouts(config.timeouts);
  return {
    config: { self: config.self, timeouts: { ...config.timeouts } },
    height: 0,
    round: 0,
    step: 'propose',
    decided: false,
    validatorSet: { validators: [], totalPower: 0n },
    powerOf: new Map(),
    seed: new Uint8Array(32),
    lockedValue: null,
    lockedRound: -1,
    validValue: null,
    validRound: -1,
    rounds: new Map(),
    highestRoundSeen: new Map(),
    proposers: new Map(),
  };
}

export function step(state: ConsensusState, event: ConsensusEvent): StepResult {
  const ctx: StepContext = { state, effects: [] };
  switch (event.type) {
    case 'startHeight':
      onStartHeight(ctx, event);
      break;
    case 'proposal':
      if (isLive(state)) onProposal(ctx, event.proposal, event.valid === true, event.timely === true);
      break;
    case 'vote':
      if (isLive(state)) onVote(ctx, event.vote);
      break;
    case 'timeout':
      if (isLive(state)) onTimeout(ctx, event.height, event.round, event.step);
      break;
    case 'blockReady':
      if (isLive(state)) onBlockReady(ctx, event.height, event.round, event.blockHash);
      break;
    default:
      throw new ConsensusError('bad_event', `unknown event type ${(event as { type: unknown }).type as string}`);
  }
  return { state, effects: ctx.effects };
}

/** Started at a height and not yet decided it: the only state in which messages matter. */
function isLive(state: ConsensusState): boolean {
  return state.height > 0 && !state.decided;
}

/** Lines 10 and 52–54: enter a height with its validator set and seed, then StartRound. */
function onStartHeight(ctx: StepContext, event: StartHeightEvent): void {
  const state = ctx.state;
  const { height } = event;
  if (!Number.isSafeInteger(height) || height < 1 || height > HEIGHT_MAX || height <= state.height) {
    throw new ConsensusError('height_not_increasing', `startHeight ${height} after height ${state.height}`);
  }
  if (!(event.seed instanceof Uint8Array)) throw new ConsensusError('bad_seed', 'seed must be bytes');
  const first = event.startRound ?? 0;
  if (!isRound(first)) throw new ConsensusError('bad_round', `startRound ${first} is out of range`);
  const lock = event.lock ?? null;
  if (lock !== null && (!isRound(lock.round) || lock.round > first || typeof lock.blockHash !== 'string')) {
    throw new ConsensusError('bad_lock', 'a resumed lock cannot be from a round after startRound');
  }
  state.validatorSet = makeValidatorSet(event.validatorSet.validators);
  state.powerOf = new Map(state.validatorSet.validators.map((v) => [v.address, v.power]));
  state.height = height;
  state.seed = event.seed.slice();
  state.decided = false;
  // Line 53, or the lock persisted before a crash; a lock is also a valid value (it had a polka at
  // its round, line 36). Without validValue a restarted validator would never re-propose the
  // value it is locked on, and could hold a lock no proposal can release (found by the
  // simulation, SIM_SEED=746).
  state.lockedValue = state.validValue = lock?.blockHash ?? null;
  state.lockedRound = state.validRound = lock?.round ?? -1;
  state.rounds = new Map();
  state.highestRoundSeen = new Map();
  state.proposers = new Map();
  startRound(ctx, first); // lines 10, 54
}

function onVote(ctx: StepContext, vote: SignedVote): void {
  const state = ctx.state;
  if (vote.height !== state.height || !isRound(vote.round)) return;
  if (vote.type !== 'prevote' && vote.type !== 'precommit') return;
  if (vote.blockHash !== null && typeof vote.blockHash !== 'string') return;
  const power = state.powerOf.get(vote.validator);
  if (power === undefined) return; // not a validator at this height
  noteRound(state, vote.validator, vote.round);
  if (vote.round <= state.round + MAX_ROUNDS_AHEAD) {
    const messages = roundMessages(state, vote.round);
    const set = vote.type === 'prevote' ? messages.prevotes : messages.precommits;
    const isProposed = (blockHash: string): boolean => messages.proposals.some((e) => e.proposal.blockHash === blockHash);
    const result = addVote(set, vote, power, state.validatorSet.totalPower, isProposed);
    if (result.kind === 'equivocation' && result.report) {
      ctx.effects.push({ type: 'evidence', first: result.first, second: vote });
    }
    if (result.kind === 'added' || (result.kind === 'equivocation' && result.counted)) {
      afterStored(ctx, vote.round, vote.type === 'precommit');
    }
  }
  if (vote.round > state.round) trySkipRound(ctx);
}

function onProposal(ctx: StepContext, proposal: SignedProposal, valid: boolean, timely: boolean): void {
  const state = ctx.state;
  const { round, polRound } = proposal;
  if (proposal.height !== state.height || !isRound(round) || typeof proposal.blockHash !== 'string') return;
  if (!Number.isSafeInteger(polRound) || polRound < -1 || polRound >= round) return;
  if (proposal.proposer !== proposerOf(state, round)) return; // "from proposer(h_p, r)"
  noteRound(state, proposal.proposer, round);
  if (round <= state.round + MAX_ROUNDS_AHEAD && storeProposal(ctx, roundMessages(state, round), proposal, valid, timely)) {
    afterStored(ctx, round, true);
  }
  if (round > state.round) trySkipRound(ctx);
}

/**
 * Keeps the first proposal per value. A second, different proposal is equivocation (reported once
 * per round); it is still kept, because the value it carries may be the one a quorum votes for,
 * but beyond MAX_UNSUPPORTED_PROPOSALS_PER_ROUND only if > 1/3 of the power voted for its value.
 */
function storeProposal(ctx: StepContext, messages: RoundMessages, proposal: SignedProposal, valid: boolean, timely: boolean): boolean {
  const stored = messages.proposals;
  const same = stored.find((e) => e.proposal.blockHash === proposal.blockHash);
  if (same !== undefined && same.proposal.polRound === proposal.polRound) return false; // duplicate
  const first = stored[0];
  if (first !== undefined && !messages.proposalEquivocationReported) {
    messages.proposalEquivocationReported = true;
    ctx.effects.push({ type: 'proposalEvidence', first: first.proposal, second: proposal });
  }
  if (same !== undefined) return false;
  if (stored.length >= MAX_UNSUPPORTED_PROPOSALS_PER_ROUND) {
    const total = ctx.state.validatorSet.totalPower;
    const support = powerFor(messages.prevotes, proposal.blockHash) + powerFor(messages.precommits, proposal.blockHash);
    if (!isOneThird(support, total)) return false;
  }
  stored.push({ proposal, valid, timely });
  return true;
}

/** After a new message of `round` is stored: line 49 for that round, then the current round's rules. */
function afterStored(ctx: StepContext, round: number, mayDecide: boolean): void {
  if (mayDecide && tryDecide(ctx, round)) return;
  evaluateCurrentRound(ctx);
}

/** Line 55 bookkeeping: the highest round each validator has been seen in. */
function noteRound(state: ConsensusState, validator: Address, round: number): void {
  const seen = state.highestRoundSeen.get(validator);
  if (seen === undefined || round > seen) state.highestRoundSeen.set(validator, round);
}

/** Line 18 answered: getValue() returned `blockHash`; line 19 broadcasts it with validRound_p. */
function onBlockReady(ctx: StepContext, height: number, round: number, blockHash: string): void {
  const state = ctx.state;
  if (height !== state.height || round !== state.round || state.step !== 'propose') return;
  const messages = roundMessages(state, round);
  if (!messages.awaitingBlock || typeof blockHash !== 'string' || !isSigner(state) || state.config.self === null) return;
  messages.awaitingBlock = false;
  // requestBlock is only emitted without a usable validValue, where line 19's validRound_p is −1.
  ctx.effects.push({
    type: 'signProposal',
    proposal: { height, round, blockHash, polRound: -1, proposer: state.config.self },
  });
}
