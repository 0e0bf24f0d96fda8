// Issue 15's "must show" at the ledger: a cooperative founded with three members; five contributions
// evaluated (one rejected below the threshold, one without quorum); tokens and reputation as the
// formulas of spec/org.md say; a motion paying a member passes unopposed; an objected motion goes to a
// vote and fails; revenue is distributed and withdrawn. Every invariant is checked after each block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAsset } from '../../../src/ledger/accounts/balances.ts';
import { getContribution } from '../../../src/ledger/org/state.ts';
import { eventsOf, expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, DOC, ERIN, HOUR, NATIVE, T0, evaluate, foundCoop, newChain, orgOf, pay, reputationOf, revealScore, revealVote, voteOn } from './fixtures.ts';

test('a cooperative: five contributions, two motions, a distribution', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  chain.runAt(T0 + HOUR / 2, chain.block().add(DAVE, 'org.join', { org }).add(ERIN, 'org.join', { org })).forEach(expectOk);
  // Five contributions, one each round: 0 Dave, 1 Erin, 2 Dave, 3 Erin, 4 Alice.
  const authors = [DAVE, ERIN, DAVE, ERIN, ALICE];
  // Scores per contribution by Alice, Bob, Carol (null: no evaluation); `hidden` evaluators commit and never reveal.
  const scores: { [who: string]: number | null }[] = [
    { A: 80, B: 60, C: 20 }, // accepted: up 2/3 ≥ 60 %
    { A: 10, B: 70, C: 30 }, // rejected: up 1/3 < 60 %
    { A: null, B: 90, C: null }, // no quorum: 1/3 of the reputation < 50 %
    { A: 100, B: 100, C: 100 }, // accepted at 100
    { A: null, B: 50, C: 70 }, // accepted (Alice's own): Bob and Carol hold ≥ 50 % of the base
  ];
  const keys: { [who: string]: typeof ALICE } = { A: ALICE, B: BOB, C: CAROL };
  const outcomes: string[] = [];
  let tokens = 0n;
  let t = T0 + HOUR;
  scores.forEach((round, id) => {
    expectOk(chain.one(t, authors[id], 'org.contribute', { org, document: DOC, description: `work ${id}` }));
    const commits = chain.block();
    for (const [who, score] of Object.entries(round)) if (score !== null) commits.add(keys[who], 'org.evaluate', evaluate(org, id, keys[who], score));
    chain.runAt(t + HOUR, commits).forEach(expectOk);
    const reveals = chain.block();
    for (const [who, score] of Object.entries(round)) if (score !== null) reveals.add(keys[who], 'org.reveal', revealScore(org, id, score));
    chain.runAt(t + DAY + HOUR, reveals).forEach(expectOk);
    const closed = expectOk(chain.one(t + 2 * DAY + HOUR, ERIN, 'org.close', { org, contribution: id }));
    outcomes.push(eventsOf(closed, 'org.closed')[0].outcome);
    for (const a of eventsOf(closed, 'org.rewarded')) tokens += BigInt(a.tokens);
    const claims = chain.block();
    for (const [who, score] of Object.entries(round)) if (score !== null) claims.add(keys[who], 'org.claim', { org, contribution: id });
    chain.runAt(t + 2 * DAY + 2 * HOUR, claims).forEach(expectOk);
    t += 3 * DAY;
  });
  assert.deepEqual(outcomes, ['accepted', 'rejected', 'no_quorum', 'accepted', 'accepted']);
  assert.equal(getAsset(chain.state, 'COOP')?.supply, tokens);
  assert.equal(chain.balance(DAVE, 'COOP'), 530n, 'contribution 0 as in the worked example');
  assert.equal(chain.balance(ERIN, 'COOP'), 1000n, 'contribution 3 at score 100');
  assert.equal(reputationOf(chain, org, ERIN), 300n, 'Erin joined with nothing and earned 300 by contribution 3');
  assert.equal(getContribution(chain.state, org, 2)?.pool, 0n);
  assert.equal(chain.balance(org), 250n, 'five contribution fees');

  // A motion paying Erin 100 AGR passes unopposed.
  expectOk(chain.one(t, ALICE, 'org.propose', { org, action: pay(ERIN, 100n) }));
  expectOk(chain.one(t + 2 * DAY, DAVE, 'org.execute', { org, motion: 0 }));
  assert.equal(chain.balance(org), 150n);
  // A motion minting 10 000 COOP to Bob is objected by Carol and fails by vote.
  t += 2 * DAY + HOUR;
  expectOk(chain.one(t, BOB, 'org.propose', { org, action: { type: 'mint', to: BOB.address, amount: 10_000n } }));
  expectOk(chain.one(t + HOUR, CAROL, 'org.object', { org, motion: 1 }));
  const votes: [typeof ALICE, boolean][] = [[ALICE, false], [BOB, true], [CAROL, false], [ERIN, false]];
  const commits = chain.block();
  for (const [key, yes] of votes) commits.add(key, 'org.vote', voteOn(org, 1, key, yes));
  chain.runAt(t + 2 * HOUR, commits).forEach(expectOk);
  const reveals = chain.block();
  for (const [key, yes] of votes) reveals.add(key, 'org.reveal', revealVote(org, 1, yes));
  chain.runAt(t + 2 * DAY + 2 * HOUR, reveals).forEach(expectOk);
  const failed = expectOk(chain.one(t + 4 * DAY + HOUR, DAVE, 'org.execute', { org, motion: 1 }));
  assert.equal(eventsOf(failed, 'org.executed')[0].outcome, 'failed');
  assert.equal(getAsset(chain.state, 'COOP')?.supply, tokens);

  // The 150 AGR left are distributed by reputation and withdrawn.
  t += 4 * DAY + 2 * HOUR;
  expectOk(chain.one(t, CAROL, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 150n } }));
  expectOk(chain.one(t + 2 * DAY, DAVE, 'org.execute', { org, motion: 2 }));
  const before = [ALICE, BOB, CAROL, DAVE, ERIN].map((k) => chain.balance(k));
  const withdrawals = chain.block();
  for (const key of [ALICE, BOB, CAROL, DAVE, ERIN]) withdrawals.add(key, 'org.withdraw', { org });
  chain.runAt(t + 2 * DAY + HOUR, withdrawals).forEach(expectOk);
  const received = [ALICE, BOB, CAROL, DAVE, ERIN].map((k, i) => chain.balance(k) - before[i]);
  const total = received.reduce((a, b) => a + b, 0n);
  assert.ok(total <= 150n && total >= 145n, `withdrew ${total} of 150 (rounding leaves at most one unit per member)`);
  assert.equal(chain.balance(org), 150n - total);
  assert.equal(orgOf(chain, org).pots.get(NATIVE) ?? 0n, 150n - total);
});
