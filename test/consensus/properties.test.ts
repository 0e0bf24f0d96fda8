// Properties of one core under arbitrary event sequences (fast-check): it never throws on network
// input, signs at most one vote per (round, type) and one proposal per round, decides at most once,
// and only decides a value it received as a valid proposal with > 2/3 precommits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createConsensus, step, type ConsensusEvent } from '../../src/consensus/index.ts';
import { BLOCK_A, BLOCK_B, SEED, SIG, TIMEOUTS, equalSet } from './helpers.ts';

const SET = equalSet(4);
const VALIDATORS = SET.validators.map((v) => v.address);
const BLOCKS = [BLOCK_A, BLOCK_B, 'cc'.repeat(32)];

const round = fc.integer({ min: 0, max: 3 });
const eventArb: fc.Arbitrary<ConsensusEvent> = fc.oneof(
  fc.record({
    type: fc.constant('vote' as const),
    vote: fc.record({
      type: fc.constantFrom('prevote' as const, 'precommit' as const),
      height: fc.constantFrom(1, 1, 1, 2),
      round,
      blockHash: fc.constantFrom(null, ...BLOCKS),
      validator: fc.constantFrom(...VALIDATORS, 'outsider'),
      signature: fc.constant(SIG),
    }),
  }),
  fc.record({
    type: fc.constant('proposal' as const),
    proposal: fc.record({
      height: fc.constant(1),
      round,
      blockHash: fc.constantFrom(...BLOCKS),
      polRound: fc.integer({ min: -1, max: 3 }),
      proposer: fc.constantFrom(...VALIDATORS),
      signature: fc.constant(SIG),
    }),
    valid: fc.boolean(),
    timely: fc.boolean(),
  }),
  fc.record({ type: fc.constant('timeout' as const), height: fc.constant(1), round, step: fc.constantFrom('propose' as const, 'prevote' as const, 'precommit' as const) }),
  fc.record({ type: fc.constant('blockReady' as const), height: fc.constant(1), round, blockHash: fc.constantFrom(...BLOCKS) }),
);

test('property: one core never double-signs, decides at most once, decides only what it must', () => {
  fc.assert(
    fc.property(fc.constantFrom(...VALIDATORS), fc.array(eventArb, { maxLength: 120 }), (self, events) => {
      const state = createConsensus({ self, timeouts: TIMEOUTS });
      step(state, { type: 'startHeight', height: 1, validatorSet: SET, seed: SEED });
      const signed = new Map<string, string>();
      const valid = new Set<string>();
      let decisions = 0;
      for (const event of events) {
        if (event.type === 'proposal' && event.valid) valid.add(`${event.proposal.round}|${event.proposal.blockHash}`);
        for (const effect of step(state, event).effects) {
          if (effect.type === 'signVote') {
            const key = `${effect.vote.type}|${effect.vote.round}`;
            assert.ok(!signed.has(key), `two ${key} votes`);
            signed.set(key, String(effect.vote.blockHash));
          } else if (effect.type === 'signProposal') {
            const key = `proposal|${effect.proposal.round}`;
            assert.ok(!signed.has(key), `two proposals at round ${effect.proposal.round}`);
            assert.ok(effect.proposal.polRound < effect.proposal.round);
            signed.set(key, effect.proposal.blockHash);
          } else if (effect.type === 'decide') {
            decisions++;
            assert.ok(valid.has(`${effect.round}|${effect.blockHash}`), 'decided a value not received as a valid proposal');
            assert.ok(effect.precommits.length >= 3);
          }
        }
      }
      assert.ok(decisions <= 1);
    }),
    { numRuns: 300 },
  );
});
