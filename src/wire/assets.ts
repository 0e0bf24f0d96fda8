import { PATHS } from './paths.ts';
import { pageLimit } from './common.ts';
import { HOLDERS_SCAN_ENTRIES_MAX } from './limits.ts';
import { BAD_REQUEST, errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, describe, integer, nullable, object, string, type Static } from './schema.ts';

/** Assets and their holders (spec/api.md §3). */

/** Only bounded here, so that a malformed symbol gets `bad_symbol` from the query. */
export const SYMBOL = string('asset symbol: 2-12 upper-case letters or digits, starting with a letter', { minLength: 1, maxLength: 64 });
export const ASSET_PARAMS = object({ symbol: SYMBOL });
export const ASSETS_QUERY = object({ limit: pageLimit(), after: describe(SYMBOL, 'cursor: the `next` of the previous page') }, ['limit', 'after']);
export const HOLDERS_QUERY = object(
  { limit: pageLimit(), after: string('cursor: the `next` of the previous page (ADDRESS/SYMBOL)', { minLength: 1, maxLength: 100 }) },
  ['limit', 'after'],
);

export const ASSET = object({
  symbol: string(),
  name: string(),
  decimals: integer('display only'),
  supply: decimal(),
  maxSupply: nullable(decimal()),
  mintAuthority: nullable(string()),
  creator: string('an address, or "genesis"'),
  mintable: boolean(),
});

export const ASSETS = object({ assets: array(ASSET), next: nullable(string('cursor for `after`')) });

export const HOLDER = object({ address: string(), amount: decimal('base units') });
export const HOLDERS = object({
  holders: array(HOLDER, { description: 'in address order (byte order of the bech32m text)' }),
  next: nullable(string('cursor for `after` (ADDRESS/SYMBOL, opaque); null once every balance was visited')),
});

export type AssetResponse = Static<typeof ASSET>;
export type AssetsResponse = Static<typeof ASSETS>;
export type HolderJson = Static<typeof HOLDER>;
export type AssetHoldersResponse = Static<typeof HOLDERS>;

export const ASSET_ROUTES = {
  asset: {
    ...PATHS.asset,
    operationId: 'getAsset',
    summary: 'an asset by symbol',
    tag: 'assets',
    params: ASSET_PARAMS,
    responses: { 200: { description: 'the asset', schema: ASSET }, 400: errorResponse('`bad_symbol`'), 404: errorResponse('`not_found`') },
  },
  assets: {
    ...PATHS.assets,
    operationId: 'listAssets',
    summary: 'assets in symbol order, paginated',
    tag: 'assets',
    query: ASSETS_QUERY,
    responses: { 200: { description: 'a page', schema: ASSETS }, 400: BAD_REQUEST },
  },
  holders: {
    ...PATHS.holders,
    operationId: 'getAssetHolders',
    summary: `addresses holding an asset, in address order; each request visits at most ${HOLDERS_SCAN_ENTRIES_MAX} balances, so follow \`next\` until null`,
    tag: 'assets',
    params: ASSET_PARAMS,
    query: HOLDERS_QUERY,
    responses: {
      200: { description: 'a page (it may hold fewer holders than `limit`, even none, with a non-null `next`)', schema: HOLDERS },
      400: errorResponse('`bad_symbol` or `bad_request`'),
      404: errorResponse('`not_found`: no such asset'),
    },
  },
} satisfies { [name: string]: RouteSpec };
