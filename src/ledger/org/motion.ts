import { reject, type Rejection } from '../errors.ts';
import { PPM } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { runAction } from './actions.ts';
import { sameBytes, voteCommitment } from './commitment.ts';
import { isRejection, loadOrg } from './org.ts';
import { addReputation, memberReputation } from './reputation.ts';
import { getMotion, getVote, putMotion, putOrg, putVote, type MotionRecord, type OrgRecord } from './state.ts';
import type { OrgMotionRefPayload, OrgProposePayload, OrgRevealPayload, OrgVotePayload } from './types.ts';

/**
 * Motions by lazy consensus (spec/org.md §4): proposed with a reputation stake, passed after the
 * period unless objected; an objection (an equal stake) opens a reputation-weighted commit-reveal
 * vote. Executed by anyone once decided; the action runs atomically with the execution.
 */

const MILLION = BigInt(PPM);

function loadMotion(view: Overlay, org: string, id: number): MotionRecord | Rejection {
  return getMotion(view, org, id) ?? reject('unknown_motion', `${org} has no motion ${id}`);
}

const motionAttributes = (org: string, id: number): { [key: string]: string } => ({ org, motion: String(id) });

/** Checks in order: `unknown_org`; `not_a_member`; the stake (`insufficient_reputation`). */
export function applyOrgPropose(view: Overlay, signer: string, payload: OrgProposePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const found = memberReputation(view, payload.org, org, signer);
  if (found === undefined) return reject('not_a_member', `${signer} is not a member of ${payload.org}`);
  const stake = org.charter.motionStake;
  if (found.reputation < stake) return reject('insufficient_reputation', `a motion stakes ${stake} reputation; ${signer} holds ${found.reputation}`);
  const id = org.nextMotion;
  const after = addReputation(view, payload.org, org, signer, found.member, -stake);
  putMotion(view, payload.org, id, { proposer: signer, action: payload.action, proposedMs: ctx.timeMs, stake, status: 'proposed', yes: 0n, no: 0n });
  putOrg(view, payload.org, { ...after, nextMotion: id + 1 });
  view.touch(payload.org);
  return [{ type: 'org.proposed', attributes: { ...motionAttributes(payload.org, id), proposer: signer, action: payload.action.type, stake: stake.toString() } }];
}

/**
 * Checks in order: `unknown_org`; `unknown_motion`; `not_a_member`; the proposer (`bad_parties`);
 * `motion_not_open`; the objection period (`window_closed`); `insufficient_reputation`.
 */
export function applyOrgObject(view: Overlay, signer: string, payload: OrgMotionRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const motion = loadMotion(view, payload.org, payload.motion);
  if (isRejection(motion)) return motion;
  const found = memberReputation(view, payload.org, org, signer);
  if (found === undefined) return reject('not_a_member', `${signer} is not a member of ${payload.org}`);
  if (signer === motion.proposer) return reject('bad_parties', 'a proposer does not object to their own motion');
  if (motion.status !== 'proposed') return reject('motion_not_open', `motion ${payload.motion} is ${motion.status}`);
  if (ctx.timeMs >= motion.proposedMs + org.charter.motionPeriodMs) return reject('window_closed', `motion ${payload.motion} can no longer be objected to`);
  if (found.reputation < motion.stake) return reject('insufficient_reputation', `an objection stakes ${motion.stake} reputation; ${signer} holds ${found.reputation}`);
  const after = addReputation(view, payload.org, org, signer, found.member, -motion.stake);
  putMotion(view, payload.org, payload.motion, { ...motion, status: 'voting', objector: signer, objectedMs: ctx.timeMs, base: org.reputation });
  putOrg(view, payload.org, after);
  view.touch(payload.org, motion.proposer);
  return [{ type: 'org.objected', attributes: { ...motionAttributes(payload.org, payload.motion), proposer: motion.proposer, objector: signer } }];
}

/**
 * Checks in order: `unknown_org`; `unknown_motion`; `not_a_member`; `motion_not_voting`; the commit
 * period (`window_closed`); `already_voted`; `no_reputation`. The vote weighs the voter's reputation now.
 */
export function applyOrgVote(view: Overlay, signer: string, payload: OrgVotePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const motion = loadMotion(view, payload.org, payload.motion);
  if (isRejection(motion)) return motion;
  const found = memberReputation(view, payload.org, org, signer);
  if (found === undefined) return reject('not_a_member', `${signer} is not a member of ${payload.org}`);
  if (motion.status !== 'voting' || motion.objectedMs === undefined) return reject('motion_not_voting', `motion ${payload.motion} is ${motion.status}, not at a vote`);
  if (ctx.timeMs >= motion.objectedMs + org.charter.motionPeriodMs) return reject('window_closed', `the votes on motion ${payload.motion} are closed`);
  if (getVote(view, payload.org, payload.motion, signer) !== undefined) return reject('already_voted', `${signer} has voted on motion ${payload.motion} already`);
  if (found.reputation === 0n) return reject('no_reputation', `${signer} holds no reputation in ${payload.org}: a vote weighs nothing`);
  putVote(view, payload.org, payload.motion, signer, { commitment: payload.commitment, weight: found.reputation });
  view.touch(payload.org);
  return [{ type: 'org.voted', attributes: { ...motionAttributes(payload.org, payload.motion), voter: signer, weight: found.reputation.toString() } }];
}

