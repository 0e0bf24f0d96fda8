// The work module's read side over HTTP (spec/work.md, spec/api.md §4 "Work") against a real dev node:
// GET /v1/contracts/<job> serves a job — budget, milestones with their escrow tranche's phase, mode,
// deadlines, applicants with bids and bonds, worker and escrow — as it moves from open to assigned to
// a delivered and an approved milestone, and an idle worker replaced; the jobs board and an address's
// jobs as client and as worker, paged, with bad input refused by code. Every answer is checked
// against its route's schema (startTestNode).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountJobsResponse, CommittedResult, JobContractJson, JobsResponse } from '../../src/client/types.ts';
import { buildJobPost, jobIdOf } from '../../src/client/work.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

const DAY_MS = 86_400_000;

describe('API work: a job as a contract (a real dev node)', () => {
  let t: TestNode;
  const poster = KeyPair.generate();
  const bob = KeyPair.generate();
  const dave = KeyPair.generate();
  const arbiter = KeyPair.generate();
  let job = '';
  let contest = '';

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<CommittedResult> {
    return t.client.sendTx(key, kind, payload);
  }

  async function read(): Promise<JobContractJson> {
    const { status, body } = await getJson(`${t.url}/v1/contracts/${job}`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal((body as { type: string }).type, 'job');
    return body as JobContractJson;
  }

  before(async () => {
    t = await startTestNode();
    await send(t.dev, 'transfer', { transfers: [poster, bob, dave].map((k) => ({ to: k.address, asset: t.nativeAsset, amount: 1_000_000n })) });
    const now = Date.now();
    const nonce = BigInt((await t.client.account(poster.address)).nonce);
    const posted = await send(poster, 'job.post', {
      spec: new Uint8Array(32).fill(1),
      asset: t.nativeAsset,
      milestones: [300n, 700n],
      mode: 'single',
      applyByMs: now + DAY_MS,
      deliverByMs: now + 2 * DAY_MS,
      deadlineMs: now + 10 * DAY_MS,
      arbiters: [{ address: arbiter.address, fee: 20n }],
      bond: 50n,
    });
    const event = posted.receipt.events.find((e) => e.type === 'job.posted');
    assert.ok(event);
    job = event.attributes.job;
    const draft = buildJobPost({ chainId: t.chainId, from: poster.publicKey, nonce, fee: 0n, spec: new Uint8Array(32), asset: t.nativeAsset, milestones: [1n], applyByMs: 1, deliverByMs: 1, deadlineMs: 1 });
    assert.equal(jobIdOf(draft), job, 'the SDK knows the job address before it is posted');
    const contestPosted = await send(poster, 'job.post', { spec: new Uint8Array(32).fill(4), asset: t.nativeAsset, milestones: [500n], mode: 'contest', applyByMs: now + DAY_MS, deliverByMs: now + DAY_MS, deadlineMs: now + 3 * DAY_MS });
    contest = contestPosted.receipt.events.find((e) => e.type === 'job.posted')?.attributes.job ?? '';
  });
  after(async () => t.stop());

  test('an open job: its terms, budget held, no escrow, applications open', async () => {
    const view = await read();
    assert.deepEqual(
      [view.poster, view.spec, view.asset, view.budget, view.mode, view.state, view.available, view.bonds, view.bond, view.worker, view.escrow, view.assignments],
      [poster.address, toHex(new Uint8Array(32).fill(1)), t.nativeAsset, '1000', 'single', 'open', '1000', '0', '50', null, null, 0],
    );
    assert.deepEqual(view.arbiters, [{ address: arbiter.address, fee: '20' }]);
    assert.equal(view.reviewWindowMs, 14 * DAY_MS, 'the default review window');
    assert.deepEqual(view.milestones.map((m) => [m.milestone, m.amount, m.phase, m.dueMs]), [[0, '300', null, null], [1, '700', null, null]]);
    assert.deepEqual(view.applicants, []);
    assert.deepEqual(view.holds, { assets: [{ asset: t.nativeAsset, amount: '1000' }], items: [] });
    assert.deepEqual(view.now, { applyOpen: true, replaceable: false });
    const viaSdk = await t.client.getContract(job);
    assert.deepEqual({ ...viaSdk, at: null }, { ...view, at: null }, 'the SDK answers the same');
  });

  test('applicants with bids and bonds; assignment opens the escrow, a tranche per milestone', async () => {
    await send(bob, 'job.apply', { job, proposal: new Uint8Array(32).fill(2), bid: 900n });
    await send(dave, 'job.apply', { job, proposal: new Uint8Array(32).fill(3) });
    const applied = await read();
    assert.deepEqual([applied.bonds, applied.holds.assets], ['100', [{ asset: t.nativeAsset, amount: '1100' }]]);
    const byAddress = new Map(applied.applicants.map((a) => [a.applicant, a]));
    assert.deepEqual(byAddress.get(bob.address), { applicant: bob.address, proposal: toHex(new Uint8Array(32).fill(2)), bid: '900', payee: null, bond: '50', status: 'applied', awarded: null });
    assert.deepEqual([byAddress.get(dave.address)?.bid, byAddress.get(dave.address)?.status], [null, 'applied']);

    const assigned = await send(poster, 'job.assign', { job, worker: bob.address, arbiter: arbiter.address });
    const escrow = assigned.receipt.events.find((e) => e.type === 'job.assigned')?.attributes.escrow;
    const view = await read();
    assert.deepEqual([view.state, view.worker, view.escrow, view.available, view.bonds, view.assignments], ['assigned', bob.address, escrow, '0', '100', 1]);
    assert.deepEqual(view.milestones.map((m) => [m.phase, m.deliveredAtMs, m.dueMs]), [['held', null, view.deliverByMs], ['held', null, view.deadlineMs]]);
    assert.equal(view.applicants.find((a) => a.applicant === bob.address)?.status, 'assigned');
    assert.deepEqual(view.now, { applyOpen: false, replaceable: false });
  });

  test('a delivered milestone shows its review window; an approved one is released', async () => {
    const document = new Uint8Array(32).fill(9);
    await send(bob, 'job.deliver', { job, milestone: 0, document });
    const delivered = (await read()).milestones[0];
    assert.equal(delivered.phase, 'held');
    assert.ok(delivered.deliveredAtMs !== null);
    assert.equal(delivered.reviewEndsMs, delivered.deliveredAtMs + 14 * DAY_MS);
    assert.equal(delivered.dueMs, delivered.reviewEndsMs);
    assert.equal(delivered.document, toHex(document));
    await send(poster, 'job.approve', { job, milestone: 0 });
    const view = await read();
    assert.deepEqual(view.milestones.map((m) => m.phase), ['released', 'held']);
  });

  test('GET /v1/jobs: the open jobs by mode and asset, paged; an assigned job is no longer listed', async () => {
    const addresses = async (path: string): Promise<string[]> => {
      const { status, body } = await getJson(`${t.url}${path}`);
      assert.equal(status, 200, JSON.stringify(body));
      return (body as JobsResponse).jobs.map((j) => j.address);
    };
    assert.deepEqual(await addresses('/v1/jobs'), [contest], 'the assigned job left the board');
    assert.deepEqual(await addresses('/v1/jobs?mode=contest'), [contest]);
    assert.deepEqual(await addresses('/v1/jobs?mode=single'), []);
    assert.deepEqual(await addresses(`/v1/jobs?asset=${t.nativeAsset}&mode=contest`), [contest]);
    assert.deepEqual(await addresses('/v1/jobs?asset=GOLD'), []);
    const page = await t.client.searchJobs({ limit: 1 });
    assert.deepEqual([page.jobs.map((j) => j.address), page.next], [[contest], contest]);
    assert.deepEqual((await t.client.searchJobs({ limit: 1, after: contest })).jobs, []);
  });

  test('GET /v1/accounts/:address/jobs: as client newest first, as worker the jobs applied to', async () => {
    const client = await t.client.getAccountJobs(poster.address);
    assert.deepEqual([client.role, client.jobs.map((j) => j.address), client.next], ['client', [contest, job], null]);
    const first = await t.client.getAccountJobs(poster.address, { limit: 1 });
    assert.deepEqual(first.jobs.map((j) => j.address), [contest]);
    assert.ok(first.next !== null);
    assert.deepEqual((await t.client.getAccountJobs(poster.address, { limit: 1, after: first.next })).jobs.map((j) => j.address), [job]);
    const worker = await t.client.getAccountJobs(bob.address, { role: 'worker' });
    assert.deepEqual([worker.role, worker.jobs.map((j) => j.address)], ['worker', [job]]);
    assert.equal(worker.jobs[0].applicants.find((a) => a.applicant === bob.address)?.status, 'assigned');
    assert.deepEqual((await t.client.getAccountJobs(arbiter.address, { role: 'worker' })).jobs, []);
  });

  test('GET /v1/accounts/:address/jobs?role=arbiter: the jobs naming the address among their arbiters', async () => {
    const { status, body } = await getJson(`${t.url}/v1/accounts/${arbiter.address}/jobs?role=arbiter`);
    assert.equal(status, 200, JSON.stringify(body));
    const page = body as AccountJobsResponse;
    assert.deepEqual([page.role, page.jobs.map((j) => j.address), page.next], ['arbiter', [job], null]);
    assert.deepEqual(page.jobs[0].arbiters, [{ address: arbiter.address, fee: '20' }]);
    assert.deepEqual((await t.client.getAccountJobs(poster.address, { role: 'arbiter' })).jobs, [], 'the poster arbitrates nothing');
    assert.deepEqual((await t.client.getAccountJobs(bob.address, { role: 'arbiter' })).jobs, []);
  });

  test('bad input on the job routes: each with its code and status', async () => {
    for (const [path, status, code] of [
      ['/v1/jobs?asset=gold', 400, 'bad_symbol'],
      ['/v1/jobs?mode=gig', 400, 'bad_request'],
      ['/v1/jobs?after=agora1nope', 400, 'bad_address'],
      ['/v1/jobs?limit=0', 400, 'bad_request'],
      ['/v1/accounts/agora1nope/jobs', 400, 'bad_address'],
      [`/v1/accounts/${poster.address}/jobs?role=boss`, 400, 'bad_request'],
      [`/v1/accounts/${poster.address}/jobs?after=zzz`, 400, 'bad_request'],
      [`/v1/accounts/${poster.address}/jobs?role=arbiter&after=000000000001/agora1x`, 400, 'bad_request'],
    ] as const) {
      const answer = await getJson(`${t.url}${path}`);
      assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
      assert.equal((answer.body as { error: { code: string } }).error.code, code, path);
    }
  });

  test('a worker who delivered nothing by the first-delivery deadline: now.replaceable, then replaced and the job open again', async () => {
    const now = Date.now();
    const posted = await send(poster, 'job.post', { spec: new Uint8Array(32).fill(5), asset: t.nativeAsset, milestones: [10n, 20n], mode: 'single', applyByMs: now + 2_000, deliverByMs: now + 2_500, deadlineMs: now + DAY_MS, bond: 5n });
    const idle = posted.receipt.events.find((e) => e.type === 'job.posted')?.attributes.job ?? '';
    await send(dave, 'job.apply', { job: idle, proposal: new Uint8Array(32).fill(6) });
    await send(poster, 'job.assign', { job: idle, worker: dave.address });
    const view = async (): Promise<JobContractJson> => (await t.client.getContract(idle)) as JobContractJson;
    assert.equal((await view()).now.replaceable, false, 'not before the first-delivery deadline');
    await eventually(async () => (await view()).now.replaceable, 15_000);
    await send(poster, 'job.replace', { job: idle });
    const replaced = await view();
    assert.deepEqual([replaced.state, replaced.worker, replaced.escrow, replaced.available, replaced.bonds, replaced.now.replaceable], ['open', null, null, '30', '0', false]);
    assert.deepEqual(replaced.milestones.map((m) => m.phase), [null, null]);
    assert.deepEqual(replaced.applicants.map((a) => [a.applicant, a.status, a.bond]), [[dave.address, 'replaced', '0']]);
  });

  test('an unknown job is `unknown_contract`', async () => {
    const { status, body } = await getJson(`${t.url}/v1/contracts/${KeyPair.generate().address}`);
    assert.equal(status, 404);
    assert.equal((body as { error: { code: string } }).error.code, 'unknown_contract');
  });
});
