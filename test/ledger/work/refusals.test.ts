// The refusals of issue 16 (spec/work.md §3): each with its code and no state change but the nonce
// (refusedAt checks both, and every invariant after every tx), plus the payload checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../../src/codec/cbor.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import { decodeCode } from '../records-fixtures.ts';
import { rawBody, rawTx } from '../fixtures.ts';
import { refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, EVE, FRANK, PROPOSAL, SPEC, T, examplePost, jobOf, okAt, post, workWorld } from './work-fixtures.ts';

test('payload checks of job.post and the job kinds', () => {
  const base = { spec: SPEC, asset: 'USD', milestones: [300], mode: 'single', applyByMs: T(3), deliverByMs: T(7), deadlineMs: T(30) };
  const cases: [string, string, { [key: string]: CborValue }, RejectCode][] = [
    ['job.post', 'no milestone', { ...base, milestones: [] }, 'bad_shape'],
    ['job.post', 'a milestone of 0', { ...base, milestones: [0] }, 'bad_amount'],
    ['job.post', 'an unknown mode', { ...base, mode: 'crowd' }, 'bad_shape'],
    ['job.post', 'apply after the first delivery', { ...base, applyByMs: T(8) }, 'bad_shape'],
    ['job.post', 'first delivery after the deadline', { ...base, deliverByMs: T(31) }, 'bad_shape'],
    ['job.post', 'a spec of 31 bytes', { ...base, spec: new Uint8Array(31) }, 'bad_shape'],
    ['job.post', 'an arbiter twice', { ...base, arbiters: [{ address: CAROL.address, fee: 1 }, { address: CAROL.address, fee: 2 }] }, 'bad_shape'],
    ['job.post', 'an arbiter window without arbiters', { ...base, arbiterWindowMs: 5 }, 'bad_shape'],
    ['job.post', 'a bond of 0', { ...base, bond: 0 }, 'bad_amount'],
    ['job.post', 'a lower-case asset', { ...base, asset: 'usd' }, 'bad_symbol'],
    ['job.apply', 'a proposal of 31 bytes', { job: BOB.address, proposal: new Uint8Array(31) }, 'bad_shape'],
    ['job.apply', 'a bad payee', { job: BOB.address, proposal: PROPOSAL, payee: 'x' }, 'bad_address'],
    ['job.deliver', 'milestone 16', { job: BOB.address, milestone: 16 }, 'bad_shape'],
    ['job.award', 'an award of 0', { job: BOB.address, to: BOB.address, amount: 0 }, 'bad_amount'],
    ['job.cancel', 'an unknown field', { job: BOB.address, why: 'x' }, 'bad_shape'],
  ];
  for (const [kind, name, payload, code] of cases) assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code, `${kind}: ${name}`);
});

test('an unfunded post is refused (insufficient_balance), and the other post checks', () => {
  const w = workWorld();
  refusedAt(w.state, DAVE, 'job.post', examplePost({ milestones: [6_000n, 5_000n] }), 'insufficient_balance', T(0));
  refusedAt(w.state, ALICE, 'job.post', examplePost({ arbiters: [{ address: ALICE.address, fee: 0n }] }), 'bad_parties', T(0));
  refusedAt(w.state, ALICE, 'job.post', examplePost(), 'deadline_passed', T(3));
  refusedAt(w.state, ALICE, 'job.post', examplePost({ arbiters: [{ address: CAROL.address, fee: 301n }] }), 'arbiter_fee_too_high', T(0));
  refusedAt(w.state, ALICE, 'job.post', examplePost({ asset: 'EUR' }), 'unknown_asset', T(0));
});

test("applying after the deadline, without the bond or the credential, twice, to one's own job", () => {
  const w = workWorld();
  const job = post(w);
  refusedAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, 'deadline_passed', T(3));
  refusedAt(w.state, FRANK, 'job.apply', { job, proposal: PROPOSAL }, 'insufficient_balance', T(1));
  refusedAt(w.state, ALICE, 'job.apply', { job, proposal: PROPOSAL }, 'self_trade', T(1));
  refusedAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL, payee: DAVE.address }, 'bad_payee', T(1));
  refusedAt(w.state, BOB, 'job.apply', { job: BOB.address, proposal: PROPOSAL }, 'unknown_contract', T(1));
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL, bid: 950n }, T(1));
  refusedAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, 'already_applied', T(1));
  const gated = post(w, { requires: { registry: 'kyc-eu', type: 'kyc' } });
  refusedAt(w.state, BOB, 'job.apply', { job: gated, proposal: PROPOSAL }, 'not_credentialed', T(1));
});

