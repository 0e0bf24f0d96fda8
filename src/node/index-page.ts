import type { StoreReader } from './store-port.ts';

/** Index keys one store read returns at most, while a page is gathered. */
const SCAN_CHUNK = 100;

/**
 * One page over the `state-index` keys under `prefix` (spec/store.md), after the id `after`: each id
 * (the key without the prefix) is given to `pick`, which returns the item or undefined to skip it,
 * until `limit` items are found or `scanMax` keys were visited — so a request's work is bounded and a
 * page may be short with a `next`. `next` is the last id visited, or null at the end of the index.
 */
export function indexPage<T>(store: StoreReader, prefix: string, after: string | undefined, scanMax: number, limit: number, pick: (id: string) => T | undefined): { items: T[]; next: string | null } {
  const items: T[] = [];
  let cursor = after;
  let visited = 0;
  while (visited < scanMax) {
    const wanted = Math.min(SCAN_CHUNK, scanMax - visited);
    const keys = store.scanIndex(prefix, wanted, cursor);
    for (const key of keys) {
      const id = key.slice(prefix.length);
      visited += 1;
      cursor = id;
      const item = pick(id);
      if (item !== undefined) items.push(item);
      if (items.length >= limit) return { items, next: id };
    }
    if (keys.length < wanted) return { items, next: null };
  }
  return { items, next: cursor ?? null };
}
