import type { CredentialName } from '../market/types.ts';

/** Payloads of the work kinds (spec/work.md §3). Amounts are bigint base units; times are block times in ms. */

export type JobMode = 'single' | 'contest' | 'team';
export const JOB_MODES: readonly JobMode[] = ['single', 'contest', 'team'];

export interface JobArbiter {
  address: string;
  /** Paid out of a disputed milestone when this arbiter resolves it; 0 for none. */
  fee: bigint;
}

export interface JobPostPayload {
  /** SHA-256 of the job's specification, kept off-chain. */
  spec: Uint8Array;
  asset: string;
  /** One amount per milestone; the budget is their sum, locked at posting. */
  milestones: bigint[];
  mode: JobMode;
  applyByMs: number;
  /** The first-delivery deadline: milestone 0 undelivered by then refunds, and the worker may be replaced. */
  deliverByMs: number;
  /** The last delivery deadline (the escrow's); a contest's award deadline. */
  deadlineMs: number;
  reviewWindowMs?: number;
  arbiters?: JobArbiter[];
  arbiterWindowMs?: number;
  bond?: bigint;
  requires?: CredentialName;
}

export interface JobApplyPayload {
  job: string;
  /** SHA-256 of the proposal (a contest's submission). */
  proposal: Uint8Array;
  bid?: bigint;
  /** A team's split, which the escrow pays; the applicant is its lead. */
  payee?: string;
}

export interface JobAssignPayload {
  job: string;
  worker: string;
  arbiter?: string;
}

export interface JobMilestonePayload {
  job: string;
  milestone: number;
  document?: Uint8Array;
}

export interface JobAwardPayload {
  job: string;
  to: string;
  amount: bigint;
}

export interface JobRefPayload {
  job: string;
}

/** What an org's motion does to a job it posts or holds (spec/work.md §2; the org's `job` action). */
export type JobAction =
  | { kind: 'post'; payload: JobPostPayload }
  | { kind: 'assign'; payload: JobAssignPayload }
  | { kind: 'approve'; payload: JobMilestonePayload }
  | { kind: 'dispute'; payload: JobRefPayload }
  | { kind: 'replace'; payload: JobRefPayload }
  | { kind: 'award'; payload: JobAwardPayload }
  | { kind: 'cancel'; payload: JobRefPayload };
export const JOB_ACTION_KINDS: readonly JobAction['kind'][] = ['post', 'assign', 'approve', 'dispute', 'replace', 'award', 'cancel'];
