import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { NodeEvents } from '../node/events.ts';
import type { ClientAdmit } from '../node/ingress.ts';
import type { NodeFacts } from '../node/queries.ts';
import type { NodeReader } from '../node/reader.ts';
import { NO_QUERY, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf, type RouteSpec } from '../wire/route.ts';
import type { EventHub } from './event-hub.ts';
import type { ApiMetrics } from './metrics.ts';

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

/** A request to `R`, its parts typed by the schemas fastify validated them with. */
export type RouteRequest<R extends RouteSpec> = FastifyRequest<{ Params: ParamsOf<R>; Querystring: QueryOf<R>; Body: BodyOf<R> }>;

/**
 * A handler of `R`: it answers the route's success shape (checked at compile time against the wire
 * contract), or a reply it has sent itself (an error, a file, a stream).
 */
export type RouteHandler<R extends RouteSpec> = (request: RouteRequest<R>, reply: FastifyReply) => Promise<ResponseOf<R> | FastifyReply>;

/** Registers `route` (src/wire/routes.ts) with its request schemas, so fastify validates every request. */
export function addRoute<R extends RouteSpec>(app: FastifyInstance, route: R, handler: RouteHandler<R>): void {
  const schema: FastifySchema = { querystring: route.query ?? NO_QUERY };
  if (route.params !== undefined) schema.params = route.params;
  if (route.body !== undefined) schema.body = route.body;
  app.route<{ Params: ParamsOf<R>; Querystring: QueryOf<R>; Body: BodyOf<R> }>({ method: route.method, url: route.path, schema, handler });
}
