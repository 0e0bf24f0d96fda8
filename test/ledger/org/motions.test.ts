// Motions (spec/org.md §4): unopposed they pass after the period; objected, a reputation-weighted
// commit-reveal vote decides, the stakes go to the winning side, and the action runs with the
// execution or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAsset } from '../../../src/ledger/accounts/balances.ts';
import { getMotion } from '../../../src/ledger/org/state.ts';
import { eventsOf, expectOk, type TimedChain } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, ERIN, NATIVE, T0, foundCoop, newChain, orgOf, pay, refusedUnchanged, reputationOf, revealVote, voteOn } from './fixtures.ts';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import type { OrgAction } from '../../../src/ledger/org/types.ts';

/** Motion 0 proposed at T0+1m by `proposer`, objected by `objector` at T0+2m; the votes committed then revealed; executed. */
function objected(chain: TimedChain, org: string, proposer: KeyPair, objector: KeyPair, action: OrgAction, votes: [KeyPair, boolean][]) {
  expectOk(chain.one(T0 + 60_000, proposer, 'org.propose', { org, action }));
  expectOk(chain.one(T0 + 2 * 60_000, objector, 'org.object', { org, motion: 0 }));
  const commits = chain.block();
  for (const [key, yes] of votes) commits.add(key, 'org.vote', voteOn(org, 0, key, yes));
  chain.runAt(T0 + 3 * 60_000, commits).forEach(expectOk);
  const reveals = chain.block();
  for (const [key, yes] of votes) reveals.add(key, 'org.reveal', revealVote(org, 0, yes));
  chain.runAt(T0 + 2 * DAY + 3 * 60_000, reveals).forEach(expectOk);
  return expectOk(chain.one(T0 + 4 * DAY + 2 * 60_000, DAVE, 'org.execute', { org, motion: 0 }));
}

test('an objected motion fails by vote: nothing runs, the objector takes both stakes', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  const events = objected(chain, org, CAROL, BOB, { type: 'mint', to: CAROL.address, amount: 1000n }, [[ALICE, false], [BOB, false], [CAROL, true]]);
  assert.equal(eventsOf(events, 'org.executed')[0].outcome, 'failed');
  assert.deepEqual(eventsOf(events, 'mint'), []);
  const motion = getMotion(chain.state, org, 0)!;
  assert.deepEqual([motion.status, motion.yes, motion.no, motion.base], ['failed', 900n, 1900n, 2900n]);
  assert.equal(getAsset(chain.state, 'COOP')?.supply, 0n);
  assert.deepEqual([ALICE, BOB, CAROL].map((k) => reputationOf(chain, org, k)), [1000n, 1100n, 900n]);
  assert.equal(orgOf(chain, org).reputation, 3000n);
  refusedUnchanged(chain, T0 + 5 * DAY, DAVE, 'org.execute', { org, motion: 0 }, 'motion_closed');
});

test('an objected motion passes by vote: the action runs, the proposer takes both stakes', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 100n }] }));
  const events = objected(chain, org, ALICE, BOB, pay(DAVE, 40n), [[ALICE, true], [BOB, false], [CAROL, true]]);
  assert.equal(eventsOf(events, 'org.executed')[0].outcome, 'passed');
  assert.equal(chain.balance(DAVE), 1040n);
  assert.equal(chain.balance(org), 60n);
  assert.deepEqual([ALICE, BOB, CAROL].map((k) => reputationOf(chain, org, k)), [1100n, 900n, 1000n]);
});

test('a vote without quorum fails even when yes leads', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  const events = objected(chain, org, ALICE, BOB, { type: 'mint', to: ALICE.address, amount: 5n }, [[ALICE, true]]);
  assert.equal(eventsOf(events, 'org.executed')[0].outcome, 'failed');
  assert.equal(getAsset(chain.state, 'COOP')?.supply, 0n);
});

test('a mint passed unopposed mints the org token; a second execution is refused', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: { type: 'mint', to: BOB.address, amount: 77n } }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.execute', { org, motion: 0 }));
  assert.deepEqual(eventsOf(events, 'mint'), [{ asset: 'COOP', to: BOB.address, amount: '77' }]);
  assert.equal(chain.balance(BOB, 'COOP'), 77n);
  assert.equal(getAsset(chain.state, 'COOP')?.supply, 77n);
});

test('a charter change passed unopposed replaces the charter', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  const charter = { ...orgOf(chain, org).charter, quorumPpm: 100_000, open: false };
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: { type: 'charter', charter } }));
  expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.execute', { org, motion: 0 }));
  assert.deepEqual(orgOf(chain, org).charter, charter);
});

