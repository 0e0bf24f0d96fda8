import { HOLDERS_SCAN_ENTRIES_MAX } from '../node/holders-queries.ts';
import { LINEAGE_ITEMS_MAX } from '../node/records-queries.ts';
import { COMMIT_WAIT_MS_MAX, EVENT_SUBSCRIBERS_MAX, HTTP_BATCH_TXS_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../node/limits.ts';
import {
  ACCOUNT_TXS_QUERY,
  ADDRESS_PARAMS,
  ASSET_PARAMS,
  ASSETS_QUERY,
  BLOCK_PARAMS,
  EVENTS_QUERY,
  SUBMIT_BODY,
  TX_PARAMS,
  WAIT_QUERY,
  object,
  schemaRef,
  type JsonSchema,
} from './schemas.ts';
import { ACCOUNT_CONTRACTS, ACCOUNT_CONTRACTS_QUERY, CONTRACT, CONTRACT_PARAMS, ITEM_RENTAL } from './contracts-schemas.ts';
import { CONTRACTS_SCAN_TXS_MAX } from '../node/contracts-queries.ts';
import { HISTORY_QUERY, ITEM, ITEM_HISTORY, ITEM_LINEAGE, ITEM_OWNER_PARAMS, ITEM_PARAMS, ITEMS, ITEMS_QUERY, LINEAGE_QUERY, REGISTRY, REGISTRY_PARAMS } from './records-schemas.ts';

/**
 * Every route of the API, defined once (spec/api.md): routes/*.ts register them with fastify (which
 * validates `params`, `querystring` and `body`) and openapi.ts documents them.
 */
export interface ResponseSpec {
  description: string;
  /** A component name (schemas.ts COMPONENTS), or an inline schema. */
  schema?: string | JsonSchema;
  /** application/json unless given. */
  contentType?: string;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** fastify form: `/v1/txs/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  responses: { [status: string]: ResponseSpec };
}

const error = (description: string): ResponseSpec => ({ description, schema: 'Error' });
const BAD_REQUEST = error('bad input: `bad_request` or a specific code');

export const ROUTES = {
  home: { method: 'GET', url: '/', operationId: 'home', summary: 'a small HTML page', tag: 'meta', querystring: { type: 'object' }, responses: { 200: { description: 'HTML', contentType: 'text/html' } } },
  evidence: {
    method: 'GET',
    url: '/v1/evidence',
    operationId: 'getEvidence',
    summary: 'equivocation seen by this node: two different signed votes of one validator for one height, round and type',
    tag: 'chain',
    responses: { 200: { description: 'evidence, oldest first (at most 1,000)', schema: 'Evidence' } },
  },
  status: { method: 'GET', url: '/v1/status', operationId: 'getStatus', summary: 'chain id, height, tip, mempool size', tag: 'chain', responses: { 200: { description: 'status', schema: 'Status' } } },
  params: {
    method: 'GET',
    url: '/v1/params',
    operationId: 'getParams',
    summary: 'native asset and fee schedule: fee = base[kind] + perByte × tx bytes',
    tag: 'chain',
    responses: { 200: { description: 'params', schema: 'Params' } },
  },
  submit: {
    method: 'POST',
    url: '/v1/txs',
    operationId: 'submitTxs',
    summary: `submit one tx ({tx}) or a batch (array of at most ${HTTP_BATCH_TXS_MAX}); ?wait=commit waits up to ${COMMIT_WAIT_MS_MAX} ms`,
    tag: 'txs',
    querystring: WAIT_QUERY,
    body: SUBMIT_BODY,
    responses: {
      200: { description: 'committed (one tx with ?wait=commit), or the results of a batch', schema: { oneOf: [schemaRef('SubmitResult'), schemaRef('BatchResponse')] } },
      202: { description: 'accepted into the mempool, not committed yet', schema: 'SubmitResult' },
      400: BAD_REQUEST,
      409: error('`duplicate_tx` (pending already) or `already_committed`'),
      413: error('`body_too_large`'),
      429: error('`mempool_full` or `sender_limit`'),
      503: error('`shutting_down`'),
    },
  },
  tx: {
    method: 'GET',
    url: '/v1/txs/:id',
    operationId: 'getTx',
    summary: 'a committed or pending tx with its receipt',
    tag: 'txs',
    params: TX_PARAMS,
    responses: { 200: { description: 'the tx', schema: 'Tx' }, 400: BAD_REQUEST, 404: error('`not_found`') },
  },
  block: {
    method: 'GET',
    url: '/v1/blocks/:height',
    operationId: 'getBlock',
    summary: 'a committed block with its commit; `latest` for the tip',
    tag: 'chain',
    params: BLOCK_PARAMS,
    responses: { 200: { description: 'the block', schema: 'Block' }, 400: BAD_REQUEST, 404: error('`not_found`') },
  },
  account: {
    method: 'GET',
    url: '/v1/accounts/:address',
    operationId: 'getAccount',
    summary: 'nonces and balances of an address',
    tag: 'accounts',
    params: ADDRESS_PARAMS,
    responses: { 200: { description: 'the account (an unused address has nonce 0 and no balances)', schema: 'Account' }, 400: error('`bad_address`') },
  },
  accountTxs: {
    method: 'GET',
    url: '/v1/accounts/:address/txs',
    operationId: 'getAccountTxs',
    summary: 'txs touching an address, newest first, paginated',
    tag: 'accounts',
    params: ADDRESS_PARAMS,
    querystring: ACCOUNT_TXS_QUERY,
    responses: { 200: { description: 'a page', schema: 'AccountTxs' }, 400: error('`bad_address` or `bad_request`') },
  },
  asset: {
    method: 'GET',
    url: '/v1/assets/:symbol',
    operationId: 'getAsset',
    summary: 'an asset by symbol',
    tag: 'assets',
    params: ASSET_PARAMS,
    responses: { 200: { description: 'the asset', schema: 'Asset' }, 400: error('`bad_symbol`'), 404: error('`not_found`') },
  },
  assets: {
    method: 'GET',
    url: '/v1/assets',
    operationId: 'listAssets',
    summary: 'assets in symbol order, paginated',
    tag: 'assets',
    querystring: ASSETS_QUERY,
    responses: { 200: { description: 'a page', schema: 'Assets' }, 400: BAD_REQUEST },
  },
  events: {
    method: 'GET',
    url: '/v1/events',
    operationId: 'streamEvents',
    summary: `Server-Sent Events: \`event: block\` (BlockEvent) and \`event: tx\` (TxEvent); at most ${EVENT_SUBSCRIBERS_MAX} subscribers`,
    tag: 'events',
    querystring: EVENTS_QUERY,
    responses: {
      200: { description: 'an endless text/event-stream; data lines hold BlockEvent or TxEvent JSON', contentType: 'text/event-stream' },
      400: error('`bad_address`'),
      429: error('`too_many_subscribers`'),
    },
  },
  holders: {
    method: 'GET',
    url: '/v1/assets/:symbol/holders',
    operationId: 'getAssetHolders',
    summary: `addresses holding an asset, in address order; each request visits at most ${HOLDERS_SCAN_ENTRIES_MAX} balances, so follow \`next\` until null`,
    tag: 'assets',
    params: ASSET_PARAMS,
    querystring: object(
      {
        limit: { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description: 'page size' },
        after: { type: 'string', minLength: 1, maxLength: 100, description: 'cursor: the `next` of the previous page (ADDRESS/SYMBOL)' },
      },
      ['limit', 'after'],
    ),
    responses: {
      200: {
        description: 'a page (it may hold fewer holders than `limit`, even none, with a non-null `next`)',
        schema: object({
          holders: { type: 'array', items: object({ address: { type: 'string' }, amount: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', description: 'base units' } }) },
          next: { oneOf: [{ type: 'string', description: 'cursor for `after`' }, { type: 'null' }] },
        }),
      },
      400: error('`bad_symbol` or `bad_request`'),
      404: error('`not_found`: no such asset'),
    },
  },
  // Records (spec/ledger.md §7.5): an unknown item or registry is 404 `unknown_item` / `unknown_registry` here,
  // while the same codes are 400 when a tx is refused at admission (spec/api.md §9).
  item: {
    method: 'GET',
    url: '/v1/items/:id',
    operationId: 'getItem',
    summary: 'a unique item: kind, owner, custodian, status, registry, lineage links, share lock',
    tag: 'records',
    params: ITEM_PARAMS,
    responses: { 200: { description: 'the item', schema: ITEM }, 400: error('`bad_item_id`'), 404: error('`unknown_item`') },
  },
  itemHistory: {
    method: 'GET',
    url: '/v1/items/:id/history',
    operationId: 'getItemHistory',
    summary: 'every tx that touched an item, oldest first, paginated by sequence number',
    tag: 'records',
    params: ITEM_PARAMS,
    querystring: HISTORY_QUERY,
    responses: { 200: { description: 'a page of history entries', schema: ITEM_HISTORY }, 400: error('`bad_item_id` or `bad_request`'), 404: error('`unknown_item`') },
  },
  itemLineage: {
    method: 'GET',
    url: '/v1/items/:id/lineage',
    operationId: 'getItemLineage',
    summary: `an item's ancestors (through parents) or descendants (through children), breadth first, at most ${LINEAGE_ITEMS_MAX}`,
    tag: 'records',
    params: ITEM_PARAMS,
    querystring: LINEAGE_QUERY,
    responses: { 200: { description: 'the lineage', schema: ITEM_LINEAGE }, 400: error('`bad_item_id` or `bad_request`'), 404: error('`unknown_item`') },
  },
  accountItems: {
    method: 'GET',
    url: '/v1/accounts/:address/items',
    operationId: 'getAccountItems',
    summary: 'items owned by an address (any status: a retired item keeps its last owner), in id order, paginated',
    tag: 'records',
    params: ITEM_OWNER_PARAMS,
    querystring: ITEMS_QUERY,
    responses: { 200: { description: 'a page', schema: ITEMS }, 400: error('`bad_address` or `bad_request`') },
  },
  registry: {
    method: 'GET',
    url: '/v1/registries/:name',
    operationId: 'getRegistry',
    summary: 'a registry: curator, open or curated, its first registrars and attesters',
    tag: 'records',
    params: REGISTRY_PARAMS,
    responses: { 200: { description: 'the registry', schema: REGISTRY }, 400: error('`bad_name`'), 404: error('`unknown_registry`') },
  },
  registryItems: {
    method: 'GET',
    url: '/v1/registries/:name/items',
    operationId: 'getRegistryItems',
    summary: 'items of a registry (any status), in id order, paginated',
    tag: 'records',
    params: REGISTRY_PARAMS,
    querystring: ITEMS_QUERY,
    responses: { 200: { description: 'a page', schema: ITEMS }, 400: error('`bad_name` or `bad_request`'), 404: error('`unknown_registry`') },
  },
  itemReport: {
    method: 'GET',
    url: '/v1/items/:id/report',
    operationId: 'getItemReport',
    summary: 'the provenance report of an item (spec/provenance.md): every event of it and its ancestors with tx and result proofs, block headers, commits and the validator set, in its canonical text; verify offline with `agora verify` or the SDK',
    tag: 'records',
    params: ITEM_PARAMS,
    responses: { 200: { description: 'the report (format agora-provenance/1)', schema: { type: 'object' } }, 400: error('`bad_item_id` or `report_too_large`'), 404: error('`unknown_item`') },
  },
  // Contracts (spec/ledger.md §8): 404 `unknown_contract` when the address holds no contract record.
  contract: {
    method: 'GET',
    url: '/v1/contracts/:address',
    operationId: 'getContract',
    summary: 'a contract (escrow, offer, split, rental, stream): its record decoded, what it holds, and what the latest block time makes of it `now` (lazy settlement, nothing written)',
    tag: 'contracts',
    params: CONTRACT_PARAMS,
    responses: { 200: { description: 'the contract, by `type`', schema: CONTRACT }, 400: error('`bad_address`'), 404: error('`unknown_contract`') },
  },
  accountContracts: {
    method: 'GET',
    url: '/v1/accounts/:address/contracts',
    operationId: 'getAccountContracts',
    summary: `contracts in which an address has a role, newest first, from the txs touching it; each request visits at most ${CONTRACTS_SCAN_TXS_MAX} txs, so follow \`next\` until null`,
    tag: 'contracts',
    params: CONTRACT_PARAMS,
    querystring: ACCOUNT_CONTRACTS_QUERY,
    responses: { 200: { description: 'a page (it may hold fewer contracts than `limit`, even none, with a non-null `next`)', schema: ACCOUNT_CONTRACTS }, 400: error('`bad_address` or `bad_request`') },
  },
  itemRental: {
    method: 'GET',
    url: '/v1/items/:id/rental',
    operationId: 'getItemRental',
    summary: "an item's open rental offer (null when none) and who uses it at the latest block time",
    tag: 'contracts',
    params: ITEM_PARAMS,
    responses: { 200: { description: 'the rental and the user', schema: ITEM_RENTAL }, 400: error('`bad_item_id`'), 404: error('`unknown_item`') },
  },
  webApp: {
    method: 'GET',
    url: '/*',
    operationId: 'webApp',
    summary: 'the web app: its files (hashed assets cached for a year), and index.html for every client route',
    tag: 'meta',
    querystring: { type: 'object' },
    responses: { 200: { description: 'a file of the built web app', contentType: 'text/html' }, 404: error('`not_found`: no such file, or an unknown /v1 route') },
  },
  metrics: { method: 'GET', url: '/metrics', operationId: 'getMetrics', summary: 'Prometheus metrics', tag: 'meta', responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } } },
  openapi: { method: 'GET', url: '/v1/openapi.json', operationId: 'getOpenApi', summary: 'this document', tag: 'meta', responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object' } } } },
} satisfies { [name: string]: RouteSpec };

export type RouteName = keyof typeof ROUTES;
