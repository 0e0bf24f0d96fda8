import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { payAsset } from '../accounts/payout.ts';
import { loadEscrow } from '../contracts/escrow-state.ts';
import { getApplication, loadJob, putApplication, putJob, type Job } from './state.ts';
import type { JobRefPayload } from './types.ts';
import { creditTreasury } from '../org/treasury.ts';

/** The job's escrow is still open (not closed): its rules, not the poster, decide. */
function escrowOpen(view: Overlay, job: Job): boolean {
  if (job.state !== 'assigned' || job.escrow === undefined) return false;
  const escrow = loadEscrow(view, job.escrow);
  return !('code' in escrow) && escrow.state !== 'closed';
}

/**
 * `job.cancel` (spec/work.md §3.8). Checks in order: `unknown_contract`, `contract_closed`,
 * `wrong_party` (the poster; anyone for a contest past its deadline), `job_assigned` (a contest with
 * submissions before its deadline; an assigned job whose escrow is open). Effects: `available` to the
 * poster; the job closes. Bonds stay until withdrawn.
 */
export function applyJobCancel(view: Overlay, signer: string, payload: JobRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const job = loadJob(view, payload.job);
  if ('code' in job) return job;
  if (job.state === 'closed') return reject('contract_closed', `job ${job.address} is closed`);
  const contestOver = job.mode === 'contest' && ctx.timeMs >= job.deadlineMs;
  if (signer !== job.poster && !contestOver) return reject('wrong_party', `only the poster of job ${job.address} cancels it`);
  if (job.mode === 'contest' && !contestOver && job.applicants > 0) return reject('job_assigned', `contest ${job.address} has submissions; what is not awarded returns after ${job.deadlineMs}`);
  if (escrowOpen(view, job)) return reject('job_assigned', `job ${job.address} is assigned; only its escrow's rules apply`);
  putJob(view, { ...job, state: 'closed', available: 0n });
  creditTreasury(view, job.poster, job.asset, job.available); // an org's job returns into its treasury
  view.touch(job.address, job.poster);
  const events: LedgerEvent[] = [{ type: 'job.closed', attributes: { job: job.address, poster: job.poster, by: signer, returned: String(job.available) } }];
  return job.available === 0n ? events : [...events, ...payAsset(view, job.address, job.poster, job.asset, job.available)];
}

/**
 * `job.withdraw` (spec/work.md §3.9), by an applicant: its bond back. Checks in order:
 * `unknown_contract`, `not_applied`, `nothing_due`, `job_assigned` (the worker of an open escrow).
 */
export function applyJobWithdraw(view: Overlay, signer: string, payload: JobRefPayload): Rejection | LedgerEvent[] {
  const job = loadJob(view, payload.job);
  if ('code' in job) return job;
  const app = getApplication(view, job.address, signer);
  if (app === undefined) return reject('not_applied', `${signer} did not apply to job ${job.address}`);
  if (app.bond === 0n && app.status !== 'applied') return reject('nothing_due', `${signer} holds no bond in job ${job.address}`);
  if (job.worker === signer && escrowOpen(view, job)) return reject('job_assigned', `${signer} works on job ${job.address}; the bond returns when its escrow closes`);
  putApplication(view, job.address, signer, { ...app, bond: 0n, status: app.status === 'applied' ? 'withdrawn' : app.status });
  putJob(view, { ...job, bonds: job.bonds - app.bond });
  view.touch(job.address, job.poster, signer);
  const events: LedgerEvent[] = [{ type: 'job.withdrawn', attributes: { job: job.address, poster: job.poster, applicant: signer, bond: String(app.bond) } }];
  return app.bond === 0n ? events : [...events, ...payAsset(view, job.address, signer, job.asset, app.bond)];
}