test('a member removed by motion loses its reputation and the stakes it had out', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 60_000, CAROL, 'org.propose', { org, action: { type: 'mint', to: CAROL.address, amount: 1n } }));
  expectOk(chain.one(T0 + 2 * 60_000, ALICE, 'org.propose', { org, action: { type: 'remove', address: CAROL.address } }));
  expectOk(chain.one(T0 + 3 * 60_000, BOB, 'org.object', { org, motion: 0 }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 2 * 60_000, DAVE, 'org.execute', { org, motion: 1 }));
  assert.deepEqual(eventsOf(events, 'org.removed'), [{ org, member: CAROL.address, reputation: '900' }]);
  assert.equal(reputationOf(chain, org, CAROL), undefined);
  assert.equal(orgOf(chain, org).reputation, 1900n, '3 000 less the two open stakes and Carol');
  assert.equal(orgOf(chain, org).members, 2);
  // Motion 0 fails without votes: Bob, the objector, takes both stakes.
  expectOk(chain.one(T0 + 4 * DAY + 3 * 60_000, DAVE, 'org.execute', { org, motion: 0 }));
  assert.equal(reputationOf(chain, org, BOB), 1100n);
});

test('a split opened from the treasury forwards its payment at once', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 100n }] }));
  const members = [{ address: ALICE.address, weight: 50 }, { address: BOB.address, weight: 30 }, { address: CAROL.address, weight: 20 }];
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: { type: 'split', members, asset: NATIVE, amount: 7n } }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 60_000, DAVE, 'org.execute', { org, motion: 0 }));
  const split = eventsOf(events, 'split.created')[0].split;
  assert.equal(eventsOf(events, 'split.created')[0].creator, org);
  assert.deepEqual(eventsOf(events, 'transfer').map((a) => `${a.from === org ? 'org' : a.from === split ? 'split' : a.from}→${a.to === split ? 'split' : a.to} ${a.amount}`), ['org→split 7', `split→${ALICE.address} 4`, `split→${BOB.address} 2`, `split→${CAROL.address} 1`]);
  assert.equal(chain.balance(org), 93n);
  assert.equal(orgOf(chain, org).treasury.assets.get(NATIVE), 93n);
});

test('the treasury takes an item by org.fund and pays it out by motion; an item it does not hold is refused', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  const registered = expectOk(chain.one(T0 + 10_000, BOB, 'item.register', { kind: 'drill' }));
  const item = eventsOf(registered, 'item.registered')[0].item;
  refusedUnchanged(chain, T0 + 20_000, BOB, 'item.transfer', { item, to: org }, 'contract_recipient');
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, items: [item] }));
  assert.deepEqual(orgOf(chain, org).treasury.items, [item]);
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: { type: 'pay', to: DAVE.address, items: [item] } }));
  expectOk(chain.one(T0 + 2 * 60_000, ALICE, 'org.propose', { org, action: { type: 'pay', to: DAVE.address, items: [item] } }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.execute', { org, motion: 0 }));
  assert.deepEqual(eventsOf(events, 'item.transferred').map((a) => [a.from, a.to, a.by]), [[org, DAVE.address, 'org.execute']]);
  assert.deepEqual(orgOf(chain, org).treasury.items, []);
  refusedUnchanged(chain, T0 + 2 * DAY + 2 * 60_000, CAROL, 'org.execute', { org, motion: 1 }, 'insufficient_treasury');
});

test('a stream opened from the treasury pays the payee by the second; its stop returns the rest to the treasury', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 500n }] }));
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: { type: 'stream', payee: DAVE.address, asset: NATIVE, ratePerSecond: 2n, deposit: 300n } }));
  const opened = T0 + 2 * DAY + 60_000;
  const events = expectOk(chain.one(opened, CAROL, 'org.execute', { org, motion: 0 }));
  const stream = eventsOf(events, 'stream.opened')[0].stream;
  assert.equal(eventsOf(events, 'stream.opened')[0].payer, org);
  assert.deepEqual([chain.balance(org), chain.balance(stream), orgOf(chain, org).treasury.assets.get(NATIVE)], [200n, 300n, 200n]);
  expectOk(chain.one(opened + 10_500, DAVE, 'stream.withdraw', { stream }));
  assert.equal(chain.balance(DAVE), 1020n);
  expectOk(chain.one(opened + 40_000, DAVE, 'stream.stop', { stream }));
  assert.equal(chain.balance(DAVE), 1080n);
  assert.deepEqual([chain.balance(org), orgOf(chain, org).treasury.assets.get(NATIVE), chain.balance(stream)], [420n, 420n, 0n]);
});

test('an escrow opened from the treasury: its payee refunds, and the tranche comes back into the treasury', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 500n }] }));
  const action = { type: 'escrow' as const, payee: DAVE.address, deadlineMs: T0 + 10 * DAY, onExpiry: 'release' as const, tranches: [{ assets: [{ asset: NATIVE, amount: 120n }] }, { assets: [{ asset: NATIVE, amount: 80n }] }] };
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.execute', { org, motion: 0 }));
  const escrow = eventsOf(events, 'escrow.created')[0].escrow;
  assert.equal(eventsOf(events, 'escrow.created')[0].payer, org);
  assert.deepEqual([chain.balance(org), chain.balance(escrow), orgOf(chain, org).treasury.assets.get(NATIVE)], [300n, 200n, 300n]);
  expectOk(chain.one(T0 + 3 * DAY, DAVE, 'escrow.refund', { escrow }));
  assert.deepEqual([chain.balance(org), chain.balance(escrow), orgOf(chain, org).treasury.assets.get(NATIVE)], [500n, 0n, 500n]);
});

