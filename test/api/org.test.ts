// The organisations' read routes (spec/api.md §4 "Organisations", spec/org.md) against a real dev
// node: the org as a contract (it answered 500 before) and as a view with members by reputation and
// open contributions and motions; members, contributions and motions paged; a contribution's
// evaluations hidden until revealed and its phase moving with block time; a motion with its phase;
// an address's memberships; every bad input with its code and status. Every answer is checked against
// its route's schema (startTestNode's ResponseCheck).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newOrgSalt } from '../../src/client/org.ts';
import type {
  AccountOrgsResponse,
  CommittedResult,
  ContractResponse,
  OrgContributionResponse,
  OrgContributionsResponse,
  OrgHolderResponse,
  OrgMembersResponse,
  OrgMotionResponse,
  OrgMotionsResponse,
  OrgResponse,
} from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { evaluationCommitment } from '../../src/ledger/org/commitment.ts';
import { decay } from '../../src/ledger/org/decay.ts';
import type { Charter } from '../../src/ledger/org/types.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

const WINDOW_MS = 3000;

describe('API org routes (a real dev node)', () => {
  let t: TestNode;
  const alice = KeyPair.generate();
  const bob = KeyPair.generate();
  const carol = KeyPair.generate();
  const dave = KeyPair.generate();
  let org = '';
  const salt = newOrgSalt();

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<CommittedResult> {
    return t.client.sendTx(key, kind, payload);
  }

  async function ok<T>(path: string): Promise<T> {
    const { status, body } = await getJson(`${t.url}${path}`);
    assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
    return body as T;
  }

  async function refused(path: string, status: number, code: string): Promise<void> {
    const answer = await getJson(`${t.url}${path}`);
    assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
    assert.equal((answer.body as { error: { code: string } }).error.code, code, path);
  }

  before(async () => {
    t = await startTestNode();
    await send(t.dev, 'transfer', { transfers: [alice, bob, carol, dave].map((k) => ({ to: k.address, asset: t.nativeAsset, amount: 10_000_000n })) });
    const charter: Charter = {
      evaluationWindowMs: WINDOW_MS, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1000n, reputationReward: 300n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 50n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: 60_000, motionStake: 100n, open: true,
    };
    const created = await send(alice, 'org.create', { name: 'Coop', token: { symbol: 'COOPA', name: 'Coop token', decimals: 0 }, members: [bob.address, carol.address], charter, foundingReputation: 3000n });
    org = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    assert.ok(org.startsWith('agora1'));
    await send(dave, 'org.join', { org });
    for (const description of ['route planner', 'fleet map', 'charging guide']) await send(dave, 'org.contribute', { org, document: new Uint8Array(32).fill(1), description });
    await send(alice, 'org.evaluate', { org, contribution: 2, commitment: evaluationCommitment(org, 2, alice.address, 80, salt) });
    await send(alice, 'org.propose', { org, action: { type: 'pay', to: dave.address, assets: [{ asset: t.nativeAsset, amount: 20n }] } });
  });

  after(async () => {
    await t?.stop();
  });

  test('GET /v1/contracts/<org> serves the org (a 500 before)', async () => {
    const contract = await ok<ContractResponse>(`/v1/contracts/${org}`);
    assert.equal(contract.type, 'org');
    if (contract.type !== 'org') return;
    assert.equal(contract.name, 'Coop');
    assert.equal(contract.token, 'COOPA');
    assert.deepEqual(contract.treasury.assets, [{ asset: t.nativeAsset, amount: '150' }]);
    assert.deepEqual(contract.holds.assets, [{ asset: t.nativeAsset, amount: '150' }]);
    // Alice staked 100 evaluating (10 % of 1 000) and 100 proposing: the total is 2 800.
    assert.equal(contract.reputation, '2800');
    assert.deepEqual([contract.members, contract.contributions, contract.motions], [4, 3, 1]);
    assert.equal(contract.charter.contributionFee, '50');
  });

  test('GET /v1/orgs/:address: members by reputation, open contributions and motions with deadlines and phases', async () => {
    const view = await ok<OrgResponse>(`/v1/orgs/${org}`);
    assert.deepEqual(view.members.map((m) => [m.address, m.reputation]), [
      ...[bob.address, carol.address].sort().map((a) => [a, '1000']),
      [alice.address, '800'],
      [dave.address, '0'],
    ]);
    assert.equal(view.tokenSupply, '0');
    assert.deepEqual(view.openContributions.map((c) => c.id), [2, 1, 0]);
    const newest = view.openContributions[0];
    assert.equal(newest.phase, view.at.timeMs < newest.commitEndsMs ? 'committing' : 'revealing');
    assert.equal(newest.commitEndsMs, newest.submittedMs + WINDOW_MS);
    assert.equal(newest.revealEndsMs, newest.submittedMs + 2 * WINDOW_MS);
    assert.equal(newest.evaluations, 1);
    assert.equal(view.openMotions.length, 1);
    assert.equal(view.openMotions[0].phase, 'objectable');
    assert.deepEqual(view.openMotions[0].action, { type: 'pay', to: dave.address, assets: [{ asset: t.nativeAsset, amount: '20' }] });
    assert.equal(view.openMotions[0].objectionEndsMs, view.openMotions[0].proposedMs + 60_000);
  });

  test('members, contributions and motions are paged', async () => {
    const first = await ok<OrgMembersResponse>(`/v1/orgs/${org}/members?limit=3`);
    assert.equal(first.members.length, 3);
    assert.ok(first.next !== null);
    const second = await ok<OrgMembersResponse>(`/v1/orgs/${org}/members?limit=3&after=${encodeURIComponent(first.next)}`);
    assert.deepEqual(second.members.map((m) => m.address), [dave.address]);
    assert.equal(second.next, null);

    const page1 = await ok<OrgContributionsResponse>(`/v1/orgs/${org}/contributions?limit=2`);
    assert.deepEqual(page1.contributions.map((c) => c.id), [2, 1]);
    assert.equal(page1.next, '1');
    const page2 = await ok<OrgContributionsResponse>(`/v1/orgs/${org}/contributions?limit=2&after=${page1.next}`);
    assert.deepEqual(page2.contributions.map((c) => [c.id, c.description]), [[0, 'route planner']]);
    assert.equal(page2.next, null);
    assert.deepEqual((await ok<OrgContributionsResponse>(`/v1/orgs/${org}/contributions?status=accepted`)).contributions, []);

    const motions = await ok<OrgMotionsResponse>(`/v1/orgs/${org}/motions?status=proposed`);
    assert.deepEqual(motions.motions.map((m) => [m.id, m.proposer, m.stake]), [[0, alice.address, '100']]);
    assert.deepEqual((await ok<OrgMotionsResponse>(`/v1/orgs/${org}/motions?status=failed`)).motions, []);
  });

  test('a contribution shows its evaluations, the score once revealed, and its phase as block time moves', async () => {
    const committed = await ok<OrgContributionResponse>(`/v1/orgs/${org}/contributions/2`);
    assert.deepEqual(committed.evaluations.map((e) => [e.evaluator, e.order, e.weight, e.stake, e.score, e.claimed]), [[alice.address, 0, '1000', '100', null, false]]);
    const revealFrom = committed.contribution.commitEndsMs;
    await eventually(() => t.node.chain.lastTimeMs >= revealFrom, 10_000);
    await send(alice, 'org.reveal', { org, contribution: 2, value: 80, salt });
    const revealed = await ok<OrgContributionResponse>(`/v1/orgs/${org}/contributions/2`);
    assert.equal(revealed.evaluations[0].score, 80);
    assert.equal(revealed.contribution.upWeight, '1000');
    assert.equal(revealed.contribution.phase, 'revealing');
    await eventually(() => t.node.chain.lastTimeMs >= revealed.contribution.revealEndsMs, 10_000);
    assert.equal((await ok<OrgContributionResponse>(`/v1/orgs/${org}/contributions/2`)).contribution.phase, 'closable');
    await send(bob, 'org.close', { org, contribution: 2 });
    const closed = await ok<OrgContributionResponse>(`/v1/orgs/${org}/contributions/2`);
    // 1 000 of 3 000 revealed is below the 50 % quorum.
    assert.deepEqual([closed.contribution.status, closed.contribution.phase, closed.contribution.score], ['no_quorum', 'no_quorum', null]);
  });

  test('a motion shows its action, stakes, phase and votes', async () => {
    const motion = await ok<OrgMotionResponse>(`/v1/orgs/${org}/motions/0`);
    assert.deepEqual([motion.motion.status, motion.motion.phase, motion.motion.objector, motion.motion.voteEndsMs, motion.votes], ['proposed', 'objectable', null, null, []]);
    await send(bob, 'org.object', { org, motion: 0 });
    const objected = await ok<OrgMotionResponse>(`/v1/orgs/${org}/motions/0`);
    assert.deepEqual([objected.motion.status, objected.motion.phase, objected.motion.objector], ['voting', 'voting', bob.address]);
    assert.equal(objected.motion.voteEndsMs, (objected.motion.objectedMs ?? 0) + 60_000);
  });

  test('GET /v1/accounts/:address/orgs lists memberships with reputation', async () => {
    const bobs = await ok<AccountOrgsResponse>(`/v1/accounts/${bob.address}/orgs`);
    assert.deepEqual(bobs.orgs.map((o) => [o.org, o.name, o.token, o.reputation]), [[org, 'Coop', 'COOPA', '900']]);
    const stranger = KeyPair.generate();
    assert.deepEqual((await ok<AccountOrgsResponse>(`/v1/accounts/${stranger.address}/orgs`)).orgs, []);
  });

  test('reputation reads decayed to the latest block, lazily: no tx touches the org', async () => {
    // A half-life of 16 s: a decay step is 1 s (spec/org.md §2).
    const charter: Charter = {
      evaluationWindowMs: 1000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1n, reputationReward: 1n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 16_000, motionPeriodMs: 1000, motionStake: 1n, open: true,
    };
    const created = await send(carol, 'org.create', { name: 'Fast', token: { symbol: 'FASTD', name: 'Fast', decimals: 0 }, members: [], charter, foundingReputation: 1_000_000n });
    const fast = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    const first = await ok<OrgResponse>(`/v1/orgs/${fast}`);
    await eventually(() => t.node.chain.lastTimeMs >= first.org.createdMs + 3000, 10_000);
    const later = await ok<OrgResponse>(`/v1/orgs/${fast}`);
    const step = Math.floor((later.at.timeMs - later.org.createdMs) / 1000);
    assert.ok(step >= 3);
    assert.equal(later.org.step, step);
    assert.equal(later.org.reputation, String(decay(1_000_000n, step)));
    assert.equal(later.members[0].reputation, String(decay(1_000_000n, step)));
    assert.ok(BigInt(later.members[0].reputation) < 1_000_000n);
    const members = await ok<OrgMembersResponse>(`/v1/orgs/${fast}/members`);
    assert.equal(members.members[0].reputation, String(decay(1_000_000n, Math.floor((members.at.timeMs - later.org.createdMs) / 1000))));
  });

  test('holders who lock the org token: the org shows the locked total, a holder its locked and claimable (spec/org.md §4.2)', async () => {
    const charter: Charter = {
      evaluationWindowMs: 1000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1n, reputationReward: 1n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: 1000, motionStake: 1n, open: true,
    };
    const created = await send(carol, 'org.create', { name: 'Share', token: { symbol: 'SHARE', name: 'Share', decimals: 0 }, members: [], charter, foundingReputation: 1000n });
    const share = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    /** Proposes `action`, waits out the motion period, executes it. */
    const pass = async (action: TxPayloads['org.propose']['action']): Promise<void> => {
      const proposed = await send(carol, 'org.propose', { org: share, action });
      const motion = Number(proposed.receipt.events.find((e) => e.type === 'org.proposed')?.attributes.motion);
      const { motion: shown } = await ok<OrgMotionResponse>(`/v1/orgs/${share}/motions/${motion}`);
      await eventually(() => t.node.chain.lastTimeMs >= shown.objectionEndsMs, 10_000);
      await send(bob, 'org.execute', { org: share, motion });
    };
    await pass({ type: 'mint', to: dave.address, amount: 600n });
    await send(dave, 'org.lock', { org: share, amount: 600n });
    await send(carol, 'org.fund', { org: share, assets: [{ asset: t.nativeAsset, amount: 300n }] });
    await pass({ type: 'distribute', asset: t.nativeAsset, amount: 300n, to: 'holders' });
    const view = await ok<OrgResponse>(`/v1/orgs/${share}`);
    assert.deepEqual(view.org.holders, { locked: '600', pots: [{ asset: t.nativeAsset, amount: '300' }] });
    assert.deepEqual(view.org.holds.assets, [{ asset: t.nativeAsset, amount: '300' }, { asset: 'SHARE', amount: '600' }].sort((a, b) => (a.asset < b.asset ? -1 : 1)));
    const holder = await ok<OrgHolderResponse>(`/v1/orgs/${share}/holders/${dave.address}`);
    assert.deepEqual([holder.org, holder.holder, holder.locked, holder.owed], [share, dave.address, '600', [{ asset: t.nativeAsset, amount: '300' }]]);
    assert.deepEqual((await t.client.getOrgHolder(share, bob.address)).owed, []);
    await send(dave, 'org.withdraw', { org: share });
    assert.deepEqual((await ok<OrgHolderResponse>(`/v1/orgs/${share}/holders/${dave.address}`)).owed, []);
    await send(dave, 'org.unlock', { org: share, amount: 600n });
    assert.deepEqual([(await ok<OrgHolderResponse>(`/v1/orgs/${share}/holders/${dave.address}`)).locked, (await ok<OrgResponse>(`/v1/orgs/${share}`)).org.holders.locked], ['0', '0']);
    await refused(`/v1/orgs/${share}/holders/agora1nope`, 400, 'bad_address');
    await refused(`/v1/orgs/${KeyPair.generate().address}/holders/${dave.address}`, 404, 'unknown_org');
  });

  test('bad inputs get their code and status', async () => {
    const stranger = KeyPair.generate().address;
    await refused('/v1/orgs/agora1nope', 400, 'bad_address');
    await refused(`/v1/orgs/${stranger}`, 404, 'unknown_org');
    await refused(`/v1/orgs/${stranger}/members`, 404, 'unknown_org');
    await refused(`/v1/orgs/${stranger}/contributions/0`, 404, 'unknown_org');
    await refused(`/v1/orgs/${org}/contributions/9`, 404, 'unknown_contribution');
    await refused(`/v1/orgs/${org}/motions/9`, 404, 'unknown_motion');
    await refused(`/v1/orgs/${org}/contributions/x`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/contributions/01`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/contributions?limit=0`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/contributions?limit=101`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/contributions?status=maybe`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/motions?after=-1`, 400, 'bad_request');
    await refused(`/v1/orgs/${org}/members?after=nonsense`, 400, 'bad_request');
    await refused(`/v1/accounts/${stranger}/orgs?after=1`, 400, 'bad_request');
    await refused('/v1/accounts/agora1nope/orgs', 400, 'bad_address');
  });
});
