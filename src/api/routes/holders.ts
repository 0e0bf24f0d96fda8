import type { FastifyInstance } from 'fastify';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { queryAssetHolders } from '../../node/holders-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/** GET /v1/assets/:symbol/holders: the addresses holding an asset, in address order, paginated. */
export function registerHolderRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.holders, async (request) => {
    const { symbol } = request.params;
    const { limit, after } = request.query;
    return queryAssetHolders(context.node, symbol, limit ?? PAGE_LIMIT_DEFAULT, after);
  });
}
