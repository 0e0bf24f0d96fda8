// Issue 12, "Evidence that counts", in the simulator: the node's own parts (src/node/assemble.ts)
// over the seeded network, with a Byzantine validator that double-votes and proposes two blocks a
// round (equivocator) or runs its key in two nodes (twins). On each seed below, every honest node
// commits blocks whose evidence names the Byzantine validator, and nobody else, and the seed stays
// safe and live. The seeds were picked from the first 300 as ones where each honest node saw both
// halves of an offence before the run's target height (spec/node.md §Evidence); the 1,000-seed run
// (sim.test.ts) requires evidence committed somewhere and never against an honest validator. Each
// seed runs as drawn before coalitions (coalitions.ts): seed 119 has room for one and might draw it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeScenario } from './scenario.ts';
import { World } from './world.ts';

/** Seed, the Byzantine validator's mode, and the kinds of evidence the honest nodes commit. */
const SEEDS: [number, 'twins' | 'equivocator', string[]][] = [
  [110, 'twins', ['duplicateVote']],
  [119, 'twins', ['duplicateVote']],
  [132, 'twins', ['duplicateVote', 'proposalEquivocation']],
  [146, 'twins', ['duplicateVote']],
  [111, 'equivocator', ['duplicateVote', 'proposalEquivocation']],
  [129, 'equivocator', ['duplicateVote']],
  [143, 'equivocator', ['duplicateVote']],
  [159, 'equivocator', ['duplicateVote']],
];

for (const [seed, mode, kinds] of SEEDS) {
  test(`sim seed ${seed} (${mode}): every honest node commits evidence against the Byzantine validator alone; safe and live`, async () => {
    const result = await new World(makeScenario(seed, { coalitions: false })).run();
    assert.deepEqual(result.scenario.byzantine.map((member) => member.kind), [mode]);
    assert.deepEqual(result.violations, []);
    assert.equal(result.livenessFailure, null);
    assert.equal(result.byzantineAddresses.length, 1);
    const [offender] = result.byzantineAddresses;
    assert.ok(result.stats.committedEvidence > 0);
    // Double votes reach the consensus core (its `evidence` effect), two proposals the inbound side.
    assert.deepEqual(result.evidenceKinds, kinds);
    for (const [index, offenders] of result.offendersByHonestNode) {
      assert.deepEqual(offenders, [offender], `honest node ${index} committed evidence naming ${offenders.join(', ') || 'nobody'}`);
    }
    // The offender is out of the set every honest node has scheduled (spec/ledger.md §10.4, spec/chain.md §6.4).
    for (const [index, addresses] of result.nextSetByHonestNode) assert.ok(!addresses.includes(offender), `honest node ${index} keeps the offender`);
  });
}