test('an escrow opened from the treasury releases by its default at the deadline; one past its deadline is refused', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 500n }] }));
  const action = (deadlineMs: number) => ({ type: 'escrow' as const, payee: DAVE.address, deadlineMs, onExpiry: 'release' as const, tranches: [{ assets: [{ asset: NATIVE, amount: 100n }] }] });
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action: action(T0 + 5 * DAY) }));
  expectOk(chain.one(T0 + 2 * 60_000, ALICE, 'org.propose', { org, action: action(T0 + DAY) }));
  const events = expectOk(chain.one(T0 + 2 * DAY + 2 * 60_000, CAROL, 'org.execute', { org, motion: 0 }));
  const escrow = eventsOf(events, 'escrow.created')[0].escrow;
  refusedUnchanged(chain, T0 + 2 * DAY + 3 * 60_000, CAROL, 'org.execute', { org, motion: 1 }, 'deadline_passed');
  expectOk(chain.one(T0 + 5 * DAY, ERIN, 'escrow.settle', { escrow }));
  assert.deepEqual([chain.balance(DAVE), chain.balance(org), orgOf(chain, org).treasury.assets.get(NATIVE)], [1100n, 400n, 400n]);
});

test('an escrow the org pays is released and disputed by motion (release, dispute); not another\'s', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 30_000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 500n }] }));
  const tranches = [{ assets: [{ asset: NATIVE, amount: 120n }] }, { assets: [{ asset: NATIVE, amount: 80n }] }];
  const action = { type: 'escrow' as const, payee: DAVE.address, arbiter: ERIN.address, deadlineMs: T0 + 20 * DAY, onExpiry: 'refund' as const, tranches };
  expectOk(chain.one(T0 + 60_000, ALICE, 'org.propose', { org, action }));
  const escrow = eventsOf(expectOk(chain.one(T0 + 2 * DAY + 60_000, CAROL, 'org.execute', { org, motion: 0 })), 'escrow.created')[0].escrow;
  // tranche 0 released by motion: DAVE is paid from the escrow
  expectOk(chain.one(T0 + 2 * DAY + 2 * 60_000, ALICE, 'org.propose', { org, action: { type: 'release', escrow, tranche: 0 } }));
  expectOk(chain.one(T0 + 4 * DAY + 3 * 60_000, CAROL, 'org.execute', { org, motion: 1 }));
  assert.deepEqual([chain.balance(DAVE), chain.balance(escrow), orgOf(chain, org).treasury.assets.get(NATIVE)], [1120n, 80n, 300n]);
  // released twice: escrow.release's own code, nothing changes
  expectOk(chain.one(T0 + 4 * DAY + 4 * 60_000, ALICE, 'org.propose', { org, action: { type: 'release', escrow, tranche: 0 } }));
  refusedUnchanged(chain, T0 + 6 * DAY + 5 * 60_000, CAROL, 'org.execute', { org, motion: 2 }, 'tranche_not_held');
  // disputed by motion; ERIN gives the rest back: it re-enters the treasury
  expectOk(chain.one(T0 + 6 * DAY + 6 * 60_000, ALICE, 'org.propose', { org, action: { type: 'dispute', escrow } }));
  expectOk(chain.one(T0 + 8 * DAY + 7 * 60_000, CAROL, 'org.execute', { org, motion: 3 }));
  expectOk(chain.one(T0 + 8 * DAY + 8 * 60_000, ERIN, 'escrow.resolve', { escrow }));
  assert.deepEqual([chain.balance(DAVE), chain.balance(escrow), orgOf(chain, org).treasury.assets.get(NATIVE)], [1120n, 0n, 380n]);
  // an escrow the org does not pay: escrow.release's wrong_party
  const other = eventsOf(expectOk(chain.one(T0 + 8 * DAY + 9 * 60_000, BOB, 'escrow.create', { payee: DAVE.address, deadlineMs: T0 + 20 * DAY, onExpiry: 'refund', tranches: [{ assets: [{ asset: NATIVE, amount: 10n }] }] })), 'escrow.created')[0].escrow;
  expectOk(chain.one(T0 + 8 * DAY + 10 * 60_000, ALICE, 'org.propose', { org, action: { type: 'release', escrow: other, tranche: 0 } }));
  refusedUnchanged(chain, T0 + 10 * DAY + 11 * 60_000, CAROL, 'org.execute', { org, motion: 4 }, 'wrong_party');
});
