import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import type { Rejection } from '../errors.ts';
import { ITEM_METADATA_LENGTH_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemRegisterPayload, LedgerEvent } from '../types.ts';
import { readAddress } from '../value/payload-fields.ts';
import { checkMayRegister } from './checks.ts';
import { readDocuments, readName, readText } from './fields.ts';
import { itemIdFor } from './ids.ts';
import { appendHistory, consumedNonce } from './item-log.ts';
import { createItem, custodianFor, type Item } from './item-record.ts';

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

/**
 * Registers a unique thing. Checks in order, only with a registry: it exists (`unknown_registry`);
 * it is open, or the signer is its curator or a registrar (`not_registrar`). Effects: the item (id of
 * records/ids.ts, index 0), its index entries and history entry 0.
 */
export function applyItemRegister(view: Overlay, signer: string, payload: ItemRegisterPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const refused = checkMayRegister(view, payload.registry, signer);
  if (refused !== undefined) return refused;
  const owner = payload.owner ?? signer;
  const fresh: Item = {
    id: itemIdFor(ctx.chainId, signer, consumedNonce(view, signer), 0),
    kind: payload.kind,
    owner,
    status: 'live',
    registry: payload.registry,
    custodian: custodianFor(owner, payload.custodian),
    metadata: payload.metadata,
    documents: payload.documents,
    createdAt: ctx.height,
    events: 0,
  };
  const item = appendHistory(view, fresh, signer, ctx, { action: 'register', to: owner, custodian: fresh.custodian });
  createItem(view, item);
  const attributes: { [key: string]: string } = { item: item.id, kind: item.kind, owner, signer, seq: '0' };
  if (item.registry !== undefined) attributes.registry = item.registry;
  if (item.custodian !== undefined) attributes.custodian = item.custodian;
  return [{ type: 'item.registered', attributes }];
}
