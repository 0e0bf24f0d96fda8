// `agora job … --org ORG` (spec/work.md §2, spec/org.md §4 `job`) against a dev node in this process,
// with 1-second motions: a member proposes the org's motion for each job act, anyone executes it once
// passed, and what it did is read back from the API — a job posted with its budget from the treasury
// at the address the CLI printed, assigned, a milestone approved and another disputed, a contest
// awarded, a job cancelled with its budget back in the treasury. Bad flags are refused before anything
// is sent; a refused motion is the job kind's code, and the motion stays passable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobContractJson, OrgMotionResponse, OrgResponse } from '../../src/client/types.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

interface Proposed {
  org: string;
  motion: number;
  motionId: string;
  kind: string;
  jobId: string;
  txId: string;
}

describe('agora job --org: the org\'s job motions (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  let org = '';
  /** Base units of one whole native unit (a bare CLI amount is whole units). */
  let unit = 1n;

  const { ok, okJson, fails } = nodeCli(() => t);
  const waitForBlockTime = (ms: number): Promise<void> => eventually(() => t.node.chain.lastTimeMs >= ms, 15_000);

  /** Waits out the motion's objection period and executes it from erin (anyone may). */
  async function execute(motion: number): Promise<void> {
    const found = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(motion)]);
    await waitForBlockTime(found.motion.objectionEndsMs);
    await ok(['org', 'execute', '--from', 'erin', '--org', org, '--motion', String(motion)]);
  }

  async function job(id: string): Promise<JobContractJson> {
    const view = await t.client.getContract(id);
    assert.equal(view.type, 'job');
    return view as JobContractJson;
  }

  const treasury = async (): Promise<string> => (await okJson<OrgResponse>(['org', 'show', org])).org.treasury.assets.find((a) => a.asset === t.nativeAsset)?.amount ?? '0';
  const POST = ['--apply-by', '1d', '--deliver-by', '2d', '--deadline', '10d'];

  before(async () => {
    t = await startTestNode();
    for (const name of ['dave', 'erin']) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '100']);
    }
    org = (await okJson<{ orgId: string }>(['org', 'create', '--from', 'dev', '--name', 'Job coop', '--symbol', 'JOBC', '--reputation', '1000', '--motion-period', '1s', '--motion-stake', '1'])).orgId;
    await ok(['org', 'fund', '--from', 'dev', '--org', org, '--give', '100']);
    unit = 10n ** BigInt((await t.client.asset(t.nativeAsset)).decimals);
  });
  after(async () => t?.stop());

  test('bad flags are refused before anything is sent; no org motion withdraws a bond', async () => {
    await fails(['job', 'post', '--from', 'dev', '--org', 'agora1nope', '--spec', 'x', '--milestone', '1', ...POST], 'bad_address');
    await fails(['job', 'cancel', '--from', 'dev', '--org', 'nope', '--job', org], 'bad_address');
    const run = await fails(['job', 'withdraw', '--from', 'dev', '--org', org, '--job', org], 'bad_usage');
    assert.match(run, /--org/);
    assert.deepEqual((await okJson<OrgResponse>(['org', 'show', org])).openMotions, [], 'nothing was proposed');
  });

  test('post, assign, approve and dispute by motion: the job is the org\'s, paid from the treasury', async () => {
    const posted = await okJson<Proposed>(['job', 'post', '--from', 'dev', '--org', org, '--spec', 'Route planner', '--milestone', '10', '--milestone', '20', ...POST, '--arbiter', 'erin', '--arbiter-fee', '1']);
    assert.deepEqual([posted.org, posted.kind, posted.motionId], [org, 'post', `${org}/${posted.motion}`], 'motionId names the org and the motion');
    assert.match(await ok(['org', 'show', org, '--motion', String(posted.motion)]), /post a single job of 2 milestone\(s\), 30 AGR from the treasury/);
    const funded = BigInt(await treasury());
    await execute(posted.motion);
    const id = posted.jobId;
    const view = await job(id);
    assert.deepEqual([view.poster, view.budget, view.state, view.arbiters], [org, String(30n * unit), 'open', [{ address: address.erin, fee: String(unit) }]], 'the job at the address the CLI printed is the org\'s');
    assert.equal(BigInt(await treasury()), funded - 30n * unit, 'the budget left the treasury');

    await ok(['job', 'apply', '--from', 'dave', '--job', id, '--proposal', 'I will do it']);
    const assign = await okJson<Proposed>(['job', 'assign', '--from', 'dev', '--org', org, '--job', id, '--worker', 'dave', '--arbiter', 'erin']);
    assert.equal(assign.jobId, id);
    await execute(assign.motion);
    assert.deepEqual([(await job(id)).state, (await job(id)).worker], ['assigned', address.dave]);

    await ok(['job', 'deliver', '--from', 'dave', '--job', id, '--milestone', '1']);
    const approve = await okJson<Proposed>(['job', 'approve', '--from', 'dev', '--org', org, '--job', id, '--milestone', '1']);
    assert.match(await ok(['org', 'show', org, '--motion', approve.motionId]), /approve milestone 1 of the job/, 'milestones count from 1 for people');
    await execute(approve.motion);
    assert.deepEqual((await job(id)).milestones.map((m) => m.phase), ['released', 'held']);

    await execute((await okJson<Proposed>(['job', 'dispute', '--from', 'dev', '--org', org, '--job', id])).motion);
    const escrow = await t.client.getContract((await job(id)).escrow ?? '');
    assert.equal(escrow.type === 'escrow' ? escrow.state : escrow.type, 'disputed');
    assert.deepEqual((await t.client.getAccountJobs(address.erin, { role: 'arbiter' })).jobs.map((j) => j.address), [id]);
  });

  test('a contest awarded and a job cancelled by motion; a refused motion carries the job kind\'s code', async () => {
    const contest = await okJson<Proposed>(['job', 'post', '--from', 'dev', '--org', org, '--spec', 'Logo contest', '--milestone', '5', '--mode', 'contest', ...POST]);
    await execute(contest.motion);
    await ok(['job', 'apply', '--from', 'dave', '--job', contest.jobId, '--proposal', 'my logo']);
    const over = await okJson<Proposed>(['job', 'award', '--from', 'dev', '--org', org, '--job', contest.jobId, '--to', 'dave', '--amount', '6']);
    const found = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(over.motion)]);
    await waitForBlockTime(found.motion.objectionEndsMs);
    await fails(['org', 'execute', '--from', 'erin', '--org', org, '--motion', String(over.motion)], 'over_budget');
    const award = await okJson<Proposed>(['job', 'award', '--from', 'dev', '--org', org, '--job', contest.jobId, '--to', 'dave', '--amount', '2']);
    assert.match(await ok(['org', 'show', org, '--motion', String(award.motion)]), new RegExp(`award ${2n * unit} base units of the job ${contest.jobId} to ${address.dave}`));
    await execute(award.motion);
    assert.equal((await job(contest.jobId)).applicants[0].awarded, String(2n * unit));

    const before = await treasury();
    const idle = await okJson<Proposed>(['job', 'post', '--from', 'dev', '--org', org, '--spec', 'Nobody applies', '--milestone', '3', ...POST]);
    await execute(idle.motion);
    assert.equal(BigInt(await treasury()), BigInt(before) - 3n * unit);
    await execute((await okJson<Proposed>(['job', 'cancel', '--from', 'dev', '--org', org, '--job', idle.jobId])).motion);
    assert.equal((await job(idle.jobId)).state, 'closed');
    assert.equal(await treasury(), before, 'the budget came back to the treasury');
  });
});
