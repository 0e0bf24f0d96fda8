/**
 * A secondary index kept beside the state (spec/store.md, bucket `state-index`): for each state key
 * under `prefix`, the index keys its record gives. The store calls it for every state write of a block
 * and writes the difference (old record's keys removed, new record's keys put) in the block's own
 * transaction, so an index is never ahead of or behind the state it was read from. The store knows no
 * module: the node hands it the indexers (src/node/market-index.ts). `keysOf` must be pure and cheap:
 * it runs on the commit path.
 */
export interface StateIndexer {
  /** The state keys it reads, e.g. `contract/`. */
  readonly prefix: string;
  /** The index keys of the record `value` at `stateKey`; [] for records it does not index. Keys are ≤ 500 bytes. */
  keysOf(stateKey: string, value: Uint8Array): string[];
}

/** The index keys to remove and to put when `stateKey` goes from `before` to `after` (undefined: absent). */
export function indexChanges(indexers: readonly StateIndexer[], stateKey: string, before: Uint8Array | undefined, after: Uint8Array | undefined): { remove: string[]; put: string[] } {
  const remove: string[] = [];
  const put: string[] = [];
  for (const indexer of indexers) {
    if (!stateKey.startsWith(indexer.prefix)) continue;
    const old = new Set(before === undefined ? [] : indexer.keysOf(stateKey, before));
    const fresh = new Set(after === undefined ? [] : indexer.keysOf(stateKey, after));
    for (const key of old) if (!fresh.has(key)) remove.push(key);
    for (const key of fresh) if (!old.has(key)) put.push(key);
  }
  return { remove, put };
}
