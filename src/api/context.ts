import type { FastifyInstance, FastifySchema, RouteHandlerMethod } from 'fastify';
import type { AgoraNode } from '../node/node.ts';
import type { NodeFacts } from '../node/queries.ts';
import type { EventHub } from './event-hub.ts';
import type { ApiMetrics } from './metrics.ts';
import type { RouteSpec } from './route-specs.ts';
import { object } from './schemas.ts';

/** What route handlers may use: the node's query side and the server's own parts. */
export interface ApiContext {
  readonly node: AgoraNode;
  readonly facts: NodeFacts;
  readonly metrics: ApiMetrics;
  readonly hub: EventHub;
  /** Resolves when the server starts closing: long waits answer at once. */
  readonly closing: Promise<void>;
}

/** A route without query parameters refuses any. */
const NO_QUERY = object({});

/** Registers `spec` (route-specs.ts) with its request schemas, so fastify validates every request. */
export function addRoute(app: FastifyInstance, spec: RouteSpec, handler: RouteHandlerMethod): void {
  const schema: FastifySchema = { querystring: spec.querystring ?? NO_QUERY };
  if (spec.params !== undefined) schema.params = spec.params;
  if (spec.body !== undefined) schema.body = spec.body;
  app.route({ method: spec.method, url: spec.url, schema, handler });
}
