import { PATHS } from './paths.ts';
import { ADDRESS, TX_ID, heightIndexCursor, pageLimit } from './common.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, integer, nullable, object, string, type Static } from './schema.ts';

/** Accounts: nonces, balances and the txs touching an address (spec/api.md §3). */

export const ADDRESS_PARAMS = object({ address: ADDRESS });
export const ACCOUNT_TXS_QUERY = object({ limit: pageLimit(), before: heightIndexCursor('cursor: the `next` of the previous page, HEIGHT.INDEX') }, ['limit', 'before']);

export const BALANCE = object({ asset: string(), amount: decimal() });

export const ACCOUNT = object({
  address: string(),
  nonce: decimal('next nonce per committed state'),
  pendingNonce: decimal('next nonce once pending txs commit: sign with this one'),
  balances: array(BALANCE, { maxItems: PAGE_LIMIT_MAX, description: 'non-zero balances in symbol order' }),
  moreBalances: boolean('true when the account holds more assets than `balances` lists'),
});

export const TX_LOCATION = object({ id: TX_ID, height: integer(), index: integer() });
export const ACCOUNT_TXS = object({ txs: array(TX_LOCATION, { description: 'newest first' }), next: nullable(string('cursor for `before`')) });

export type BalanceJson = Static<typeof BALANCE>;
export type AccountResponse = Static<typeof ACCOUNT>;
export type TxLocationJson = Static<typeof TX_LOCATION>;
export type AccountTxsResponse = Static<typeof ACCOUNT_TXS>;

export const ACCOUNT_ROUTES = {
  account: {
    ...PATHS.account,
    operationId: 'getAccount',
    summary: 'nonces and balances of an address',
    tag: 'accounts',
    params: ADDRESS_PARAMS,
    responses: { 200: { description: 'the account (an unused address has nonce 0 and no balances)', schema: ACCOUNT }, 400: errorResponse('`bad_address`') },
  },
  accountTxs: {
    ...PATHS.accountTxs,
    operationId: 'getAccountTxs',
    summary: 'txs touching an address, newest first, paginated',
    tag: 'accounts',
    params: ADDRESS_PARAMS,
    query: ACCOUNT_TXS_QUERY,
    responses: { 200: { description: 'a page', schema: ACCOUNT_TXS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
} satisfies { [name: string]: RouteSpec };
