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

/** Widths a chart's bars can have: round durations, read at a glance. */
export const CHART_STEPS_MS = [5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/**
 * The narrowest step at which `buckets` bars cover the block time the blocks span (newest first), so
 * the chart shows every block held: those read back at start as well as those that came live.
 */
export function chartStepMs(blocks: readonly BlockEventJson[], buckets: number): number {
  const newest = blocks[0];
  const oldest = blocks.at(-1);
  const spanMs = newest === undefined || oldest === undefined ? 0 : newest.header.timeMs - oldest.header.timeMs;
  return CHART_STEPS_MS.find((step) => step * buckets > spanMs) ?? CHART_STEPS_MS[CHART_STEPS_MS.length - 1];
}
