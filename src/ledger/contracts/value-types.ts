/**
 * What a contract holds or moves (spec/ledger.md §8.1): some assets and some items. Both lists are
 * optional in payloads (an absent list is none; an empty list is refused, so each holding has one
 * spelling), and a holding is never empty.
 */
export interface AssetAmount {
  asset: string;
  amount: bigint;
}

export interface Holding {
  /** At most one entry per asset. */
  assets?: AssetAmount[];
  /** Item ids (`item1…`), each at most once. */
  items?: string[];
}
