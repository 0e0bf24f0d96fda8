/** Rates from recent blocks, for the status line and the chart: pure functions of block headers. */
import type { BlockEventJson } from '../../src/client/index.ts';

/** Txs per second over the blocks of the last `windowMs` of block time (0 with fewer than 2 blocks). */
export function txRate(blocks: readonly BlockEventJson[], windowMs = 60_000): number {
  const newest = blocks[0];
  if (newest === undefined) return 0;
  const recent = blocks.filter((b) => b.header.timeMs > newest.header.timeMs - windowMs);
  const oldest = recent.at(-1);
  if (oldest === undefined || oldest === newest) return 0;
  const txs = recent.slice(0, -1).reduce((sum, b) => sum + b.header.txCount, 0);
  return (txs * 1000) / Math.max(1, newest.header.timeMs - oldest.header.timeMs);
}

/** Mean time between the recent blocks, in ms. */
export function meanBlockTimeMs(blocks: readonly BlockEventJson[], count = 20): number | undefined {
  const recent = blocks.slice(0, count);
  const newest = recent[0];
  const oldest = recent.at(-1);
  if (newest === undefined || oldest === undefined || newest === oldest) return undefined;
  return (newest.header.timeMs - oldest.header.timeMs) / (newest.height - oldest.height);
}

/** The tx rate per `bucketMs` of block time over the last `buckets` buckets, oldest first. */
export function rateBuckets(blocks: readonly BlockEventJson[], bucketMs: number, buckets: number): number[] {
  const newest = blocks[0];
  const counts = new Array<number>(buckets).fill(0);
  if (newest === undefined) return counts;
  const end = newest.header.timeMs;
  for (const block of blocks) {
    const age = end - block.header.timeMs;
    const index = buckets - 1 - Math.floor(age / bucketMs);
    if (index < 0) break;
    counts[index] += block.header.txCount;
  }
  return counts.map((count) => (count * 1000) / bucketMs);
}
