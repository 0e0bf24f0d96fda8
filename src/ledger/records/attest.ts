import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import { reject, RejectError, type Rejection } from '../errors.ts';
import { EVENT_DATA_LENGTH_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemAttestPayload, LedgerEvent } from '../types.ts';
import { readAddress } from '../value/payload-fields.ts';
import { checkHistoryRoom, isRejection, loadUnretiredItem } from './checks.ts';
import { readDocuments, readItemId, readName, readText } from './fields.ts';
import { appendHistory } from './item-log.ts';
import { custodianFor, updateItem, type Item } from './item-record.ts';
import { mayAttest } from './registry-record.ts';

/** The event type that hands an item to a new custodian. */
export const CUSTODY_EVENT = 'custody';

export function decodeItemAttest(value: CborValue): ItemAttestPayload {
  const map = readMap(value, 'payload', ['item', 'type', 'data', 'documents', 'custodian']);
  const payload: ItemAttestPayload = {
    item: readItemId(map.item, 'payload.item'),
    type: readName(map.type, 'payload.type'),
    data: optional(map.data, (v) => readText(v, 'payload.data', EVENT_DATA_LENGTH_MAX)),
    documents: optional(map.documents, (v) => readDocuments(v, 'payload.documents')),
    custodian: optional(map.custodian, (v) => readAddress(v, 'payload.custodian')),
  };
  if ((payload.type === CUSTODY_EVENT) !== (payload.custodian !== undefined)) {
    throw new RejectError('bad_shape', `payload.custodian: present exactly when the type is "${CUSTODY_EVENT}"`);
  }
  return payload;
}

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
  const attributes: { [key: string]: string } = { item: item.id, type, signer, seq: String(item.events) };
  if (custodian !== undefined) attributes.custodian = custodian;
  return [{ type: 'item.attested', attributes }];
}
