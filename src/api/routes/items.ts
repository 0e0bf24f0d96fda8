import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ItemHistoryResponse, ItemLineageResponse, ItemResponse, ItemsResponse, LineageDirection, RegistryResponse } from '../../wire/types.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { queryItem, queryItemHistory, queryItemLineage, queryItemsByOwner, queryItemsByRegistry, queryRegistry } from '../../node/records-queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * The records routes (spec/api.md §4 "Records"): an item, its history, its lineage, items by owner,
 * a registry and its items, over the committed state with src/node/records-queries.ts. addRoute checks
 * at compile time that each answer is the route's shape in the wire contract (src/wire/records.ts).
 */
export function registerItemRoutes(app: FastifyInstance, context: ApiContext): void {
  const store = context.node.store;

  addRoute(app, ROUTES.item, async (request, reply) => {
    const { id } = request.params;
    const item: ItemResponse | undefined = queryItem(store, id);
    return item ?? unknownItem(reply, id);
  });

  addRoute(app, ROUTES.itemHistory, async (request, reply) => {
    const { id } = request.params;
    const { from, limit } = request.query;
    // Items are never deleted (spec/ledger.md §7.4), so one that exists now still does below.
    if (queryItem(store, id) === undefined) return unknownItem(reply, id);
    const history: ItemHistoryResponse = queryItemHistory(store, id, limit ?? PAGE_LIMIT_DEFAULT, from ?? 0);
    return history;
  });

  addRoute(app, ROUTES.itemLineage, async (request, reply) => {
    const { id } = request.params;
    const { direction } = request.query;
    if (queryItem(store, id) === undefined) return unknownItem(reply, id);
    const lineage: ItemLineageResponse = queryItemLineage(store, id, direction ?? 'ancestors');
    return lineage;
  });

  addRoute(app, ROUTES.accountItems, async (request) => {
    const { address } = request.params;
    const { limit, after } = request.query;
    const items: ItemsResponse = queryItemsByOwner(store, address, limit ?? PAGE_LIMIT_DEFAULT, after);
    return items;
  });

  addRoute(app, ROUTES.registry, async (request, reply) => {
    const { name } = request.params;
    const registry: RegistryResponse | undefined = queryRegistry(store, name);
    return registry ?? unknownRegistry(reply, name);
  });

  addRoute(app, ROUTES.registryItems, async (request, reply) => {
    const { name } = request.params;
    const { limit, after } = request.query;
    // Registries are never deleted either.
    if (queryRegistry(store, name) === undefined) return unknownRegistry(reply, name);
    const items: ItemsResponse = queryItemsByRegistry(store, name, limit ?? PAGE_LIMIT_DEFAULT, after);
    return items;
  });
}

/**
 * A 404 with a records code. On a read route the item or registry is the resource that is missing,
 * hence 404; at admission the same codes refuse a tx and are 400 (statusOfCode), so the status is set
 * here rather than in errors.ts. Exported for other item routes (`/v1/items/:id/…`).
 */
export function sendMissing(reply: FastifyReply, code: 'unknown_item' | 'unknown_registry', message: string): FastifyReply {
  return reply.code(404).send(errorReply(code, message).body);
}

function unknownItem(reply: FastifyReply, id: string): FastifyReply {
  return sendMissing(reply, 'unknown_item', `no item ${id}`);
}

function unknownRegistry(reply: FastifyReply, name: string): FastifyReply {
  return sendMissing(reply, 'unknown_registry', `no registry ${name}`);
}
