import type { FastifyInstance } from 'fastify';
import { NodeError } from '../../node/errors.ts';
import { queryBlock } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * GET /v1/blocks/:height and GET /v1/blocks/:height/evidence (a number ≥ 1, or `latest`). The evidence
 * document, which reads up to REPORT_BLOCKS_MAX hand-over blocks, is built on the node's read thread
 * from one snapshot (the query interface's `evidenceDocument`): 429 `too_many_reads` when
 * THREAD_READS_MAX are being built.
 */
export function registerBlockRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.block, async (request) => {
    const { height } = request.params;
    const block = queryBlock(context.node, height === 'latest' ? 'latest' : Number(height));
    if (block === undefined) throw new NodeError('not_found', height === 'latest' ? 'no block is committed yet' : `no block at height ${height}`);
    return block;
  });
  addRoute(app, ROUTES.blockEvidence, async (request) => context.node.evidenceDocument(request.params.height === 'latest' ? 'latest' : Number(request.params.height)));
}
