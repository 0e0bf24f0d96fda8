import type { Json } from '../codec/json.ts';
import { HTTP_BATCH_TXS_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../node/limits.ts';

/**
 * JSON Schemas of the API, written once: the request parts are handed to fastify (which validates
 * every request with them) and, with the response parts, make the OpenAPI document (openapi.ts).
 * Response schemas are documentation only: handlers build those shapes with src/node/queries.ts.
 */
export type JsonSchema = { [keyword: string]: Json };

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const string = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const integer = (description?: string): JsonSchema => ({ type: 'integer', minimum: 0, ...(description ? { description } : {}) });
const decimal = (description = 'decimal string of an unsigned integer'): JsonSchema => string(description, { pattern: '^(0|[1-9][0-9]*)$' });
const hex = (description: string, bytes?: number): JsonSchema => string(description, { pattern: bytes === undefined ? '^(?:[0-9a-f]{2})*$' : `^[0-9a-f]{${bytes * 2}}$` });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const array = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });

/** An object schema: every listed property required unless named in `optional`; no others allowed. */
export function object(properties: { [name: string]: JsonSchema }, optional: string[] = []): JsonSchema {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties).filter((name) => !optional.includes(name)), properties };
}

// ---- request parts ----------------------------------------------------------------------------

export const TX_ID = hex('tx id: SHA-256 of the canonical tx bytes', 32);
export const SUBMIT_ITEM = object({ tx: hex('canonical tx bytes (spec/encoding.md), lower-case hex') });
export const SUBMIT_BODY: JsonSchema = {
  oneOf: [SUBMIT_ITEM, array(SUBMIT_ITEM, { minItems: 1, maxItems: HTTP_BATCH_TXS_MAX, description: `a batch of at most ${HTTP_BATCH_TXS_MAX} txs` })],
};
export const WAIT_QUERY = object({ wait: string('wait for the commit (bounded by COMMIT_WAIT_MS_MAX)', { enum: ['commit'] }) }, ['wait']);
export const TX_PARAMS = object({ id: TX_ID });
export const BLOCK_PARAMS = object({ height: string('a height ≥ 1, or "latest"', { pattern: '^(latest|[0-9]{1,15})$' }) });
export const ADDRESS = string('bech32m agora1… address', { minLength: 1, maxLength: 90 });
export const ADDRESS_PARAMS = object({ address: ADDRESS });
const LIMIT: JsonSchema = { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description: 'page size' };
export const ACCOUNT_TXS_QUERY = object({ limit: LIMIT, before: string('cursor: the `next` of the previous page, HEIGHT.INDEX', { pattern: '^[0-9]{1,15}\\.[0-9]{1,9}$' }) }, ['limit', 'before']);
export const SYMBOL = string('asset symbol: 2-12 upper-case letters or digits, starting with a letter', { minLength: 1, maxLength: 64 });
export const ASSET_PARAMS = object({ symbol: SYMBOL });
export const ASSETS_QUERY = object({ limit: LIMIT, after: { ...SYMBOL, description: 'cursor: the `next` of the previous page' } }, ['limit', 'after']);
export const EVENTS_QUERY = object({ address: { ...ADDRESS, description: 'stream only the txs touching this address (no block events)' } }, ['address']);

// ---- response parts (components of the OpenAPI document) ----------------------------------------

const RECEIPT = object(
  {
    code: string("'ok' or the payload's rejection code"),
    message: string(),
    fee: decimal('fee charged, in the native asset'),
    events: array(object({ type: string(), attributes: { type: 'object', additionalProperties: { type: 'string' } } })),
  },
  ['message'],
);

const HEADER = object({
  chainId: string(),
  height: integer(),
  timeMs: integer('block time, ms since 1970 (the proposer clock)'),
  previousHash: hex('hash of the previous block (the genesis hash for block 1)', 32),
  txRoot: hex('Merkle root of the tx ids', 32),
  resultsRoot: hex('Merkle root of the txs\' results: code, fee and events (spec/chain.md §1)', 32),
  stateRoot: hex('root of the state trie after this block', 32),
  proposer: string('address of the proposer'),
  validatorsHash: hex('hash of the validator set', 32),
  txCount: integer(),
});

