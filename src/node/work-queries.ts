import type { AccountJobRole, AccountJobsResponse, ContractClock, JobContractJson, JobsResponse } from '../wire/types.ts';
import type { JobMode } from '../ledger/work/types.ts';
import { queryContract } from './contracts-queries.ts';
import { NodeError } from './errors.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { checkAddress, checkSymbol } from './queries.ts';
import type { NodeReader } from './reader.ts';
import { indexPage } from './index-page.ts';
import { JOBS_SCAN_MAX } from '../wire/limits.ts';

/**
 * The read side of the work module (spec/work.md, spec/api.md §4 "Work"): plain functions over the
 * committed state and its `state-index` keys (written at commit by work-index.ts), returning the JSON
 * shapes of src/wire/work.ts. Each job is the JSON of GET /v1/contracts/<job> (contracts-queries.ts).
 * Each request visits a bounded number of index entries and pages with a cursor; nothing is written.
 * Synchronous start to end, like market-queries.ts: no commit lands between its reads.
 */

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) throw new NodeError('bad_request', `limit: 1 to ${PAGE_LIMIT_MAX}`);
}

function jobJson(node: NodeReader, at: ContractClock, address: string): JobContractJson {
  const view = queryContract(node.store, at, address);
  if (view === undefined || view.type !== 'job') throw new NodeError('internal', `the index names job ${address}, which has no job record`);
  return view;
}

export interface JobSearch {
  mode?: JobMode;
  asset?: string;
}

/**
 * Open jobs still taking applications (state open, block time before applyByMs) matching every
 * criterion, by address, at most `limit`. One index is scanned (mode, else asset, else all) and each
 * job checked against the rest; each request visits at most JOBS_SCAN_MAX entries, so a page may be
 * short with a `next`.
 */
export function searchJobs(node: NodeReader, at: ContractClock, search: JobSearch, limit: number, after?: string): JobsResponse {
  checkLimit(limit);
  if (after !== undefined) checkAddress(after);
  if (search.asset !== undefined) checkSymbol(search.asset);
  const prefix = search.mode !== undefined ? `j/o/m/${search.mode}/` : search.asset !== undefined ? `j/o/a/${search.asset}/` : 'j/o/all/';
  const page = indexPage(node.store, prefix, after, JOBS_SCAN_MAX, limit, (address) => {
    const job = jobJson(node, at, address);
    return job.now.applyOpen && (search.asset === undefined || job.asset === search.asset) ? job : undefined;
  });
  return { jobs: page.items, next: page.next, at };
}

/** Which index lists an address's jobs in each role (work-index.ts). */
const ROLE_PREFIX: { readonly [role in AccountJobRole]: string } = { client: 'c', worker: 'w', arbiter: 'a' };

/**
 * Jobs of `address` as client (the `j/c/` index: newest first, every state), as worker (the `j/w/`
 * index: every job it applied to, by job address) or as arbiter (the `j/a/` index: every job naming it
 * among its arbiters, by job address), at most `limit`.
 */
export function queryAccountJobs(node: NodeReader, at: ContractClock, address: string, role: AccountJobRole, limit: number, after?: string): AccountJobsResponse {
  checkAddress(address);
  checkLimit(limit);
  const cursorPattern = role === 'client' ? /^[0-9]{12}\/agora1[0-9a-z]{1,84}$/ : /^agora1[0-9a-z]{1,84}$/;
  if (after !== undefined && !cursorPattern.test(after)) throw new NodeError('bad_request', 'after: the `next` of the previous page');
  const prefix = `j/${ROLE_PREFIX[role]}/${address}/`;
  const keys = node.store.scanIndex(prefix, limit + 1, after, role === 'client');
  const jobs = keys.slice(0, limit).map((key) => jobJson(node, at, key.slice(key.lastIndexOf('/') + 1)));
  const next = keys.length > limit ? keys[limit - 1].slice(prefix.length) : null;
  return { address, role, jobs, next, at };
}
