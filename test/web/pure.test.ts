/**
 * The web app's pure parts, without a browser: rates and the chart's buckets from block headers,
 * amount formatting, and words for every error code the API documents (spec/api.md §9).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BlockEventJson } from '../../src/client/types.ts';
import { AgoraError } from '../../src/client/errors.ts';
import { ERROR_WORDS, humanError, receiptWords } from '../../web/src/errors.ts';
import { displayAmount, groupDigits, shortHash, timeAgo } from '../../web/src/format.ts';
import { meanBlockTimeMs, rateBuckets, txRate } from '../../web/src/rates.ts';

/** Newest first, as the live view keeps them. */
function blocks(list: [height: number, timeMs: number, txCount: number][]): BlockEventJson[] {
  return list.map(([height, timeMs, txCount]) => ({
    height,
    hash: '00'.repeat(32),
    header: { version: 1, chainId: 'c', height, timeMs, previousHash: '', txRoot: '', resultsRoot: '', stateRoot: '', proposer: 'p', seedProof: '', validatorsHash: '', nextValidatorsHash: '', txCount, evidenceRoot: '' },
    txs: [],
  }));
}

test('tx rate: txs after the oldest block over the time they span', () => {
  assert.equal(txRate([]), 0);
  assert.equal(txRate(blocks([[1, 1_000, 5]])), 0);
  // 10 + 20 txs in the 2 s after block 1.
  assert.equal(txRate(blocks([[3, 3_000, 20], [2, 2_000, 10], [1, 1_000, 99]])), 15);
  // Blocks older than the window do not count.
  assert.equal(txRate(blocks([[3, 100_000, 6], [2, 97_000, 0], [1, 1_000, 500]])), 2);
  assert.equal(meanBlockTimeMs(blocks([[3, 3_000, 0], [2, 2_500, 0], [1, 1_000, 0]])), 1_000);
  assert.equal(meanBlockTimeMs(blocks([[1, 1_000, 0]])), undefined);
});

test('chart buckets: txs per second of block time, oldest bucket first', () => {
  const rates = rateBuckets(blocks([[4, 20_000, 10], [3, 19_000, 5], [2, 14_000, 20], [1, 2_000, 100]]), 5_000, 3);
  // Buckets by age from the newest block: [10, 15) s, [5, 10) s, [0, 5) s; block 1 is older than all.
  assert.deepEqual(rates, [0, 4, 3]);
  assert.deepEqual(rateBuckets([], 5_000, 2), [0, 0]);
});

test('amounts and hashes for people', () => {
  assert.equal(groupDigits('1234567'), '1,234,567');
  assert.equal(groupDigits('1234.5678'), '1,234.5678');
  assert.equal(displayAmount('1500000', 6), '1.5');
  assert.equal(displayAmount(123456789000000n, 6), '123,456,789');
  assert.equal(displayAmount('5', 2), '0.05');
  assert.equal(shortHash('ab'.repeat(32)), 'abababab…abab');
  assert.equal(timeAgo(0, 30_000), '30 s ago');
  assert.equal(timeAgo(0, 600), 'just now');
  assert.equal(timeAgo(0, 7_200_000), '2 h ago');
});

test('every error code of spec/api.md §9 has words; the node message stays as a detail', () => {
  const spec = readFileSync(new URL('../../spec/api.md', import.meta.url), 'utf8');
  const table = spec.slice(spec.indexOf('## 9. Error codes'), spec.indexOf('## 10.'));
  const codes = [...table.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
  assert.ok(codes.length > 30, `${codes.length} codes`);
  for (const code of codes) assert.ok(ERROR_WORDS[code] !== undefined, `no words for ${code}`);
  for (const code of ['network_error', 'timeout', 'commit_timeout', 'tx_dropped', 'bad_response']) assert.ok(ERROR_WORDS[code] !== undefined, code);
  const human = humanError(new AgoraError('insufficient_balance', 'balance of AGR is 10, transfer needs 11', { status: 400 }));
  assert.equal(human.text, 'You do not have enough of that asset for this transaction.');
  assert.equal(human.detail, 'balance of AGR is 10, transfer needs 11');
  assert.equal(human.code, 'insufficient_balance');
  assert.deepEqual(humanError(new Error('odd')), { text: 'odd', code: 'unexpected' });
  assert.equal(receiptWords('ok'), 'Success');
});
