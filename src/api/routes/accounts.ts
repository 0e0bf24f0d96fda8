import type { FastifyInstance } from 'fastify';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { queryAccount, queryAccountTxs } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/** GET /v1/accounts/:address and GET /v1/accounts/:address/txs. */
export function registerAccountRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.account, async (request) => {
    const { address } = request.params;
    return queryAccount(context.node, address);
  });
  addRoute(app, ROUTES.accountTxs, async (request) => {
    const { address } = request.params;
    const { limit, before } = request.query;
    return queryAccountTxs(context.node, address, limit ?? PAGE_LIMIT_DEFAULT, before);
  });
}
