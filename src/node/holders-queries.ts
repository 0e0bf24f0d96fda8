import { decode } from '../codec/cbor.ts';
import { readUint } from '../codec/shape.ts';
import { AMOUNT_MAX } from '../ledger/limits.ts';
import { getAsset } from '../ledger/value/records.ts';
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
export const HOLDERS_CURSOR_PATTERN = /^agora1[02-9ac-hj-np-z]{38}\/[A-Z][A-Z0-9]{1,11}$/;

export function queryAssetHolders(node: NodeReader, symbol: string, limit: number, after?: string): AssetHoldersResponse {
  checkSymbol(symbol);
  if (getAsset(node.store, symbol) === undefined) throw new NodeError('not_found', `no asset ${symbol}`);
  if (after !== undefined && !HOLDERS_CURSOR_PATTERN.test(after)) throw new NodeError('bad_request', 'after: expected the `next` of the previous page, ADDRESS/SYMBOL');
  const suffix = `/${symbol}`;
  const holders: HolderJson[] = [];
  let visited = 0;
  let lastKey = '';
  // One holder more than asked tells whether a next page exists, as the other list routes do.
  for (const { key, value } of scanAfter(node.store, BALANCE_PREFIX, after ?? '')) {
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

/** bech32 data characters (BIP-173), in byte order: the 38 characters after `agora1`. */
const ADDRESS_ALPHABET = '023456789acdefghjklmnpqrstuvwxyz';
/** Characters of symbols (ASSET_SYMBOL_PATTERN), in byte order. */
const SYMBOL_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ADDRESS_HRP = 'agora1';
const ADDRESS_LENGTH = 44;

/**
 * The characters that can follow `key.slice(0, position)` in a balance key `<address>/<symbol>` and
 * sort after `key[position]`: none inside `agora1` and at the `/` (every key has them), bech32 data
 * characters in the address, symbol characters after it. Knowing the layout halves the empty range
 * reads of the walk below (each costs ~30 µs in lmdb-js, measured).
 */
function charactersAfter(key: string, position: number): string {
  const alphabet = position < ADDRESS_HRP.length || position === ADDRESS_LENGTH ? '' : position < ADDRESS_LENGTH ? ADDRESS_ALPHABET : SYMBOL_ALPHABET;
  const at = alphabet.indexOf(key[position]);
  if (alphabet !== '' && at < 0) throw new NodeError('internal', 'a balance key holds a character outside its alphabet');
  return alphabet.slice(at + 1);
}

/**
 * The balance entries whose key sorts after `prefix + after`, in key order, read lazily in chunks.
 * The store offers prefix scans only, so the keys after a given one are visited as prefixes, as
 * queries.ts does for asset symbols: `after` extended, then for each position from the last, every
 * larger character there. A `scanState(prefix, limit, after)` in the store would replace this.
 */
function* scanAfter(store: StoreReader, prefix: string, after: string): Generator<{ key: string; value: Uint8Array }> {
  const from = prefix + after;
  yield* scanWhole(store, from, from);
  const key = from.slice(BALANCE_PREFIX.length);
  for (let i = after.length - 1; i >= 0; i--) {
    const position = prefix.length - BALANCE_PREFIX.length + i;
    for (const next of charactersAfter(key, position)) yield* scanWhole(store, prefix + after.slice(0, i) + next, from);
  }
}

/** Every entry under `prefix` whose key is greater than `exclusive`, in order. */
function* scanWhole(store: StoreReader, prefix: string, exclusive: string): Generator<{ key: string; value: Uint8Array }> {
  const entries = store.scanState(prefix, SCAN_CHUNK);
  for (const entry of entries) if (entry.key > exclusive) yield entry;
  const last = entries.at(-1);
  if (entries.length === SCAN_CHUNK && last !== undefined) yield* scanAfter(store, prefix, last.key.slice(prefix.length));
}
