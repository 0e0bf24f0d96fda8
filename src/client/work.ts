import { addressFromPublicKey } from '../crypto/address.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import type { JobArbiter, JobMode, JobPostPayload } from '../ledger/work/types.ts';
import type { CredentialName } from '../ledger/market/types.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon } from './builders.ts';

/**
 * SDK builders of the ten work kinds (spec/work.md §3): post, apply, assign, deliver, approve,
 * dispute, replace, award, cancel, withdraw. Browser-safe. The arbiter resolves a job's milestones with
 * buildEscrowResolve on the job's escrow, and anyone settles it with buildEscrowSettle (contracts.ts).
 */
export type { JobArbiter, JobMode };

/** The address of the job `body` will post: a contract address from the poster's nonce (spec/ledger.md §8.1). */
export function jobIdOf(body: TxBody<'job.post'>): string {
  const poster = body.signers[0];
  return contractAddressFor(body.chainId, addressFromPublicKey(poster.publicKey), poster.nonce, 0);
}

export interface JobPostParams extends TxCommon {
  /** SHA-256 of the job's specification, kept off-chain. */
  spec: Uint8Array;
  asset: string;
  /** One amount per milestone (1…16); the budget, their sum, is locked at posting. */
  milestones: readonly bigint[];
  mode?: JobMode;
  applyByMs: number;
  deliverByMs: number;
  deadlineMs: number;
  reviewWindowMs?: number;
  arbiters?: readonly JobArbiter[];
  arbiterWindowMs?: number;
  bond?: bigint;
  requires?: CredentialName;
}

export function buildJobPost(params: JobPostParams): TxBody<'job.post'> {
  const payload: JobPostPayload = {
    spec: Uint8Array.from(params.spec), asset: params.asset, milestones: [...params.milestones], mode: params.mode ?? 'single',
    applyByMs: params.applyByMs, deliverByMs: params.deliverByMs, deadlineMs: params.deadlineMs,
  };
  if (params.reviewWindowMs !== undefined) payload.reviewWindowMs = params.reviewWindowMs;
  if (params.arbiters !== undefined) payload.arbiters = params.arbiters.map((a) => ({ address: a.address, fee: a.fee }));
  if (params.arbiterWindowMs !== undefined) payload.arbiterWindowMs = params.arbiterWindowMs;
  if (params.bond !== undefined) payload.bond = params.bond;
  if (params.requires !== undefined) payload.requires = { registry: params.requires.registry, type: params.requires.type };
  return buildTx('job.post', params, payload);
}

export interface JobApplyParams extends TxCommon {
  job: string;
  /** SHA-256 of the proposal (a contest: of the submission). */
  proposal: Uint8Array;
  bid?: bigint;
  /** A team job: the split the escrow pays, created by the applicant (its lead). */
  payee?: string;
}

export function buildJobApply(params: JobApplyParams): TxBody<'job.apply'> {
  const payload: TxBody<'job.apply'>['payload'] = { job: params.job, proposal: Uint8Array.from(params.proposal) };
  if (params.bid !== undefined) payload.bid = params.bid;
  if (params.payee !== undefined) payload.payee = params.payee;
  return buildTx('job.apply', params, payload);
}

export function buildJobAssign(params: TxCommon & { job: string; worker: string; arbiter?: string }): TxBody<'job.assign'> {
  const payload: TxBody<'job.assign'>['payload'] = { job: params.job, worker: params.worker };
  if (params.arbiter !== undefined) payload.arbiter = params.arbiter;
  return buildTx('job.assign', params, payload);
}

/** The worker (a team's lead) delivers milestone `milestone`, with the delivery document's SHA-256. */
export function buildJobDeliver(params: TxCommon & { job: string; milestone: number; document?: Uint8Array }): TxBody<'job.deliver'> {
  const payload: TxBody<'job.deliver'>['payload'] = { job: params.job, milestone: params.milestone };
  if (params.document !== undefined) payload.document = Uint8Array.from(params.document);
  return buildTx('job.deliver', params, payload);
}

export function buildJobApprove(params: TxCommon & { job: string; milestone: number }): TxBody<'job.approve'> {
  return buildTx('job.approve', params, { job: params.job, milestone: params.milestone });
}

export function buildJobDispute(params: TxCommon & { job: string }): TxBody<'job.dispute'> {
  return buildTx('job.dispute', params, { job: params.job });
}

export function buildJobReplace(params: TxCommon & { job: string }): TxBody<'job.replace'> {
  return buildTx('job.replace', params, { job: params.job });
}

export function buildJobAward(params: TxCommon & { job: string; to: string; amount: bigint }): TxBody<'job.award'> {
  return buildTx('job.award', params, { job: params.job, to: params.to, amount: params.amount });
}

export function buildJobCancel(params: TxCommon & { job: string }): TxBody<'job.cancel'> {
  return buildTx('job.cancel', params, { job: params.job });
}

export function buildJobWithdraw(params: TxCommon & { job: string }): TxBody<'job.withdraw'> {
  return buildTx('job.withdraw', params, { job: params.job });
}
