// The host's tx batches (spec/p2p.md §Tx batches): a batch leaves at TX_BATCH_TXS_MAX txs, before
// the tx that would pass TX_BATCH_BYTES_MAX, or one window after its first tx; each within the
// message's bounds and the txs in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TX_BATCH_BYTES_MAX, TX_BATCH_TXS_MAX, TX_BATCH_WINDOW_MS } from '../../src/p2p/limits.ts';
import { decodeTxBatchMessage, encodeTxBatchMessage } from '../../src/p2p/messages.ts';
import { TxBatcher } from '../../src/p2p/tx-batcher.ts';

function harness(): { batcher: TxBatcher; sent: Uint8Array[][]; timers: { ms: number; fire: () => void; cancelled: boolean }[] } {
  const sent: Uint8Array[][] = [];
  const timers: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const batcher = new TxBatcher({
    // Each batch must encode: that is what the host sends.
    send: (txs) => sent.push(decodeTxBatchMessage(encodeTxBatchMessage({ txs })).txs),
    after: (ms, callback) => {
      const timer = { ms, fire: callback, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  });
  return { batcher, sent, timers };
}

const tx = (i: number, size = 100): Uint8Array => new Uint8Array(size).fill(i % 256);

test('single txs wait one window, then leave together', () => {
  const { batcher, sent, timers } = harness();
  batcher.add([tx(1)]);
  batcher.add([tx(2)]);
  assert.equal(sent.length, 0);
  assert.equal(timers.length, 1, 'one timer per batch');
  assert.equal(timers[0].ms, TX_BATCH_WINDOW_MS);
  timers[0].fire();
  assert.deepEqual(sent, [[tx(1), tx(2)]]);
  assert.equal(batcher.pending, 0);
});

test('a batch leaves at once when full by count; the rest waits for the next window', () => {
  const { batcher, sent, timers } = harness();
  const many = Array.from({ length: TX_BATCH_TXS_MAX * 2 + 3 }, (_, i) => tx(i, 10));
  batcher.add(many);
  assert.deepEqual(sent.map((batch) => batch.length), [TX_BATCH_TXS_MAX, TX_BATCH_TXS_MAX]);
  assert.equal(batcher.pending, 3);
  const live = timers.filter((t) => !t.cancelled);
  assert.equal(live.length, 1);
  live[0].fire();
  assert.deepEqual(sent.flat(), many, 'every tx once, in order');
});

test('a batch leaves before the tx that would pass the byte bound', () => {
  const { batcher, sent } = harness();
  const big = Array.from({ length: 40 }, (_, i) => tx(i, 16 * 1024));
  batcher.add(big);
  const perBatch = Math.floor(TX_BATCH_BYTES_MAX / (16 * 1024));
  assert.deepEqual(sent.map((batch) => batch.length), [perBatch]);
  for (const batch of sent) assert.ok(batch.reduce((sum, t) => sum + t.length, 0) <= TX_BATCH_BYTES_MAX);
  batcher.flush();
  assert.deepEqual(sent.flat(), big);
});

test('flush sends what waits and cancels the window; an empty flush sends nothing', () => {
  const { batcher, sent, timers } = harness();
  batcher.flush();
  assert.equal(sent.length, 0);
  batcher.add([tx(9)]);
  batcher.flush();
  assert.deepEqual(sent, [[tx(9)]]);
  assert.ok(timers[0].cancelled);
});
