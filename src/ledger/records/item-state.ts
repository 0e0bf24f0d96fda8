import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { AMOUNT_MAX, DOCUMENT_HASH_BYTES, HEIGHT_MAX, ITEM_EVENTS_MAX, ITEM_METADATA_LENGTH_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';

/**
 * Items and their indexes (spec/ledger.md §7.1):
 *   item/<id>                    → Item
 *   owneritem/<address>/<id>     → true   (index: the items whose `owner` is address, any status)
 *   regitem/<registry>/<id>      → true   (index: the items of a registry, any status)
 *   shares/<symbol>              → item id (the locked item whose shares the asset is)
 * The indexes are state, written with the item in the same tx, so that "items of X" is one prefix
 * scan on any node and is covered by the state root.
 */
export type ItemStatus = 'live' | 'locked' | 'retired';

/** What locks a fractionalised item: its share asset and the number of shares (that asset's supply). */
export interface ItemLock {
  asset: string;
  shares: bigint;
}

export interface Item {
  id: string;
  kind: string;
  owner: string;
  status: ItemStatus;
  registry?: string;
  /** Who holds the thing, when not its owner. */
  custodian?: string;
  metadata?: string;
  documents?: Uint8Array[];
  /** The items it was split or merged from. */
  parents?: string[];
  /** The items it was split or merged into (set when it is retired by a split or merge). */
  children?: string[];
  lock?: ItemLock;
  createdAt: number;
  /** History entries so far: the next entry's sequence number. */
  events: number;
}

export const itemKey = (id: string): string => `item/${id}`;
export const ownerIndexKey = (owner: string, id: string): string => `owneritem/${owner}/${id}`;
export const registryIndexKey = (registry: string, id: string): string => `regitem/${registry}/${id}`;
export const sharesKey = (symbol: string): string => `shares/${symbol}`;

const STATUSES: readonly ItemStatus[] = ['live', 'locked', 'retired'];
/** Parents and children of one item: at most a merge's parents or a split's children. */
const LINKS_MAX = 64;

export function encodeItem(item: Item): CborValue {
  const record: { [key: string]: CborValue } = { id: item.id, kind: item.kind, owner: item.owner, status: item.status, createdAt: item.createdAt, events: item.events };
  if (item.registry !== undefined) record.registry = item.registry;
  if (item.custodian !== undefined) record.custodian = item.custodian;
  if (item.metadata !== undefined) record.metadata = item.metadata;
  if (item.documents !== undefined) record.documents = item.documents;
  if (item.parents !== undefined) record.parents = item.parents;
  if (item.children !== undefined) record.children = item.children;
  if (item.lock !== undefined) record.lock = { asset: item.lock.asset, shares: item.lock.shares };
  return record;
}

const ITEM_FIELDS = ['id', 'kind', 'owner', 'status', 'registry', 'custodian', 'metadata', 'documents', 'parents', 'children', 'lock', 'createdAt', 'events'];

export function decodeItem(value: CborValue): Item {
  const map = readMap(value, 'item', ITEM_FIELDS);
  const status = readString(map.status, 'item.status', 8) as ItemStatus;
  invariant(STATUSES.includes(status), `item.status "${status}" is not a status`);
  const ids = (v: CborValue, path: string): string[] => readArray(v, path, 1, LINKS_MAX).map((id, i) => readString(id, `${path}[${i}]`, 64));
  return {
    id: readString(map.id, 'item.id', 64),
    kind: readString(map.kind, 'item.kind', 32),
    owner: readString(map.owner, 'item.owner', 90),
    status,
    registry: optional(map.registry, (v) => readString(v, 'item.registry', 32)),
    custodian: optional(map.custodian, (v) => readString(v, 'item.custodian', 90)),
    metadata: optional(map.metadata, (v) => readString(v, 'item.metadata', ITEM_METADATA_LENGTH_MAX)),
    documents: optional(map.documents, (v) => readArray(v, 'item.documents', 1, 64).map((d, i) => readBytes(d, `item.documents[${i}]`, DOCUMENT_HASH_BYTES))),
    parents: optional(map.parents, (v) => ids(v, 'item.parents')),
    children: optional(map.children, (v) => ids(v, 'item.children')),
    lock: optional(map.lock, (v) => {
      const lock = readMap(v, 'item.lock', ['asset', 'shares']);
      return { asset: readString(lock.asset, 'item.lock.asset', 12), shares: readUint(lock.shares, 'item.lock.shares', AMOUNT_MAX) };
    }),
    createdAt: readSmallUint(map.createdAt, 'item.createdAt', HEIGHT_MAX),
    events: readSmallUint(map.events, 'item.events', ITEM_EVENTS_MAX),
  };
}

export function getItem(view: StateReader, id: string): Item | undefined {
  const record = getStateValue(view, itemKey(id));
  return record === undefined ? undefined : decodeItem(record);
}

/** Writes a new item with its index entries. An id is made once (records/ids.ts): a second is a broken invariant. */
export function createItem(view: Overlay, item: Item): void {
  invariant(view.get(itemKey(item.id)) === undefined, `item ${item.id} already exists: an id was derived twice`);
  putStateValue(view, itemKey(item.id), encodeItem(item));
  putStateValue(view, ownerIndexKey(item.owner, item.id), true);
  if (item.registry !== undefined) putStateValue(view, registryIndexKey(item.registry, item.id), true);
}

/** Writes a changed item; moves its owner index entry when the owner changed. Registry and id never change. */
export function updateItem(view: Overlay, before: Item, after: Item): void {
  invariant(before.id === after.id && before.registry === after.registry, 'an item keeps its id and registry');
  putStateValue(view, itemKey(after.id), encodeItem(after));
  if (before.owner !== after.owner) {
    view.delete(ownerIndexKey(before.owner, before.id));
    putStateValue(view, ownerIndexKey(after.owner, after.id), true);
  }
}

/** "Absent means the owner holds it": a custodian equal to the owner is not stored. */
export function custodianFor(owner: string, custodian: string | undefined): string | undefined {
  return custodian === owner ? undefined : custodian;
}
