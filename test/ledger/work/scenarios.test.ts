// The scenarios of issue 16 (spec/work.md §4), balances exact to the base unit; every invariant is
// checked after every tx (okAt): the job holds available + bonds, each escrow its held tranches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../../../src/crypto/hash.ts';
import { getTrade, tradeIdFor } from '../../../src/ledger/market/trades.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, EVE, PROPOSAL, T, applicationOf, contractOf, escrowOf, jobOf, okAt, post, usd, workWorld } from './work-fixtures.ts';

function trade(state: MemoryState, ref: string) {
  const found = getTrade(state, tradeIdFor('job', ref));
  assert.ok(found !== undefined, `no trade ${ref}`);
  return found;
}

test('worked example: three milestones — approved, auto-released after the window, disputed and split by the arbiter', () => {
  const w = workWorld();
  const alice0 = usd(w.state, ALICE);
  const job = post(w);
  assert.equal(usd(w.state, job), 1000n);
  const bob0 = usd(w.state, BOB);
  const dave0 = usd(w.state, DAVE);
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL, bid: 1000n }, T(1));
  okAt(w.state, DAVE, 'job.apply', { job, proposal: PROPOSAL }, T(2));
  assert.equal(usd(w.state, job), 1100n);
  const escrow = contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address, arbiter: CAROL.address }, T(4)), 'job.assigned', 'escrow');
  assert.equal(usd(w.state, escrow), 1000n);
  assert.equal(usd(w.state, job), 100n);
  okAt(w.state, DAVE, 'job.withdraw', { job }, T(4));
  assert.equal(usd(w.state, DAVE), dave0);
  assert.equal(usd(w.state, job), 50n);
  // milestone 0: delivered (escrow.deliver directly, BOB being the payee) and approved
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, T(5));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 0 }, T(5.5));
  assert.equal(usd(w.state, BOB), bob0 - 50n + 300n);
  assert.equal(trade(w.state, `${escrow}/0`).amount, 300n);
  // milestone 1: delivered on day 10; ALICE is silent; from day 24 anyone settles
  okAt(w.state, BOB, 'job.deliver', { job, milestone: 1 }, T(10));
  okAt(w.state, BOB, 'job.deliver', { job, milestone: 2 }, T(12));
  okAt(w.state, ALICE, 'job.dispute', { job }, T(13));
  okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 250n }] } }, T(14));
  // the resolution took the held tranches 1 and 2 (700): CAROL 20, BOB 250, 430 back to the job
  assert.equal(usd(w.state, BOB), bob0 - 50n + 300n + 250n);
  assert.equal(jobOf(w.state, job).available, 430n);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
  const disputed = trade(w.state, `${escrow}/1`);
  assert.equal(disputed.disputed, true);
  assert.equal(disputed.loser, BOB.address);
  assert.equal(disputed.amount, 250n);
  okAt(w.state, BOB, 'job.withdraw', { job }, T(15));
  okAt(w.state, ALICE, 'job.cancel', { job }, T(15));
  assert.equal(usd(w.state, BOB), bob0 + 550n);
  assert.equal(usd(w.state, CAROL), 20n);
  assert.equal(usd(w.state, ALICE), alice0 - 570n);
  assert.equal(usd(w.state, job), 0n);
  assert.equal(usd(w.state, escrow), 0n);
});

test('auto-release after the review window, and the reviews both ways on a settled milestone', () => {
  const w = workWorld();
  const job = post(w, { bond: undefined });
  const bob0 = usd(w.state, BOB);
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  const escrow = contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, T(2)), 'job.assigned', 'escrow');
  for (const milestone of [0, 1, 2]) okAt(w.state, BOB, 'job.deliver', { job, milestone }, T(3 + milestone));
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'deadline_not_reached', T(17) - 1);
  const settled = okAt(w.state, DAVE, 'escrow.settle', { escrow }, T(17));
  assert.equal(settled.filter((e) => e.type === 'trade.recorded').length, 1);
  okAt(w.state, DAVE, 'escrow.settle', { escrow }, T(19));
  assert.equal(usd(w.state, BOB), bob0 + 1000n);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
  for (const i of [0, 1, 2]) assert.equal(trade(w.state, `${escrow}/${i}`).seller, BOB.address);
  // both sides may review the milestone's trade (spec/reputation.md §2)
  const id = fromHex(tradeIdFor('job', `${escrow}/0`));
  okAt(w.state, ALICE, 'review.commit', { trade: id, subject: BOB.address, commitment: new Uint8Array(32).fill(1) }, T(20));
  okAt(w.state, BOB, 'review.commit', { trade: id, subject: ALICE.address, commitment: new Uint8Array(32).fill(2) }, T(20));
  refusedAt(w.state, DAVE, 'review.commit', { trade: id, subject: BOB.address, commitment: new Uint8Array(32).fill(3) }, 'not_a_party', T(20));
});

