/**
 * Reading the chain's recent past for the explorer's home, so a quiet chain still shows its latest
 * txs and a filled chart: blocks are read back from the tip until they hold enough txs and span the
 * chart's window, within a bound on the blocks read. The node has no "latest txs" route; a block is
 * one `GET /v1/blocks/:height` (spec/api.md §4). Pure but for the reader passed in; tested in
 * test/web/recent-blocks-pure.test.ts.
 */
import type { BlockEventJson } from '../../src/client/index.ts';

export interface WalkLimits {
  /** Stop once the blocks read hold this many txs … */
  txsWanted: number;
  /** … and reach this far back in block time from the tip. */
  windowMs: number;
  /** Never read more blocks than this (a quiet chain has no txs to find). */
  blocksMax: number;
  /** Reads in flight at once: a browser opens 6 connections per host, and the event stream holds one. */
  parallel: number;
}

/**
 * The blocks from `tip` down, newest first, a batch of `limits.parallel` at a time, until the limits
 * are met, height 1 is read, or a block cannot be read (the rest of the walk would have a hole).
 */
export async function* walkBack(tip: number, read: (height: number) => Promise<BlockEventJson | undefined>, limits: WalkLimits): AsyncGenerator<BlockEventJson[]> {
  if (!Number.isInteger(tip) || tip < 0) throw new RangeError(`tip ${tip} is not a height`);
  if (!(limits.parallel >= 1 && limits.blocksMax >= 0)) throw new RangeError('walkBack needs parallel ≥ 1 and blocksMax ≥ 0');
  const lowest = Math.max(1, tip - limits.blocksMax + 1);
  let txs = 0;
  let tipTimeMs: number | undefined;
  let next = tip;
  while (next >= lowest) {
    const heights: number[] = [];
    for (let h = next; h >= lowest && heights.length < limits.parallel; h--) heights.push(h);
    next -= heights.length;
    const answers = await Promise.all(heights.map(read));
    const batch = answers.filter((block): block is BlockEventJson => block !== undefined);
    if (batch.length > 0) yield batch;
    if (batch.length < heights.length) return;
    tipTimeMs ??= batch[0].header.timeMs;
    txs += batch.reduce((sum, block) => sum + block.header.txCount, 0);
    const reachedMs = tipTimeMs - batch[batch.length - 1].header.timeMs;
    if (txs >= limits.txsWanted && reachedMs >= limits.windowMs) return;
  }
}

export interface TxLocation {
  id: string;
  height: number;
  index: number;
}

/** The newest `count` txs of `blocks` (newest first), latest in its block first. */
export function latestTxLocations(blocks: readonly BlockEventJson[], count: number): TxLocation[] {
  const found: TxLocation[] = [];
  for (const block of [...blocks].sort((a, b) => b.height - a.height)) {
    for (let index = block.txs.length - 1; index >= 0 && found.length < count; index--) found.push({ id: block.txs[index], height: block.height, index });
    if (found.length >= count) break;
  }
  return found;
}
