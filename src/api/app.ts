import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { EVENT_SUBSCRIBERS_MAX, HTTP_BODY_BYTES_MAX } from '../node/limits.ts';
import type { ApiContext, ApiNode } from './context.ts';
import { errorReply, toErrorReply } from './errors.ts';
import { EventHub } from './event-hub.ts';
import { ApiMetrics } from './metrics.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import { registerBlockRoutes } from './routes/blocks.ts';
import { registerContractRoutes } from './routes/contracts.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHolderRoutes } from './routes/holders.ts';
import { registerHomeRoutes } from './routes/home.ts';
import { registerItemRoutes } from './routes/items.ts';
import { registerMarketRoutes } from './routes/market.ts';
// organisations (spec/org.md)
import { registerOrgRoutes } from './routes/org.ts';
import { registerProvenanceRoutes } from './routes/provenance.ts';
// reputation (spec/reputation.md)
import { registerReputationRoutes } from './routes/reputation.ts';
import { registerMetaRoutes } from './routes/meta.ts';
import { registerStaticRoutes } from './routes/static.ts';
import { registerStatusRoutes } from './routes/status.ts';
import { registerTxRoutes } from './routes/txs.ts';
// work on demand (spec/work.md)
import { registerWorkRoutes } from './routes/work.ts';

export interface ApiOptions {
  /** host:port to bind; port 0 picks a free port. */
  listen: string;
  log: Logger;
  /** This node's validator address, shown by /v1/status; null or absent when it does not validate. */
  validator?: string | null;
  /** Defaults to EVENT_SUBSCRIBERS_MAX; tests lower it. */
  eventSubscribersMax?: number;
  /**
   * Sees every answer before it is sent (not the SSE stream, which is written to the socket). The
   * tests check each one against its route's schema in the wire contract (test/api/response-check.ts).
   */
  observeResponse?: (response: ObservedResponse) => void;
}

/** An answer as it leaves: which route (its pattern, undefined when none matched), status and body. */
export interface ObservedResponse {
  method: string;
  route: string | undefined;
  status: number;
  contentType: string | undefined;
  /** The serialized body: a string or Buffer; null or undefined when there is none. */
  payload: unknown;
}

const REGISTRATIONS = [
  registerHomeRoutes,
  registerStatusRoutes,
  registerTxRoutes,
  registerBlockRoutes,
  registerAccountRoutes,
  registerAssetRoutes,
  registerEventRoutes,
  registerMetaRoutes,
  registerHolderRoutes,
  registerItemRoutes,
  registerProvenanceRoutes,
  registerContractRoutes,
  // reputation (spec/reputation.md)
  registerReputationRoutes,
  registerMarketRoutes,
  // organisations (spec/org.md)
  registerOrgRoutes,
  // work on demand (spec/work.md)
  registerWorkRoutes,
  registerStaticRoutes,
];

const BAD_URL = JSON.stringify({ error: { code: 'bad_request', message: 'malformed URL' } });
const MALFORMED_HTTP = JSON.stringify({ error: { code: 'bad_request', message: 'malformed HTTP request' } });

/** The fastify app of the API (spec/api.md), not yet listening. */
export function buildApi(node: ApiNode, options: ApiOptions): FastifyInstance {
  const app = Fastify({
    // Typed as fastify's base logger so routes take a plain FastifyInstance.
    loggerInstance: options.log.child({ module: 'api' }) as FastifyBaseLogger,
    // Request lines are logged at debug by the onResponse hook below, without bodies.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: HTTP_BODY_BYTES_MAX,
    // Refuse unknown fields instead of dropping them silently (fastify's default drops them).
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // A URL that does not decode, or a path parameter over maxParamLength.
    frameworkErrors: (_error, _request, reply) => {
      reply.raw.writeHead(400, { 'content-type': 'application/json', 'content-length': BAD_URL.length }).end(BAD_URL);
    },
    clientErrorHandler: (_error, socket) => {
      if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${MALFORMED_HTTP.length}\r\nconnection: close\r\n\r\n${MALFORMED_HTTP}`);
    },
  });
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  const hub = new EventHub(node, options.eventSubscribersMax ?? EVENT_SUBSCRIBERS_MAX);
  const metrics = new ApiMetrics(node, () => hub.size);
  let closingNow = false;
  let signalClosing: () => void = () => {};
  const closing = new Promise<void>((resolve) => (signalClosing = resolve));
  const context: ApiContext = { node: node.reader, admit: node.admit, facts: { version: packageVersion(), validator: options.validator ?? null }, metrics, hub, closing };

  app.addHook('onRequest', async (_request, reply) => {
    if (closingNow) return reply.code(503).send(errorReply('shutting_down', 'the node is stopping').body);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    request.log.debug({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  const observe = options.observeResponse;
  if (observe !== undefined) {
    app.addHook('onSend', async (request, reply, payload) => {
      const contentType = reply.getHeader('content-type');
      observe({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, payload });
      return payload;
    });
  }
  app.addHook('preClose', async () => {
    closingNow = true;
    signalClosing();
    hub.close();
  });
  app.addHook('onClose', async () => metrics.close());
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorReply(error);
    // Only server faults are logged with the error itself: a client error's message may quote input.
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: body.error.code, status }, 'request refused');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorReply('not_found', 'no such route').body));
  for (const register of REGISTRATIONS) register(app, context);
  return app;
}

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}
