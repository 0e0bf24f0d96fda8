// Unit tests of each rule of Algorithm 1 (line numbers of Buchman, Kwon, Milosevic 2018).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsensusError, createConsensus, step, timeoutDurationMs } from '../../src/consensus/index.ts';
import {
  BLOCK_A,
  BLOCK_B,
  Driver,
  SEED,
  SIG,
  TIMEOUTS,
  equalSet,
  pickValidator,
  proposerOf,
  signVotes,
  timeouts,
} from './helpers.ts';

const FOUR = equalSet(4);

/** A non-proposer of round 0 with the three others; 3 of 4 equal powers is a quorum, 2 is f + 1. */
function fourNodes(): { d: Driver; self: string; others: string[] } {
  const self = pickValidator(FOUR, 1, 0, false);
  const d = new Driver(FOUR, self);
  return { d, self, others: d.others(self) };
}

test('a single-validator set decides in round 0 with exactly the effects the node expects', () => {
  const d = new Driver(equalSet(1), 'val0');
  assert.deepEqual(d.startEffects, [
    { type: 'requestBlock', height: 1, round: 0 },
    { type: 'scheduleTimeout', height: 1, round: 0, step: 'propose', durationMs: 3000 },
  ]);
  assert.deepEqual(d.send({ type: 'blockReady', height: 1, round: 0, blockHash: BLOCK_A }), [
    { type: 'signProposal', proposal: { height: 1, round: 0, blockHash: BLOCK_A, polRound: -1, proposer: 'val0' } },
  ]);
  assert.deepEqual(d.proposal(0, BLOCK_A), [
    { type: 'signVote', vote: { type: 'prevote', height: 1, round: 0, blockHash: BLOCK_A, validator: 'val0' } },
  ]);
  const prevote = { type: 'prevote' as const, height: 1, round: 0, blockHash: BLOCK_A, validator: 'val0', signature: SIG };
  assert.deepEqual(d.send({ type: 'vote', vote: prevote }), [
    {
      type: 'signVote',
      vote: { type: 'precommit', height: 1, round: 0, blockHash: BLOCK_A, validator: 'val0' },
      polka: [prevote],
    },
  ]);
  const precommit = { type: 'precommit' as const, height: 1, round: 0, blockHash: BLOCK_A, validator: 'val0', signature: SIG };
  assert.deepEqual(d.send({ type: 'vote', vote: precommit }), [
    { type: 'decide', height: 1, round: 0, blockHash: BLOCK_A, precommits: [precommit] },
  ]);
  // Decided: inert until the next height.
  assert.deepEqual(d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' }), []);
  const next = d.send({ type: 'startHeight', height: 2, validatorSet: d.set, seed: SEED });
  assert.deepEqual(next[0], { type: 'requestBlock', height: 2, round: 0 });
});

test('lines 22–27: valid proposal → prevote it; invalid → prevote nil', () => {
  const good = fourNodes();
  assert.deepEqual(signVotes(good.d.proposal(0, BLOCK_A)), [{ type: 'prevote', round: 0, blockHash: BLOCK_A }]);
  const bad = fourNodes();
  assert.deepEqual(signVotes(bad.d.proposal(0, BLOCK_A, -1, false)), [{ type: 'prevote', round: 0, blockHash: null }]);
  // Only once per round (step is now prevote).
  assert.deepEqual(bad.d.proposal(0, BLOCK_A, -1, false), []);
});

test('PBTS at line 23: an untimely new value gets a nil prevote, yet a polka for it still locks and decides; a re-proposal is not judged by time', () => {
  const late = fourNodes();
  assert.deepEqual(signVotes(late.d.proposal(0, BLOCK_A, -1, true, undefined, false)), [{ type: 'prevote', round: 0, blockHash: null }], 'valid but untimely: nil');
  // PBTS judges time at the prevote only: +2/3 prevotes for it (the others found it timely) lock and decide as usual.
  const locked = fourNodes();
  locked.d.proposal(0, BLOCK_A, -1, true, undefined, false);
  assert.deepEqual(signVotes(locked.d.votes('prevote', 0, BLOCK_A, locked.others)), [{ type: 'precommit', round: 0, blockHash: BLOCK_A }], 'line 36 asks valid(v) only');
  assert.equal(locked.d.state.lockedValue, BLOCK_A);
  const decided = locked.d.votes('precommit', 0, BLOCK_A, locked.others);
  assert.equal(decided.filter((e) => e.type === 'decide').length, 1, 'the untimely value is decided once +2/3 precommit it');
  // Round 1 re-proposes A with polRound 0 and its original time: no timeliness asked (the flag is ignored).
  const again = fourNodes();
  again.d.proposal(0, BLOCK_A, -1, true, undefined, false);
  again.d.votes('prevote', 0, BLOCK_A, again.others);
  again.d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.equal(again.d.state.round, 1);
  assert.deepEqual(signVotes(again.d.proposal(1, BLOCK_A, 0, true, undefined, false)), [{ type: 'prevote', round: 1, blockHash: BLOCK_A }]);
});

test('lines 57–60 and timeouts: propose timeout → prevote nil; durations grow by delta per round', () => {
  const { d } = fourNodes();
  assert.deepEqual(timeouts(d.startEffects), [{ round: 0, step: 'propose', durationMs: 3000 }]);
  assert.deepEqual(signVotes(d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' })), [
    { type: 'prevote', round: 0, blockHash: null },
  ]);
  assert.deepEqual(d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' }), [], 'stale timeout ignored');
  for (const [stepName, base] of [['propose', 3000], ['prevote', 1000], ['precommit', 1000]] as const) {
    for (const round of [0, 1, 7]) assert.equal(timeoutDurationMs(TIMEOUTS, stepName, round), base + 500 * round);
  }
});

test('lines 36–43: a polka for the proposal locks it and precommits it', () => {
  const { d, others } = fourNodes();
  d.proposal(0, BLOCK_A);
  const effects = d.votes('prevote', 0, BLOCK_A, others);
  assert.deepEqual(signVotes(effects), [{ type: 'precommit', round: 0, blockHash: BLOCK_A }]);
  assert.equal(d.state.lockedValue, BLOCK_A);
  assert.equal(d.state.lockedRound, 0);
  assert.equal(d.state.validValue, BLOCK_A);
  assert.equal(timeouts(effects).length, 0, 'a polka for a value goes straight to precommit');
});

test('lines 44–46: a nil polka precommits nil; lines 34/61: mixed prevotes → prevote timeout → nil', () => {
  const nil = fourNodes();
  nil.d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' });
  assert.deepEqual(signVotes(nil.d.votes('prevote', 0, null, nil.others)), [{ type: 'precommit', round: 0, blockHash: null }]);

  const mixed = fourNodes();
  mixed.d.proposal(0, BLOCK_A);
  mixed.d.vote('prevote', 0, BLOCK_A, mixed.others[0]);
  mixed.d.vote('prevote', 0, null, mixed.others[1]);
  const effects = mixed.d.vote('prevote', 0, BLOCK_B, mixed.others[2]);
  assert.deepEqual(timeouts(effects), [{ round: 0, step: 'prevote', durationMs: 1000 }]);
  assert.deepEqual(signVotes(mixed.d.send({ type: 'timeout', height: 1, round: 0, step: 'prevote' })), [
    { type: 'precommit', round: 0, blockHash: null },
  ]);
});

test('lines 47 and 65–67: mixed precommits → precommit timeout → next round with a longer timeout', () => {
  const { d, others } = fourNodes();
  d.vote('precommit', 0, BLOCK_A, others[0]);
  d.vote('precommit', 0, null, others[1]);
  assert.deepEqual(timeouts(d.vote('precommit', 0, BLOCK_B, others[2])), [{ round: 0, step: 'precommit', durationMs: 1000 }]);
  const next = d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.equal(d.state.round, 1);
  assert.deepEqual(timeouts(next).at(-1), { round: 1, step: 'propose', durationMs: 3500 });
});

test('a lock holds: locked on A at round 0, a fresh proposal of B at round 1 gets a nil prevote', () => {
  const { d, others } = fourNodes();
  d.proposal(0, BLOCK_A);
  d.votes('prevote', 0, BLOCK_A, others);
  d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.equal(d.state.round, 1);
  assert.deepEqual(signVotes(d.proposal(1, BLOCK_B)), [{ type: 'prevote', round: 1, blockHash: null }]);
});

test('lines 28–33: a polka at a higher round unlocks; one below the lock does not', () => {
  const setup = (): { d: Driver; others: string[] } => {
    const { d, others } = fourNodes();
    d.proposal(0, BLOCK_A);
    d.votes('prevote', 0, BLOCK_A, others); // locked on A at round 0
    return { d, others };
  };
  const unlock = setup();
  unlock.d.votes('prevote', 1, BLOCK_B, unlock.others); // polka for B at round 1
  unlock.d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  unlock.d.send({ type: 'timeout', height: 1, round: 1, step: 'precommit' });
  assert.equal(unlock.d.state.round, 2);
  assert.deepEqual(signVotes(unlock.d.proposal(2, BLOCK_B, 1)), [{ type: 'prevote', round: 2, blockHash: BLOCK_B }]);


  // A polka for B at round 0 cannot unlock a lock taken at round 1 (lockedRound ≤ vr fails).
  const { d, others } = fourNodes();
  d.votes('prevote', 0, BLOCK_B, others); // polka for B at round 0 (we have no proposal)
  d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' });
  d.send({ type: 'timeout', height: 1, round: 0, step: 'prevote' });
  d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  d.proposal(1, BLOCK_A);
  d.votes('prevote', 1, BLOCK_A, others); // locked on A at round 1
  d.send({ type: 'timeout', height: 1, round: 1, step: 'precommit' });
  assert.equal(d.state.lockedRound, 1);
  assert.deepEqual(signVotes(d.proposal(2, BLOCK_B, 0)), [{ type: 'prevote', round: 2, blockHash: null }]);
});

test('line 28 waits for the polka at validRound, then prevotes', () => {
  const { d, others } = fourNodes();
  d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' });
  d.send({ type: 'timeout', height: 1, round: 0, step: 'prevote' });
  d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.deepEqual(d.proposal(1, BLOCK_A, 0), [], 'no polka at round 0 yet');
  const effects = d.votes('prevote', 0, BLOCK_A, others);
  assert.deepEqual(signVotes(effects), [{ type: 'prevote', round: 1, blockHash: BLOCK_A }]);
});

test('line 49: decides on a quorum of precommits from an earlier round', () => {
  const { d, others } = fourNodes();
  d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' });
  const effects = d.votes('precommit', 0, BLOCK_A, others); // the proposal of round 0 never reached us
  assert.deepEqual(timeouts(effects), [{ round: 0, step: 'precommit', durationMs: 1000 }]);
  d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.equal(d.state.round, 1);
  const decide = d.proposal(0, BLOCK_A).find((e) => e.type === 'decide');
  assert.ok(decide !== undefined && decide.type === 'decide');
  assert.equal(decide.round, 0);
  assert.equal(decide.blockHash, BLOCK_A);
  assert.deepEqual(decide.precommits.map((v) => v.validator), [...others].sort());
});

test('line 49 needs valid(v): a quorum of precommits for an invalid proposal decides nothing', () => {
  const { d, others } = fourNodes();
  d.proposal(0, BLOCK_A, -1, false);
  const effects = d.votes('precommit', 0, BLOCK_A, others);
  assert.equal(effects.filter((e) => e.type === 'decide').length, 0);
  assert.equal(d.state.decided, false);
});

test('line 55: f + 1 messages from a higher round skip to it; f alone do not', () => {
  const { d, others } = fourNodes();
  assert.deepEqual(d.vote('prevote', 3, null, others[0]), []);
  assert.equal(d.state.round, 0);
  const effects = d.vote('precommit', 5, null, others[1]);
  assert.equal(d.state.round, 3, 'the highest round that f + 1 have reached');
  assert.deepEqual(timeouts(effects).at(-1), { round: 3, step: 'propose', durationMs: 4500 });
});

test('messages for a future round are buffered and used when the round starts', () => {
  const { d, others } = fourNodes();
  d.proposal(1, BLOCK_A);
  d.vote('prevote', 1, BLOCK_A, others[0]);
  d.send({ type: 'timeout', height: 1, round: 0, step: 'propose' });
  d.votes('precommit', 0, null, others);
  const effects = d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  assert.deepEqual(signVotes(effects), [{ type: 'prevote', round: 1, blockHash: BLOCK_A }]);
});

test('equivocation: evidence once, only the first vote counts; duplicates are idempotent', () => {
  const { d, others } = fourNodes();
  const [x, y, z] = others;
  d.proposal(0, BLOCK_A);
  assert.deepEqual(d.vote('prevote', 0, BLOCK_A, x), []);
  assert.deepEqual(d.vote('prevote', 0, BLOCK_A, x), [], 'duplicate');
  const evidence = d.vote('prevote', 0, BLOCK_B, x);
  assert.equal(evidence.length, 1);
  assert.equal(evidence[0].type, 'evidence');
  if (evidence[0].type === 'evidence') {
    assert.equal(evidence[0].first.blockHash, BLOCK_A);
    assert.equal(evidence[0].second.blockHash, BLOCK_B);
  }
  assert.deepEqual(d.vote('prevote', 0, null, x), [], 'evidence is emitted once');
  assert.deepEqual(d.vote('prevote', 0, BLOCK_B, y), [], 'x counted once: B has 1 vote, no quorum');
  assert.deepEqual(signVotes(d.vote('prevote', 0, BLOCK_A, z)), []);
  assert.deepEqual(signVotes(d.vote('prevote', 0, BLOCK_A, d.state.config.self ?? '')), [
    { type: 'precommit', round: 0, blockHash: BLOCK_A },
  ]);
});

test("an equivocator's other vote counts for a proposed value (else it could hide a polka)", () => {
  const { d, self, others } = fourNodes();
  const [x, y] = others;
  d.proposal(0, BLOCK_A);
  d.vote('prevote', 0, null, x);
  assert.equal(d.vote('prevote', 0, BLOCK_A, x)[0]?.type, 'evidence');
  d.vote('prevote', 0, BLOCK_A, y);
  assert.deepEqual(signVotes(d.vote('prevote', 0, BLOCK_A, self)), [{ type: 'precommit', round: 0, blockHash: BLOCK_A }]);
  assert.equal(d.state.rounds.get(0)?.prevotes.power, 30n, 'x weighs once in "any"');
});

test('a conflicting vote for a value nobody proposed or backs is not counted', () => {
  const { d, others } = fourNodes();
  const [x, y, z] = others;
  d.vote('prevote', 0, BLOCK_A, x);
  d.vote('prevote', 0, BLOCK_B, x); // B: not proposed, no first votes: dropped
  d.vote('prevote', 0, BLOCK_B, y);
  d.vote('prevote', 0, BLOCK_B, z);
  const prevotes = d.state.rounds.get(0)?.prevotes;
  assert.equal(prevotes?.powerByValue.get(BLOCK_B), 20n);
  d.vote('prevote', 0, BLOCK_B, x); // now B has > 1/3 of first votes: counted when gossip brings it again
  assert.equal(prevotes?.powerByValue.get(BLOCK_B), 30n);
  assert.equal(prevotes?.quorumKey, BLOCK_B);
});

test('proposal equivocation: evidence once; the second value is kept for lines 36 and 49', () => {
  const { d, others } = fourNodes();
  d.proposal(0, BLOCK_A);
  const effects = d.proposal(0, BLOCK_B);
  assert.deepEqual(effects.map((e) => e.type), ['proposalEvidence']);
  assert.deepEqual(d.proposal(0, 'cc'.repeat(32)), [], 'reported once per round');
  d.votes('precommit', 0, BLOCK_B, others);
  assert.equal(d.state.decided, true);
});

test('ignored: other heights, non-validators, non-proposers, malformed rounds', () => {
  const { d, others } = fourNodes();
  assert.deepEqual(d.vote('prevote', 0, BLOCK_A, others[0], 2), []);
  assert.deepEqual(d.votes('prevote', 0, BLOCK_A, ['mallory', 'eve', 'oscar']), []);
  const notProposer = pickValidator(FOUR, 1, 0, false);
  assert.deepEqual(d.proposal(0, BLOCK_A, -1, true, notProposer), []);
  assert.deepEqual(d.vote('prevote', -1, BLOCK_A, others[0]), []);
  assert.deepEqual(d.vote('prevote', 1.5, BLOCK_A, others[0]), []);
  assert.deepEqual(d.proposal(0, BLOCK_A, 0), [], 'validRound must be below the round');
  assert.equal(d.state.rounds.get(0)?.prevotes.power, 0n);
});

test('a restarted validator resumes after its last signed round with its lock', () => {
  const self = pickValidator(FOUR, 1, 3, false);
  const d = new Driver(FOUR, self, 1, { startRound: 3, lock: { round: 1, blockHash: BLOCK_A } });
  assert.equal(d.state.round, 3);
  assert.deepEqual(signVotes(d.proposal(3, BLOCK_B)), [{ type: 'prevote', round: 3, blockHash: null }]);
  const proposerSelf = pickValidator(FOUR, 1, 2, true);
  const p = new Driver(FOUR, proposerSelf, 1, { startRound: 2, lock: { round: 1, blockHash: BLOCK_A } });
  assert.deepEqual(p.startEffects[0], {
    type: 'signProposal',
    proposal: { height: 1, round: 2, blockHash: BLOCK_A, polRound: 1, proposer: proposerSelf },
    polka: [],
  });
});

test('re-proposing the valid value sends its polka along (line 19 with validRound)', () => {
  const self = pickValidator(FOUR, 1, 1, true);
  const d = new Driver(FOUR, self);
  const others = d.others(self);
  d.proposal(0, BLOCK_A);
  d.votes('prevote', 0, BLOCK_A, others);
  d.votes('precommit', 0, null, others);
  const effects = d.send({ type: 'timeout', height: 1, round: 0, step: 'precommit' });
  const proposal = effects.find((e) => e.type === 'signProposal');
  assert.ok(proposal !== undefined && proposal.type === 'signProposal');
  assert.deepEqual(proposal.proposal, { height: 1, round: 1, blockHash: BLOCK_A, polRound: 0, proposer: self });
  assert.deepEqual(proposal.polka?.map((v) => v.validator), [...others].sort());
});

test('a validator resumed in the round of its lock proposes a fresh block, not the lock', () => {
  const self = pickValidator(FOUR, 1, 2, true);
  const d = new Driver(FOUR, self, 1, { startRound: 2, lock: { round: 2, blockHash: BLOCK_A } });
  assert.deepEqual(d.startEffects[0], { type: 'requestBlock', height: 1, round: 2 });
  assert.deepEqual(d.send({ type: 'blockReady', height: 1, round: 2, blockHash: BLOCK_B }), [
    { type: 'signProposal', proposal: { height: 1, round: 2, blockHash: BLOCK_B, polRound: -1, proposer: self } },
  ]);
  assert.deepEqual(signVotes(d.proposal(2, BLOCK_B)), [{ type: 'prevote', round: 2, blockHash: null }], 'still locked on A');
});

test('a node that is not a validator signs nothing but follows and decides', () => {
  const d = new Driver(FOUR, null);
  const all = FOUR.validators.map((v) => v.address);
  const effects = [...d.startEffects, ...d.proposal(0, BLOCK_A), ...d.votes('prevote', 0, BLOCK_A, all)];
  assert.equal(effects.filter((e) => e.type === 'signVote' || e.type === 'signProposal' || e.type === 'requestBlock').length, 0);
  assert.equal(d.votes('precommit', 0, BLOCK_A, all).filter((e) => e.type === 'decide').length, 1);
});

test('the proposer of round 0 requests a block and proposes it once', () => {
  const self = proposerOf(FOUR, 1, 0);
  const d = new Driver(FOUR, self);
  assert.deepEqual(d.startEffects.map((e) => e.type), ['requestBlock', 'scheduleTimeout']);
  assert.equal(d.send({ type: 'blockReady', height: 1, round: 0, blockHash: BLOCK_A }).length, 1);
  assert.deepEqual(d.send({ type: 'blockReady', height: 1, round: 0, blockHash: BLOCK_B }), []);
  assert.deepEqual(d.send({ type: 'blockReady', height: 1, round: 1, blockHash: BLOCK_B }), []);
});

test('the node drives heights upwards only', () => {
  const state = createConsensus({ self: 'val0', timeouts: TIMEOUTS });
  step(state, { type: 'startHeight', height: 5, validatorSet: FOUR, seed: SEED });
  assert.throws(() => step(state, { type: 'startHeight', height: 5, validatorSet: FOUR, seed: SEED }), ConsensusError);
  assert.throws(() => createConsensus({ self: 'val0', timeouts: { ...TIMEOUTS, deltaMs: 0.5 } }), ConsensusError);
});
