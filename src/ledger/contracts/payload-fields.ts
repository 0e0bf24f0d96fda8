import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap, readSmallUint } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { HOLDING_ASSETS_MAX, HOLDING_ITEMS_MAX, TIME_MS_MAX } from '../limits.ts';
import { readItemId } from '../records/payload-fields.ts';
import { readAmount, readSymbol } from '../payload-fields.ts';
import type { AssetAmount, Holding } from './value-types.ts';

/** Payload fields shared by the contract kinds (spec/ledger.md §8.1), each check with its own code. */

/** A block time in ms: a uint ≤ 2^53 − 1, else `bad_shape`. */
export function readTimeMs(value: CborValue | undefined, path: string): number {
  return readSmallUint(value, path, TIME_MS_MAX);
}

function readAssetAmounts(value: CborValue, path: string): AssetAmount[] {
  const seen = new Set<string>();
  return readArray(value, path, 1, HOLDING_ASSETS_MAX).map((entry, i) => {
    const fields = readMap(entry, `${path}[${i}]`, ['asset', 'amount']);
    const asset = readSymbol(fields.asset, `${path}[${i}].asset`);
    const amount = readAmount(fields.amount, `${path}[${i}].amount`);
    if (seen.has(asset)) throw new RejectError('bad_shape', `${path}[${i}]: asset ${asset} appears twice; give one entry per asset`);
    seen.add(asset);
    return { asset, amount };
  });
}

function readItems(value: CborValue, path: string): string[] {
  const ids = readArray(value, path, 1, HOLDING_ITEMS_MAX).map((id, i) => readItemId(id, `${path}[${i}]`));
  if (new Set(ids).size !== ids.length) throw new RejectError('bad_shape', `${path}: an item appears twice`);
  return ids;
}

/**
 * A holding: a map with `assets` (1 … HOLDING_ASSETS_MAX `{ asset, amount }`, each asset once) and
 * `items` (1 … HOLDING_ITEMS_MAX item ids, each once), both optional but not both absent. Checks in
 * order: the map and its fields (`bad_shape`), each asset entry (`bad_shape`, `bad_symbol`,
 * `bad_amount`, a repeated asset `bad_shape`), each item (`bad_item_id`, a repeated item `bad_shape`),
 * not empty (`bad_shape`). `extraFields` are allowed in the map and left to the caller.
 */
export function readHolding(value: CborValue | undefined, path: string, extraFields: readonly string[] = []): Holding {
  const map = readMap(value, path, ['assets', 'items', ...extraFields]);
  const holding: Holding = {};
  if (map.assets !== undefined) holding.assets = readAssetAmounts(map.assets, `${path}.assets`);
  if (map.items !== undefined) holding.items = readItems(map.items, `${path}.items`);
  if (holding.assets === undefined && holding.items === undefined) throw new RejectError('bad_shape', `${path}: a holding has assets, items, or both`);
  return holding;
}

/** Every item of `holdings`, refusing one that appears in two of them (`bad_shape`). */
export function checkItemsOnce(holdings: readonly Holding[], path: string): void {
  const seen = new Set<string>();
  for (const holding of holdings) {
    for (const id of holding.items ?? []) {
      if (seen.has(id)) throw new RejectError('bad_shape', `${path}: item ${id} appears twice`);
      seen.add(id);
    }
  }
}

/** Sum per asset of several holdings, in symbol order. */
export function assetTotals(holdings: readonly Holding[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const holding of holdings) for (const { asset, amount } of holding.assets ?? []) totals.set(asset, (totals.get(asset) ?? 0n) + amount);
  return new Map([...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The holding as a CBOR map, without absent lists. */
export function encodeHolding(holding: Holding): { [key: string]: CborValue } {
  const out: { [key: string]: CborValue } = {};
  if (holding.assets !== undefined) out.assets = holding.assets.map(({ asset, amount }) => ({ asset, amount }));
  if (holding.items !== undefined) out.items = [...holding.items];
  return out;
}

/** A holding of assets summed by asset (symbol order) and items; absent lists when empty. */
export function holdingOf(assets: Map<string, bigint>, items: readonly string[]): Holding {
  const holding: Holding = {};
  const entries = [...assets].filter(([, amount]) => amount > 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length > 0) holding.assets = entries.map(([asset, amount]) => ({ asset, amount }));
  if (items.length > 0) holding.items = [...items];
  return holding;
}