/**
 * Checks in order: `unknown_motion`; `not_voted`; `window_open` (votes still open); `window_closed`;
 * `already_revealed`; `reveal_mismatch`.
 */
export function revealVote(view: Overlay, signer: string, org: OrgRecord, payload: OrgRevealPayload & { motion: number }, ctx: BlockContext): Rejection | LedgerEvent[] {
  const motion = loadMotion(view, payload.org, payload.motion);
  if (isRejection(motion)) return motion;
  const vote = getVote(view, payload.org, payload.motion, signer);
  if (vote === undefined || motion.objectedMs === undefined) return reject('not_voted', `${signer} committed no vote on motion ${payload.motion}`);
  const revealFrom = motion.objectedMs + org.charter.motionPeriodMs;
  if (ctx.timeMs < revealFrom) return reject('window_open', `vote reveals open at ${revealFrom}`);
  if (ctx.timeMs >= revealFrom + org.charter.motionPeriodMs || motion.status !== 'voting') return reject('window_closed', `the reveals on motion ${payload.motion} are closed`);
  if (vote.value !== undefined) return reject('already_revealed', `${signer} revealed a vote on motion ${payload.motion} already`);
  if (!sameBytes(voteCommitment(payload.org, payload.motion, signer, payload.value, payload.salt), vote.commitment)) return reject('reveal_mismatch', 'the vote and salt do not match the commitment');
  putVote(view, payload.org, payload.motion, signer, { ...vote, value: payload.value });
  putMotion(view, payload.org, payload.motion, payload.value === 1 ? { ...motion, yes: motion.yes + vote.weight } : { ...motion, no: motion.no + vote.weight });
  view.touch(payload.org);
  return [{ type: 'org.revealed', attributes: { ...motionAttributes(payload.org, payload.motion), voter: signer, vote: payload.value === 1 ? 'yes' : 'no' } }];
}

/** Whether a decided motion passes: unobjected, or a vote with quorum and more yes than no. */
export function motionPasses(org: OrgRecord, motion: MotionRecord): boolean {
  if (motion.status === 'proposed') return true;
  const cast = motion.yes + motion.no;
  return cast > 0n && cast * MILLION >= BigInt(org.charter.quorumPpm) * (motion.base ?? 0n) && motion.yes > motion.no;
}

/**
 * Anyone. Checks in order: `unknown_org`; `unknown_motion`; `motion_closed` (passed or failed);
 * `motion_pending` (objection period, or the vote, not over); then the action's own codes.
 * Effects: passed, the stakes to the proposer and the action; failed, the stakes to the objector.
 */
export function applyOrgExecute(view: Overlay, signer: string, payload: OrgMotionRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const motion = loadMotion(view, payload.org, payload.motion);
  if (isRejection(motion)) return motion;
  if (motion.status === 'passed' || motion.status === 'failed') return reject('motion_closed', `motion ${payload.motion} has ${motion.status}`);
  const decidedAt = motion.objectedMs === undefined ? motion.proposedMs + org.charter.motionPeriodMs : motion.objectedMs + 2 * org.charter.motionPeriodMs;
  if (ctx.timeMs < decidedAt) return reject('motion_pending', `motion ${payload.motion} is decided at ${decidedAt}`);
  const passes = motionPasses(org, motion);
  const winner = passes ? motion.proposer : (motion.objector as string);
  const returned = motion.objector === undefined ? motion.stake : motion.stake * 2n;
  const found = memberReputation(view, payload.org, org, winner);
  const after = found === undefined ? org : addReputation(view, payload.org, org, winner, found.member, returned);
  putMotion(view, payload.org, payload.motion, { ...motion, status: passes ? 'passed' : 'failed' });
  putOrg(view, payload.org, after);
  view.touch(payload.org, motion.proposer, ...(motion.objector === undefined ? [] : [motion.objector]));
  const decided: LedgerEvent = { type: 'org.executed', attributes: { ...motionAttributes(payload.org, payload.motion), proposer: motion.proposer, by: signer, outcome: passes ? 'passed' : 'failed', ...(motion.objector === undefined ? {} : { objector: motion.objector }) } };
  if (!passes) return [decided];
  const events = runAction(view, signer, payload.org, after, payload.motion, motion.action, ctx);
  return isRejection(events) ? events : [decided, ...events];
}
