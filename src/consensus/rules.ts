/**
 * The upon rules of Algorithm 1 (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus",
 * 2018), one function per rule, named after its line. Each rule is a guarded command: its guard is
 * re-checked whenever a message is stored or the round/step changes, and "for the first time"
 * guards are per-round flags, so a rule fires at most once per round.
 */
import { invariant } from '../errors/base.ts';
import { ROUND_MAX } from './limits.ts';
import {
  broadcastVote,
  isSigner,
  proposerOf,
  roundMessages,
  scheduleTimeout,
  type RoundMessages,
  type StepContext,
} from './state.ts';
import { isOneThird, isQuorum } from './threshold.ts';
import type { Address, Step } from './types.ts';
import { NIL_KEY, votesFor } from './vote-set.ts';

/** Lines 11–21: StartRound(round). */
export function startRound(ctx: StepContext, round: number): void {
  const state = ctx.state;
  state.round = round; // line 12
  state.step = 'propose'; // line 13
  const messages = roundMessages(state, round);
  const self = state.config.self;
  if (isSigner(state) && self !== null && proposerOf(state, round) === self && !messages.proposed) {
    messages.proposed = true; // line 14
    if (state.validValue !== null && state.validRound < round) {
      // Lines 15–16 and 19: re-propose the value that had a polka, with its round. validRound can
      // equal round only after a restart into the round of the lock (sign-guard.ts resumeAt); the
      // proposal must then cite an earlier round, so a fresh block is requested instead.
      const prevotes = state.rounds.get(state.validRound)?.prevotes;
      ctx.effects.push({
        type: 'signProposal',
        proposal: { height: state.height, round, blockHash: state.validValue, polRound: state.validRound, proposer: self },
        polka: prevotes === undefined ? [] : votesFor(prevotes, state.validValue),
      });
    } else {
      messages.awaitingBlock = true; // line 18: getValue(), answered by a blockReady event
      ctx.effects.push({ type: 'requestBlock', height: state.height, round });
    }
  }
  // Line 21. Deviation: the proposer schedules it too, so a block that never gets built (or a
  // signature the guard refuses) costs one timeout, as in CometBFT, instead of stalling the round.
  scheduleTimeout(ctx, 'propose');
  evaluateCurrentRound(ctx);
}

/** Fires every enabled rule of the current round until none is; each fires at most once per round. */
export function evaluateCurrentRound(ctx: StepContext): void {
  for (let pass = 0; pass < 8; pass++) {
    if (ctx.state.decided) return;
    const fired =
      onProposalInPropose(ctx) || onPolkaForValue(ctx) || onPolkaForNil(ctx) || onAnyPrevotes(ctx) || onAnyPrecommits(ctx);
    if (!fired) return;
  }
  invariant(false, 'the rules of one round fired more than 8 times');
}

/** Lines 22–27 (validRound −1) and 28–33 (validRound vr with a polka at vr < round_p). */
function onProposalInPropose(ctx: StepContext): boolean {
  const state = ctx.state;
  if (state.step !== 'propose') return false;
  for (const entry of current(ctx).proposals) {
    const { blockHash, polRound } = entry.proposal;
    let accept: boolean;
    if (polRound === -1) {
      // line 23, with PBTS's guard: valid(v) ∧ timely(v) ∧ (lockedRound = −1 ∨ lockedValue = v).
      // An untimely new value gets a nil prevote; if +2/3 prevote it anyway, lines 36 and 49 still
      // precommit and decide it (PBTS checks time at the prevote only, so safety is untouched).
      accept = entry.valid && entry.timely && (state.lockedRound === -1 || state.lockedValue === blockHash);
    } else if (state.rounds.get(polRound)?.prevotes.quorumKey === blockHash) {
      // line 29 (polRound < round_p is checked when the proposal is stored)
      accept = entry.valid && (state.lockedRound <= polRound || state.lockedValue === blockHash);
    } else {
      continue; // line 28 not enabled yet: the polka at polRound may still arrive
    }
    broadcastVote(ctx, 'prevote', accept ? blockHash : null); // lines 24/26, 30/32
    state.step = 'prevote'; // lines 27, 33
    return true;
  }
  return false;
}

/** Lines 36–43: a valid proposal with +2/3 prevotes for it in round_p, while step ≥ prevote. */
function onPolkaForValue(ctx: StepContext): boolean {
  const state = ctx.state;
  const messages = current(ctx);
  if (state.step === 'propose' || messages.polkaValueSeen) return false;
  const key = messages.prevotes.quorumKey;
  if (key === null || key === NIL_KEY) return false;
  const entry = messages.proposals.find((e) => e.proposal.blockHash === key);
  if (entry === undefined || !entry.valid) return false;
  messages.polkaValueSeen = true;
  if (state.step === 'prevote') {
    state.lockedValue = key; // line 38
    state.lockedRound = state.round; // line 39
    broadcastVote(ctx, 'precommit', key, votesFor(messages.prevotes, key)); // line 40
    state.step = 'precommit'; // line 41
  }
  state.validValue = key; // line 42
  state.validRound = state.round; // line 43
  return true;
}

