/**
 * The work parts of the web app that need no browser (web/src/work-view.ts): the post and apply forms
 * as payloads, the board's text filter, each milestone's phase with its deadline, a job's next step
 * for each side with the actions open to it, an arbiter's jobs disputed first, a post by an org as
 * its motion, a team's split, the trades of settled milestones, and words for every code the work
 * kinds refuse with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256, toHex, utf8 } from '../../src/crypto/hash.ts';
import { tradeIdFor } from '../../src/ledger/market/trades-state.ts';
import { ERROR_WORDS } from '../../web/src/errors.ts';
import type { ApplicantJson, JobJson, MilestoneJson } from '../../web/src/work-api.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import {
  arbiterJobs,
  arbiterStep,
  budgetOf,
  createdJob,
  createdSplit,
  orgJobAddress,
  approvableMilestones,
  orgJobProposal,
  proposedMotion,
  teamSplitMembersOf,
  jobApplyPayloadOf,
  jobMatches,
  jobPostPayloadOf,
  jobReviewSubject,
  jobStep,
  milestoneStep,
  milestoneTradeId,
  resolutionToWorker,
  type JobPostForm,
} from '../../web/src/work-view.ts';

const DAY = 86_400_000;
const SPEC = 'Port the parser to Rust';

const milestone = (n: number, over: Partial<MilestoneJson> = {}): MilestoneJson => ({ milestone: n, amount: '300', phase: null, deliveredAtMs: null, reviewEndsMs: null, dueMs: null, document: null, ...over });
const applicant = (address: string, over: Partial<ApplicantJson> = {}): ApplicantJson => ({ applicant: address, proposal: '00'.repeat(32), bid: null, payee: null, bond: '50', status: 'applied', awarded: null, ...over });

const job = (over: Partial<JobJson> = {}): JobJson => ({
  type: 'job', address: 'agora1job', createdAt: 2, holds: { assets: [], items: [] }, at: { height: 9, timeMs: DAY },
  poster: 'agora1alice', spec: toHex(sha256(utf8(SPEC))), asset: 'USD', budget: '600', milestones: [milestone(0), milestone(1)], mode: 'single',
  applyByMs: 3 * DAY, deliverByMs: 7 * DAY, deadlineMs: 30 * DAY, reviewWindowMs: 14 * DAY, arbiters: [], arbiterWindowMs: null, bond: '50', requires: null,
  state: 'open', available: '600', bonds: '0', applicants: [], assignments: 0, worker: null, escrow: null, now: { applyOpen: true, replaceable: false }, ...over,
});

const FORM: JobPostForm = { spec: `  ${SPEC} `, milestones: '3, 4.5', asset: 'usd', mode: 'single', applyWithin: '3 d', deliverWithin: '7 d', deadlineWithin: '30 d', reviewWindow: '14 d', bond: '0.5', arbiter: '', arbiterFee: '' };

test('the post form becomes a job.post payload: the spec hashed, amounts in base units, deadlines from the block time', () => {
  const payload = jobPostPayloadOf(FORM, 2, 1_000);
  assert.deepEqual(payload, {
    spec: sha256(utf8(SPEC)), asset: 'USD', milestones: [300n, 450n], mode: 'single',
    applyByMs: 1_000 + 3 * DAY, deliverByMs: 1_000 + 7 * DAY, deadlineMs: 1_000 + 30 * DAY, reviewWindowMs: 14 * DAY, bond: 50n,
  });
  assert.equal(budgetOf(payload), 750n);
  assert.deepEqual(jobPostPayloadOf({ ...FORM, arbiter: 'agora1carol', arbiterFee: '0.2', reviewWindow: '', bond: '' }, 2, 0).arbiters, [{ address: 'agora1carol', fee: 20n }]);
});

test('the post form refuses, in codes with words: no text, no or too many milestones, deadlines out of order, a fee without an arbiter, a bad amount', () => {
  const code = (form: Partial<JobPostForm>): string => {
    try {
      jobPostPayloadOf({ ...FORM, ...form }, 2, 0);
      return 'accepted';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };
  assert.deepEqual(
    [code({ spec: ' ' }), code({ milestones: '' }), code({ milestones: Array(17).fill('1').join(',') }), code({ applyWithin: '8 d' }), code({ arbiterFee: '1' }), code({ milestones: '1.234' }), code({ mode: 'gang' }), code({ deliverWithin: 'soon' })],
    ['missing_field', 'bad_shape', 'bad_shape', 'bad_shape', 'bad_shape', 'bad_amount', 'bad_shape', 'bad_shape'],
  );
  for (const c of ['missing_field', 'bad_shape', 'bad_amount']) assert.ok(ERROR_WORDS[c] !== undefined, c);
});

test('the apply form: the proposal hashed, the bid in base units, a team’s split', () => {
  assert.deepEqual(jobApplyPayloadOf('agora1job', { proposal: 'two weeks', bid: '5.5', payee: '' }, 2), { job: 'agora1job', proposal: sha256(utf8('two weeks')), bid: 550n });
  assert.deepEqual(jobApplyPayloadOf('agora1job', { proposal: 'x', bid: '', payee: ' agora1split ' }, 2), { job: 'agora1job', proposal: sha256(utf8('x')), payee: 'agora1split' });
  assert.throws(() => jobApplyPayloadOf('agora1job', { proposal: '', bid: '', payee: '' }, 2), /proposal/);
});

test('an org posts and acts by motion: the org.propose payload, the milestones to approve, the motion from its event, the job’s address from (chain, org, motion, 0)', () => {
  const payload = jobPostPayloadOf(FORM, 2, DAY);
  assert.deepEqual(orgJobProposal('agora1org', { kind: 'post', payload }), { org: 'agora1org', action: { type: 'job', kind: 'post', payload } });
  assert.deepEqual(orgJobProposal('agora1org', { kind: 'approve', payload: { job: 'agora1job', milestone: 1 } }), { org: 'agora1org', action: { type: 'job', kind: 'approve', payload: { job: 'agora1job', milestone: 1 } } });
  const delivered = job({ state: 'assigned', milestones: [milestone(0, { phase: 'released', deliveredAtMs: 1 }), milestone(1, { phase: 'held', deliveredAtMs: 2 }), milestone(2, { phase: 'held' })] });
  assert.deepEqual(approvableMilestones(delivered), [1], 'delivered and held: milestone 0 is paid, 2 not delivered');
  assert.equal(proposedMotion([{ type: 'org.proposed', attributes: { org: 'agora1org', motion: '7' } }]), 7);
  assert.equal(proposedMotion([]), undefined);
  const org = contractAddressFor('agora-test', 'agora1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', 0n, 0);
  assert.equal(orgJobAddress('agora-test', org, 7), contractAddressFor('agora-test', org, 7n, 0));
  assert.notEqual(orgJobAddress('agora-test', org, 7), orgJobAddress('agora-test', org, 8));
});

test('a team’s split: lines of address and weight, the lead among them; refused with codes before anything is made', () => {
  assert.deepEqual(teamSplitMembersOf(' agora1lead 2\nagora1bob:1\n\nagora1carol ', 'agora1lead'), [{ address: 'agora1lead', weight: 2 }, { address: 'agora1bob', weight: 1 }, { address: 'agora1carol', weight: 1 }]);
  const code = (text: string): string | undefined => {
    try {
      teamSplitMembersOf(text, 'agora1lead');
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };
  assert.deepEqual(
    [code(''), code('agora1bob 1'), code('agora1lead 0'), code('agora1lead 1.5'), code('agora1lead 1\nagora1lead 2'), code('agora1lead 1 2'), code(Array.from({ length: 17 }, (_, i) => `agora1m${i}`).join('\n'))],
    ['bad_shape', 'bad_payee', 'bad_shape', 'bad_shape', 'bad_shape', 'bad_shape', 'bad_shape'],
  );
  assert.equal(createdSplit([{ type: 'split.created', attributes: { split: 'agora1split', creator: 'agora1lead', members: '' } }]), 'agora1split');
  assert.equal(createdSplit([]), undefined);
});

test('an arbiter’s jobs: the chosen arbiter of a disputed job decides, first in the list; offered, watching, not chosen, closed', () => {
  const me = 'agora1carol';
  const offered = job({ address: 'agora1a', arbiters: [{ address: me, fee: '20' }] });
  const watching = job({ address: 'agora1b', state: 'assigned', escrow: 'agora1esc', worker: 'agora1bob' });
  const disputed = job({ address: 'agora1c', state: 'assigned', escrow: 'agora1esc2', worker: 'agora1bob' });
  const other = job({ address: 'agora1d', state: 'assigned', escrow: 'agora1esc3', worker: 'agora1bob' });
  const closed = job({ address: 'agora1e', state: 'closed' });
  assert.deepEqual(arbiterStep(disputed, me, { disputed: true, arbiter: me }).duty, 'decide');
  assert.match(arbiterStep(disputed, me, { disputed: true, arbiter: me }).words, /decide the split/);
  assert.equal(arbiterStep(other, me, { disputed: true, arbiter: 'agora1dave' }).duty, 'not_chosen', 'another arbiter decides');
  assert.equal(arbiterStep(other, me, { disputed: false, arbiter: null }).duty, 'not_chosen', 'assigned without an arbiter');
  const rows = arbiterJobs(
    [
      { job: offered },
      { job: closed },
      { job: watching, escrow: { disputed: false, arbiter: me } },
      { job: other, escrow: { disputed: false, arbiter: 'agora1dave' } },
      { job: disputed, escrow: { disputed: true, arbiter: me } },
    ],
    me,
  );
  assert.deepEqual(rows.map((r) => [r.job.address, r.step.duty]), [['agora1c', 'decide'], ['agora1b', 'watch'], ['agora1a', 'offered'], ['agora1d', 'not_chosen'], ['agora1e', 'closed']]);
});

test('the board’s text filter: the exact text of the spec, or the start of the address, client or spec hash', () => {
  const j = job();
  assert.deepEqual([jobMatches(j, ''), jobMatches(j, SPEC), jobMatches(j, ` ${SPEC} `), jobMatches(j, 'Port the parser'), jobMatches(j, 'agora1al'), jobMatches(j, 'AGORA1JO'), jobMatches(j, j.spec.slice(0, 6)), jobMatches(j, 'agora1bob')], [true, true, true, false, true, true, true, false]);
});

test('the job a post made, from its event', () => {
  assert.equal(createdJob([{ type: 'transfer', attributes: {} }, { type: 'job.posted', attributes: { job: 'agora1job' } }]), 'agora1job');
  assert.equal(createdJob([]), undefined);
});

test('a milestone’s phase: waiting for a worker, due by its deadline, overdue, delivered under review, due to the worker, disputed, settled', () => {
  const j = job();
  assert.deepEqual(milestoneStep(j, milestone(0), 0), { phase: 'open', words: 'Waiting for a worker.', deadlineMs: 7 * DAY });
  assert.deepEqual(milestoneStep(j, milestone(1), 0).deadlineMs, 30 * DAY);
  assert.equal(milestoneStep(job({ state: 'closed' }), milestone(0), 0).phase, 'open');
  const held = milestone(0, { phase: 'held', dueMs: 7 * DAY });
  assert.deepEqual(milestoneStep(j, held, 6 * DAY), { phase: 'awaiting_delivery', words: 'The worker delivers it by its deadline.', deadlineMs: 7 * DAY });
  assert.equal(milestoneStep(j, held, 7 * DAY).phase, 'overdue');
  const delivered = milestone(0, { phase: 'held', deliveredAtMs: 5 * DAY, reviewEndsMs: 19 * DAY, dueMs: 19 * DAY });
  assert.deepEqual(milestoneStep(j, delivered, 6 * DAY).deadlineMs, 19 * DAY);
  assert.equal(milestoneStep(j, delivered, 6 * DAY).phase, 'delivered');
  assert.equal(milestoneStep(j, delivered, 19 * DAY).phase, 'release_due');
  assert.equal(milestoneStep(j, delivered, 6 * DAY, true).phase, 'disputed');
  assert.deepEqual(['released', 'refunded', 'resolved'].map((phase) => milestoneStep(j, milestone(0, { phase: phase as MilestoneJson['phase'] }), 0).phase), ['released', 'refunded', 'resolved']);
});

test('an open job: the client assigns or cancels, a stranger applies until the deadline, an applicant waits or takes the bond back', () => {
  const open = job({ applicants: [applicant('agora1bob')], bonds: '50' });
  assert.deepEqual(jobStep(job(), 'agora1alice', DAY), { role: 'client', words: 'Waiting for applications; you may cancel and take the budget back.', actions: ['cancel'] });
  assert.deepEqual(jobStep(open, 'agora1alice', DAY).actions, ['assign', 'cancel']);
  assert.deepEqual(jobStep(open, 'agora1dave', DAY), { role: 'other', words: 'Open to applications.', actions: ['apply'] });
  assert.deepEqual(jobStep(open, 'agora1dave', 3 * DAY).actions, []);
  assert.deepEqual(jobStep(open, undefined, DAY).role, 'other');
  assert.deepEqual(jobStep(open, 'agora1bob', DAY), { role: 'applicant', words: 'You applied: waiting for the client to assign; you may take your bond back and leave.', actions: ['withdraw'] });
});

test('an assigned job: the worker delivers, the client approves, disputes with an arbiter, replaces an idle worker; anyone settles what is due', () => {
  const base = { state: 'assigned' as const, worker: 'agora1bob', escrow: 'agora1esc', applicants: [applicant('agora1bob', { status: 'assigned' }), applicant('agora1dave', { bond: '0' })] };
  const waiting = job({ ...base, milestones: [milestone(0, { phase: 'held', dueMs: 7 * DAY }), milestone(1, { phase: 'held', dueMs: 30 * DAY })] });
  assert.deepEqual(jobStep(waiting, 'agora1bob', 5 * DAY), { role: 'worker', words: 'Deliver milestone 1 by its deadline.', actions: ['deliver'] });
  assert.deepEqual(jobStep(waiting, 'agora1alice', 5 * DAY), { role: 'client', words: 'Waiting for the worker to deliver milestone 1.', actions: [] });
  assert.deepEqual(jobStep(waiting, 'agora1dave', 5 * DAY), { role: 'applicant', words: 'Another worker was assigned.', actions: [] });
  const idle = { ...waiting, now: { applyOpen: false, replaceable: true } };
  assert.deepEqual(jobStep(idle, 'agora1alice', 8 * DAY).actions, ['replace', 'settle']);
  const delivered = job({ ...base, arbiters: [{ address: 'agora1carol', fee: '20' }], milestones: [milestone(0, { phase: 'held', deliveredAtMs: 5 * DAY, reviewEndsMs: 19 * DAY }), milestone(1, { phase: 'held', dueMs: 30 * DAY })] });
  assert.deepEqual(jobStep(delivered, 'agora1alice', 6 * DAY), { role: 'client', words: 'Milestone 1 is delivered: approve it to pay the worker, or dispute it.', actions: ['approve', 'dispute'] });
  assert.deepEqual(jobStep(delivered, 'agora1bob', 6 * DAY).actions, ['deliver', 'dispute']);
  assert.deepEqual(jobStep(delivered, 'agora1alice', 6 * DAY, true), { role: 'client', words: 'Disputed: the arbiter divides the held milestones; without a decision in time they follow their default.', actions: [] });
  assert.deepEqual(jobStep(delivered, 'agora1dave', 19 * DAY).actions, ['settle']);
});

test('every milestone settled: both review; the client closes the job, the worker takes the bond back; a closed job offers the bond to whoever still has one', () => {
  const done = job({ state: 'assigned', worker: 'agora1bob', escrow: 'agora1esc', applicants: [applicant('agora1bob', { status: 'assigned' })], milestones: [milestone(0, { phase: 'released' }), milestone(1, { phase: 'refunded' })] });
  assert.deepEqual(jobStep(done, 'agora1alice', 0), { role: 'client', words: 'Every milestone is settled: review the worker, and close the job to take back what is left.', actions: ['cancel'] });
  assert.deepEqual(jobStep(done, 'agora1bob', 0), { role: 'worker', words: 'Every milestone is settled: review the client, and take your bond back.', actions: ['withdraw'] });
  assert.deepEqual(jobStep(done, 'agora1dave', 0), { role: 'other', words: 'Every milestone is settled: the two sides review each other.', actions: [] });
  assert.deepEqual(jobStep({ ...done, state: 'closed' }, 'agora1bob', 0), { role: 'applicant', words: 'Closed: take your bond back.', actions: ['withdraw'] });
  assert.deepEqual(jobStep({ ...done, state: 'closed' }, 'agora1alice', 0).actions, []);
  assert.equal(milestoneTradeId(done, done.milestones[0]), tradeIdFor('job', 'agora1esc/0'));
  assert.equal(milestoneTradeId(done, milestone(1, { phase: 'held' })), undefined);
  assert.deepEqual([jobReviewSubject(done, 'agora1alice'), jobReviewSubject(done, 'agora1bob'), jobReviewSubject(done, 'agora1dave')], ['agora1bob', 'agora1alice', undefined]);
});

test('a contest: submitters apply, the client awards; past its deadline anyone closes it', () => {
  const contest = job({ mode: 'contest', applicants: [applicant('agora1bob')] });
  assert.deepEqual(jobStep(contest, 'agora1alice', DAY), { role: 'client', words: '1 submitted: award amounts among them within the budget.', actions: ['award'] });
  assert.deepEqual(jobStep(job({ mode: 'contest' }), 'agora1alice', DAY).actions, ['cancel']);
  assert.deepEqual(jobStep(contest, 'agora1dave', DAY).actions, ['apply']);
  assert.deepEqual(jobStep(contest, 'agora1dave', 30 * DAY).actions, ['cancel']);
  assert.deepEqual(jobStep(contest, 'agora1bob', 30 * DAY).actions, ['cancel', 'withdraw']);
});

test('the arbiter’s division: the fee off the held value first, the worker’s part at most the rest', () => {
  assert.deepEqual(resolutionToWorker('USD', 2, 700n, 20n, 250n), { assets: [{ asset: 'USD', amount: 250n }] });
  assert.deepEqual(resolutionToWorker('USD', 2, 700n, 20n, 0n), {});
  assert.deepEqual(resolutionToWorker('USD', 2, 700n, 20n, 680n), { assets: [{ asset: 'USD', amount: 680n }] });
  assert.throws(() => resolutionToWorker('USD', 2, 700n, 20n, 681n), (error: { code?: string; message?: string }) => error.code === 'bad_resolution' && error.message === 'the worker may get 0 to 6.8 USD (what is held less the arbiter’s fee)');
});

test('every code the work kinds and the escrow rules they run refuse with has words', () => {
  const codes = ['already_applied', 'already_awarded', 'arbiter_fee_too_high', 'arbiter_not_offered', 'bad_amount', 'bad_parties', 'bad_payee', 'contest_job', 'contract_closed', 'deadline_not_reached',
    'deadline_passed', 'escrow_disputed', 'insufficient_balance', 'insufficient_treasury', 'job_assigned', 'job_not_assigned', 'not_applied', 'not_contest', 'not_credentialed', 'nothing_due',
    'over_budget', 'self_trade', 'too_many_applicants', 'unknown_asset', 'unknown_contract', 'worker_delivered', 'wrong_party', 'already_delivered', 'no_trade', 'reveal_too_early'];
  for (const code of codes) assert.ok(ERROR_WORDS[code] !== undefined, code);
});
