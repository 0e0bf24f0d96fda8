// An org's approver role over HTTP (spec/work.md §2.1, spec/org.md §4.3) against a real dev node: the
// org creates its registry, grants ERIN the role and names it in its charter, posts a job and assigns
// DAVE, all by motion (a 1 s motion period); ERIN then approves DAVE's milestone with the SDK's plain
// `job.approve` builder, and the job's escrow pays it. A signer without the credential is refused
// `not_credentialed`. The org's charter shows the role; every answer is checked against its schema.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgoraError } from '../../src/client/errors.ts';
import { signTx } from '../../src/client/builders.ts';
import type { CommittedResult, JobContractJson, OrgResponse } from '../../src/client/types.ts';
import { buildJobApprove } from '../../src/client/work.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { Charter, OrgAction } from '../../src/ledger/org/types.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getJson, startTestNode, type TestNode } from './helpers.ts';

const DAY_MS = 86_400_000;
const MOTION_PERIOD_MS = 1000;
const ROLE = { registry: 'apicoop-roles', type: 'approver' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('API work: an org\'s approver role signs job.approve (a real dev node)', () => {
  let t: TestNode;
  const alice = KeyPair.generate();
  const dave = KeyPair.generate();
  const erin = KeyPair.generate();
  const frank = KeyPair.generate();
  let org = '';
  let job = '';

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<CommittedResult> {
    return t.client.sendTx(key, kind, payload);
  }

  /** Proposes each action (ALICE, the only member), waits out the motion period, executes them in order; the receipts of the executions. */
  async function pass(actions: OrgAction[]): Promise<CommittedResult[]> {
    const motions: number[] = [];
    for (const action of actions) {
      const proposed = await send(alice, 'org.propose', { org, action });
      motions.push(Number(proposed.receipt.events.find((e) => e.type === 'org.proposed')?.attributes.motion));
    }
    await sleep(MOTION_PERIOD_MS + 300);
    const executed: CommittedResult[] = [];
    for (const motion of motions) executed.push(await send(alice, 'org.execute', { org, motion }));
    return executed;
  }

  async function readJob(): Promise<JobContractJson> {
    const { status, body } = await getJson(`${t.url}/v1/contracts/${job}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body as JobContractJson;
  }

  before(async () => {
    t = await startTestNode();
    await send(t.dev, 'transfer', { transfers: [alice, dave, erin, frank].map((k) => ({ to: k.address, asset: t.nativeAsset, amount: 1_000_000n })) });
    const charter: Charter = {
      evaluationWindowMs: 60_000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 10n, reputationReward: 10n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 90 * DAY_MS, motionPeriodMs: MOTION_PERIOD_MS, motionStake: 1n, open: true,
    };
    const created = await send(alice, 'org.create', { name: 'Api coop', token: { symbol: 'APICOOP', name: 'Api coop token', decimals: 0 }, members: [], charter, foundingReputation: 1000n });
    org = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    await send(alice, 'org.fund', { org, assets: [{ asset: t.nativeAsset, amount: 1000n }] });
    const now = Date.now();
    const post = { spec: new Uint8Array(32).fill(7), asset: t.nativeAsset, milestones: [400n, 600n], mode: 'single' as const, applyByMs: now + DAY_MS, deliverByMs: now + 2 * DAY_MS, deadlineMs: now + 10 * DAY_MS };
    const executed = await pass([
      { type: 'registry', name: ROLE.registry },
      { type: 'issue', credential: ROLE, to: erin.address },
      { type: 'charter', charter: { ...charter, approver: ROLE } },
      { type: 'job', kind: 'post', payload: post },
    ]);
    job = executed[3].receipt.events.find((e) => e.type === 'job.posted')?.attributes.job ?? '';
    assert.ok(job.startsWith('agora1'));
    await send(dave, 'job.apply', { job, proposal: new Uint8Array(32).fill(8) });
    await pass([{ type: 'job', kind: 'assign', payload: { job, worker: dave.address } }]);
    await send(dave, 'job.deliver', { job, milestone: 0 });
  });
  after(async () => t?.stop());

  test('the org shows its approver role in its charter', async () => {
    const { status, body } = await getJson(`${t.url}/v1/orgs/${org}`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual((body as OrgResponse).org.charter.approver, ROLE);
  });

  test('a non-holder is refused not_credentialed; the holder approves with the plain job.approve, paid from the escrow', async () => {
    await assert.rejects(send(frank, 'job.approve', { job, milestone: 0 }), (error: unknown) => error instanceof AgoraError && error.code === 'not_credentialed');
    assert.deepEqual((await readJob()).milestones.map((m) => m.phase), ['held', 'held']);
    const dave0 = BigInt((await t.client.account(dave.address)).balances.find((b) => b.asset === t.nativeAsset)?.amount ?? '0');
    const params = await t.client.params();
    const nonce = BigInt((await t.client.account(erin.address)).pendingNonce);
    const body = buildJobApprove({ chainId: params.chainId, from: erin.publicKey, nonce, fee: 1_000_000n, job, milestone: 0 });
    const result = await t.client.submit(signTx(body, [erin]).bytes, { wait: 'commit' });
    assert.equal(result.status, 'committed');
    const signed = result.receipt?.events.find((e) => e.type === 'job.role_signed');
    assert.deepEqual(signed?.attributes, { job, org, signer: erin.address, registry: ROLE.registry, type: ROLE.type, kind: 'approve' });
    assert.deepEqual((await readJob()).milestones.map((m) => m.phase), ['released', 'held']);
    const dave1 = BigInt((await t.client.account(dave.address)).balances.find((b) => b.asset === t.nativeAsset)?.amount ?? '0');
    assert.equal(dave1 - dave0, 400n);
  });
});
