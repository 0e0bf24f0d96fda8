import { type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemMergePayload, ItemRetirePayload, ItemSplitPayload, LedgerEvent } from '../types.ts';
import { checkHistoryRoom, checkMayRegister, isRejection, loadOwnedItem } from './checks.ts';
import { itemIdFor } from './ids.ts';
import { appendHistory, consumedNonce } from './item-log.ts';
import { createItem, updateItem, type Item } from './item-state.ts';

/** Lineage (spec/ledger.md §7.2): split one item into several, merge several into one, retire one. */

/** A new item made from `parents` by the tx of `signer`, the `index`-th it makes. */
function deriveItem(view: Overlay, ctx: BlockContext, signer: string, index: number, parents: string[], fields: Pick<Item, 'kind' | 'registry' | 'custodian' | 'metadata' | 'documents'>): { item: Item; event: LedgerEvent } {
  const fresh: Item = { id: itemIdFor(ctx.chainId, signer, consumedNonce(view, signer), index), owner: signer, status: 'live', ...fields, parents, createdAt: ctx.height, events: 0 };
  const item = appendHistory(view, fresh, signer, ctx, { action: 'create', to: signer, items: parents, custodian: fresh.custodian });
  createItem(view, item);
  const attributes: { [key: string]: string } = { item: item.id, kind: item.kind, owner: signer, parents: parents.join(','), seq: '0' };
  if (item.registry !== undefined) attributes.registry = item.registry;
  return { item, event: { type: 'item.created', attributes } };
}

/** Retires `parent` into `children` by a split or a merge. */
function retireInto(view: Overlay, parent: Item, children: string[], signer: string, ctx: BlockContext, by: 'split' | 'merge'): LedgerEvent {
  const logged = appendHistory(view, parent, signer, ctx, { action: by, items: children });
  updateItem(view, parent, { ...logged, status: 'retired', children });
  return { type: 'item.retired', attributes: { item: parent.id, owner: parent.owner, by, seq: String(parent.events) } };
}

/**
 * Splits an item into 2 to SPLIT_CHILDREN_MAX children, each linking it as its parent. Checks in order:
 * `unknown_item`, `item_retired`, `item_locked`, `not_owner`, `too_many_events`. The children keep the
 * parent's owner, registry (the registry admitted the whole, so it holds the parts) and custodian;
 * child i has the id of index i. The parent is retired.
 */
export function applyItemSplit(view: Overlay, signer: string, payload: ItemSplitPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const parent = loadOwnedItem(view, payload.item, signer);
  if (isRejection(parent)) return parent;
  const full = checkHistoryRoom(parent);
  if (full !== undefined) return full;
  const made = payload.children.map((part, i) =>
    deriveItem(view, ctx, signer, i, [parent.id], { kind: part.kind, registry: parent.registry, custodian: parent.custodian, metadata: part.metadata, documents: part.documents }),
  );
  const retired = retireInto(view, parent, made.map(({ item }) => item.id), signer, ctx, 'split');
  return [retired, ...made.map(({ event }) => event)];
}

/**
 * Merges 2 to MERGE_PARENTS_MAX items into a new one that links them all. Checks in order: for each
 * parent in payload order `unknown_item`, `item_retired`, `item_locked`, `not_owner`; then, with a
 * registry, `unknown_registry`, `not_registrar`; then `too_many_events` for each parent. The new item
 * (index 0) belongs to the signer; its custodian is the parents' when they all share one. The parents
 * are retired.
 */
export function applyItemMerge(view: Overlay, signer: string, payload: ItemMergePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const parents: Item[] = [];
  for (const id of payload.items) {
    const parent = loadOwnedItem(view, id, signer);
    if (isRejection(parent)) return parent;
    parents.push(parent);
  }
  const refused = checkMayRegister(view, payload.registry, signer) ?? parents.map(checkHistoryRoom).find((r) => r !== undefined);
  if (refused !== undefined) return refused;
  const custodians = new Set(parents.map((p) => p.custodian));
  const custodian = custodians.size === 1 ? parents[0].custodian : undefined;
  const { item, event } = deriveItem(view, ctx, signer, 0, payload.items, { kind: payload.kind, registry: payload.registry, custodian, metadata: payload.metadata, documents: payload.documents });
  return [...parents.map((parent) => retireInto(view, parent, [item.id], signer, ctx, 'merge')), event];
}

/**
 * Retires an item for good (destroyed, consumed, withdrawn): it keeps its record and history but
 * nothing changes it again. Checks in order: `unknown_item`, `item_retired`, `item_locked`,
 * `not_owner`, `too_many_events`.
 */
export function applyItemRetire(view: Overlay, signer: string, payload: ItemRetirePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadOwnedItem(view, payload.item, signer);
  if (isRejection(item)) return item;
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const logged = appendHistory(view, item, signer, ctx, { action: 'retire', reason: payload.reason });
  updateItem(view, item, { ...logged, status: 'retired' });
  return [{ type: 'item.retired', attributes: { item: item.id, owner: item.owner, by: 'retire', seq: String(item.events) } }];
}