const PENDING = object({ id: TX_ID, status: string("'pending': in the mempool; 'unknown': evicted without a commit", { enum: ['pending', 'unknown'] }) });
const COMMITTED = object({ id: TX_ID, status: string(undefined, { enum: ['committed'] }), height: integer(), index: integer(), receipt: ref('Receipt') });
const ASSET = object({
  symbol: string(),
  name: string(),
  decimals: integer('display only'),
  supply: decimal(),
  maxSupply: nullable(decimal()),
  mintAuthority: nullable(string()),
  creator: string('an address, or "genesis"'),
  mintable: { type: 'boolean' },
});

export const COMPONENTS: { [name: string]: JsonSchema } = {
  Error: object({ error: object({ code: string('stable, machine-readable'), message: string('short, for people') }) }),
  Status: object({
    chainId: string(),
    genesisHash: hex('genesis hash', 32),
    height: integer('committed height; 0 before the first block'),
    lastBlockHash: hex('hash of the last block (the genesis hash at height 0)', 32),
    lastBlockTimeMs: integer(),
    validator: nullable(string('this node’s validator address')),
    mempoolSize: integer(),
    version: string(),
    peerId: nullable(string('libp2p peer id, null without networking')),
    peers: integer('connected peers'),
  }),
  Evidence: object({
    evidence: array(
      object({
        validator: string(),
        height: integer(),
        round: integer(),
        type: string('prevote or precommit'),
        first: object({ blockHash: nullable(hex('block hash, null for nil', 32)), signature: hex('signature', 64) }),
        second: object({ blockHash: nullable(hex('block hash, null for nil', 32)), signature: hex('signature', 64) }),
      }),
    ),
  }),
  Params: object({
    chainId: string(),
    nativeAsset: string(),
    fees: object({ perByte: decimal(), base: { type: 'object', additionalProperties: decimal(), description: 'fixed part per tx kind; absent means 0' } }),
  }),
  Receipt: RECEIPT,
  SubmitResult: { oneOf: [PENDING, COMMITTED] },
  BatchResponse: object({ results: array({ oneOf: [PENDING, COMMITTED, ref('Error')] }) }),
  Tx: object(
    {
      id: TX_ID,
      status: string(undefined, { enum: ['committed', 'pending'] }),
      height: integer(),
      index: integer(),
      receipt: ref('Receipt'),
      tx: object({
        chainId: string(),
        kind: string(),
        payload: { type: 'object', description: 'the kind’s payload; amounts as decimal strings' },
        signers: array(object({ address: string(), publicKey: hex('Ed25519 public key', 32), nonce: decimal() })),
        fee: decimal('the most the payer accepts to pay'),
        expiresAt: nullable(integer('last height at which the tx may be included')),
      }),
      signatures: array(hex('Ed25519 signature', 64)),
      size: integer('length of the canonical tx bytes'),
    },
    ['height', 'index', 'receipt'],
  ),
  Header: HEADER,
  Block: object({
    height: integer(),
    hash: hex('block hash: SHA-256 of the canonical header', 32),
    header: ref('Header'),
    txs: array(TX_ID),
    commit: object({ round: integer(), signatures: array(object({ validator: string(), signature: hex('precommit signature', 64) })) }),
  }),
  Account: object({
    address: string(),
    nonce: decimal('next nonce per committed state'),
    pendingNonce: decimal('next nonce once pending txs commit: sign with this one'),
    balances: array(object({ asset: string(), amount: decimal() }), { maxItems: PAGE_LIMIT_MAX }),
    moreBalances: { type: 'boolean' },
  }),
  AccountTxs: object({ txs: array(object({ id: TX_ID, height: integer(), index: integer() })), next: nullable(string('cursor for `before`')) }),
  Asset: ASSET,
  Assets: object({ assets: array(ref('Asset')), next: nullable(string('cursor for `after`')) }),
  BlockEvent: object({ height: integer(), hash: hex('block hash', 32), header: ref('Header'), txs: array(TX_ID) }),
  TxEvent: object({ id: TX_ID, height: integer(), index: integer(), addresses: array(string()), receipt: ref('Receipt') }),
};

export const schemaRef = ref;
