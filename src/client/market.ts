import { addressFromPublicKey } from '../crypto/address.ts';
import { SEAL_OVERHEAD_BYTES, openSealed, sealToPublicKey } from '../crypto/seal.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import { MARKET_NOTE_BYTES_MAX } from '../ledger/limits.ts';
import type { CredentialName, ListingKind, ListingTerms } from '../ledger/market/types.ts';
import { orderStanding, type OrderPhase, type OrderStanding } from '../ledger/market/order-phase.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon } from './builders.ts';
import { AgoraError } from './errors.ts';

/**
 * SDK builders of the market kinds (spec/market.md): credentials, listings, orders, and the sealed
 * note to a seller. Browser-safe. An order's later steps are escrow txs on the order id (its escrow's
 * address): buildEscrowDeliver (seller), buildEscrowRelease (buyer confirms), buildEscrowDispute,
 * buildEscrowResolve (arbiter), buildEscrowSettle (anyone) in contracts.ts.
 */
export type { CredentialName, ListingKind, ListingTerms, OrderPhase, OrderStanding };
export { orderStanding };

/** The largest note text that fits on chain once sealed. */
export const NOTE_TEXT_BYTES_MAX = MARKET_NOTE_BYTES_MAX - SEAL_OVERHEAD_BYTES;

/** The id of the listing (market.list) or the order (market.buy) `body` will create: a contract address (spec/ledger.md §8.1). */
export function marketIdOf(body: TxBody<'market.list' | 'market.buy'>): string {
  const creator = body.signers[0];
  return contractAddressFor(body.chainId, addressFromPublicKey(creator.publicKey), creator.nonce, 0);
}

function terms(value: ListingTerms): ListingTerms {
  const out: ListingTerms = {
    title: value.title, termsHash: Uint8Array.from(value.termsHash), price: { asset: value.price.asset, amount: value.price.amount }, stock: value.stock,
    handlingMs: value.handlingMs, reviewWindowMs: value.reviewWindowMs, arbiterWindowMs: value.arbiterWindowMs,
    arbiters: value.arbiters.map((a) => ({ address: a.address, fee: a.fee })), expiresAtMs: value.expiresAtMs,
  };
  if (value.metadata !== undefined) out.metadata = value.metadata;
  if (value.requires !== undefined) out.requires = { registry: value.requires.registry, type: value.requires.type };
  return out;
}

export interface MarketListParams extends TxCommon {
  kind: ListingKind;
  /** The rental (kind rental) or offer (kind sale) listed. */
  target?: string;
  terms: ListingTerms;
}

export function buildMarketList(params: MarketListParams): TxBody<'market.list'> {
  const payload: TxBody<'market.list'>['payload'] = { kind: params.kind, terms: terms(params.terms) };
  if (params.target !== undefined) payload.target = params.target;
  return buildTx('market.list', params, payload);
}

export function buildMarketUpdate(params: TxCommon & { listing: string; terms: ListingTerms }): TxBody<'market.update'> {
  return buildTx('market.update', params, { listing: params.listing, terms: terms(params.terms) });
}

export function buildMarketPause(params: TxCommon & { listing: string; paused?: boolean }): TxBody<'market.pause'> {
  return buildTx('market.pause', params, { listing: params.listing, paused: params.paused ?? true });
}

export function buildMarketClose(params: TxCommon & { listing: string }): TxBody<'market.close'> {
  return buildTx('market.close', params, { listing: params.listing });
}

export interface MarketBuyParams extends TxCommon {
  listing: string;
  /** The version the buyer read: the order is refused (listing_changed) if the seller changed the terms since. */
  version: number;
  quantity?: number;
  arbiter?: string;
  /** A note to the seller (a shipping address), sealed here to `sellerPublicKey`: only ciphertext leaves. */
  note?: { text: string; sellerPublicKey: Uint8Array };
  requireSeller?: CredentialName;
}

export function buildMarketBuy(params: MarketBuyParams): TxBody<'market.buy'> {
  const payload: TxBody<'market.buy'>['payload'] = { listing: params.listing, version: params.version, quantity: params.quantity ?? 1 };
  if (params.arbiter !== undefined) payload.arbiter = params.arbiter;
  if (params.note !== undefined) payload.note = sealNote(params.note.sellerPublicKey, params.note.text);
  if (params.requireSeller !== undefined) payload.requireSeller = { registry: params.requireSeller.registry, type: params.requireSeller.type };
  return buildTx('market.buy', params, payload);
}

/** Seals `text` to the seller's Ed25519 public key (src/crypto/seal.ts); refuses a note the ledger would not take. */
export function sealNote(sellerPublicKey: Uint8Array, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length === 0 || bytes.length > NOTE_TEXT_BYTES_MAX) throw new AgoraError('bad_note', `a note is 1 to ${NOTE_TEXT_BYTES_MAX} bytes of UTF-8, got ${bytes.length}`);
  return sealToPublicKey(sellerPublicKey, bytes);
}

/** Opens an order's note with the seller's secret key (its Ed25519 seed); throws CryptoError `bad_seal` for anyone else. */
export function openNote(sellerSecretKey: Uint8Array, sealed: Uint8Array): string {
  return new TextDecoder().decode(openSealed(sellerSecretKey, sealed));
}

export function buildCredentialIssue(params: TxCommon & CredentialName & { to: string; expiresAtMs?: number; document?: Uint8Array }): TxBody<'credential.issue'> {
  const payload: TxBody<'credential.issue'>['payload'] = { registry: params.registry, type: params.type, to: params.to };
  if (params.expiresAtMs !== undefined) payload.expiresAtMs = params.expiresAtMs;
  if (params.document !== undefined) payload.document = Uint8Array.from(params.document);
  return buildTx('credential.issue', params, payload);
}

export function buildCredentialRevoke(params: TxCommon & CredentialName & { to: string }): TxBody<'credential.revoke'> {
  return buildTx('credential.revoke', params, { registry: params.registry, type: params.type, to: params.to });
}
