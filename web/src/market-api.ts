/**
 * The market's read routes (spec/api.md §4 "Market") as the pages use them: the SDK's calls, under
 * the names the pages know, and the wire types (src/wire/market.ts) under shorter names.
 */
import type {
  ListingContractJson,
  ListingsResponse,
  MarketListingResponse,
  OrderJson,
  OrderPhaseJson,
  OrdersResponse,
} from '../../src/client/index.ts';
import type { ListingSearchOptions } from '../../src/client/client.ts';
import { client } from './node.ts';

export type { OrderJson, OrderPhaseJson };
export type ListingJson = ListingContractJson;
export type ListingTermsJson = ListingContractJson['terms'];
export type ListingKindJson = ListingContractJson['kind'];
export type MarketListingJson = MarketListingResponse;
export type ListingsJson = ListingsResponse;
export type OrdersJson = OrdersResponse;
/** The criteria of GET /v1/listings (prices in base units of `asset`). */
export type ListingQuery = ListingSearchOptions;

export const getListing = (address: string): Promise<MarketListingJson> => client.getListing(address);

export const searchListings = (query: ListingQuery): Promise<ListingsJson> => client.searchListings(query);

export const getOrder = (id: string): Promise<OrderJson> => client.getOrder(id);

export const getAccountOrders = (address: string, role: 'buyer' | 'seller', after?: string): Promise<OrdersJson> => client.getAccountOrders(address, { role, after });

export const getArbiterDisputes = (address: string, after?: string): Promise<OrdersJson> => client.getArbiterDisputes(address, { after });
