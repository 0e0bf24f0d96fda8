// Reputation decay by the integer table of spec/org.md §2: the table, the spec's examples, monotone
// in time, exact halving every 16 steps; and lazily applied when a tx reads a member.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HALF, decay, stepAt } from '../../../src/ledger/org/decay.ts';
import { expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, DAY, T0, foundCoop, newChain, orgOf, pay, reputationOf } from './fixtures.ts';

test('the table is round(10^6 × 2^(−i/16))', () => {
  assert.equal(HALF.length, 16);
  HALF.forEach((value, i) => assert.equal(value, BigInt(Math.round(1e6 * 2 ** (-i / 16))), `HALF[${i}]`));
});

test('the examples of spec/org.md §2', () => {
  assert.equal(decay(1000n, 0), 1000n);
  assert.equal(decay(1000n, 1), 957n);
  assert.equal(decay(1000n, 16), 500n);
  assert.equal(decay(1000n, 17), 478n);
  assert.equal(decay(1000n, 16 * 200), 0n);
  assert.equal(stepAt(T0, 90 * DAY, T0 + 90 * DAY), 16);
  assert.equal(stepAt(T0, 90 * DAY, T0 + 90 * DAY - 1), 15);
});

test('decay never grows, is monotone in time, and halves exactly every 16 steps', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(2000), fc.nat(2000), (r, a, b) => {
      const [early, late] = a <= b ? [a, b] : [b, a];
      assert.ok(decay(r, early) <= r);
      assert.ok(decay(r, late) <= decay(r, early));
      assert.equal(decay(r, early + 16), decay(r >> 1n, early));
    }),
  );
});

test('a tx reads reputation decayed to its block: after one half-life, 1 000 is 500', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 90 * DAY, ALICE, 'org.propose', { org, action: pay(BOB, 1n) }));
  assert.equal(reputationOf(chain, org, ALICE), 400n, '500 less the motion stake of 100');
  assert.equal(orgOf(chain, org).reputation, 1400n, '1 500 less the stake');
  assert.equal(reputationOf(chain, org, BOB), 1000n, 'Bob is read lazily: his record is untouched until a tx reads it');
});
