import type { FastifyInstance } from 'fastify';
import { queryItem } from '../../node/records-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';
import { sendMissing } from './items.ts';

/**
 * GET /v1/items/:id/report (spec/provenance.md): the item's provenance report, sent as its canonical
 * text so that a client may save the body as it is and verify it offline. The node builds it on its
 * report thread (src/node/reports.ts), never on this one: 400 `report_too_large`
 * past its bounds, 429 `too_many_reports` when REPORT_REQUESTS_MAX are being built.
 */
export function registerProvenanceRoutes(app: FastifyInstance, context: ApiContext): void {
  const { node } = context;
  addRoute(app, ROUTES.itemReport, async (request, reply) => {
    const { id } = request.params;
    if (queryItem(node.store, id) === undefined) return sendMissing(reply, 'unknown_item', `no item ${id}`);
    const text = await node.itemReport(id);
    return reply.type('application/json; charset=utf-8').send(Buffer.from(text.buffer, text.byteOffset, text.byteLength));
  });
}
