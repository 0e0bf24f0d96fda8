// The CLI forms of DESIGN.md §"Interfaces people use (fixed contract)" for organisations and work,
// run LITERALLY as a user's script would (in this process, against a dev node in this process): each
// id printed with --json (`org`, `contributionId`, `motionId`, `jobId`) is passed as printed to the
// next command, and each command's effect is read back through the SDK. Only the flags of the fixed
// forms are used, except `org fund` (the treasury needs something to pay with) and the windows, which
// the forms allow and which are short here (10 s) so that the test waits on block time, not on days.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobContractJson } from '../../src/client/types.ts';
import { sha256, toHex } from '../../src/crypto/hash.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const AGR = 1_000_000n;
const WINDOW = '10s';
const WINDOW_MS = 10_000;
const DAY_MS = 86_400_000;
const NAMES = ['alice', 'bob', 'carol', 'dave'] as const;

describe('the DESIGN.md CLI forms for organisations and work, run as written', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  const { ok, okJson, fails } = nodeCli(() => t);

  const waitForBlockTime = (ms: number): Promise<void> => eventually(() => t.node.chain.lastTimeMs >= ms, 30_000);
  const balance = async (who: string): Promise<bigint> => BigInt((await t.client.account(who)).balances.find((b) => b.asset === t.nativeAsset)?.amount ?? '0');
  async function job(id: string): Promise<JobContractJson> {
    const contract = await t.client.getContract(id);
    assert.equal(contract.type, 'job');
    return contract as JobContractJson;
  }

  before(async () => {
    t = await startTestNode();
    for (const name of NAMES) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '5000']);
    }
  });
  after(async () => t.stop());

  test('organisations: create (symbol from the name, --charter FILE), join, contribute, evaluate, reveal, close, claim, propose, object, vote, execute, show', async () => {
    const charterFile = join(t.home, 'charter.json');
    await writeFile(charterFile, JSON.stringify({ quorum: 40, motionStake: 50, fee: '1', evaluationWindow: '1d' }));
    const created = await okJson<{ org: string; token: string }>([
      'org', 'create', '--from', 'alice', '--name', 'Design Coop', '--member', 'bob', '--member', 'carol',
      '--evaluation-window', WINDOW, '--motion-period', WINDOW, '--charter', charterFile,
    ]);
    const org = created.org;
    assert.match(org, /^agora1/);
    const founded = await t.client.getOrg(org);
    assert.equal(founded.org.token, 'DESIGNCOOP', 'the symbol is derived from the name');
    assert.equal(created.token, 'DESIGNCOOP');
    const c = founded.org.charter;
    assert.deepEqual([c.quorumPpm, c.motionStake, c.contributionFee, c.evaluationWindowMs, c.motionPeriodMs], [400_000, '50', String(1n * AGR), WINDOW_MS, WINDOW_MS], 'the file’s fields, and the flags over the file’s');
    assert.deepEqual(founded.members.map((m) => m.address).sort(), [address.alice, address.bob, address.carol].sort());
    // The same name again: the symbol derived from it is taken, refused naming --symbol, nothing sent.
    const taken = await fails(['org', 'create', '--from', 'dave', '--name', 'Design Coop'], 'asset_exists');
    assert.match(taken, /--symbol/);

    await ok(['org', 'join', '--from', 'dave', '--org', org]);
    assert.ok((await t.client.getOrgMembers(org)).members.some((m) => m.address === address.dave && m.reputation === '0'), 'a joiner holds no reputation');
    await ok(['org', 'fund', '--from', 'dev', '--org', org, '--give', '100']);

    const doc = toHex(sha256(new TextEncoder().encode('a route planner')));
    const contributed = await okJson<{ contributionId: string }>(['org', 'contribute', '--from', 'dave', '--org', org, '--description', 'route planner', '--doc', doc]);
    const contributionId = contributed.contributionId;
    const submitted = (await t.client.getOrgContribution(org, 0)).contribution;
    assert.deepEqual([submitted.contributor, submitted.document, submitted.description], [address.dave, doc, 'route planner'], 'the --doc HASH goes on the ledger as given');

    const proposed = await okJson<{ motionId: string }>(['org', 'propose', '--from', 'alice', '--org', org, '--pay', 'dave', '--amount', '20']);
    const motionId = proposed.motionId;
    assert.deepEqual((await t.client.getOrgMotion(org, 0)).motion.action, { type: 'pay', to: address.dave, assets: [{ asset: t.nativeAsset, amount: String(20n * AGR) }] });

    await ok(['org', 'evaluate', '--from', 'alice', '--contribution', contributionId, '--score', '80']);
    await ok(['org', 'evaluate', '--from', 'bob', '--contribution', contributionId, '--score', '60']);
    assert.deepEqual((await t.client.getOrgContribution(org, 0)).evaluations.map((e) => [e.evaluator, e.score]), [[address.alice, null], [address.bob, null]], 'committed, sealed');
    await ok(['org', 'object', '--from', 'bob', '--motion', motionId]);
    await ok(['org', 'vote', '--from', 'carol', '--motion', motionId, '--yes']);
    await ok(['org', 'vote', '--from', 'bob', '--motion', motionId, '--no']);
    const objected = (await t.client.getOrgMotion(org, 0)).motion;
    assert.deepEqual([objected.objector, objected.phase], [address.bob, 'voting']);

    await waitForBlockTime(submitted.commitEndsMs);
    await ok(['org', 'reveal', '--from', 'alice', '--contribution', contributionId]);
    await ok(['org', 'reveal', '--from', 'bob', '--contribution', contributionId]);
    assert.deepEqual((await t.client.getOrgContribution(org, 0)).evaluations.map((e) => e.score), [80, 60]);
    await waitForBlockTime(objected.voteEndsMs ?? 0);
    await ok(['org', 'reveal', '--from', 'carol', '--motion', motionId]);
    await ok(['org', 'reveal', '--from', 'bob', '--motion', motionId]);
    assert.deepEqual((await t.client.getOrgMotion(org, 0)).votes.map((v) => [v.voter, v.vote]).sort(), [[address.bob, 'no'], [address.carol, 'yes']].sort());

    await waitForBlockTime(submitted.revealEndsMs);
    await ok(['org', 'close', '--from', 'carol', '--contribution', contributionId]);
    assert.equal((await t.client.getOrgContribution(org, 0)).contribution.status, 'accepted');
    const claimed = await okJson<{ reputation: string; claimed: { contribution: number }[] }>(['org', 'claim', '--from', 'alice', '--org', org]);
    assert.deepEqual(claimed.claimed.map((k) => k.contribution), [0]);
    assert.ok(BigInt(claimed.reputation) > 0n);
    assert.equal((await t.client.getOrgContribution(org, 0)).evaluations[0].claimed, true);

    await waitForBlockTime(objected.revealEndsMs ?? 0);
    const daveBefore = await balance(address.dave);
    await ok(['org', 'execute', '--from', 'bob', '--motion', motionId]);
    assert.equal((await t.client.getOrgMotion(org, 0)).motion.status, 'passed');
    assert.equal(await balance(address.dave), daveBefore + 20n * AGR, 'the motion paid Dave');

    const shown = await ok(['org', 'show', org]);
    assert.match(shown, /^token:\s+DESIGNCOOP /m);
    assert.match(shown, /^treasury:\s+81 AGR$/m, '100 funded + 1 fee − 20 paid');
    assert.match(shown, new RegExp(`^${address.dave}\\s+\\d+`, 'm'));
  });

  test('work: post, apply, assign, deliver, approve, dispute (milestones from 1), award, cancel, replace, show, list', async () => {
    const now = (await t.client.status()).lastBlockTimeMs;
    // The replaced worker's job first: its apply window and first delivery deadline are short.
    const late = (await okJson<{ jobId: string }>(['job', 'post', '--from', 'alice', '--title', 'Nobody delivers', '--milestone', '5', '--apply-by', WINDOW, '--deliver-by', WINDOW])).jobId;
    await ok(['job', 'apply', '--from', 'dave', '--job', late]);
    await ok(['job', 'assign', '--from', 'alice', '--job', late, '--worker', 'dave']);

    const posted = await okJson<{ jobId: string }>([
      'job', 'post', '--from', 'alice', '--title', 'Port the parser', '--milestone', '300', '--milestone', '700', '--asset', t.nativeAsset,
      '--bond', '5', '--apply-by', '1d', '--deliver-by', '2d', '--review-window', '1d', '--arbiter', 'carol', '--arbiter-fee', '2',
    ]);
    const id = posted.jobId;
    let view = await job(id);
    assert.deepEqual([view.poster, view.spec, view.milestones.map((m) => m.amount), view.bond, view.arbiters], [address.alice, toHex(sha256(new TextEncoder().encode('Port the parser'))), [String(300n * AGR), String(700n * AGR)], String(5n * AGR), [{ address: address.carol, fee: String(2n * AGR) }]]);
    assert.ok(view.applyByMs >= now + DAY_MS && view.deadlineMs >= view.deliverByMs, 'durations from the latest block; a default deadline after --deliver-by');
    assert.equal(view.reviewWindowMs, DAY_MS);

    await ok(['job', 'apply', '--from', 'bob', '--job', id, '--bid', '900']);
    await ok(['job', 'apply', '--from', 'dave', '--job', id]);
    assert.deepEqual((await job(id)).applicants.map((a) => [a.applicant, a.bid]).sort(), [[address.bob, String(900n * AGR)], [address.dave, null]].sort());
    await ok(['job', 'assign', '--from', 'alice', '--job', id, '--worker', 'bob']);
    view = await job(id);
    assert.deepEqual([view.state, view.worker], ['assigned', address.bob]);
    await ok(['job', 'deliver', '--from', 'bob', '--job', id, '--milestone', '1']);
    assert.notEqual((await job(id)).milestones[0].deliveredAtMs, null, 'milestone 1 is the first');
    await ok(['job', 'approve', '--from', 'alice', '--job', id, '--milestone', '1']);
    await ok(['job', 'deliver', '--from', 'bob', '--job', id, '--milestone', '2']);
    await ok(['job', 'dispute', '--from', 'alice', '--job', id, '--milestone', '2']);
    view = await job(id);
    assert.deepEqual(view.milestones.map((m) => m.phase), ['released', 'held']);
    const escrow = await t.client.getContract(view.escrow ?? '');
    assert.deepEqual(escrow.type === 'escrow' ? [escrow.state, escrow.arbiter] : [], ['disputed', address.carol], 'disputed before the one arbiter the job offers, the escrow’s');
    const shown = await ok(['job', 'show', id]);
    assert.match(shown, /^milestone 1:\s+300 AGR \(released/m);
    assert.match(shown, /^milestone 2:\s+700 AGR \(held, delivered/m);

    const contest = (await okJson<{ jobId: string }>(['job', 'post', '--from', 'alice', '--title', 'A logo', '--milestone', '100', '--contest'])).jobId;
    assert.equal((await job(contest)).mode, 'contest');
    assert.ok((await okJson<{ jobs: { address: string }[] }>(['job', 'list'])).jobs.some((j) => j.address === contest), 'the board lists it');
    await ok(['job', 'apply', '--from', 'dave', '--job', contest]);
    await ok(['job', 'award', '--from', 'alice', '--job', contest, '--to', 'dave', '--amount', '60']);
    assert.equal((await job(contest)).applicants.find((a) => a.applicant === address.dave)?.awarded, String(60n * AGR));

    const idle = (await okJson<{ jobId: string }>(['job', 'post', '--from', 'alice', '--title', 'Nobody applies', '--milestone', '3'])).jobId;
    await ok(['job', 'cancel', '--from', 'alice', '--job', idle]);
    assert.equal((await job(idle)).state, 'closed');

    await waitForBlockTime((await job(late)).deliverByMs);
    await ok(['job', 'replace', '--from', 'alice', '--job', late]);
    view = await job(late);
    assert.deepEqual([view.state, view.worker, view.applicants[0].status], ['open', null, 'replaced']);
  });
});
