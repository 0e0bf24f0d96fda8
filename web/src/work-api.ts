/**
 * The work read routes (spec/api.md §4 "Work", src/wire/work.ts) as the pages use them: the SDK's
 * calls under the names the pages know, and the wire types under shorter names. A job itself is a
 * contract (GET /v1/contracts/<job>).
 */
import { AgoraError, type AccountJobsResponse, type JobApplicantJson, type JobContractJson, type JobMilestoneJson, type JobsResponse } from '../../src/client/index.ts';
import { client } from './node.ts';

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

export const getAccountJobs = (address: string, role: 'client' | 'worker', after?: string): Promise<AccountJobsJson> => client.getAccountJobs(address, { role, after, limit: 50 });
