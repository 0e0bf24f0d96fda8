import type { FastifyInstance } from 'fastify';
import { addRoute, type ApiContext } from '../context.ts';
import { buildOpenApi } from '../openapi.ts';
import { ROUTES } from '../../wire/routes.ts';
import type { OpenApiDocument } from '../../wire/types.ts';

/** GET /metrics (Prometheus) and GET /v1/openapi.json. */
export function registerMetaRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.metrics, async (_request, reply) => {
    const text = await context.metrics.render();
    return reply.type(context.metrics.registry.contentType).send(text);
  });
  let document: OpenApiDocument | undefined;
  addRoute(app, ROUTES.openapi, async () => {
    document ??= buildOpenApi(context.facts.version);
    return document;
  });
}
