/**
 * timely(v) of proposer-based timestamps (CometBFT PBTS spec, "Proposer-Based Time", after the
 * Tendermint paper's line 22 guard gains `timely(v)`): judged by the receiving node's shell from its
 * own clock *when the proposal arrives*, then handed to the pure consensus core as part of the
 * proposal event (spec/consensus.md §Proposer-based timestamps). Pure: the receive time is an argument.
 *
 *   timely  ⇔  receivedAtMs − (PRECISION + DELAY(round)) ≤ timeMs ≤ receivedAtMs + PRECISION
 *   DELAY(r) = MESSAGE_DELAY + MESSAGE_DELAY · r / 10        (CometBFT's 10 % a round, integer)
 *
 * Only proposals of a new value (polRound −1) are judged: a re-proposal (polRound ≥ 0) carries a
 * block that already had a polka, with its original time, which may be long past (PBTS: "a value
 * with a POL keeps its timestamp").
 */
import { invariant } from '../errors/base.ts';
import { PROPOSAL_MESSAGE_DELAY_MS, PROPOSAL_TIME_PRECISION_MS } from './limits.ts';

/** The message delay allowed in `round`: MESSAGE_DELAY at round 0, 10 % more per round after. */
export function proposalDelayMs(round: number): number {
  invariant(Number.isSafeInteger(round) && round >= 0, 'a round is a non-negative integer');
  return PROPOSAL_MESSAGE_DELAY_MS + Math.floor((PROPOSAL_MESSAGE_DELAY_MS * round) / 10);
}

/** Whether a proposal of a new block with `timeMs`, for `round`, received at `receivedAtMs`, is timely. */
export function isTimely(timeMs: number, receivedAtMs: number, round: number): boolean {
  invariant(Number.isSafeInteger(timeMs) && Number.isSafeInteger(receivedAtMs), 'times are integer milliseconds');
  if (timeMs > receivedAtMs + PROPOSAL_TIME_PRECISION_MS) return false; // from the future: a clock ahead
  return timeMs >= receivedAtMs - PROPOSAL_TIME_PRECISION_MS - proposalDelayMs(round); // too old: a clock behind, or held back
}
