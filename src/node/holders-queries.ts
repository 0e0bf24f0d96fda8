import { decode } from '../codec/cbor.ts';
import { readUint } from '../codec/shape.ts';
import { AMOUNT_MAX } from '../ledger/limits.ts';
import { getAsset } from '../ledger/accounts/balances.ts';
import type { StoreReader } from './store-port.ts';
import { NodeError } from './errors.ts';
import type { NodeReader } from './reader.ts';
import { checkSymbol } from './queries.ts';
import { HOLDERS_SCAN_ENTRIES_MAX } from '../wire/limits.ts';

/**
 * The holders of an asset (spec/api.md §`GET /v1/assets/:symbol/holders`). Balances are stored as
 * `bal/<address>/<asset>` (spec/ledger.md §State), so there is no index by asset: a page is found by
 * walking the balance keys in order and keeping those of the asset. The walk is bounded by
 * HOLDERS_SCAN_ENTRIES_MAX balance entries per request, so a page may hold fewer holders than asked
 * (even none) with a non-null `next`: a client follows `next` until it is null.
 */

/** Balance entries (of any asset) one request may visit: the bound on a request's work (src/wire/limits.ts). */
export { HOLDERS_SCAN_ENTRIES_MAX };
/** Entries read per store call; a full chunk is continued after its last key. */
const SCAN_CHUNK = 256;
const BALANCE_PREFIX = 'bal/';

/** One holder: an address and its non-zero balance of the asset, in base units. */
export interface HolderJson {
  address: string;
  amount: string;
}

export interface AssetHoldersResponse {
  /** In address order (byte order of the bech32m text). */
  holders: HolderJson[];
  /** The `after` cursor of the next page (`ADDRESS/SYMBOL`, opaque), or null once every balance was visited. */
  next: string | null;
}

/** `ADDRESS/SYMBOL`: the balance key (without `bal/`) where the previous page stopped. */
const HOLDERS_CURSOR_PATTERN = /^agora1[02-9ac-hj-np-z]{38}\/[A-Z][A-Z0-9]{1,11}$/;

export function queryAssetHolders(node: NodeReader, symbol: string, limit: number, after?: string): AssetHoldersResponse {
  checkSymbol(symbol);
  if (getAsset(node.store, symbol) === undefined) throw new NodeError('not_found', `no asset ${symbol}`);
  if (after !== undefined && !HOLDERS_CURSOR_PATTERN.test(after)) throw new NodeError('bad_request', 'after: expected the `next` of the previous page, ADDRESS/SYMBOL');
  const suffix = `/${symbol}`;
  const holders: HolderJson[] = [];
  let visited = 0;
  let lastKey = '';
  // One holder more than asked tells whether a next page exists, as the other list routes do.
  for (const { key, value } of balancesAfter(node.store, after ?? '')) {
    if (key.endsWith(suffix)) {
      if (holders.length === limit) return { holders, next: lastKey.slice(BALANCE_PREFIX.length) };
      holders.push({ address: key.slice(BALANCE_PREFIX.length, -suffix.length), amount: readUint(decode(value), 'balance', AMOUNT_MAX).toString() });
    }
    lastKey = key;
    visited += 1;
    if (visited === HOLDERS_SCAN_ENTRIES_MAX) return { holders, next: lastKey.slice(BALANCE_PREFIX.length) };
  }
  return { holders, next: null };
}

/**
 * The balance entries whose key sorts after `bal/` + `after`, in key order, read lazily in chunks of
 * SCAN_CHUNK: each chunk starts after the previous one's last key (the store's cursor).
 */
function* balancesAfter(store: StoreReader, after: string): Generator<{ key: string; value: Uint8Array }> {
  let cursor = after;
  for (;;) {
    const entries = store.scanState(BALANCE_PREFIX, SCAN_CHUNK, cursor);
    yield* entries;
    const last = entries.at(-1);
    if (entries.length < SCAN_CHUNK || last === undefined) return;
    cursor = last.key.slice(BALANCE_PREFIX.length);
  }
}