/** Lines 44–46: +2/3 prevotes for nil in round_p while step = prevote. */
function onPolkaForNil(ctx: StepContext): boolean {
  const state = ctx.state;
  if (state.step !== 'prevote' || current(ctx).prevotes.quorumKey !== NIL_KEY) return false;
  broadcastVote(ctx, 'precommit', null); // line 45
  state.step = 'precommit'; // line 46
  return true;
}

/**
 * Lines 34–35: +2/3 prevotes for anything in round_p, step = prevote, first time. Checked after
 * lines 36 and 44 so that a polka moves straight to precommit without a useless timer.
 */
function onAnyPrevotes(ctx: StepContext): boolean {
  const state = ctx.state;
  const messages = current(ctx);
  if (state.step !== 'prevote' || messages.prevoteTimeoutScheduled) return false;
  if (!isQuorum(messages.prevotes.power, state.validatorSet.totalPower)) return false;
  messages.prevoteTimeoutScheduled = true;
  scheduleTimeout(ctx, 'prevote');
  return true;
}

/** Lines 47–48: +2/3 precommits for anything in round_p, first time. */
function onAnyPrecommits(ctx: StepContext): boolean {
  const state = ctx.state;
  const messages = current(ctx);
  if (messages.precommitTimeoutScheduled) return false;
  if (!isQuorum(messages.precommits.power, state.validatorSet.totalPower)) return false;
  messages.precommitTimeoutScheduled = true;
  scheduleTimeout(ctx, 'precommit');
  return true;
}

/**
 * Lines 49–54 for round r (any round of h_p): a valid proposal and +2/3 precommits for it. Lines
 * 52–54 (next height, reset, StartRound(0)) are the node's next startHeight event, because the
 * next validator set and seed come from executing the decided block.
 */
export function tryDecide(ctx: StepContext, round: number): boolean {
  const state = ctx.state;
  if (state.decided) return false;
  const messages = state.rounds.get(round);
  const key = messages?.precommits.quorumKey ?? null;
  if (messages === undefined || key === null || key === NIL_KEY) return false;
  const entry = messages.proposals.find((e) => e.proposal.blockHash === key);
  if (entry === undefined || !entry.valid) return false; // line 50
  state.decided = true; // line 51
  const precommits = votesFor(messages.precommits, key);
  ctx.effects.push({ type: 'decide', height: state.height, round, blockHash: key, precommits });
  return true;
}

/**
 * Line 55: f + 1 messages from a round above round_p → StartRound(that round). Counted per
 * validator by the highest round it has sent anything for: the largest R such that validators
 * seen at rounds ≥ R hold > 1/3 of the power. Whenever the paper's rule holds for a round R, this
 * one holds for R or higher, and either way some correct validator has reached R (see spec).
 */
export function trySkipRound(ctx: StepContext): void {
  const state = ctx.state;
  if (state.decided) return;
  const seen: Array<{ address: Address; round: number }> = [];
  for (const [address, round] of state.highestRoundSeen) {
    if (round > state.round) seen.push({ address, round });
  }
  seen.sort((a, b) => b.round - a.round || (a.address < b.address ? -1 : 1));
  let power = 0n;
  for (const { address, round } of seen) {
    power += state.powerOf.get(address) ?? 0n;
    if (isOneThird(power, state.validatorSet.totalPower)) {
      startRound(ctx, round); // line 56
      return;
    }
  }
}

/** Lines 57–60, 61–64 and 65–67: OnTimeoutPropose / OnTimeoutPrevote / OnTimeoutPrecommit. */
export function onTimeout(ctx: StepContext, height: number, round: number, step: Step): void {
  const state = ctx.state;
  if (state.decided || height !== state.height || round !== state.round) return; // lines 58, 62, 66
  if (step === 'propose' && state.step === 'propose') {
    broadcastVote(ctx, 'prevote', null); // line 59
    state.step = 'prevote'; // line 60
    evaluateCurrentRound(ctx);
  } else if (step === 'prevote' && state.step === 'prevote') {
    broadcastVote(ctx, 'precommit', null); // line 63
    state.step = 'precommit'; // line 64
    evaluateCurrentRound(ctx);
  } else if (step === 'precommit' && round < ROUND_MAX) {
    startRound(ctx, round + 1); // line 67
  }
}

function current(ctx: StepContext): RoundMessages {
  return roundMessages(ctx.state, ctx.state.round);
}
