import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContractClock, CredentialsResponse, ListingsResponse, MarketListingResponse, OrderJson, OrdersResponse } from '../../wire/types.ts';
import { queryAccountCredentials, queryAccountOrders, queryListing, queryOrder } from '../../node/market-queries.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * The market's read routes (spec/api.md §4 "Market"): a listing, search, an address's orders, an
 * arbiter's queue and an address's credentials, over the committed state and its indexes with
 * src/node/market-queries.ts. "Now" is the latest committed block's time, named in `at`. Each answer
 * is the route's shape in src/wire/market.ts. Search and the arbiter's queue, the two that scan, run on
 * the node's read thread (the query interface's `searchListings`, `arbiterDisputes`): 429
 * `too_many_searches` when LISTING_SEARCHES_MAX searches run or wait already, `too_many_reads` when
 * THREAD_READS_MAX queues do.
 */
export function registerMarketRoutes(app: FastifyInstance, context: ApiContext): void {
  const node = context.node;
  const clock = (): ContractClock => ({ height: node.chain.height, timeMs: node.chain.lastTimeMs });

  addRoute(app, ROUTES.listing, async (request, reply) => {
    const { address } = request.params;
    const listing: MarketListingResponse | undefined = queryListing(node, clock(), address);
    return listing ?? missing(reply, 'unknown_listing', `no listing at ${address}`);
  });

  addRoute(app, ROUTES.listings, async (request) => {
    const { limit, after, ...search } = request.query;
    const page: ListingsResponse = await node.searchListings(search, limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });

  addRoute(app, ROUTES.order, async (request, reply) => {
    const { id } = request.params;
    const order: OrderJson | undefined = queryOrder(node, clock(), id);
    return order ?? missing(reply, 'unknown_order', `no order ${id}`);
  });

  addRoute(app, ROUTES.accountOrders, async (request) => {
    const { role, limit, after } = request.query;
    const page: OrdersResponse = queryAccountOrders(node, clock(), request.params.address, role ?? 'buyer', limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });

  addRoute(app, ROUTES.arbiterDisputes, async (request) => {
    const { limit, after } = request.query;
    const page: OrdersResponse = await node.arbiterDisputes(request.params.address, limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });

  addRoute(app, ROUTES.accountCredentials, async (request) => {
    const { limit, after } = request.query;
    const page: CredentialsResponse = queryAccountCredentials(node, clock(), request.params.address, limit ?? PAGE_LIMIT_DEFAULT, after);
    return page;
  });
}

/** A 404: on a read route the listing or order is the missing resource. */
function missing(reply: FastifyReply, code: 'unknown_listing' | 'unknown_order', message: string): FastifyReply {
  return reply.code(404).send(errorReply(code, message).body);
}
