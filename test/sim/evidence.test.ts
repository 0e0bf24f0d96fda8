// Issue 12, "Evidence that counts", in the simulator: the node's own parts (src/node/assemble.ts)
// over the seeded network, with a Byzantine validator that double-votes and proposes two blocks a
// round (equivocator) or runs its key in two nodes (twins). On each seed below, every honest node
// commits blocks whose evidence names the Byzantine validator, and nobody else, and the seed stays
// safe and live. The seeds were picked from the first 300 as ones where each honest node saw both
// halves of an offence before the run's target height (spec/node.md §Evidence); the 1,000-seed run
// (sim.test.ts) requires evidence committed somewhere and never against an honest validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeed } from './world.ts';

const SEEDS: [number, 'twins' | 'equivocator'][] = [
  [110, 'twins'],
  [119, 'twins'],
  [132, 'twins'],
  [146, 'twins'],
  [111, 'equivocator'],
  [129, 'equivocator'],
  [143, 'equivocator'],
  [159, 'equivocator'],
];

for (const [seed, mode] of SEEDS) {
  test(`sim seed ${seed} (${mode}): every honest node commits evidence against the Byzantine validator alone; safe and live`, async () => {
    const result = await runSeed(seed);
    assert.equal(result.scenario.byzantineMode, mode);
    assert.deepEqual(result.violations, []);
    assert.equal(result.livenessFailure, null);
    assert.ok(result.byzantineAddress !== null);
    assert.ok(result.stats.committedEvidence > 0);
    for (const [index, offenders] of result.offendersByHonestNode) {
      assert.deepEqual(offenders, [result.byzantineAddress], `honest node ${index} committed evidence naming ${offenders.join(', ') || 'nobody'}`);
    }
    // VALSET-MERGE, the one line to add once sets change: the offender is out of every honest node's set.
    // for (const node of result.honestNodes) assert.ok(!node.validatorsAt(node.height).some((v) => v.address === result.byzantineAddress));
  });
}
