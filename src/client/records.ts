import { addressFromPublicKey } from '../crypto/address.ts';
import { sha256 } from '../crypto/hash.ts';
import { txSignBytes } from '../ledger/tx.ts';
import { isItemId, itemIdFor } from '../ledger/records/ids.ts';
import type { ItemPart, ItemPayment, RegistryRole, TxBody, TxPayloads } from '../ledger/types.ts';
import { buildTx, type TxCommon, type TxKey } from './builders.ts';

/**
 * SDK builders of the records kinds (spec/ledger.md §7.2). Browser-safe. Each returns an unsigned body
 * for `signTx`; optional fields left undefined are not in the payload.
 */
export { isItemId, itemIdFor };
export type { ItemPart, ItemPayment, RegistryRole };

/** The 32-byte SHA-256 of a document or photo kept off-chain, for `documents` fields. */
export function documentHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** The payload without its undefined fields, so that the body equals what a node decodes. */
function defined<T extends object>(payload: T): T {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)) as T;
}

export interface RegistryCreateParams extends TxCommon {
  name: string;
  /** Default false: a curated registry, where only the creator and its registrars register items. */
  open?: boolean;
  roles?: RegistryRole[];
}

export function buildRegistryCreate(params: RegistryCreateParams): TxBody<'registry.create'> {
  return buildTx('registry.create', params, defined({ name: params.name, open: params.open ?? false, roles: params.roles }));
}

export function buildRegistryAuthorize(params: TxCommon & TxPayloads['registry.authorize']): TxBody<'registry.authorize'> {
  return buildTx('registry.authorize', params, defined({ registry: params.registry, grant: params.grant, revoke: params.revoke }));
}

export function buildItemRegister(params: TxCommon & TxPayloads['item.register']): TxBody<'item.register'> {
  const { kind, registry, owner, custodian, metadata, documents } = params;
  return buildTx('item.register', params, defined({ kind, registry, owner, custodian, metadata, documents }));
}

/**
 * The id `item.register` from this tx will give (spec/ledger.md §7.1): known before sending, since it
 * depends only on the chain, the signer and its nonce.
 */
export function registeredItemId(body: TxBody<'item.register'>): string {
  return itemIdFor(body.chainId, addressFromPublicKey(body.signers[0].publicKey), body.signers[0].nonce, 0);
}

/** A gift or a move between one's own accounts: the owner signs alone. */
export function buildItemTransfer(params: TxCommon & { item: string; to: string }): TxBody<'item.transfer'> {
  return buildTx('item.transfer', params, { item: params.item, to: params.to });
}

export interface ItemSaleParams extends TxCommon {
  item: string;
  /** The buyer's public key and next nonce: the buyer is the second signer and receives the item. */
  buyer: { publicKey: Uint8Array; nonce: bigint };
  /** What the buyer pays the owner, in the same tx. */
  price: ItemPayment;
}

/**
 * A sale: `item.transfer` with a payment, signed by the owner (first, pays the fee) and the buyer.
 * Both sign the same bytes; signatures can be made apart (`signItemSale`) and joined with
 * `signTx(body, [ownerKey, () => buyerSignature])`.
 */
export function buildItemSale(params: ItemSaleParams): TxBody<'item.transfer'> {
  const body = buildTx('item.transfer', params, { item: params.item, to: addressFromPublicKey(params.buyer.publicKey), payment: { asset: params.price.asset, amount: params.price.amount } });
  return { ...body, signers: [...body.signers, { publicKey: params.buyer.publicKey, nonce: params.buyer.nonce }] };
}

/** One party's signature over a body that several sign (spec/encoding.md §Signing bytes). */
export function signItemSale(body: TxBody<'item.transfer'>, key: TxKey): Uint8Array {
  return key.sign(txSignBytes(body));
}

export function buildItemAttest(params: TxCommon & TxPayloads['item.attest']): TxBody<'item.attest'> {
  const { item, type, data, documents, custodian } = params;
  return buildTx('item.attest', params, defined({ item, type, data, documents, custodian }));
}

/** Hands custody of `item` to `custodian`: an `item.attest` of type `custody`. */
export function buildItemCustody(params: TxCommon & { item: string; custodian: string; data?: string }): TxBody<'item.attest'> {
  return buildItemAttest({ ...params, type: 'custody' });
}

export function buildItemSplit(params: TxCommon & TxPayloads['item.split']): TxBody<'item.split'> {
  return buildTx('item.split', params, { item: params.item, children: params.children.map((part) => defined({ kind: part.kind, metadata: part.metadata, documents: part.documents })) });
}

export function buildItemMerge(params: TxCommon & TxPayloads['item.merge']): TxBody<'item.merge'> {
  const { items, kind, registry, metadata, documents } = params;
  return buildTx('item.merge', params, defined({ items: [...items], kind, registry, metadata, documents }));
}

export function buildItemRetire(params: TxCommon & TxPayloads['item.retire']): TxBody<'item.retire'> {
  return buildTx('item.retire', params, defined({ item: params.item, reason: params.reason }));
}

export function buildItemFractionalize(params: TxCommon & TxPayloads['item.fractionalize']): TxBody<'item.fractionalize'> {
  const { item, symbol, shares, name } = params;
  return buildTx('item.fractionalize', params, defined({ item, symbol, shares, name }));
}

export function buildItemRedeem(params: TxCommon & TxPayloads['item.redeem']): TxBody<'item.redeem'> {
  return buildTx('item.redeem', params, { item: params.item });
}

/** The ids of the items a committed tx made, in order, from its receipt's `item.registered` and `item.created` events. */
export function newItemIds(events: readonly { type: string; attributes: { [key: string]: string } }[]): string[] {
  return events.filter((e) => e.type === 'item.registered' || e.type === 'item.created').map((e) => e.attributes.item);
}
