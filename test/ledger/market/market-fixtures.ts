// Fixtures of the market tests (test/ledger/market/*.test.ts; spec/market.md): the contracts world
// (ALICE, BOB, CAROL, DAVE; AGR and USD; no fees) plus a credential registry `kyc-eu` curated by CAROL
// with DAVE as attester of `kyc`, and BOB's listing of the spec's worked example.
import assert from 'node:assert/strict';
import { loadListing, type Listing } from '../../../src/ledger/market/listing-state.ts';
import { getOrder, type Order } from '../../../src/ledger/market/order-state.ts';
import type { ListingTerms } from '../../../src/ledger/market/types.ts';
import { loadEscrow, type Escrow } from '../../../src/ledger/contracts/escrow-state.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, contractOf, contractWorld, okAt, type ContractWorld } from '../contracts-fixtures.ts';

export const H = (hours: number): number => NOW_MS + hours * HOUR_MS;
export const TERMS_HASH = new Uint8Array(32).fill(0xab);

/** The spec's chair: 250 USD, stock 3, handling 48 h, review 72 h, arbiter window 96 h, CAROL at 10 USD, for 30 days. */
export function chairTerms(extra: Partial<ListingTerms> = {}): ListingTerms {
  return {
    title: 'hand made oak chair', termsHash: TERMS_HASH, price: { asset: 'USD', amount: 250n }, stock: 3,
    handlingMs: 48 * HOUR_MS, reviewWindowMs: 72 * HOUR_MS, arbiterWindowMs: 96 * HOUR_MS,
    arbiters: [{ address: CAROL.address, fee: 10n }], expiresAtMs: H(30 * 24), ...extra,
  };
}

export interface MarketWorld extends ContractWorld {
  /** BOB's chair listing. */
  listing: string;
}

export function marketWorld(terms: Partial<ListingTerms> = {}): MarketWorld {
  const w = contractWorld();
  okAt(w.state, CAROL, 'registry.create', { name: 'kyc-eu', open: false, roles: [{ role: 'attester', eventType: 'kyc', address: DAVE.address }] }, H(0));
  const listing = contractOf(okAt(w.state, BOB, 'market.list', { kind: 'goods', terms: chairTerms(terms) }, H(0)), 'market.listed', 'listing');
  return { ...w, listing };
}

export function listingOf(state: MemoryState, address: string): Listing {
  const listing = loadListing(state, address);
  assert.ok(!('code' in listing), `no listing at ${address}`);
  return listing;
}

export function orderOf(state: MemoryState, id: string): Order {
  const order = getOrder(state, id);
  assert.ok(order !== undefined, `no order ${id}`);
  return order;
}

export function escrowOf(state: MemoryState, address: string): Escrow {
  const escrow = loadEscrow(state, address);
  assert.ok(!('code' in escrow), `no escrow at ${address}`);
  return escrow;
}

/** ALICE orders `quantity` chairs at H(hours), naming CAROL unless told otherwise; returns the order id. */
export function buy(w: MarketWorld, hours = 1, extra: { quantity?: number; arbiter?: string | null; note?: Uint8Array } = {}): string {
  const payload: { listing: string; version: number; quantity: number; arbiter?: string; note?: Uint8Array } = { listing: w.listing, version: listingOf(w.state, w.listing).version, quantity: extra.quantity ?? 1 };
  if (extra.arbiter !== null) payload.arbiter = extra.arbiter ?? CAROL.address;
  if (extra.note !== undefined) payload.note = extra.note;
  return contractOf(okAt(w.state, ALICE, 'market.buy', payload, H(hours)), 'market.ordered', 'order');
}

export { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS };
