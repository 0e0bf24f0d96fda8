import { isAddress } from '../crypto/address.ts';
import { toHex } from '../crypto/hash.ts';
import { RECORD_NAME_PATTERN } from '../ledger/limits.ts';
import { isItemId } from '../ledger/records/ids.ts';
import { getHistoryEntry, type HistoryEntry } from '../ledger/records/item-log.ts';
import { getItem, ownerIndexKey, registryIndexKey, type Item } from '../ledger/records/item-state.ts';
import { getRegistry } from '../ledger/records/registry-state.ts';
import type { StateReader } from '../ledger/state.ts';
import type { HistoryEntryJson, ItemHistoryResponse, ItemLineageResponse, ItemResponse, ItemsResponse, LineageItemJson, RegistryResponse } from '../client/types.ts';
import { NodeError } from './errors.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { LINEAGE_ITEMS_MAX } from '../wire/limits.ts';

/**
 * The read side of the records module (spec/ledger.md §7.1) as plain functions over the committed
 * state, returning JSON shapes for the HTTP routes, the SDK and the CLI: an item, its history, its
 * lineage, items by owner, items by registry, a registry. Bad input throws NodeError with its code.
 */

/** What these queries read: the state, with prefix scans in key order from a cursor (ChainStore has both). */
export interface RecordsStore extends StateReader {
  scanState(prefix: string, limit: number, after?: string): { key: string; value: Uint8Array }[];
}

/** Items one lineage query visits (ancestors or descendants, breadth first): the bound on its work (src/wire/limits.ts). */
export { LINEAGE_ITEMS_MAX };

// The JSON shapes are the SDK's (src/client/types.ts): one definition for the node and its clients.
export type { HistoryEntryJson, ItemHistoryResponse, ItemLineageResponse, ItemResponse, ItemsResponse, LineageItemJson, RegistryResponse };

export function checkItemId(id: string): string {
  if (!isItemId(id)) throw new NodeError('bad_item_id', 'expected an item1… id');
  return id;
}

function checkRegistryName(name: string): string {
  if (!RECORD_NAME_PATTERN.test(name)) throw new NodeError('bad_name', 'a registry name is 1-32 characters of a-z, 0-9, ".", "-", starting with a letter');
  return name;
}

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) throw new NodeError('bad_request', `limit: 1 to ${PAGE_LIMIT_MAX}`);
  return limit;
}

function itemToJson(item: Item): ItemResponse {
  return {
    id: item.id,
    kind: item.kind,
    owner: item.owner,
    status: item.status,
    registry: item.registry ?? null,
    custodian: item.custodian ?? null,
    metadata: item.metadata ?? null,
    documents: (item.documents ?? []).map(toHex),
    parents: item.parents ?? [],
    children: item.children ?? [],
    lock: item.lock === undefined ? null : { asset: item.lock.asset, shares: item.lock.shares.toString() },
    createdAt: item.createdAt,
    events: item.events,
  };
}

export function historyEntryToJson(entry: HistoryEntry): HistoryEntryJson {
  const json: HistoryEntryJson = { seq: entry.seq, action: entry.action, signer: entry.signer, nonce: entry.nonce.toString(), height: entry.height, timeMs: entry.timeMs };
  for (const field of ['type', 'data', 'custodian', 'from', 'to', 'asset', 'reason', 'contract', 'user'] as const) {
    const value = entry[field];
    if (value !== undefined) json[field] = value;
  }
  for (const field of ['booking', 'startMs', 'endMs'] as const) {
    const value = entry[field];
    if (value !== undefined) json[field] = value;
  }
  if (entry.documents !== undefined) json.documents = entry.documents.map(toHex);
  if (entry.payment !== undefined) json.payment = { asset: entry.payment.asset, amount: entry.payment.amount.toString() };
  if (entry.items !== undefined) json.items = [...entry.items];
  if (entry.shares !== undefined) json.shares = entry.shares.toString();
  return json;
}

export function queryItem(store: RecordsStore, id: string): ItemResponse | undefined {
  const item = getItem(store, checkItemId(id));
  return item === undefined ? undefined : itemToJson(item);
}

function requireItem(store: RecordsStore, id: string): Item {
  const item = getItem(store, checkItemId(id));
  if (item === undefined) throw new NodeError('not_found', `no item ${id}`);
  return item;
}

/**
 * An item's history from entry `from` (default 0), oldest first, at most `limit` entries. Entries are
 * numbered 0 … events − 1 with no gap (spec/ledger.md §7.4), so a page is `limit` reads, no scan.
 */
