import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemAttestPayload, LedgerEvent } from '../types.ts';
import { checkHistoryRoom, isRejection, loadUnretiredItem } from './checks.ts';
import { appendHistory } from './item-log.ts';
import { custodianFor, updateItem, type Item } from './item-state.ts';
import { mayAttest } from './registry-state.ts';

/** The owner, the current custodian, and the attesters the item's registry names for this type. */
function mayAttestItem(view: Overlay, item: Item, eventType: string, signer: string): boolean {
  if (signer === item.owner || signer === item.custodian) return true;
  return item.registry !== undefined && mayAttest(view, item.registry, eventType, signer);
}

/**
 * Appends a life event to an item. Checks in order: `unknown_item`, `item_retired`, the signer is
 * the owner, the current custodian or an attester of this type in the item's registry
 * (`not_authorised`), `too_many_events`. Locked items take events too: they do not move ownership.
 * A `custody` event makes `custodian` the item's custodian.
 */
export function applyItemAttest(view: Overlay, signer: string, payload: ItemAttestPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadUnretiredItem(view, payload.item);
  if (isRejection(item)) return item;
  if (!mayAttestItem(view, item, payload.type, signer)) {
    return reject('not_authorised', `${signer} is not the owner or custodian of ${item.id}, nor an attester of "${payload.type}" in its registry`);
  }
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const { type, data, documents, custodian } = payload;
  const logged = appendHistory(view, item, signer, ctx, { action: 'attest', type, data, documents, custodian });
  updateItem(view, item, custodian === undefined ? logged : { ...logged, custodian: custodianFor(item.owner, custodian) });
  view.touch(custodian);
  const attributes: { [key: string]: string } = { item: item.id, type, signer, seq: String(item.events) };
  if (custodian !== undefined) attributes.custodian = custodian;
  return [{ type: 'item.attested', attributes }];
}
