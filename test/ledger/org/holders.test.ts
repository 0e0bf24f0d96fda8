// Revenue shared by holders of the org's token (spec/org.md §4.2, spec/decisions/0011): holders lock
// tokens into the org, a distribution to holders grows an accumulator per locked unit (the snapshot
// is the locked amounts at that moment), holders withdraw with org.withdraw; no loop over holders, no
// hook in transfers. The first test is §4.2.1's worked example with its exact numbers; every block
// passes every invariant (the org holds its treasury, both pots and the locked tokens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLock } from '../../../src/ledger/org/state.ts';
import { eventsOf, expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, ERIN, NATIVE, T0, foundCoop, newChain, orgOf, refusedUnchanged } from './fixtures.ts';

const COOP = 'COOP';
const TWO_128 = 1n << 128n;

test('§4.2.1 worked example: 300 then 180 AGR to holders, locked 900 each time, earned by the locks at each distribution', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  // Step 1: a mint motion gives Dave 1 000 COOP; Erin funds the treasury; Bob proposes 300 AGR to holders.
  expectOk(chain.one(T0 + 10_000, ALICE, 'org.propose', { org, action: { type: 'mint', to: DAVE.address, amount: 1000n } }));
  expectOk(chain.one(T0 + 15_000, ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 500n }] }));
  expectOk(chain.one(T0 + 20_000, BOB, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 300n, to: 'holders' } }));
  expectOk(chain.one(T0 + 2 * DAY + 10_000, BOB, 'org.execute', { org, motion: 0 }));
  // Nothing is locked yet: the distribution is refused and the motion stays passable.
  refusedUnchanged(chain, T0 + 2 * DAY + 20_000, BOB, 'org.execute', { org, motion: 1 }, 'nothing_locked');
  // Step 2: Dave gives Erin 400; Dave locks 600, Erin 300: locked 900.
  expectOk(chain.one(T0 + 2 * DAY + 21_000, DAVE, 'transfer', { transfers: [{ to: ERIN.address, asset: COOP, amount: 400n }] }));
  refusedUnchanged(chain, T0 + 2 * DAY + 22_000, BOB, 'org.lock', { org, amount: 1n }, 'insufficient_balance');
  expectOk(chain.one(T0 + 2 * DAY + 23_000, DAVE, 'org.lock', { org, amount: 600n }));
  expectOk(chain.one(T0 + 2 * DAY + 24_000, ERIN, 'org.lock', { org, amount: 300n }));
  assert.deepEqual([chain.balance(DAVE, COOP), chain.balance(ERIN, COOP), chain.balance(org, COOP), orgOf(chain, org).holders.locked], [0n, 100n, 900n, 900n]);
  // Step 3: the distribution: the accumulator grows by ⌈300 × 2^128 / 900⌉ = (2^128 + 2) / 3.
  const receipt = chain.one(T0 + 2 * DAY + 30_000, BOB, 'org.execute', { org, motion: 1 });
  expectOk(receipt);
  assert.deepEqual(eventsOf(receipt.events, 'org.distributed'), [{ org, asset: NATIVE, amount: '300', to: 'holders', locked: '900' }]);
  assert.equal(orgOf(chain, org).holders.accs.get(NATIVE), (TWO_128 + 2n) / 3n);
  assert.deepEqual([orgOf(chain, org).holders.pots.get(NATIVE), orgOf(chain, org).treasury.assets.get(NATIVE), orgOf(chain, org).pots.get(NATIVE)], [300n, 200n, undefined]);
  // Step 4: Erin locks her last 100 (they earn nothing from motion 1); Dave unlocks 100 (settled first).
  expectOk(chain.one(T0 + 2 * DAY + 40_000, ERIN, 'org.lock', { org, amount: 100n }));
  refusedUnchanged(chain, T0 + 2 * DAY + 45_000, DAVE, 'org.unlock', { org, amount: 601n }, 'insufficient_locked');
  expectOk(chain.one(T0 + 2 * DAY + 50_000, DAVE, 'org.unlock', { org, amount: 100n }));
  assert.deepEqual([getLock(chain.state, org, DAVE.address)?.amount, getLock(chain.state, org, DAVE.address)?.owed.get(NATIVE)], [500n, 200n]);
  assert.deepEqual([getLock(chain.state, org, ERIN.address)?.amount, getLock(chain.state, org, ERIN.address)?.owed.get(NATIVE)], [400n, 100n]);
  assert.deepEqual([chain.balance(DAVE, COOP), orgOf(chain, org).holders.locked], [100n, 900n]);
  // Step 5: Carol proposes 180 AGR to holders; passed: ⌈180 × 2^128 / 900⌉ = (2^128 + 4) / 5; Dave 100, Erin 80.
  expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 180n, to: 'holders' } }));
  expectOk(chain.one(T0 + 4 * DAY + 60_000, BOB, 'org.execute', { org, motion: 2 }));
  assert.equal(orgOf(chain, org).holders.accs.get(NATIVE), (TWO_128 + 2n) / 3n + (TWO_128 + 4n) / 5n);
  // Step 6: withdrawals. Dave 200 + 100 = 300, then nothing; Alice (a member) has no share of the holders' pot.
  expectOk(chain.one(T0 + 4 * DAY + 70_000, DAVE, 'org.withdraw', { org }));
  assert.equal(chain.balance(DAVE), 1300n);
  refusedUnchanged(chain, T0 + 4 * DAY + 71_000, DAVE, 'org.withdraw', { org }, 'nothing_due');
  refusedUnchanged(chain, T0 + 4 * DAY + 72_000, ALICE, 'org.withdraw', { org }, 'nothing_due');
  // Erin unlocks all 400 (settled: 100 + 80 owed), then withdraws 180; her lock record is gone.
  expectOk(chain.one(T0 + 4 * DAY + 80_000, ERIN, 'org.unlock', { org, amount: 400n }));
  assert.equal(chain.balance(ERIN, COOP), 400n);
  expectOk(chain.one(T0 + 4 * DAY + 90_000, ERIN, 'org.withdraw', { org }));
  assert.equal(chain.balance(ERIN), 1000n - 500n + 180n);
  assert.equal(getLock(chain.state, org, ERIN.address), undefined);
  refusedUnchanged(chain, T0 + 4 * DAY + 100_000, ERIN, 'org.withdraw', { org }, 'not_a_member');
  // The end: the holders' pot is empty, 20 AGR stay in the treasury, Dave's 500 COOP stay locked.
  const end = orgOf(chain, org);
  assert.deepEqual([end.holders.pots.get(NATIVE) ?? 0n, end.treasury.assets.get(NATIVE), end.holders.locked, chain.balance(org), chain.balance(org, COOP)], [0n, 20n, 500n, 20n, 500n]);
});

