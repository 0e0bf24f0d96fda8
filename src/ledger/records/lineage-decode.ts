import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readMap } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { ITEM_METADATA_LENGTH_MAX, MERGE_PARENTS_MAX, RETIRE_REASON_LENGTH_MAX, SPLIT_CHILDREN_MAX } from '../limits.ts';
import type { ItemMergePayload, ItemPart, ItemRetirePayload, ItemSplitPayload } from '../types.ts';
import { readDocuments, readItemId, readName, readText } from './payload-fields.ts';

/** The payloads of `item.split`, `item.merge` and `item.retire`: the codec half (records/lineage.ts applies them). */

function readPart(value: CborValue, path: string): ItemPart {
  const map = readMap(value, path, ['kind', 'metadata', 'documents']);
  return {
    kind: readName(map.kind, `${path}.kind`),
    metadata: optional(map.metadata, (v) => readText(v, `${path}.metadata`, ITEM_METADATA_LENGTH_MAX)),
    documents: optional(map.documents, (v) => readDocuments(v, `${path}.documents`)),
  };
}

export function decodeItemSplit(value: CborValue): ItemSplitPayload {
  const map = readMap(value, 'payload', ['item', 'children']);
  return {
    item: readItemId(map.item, 'payload.item'),
    children: readArray(map.children, 'payload.children', 2, SPLIT_CHILDREN_MAX).map((part, i) => readPart(part, `payload.children[${i}]`)),
  };
}

export function decodeItemMerge(value: CborValue): ItemMergePayload {
  const map = readMap(value, 'payload', ['items', 'kind', 'registry', 'metadata', 'documents']);
  const items = readArray(map.items, 'payload.items', 2, MERGE_PARENTS_MAX).map((id, i) => readItemId(id, `payload.items[${i}]`));
  if (new Set(items).size !== items.length) throw new RejectError('bad_shape', 'payload.items: an item appears twice');
  return {
    items,
    kind: readName(map.kind, 'payload.kind'),
    registry: optional(map.registry, (v) => readName(v, 'payload.registry')),
    metadata: optional(map.metadata, (v) => readText(v, 'payload.metadata', ITEM_METADATA_LENGTH_MAX)),
    documents: optional(map.documents, (v) => readDocuments(v, 'payload.documents')),
  };
}

export function decodeItemRetire(value: CborValue): ItemRetirePayload {
  const map = readMap(value, 'payload', ['item', 'reason']);
  return { item: readItemId(map.item, 'payload.item'), reason: optional(map.reason, (v) => readText(v, 'payload.reason', RETIRE_REASON_LENGTH_MAX)) };
}
