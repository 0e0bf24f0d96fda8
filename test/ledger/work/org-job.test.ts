// An org-posted job (spec/work.md §2, §3.5): the budget leaves the treasury by motion, the org assigns
// and approves by motion, a delivered milestone also releases by itself, and each released milestone
// enters the org as the worker's contribution, valued by the members (spec/org.md §3): the worker gains
// org reputation by that path only. Invariants checked after every block (TimedChain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { getContribution } from '../../../src/ledger/org/state.ts';
import { CHAIN_ID } from '../fixtures.ts';
import { expectOk, expectRefused } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, HOUR, NATIVE, T0, evaluate, foundCoop, newChain, orgOf, refusedUnchanged, reputationOf, revealScore } from '../org/fixtures.ts';
import { SPEC, PROPOSAL } from './work-fixtures.ts';

test('an org posts a job from its treasury by motion; approved milestones become the worker\'s contributions', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, DAVE, 'org.join', { org }));
  expectOk(chain.one(T0 + HOUR / 2 + 1000, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  const post = { spec: SPEC, asset: NATIVE, milestones: [200n, 300n], mode: 'single' as const, applyByMs: T0 + 5 * DAY, deliverByMs: T0 + 8 * DAY, deadlineMs: T0 + 20 * DAY, reviewWindowMs: 3 * DAY };
  expectOk(chain.one(T0 + HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'post', payload: post } }));
  expectOk(chain.one(T0 + 2 * DAY + HOUR, CAROL, 'org.execute', { org, motion: 0 }));
  const job = contractAddressFor(CHAIN_ID, org, 0n, 0);
  assert.equal(chain.balance(job), 500n);
  assert.equal(orgOf(chain, org).treasury.assets.get(NATIVE), 100n);
  // nobody signs for the org: its approvals are motions
  expectRefused(chain.one(T0 + 2 * DAY + 2 * HOUR, ALICE, 'job.assign', { job, worker: DAVE.address }), 'wrong_party');
  expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR + 1000, DAVE, 'job.apply', { job, proposal: PROPOSAL }));
  expectOk(chain.one(T0 + 2 * DAY + 3 * HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'assign', payload: { job, worker: DAVE.address } } }));
  expectOk(chain.one(T0 + 4 * DAY + 4 * HOUR, CAROL, 'org.execute', { org, motion: 1 }));
  const dave0 = chain.balance(DAVE);
  expectOk(chain.one(T0 + 4 * DAY + 5 * HOUR, DAVE, 'job.deliver', { job, milestone: 0 }));
  expectOk(chain.one(T0 + 4 * DAY + 5 * HOUR + 1000, DAVE, 'job.deliver', { job, milestone: 1 }));
  expectOk(chain.one(T0 + 4 * DAY + 6 * HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'approve', payload: { job, milestone: 0 } } }));
  expectOk(chain.one(T0 + 6 * DAY + 7 * HOUR, CAROL, 'org.execute', { org, motion: 2 }));
  assert.equal(chain.balance(DAVE), dave0 + 200n);
  assert.equal(getContribution(chain.state, org, 0)?.contributor, DAVE.address);
  const submitted = T0 + 6 * DAY + 7 * HOUR;
  chain.runAt(submitted + HOUR, chain.block().add(ALICE, 'org.evaluate', evaluate(org, 0, ALICE, 80)).add(BOB, 'org.evaluate', evaluate(org, 0, BOB, 60)).add(CAROL, 'org.evaluate', evaluate(org, 0, CAROL, 20))).forEach(expectOk);
  // milestone 1 releases by itself after its review window: contribution 1
  const escrow = contractAddressFor(CHAIN_ID, job, 0n, 0);
  const settled = expectOk(chain.one(T0 + 7 * DAY + 6 * HOUR, BOB, 'escrow.settle', { escrow }));
  assert.ok(settled.some((e) => e.type === 'org.contributed'));
  assert.equal(getContribution(chain.state, org, 1)?.contributor, DAVE.address);
  assert.equal(chain.balance(DAVE), dave0 + 500n);
  // the members value contribution 0 by the org's formula; DAVE gains reputation by it
  assert.equal(reputationOf(chain, org, DAVE), 0n);
  chain.runAt(submitted + DAY + HOUR, chain.block().add(ALICE, 'org.reveal', revealScore(org, 0, 80)).add(BOB, 'org.reveal', revealScore(org, 0, 60)).add(CAROL, 'org.reveal', revealScore(org, 0, 20))).forEach(expectOk);
  expectOk(chain.one(submitted + 2 * DAY + HOUR, CAROL, 'org.close', { org, contribution: 0 }));
  assert.ok((reputationOf(chain, org, DAVE) ?? 0n) > 0n);
  assert.ok(chain.balance(DAVE, 'COOP') > 0n);
  // the job is done: the org closes it by motion; nothing was left, the treasury keeps its 100
  expectOk(chain.one(submitted + 2 * DAY + 2 * HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'cancel', payload: { job } } }));
  expectOk(chain.one(submitted + 4 * DAY + 3 * HOUR, CAROL, 'org.execute', { org, motion: 3 }));
  assert.equal(chain.balance(job), 0n);
  assert.equal(orgOf(chain, org).treasury.assets.get(NATIVE), 100n);
});

test('an org cannot post a job its treasury does not fund: the motion is refused (insufficient_treasury), nothing changes', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 100n }] }));
  const post = { spec: SPEC, asset: NATIVE, milestones: [60n, 50n], mode: 'single' as const, applyByMs: T0 + 5 * DAY, deliverByMs: T0 + 8 * DAY, deadlineMs: T0 + 20 * DAY };
  expectOk(chain.one(T0 + HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'post', payload: post } }));
  refusedUnchanged(chain, T0 + 2 * DAY + HOUR, CAROL, 'org.execute', { org, motion: 0 }, 'insufficient_treasury');
  assert.equal(orgOf(chain, org).treasury.assets.get(NATIVE), 100n);
});
