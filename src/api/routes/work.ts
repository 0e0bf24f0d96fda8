import type { FastifyInstance } from 'fastify';
import type { AccountJobsResponse, ContractClock, JobsResponse } from '../../wire/types.ts';
import { queryAccountJobs, searchJobs } from '../../node/work-queries.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * The work module's read routes (spec/api.md §4 "Work"): the open jobs and an address's jobs as client,
 * worker or arbiter, over the committed state and its indexes with src/node/work-queries.ts. A job itself is
 * GET /v1/contracts/<job> (routes/contracts.ts). "Now" is the latest committed block's time, named in
 * `at`. Each answer is the route's shape in src/wire/work.ts.
 */
export function registerWorkRoutes(app: FastifyInstance, context: ApiContext): void {
  const node = context.node;
  const clock = (): ContractClock => ({ height: node.chain.height, timeMs: node.chain.lastTimeMs });

  addRoute(app, ROUTES.jobs, async (request) => {
    const { limit, after, ...search } = request.query;
    const page: JobsResponse = searchJobs(node, clock(), search, limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });

  addRoute(app, ROUTES.accountJobs, async (request) => {
    const { role, limit, after } = request.query;
    const page: AccountJobsResponse = queryAccountJobs(node, clock(), request.params.address, role ?? 'client', limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });
}
