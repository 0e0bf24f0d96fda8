import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { EVENT_DATA_LENGTH_MAX } from '../limits.ts';
import type { ItemAttestPayload } from '../types.ts';
import { readAddress } from '../payload-fields.ts';
import { readDocuments, readItemId, readName, readText } from './payload-fields.ts';

/** The payload of `item.attest`: the codec half (records/attest.ts applies it). */

/** The event type that hands an item to a new custodian. */
const CUSTODY_EVENT = 'custody';

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
