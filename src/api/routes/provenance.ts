import type { FastifyInstance } from 'fastify';
import { serializeReport } from '../../client/provenance/report.ts';
import { buildProvenanceReport } from '../../node/provenance.ts';
import { queryItem } from '../../node/records-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';
import { sendMissing } from './items.ts';

/**
 * GET /v1/items/:id/report (spec/provenance.md): the item's provenance report, sent as its canonical
 * text so that a client may save the body as it is and verify it offline.
 */
export function registerProvenanceRoutes(app: FastifyInstance, context: ApiContext): void {
  const { node } = context;
  addRoute(app, ROUTES.itemReport, async (request, reply) => {
    const { id } = request.params;
    if (queryItem(node.store, id) === undefined) return sendMissing(reply, 'unknown_item', `no item ${id}`);
    const report = buildProvenanceReport(node.store, node.chain.genesis.chainId, node.chain.genesis.validators, id);
    return reply.type('application/json; charset=utf-8').send(serializeReport(report));
  });
}
