import type { Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemRegisterPayload, LedgerEvent } from '../types.ts';
import { checkMayRegister } from './checks.ts';
import { itemIdFor } from './ids.ts';
import { appendHistory, consumedNonce } from './item-log.ts';
import { createItem, custodianFor, type Item } from './item-state.ts';

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
  view.touch(owner, item.custodian);
  const attributes: { [key: string]: string } = { item: item.id, kind: item.kind, owner, signer, seq: '0' };
  if (item.registry !== undefined) attributes.registry = item.registry;
  if (item.custodian !== undefined) attributes.custodian = item.custodian;
  return [{ type: 'item.registered', attributes }];
}
