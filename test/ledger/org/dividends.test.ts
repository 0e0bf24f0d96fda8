// Revenue shared by reputation (spec/org.md §4.1): a distribution passed by motion, withdrawn by each
// member in proportion to the reputation it held, with no per-member loop; joiners share in nothing
// distributed before they joined; decay changes nobody's share; withdrawals never pass the pot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, ERIN, NATIVE, T0, foundCoop, newChain, orgOf, refusedUnchanged } from './fixtures.ts';

test('a distribution of 300 AGR: 100 to each founder; the joiner after it gets nothing; twice is nothing_due', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 10_000, ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 300n }] }));
  expectOk(chain.one(T0 + 20_000, ALICE, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 300n } }));
  expectOk(chain.one(T0 + 2 * DAY + 20_000, BOB, 'org.execute', { org, motion: 0 }));
  assert.deepEqual([orgOf(chain, org).treasury.assets.get(NATIVE), orgOf(chain, org).pots.get(NATIVE), chain.balance(org)], [undefined, 300n, 300n]);
  expectOk(chain.one(T0 + 2 * DAY + 30_000, DAVE, 'org.join', { org }));
  refusedUnchanged(chain, T0 + 2 * DAY + 40_000, DAVE, 'org.withdraw', { org }, 'nothing_due');
  refusedUnchanged(chain, T0 + 2 * DAY + 50_000, ERIN, 'org.withdraw', { org }, 'not_a_member');
  expectOk(chain.one(T0 + 2 * DAY + 60_000, ALICE, 'org.withdraw', { org }));
  assert.equal(chain.balance(ALICE), 1100n);
  refusedUnchanged(chain, T0 + 2 * DAY + 70_000, ALICE, 'org.withdraw', { org }, 'nothing_due');
  // Bob withdraws a half-life later: decay changed his reputation, not his share.
  expectOk(chain.one(T0 + 92 * DAY, BOB, 'org.withdraw', { org }));
  assert.equal(chain.balance(BOB), 1100n);
  expectOk(chain.one(T0 + 93 * DAY, CAROL, 'org.withdraw', { org }));
  assert.equal(chain.balance(CAROL), 1100n);
  assert.equal(orgOf(chain, org).pots.get(NATIVE), undefined);
});

test('a member staking reputation between two distributions earns by what it held at each', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 10_000, ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  // Motion 0 distributes 300 with all three at 1 000 (Alice's stake returned first).
  expectOk(chain.one(T0 + 20_000, ALICE, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 300n } }));
  expectOk(chain.one(T0 + 2 * DAY + 20_000, BOB, 'org.execute', { org, motion: 0 }));
  // Motion 1 (Carol proposes, staking 100: Carol 900) distributes 290 while Carol's stake is out:
  // the total is 2 900 (Carol's stake is not reputation), so 100 each to Alice and Bob, 90 to Carol.
  expectOk(chain.one(T0 + 2 * DAY + 30_000, CAROL, 'org.propose', { org, action: { type: 'mint', to: CAROL.address, amount: 1n } }));
  expectOk(chain.one(T0 + 2 * DAY + 40_000, ALICE, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 290n } }));
  expectOk(chain.one(T0 + 4 * DAY + 40_000, BOB, 'org.execute', { org, motion: 2 }));
  for (const key of [ALICE, BOB, CAROL]) expectOk(chain.one(chain.timeMs + 1000, key, 'org.withdraw', { org }));
  assert.deepEqual([ALICE, BOB, CAROL].map((k) => chain.balance(k) - 1000n), [200n, 200n, 190n]);
  assert.equal(chain.balance(org), 10n, 'the 10 left in the treasury');
});
