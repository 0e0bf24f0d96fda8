import type { FastifyInstance, FastifySchema, RouteHandlerMethod } from 'fastify';
import type { NodeEvents } from '../node/events.ts';
import type { ClientAdmit } from '../node/ingress.ts';
import type { NodeFacts } from '../node/queries.ts';
import type { NodeReader } from '../node/reader.ts';
import type { EventHub } from './event-hub.ts';
import type { ApiMetrics } from './metrics.ts';
import type { RouteSpec } from './route-specs.ts';
import { object } from './schemas.ts';

/**
 * What the API is given of the node (DESIGN.md §Layers): the read-only query interface, the admission
 * function and the event stream, nothing else (test/architecture/dependencies.test.ts holds it to that).
 */
export interface ApiNode {
  readonly reader: NodeReader;
  readonly admit: ClientAdmit;
  readonly events: Pick<NodeEvents, 'on' | 'off'>;
}

/** What route handlers may use: the node's query interface and admission, and the server's own parts. */
export interface ApiContext {
  /** The node's read-only query interface (src/node/reader.ts). */
  readonly node: NodeReader;
  /** The admission function (src/node/ingress.ts): refusals come back as values. */
  readonly admit: ClientAdmit;
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
