import type { FastifyInstance } from 'fastify';
import { queryReputation, queryReviews } from '../../node/reputation-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * GET /v1/accounts/:address/reputation, …/reviews and …/reputation/report (spec/reputation.md). The
 * report is sent as its canonical text, so that a client may save the body as it is and verify it
 * offline; it is read in one synchronous run from the last committed state, at most
 * REPUTATION_REPORT_REVIEWS_MAX reviews (400 `report_too_large` past that).
 */
export function registerReputationRoutes(app: FastifyInstance, context: ApiContext): void {
  const { node } = context;
  addRoute(app, ROUTES.accountReputation, async (request) => queryReputation(node.store, request.params.address, node.chain.height));
  addRoute(app, ROUTES.accountReviews, async (request) => queryReviews(node.store, request.params.address, node.chain.height));
  addRoute(app, ROUTES.accountReputationReport, async (request, reply) => {
    const text = node.reputationReport(request.params.address);
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
