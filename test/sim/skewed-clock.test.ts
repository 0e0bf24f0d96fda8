// Issue 12, must-show of attack 1's time bound (proposer-based timestamps, spec/consensus.md
// §Proposer-based timestamps), in the simulator with the node's real shell: of four equal
// validators, one runs its clock 30 s behind or ahead. Its proposals never make a block (ahead: honest
// validators prevote nil on a time from the future; behind: it waits for its clock to pass the last
// block's time, as CometBFT's proposer does, and its rounds time out); the chain goes on with the next
// proposer; and no block's time lags an honest clock by more than precision + delay.
//
//   node scripts/test.mjs test/sim/skewed-clock.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROPOSAL_MESSAGE_DELAY_MS, PROPOSAL_TIME_PRECISION_MS } from '../../src/chain/limits.ts';
import { genesisSeed } from '../../src/chain/seed.ts';
import { makeValidatorSet, selectProposer } from '../../src/consensus/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { makeScenario, type Scenario } from './scenario.ts';
import { World } from './world.ts';

const SKEWED = 3;
const GENESIS_TIME_MS = 1_700_000_000_000; // world.ts's genesis time: an honest clock reads it + now

interface Observed {
  height: number;
  round: number;
  proposer: string;
  timeMs: number;
  honestClockMs: number;
}

/** The world, noting each block as the first honest node commits it, with that node's clock. */
class Observing extends World {
  readonly blocks = new Map<number, Observed>();
  override onCommitted(node: number, height: number): void {
    if (node !== SKEWED && !this.blocks.has(height)) {
      const stored = this.nodes[node].store.getBlock(height)!;
      this.blocks.set(height, { height, round: stored.commit.round, proposer: stored.block.header.proposer, timeMs: stored.block.header.timeMs, honestClockMs: GENESIS_TIME_MS + this.now });
    }
    super.onCommitted(node, height);
  }
}

function scenario(offsetMs: number): Scenario {
  return {
    ...makeScenario(7),
    powers: [1n, 1n, 1n, 1n],
    byzantine: [],
    coalition: null,
    crashes: [],
    partition: null,
    dropPercent: 0,
    duplicatePercent: 0,
    gstMs: 0,
    targetHeight: 40,
    clockOffsetsMs: [0, 0, 0, offsetMs],
  };
}

for (const offsetMs of [-30_000, 30_000]) {
  test(`a proposer whose clock is ${offsetMs / 1000} s off gets no block in; the next proposer goes on; block time stays within precision + delay of an honest clock`, async (t) => {
    const world = new Observing(scenario(offsetMs));
    const result = await world.run();
    assert.deepEqual(result.violations, []);
    assert.equal(result.livenessFailure, null);
    const skewed = world.nodes[SKEWED].address;
    const set = makeValidatorSet(world.genesis.validators.map((v) => ({ address: v.address, power: v.power })));
    let skewedTurns = 0;
    for (const block of world.blocks.values()) {
      assert.notEqual(block.proposer, skewed, `block ${block.height} was proposed by the skewed validator`);
      const lagMs = block.honestClockMs - block.timeMs;
      assert.ok(lagMs <= PROPOSAL_TIME_PRECISION_MS + PROPOSAL_MESSAGE_DELAY_MS, `block ${block.height} lags an honest clock by ${lagMs} ms`);
      assert.ok(lagMs >= -PROPOSAL_TIME_PRECISION_MS, `block ${block.height} is ${-lagMs} ms ahead of an honest clock`);
      if (block.round > 0) skewedTurns++;
    }
    // The skewed validator was drawn for round 0 at some heights: those were decided in a later round, by another.
    const seedBefore = (height: number): Uint8Array => {
      if (height === 1) return genesisSeed(world.genesis.hash);
      return world.signatures.seedVrf.output(fromHex(world.nodes[0].store.getBlock(height - 1)!.block.header.seedProof));
    };
    const drawn = [...world.blocks.values()].filter((b) => selectProposer(set, seedBefore(b.height), b.height, 0) === skewed);
    assert.ok(drawn.length >= 3, `the skewed validator was the round-0 proposer of ${drawn.length} heights only`);
    for (const block of drawn) assert.ok(block.round >= 1, `height ${block.height}: decided in round ${block.round}`);
    t.diagnostic(`clock ${offsetMs / 1000} s: ${world.blocks.size} blocks, the skewed validator drawn for round 0 at ${drawn.length} of them (each decided in a later round), ${skewedTurns} decided after round 0`);
  });
}
