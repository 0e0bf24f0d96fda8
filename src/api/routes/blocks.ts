import type { FastifyInstance } from 'fastify';
import { NodeError } from '../../node/errors.ts';
import { queryBlock, queryBlockEvidence } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/** GET /v1/blocks/:height and GET /v1/blocks/:height/evidence (a number ≥ 1, or `latest`). */
export function registerBlockRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.block, async (request) => {
    const { height } = request.params;
    const block = queryBlock(context.node, height === 'latest' ? 'latest' : Number(height));
    if (block === undefined) throw new NodeError('not_found', height === 'latest' ? 'no block is committed yet' : `no block at height ${height}`);
    return block;
  });
  addRoute(app, ROUTES.blockEvidence, async (request) => queryBlockEvidence(context.node, request.params.height === 'latest' ? 'latest' : Number(request.params.height)));
}
