import type { FastifyInstance } from 'fastify';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { queryAccount, queryAccountTxs } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../route-specs.ts';

/** GET /v1/accounts/:address and GET /v1/accounts/:address/txs. */
export function registerAccountRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.account, async (request) => {
    const { address } = request.params as { address: string };
    return queryAccount(context.node, address);
  });
  addRoute(app, ROUTES.accountTxs, async (request) => {
    const { address } = request.params as { address: string };
    const { limit, before } = request.query as { limit?: number; before?: string };
    return queryAccountTxs(context.node, address, limit ?? PAGE_LIMIT_DEFAULT, before);
  });
}
