import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX, JOB_APPLICANTS_MAX, JOB_REVIEW_WINDOW_MS_DEFAULT } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, getBalance } from '../accounts/balances.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { getSplit } from '../accounts/split-state.ts';
import { payAsset } from '../accounts/payout.ts';
import { consumedNonce } from '../records/item-log.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import { holdsCredential } from '../market/credential.ts';
import { getApplication, loadJob, putApplication, putJob, type Application, type Job } from './state.ts';
import type { JobApplyPayload, JobPostPayload } from './types.ts';

/**
 * `job.post` (spec/work.md §3.1): the poster locks the whole budget in the job's account at once, so
 * there is no unfunded job. Checks in order: `bad_parties`, `deadline_passed`, `bad_amount`,
 * `arbiter_fee_too_high`, `unknown_asset`, `insufficient_balance`, the address checks of §8.1.
 */
export function applyJobPost(view: Overlay, poster: string, payload: JobPostPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const address = contractAddressFor(ctx.chainId, poster, consumedNonce(view, poster), 0);
  return postJob(view, poster, address, poster, payload, ctx, (budget) => {
    const held = getBalance(view, poster, payload.asset);
    return held < budget ? reject('insufficient_balance', `${poster} holds ${held} ${payload.asset}; the budget ${budget} is locked at posting`) : undefined;
  });
}

/**
 * The checks and effects of job.post for a poster that is a key (above) or an org posting by motion
 * (work/org-action.ts, which derives the address from the motion and checks the treasury with `funded`).
 */
export function postJob(view: Overlay, poster: string, address: string, signer: string, payload: JobPostPayload, ctx: BlockContext, funded: (budget: bigint) => Rejection | undefined): Rejection | LedgerEvent[] {
  const arbiters = payload.arbiters ?? [];
  if (arbiters.some((a) => a.address === poster)) return reject('bad_parties', 'the poster cannot arbitrate its own job');
  if (payload.applyByMs <= ctx.timeMs) return reject('deadline_passed', `the apply deadline ${payload.applyByMs} is not after the block time ${ctx.timeMs}`);
  const budget = payload.milestones.reduce((sum, m) => sum + m, 0n);
  if (budget > AMOUNT_MAX) return reject('bad_amount', 'the budget is above 2^128 - 1');
  const smallest = payload.milestones.reduce((min, m) => (m < min ? m : min));
  if (arbiters.some((a) => a.fee > smallest)) return reject('arbiter_fee_too_high', `an arbiter's fee is above the smallest milestone ${smallest}`);
  if (getAsset(view, payload.asset) === undefined) return reject('unknown_asset', `no asset ${payload.asset}`);
  const unfunded = funded(budget);
  if (unfunded !== undefined) return unfunded;
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const events = returnStrays(view, address, signer, strays, ctx, 'job.post');
  const job: Job = {
    address, poster, spec: payload.spec, asset: payload.asset, milestones: payload.milestones, mode: payload.mode,
    applyByMs: payload.applyByMs, deliverByMs: payload.deliverByMs, deadlineMs: payload.deadlineMs,
    reviewWindowMs: payload.reviewWindowMs ?? JOB_REVIEW_WINDOW_MS_DEFAULT, arbiters, state: 'open',
    available: budget, bonds: 0n, applicants: 0, assignments: 0, createdAt: ctx.height,
  };
  if (payload.arbiterWindowMs !== undefined) job.arbiterWindowMs = payload.arbiterWindowMs;
  if (payload.bond !== undefined) job.bond = payload.bond;
  if (payload.requires !== undefined) job.requires = payload.requires;
  putJob(view, job);
  view.touch(address, poster);
  events.push({ type: 'job.posted', attributes: { job: address, poster, asset: payload.asset, budget: String(budget), mode: payload.mode, milestones: String(payload.milestones.length) } });
  return [...events, ...payAsset(view, poster, address, payload.asset, budget)];
}

/**
 * `job.apply` (spec/work.md §3.2). Checks in order: `unknown_contract`, `contract_closed`,
 * `job_assigned`, `self_trade`, `deadline_passed`, `already_applied`, `too_many_applicants`,
 * `not_credentialed`, `bad_payee`, `insufficient_balance` (the bond).
 */
export function applyJobApply(view: Overlay, applicant: string, payload: JobApplyPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const job = loadJob(view, payload.job);
  if ('code' in job) return job;
  if (job.state === 'closed') return reject('contract_closed', `job ${job.address} is closed`);
  if (job.state === 'assigned') return reject('job_assigned', `job ${job.address} is assigned`);
  if (applicant === job.poster) return reject('self_trade', `${applicant} posted job ${job.address}`);
  if (ctx.timeMs >= job.applyByMs) return reject('deadline_passed', `applications to job ${job.address} closed at ${job.applyByMs}`);
  if (getApplication(view, job.address, applicant) !== undefined) return reject('already_applied', `${applicant} applied to job ${job.address} already`);
  if (job.applicants >= JOB_APPLICANTS_MAX) return reject('too_many_applicants', `job ${job.address} has ${JOB_APPLICANTS_MAX} applications`);
  if (job.requires !== undefined && !holdsCredential(view, job.requires, applicant, ctx.timeMs)) return reject('not_credentialed', `job ${job.address} requires a valid ${job.requires.type} credential of ${job.requires.registry}`);
  if ((job.mode === 'team') !== (payload.payee !== undefined)) return reject('bad_payee', job.mode === 'team' ? 'a team applies with its split as payee' : 'only a team job takes a payee');
  if (payload.payee !== undefined) {
    // The team's lead is the split's creator and one of its members: the members named it by joining its split.
    const split = getSplit(view, payload.payee);
    if (split === undefined) return reject('bad_payee', `${payload.payee} is not a split`);
    if (split.creator !== applicant || !split.members.some((m) => m.address === applicant)) return reject('bad_payee', `${applicant} is not the lead of split ${payload.payee}: its creator and a member`);
  }
  const bond = job.bond ?? 0n;
  const held = getBalance(view, applicant, job.asset);
  if (held < bond) return reject('insufficient_balance', `${applicant} holds ${held} ${job.asset}; job ${job.address} asks a bond of ${bond}`);
  const app: Application = { proposal: payload.proposal, bond, status: 'applied' };
  if (payload.bid !== undefined) app.bid = payload.bid;
  if (payload.payee !== undefined) app.payee = payload.payee;
  putApplication(view, job.address, applicant, app);
  putJob(view, { ...job, bonds: job.bonds + bond, applicants: job.applicants + 1 });
  view.touch(job.address, job.poster, applicant);
  const attributes: { [key: string]: string } = { job: job.address, poster: job.poster, applicant, bond: String(bond) };
  if (payload.bid !== undefined) attributes.bid = String(payload.bid);
  const events: LedgerEvent[] = [{ type: 'job.applied', attributes }];
  return bond === 0n ? events : [...events, ...payAsset(view, applicant, job.address, job.asset, bond)];
}
