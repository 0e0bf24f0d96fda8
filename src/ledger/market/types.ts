/**
 * Payloads of the market kinds (spec/market.md): credentials (§1), listings (§2), orders (§3).
 * Amounts are bigint base units; times are block times in ms.
 */

/** A credential named by the registry that vouches for it and its type (so nobody meets it with a registry of their own). */
export interface CredentialName {
  registry: string;
  type: string;
}

export interface CredentialIssuePayload extends CredentialName {
  to: string;
  expiresAtMs?: number;
  /** SHA-256 of the document the attester saw; never the document. */
  document?: Uint8Array;
}

export interface CredentialRevokePayload extends CredentialName {
  to: string;
}

export type ListingKind = 'goods' | 'service' | 'rental' | 'sale';

export interface ListingArbiter {
  address: string;
  /** In the price's asset; 0 means none. */
  fee: bigint;
}

export interface ListingTerms {
  title: string;
  termsHash: Uint8Array;
  metadata?: string;
  price: { asset: string; amount: bigint };
  stock: number;
  handlingMs: number;
  reviewWindowMs: number;
  arbiterWindowMs: number;
  arbiters: ListingArbiter[];
  requires?: CredentialName;
  expiresAtMs: number;
}

export interface MarketListPayload {
  kind: ListingKind;
  /** The rental (kind rental) or offer (kind sale) listed; absent for goods and services. */
  target?: string;
  terms: ListingTerms;
}

export interface MarketUpdatePayload {
  listing: string;
  terms: ListingTerms;
}

export interface MarketPausePayload {
  listing: string;
  paused: boolean;
}

export interface MarketClosePayload {
  listing: string;
}

export interface MarketBuyPayload {
  listing: string;
  /** The listing version the buyer read and signed for. */
  version: number;
  quantity: number;
  arbiter?: string;
  /** Sealed to the seller (src/crypto/seal.ts); bytes only to the ledger. */
  note?: Uint8Array;
  /** A credential the seller must hold. */
  requireSeller?: CredentialName;
}
