import { invariant } from '../../errors/base.ts';
import { type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { checkHistoryRoom, isRejection, loadOwnedItem } from '../records/checks.ts';
import { appendHistory } from '../records/item-log.ts';
import { custodianFor, getItem, updateItem } from '../records/item-state.ts';

/**
 * Items moved by contracts (spec/ledger.md §8.1), through the records module's own helpers, so that
 * an item's history shows each move into and out of a contract: a `transfer` entry from the owner to
 * the contract address and later from the contract address to whoever the contract pays, its `type`
 * naming the contract tx kind that moved it (`escrow.create`, `escrow.release`, `swap`, …). Each move
 * emits `item.transferred`, as `item.transfer` does, so the owners follow the events.
 */

/**
 * The checks an item must pass before a contract tx moves it from `from`, in order: `unknown_item`,
 * `item_retired`, `item_locked`, `not_owner`, `item_booked`, `item_offered` (the records module's
 * owner checks: only its owner gives it, a locked item moves only by `item.redeem`, an item under a
 * rental stays where it is), then `too_many_events`.
 */
function checkItemMovable(view: Overlay, id: string, from: string): Rejection | undefined {
  const item = loadOwnedItem(view, id, from);
  if (isRejection(item)) return item;
  return checkHistoryRoom(item);
}

/** Each item of `ids` in order, with checkItemMovable; the first refusal. */
export function checkItemsMovable(view: Overlay, ids: readonly string[], from: string): Rejection | undefined {
  for (const id of ids) {
    const refused = checkItemMovable(view, id, from);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

/**
 * Moves item `id` from `from` to `to`, after checkItemMovable passed for it (a contract's own items
 * pass by construction). `signer` is the tx's first signer (the history entry names its tx by signer
 * and nonce); `kind` is the contract tx kind. The custodian stays, as with `item.transfer`.
 */
export function moveItem(view: Overlay, id: string, from: string, to: string, signer: string, ctx: BlockContext, kind: string): LedgerEvent {
  const item = getItem(view, id);
  invariant(item !== undefined && item.owner === from && item.status === 'live', `contract move of ${id}: ${from} does not hold it live`);
  invariant(checkHistoryRoom(item) === undefined, `contract move of ${id}: its history is full; the handler must refuse first`);
  const logged = appendHistory(view, item, signer, ctx, { action: 'transfer', type: kind, from, to });
  updateItem(view, item, { ...logged, owner: to, custodian: custodianFor(to, item.custodian) });
  view.touch(from, to);
  return { type: 'item.transferred', attributes: { item: id, from, to, seq: String(item.events), by: kind } };
}
