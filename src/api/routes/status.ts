import type { FastifyInstance } from 'fastify';
import { queryGenesis, queryParams, queryPendingEvidence, queryStatus, queryValidators } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';

/** GET /v1/status, GET /v1/params, GET /v1/genesis, GET /v1/validators, GET /v1/evidence and GET /v1/evidence/pending. */
export function registerStatusRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.status, async () => queryStatus(context.node, context.facts));
  addRoute(app, ROUTES.params, async () => queryParams(context.node));
  addRoute(app, ROUTES.genesis, async () => queryGenesis(context.node));
  addRoute(app, ROUTES.validators, async (request) => queryValidators(context.node, request.query.height === undefined ? undefined : Number(request.query.height)));
  addRoute(app, ROUTES.evidence, async () => ({ evidence: context.node.store.listEvidence(1_000) }));
  addRoute(app, ROUTES.pendingEvidence, async () => queryPendingEvidence(context.node));
}
