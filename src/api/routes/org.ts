import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContractClock } from '../../wire/types.ts';
import { queryAccountOrgs, queryOrg, queryOrgContribution, queryOrgContributions, queryOrgHolder, queryOrgMembers, queryOrgMotion, queryOrgMotions } from '../../node/org-queries.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * The organisations' read routes (spec/api.md §4 "Organisations"): an org, its members, contributions
 * and motions, one contribution or motion, and an address's memberships, over the committed state with
 * src/node/org-queries.ts. "Now" is the latest committed block's time, named in `at`. Each answer is
 * the route's shape in src/wire/org.ts.
 */
export function registerOrgRoutes(app: FastifyInstance, context: ApiContext): void {
  const node = context.node;
  const clock = (): ContractClock => ({ height: node.chain.height, timeMs: node.chain.lastTimeMs });

  addRoute(app, ROUTES.org, async (request, reply) => {
    const { address } = request.params;
    return queryOrg(node.store, clock(), address) ?? missing(reply, 'unknown_org', `no organisation at ${address}`);
  });

  addRoute(app, ROUTES.orgMembers, async (request, reply) => {
    const { address } = request.params;
    const { limit, after } = request.query;
    return queryOrgMembers(node.store, clock(), address, limit ?? PAGE_LIMIT_DEFAULT, after) ?? missing(reply, 'unknown_org', `no organisation at ${address}`);
  });

  addRoute(app, ROUTES.orgContributions, async (request, reply) => {
    const { address } = request.params;
    const { status, limit, after } = request.query;
    return queryOrgContributions(node.store, clock(), address, status, limit ?? PAGE_LIMIT_DEFAULT, after) ?? missing(reply, 'unknown_org', `no organisation at ${address}`);
  });

  addRoute(app, ROUTES.orgMotions, async (request, reply) => {
    const { address } = request.params;
    const { status, limit, after } = request.query;
    return queryOrgMotions(node.store, clock(), address, status, limit ?? PAGE_LIMIT_DEFAULT, after) ?? missing(reply, 'unknown_org', `no organisation at ${address}`);
  });

  addRoute(app, ROUTES.orgContribution, async (request, reply) => {
    const { address, id } = request.params;
    const found = queryOrgContribution(node.store, clock(), address, id);
    return 'missing' in found ? missing(reply, found.missing, found.missing === 'unknown_org' ? `no organisation at ${address}` : `no contribution ${id} in ${address}`) : found;
  });

  addRoute(app, ROUTES.orgMotion, async (request, reply) => {
    const { address, id } = request.params;
    const found = queryOrgMotion(node.store, clock(), address, id);
    return 'missing' in found ? missing(reply, found.missing, found.missing === 'unknown_org' ? `no organisation at ${address}` : `no motion ${id} in ${address}`) : found;
  });

  addRoute(app, ROUTES.orgHolder, async (request, reply) => {
    const { address, holder } = request.params;
    return queryOrgHolder(node.store, clock(), address, holder) ?? missing(reply, 'unknown_org', `no organisation at ${address}`);
  });

  addRoute(app, ROUTES.accountOrgs, async (request) => {
    const { limit, after } = request.query;
    return queryAccountOrgs(node.store, clock(), request.params.address, limit ?? PAGE_LIMIT_DEFAULT, after);
  });
}

/** A 404: on a read route the org, contribution or motion is the missing resource. */
function missing(reply: FastifyReply, code: 'unknown_org' | 'unknown_contribution' | 'unknown_motion', message: string): FastifyReply {
  return reply.code(404).send(errorReply(code, message).body);
}