test('cancelling after assignment (job_assigned), delivering a milestone twice, approving as someone else', () => {
  const w = workWorld();
  const job = post(w);
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  refusedAt(w.state, DAVE, 'job.assign', { job, worker: BOB.address }, 'wrong_party', T(4));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: DAVE.address }, 'not_applied', T(4));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address, arbiter: DAVE.address }, 'arbiter_not_offered', T(4));
  refusedAt(w.state, ALICE, 'job.approve', { job, milestone: 0 }, 'job_not_assigned', T(4));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, 'deadline_passed', T(30));
  okAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address, arbiter: CAROL.address }, T(4));
  refusedAt(w.state, ALICE, 'job.cancel', { job }, 'job_assigned', T(5));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, 'job_assigned', T(5));
  refusedAt(w.state, BOB, 'job.withdraw', { job }, 'job_assigned', T(5));
  refusedAt(w.state, DAVE, 'job.apply', { job, proposal: PROPOSAL }, 'job_assigned', T(2));
  okAt(w.state, BOB, 'job.deliver', { job, milestone: 0 }, T(5));
  refusedAt(w.state, BOB, 'job.deliver', { job, milestone: 0 }, 'already_delivered', T(5));
  refusedAt(w.state, DAVE, 'job.deliver', { job, milestone: 1 }, 'wrong_party', T(5));
  refusedAt(w.state, DAVE, 'job.approve', { job, milestone: 0 }, 'wrong_party', T(5));
  refusedAt(w.state, BOB, 'job.approve', { job, milestone: 0 }, 'wrong_party', T(5));
  refusedAt(w.state, ALICE, 'job.replace', { job }, 'deadline_not_reached', T(6));
  refusedAt(w.state, ALICE, 'job.replace', { job }, 'worker_delivered', T(8));
  okAt(w.state, ALICE, 'job.approve', { job, milestone: 0 }, T(6));
  refusedAt(w.state, ALICE, 'job.approve', { job, milestone: 0 }, 'tranche_not_held', T(6));
  assert.equal(jobOf(w.state, job).state, 'assigned');
});

test('awarding more than the budget (over_budget), and the contest checks', () => {
  const w = workWorld();
  const job = post(w, { mode: 'contest', milestones: [1000n], bond: undefined });
  okAt(w.state, BOB, 'job.apply', { job, proposal: PROPOSAL }, T(1));
  refusedAt(w.state, ALICE, 'job.assign', { job, worker: BOB.address }, 'contest_job', T(2));
  refusedAt(w.state, ALICE, 'job.award', { job, to: BOB.address, amount: 1001n }, 'over_budget', T(5));
  refusedAt(w.state, ALICE, 'job.award', { job, to: DAVE.address, amount: 1n }, 'not_applied', T(5));
  refusedAt(w.state, BOB, 'job.award', { job, to: BOB.address, amount: 1n }, 'wrong_party', T(5));
  refusedAt(w.state, ALICE, 'job.cancel', { job }, 'job_assigned', T(5));
  okAt(w.state, ALICE, 'job.award', { job, to: BOB.address, amount: 600n }, T(5));
  refusedAt(w.state, ALICE, 'job.award', { job, to: BOB.address, amount: 1n }, 'already_awarded', T(5));
  refusedAt(w.state, ALICE, 'job.award', { job, to: BOB.address, amount: 1n }, 'deadline_passed', T(30));
  refusedAt(w.state, DAVE, 'job.cancel', { job }, 'wrong_party', T(29));
  const single = post(w);
  refusedAt(w.state, ALICE, 'job.award', { job: single, to: BOB.address, amount: 1n }, 'not_contest', T(1));
  refusedAt(w.state, EVE, 'job.withdraw', { job: single }, 'not_applied', T(1));
});
