// timely(v) of proposer-based timestamps (src/chain/timely.ts, spec/consensus.md §Proposer-based timestamps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTimely, proposalDelayMs } from '../../src/chain/timely.ts';
import { PROPOSAL_MESSAGE_DELAY_MS as DELAY, PROPOSAL_TIME_PRECISION_MS as PRECISION } from '../../src/chain/limits.ts';

const NOW = 1_800_000_000_000;

test('the window is [now − (precision + delay), now + precision] at round 0, edges included', () => {
  const cases: [offsetMs: number, round: number, timely: boolean][] = [
    [0, 0, true],
    [PRECISION, 0, true],
    [PRECISION + 1, 0, false],
    [-(PRECISION + DELAY), 0, true],
    [-(PRECISION + DELAY) - 1, 0, false],
    [-30_000, 0, false], // a clock 30 s behind
    [30_000, 0, false], // a clock 30 s ahead
    [PRECISION + 1, 9, false], // the future side never widens
  ];
  for (const [offsetMs, round, timely] of cases) assert.equal(isTimely(NOW + offsetMs, NOW, round), timely, `offset ${offsetMs} ms, round ${round}`);
});

test('later rounds allow 10 % more delay a round (CometBFT adaptive MessageDelay), so a low estimate costs rounds, not liveness', () => {
  assert.equal(proposalDelayMs(0), DELAY);
  assert.equal(proposalDelayMs(10), 2 * DELAY);
  const lateMs = -(PRECISION + DELAY) - 1;
  assert.equal(isTimely(NOW + lateMs, NOW, 0), false);
  assert.equal(isTimely(NOW + lateMs, NOW, 1), true);
  assert.throws(() => proposalDelayMs(-1), /round/);
});
