import { PATHS } from './paths.ts';
import { ADDRESS, pageLimit } from './common.ts';
import { CONTRACT_CLOCK, JOB } from './contracts.ts';
import { JOBS_SCAN_MAX } from './limits.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, describe, enumOf, nullable, object, string, type Static } from './schema.ts';

/**
 * The work module's read routes (spec/api.md §4 "Work", spec/work.md): the open jobs (a jobs board),
 * and an address's jobs as client, as worker or as arbiter. A job itself is GET /v1/contracts/<job> (its shape
 * JOB is in contracts.ts). Each is read from the committed state and its `state-index` keys
 * (src/node/work-index.ts), bounded and paged. Addresses are only bounded here, so that a malformed
 * one gets `bad_address` from the query.
 */

// ---- request parts ------------------------------------------------------------------------------

export const JOBS_QUERY = object(
  {
    mode: enumOf(['single', 'contest', 'team']),
    asset: string('the job asset (else `bad_symbol`)', { minLength: 1, maxLength: 16 }),
    limit: pageLimit('jobs per page'),
    after: string('cursor: the `next` of the previous page (a job address)', { minLength: 1, maxLength: 90 }),
  },
  ['mode', 'asset', 'limit', 'after'],
);
export const ACCOUNT_JOBS_PARAMS = object({ address: describe(ADDRESS, 'bech32m agora1… (else `bad_address`)') });
export const ACCOUNT_JOBS_QUERY = object(
  {
    role: enumOf(['client', 'worker', 'arbiter'], 'jobs the address posted (client, the default), applied to (worker) or is offered as an arbiter by (arbiter)'),
    limit: pageLimit('jobs per page'),
    after: string('cursor: the `next` of the previous page', { minLength: 1, maxLength: 110 }),
  },
  ['role', 'limit', 'after'],
);

// ---- answers ------------------------------------------------------------------------------------

export const JOBS = object({
  jobs: array(JOB, { description: 'open jobs taking applications (state open, before applyByMs) matching every criterion, by address' }),
  next: nullable(string(`cursor for \`after\`: each request visits at most ${JOBS_SCAN_MAX} index entries, so a page may hold fewer than \`limit\` with a non-null \`next\``)),
  at: CONTRACT_CLOCK,
});

export const ACCOUNT_JOBS = object({
  address: string(),
  role: enumOf(['client', 'worker', 'arbiter']),
  jobs: array(JOB, { description: 'client: newest first, every state; worker: every job the address applied to (its application is among `applicants`), by job address; arbiter: every job naming the address among its `arbiters`, by job address (the escrow names the one an assignment chose)' }),
  next: nullable(string('cursor for `after`')),
  at: CONTRACT_CLOCK,
});

export type JobsResponse = Static<typeof JOBS>;
export type AccountJobsResponse = Static<typeof ACCOUNT_JOBS>;
export type AccountJobRole = AccountJobsResponse['role'];

// ---- routes -------------------------------------------------------------------------------------

export const WORK_ROUTES = {
  jobs: {
    ...PATHS.jobs,
    operationId: 'searchJobs',
    summary: `the open jobs taking applications, by mode and asset; paged by \`after\`, each request visiting at most ${JOBS_SCAN_MAX} index entries`,
    tag: 'work',
    query: JOBS_QUERY,
    responses: {
      200: { description: 'a page (it may hold fewer jobs than `limit`, even none, with a non-null `next`)', schema: JOBS },
      400: errorResponse('`bad_request`, `bad_address` or `bad_symbol`'),
    },
  },
  accountJobs: {
    ...PATHS.accountJobs,
    operationId: 'getAccountJobs',
    summary: 'jobs of an address as client (posted, newest first), as worker (applied to) or as arbiter (offered by the job), each with its milestones and applicants',
    tag: 'work',
    params: ACCOUNT_JOBS_PARAMS,
    query: ACCOUNT_JOBS_QUERY,
    responses: { 200: { description: 'a page', schema: ACCOUNT_JOBS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
} satisfies { [name: string]: RouteSpec };
