import type { FastifyInstance } from 'fastify';
import { NodeError } from '../../node/errors.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { queryAsset, queryAssets } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/** GET /v1/assets/:symbol and GET /v1/assets (paginated by symbol). */
export function registerAssetRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.asset, async (request) => {
    const { symbol } = request.params;
    const asset = queryAsset(context.node, symbol);
    if (asset === undefined) throw new NodeError('not_found', `no asset ${symbol}`);
    return asset;
  });
  addRoute(app, ROUTES.assets, async (request) => {
    const { limit, after } = request.query;
    return queryAssets(context.node, limit ?? PAGE_LIMIT_DEFAULT, after);
  });
}
