// `agora job …` (spec/work.md) runs in this process against a dev node in this process: a
// two-milestone job — post → apply (two applicants) → assign → deliver → approve, twice — with every
// party's balance exact to the base unit (the dev chain charges RECOMMENDED_FEE_BASE, the work kinds'
// among them); the refusals "cancelling after assignment" (job_assigned) and "delivering a milestone
// twice" (already_delivered) with their codes and nothing changed; the loser's bond withdrawn, the
// rest of the budget cancelled back; the jobs board and my jobs (agora job list); a contest awarded,
// with contest_job and over_budget; bad flags refused before anything is signed; help with examples.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountJobsResponse, AccountResponse, JobContractJson, JobsResponse } from '../../src/client/types.ts';
import { RECOMMENDED_FEE_BASE } from '../../src/ledger/fees.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const ADDRESS = /^agora1[02-9ac-hj-np-z]{38}$/;
const AGR = 1_000_000n;
const fee = (kind: keyof typeof RECOMMENDED_FEE_BASE): bigint => RECOMMENDED_FEE_BASE[kind] ?? 0n;
const NAMES = ['alice', 'bob', 'carol', 'dave'] as const;
type Name = (typeof NAMES)[number];

interface JobTx {
  jobId: string;
  state: string;
  milestones: (string | null)[];
  trade: string | null;
  txId: string;
}

