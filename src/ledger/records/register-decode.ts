import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import { ITEM_METADATA_LENGTH_MAX } from '../limits.ts';
import type { ItemRegisterPayload } from '../types.ts';
import { readAddress } from '../payload-fields.ts';
import { readDocuments, readName, readText } from './payload-fields.ts';

/** The payload of `item.register`: the codec half (records/register.ts applies it). */

export function decodeItemRegister(value: CborValue): ItemRegisterPayload {
  const map = readMap(value, 'payload', ['kind', 'registry', 'owner', 'custodian', 'metadata', 'documents']);
  return {
    kind: readName(map.kind, 'payload.kind'),
    registry: optional(map.registry, (v) => readName(v, 'payload.registry')),
    owner: optional(map.owner, (v) => readAddress(v, 'payload.owner')),
    custodian: optional(map.custodian, (v) => readAddress(v, 'payload.custodian')),
    metadata: optional(map.metadata, (v) => readText(v, 'payload.metadata', ITEM_METADATA_LENGTH_MAX)),
    documents: optional(map.documents, (v) => readDocuments(v, 'payload.documents')),
  };
}