test('rounded down, the accumulator would pay 199 and 99 of 300: the rounding up is what makes whole shares whole', () => {
  const down = TWO_128 / 3n; // ⌊300 × 2^128 / 900⌋
  const up = (300n * TWO_128 + 899n) / 900n;
  assert.deepEqual([(600n * down) >> 128n, (300n * down) >> 128n], [199n, 99n]);
  assert.deepEqual([(600n * up) >> 128n, (300n * up) >> 128n], [200n, 100n]);
});

test('a member who also holds locked tokens withdraws both shares in one org.withdraw, each from its own pot', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 10_000, ALICE, 'org.propose', { org, action: { type: 'mint', to: ALICE.address, amount: 50n } }));
  expectOk(chain.one(T0 + 15_000, ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  expectOk(chain.one(T0 + 2 * DAY + 10_000, BOB, 'org.execute', { org, motion: 0 }));
  expectOk(chain.one(T0 + 2 * DAY + 11_000, ALICE, 'org.lock', { org, amount: 50n }));
  expectOk(chain.one(T0 + 2 * DAY + 12_000, BOB, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 300n } }));
  expectOk(chain.one(T0 + 2 * DAY + 13_000, CAROL, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 70n, to: 'holders' } }));
  expectOk(chain.one(T0 + 4 * DAY + 12_000, BOB, 'org.execute', { org, motion: 1 }));
  expectOk(chain.one(T0 + 4 * DAY + 13_000, BOB, 'org.execute', { org, motion: 2 }));
  // Reputation: 300 while Carol's stake of 100 is out (total 2 900) → Alice ⌊1 000 × 300 / 2 900⌋ = 103;
  // holders: Alice's 50 are all that is locked → 70.
  expectOk(chain.one(T0 + 4 * DAY + 20_000, ALICE, 'org.withdraw', { org }));
  assert.equal(chain.balance(ALICE), 1000n + 103n + 70n);
  const after = orgOf(chain, org);
  assert.deepEqual([after.pots.get(NATIVE), after.holders.pots.get(NATIVE) ?? 0n], [197n, 0n]);
  refusedUnchanged(chain, T0 + 4 * DAY + 21_000, ALICE, 'org.withdraw', { org }, 'nothing_due');
});

test('org.lock and org.unlock refuse with their codes and change nothing: unknown org, no tokens, more than locked, nothing locked', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  refusedUnchanged(chain, T0 + 10_000, DAVE, 'org.lock', { org: DAVE.address, amount: 1n }, 'unknown_org');
  refusedUnchanged(chain, T0 + 11_000, DAVE, 'org.lock', { org, amount: 1n }, 'insufficient_balance');
  refusedUnchanged(chain, T0 + 12_000, DAVE, 'org.unlock', { org, amount: 1n }, 'insufficient_locked');
  refusedUnchanged(chain, T0 + 13_000, DAVE, 'org.unlock', { org: DAVE.address, amount: 1n }, 'unknown_org');
  // A distribution to holders with nothing locked (checked after the treasury).
  expectOk(chain.one(T0 + 14_000, ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 10n }] }));
  expectOk(chain.one(T0 + 15_000, ALICE, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 11n, to: 'holders' } }));
  expectOk(chain.one(T0 + 16_000, ALICE, 'org.propose', { org, action: { type: 'distribute', asset: NATIVE, amount: 10n, to: 'holders' } }));
  refusedUnchanged(chain, T0 + 2 * DAY + 15_000, BOB, 'org.execute', { org, motion: 0 }, 'insufficient_treasury');
  refusedUnchanged(chain, T0 + 2 * DAY + 16_000, BOB, 'org.execute', { org, motion: 1 }, 'nothing_locked');
});
