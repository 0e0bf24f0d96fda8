import { ACCOUNT, ACCOUNT_ROUTES, ACCOUNT_TXS } from './accounts.ts';
import { ASSET, ASSET_ROUTES, ASSETS, HOLDERS } from './assets.ts';
import { BLOCK, BLOCK_EVENT, CHAIN_ROUTES, EVIDENCE, GENESIS, HEADER, PARAMS, STATUS, TX_EVENT, VALIDATORS } from './chain.ts';
import { ERROR } from './common.ts';
import { ACCOUNT_CONTRACTS, CONTRACT, CONTRACT_ROUTES, ITEM_RENTAL } from './contracts.ts';
import { CREDENTIALS, LISTINGS, MARKET_LISTING, MARKET_ROUTES, ORDER, ORDERS } from './market.ts';
import { META_ROUTES } from './meta.ts';
// organisations (spec/org.md)
import { ACCOUNT_ORGS, ORG_CONTRIBUTION_DETAIL, ORG_CONTRIBUTIONS, ORG_MEMBERS, ORG_MOTION_DETAIL, ORG_MOTIONS, ORG_ROUTES, ORG_VIEW } from './org.ts';
import type { RoutePaths } from './paths.ts';
import { PROVENANCE_REPORT, PROVENANCE_ROUTES } from './provenance.ts';
import { HISTORY_ENTRY, ITEM, ITEM_HISTORY, ITEM_LINEAGE, ITEMS, RECORD_ROUTES, REGISTRY } from './records.ts';
// reputation (spec/reputation.md)
import { REPUTATION, REPUTATION_REPORT, REPUTATION_ROUTES, REVIEWS } from './reputation.ts';
import type { RouteSpec } from './route.ts';
import type { JsonSchema } from './schema.ts';
import { BATCH_RESPONSE, RECEIPT, SUBMIT_RESULT, TX, TX_ROUTES } from './txs.ts';
// work on demand (spec/work.md)
import { ACCOUNT_JOBS, JOBS, WORK_ROUTES } from './work.ts';

/**
 * Every route of the HTTP API (spec/api.md), defined once: src/api registers them with fastify,
 * src/client calls them, src/api/openapi.ts documents them, and the tests check every answer
 * against them (test/api/response-check.ts).
 */
export const ROUTES = {
  ...META_ROUTES,
  ...CHAIN_ROUTES,
  ...TX_ROUTES,
  ...ACCOUNT_ROUTES,
  ...ASSET_ROUTES,
  ...RECORD_ROUTES,
  ...PROVENANCE_ROUTES,
  ...CONTRACT_ROUTES,
  // reputation (spec/reputation.md)
  ...REPUTATION_ROUTES,
  ...MARKET_ROUTES,
  // organisations (spec/org.md)
  ...ORG_ROUTES,
  // work on demand (spec/work.md)
  ...WORK_ROUTES,
  // Every address of PATHS has its route (test/wire checks there is no other).
} satisfies { [name in keyof RoutePaths]: RouteSpec };

export type RouteName = keyof typeof ROUTES;
export type Routes = typeof ROUTES;

/**
 * The named shapes of the OpenAPI document (`components.schemas`): wherever one of these objects
 * appears in a route's schema, the document refers to it by name instead of repeating it.
 */
export const COMPONENTS: { readonly [name: string]: JsonSchema } = {
  Error: ERROR,
  Status: STATUS,
  Evidence: EVIDENCE,
  Params: PARAMS,
  Genesis: GENESIS,
  Validators: VALIDATORS,
  Receipt: RECEIPT,
  SubmitResult: SUBMIT_RESULT,
  BatchResponse: BATCH_RESPONSE,
  Tx: TX,
  Header: HEADER,
  Block: BLOCK,
  Account: ACCOUNT,
  AccountTxs: ACCOUNT_TXS,
  Asset: ASSET,
  Assets: ASSETS,
  Holders: HOLDERS,
  BlockEvent: BLOCK_EVENT,
  TxEvent: TX_EVENT,
  Item: ITEM,
  HistoryEntry: HISTORY_ENTRY,
  ItemHistory: ITEM_HISTORY,
  ItemLineage: ITEM_LINEAGE,
  Items: ITEMS,
  Registry: REGISTRY,
  ProvenanceReport: PROVENANCE_REPORT,
  Contract: CONTRACT,
  AccountContracts: ACCOUNT_CONTRACTS,
  ItemRental: ITEM_RENTAL,
  // reputation (spec/reputation.md)
  Reputation: REPUTATION,
  Reviews: REVIEWS,
  ReputationReport: REPUTATION_REPORT,
  MarketListing: MARKET_LISTING,
  Listings: LISTINGS,
  Order: ORDER,
  Orders: ORDERS,
  Credentials: CREDENTIALS,
  // organisations (spec/org.md)
  Org: ORG_VIEW,
  OrgMembers: ORG_MEMBERS,
  OrgContributions: ORG_CONTRIBUTIONS,
  OrgContribution: ORG_CONTRIBUTION_DETAIL,
  OrgMotions: ORG_MOTIONS,
  OrgMotion: ORG_MOTION_DETAIL,
  AccountOrgs: ACCOUNT_ORGS,
  // work on demand (spec/work.md)
  Jobs: JOBS,
  AccountJobs: ACCOUNT_JOBS,
};
