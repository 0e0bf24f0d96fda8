// spec/org.md §3.1, reproduced exactly: founding, a joiner with no reputation, a contribution valued
// by three evaluators (commit, reveal, close, claims), and a motion that passes unopposed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAsset } from '../../../src/ledger/accounts/balances.ts';
import { getContribution } from '../../../src/ledger/org/state.ts';
import { eventsOf, expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, DOC, HOUR, NATIVE, T0, evaluate, foundCoop, newChain, orgOf, pay, reputationOf, revealScore } from './fixtures.ts';

test('the worked example of spec/org.md §3.1', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  assert.deepEqual([ALICE, BOB, CAROL].map((k) => reputationOf(chain, org, k)), [1000n, 1000n, 1000n]);
  assert.equal(orgOf(chain, org).reputation, 3000n);
  assert.equal(getAsset(chain.state, 'COOP')?.mintAuthority, org);
  assert.equal(getAsset(chain.state, 'COOP')?.supply, 0n);

  // 1. Dave joins with no reputation and contributes, paying 50 AGR into the treasury.
  expectOk(chain.one(T0 + HOUR / 2, DAVE, 'org.join', { org }));
  assert.equal(reputationOf(chain, org, DAVE), 0n);
  const contributed = expectOk(chain.one(T0 + HOUR, DAVE, 'org.contribute', { org, document: DOC, description: 'route planner' }));
  assert.equal(eventsOf(contributed, 'org.contributed')[0].contribution, '0');
  assert.equal(chain.balance(org), 50n);
  assert.equal(chain.balance(DAVE), 950n);
  assert.equal(getContribution(chain.state, org, 0)?.base, 3000n);

  // 2. Alice, Bob, Carol commit in that order: 100 staked each.
  chain.runAt(T0 + 2 * HOUR, chain.block().add(ALICE, 'org.evaluate', evaluate(org, 0, ALICE, 80)).add(BOB, 'org.evaluate', evaluate(org, 0, BOB, 60)).add(CAROL, 'org.evaluate', evaluate(org, 0, CAROL, 20))).forEach(expectOk);
  assert.deepEqual([ALICE, BOB, CAROL].map((k) => reputationOf(chain, org, k)), [900n, 900n, 900n]);
  assert.equal(orgOf(chain, org).reputation, 2700n);

  // 3. They reveal 80, 60, 20.
  chain.runAt(T0 + DAY + 2 * HOUR, chain.block().add(ALICE, 'org.reveal', revealScore(org, 0, 80)).add(BOB, 'org.reveal', revealScore(org, 0, 60)).add(CAROL, 'org.reveal', revealScore(org, 0, 20))).forEach(expectOk);
  const revealed = getContribution(chain.state, org, 0)!;
  assert.deepEqual([revealed.upWeight, revealed.downWeight, revealed.scoreSum, revealed.upPoints], [2000n, 1000n, 160_000n, 6300n]);

  // 4. Close: accepted at score 53; Dave gets 530 COOP and 159 reputation.
  const closed = expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR, CAROL, 'org.close', { org, contribution: 0 }));
  assert.deepEqual(eventsOf(closed, 'org.closed')[0].outcome, 'accepted');
  assert.deepEqual(eventsOf(closed, 'org.closed')[0].score, '53');
  assert.equal(chain.balance(DAVE, 'COOP'), 530n);
  assert.equal(getAsset(chain.state, 'COOP')?.supply, 530n);
  assert.equal(reputationOf(chain, org, DAVE), 159n);
  assert.equal(orgOf(chain, org).reputation, 2859n);
  assert.deepEqual([getContribution(chain.state, org, 0)?.pool, getContribution(chain.state, org, 0)?.points], [100n, 6300n]);

  // 5. Claims: Alice 1 050, Bob 1 049, Carol stays at 900.
  chain.runAt(T0 + 2 * DAY + 3 * HOUR, chain.block().add(ALICE, 'org.claim', { org, contribution: 0 }).add(BOB, 'org.claim', { org, contribution: 0 }).add(CAROL, 'org.claim', { org, contribution: 0 })).forEach(expectOk);
  assert.deepEqual([ALICE, BOB, CAROL, DAVE].map((k) => reputationOf(chain, org, k)), [1050n, 1049n, 900n, 159n]);
  assert.equal(orgOf(chain, org).reputation, 3158n);

  // 6. A motion to pay Dave 20 AGR passes unopposed.
  expectOk(chain.one(T0 + 2 * DAY + 4 * HOUR, ALICE, 'org.propose', { org, action: pay(DAVE, 20n) }));
  assert.equal(reputationOf(chain, org, ALICE), 950n);
  const executed = expectOk(chain.one(T0 + 4 * DAY + 4 * HOUR, BOB, 'org.execute', { org, motion: 0 }));
  assert.equal(eventsOf(executed, 'org.executed')[0].outcome, 'passed');
  assert.equal(chain.balance(DAVE), 970n);
  assert.equal(chain.balance(org), 30n);
  assert.equal(reputationOf(chain, org, ALICE), 1050n);
  assert.equal(orgOf(chain, org).treasury.assets.get(NATIVE), 30n);
});
