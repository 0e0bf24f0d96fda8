/**
 * The explorer home's look back at a quiet chain, without a browser: the walk back from the tip stops
 * once it holds the latest txs and covers the chart's span, never reads past its bound, reads a few
 * blocks at a time; the latest txs come newest first; the chart's step covers every block held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlockEventJson } from '../../src/client/index.ts';
import { latestTxLocations, walkBack, type WalkLimits } from '../../web/src/recent-blocks.ts';
import { chartStepMs, rateBuckets } from '../../web/src/rates.ts';

/** A chain of `tip` blocks, one per 2 s, with txs at the heights given (height → count). */
function chain(tip: number, txsAt: { [height: number]: number } = {}): Map<number, BlockEventJson> {
  const blocks = new Map<number, BlockEventJson>();
  for (let height = 1; height <= tip; height++) {
    const count = txsAt[height] ?? 0;
    const txs = Array.from({ length: count }, (_, i) => `${String(height).padStart(4, '0')}${String(i).padStart(2, '0')}`);
    blocks.set(height, { height, hash: '', txs, header: { version: 1, chainId: 'c', height, timeMs: height * 2_000, previousHash: '', txRoot: '', resultsRoot: '', stateRoot: '', proposer: 'p', seedProof: '', validatorsHash: '', nextValidatorsHash: '', txCount: count, evidenceRoot: '' } });
  }
  return blocks;
}

/** Walks and records what was read: the heights of each batch, and the most reads in flight at once. */
async function walk(blocks: Map<number, BlockEventJson>, tip: number, limits: WalkLimits): Promise<{ heights: number[]; batches: number[][]; inFlightMax: number }> {
  let inFlight = 0;
  let inFlightMax = 0;
  const read = async (height: number): Promise<BlockEventJson | undefined> => {
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
    return blocks.get(height);
  };
  const batches: number[][] = [];
  for await (const batch of walkBack(tip, read, limits)) batches.push(batch.map((b) => b.height));
  return { heights: batches.flat(), batches, inFlightMax };
}

const LIMITS: WalkLimits = { txsWanted: 12, windowMs: 60_000, blocksMax: 400, parallel: 4 };

test('a quiet chain: the walk goes back past the idle blocks to txs long ago, newest first', async () => {
  // 12 txs at height 100, then 200 empty blocks: more than a page of the old look back (40 blocks).
  const blocks = chain(300, { 100: 12 });
  const { heights, batches, inFlightMax } = await walk(blocks, 300, LIMITS);
  assert.equal(heights[0], 300);
  assert.equal(heights.at(-1), 97, 'stops at the batch holding the 12 txs, the window long covered');
  assert.deepEqual(heights, Array.from({ length: 204 }, (_, i) => 300 - i));
  assert.ok(batches.every((batch) => batch.length <= 4));
  assert.equal(inFlightMax, 4);
  const latest = latestTxLocations([...blocks.values()].filter((b) => heights.includes(b.height)), 12);
  assert.equal(latest.length, 12);
  assert.deepEqual(latest.slice(0, 2), [{ id: '010011', height: 100, index: 11 }, { id: '010010', height: 100, index: 10 }]);
});

test('a busy chain: enough txs at once, but the walk goes on until the chart’s window is covered', async () => {
  const txsAt: { [height: number]: number } = {};
  for (let h = 1; h <= 500; h++) txsAt[h] = 5;
  const { heights } = await walk(chain(500, txsAt), 500, LIMITS);
  // 60 s of block time back from block 500 (at 1,000 s) is block 470; the batch that reaches it ends at 469.
  assert.equal(heights.at(-1), 469);
});

test('the walk never reads past its bound, nor below height 1, nor past a block it cannot read', async () => {
  const empty = chain(1_000);
  assert.equal((await walk(empty, 1_000, LIMITS)).heights.length, 400);
  assert.equal((await walk(empty, 1_000, LIMITS)).heights.at(-1), 601);
  assert.deepEqual((await walk(chain(6), 6, LIMITS)).heights, [6, 5, 4, 3, 2, 1]);
  assert.deepEqual((await walk(chain(0), 0, LIMITS)).heights, []);
  const holed = chain(20);
  holed.delete(14);
  // The batch with the hole is kept (its blocks are real); the walk ends there.
  assert.deepEqual((await walk(holed, 20, LIMITS)).batches, [[20, 19, 18, 17], [16, 15, 13]]);
  await assert.rejects(walk(empty, 1_000, { ...LIMITS, parallel: 0 }), RangeError);
});

test('latest txs: newest block first, and the last tx of a block before its first', () => {
  const blocks = [...chain(10, { 3: 2, 7: 1, 9: 3 }).values()];
  assert.deepEqual(latestTxLocations(blocks, 4).map((at) => `${at.height}.${at.index}`), ['9.2', '9.1', '9.0', '7.0']);
  assert.deepEqual(latestTxLocations(blocks, 100).map((at) => `${at.height}.${at.index}`), ['9.2', '9.1', '9.0', '7.0', '3.1', '3.0']);
  assert.deepEqual(latestTxLocations([], 5), []);
});

test('the chart’s step: the narrowest round step at which its bars cover every block held', () => {
  const newestFirst = (tip: number, txsAt: { [height: number]: number } = {}): BlockEventJson[] => [...chain(tip, txsAt).values()].reverse();
  assert.equal(chartStepMs([], 36), 5_000);
  // 20 blocks: 38 s; 36 bars of 5 s cover it.
  assert.equal(chartStepMs(newestFirst(20), 36), 5_000);
  // 200 blocks: 398 s; 36 × 10 s is 360 s, too short; 36 × 15 s is 540 s.
  assert.equal(chartStepMs(newestFirst(200), 36), 15_000);
  assert.equal(chartStepMs(newestFirst(400), 36), 30_000);
  // The txs of block 100, 300 blocks before the tip, land in a bar of the chart (they fell off the old 3-minute one).
  const quiet = newestFirst(400, { 100: 12 });
  const rates = rateBuckets(quiet, chartStepMs(quiet, 36), 36);
  assert.equal(rates.filter((rate) => rate > 0).length, 1);
  assert.deepEqual(rateBuckets(quiet, 5_000, 36).filter((rate) => rate > 0), []);
});
