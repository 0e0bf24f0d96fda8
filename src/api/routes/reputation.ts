import type { FastifyInstance } from 'fastify';
import { queryReputation } from '../../node/reputation-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * GET /v1/accounts/:address/reputation, …/reviews and …/reputation/report (spec/reputation.md). The
 * report is sent as its canonical text, so that a client may save the body as it is and verify it
 * offline. The node builds it on its read thread from one snapshot of the last committed state, never
 * on this one, and keeps it by (address, height) (src/node/reports.ts): at most
 * REPUTATION_REPORT_REVIEWS_MAX reviews (400 `report_too_large` past that), 429 `too_many_reports`
 * when REPORT_REQUESTS_MAX reputation reports are being built. The reviews (up to 2,000 records) are
 * read on the read thread too, from one snapshot, at its height: 429 `too_many_reads` when
 * THREAD_READS_MAX review lists are being read.
 */
export function registerReputationRoutes(app: FastifyInstance, context: ApiContext): void {
  const { node } = context;
  addRoute(app, ROUTES.accountReputation, async (request) => queryReputation(node.store, request.params.address, node.chain.height));
  addRoute(app, ROUTES.accountReviews, async (request) => node.reviews(request.params.address));
  addRoute(app, ROUTES.accountReputationReport, async (request, reply) => {
    const text = await node.reputationReportBytes(request.params.address);
    return reply.type('application/json; charset=utf-8').send(Buffer.from(text.buffer, text.byteOffset, text.byteLength));
  });
}
