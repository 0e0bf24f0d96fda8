import type { FastifyInstance } from 'fastify';
import { checkAddress } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';
import { SseStream } from '../sse.ts';

/** GET /v1/events: the live stream of blocks and committed txs as Server-Sent Events. */
export function registerEventRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.events, async (request, reply) => {
    const { address } = request.query;
    if (address !== undefined) checkAddress(address);
    const stream = new SseStream(reply.raw, address);
    // Subscribing first lets a full hub refuse with a normal 429 reply before the stream starts.
    const unsubscribe = context.hub.subscribe(stream);
    reply.hijack();
    stream.open(unsubscribe);
    request.log.debug({ subscribers: context.hub.size, filtered: address !== undefined }, 'event stream opened');
    return reply;
  });
}