describe('agora job commands (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  const { agora, ok, okJson, fails } = nodeCli(() => t);

  async function balance(name: string): Promise<bigint> {
    const account = await okJson<AccountResponse>(['account', name]);
    return BigInt(account.balances.find((entry) => entry.asset === t.nativeAsset)?.amount ?? '0');
  }

  async function balances(): Promise<Record<Name, bigint>> {
    const out = {} as Record<Name, bigint>;
    for (const name of NAMES) out[name] = await balance(name);
    return out;
  }

  before(async () => {
    t = await startTestNode();
    for (const name of NAMES) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '2000']);
    }
  });
  after(async () => t.stop());

  test('a two-milestone job: post → apply → assign → deliver → approve; balances exact; refusals change nothing', async () => {
    const start = await balances();
    const posted = await okJson<{ jobId: string; budget: string }>([
      'job', 'post', '--from', 'alice', '--spec', 'Port the parser to Rust', '--milestone', '300', '--milestone', '700',
      '--apply-by', '1d', '--deliver-by', '2d', '--deadline', '10d', '--bond', '50', '--arbiter', 'carol', '--arbiter-fee', '20',
    ]);
    const job = posted.jobId;
    assert.match(job, ADDRESS);
    assert.equal(posted.budget, String(1000n * AGR));
    assert.equal(await balance('alice'), start.alice - fee('job.post') - 1000n * AGR, 'the budget is locked at posting');

    await ok(['job', 'apply', '--from', 'bob', '--job', job, '--bid', '900', '--proposal', 'two weeks, tests first']);
    await ok(['job', 'apply', '--from', 'dave', '--job', job, '--proposal', 'one week']);
    const shown = await ok(['job', 'show', job]);
    assert.match(shown, /^budget:\s+1000 AGR$/m);
    assert.match(shown, /^milestone 1:\s+300 AGR \(no escrow\)$/m, 'milestones count from 1 for people');
    assert.match(shown, new RegExp(`^applicant:\\s+${address.bob} applied, bid 900 AGR, bond 50 AGR$`, 'm'));
    assert.match(shown, /^next:\s+workers apply; the poster assigns one/m);
    assert.match(await ok(['contract', 'show', job]), /^type:\s+job$[\s\S]*^budget:\s+1000 AGR$[\s\S]*^more:\s+agora job show agora1/m, 'agora contract show reads a job too');

    const board = await okJson<JobsResponse>(['job', 'list']);
    assert.deepEqual(board.jobs.map((j) => j.address), [job], 'the board lists the open job');
    assert.match(await ok(['job', 'list', '--mode', 'single']), new RegExp(`${job}\\s+single\\s+open\\s+1000 AGR\\s+2`));
    assert.deepEqual((await okJson<JobsResponse>(['job', 'list', '--mode', 'contest'])).jobs, []);

    const assigned = await okJson<JobTx & { worker: string; escrow: string }>(['job', 'assign', '--from', 'alice', '--job', job, '--worker', 'bob', '--arbiter', 'carol']);
    assert.deepEqual([assigned.state, assigned.milestones, assigned.worker], ['assigned', ['held', 'held'], address.bob]);
    assert.match(assigned.escrow, ADDRESS);

    // Refusals: the ledger's codes, and nothing changes (no fee either: a refused tx is not committed).
    const before = await balances();
    const view = await okJson<JobContractJson>(['job', 'show', job]);
    await fails(['job', 'cancel', '--from', 'alice', '--job', job], 'job_assigned');
    await ok(['job', 'deliver', '--from', 'bob', '--job', job, '--milestone', '1']);
    await fails(['job', 'deliver', '--from', 'bob', '--job', job, '--milestone', '1', '--json'], 'already_delivered');
    const afterRefusals = await okJson<JobContractJson>(['job', 'show', job]);
    assert.deepEqual([afterRefusals.state, afterRefusals.available, afterRefusals.bonds, afterRefusals.holds], [view.state, view.available, view.bonds, view.holds]);
    assert.deepEqual(await balances(), { ...before, bob: before.bob - fee('job.deliver') }, 'only the one delivery paid its fee');

    const approved = await okJson<JobTx>(['job', 'approve', '--from', 'alice', '--job', job, '--milestone', '1']);
    assert.deepEqual(approved.milestones, ['released', 'held']);
    assert.ok(approved.trade !== null, 'a settled milestone records a trade both sides may review');
    await ok(['job', 'deliver', '--from', 'bob', '--job', job, '--milestone', '2']);
    const last = await agora(['job', 'approve', '--from', 'alice', '--job', job, '--milestone', '2']);
    assert.equal(last.code, 0, last.stderr);
    assert.match(last.stdout, /approved milestone 2 of job \S+: assigned, milestones released, released; next: every milestone is settled/);
    assert.match(last.stdout, /trade \S+: review the other side with agora review commit --trade/);

    // Dave, not assigned, takes his bond back; bob's returns too now that the escrow is closed; alice closes the job.
    await ok(['job', 'withdraw', '--from', 'dave', '--job', job]);
    await ok(['job', 'withdraw', '--from', 'bob', '--job', job]);
    const closed = await okJson<JobTx>(['job', 'cancel', '--from', 'alice', '--job', job]);
    assert.equal(closed.state, 'closed');
    const final = await okJson<JobContractJson>(['job', 'show', job]);
    assert.deepEqual((await okJson<JobsResponse>(['job', 'list'])).jobs, [], 'a closed job is off the board');
    assert.deepEqual((await okJson<AccountJobsResponse>(['job', 'list', '--client', 'alice'])).jobs.map((j) => [j.address, j.state]), [[job, 'closed']]);
    assert.deepEqual((await okJson<AccountJobsResponse>(['job', 'list', '--worker', 'dave'])).jobs.map((j) => j.address), [job]);
    assert.deepEqual([final.available, final.bonds, final.holds.assets], ['0', '0', []]);

    const end = await balances();
    assert.equal(end.alice, start.alice - fee('job.post') - fee('job.assign') - 2n * fee('job.approve') - fee('job.cancel') - 1000n * AGR);
    assert.equal(end.bob, start.bob - fee('job.apply') - 2n * fee('job.deliver') - fee('job.withdraw') + 1000n * AGR);
    assert.equal(end.dave, start.dave - fee('job.apply') - fee('job.withdraw'));
    assert.equal(end.carol, start.carol, 'no dispute: the arbiter neither pays nor earns');
  });

  test('a contest: two submit, the poster awards one, more than the budget is over_budget; balances exact', async () => {
    const start = await balances();
    const { jobId } = await okJson<{ jobId: string }>(['job', 'post', '--from', 'alice', '--mode', 'contest', '--spec', 'A logo', '--milestone', '100', '--apply-by', '1d', '--deliver-by', '1d', '--deadline', '2d']);
    await ok(['job', 'apply', '--from', 'bob', '--job', jobId, '--proposal-file', new URL(import.meta.url).pathname]);
    await ok(['job', 'apply', '--from', 'dave', '--job', jobId, '--proposal', 'my logo']);
    await fails(['job', 'assign', '--from', 'alice', '--job', jobId, '--worker', 'bob'], 'contest_job');
    await ok(['job', 'award', '--from', 'alice', '--job', jobId, '--to', 'bob', '--amount', '60']);
    await fails(['job', 'award', '--from', 'alice', '--job', jobId, '--to', 'dave', '--amount', '40.000001'], 'over_budget');
    const view = await okJson<JobContractJson>(['job', 'show', jobId]);
    assert.deepEqual([view.available, view.applicants.find((a) => a.applicant === address.bob)?.awarded], [String(40n * AGR), String(60n * AGR)]);
    const end = await balances();
    assert.equal(end.alice, start.alice - fee('job.post') - fee('job.award') - 100n * AGR);
    assert.equal(end.bob, start.bob - fee('job.apply') + 60n * AGR);
    assert.equal(end.dave, start.dave - fee('job.apply'));
  });

  test('bad flags are refused before anything is signed; help shows examples', async () => {
    const start = await balances();
    await fails(['job', 'post', '--from', 'alice', '--spec', 'x', '--apply-by', '1d', '--deliver-by', '2d', '--deadline', '3d'], 'bad_usage');
    await fails(['job', 'post', '--from', 'alice', '--spec', 'x', '--milestone', '1', '--apply-by', '3d', '--deliver-by', '2d', '--deadline', '3d'], 'bad_usage');
    await fails(['job', 'post', '--from', 'alice', '--spec', 'x', '--milestone', '1.0000001', '--apply-by', '1d', '--deliver-by', '2d', '--deadline', '3d'], 'bad_amount');
    await fails(['job', 'post', '--from', 'alice', '--spec', 'x', '--milestone', '1', '--mode', 'gig', '--apply-by', '1d', '--deliver-by', '2d', '--deadline', '3d'], 'bad_usage');
    await fails(['job', 'post', '--from', 'alice', '--milestone', '1', '--apply-by', '1d', '--deliver-by', '2d', '--deadline', '3d'], 'bad_usage');
    await fails(['job', 'deliver', '--from', 'bob', '--job', 'agora1nope', '--milestone', '1'], 'bad_address');
    await fails(['job', 'approve', '--from', 'alice', '--job', address.bob, '--milestone', '17'], 'bad_usage');
    await fails(['job', 'approve', '--from', 'alice', '--job', address.bob, '--milestone', '0'], 'bad_usage');
    await fails(['job', 'post', '--from', 'alice', '--title', 'x', '--spec', 'x', '--milestone', '1'], 'bad_usage');
    await fails(['job', 'post', '--from', 'alice', '--title', 'x', '--milestone', '1', '--contest', '--mode', 'team'], 'bad_usage');
    await fails(['job', 'show', address.bob], 'unknown_contract');
    await fails(['job', 'list', '--client', 'alice', '--worker', 'bob'], 'bad_usage');
    await fails(['job', 'list', '--mode', 'gig'], 'bad_usage');
    assert.deepEqual(await balances(), start);
    const help = await agora(['job', '--help']);
    assert.equal(help.code, 0);
    for (const name of ['post', 'list', 'show', 'apply', 'assign', 'deliver', 'approve', 'dispute', 'replace', 'award', 'cancel', 'withdraw']) assert.match(help.stdout, new RegExp(`agora job ${name} `), name);
  });
});
