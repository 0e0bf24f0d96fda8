import { PATHS } from './paths.ts';
import { ERROR, TX_ID } from './common.ts';
import { COMMIT_WAIT_MS_MAX, HTTP_BATCH_TXS_MAX } from './limits.ts';
import { BAD_REQUEST, errorResponse, type RouteSpec } from './route.ts';
import { array, decimal, enumOf, hex, integer, jsonObject, nullable, object, oneOf, record, string, type Static } from './schema.ts';

/** Submitting txs and reading one (spec/api.md §`POST /v1/txs`, §`GET /v1/txs/:id`). */

// ---- request parts ------------------------------------------------------------------------------

export const SUBMIT_ITEM = object({ tx: hex('canonical tx bytes (spec/encoding.md), lower-case hex') });
export const SUBMIT_BODY = oneOf([SUBMIT_ITEM, array(SUBMIT_ITEM, { minItems: 1, maxItems: HTTP_BATCH_TXS_MAX, description: `a batch of at most ${HTTP_BATCH_TXS_MAX} txs` })]);
export const WAIT_QUERY = object({ wait: enumOf(['commit'], 'wait for the commit (bounded by COMMIT_WAIT_MS_MAX)') }, ['wait']);
export const TX_PARAMS = object({ id: TX_ID });

// ---- answers ------------------------------------------------------------------------------------

export const LEDGER_EVENT = object({ type: string(), attributes: record(string()) });

export const RECEIPT = object(
  {
    code: string("'ok' or the payload's rejection code (the fee is charged anyway)"),
    message: string(),
    fee: decimal('fee charged, in the native asset'),
    events: array(LEDGER_EVENT),
  },
  ['message'],
);

const PENDING = object({ id: TX_ID, status: enumOf(['pending', 'unknown'], "'pending': in the mempool; 'unknown': evicted without a commit") });
const COMMITTED = object({ id: TX_ID, status: enumOf(['committed']), height: integer(), index: integer(), receipt: RECEIPT });

export const SUBMIT_RESULT = oneOf([PENDING, COMMITTED]);
export const BATCH_RESPONSE = object({ results: array(oneOf([PENDING, COMMITTED, ERROR])) });

export const SIGNER = object({ address: string(), publicKey: hex('Ed25519 public key', 32), nonce: decimal() });

export const TX_BODY = object({
  chainId: string(),
  kind: string(),
  payload: jsonObject('the kind’s payload; amounts as decimal strings'),
  signers: array(SIGNER),
  fee: decimal('the most the payer accepts to pay'),
  expiresAt: nullable(integer('last height at which the tx may be included')),
});

export const TX = object(
  {
    id: TX_ID,
    status: enumOf(['committed', 'pending']),
    height: integer(),
    index: integer(),
    receipt: RECEIPT,
    tx: TX_BODY,
    signatures: array(hex('Ed25519 signature', 64), { description: 'one per signer, in the signers’ order' }),
    size: integer('length of the canonical tx bytes'),
  },
  ['height', 'index', 'receipt'],
);

export type LedgerEventJson = Static<typeof LEDGER_EVENT>;
export type ReceiptJson = Static<typeof RECEIPT>;
export type PendingResult = Static<typeof PENDING>;
export type CommittedResult = Static<typeof COMMITTED>;
export type SubmitResult = Static<typeof SUBMIT_RESULT>;
export type BatchResponse = Static<typeof BATCH_RESPONSE>;
export type BatchItemResult = BatchResponse['results'][number];
export type SignerJson = Static<typeof SIGNER>;
export type TxBodyJson = Static<typeof TX_BODY>;
export type TxResponse = Static<typeof TX>;

// ---- routes -------------------------------------------------------------------------------------

export const TX_ROUTES = {
  submit: {
    ...PATHS.submit,
    operationId: 'submitTxs',
    summary: `submit one tx ({tx}) or a batch (array of at most ${HTTP_BATCH_TXS_MAX}); ?wait=commit waits up to ${COMMIT_WAIT_MS_MAX} ms`,
    tag: 'txs',
    query: WAIT_QUERY,
    body: SUBMIT_BODY,
    responses: {
      200: { description: 'committed (one tx with ?wait=commit), or the results of a batch', schema: oneOf([SUBMIT_RESULT, BATCH_RESPONSE]) },
      202: { description: 'accepted into the mempool, not committed yet', schema: SUBMIT_RESULT },
      400: BAD_REQUEST,
      409: errorResponse('`duplicate_tx` (pending already) or `already_committed`'),
      413: errorResponse('`body_too_large`'),
      415: errorResponse('`unsupported_media_type`: the body is not application/json'),
      429: errorResponse('`mempool_full` or `sender_limit`'),
      503: errorResponse('`shutting_down`'),
    },
  },
  tx: {
    ...PATHS.tx,
    operationId: 'getTx',
    summary: 'a committed or pending tx with its receipt',
    tag: 'txs',
    params: TX_PARAMS,
    responses: { 200: { description: 'the tx', schema: TX }, 400: BAD_REQUEST, 404: errorResponse('`not_found`') },
  },
} satisfies { [name: string]: RouteSpec };