test('a worker who vanishes is replaced: tranches back to the job, the bond to the client, the trade abandoned, another assigned', () => {
  const w = workWorld();
  const alice0 = usd(w.state, ALICE);
  const job = post(w);
  const bob0 = usd(w.state, BOB);
  const dave0 = usd(w.state, DAVE);
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  okAt(w.state, DAVE, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  const first = contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, T(4)), 'job.assigned', 'escrow');
  refusedAt(w.state, BOB, 'job.deliver', { job, milestone: 0 }, 'deadline_passed', T(7));
  okAt(w.state, ALICE, 'job.replace', { job }, T(7));
  assert.equal(usd(w.state, ALICE), alice0 - 1000n + 50n);
  assert.equal(usd(w.state, BOB), bob0 - 50n);
  assert.equal(jobOf(w.state, job).available, 1000n);
  assert.equal(escrowOf(w.state, first).state, 'closed');
  assert.equal(applicationOf(w.state, job, BOB.address).status, 'replaced');
  const abandoned = trade(w.state, `${first}/0`);
  assert.equal(abandoned.loser, BOB.address);
  assert.equal(abandoned.amount, 0n);
  refusedAt(w.state, BOB, 'job.withdraw', { job }, 'nothing_due', T(7));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, 'not_applied', T(7));
  const second = contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: DAVE.address }, T(7)), 'job.assigned', 'escrow');
  assert.notEqual(second, first);
  // the new escrow's first tranche is already past the job's first-delivery deadline: it refunds; the rest are paid
  okAt(w.state, DAVE, 'job.deliver', { job, milestone: 1 }, T(8));
  okAt(w.state, DAVE, 'job.deliver', { job, milestone: 2 }, T(8));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 1 }, T(9));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 2 }, T(9));
  okAt(w.state, EVE, 'escrow.settle', { escrow: second }, T(9));
  okAt(w.state, DAVE, 'job.withdraw', { job }, T(9));
  okAt(w.state, ALICE, 'job.cancel', { job }, T(9));
  assert.equal(usd(w.state, DAVE), dave0 + 700n);
  assert.equal(usd(w.state, ALICE), alice0 - 700n + 50n);
  assert.equal(usd(w.state, job), 0n);
});

test('a contest awarded to two of three submitters; the rest returns after the deadline', () => {
  const w = workWorld();
  const alice0 = usd(w.state, ALICE);
  const job = post(w, { mode: 'contest', milestones: [1000n], bond: 10n });
  const before = [usd(w.state, BOB), usd(w.state, DAVE), usd(w.state, EVE)];
  for (const who of [BOB, DAVE, EVE]) okAt(w.state, who, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  okAt(w.state, ALICE, 'job.award', { job, to: BOB.address, amount: 600n }, T(10));
  okAt(w.state, ALICE, 'job.award', { job, to: DAVE.address, amount: 300n }, T(11));
  refusedAt(w.state, ALICE, 'job.award', { job, to: EVE.address, amount: 101n }, 'over_budget', T(12));
  for (const who of [BOB, DAVE, EVE]) okAt(w.state, who, 'job.withdraw', { job }, T(12));
  okAt(w.state, DAVE, 'job.cancel', { job }, T(30));
  assert.deepEqual([usd(w.state, BOB), usd(w.state, DAVE), usd(w.state, EVE)], [before[0] + 600n, before[1] + 300n, before[2]]);
  assert.equal(usd(w.state, ALICE), alice0 - 900n);
  assert.equal(usd(w.state, job), 0n);
  assert.equal(trade(w.state, `${job}/award/${BOB.address}`).amount, 600n);
});

test('a team job paid through a split: the lead signs, the split forwards each milestone', () => {
  const w = workWorld();
  const split = contractOf(okAt(w.state, BOB, 'split.create', { members: [{ address: BOB.address, weight: 1 }, { address: EVE.address, weight: 3 }] }, T(0)), 'split.created', 'split');
  const job = post(w, { mode: 'team', bond: undefined, milestones: [400n, 600n] });
  const [bob0, eve0] = [usd(w.state, BOB), usd(w.state, EVE)];
  refusedAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, 'bad_payee', T(1));
  refusedAt(w.state, EVE, 'job.apply', { job, proposal: PROPOSAL, payee: split }, 'bad_payee', T(1));
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL, payee: split }, T(1));
  const escrow = contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, T(2)), 'job.assigned', 'escrow');
  assert.equal(escrowOf(w.state, escrow).payee, split);
  refusedAt(w.state, EVE, 'job.deliver', { job, milestone: 0 }, 'wrong_party', T(3));
  okAt(w.state, BOB, 'job.deliver', { job, milestone: 0 }, T(3));
  okAt(w.state, BOB, 'job.deliver', { job, milestone: 1 }, T(3));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 0 }, T(4));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 1 }, T(4));
  assert.deepEqual([usd(w.state, BOB), usd(w.state, EVE)], [bob0 + 250n, eve0 + 750n]);
  assert.equal(usd(w.state, split), 0n);
  assert.equal(trade(w.state, `${escrow}/1`).seller, BOB.address);
});
