/**
 * The work read routes (spec/api.md §4 "Work", src/wire/work.ts) as the pages use them: the SDK's
 * calls under the names the pages know, and the wire types under shorter names. A job itself is a
 * contract (GET /v1/contracts/<job>).
 */
import { AgoraError, type AccountJobRole, type AccountJobsResponse, type JobApplicantJson, type JobContractJson, type JobMilestoneJson, type JobsResponse } from '../../src/client/index.ts';
import { client } from './node.ts';
import type { JobEscrowFacts } from './work-view.ts';

export type JobJson = JobContractJson;
export type MilestoneJson = JobMilestoneJson;
export type ApplicantJson = JobApplicantJson;
export type JobModeJson = JobContractJson['mode'];
export type JobsJson = JobsResponse;
export type AccountJobsJson = AccountJobsResponse;
/** The criteria of GET /v1/jobs. */
export interface JobQuery {
  mode?: JobModeJson;
  asset?: string;
  limit?: number;
  after?: string;
}

export const searchJobs = (query: JobQuery): Promise<JobsJson> => client.searchJobs(query);

export async function getJob(address: string): Promise<JobJson> {
  const contract = await client.getContract(address);
  if (contract.type !== 'job') throw new AgoraError('unknown_contract', `${address} is a ${contract.type}, not a job`);
  return contract;
}

export const getAccountJobs = (address: string, role: AccountJobRole, after?: string): Promise<AccountJobsJson> => client.getAccountJobs(address, { role, after, limit: 50 });

/** An assigned job's escrow as the work pages use it: disputed, its arbiter, what it holds of the job's asset and the arbiter's fee (base units). */
export interface JobEscrow extends JobEscrowFacts {
  held: bigint;
  fee: bigint;
}

/** The escrow of `job`'s current assignment (a dispute and the chosen arbiter are the escrow's), or undefined before one. */
export async function getJobEscrow(job: JobJson): Promise<JobEscrow | undefined> {
  if (job.escrow === null) return undefined;
  const escrow = await client.getContract(job.escrow);
  if (escrow.type !== 'escrow') return undefined;
  const held = escrow.tranches.filter((t) => t.status === 'held').flatMap((t) => t.assets).filter((a) => a.asset === job.asset).reduce((sum, a) => sum + BigInt(a.amount), 0n);
  return { disputed: escrow.state === 'disputed', arbiter: escrow.arbiter, held, fee: BigInt(escrow.arbiterFee?.amount ?? '0') };
}
