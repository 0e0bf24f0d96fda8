import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { payAsset } from '../accounts/payout.ts';
import { applyEscrowRefund, parties, touchParties } from '../contracts/escrow.ts';
import { putEscrow, type Escrow } from '../contracts/escrow-state.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import { budgetOf, getApplication, loadJob, putApplication, putJob } from './state.ts';
import { loadAssigned } from './roles.ts';
import { withJobSettlement } from './settlement.ts';
import type { JobAssignPayload, JobRefPayload } from './types.ts';
import { creditTreasury } from '../org/treasury.ts';

/**
 * `job.assign` (spec/work.md §3.3), by the poster: opens the job's escrow, payer the job, one tranche
 * per milestone to the worker (a team's split), milestone 0 due by the first-delivery deadline and the
 * rest by the job's deadline (spec/ledger.md §8.2.8). Checks in order: `unknown_contract`,
 * `wrong_party`, `contract_closed`, `job_assigned`, `contest_job`, `deadline_passed`, `not_applied`,
 * `arbiter_not_offered`, the address checks of §8.1.
 */
export function applyJobAssign(view: Overlay, signer: string, payload: JobAssignPayload, ctx: BlockContext, strayTo: string = signer): Rejection | LedgerEvent[] {
  const job = loadJob(view, payload.job);
  if ('code' in job) return job;
  if (signer !== job.poster) return reject('wrong_party', `only the poster of job ${job.address} assigns it`);
  if (job.state === 'closed') return reject('contract_closed', `job ${job.address} is closed`);
  if (job.state === 'assigned') return reject('job_assigned', `job ${job.address} is assigned to ${job.worker}`);
  if (job.mode === 'contest') return reject('contest_job', `job ${job.address} is a contest: it is awarded, not assigned`);
  if (ctx.timeMs >= job.deadlineMs) return reject('deadline_passed', `job ${job.address} ended at ${job.deadlineMs}; its poster cancels it`);
  const app = getApplication(view, job.address, payload.worker);
  if (app === undefined || app.status !== 'applied') return reject('not_applied', `${payload.worker} has no open application to job ${job.address}`);
  const arbiter = payload.arbiter === undefined ? undefined : job.arbiters.find((a) => a.address === payload.arbiter);
  if (payload.arbiter !== undefined && arbiter === undefined) return reject('arbiter_not_offered', `job ${job.address} does not accept ${payload.arbiter} as arbiter`);
  const address = contractAddressFor(ctx.chainId, job.address, BigInt(job.assignments), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const budget = budgetOf(job);
  const { deadlineMs } = job;
  const escrow: Escrow = {
    address, payer: job.address, payee: app.payee ?? payload.worker, deadlineMs, onExpiry: 'refund', state: 'open', createdAt: ctx.height,
    tranches: job.milestones.map((amount, i) => ({ assets: [{ asset: job.asset, amount }], status: 'held', deliverByMs: i === 0 ? job.deliverByMs : deadlineMs })),
    reviewWindowMs: job.reviewWindowMs,
  };
  if (arbiter !== undefined) {
    escrow.arbiter = arbiter.address;
    if (arbiter.fee > 0n) escrow.arbiterFee = { asset: job.asset, amount: arbiter.fee };
    if (job.arbiterWindowMs !== undefined) escrow.arbiterWindowMs = job.arbiterWindowMs;
  }
  // What was sent ahead to the escrow's address goes to the creating tx's signer (spec/ledger.md §8.1;
  // for an org's motion, the executing signer, as the org's other actions do).
  const events = returnStrays(view, address, strayTo, strays, ctx, 'job.assign');
  putEscrow(view, escrow);
  putApplication(view, job.address, payload.worker, { ...app, status: 'assigned' });
  putJob(view, { ...job, state: 'assigned', worker: payload.worker, escrow: address, assignments: job.assignments + 1, available: job.available - budget });
  touchParties(view, escrow);
  view.touch(payload.worker);
  events.push({ type: 'job.assigned', attributes: { job: job.address, poster: job.poster, worker: payload.worker, escrow: address, payee: escrow.payee } });
  events.push({ type: 'escrow.created', attributes: { ...parties(escrow), deadlineMs: String(deadlineMs), onExpiry: 'refund', tranches: String(escrow.tranches.length) } });
  return [...events, ...payAsset(view, job.address, address, job.asset, budget)];
}

/**
 * `job.replace` (spec/work.md §3.6), by the poster once the first-delivery deadline passed with nothing
 * delivered: the held tranches return to the job, the trade is recorded as abandoned, the worker's
 * bond goes to the poster, and the job is open for another applicant. Checks in order:
 * `unknown_contract`, `job_not_assigned`, `wrong_party`, `deadline_not_reached`, `worker_delivered`,
 * `escrow_disputed`.
 */
export function applyJobReplace(view: Overlay, signer: string, payload: JobRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const found = loadAssigned(view, payload.job, signer, ['poster'], ctx);
  if ('code' in found) return found;
  const { job, escrow } = found;
  const worker = job.worker as string;
  if (ctx.timeMs < job.deliverByMs) return reject('deadline_not_reached', `the first-delivery deadline of job ${job.address} is ${job.deliverByMs}`);
  if (escrow.tranches.some((t) => t.deliveredAtMs !== undefined || t.status === 'released' || t.status === 'resolved')) return reject('worker_delivered', `${worker} delivered on job ${job.address}`);
  if (escrow.state === 'disputed') return reject('escrow_disputed', `escrow ${escrow.address} is disputed; its arbiter decides`);
  const events: LedgerEvent[] = [];
  if (escrow.state !== 'closed') {
    // The payee's concession (escrow.refund) on the worker's behalf: every held tranche back to the job.
    const refunded = withJobSettlement(view, escrow.address, ctx, () => applyEscrowRefund(view, escrow.payee, { escrow: escrow.address }, ctx), true);
    if ('code' in refunded) return refunded;
    events.push(...refunded);
  }
  const after = loadJob(view, job.address);
  if ('code' in after) return after;
  const app = getApplication(view, job.address, worker);
  const bond = app?.bond ?? 0n;
  if (app !== undefined) putApplication(view, job.address, worker, { ...app, status: 'replaced', bond: 0n });
  const { worker: _worker, escrow: _escrow, ...rest } = after;
  putJob(view, { ...rest, state: 'open', bonds: after.bonds - bond });
  creditTreasury(view, job.poster, job.asset, bond); // an org's job: the bond enters its treasury
  view.touch(job.address, job.poster, worker);
  events.push({ type: 'job.replaced', attributes: { job: job.address, poster: job.poster, worker, escrow: escrow.address, bond: String(bond) } });
  return bond === 0n ? events : [...events, ...payAsset(view, job.address, job.poster, job.asset, bond)];
}
