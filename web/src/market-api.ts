/**
 * The market's read routes (spec/api.md §4 "Market"), as branch market-node declares them in
 * src/wire/market.ts: a listing, search, an address's orders by role, an arbiter's queue. Until
 * those routes are in the SDK here, the page reads them with plain GETs against these local
 * copies of the wire types; once merged, each function becomes the SDK call of the same name.
 */
import { AgoraError } from '../../src/client/index.ts';

export interface ContractClockJson {
  height: number;
  timeMs: number;
}

export interface ListingTermsJson {
  title: string;
  termsHash: string;
  metadata: string | null;
  price: { asset: string; amount: string };
  stock: number;
  handlingMs: number;
  reviewWindowMs: number;
  arbiterWindowMs: number;
  arbiters: { address: string; fee: string }[];
  requires: { registry: string; type: string } | null;
  expiresAtMs: number;
}

export type ListingKindJson = 'goods' | 'service' | 'rental' | 'sale';

export interface ListingJson {
  type: 'listing';
  address: string;
  createdAt: number;
  seller: string;
  kind: ListingKindJson;
  target: string | null;
  version: number;
  state: 'active' | 'paused' | 'closed';
  bond: string;
  bondAsset: string;
  terms: ListingTermsJson;
  now: { expired: boolean; orderable: boolean };
  at: ContractClockJson;
}

export interface MarketListingJson {
  listing: ListingJson;
  /** Hex Ed25519 public key of the seller: the buyer's note is sealed to it. */
  sellerPublicKey: string | null;
}

export interface ListingsJson {
  listings: ListingJson[];
  next: string | null;
  at: ContractClockJson;
}

export type OrderPhaseJson = 'awaiting_delivery' | 'delivered' | 'disputed' | 'release_due' | 'refund_due' | 'lapsed' | 'completed' | 'refunded' | 'resolved';

export interface OrderJson {
  order: string;
  listing: string;
  version: number;
  buyer: string;
  seller: string;
  arbiter: string | null;
  quantity: number;
  price: { asset: string; amount: string };
  total: string;
  arbiterFee: string | null;
  note: string | null;
  createdAt: number;
  settledAtMs: number | null;
  title: string;
  phase: OrderPhaseJson;
  next: { kind: 'escrow.deliver' | 'escrow.release' | 'escrow.resolve' | 'escrow.settle'; by: 'seller' | 'buyer' | 'arbiter' | 'anyone' } | null;
  untilMs: number | null;
}

export interface OrdersJson {
  address: string;
  role: 'buyer' | 'seller' | 'arbiter';
  orders: OrderJson[];
  next: string | null;
  at: ContractClockJson;
}

/** The criteria of GET /v1/listings, as query text (prices already in base units). */
export interface ListingQuery {
  q?: string;
  kind?: ListingKindJson;
  asset?: string;
  minPrice?: string;
  maxPrice?: string;
  seller?: string;
  limit?: number;
  after?: string;
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AgoraError('network_error', `GET ${path}: cannot reach the node`, { cause: error });
  }
  const json = (await response.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (json === null) throw new AgoraError('bad_response', `GET ${path}: the answer is not JSON`, { status: response.status });
  if (!response.ok) throw new AgoraError(json.error?.code ?? 'bad_response', json.error?.message ?? `HTTP ${response.status}`, { status: response.status });
  return json;
}

function queryText(values: { [name: string]: string | number | undefined }): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text.length > 0 ? `?${text}` : '';
}

export const getListing = (address: string): Promise<MarketListingJson> => getJson(`/v1/listings/${encodeURIComponent(address)}`);

export const searchListings = (query: ListingQuery): Promise<ListingsJson> => getJson(`/v1/listings${queryText({ ...query })}`);

export const getOrder = (id: string): Promise<OrderJson> => getJson(`/v1/orders/${encodeURIComponent(id)}`);

export const getAccountOrders = (address: string, role: 'buyer' | 'seller', after?: string): Promise<OrdersJson> =>
  getJson(`/v1/accounts/${encodeURIComponent(address)}/orders${queryText({ role, after })}`);

export const getArbiterDisputes = (address: string, after?: string): Promise<OrdersJson> => getJson(`/v1/arbiters/${encodeURIComponent(address)}/disputes${queryText({ after })}`);
