import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { checkRecipient, payAsset } from '../accounts/payout.ts';
import { applyEscrowDispute, applyEscrowRelease } from '../contracts/escrow.ts';
import { applyEscrowDeliver } from '../contracts/escrow-deliver.ts';
import { recordTrade } from '../market/trades.ts';
import { getApplication, loadJob, putApplication, putJob } from './state.ts';
import { loadAssigned, roleSignedEvent } from './roles.ts';
import { withJobSettlement } from './settlement.ts';
import type { JobAwardPayload, JobMilestonePayload, JobRefPayload } from './types.ts';

/**
 * The milestone kinds (spec/work.md §3.4): each checks the job and the signer's role, then runs the
 * escrow rule on the job's escrow with the party the job stands for — the payee for a delivery (so a
 * team's lead signs for its split), the job itself as payer for an approval.
 */

/** `job.deliver`, by the worker (a team's lead): escrow.deliver's checks as the payee. */
export function applyJobDeliver(view: Overlay, signer: string, payload: JobMilestonePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadAssigned(view, payload.job, signer, ['worker'], ctx);
  if ('code' in found) return found;
  const deliver = { escrow: found.escrow.address, tranche: payload.milestone, ...(payload.document === undefined ? {} : { document: payload.document }) };
  return applyEscrowDeliver(view, found.escrow.payee, deliver, ctx);
}

/**
 * `job.approve`, by the poster or a holder of the poster org's approver role (spec/work.md §2.1):
 * escrow.release's checks as the payer (the job); the milestone is paid and becomes a trade.
 */
export function applyJobApprove(view: Overlay, signer: string, payload: JobMilestonePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadAssigned(view, payload.job, signer, ['poster', 'approver'], ctx);
  if ('code' in found) return found;
  const { job, escrow } = found;
  const events = withJobSettlement(view, escrow.address, ctx, () => applyEscrowRelease(view, job.address, { escrow: escrow.address, tranche: payload.milestone }, ctx));
  return 'code' in events ? events : [...roleSignedEvent(view, found, signer, 'approve'), ...events];
}

/**
 * `job.dispute`, by the poster or a holder of the poster org's approver role (as the payer: the job)
 * or the worker (as the payee): escrow.dispute's checks.
 */
export function applyJobDispute(view: Overlay, signer: string, payload: JobRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadAssigned(view, payload.job, signer, ['poster', 'worker', 'approver'], ctx);
  if ('code' in found) return found;
  const { job, escrow } = found;
  const events = applyEscrowDispute(view, found.side === 'payer' ? job.address : escrow.payee, { escrow: escrow.address }, ctx);
  return 'code' in events ? events : [...roleSignedEvent(view, found, signer, 'dispute'), ...events];
}

/**
 * `job.award` (spec/work.md §3.7), by the poster of a contest. Checks in order: `unknown_contract`,
 * `wrong_party`, `contract_closed`, `not_contest`, `deadline_passed`, `not_applied`, `already_awarded`,
 * `over_budget`, `contract_recipient`.
 */
export function applyJobAward(view: Overlay, signer: string, payload: JobAwardPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const job = loadJob(view, payload.job);
  if ('code' in job) return job;
  if (signer !== job.poster) return reject('wrong_party', `only the poster of job ${job.address} awards it`);
  if (job.state === 'closed') return reject('contract_closed', `job ${job.address} is closed`);
  if (job.mode !== 'contest') return reject('not_contest', `job ${job.address} is not a contest`);
  if (ctx.timeMs >= job.deadlineMs) return reject('deadline_passed', `the contest ${job.address} ended at ${job.deadlineMs}`);
  const app = getApplication(view, job.address, payload.to);
  if (app === undefined || app.status === 'withdrawn') return reject('not_applied', `${payload.to} has no submission to job ${job.address}`);
  if (app.awarded !== undefined) return reject('already_awarded', `${payload.to} was awarded ${app.awarded} already`);
  if (payload.amount > job.available) return reject('over_budget', `job ${job.address} has ${job.available} ${job.asset} left; the award is ${payload.amount}`);
  const to = app.payee ?? payload.to;
  const refused = checkRecipient(view, to, false);
  if (refused !== undefined) return refused;
  putApplication(view, job.address, payload.to, { ...app, awarded: payload.amount });
  putJob(view, { ...job, available: job.available - payload.amount });
  view.touch(job.address, job.poster, payload.to);
  const events: LedgerEvent[] = [{ type: 'job.awarded', attributes: { job: job.address, poster: job.poster, to: payload.to, asset: job.asset, amount: String(payload.amount) } }];
  events.push(...payAsset(view, job.address, to, job.asset, payload.amount));
  events.push(recordTrade(view, { kind: 'job', ref: `${job.address}/award/${payload.to}`, buyer: job.poster, seller: payload.to, asset: job.asset, amount: payload.amount, disputed: false, height: ctx.height }));
  return events;
}