export function queryItemHistory(store: RecordsStore, id: string, limit: number, from = 0): ItemHistoryResponse {
  const item = requireItem(store, id);
  checkLimit(limit);
  if (!Number.isSafeInteger(from) || from < 0) throw new NodeError('bad_request', 'from: a history sequence number, 0 or more');
  const end = Math.min(item.events, from + limit);
  const entries: HistoryEntryJson[] = [];
  for (let seq = from; seq < end; seq++) {
    const entry = getHistoryEntry(store, item.id, seq);
    if (entry === undefined) throw new NodeError('internal', `history entry ${seq} of ${item.id} is missing`);
    entries.push(historyEntryToJson(entry));
  }
  return { item: item.id, entries, next: end < item.events ? end : null };
}

/**
 * An item's ancestors (through `parents`) or descendants (through `children`), breadth first, each
 * once, at most LINEAGE_ITEMS_MAX of them: one read per item. A bag's ancestors reach every lot it
 * came from.
 */
export function queryItemLineage(store: RecordsStore, id: string, direction: 'ancestors' | 'descendants'): ItemLineageResponse {
  const root = requireItem(store, id);
  const linksOf = (item: Item): string[] => (direction === 'ancestors' ? item.parents : item.children) ?? [];
  const seen = new Set([root.id]);
  const items: LineageItemJson[] = [];
  let frontier: Item[] = [root];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: Item[] = [];
    for (const id of frontier.flatMap(linksOf)) {
      if (seen.has(id)) continue;
      if (items.length === LINEAGE_ITEMS_MAX) return { item: root.id, direction, items, truncated: true };
      seen.add(id);
      const item = getItem(store, id);
      if (item === undefined) throw new NodeError('internal', `lineage names ${id}, which does not exist`);
      items.push({ id, kind: item.kind, owner: item.owner, status: item.status, depth, links: linksOf(item) });
      next.push(item);
    }
    frontier = next;
  }
  return { item: root.id, direction, items, truncated: false };
}

/** The items whose owner is `address` (any status: a retired item keeps its last owner), by id. */
export function queryItemsByOwner(store: RecordsStore, address: string, limit: number, after?: string): ItemsResponse {
  if (!isAddress(address)) throw new NodeError('bad_address', 'expected a lower-case bech32m agora1… address');
  return itemsUnder(store, ownerIndexKey(address, ''), limit, after);
}

/** The items of registry `name` (any status), by id. */
export function queryItemsByRegistry(store: RecordsStore, name: string, limit: number, after?: string): ItemsResponse {
  if (getRegistry(store, checkRegistryName(name)) === undefined) throw new NodeError('not_found', `no registry ${name}`);
  return itemsUnder(store, registryIndexKey(name, ''), limit, after);
}

function itemsUnder(store: RecordsStore, indexPrefix: string, limit: number, after?: string): ItemsResponse {
  checkLimit(limit);
  if (after !== undefined) checkItemId(after);
  const entries = store.scanState(indexPrefix, limit + 1, after);
  const items = entries.slice(0, limit).map(({ key }) => {
    const item = getItem(store, key.slice(indexPrefix.length));
    if (item === undefined) throw new NodeError('internal', `index entry ${key} names no item`);
    return itemToJson(item);
  });
  const last = items.at(-1);
  return { items, next: entries.length > limit && last !== undefined ? last.id : null };
}

export function queryRegistry(store: RecordsStore, name: string): RegistryResponse | undefined {
  const registry = getRegistry(store, checkRegistryName(name));
  if (registry === undefined) return undefined;
  const registrarPrefix = `registrar/${name}/`;
  const attesterPrefix = `attester/${name}/`;
  const registrars = store.scanState(registrarPrefix, PAGE_LIMIT_MAX + 1).map(({ key }) => key.slice(registrarPrefix.length));
  const attesters = store.scanState(attesterPrefix, PAGE_LIMIT_MAX + 1).map(({ key }) => {
    const [eventType, address] = key.slice(attesterPrefix.length).split('/');
    return { eventType, address };
  });
  return {
    ...registry,
    registrars: registrars.slice(0, PAGE_LIMIT_MAX),
    attesters: attesters.slice(0, PAGE_LIMIT_MAX),
    moreRoles: registrars.length > PAGE_LIMIT_MAX || attesters.length > PAGE_LIMIT_MAX,
  };
}


