/**
 * The org parts of the web app that need no browser (web/src/org-view.ts): members by reputation, each contribution's and motion's phase with its deadline and actions, the
 * create form as a charter, the sealed score kept between commit and reveal, actions in words, a
 * holder's standing, and the motion form as an action (web/src/org-motion-view.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../src/crypto/hash.ts';
import { ERROR_WORDS } from '../../web/src/errors.ts';
import type { ContributionJson, MemberJson, MotionJson } from '../../web/src/org-api.ts';
import {
  actionWords,
  contributionIdOf,
  contributionStep,
  createdOrg,
  decodeSealed,
  encodeSealed,
  holderStandingOf,
  membersByReputation,
  motionStep,
  orgCreatePayloadOf,
  parseDuration,
  ppmWords,
  sealedStorageKey,
  type OrgCreateForm,
} from '../../web/src/org-view.ts';
import { EMPTY_MOTION_FORM, motionActionOf, motionAssetOf, type MotionForm } from '../../web/src/org-motion-view.ts';

const DAY = 86_400_000;

const member = (address: string, reputation: string): MemberJson => ({ address, reputation, joinedAt: 1, owed: [] });

test('members rank by reputation, highest first, ties by address', () => {
  const ranked = membersByReputation([member('agora1b', '900'), member('agora1d', '0'), member('agora1a', '900'), member('agora1c', '1050')]);
  assert.deepEqual(ranked.map((m) => [m.address, m.reputation]), [['agora1c', '1050'], ['agora1a', '900'], ['agora1b', '900'], ['agora1d', '0']]);
});

test('ppm as a percentage', () => {
  assert.deepEqual([ppmWords(600_000), ppmWords(0), ppmWords(1_000_000), ppmWords(12_345), ppmWords(500)], ['60 %', '0 %', '100 %', '1.2345 %', '0.05 %']);
});

const contribution = (over: Partial<ContributionJson> = {}): ContributionJson => ({
  org: 'agora1org', id: 0, contributor: 'agora1dave', document: '00'.repeat(32), description: 'a map', domain: null, submittedMs: 10_000, commitEndsMs: 18_000, revealEndsMs: 26_000,
  base: '3000', evaluations: 0, upWeight: '0', downWeight: '0', scoreSum: '0', status: 'open', phase: 'committing', score: null, pool: null, points: null, ...over,
});

test('a contribution: evaluate in [t₀, t₀+W), reveal in [t₀+W, t₀+2W), close from t₀+2W; the contributor never evaluates', () => {
  const c = contribution();
  assert.deepEqual(contributionStep(c, 'agora1alice', 10_000), { phase: 'committing', deadlineMs: 18_000, words: 'Members evaluate it now (a sealed score); reveals open after.', actions: ['evaluate'] });
  assert.deepEqual(contributionStep(c, 'agora1dave', 17_999).actions, []);
  assert.deepEqual([contributionStep(c, 'agora1alice', 18_000).phase, contributionStep(c, 'agora1alice', 18_000).deadlineMs, contributionStep(c, 'agora1alice', 18_000).actions], ['revealing', 26_000, ['reveal']]);
  assert.deepEqual([contributionStep(c, undefined, 26_000).phase, contributionStep(c, 'agora1dave', 26_000).actions], ['closable', ['close']]);
  assert.deepEqual([contributionStep(contribution({ status: 'accepted' }), 'agora1alice', 0).actions, contributionStep(contribution({ status: 'accepted' }), 'agora1dave', 0).actions], [['claim'], []]);
  assert.equal(contributionStep(contribution({ status: 'no_quorum' }), 'agora1alice', 0).phase, 'no_quorum');
});

const motion = (over: Partial<MotionJson> = {}): MotionJson => ({
  org: 'agora1org', id: 0, proposer: 'agora1alice', action: { type: 'pay', to: 'agora1dave', assets: [{ asset: 'AGR', amount: '20000000' }] }, proposedMs: 0, stake: '100', status: 'proposed', phase: 'objectable',
  objectionEndsMs: 2 * DAY, objector: null, objectedMs: null, voteEndsMs: null, revealEndsMs: null, base: null, yes: '0', no: '0', ...over,
});

test('a motion: objectable until t₀+P, then passable; objected: vote, reveal, then decidable; closed ones offer nothing', () => {
  assert.deepEqual(motionStep(motion(), 'agora1bob', 0), { phase: 'objectable', deadlineMs: 2 * DAY, words: 'It passes unless a member objects before the deadline.', actions: ['object'] });
  assert.deepEqual(motionStep(motion(), 'agora1alice', 0).actions, [], 'the proposer does not object to itself');
  assert.deepEqual([motionStep(motion(), undefined, 2 * DAY).phase, motionStep(motion(), undefined, 2 * DAY).actions], ['passable', ['execute']]);
  const voting = motion({ status: 'voting', phase: 'voting', objector: 'agora1bob', objectedMs: DAY, voteEndsMs: 3 * DAY, revealEndsMs: 5 * DAY });
  assert.deepEqual([motionStep(voting, 'agora1carol', DAY).phase, motionStep(voting, 'agora1carol', DAY).deadlineMs], ['voting', 3 * DAY]);
  assert.deepEqual([motionStep(voting, 'agora1carol', 3 * DAY).phase, motionStep(voting, 'agora1carol', 3 * DAY).actions], ['revealing', ['reveal']]);
  assert.deepEqual(motionStep(voting, 'agora1carol', 5 * DAY).actions, ['execute']);
  assert.deepEqual([motionStep(motion({ status: 'passed' }), 'x', 0).actions, motionStep(motion({ status: 'failed' }), 'x', 0).phase], [[], 'failed']);
});

test('actions in words, amounts with decimals and unit', () => {
  const decimals = (symbol: string): number | undefined => ({ AGR: 6, COOP: 2 })[symbol];
  assert.equal(actionWords(motion().action, 'COOP', decimals), 'Pay 20 AGR from the treasury to agora1dave');
  assert.equal(actionWords({ type: 'mint', to: 'agora1x', amount: '1050' }, 'COOP', decimals), 'Mint 10.5 COOP to agora1x');
  assert.equal(actionWords({ type: 'distribute', asset: 'ZZZ', amount: '7' }, 'COOP', decimals), 'Share 7 base units of ZZZ from the treasury among members by reputation');
  assert.equal(actionWords({ type: 'distribute', asset: 'ZZZ', amount: '7', to: 'holders' }, 'COOP', decimals), 'Share 7 base units of ZZZ from the treasury among holders by the tokens they locked');
  assert.equal(actionWords({ type: 'member', address: 'agora1y' }, 'COOP', decimals), 'Add agora1y as a member');
});

test('a job motion in words, by its kind: not "Open a job"', () => {
  const decimals = (symbol: string): number | undefined => ({ AGR: 6 })[symbol];
  const job = (kind: string, payload: { [field: string]: unknown }) => actionWords({ type: 'job', kind, payload }, 'COOP', decimals);
  assert.equal(job('post', { mode: 'fixed', asset: 'AGR', milestones: ['1500000', '500000'] }), 'Post a fixed job of 2 milestones, 2 AGR from the treasury');
  assert.equal(job('assign', { job: 'agora1job', worker: 'agora1w' }), 'Assign the job agora1job to agora1w');
  assert.equal(job('approve', { job: 'agora1job', milestone: 0 }), 'Approve milestone 1 of the job agora1job');
  assert.equal(job('dispute', { job: 'agora1job' }), 'Dispute the delivered milestone of the job agora1job');
  assert.equal(job('replace', { job: 'agora1job' }), 'Replace the worker of the job agora1job');
  assert.equal(job('award', { job: 'agora1job', to: 'agora1w', amount: '60' }), 'Award 60 base units of the job agora1job to agora1w');
  assert.equal(job('cancel', { job: 'agora1job' }), 'Cancel the job agora1job');
});

const FORM: OrgCreateForm = {
  name: '  Coop  of   drivers ', symbol: 'coop', tokenName: '', tokenDecimals: '2', members: 'agora1bob, agora1carol\nagora1erin', foundingReputation: '3000',
  evaluationWindow: '1 d', quorumPercent: '50', thresholdPercent: '60', tokenReward: '10', reputationReward: '300', evaluatorStakePercent: '10',
  feeAsset: 'agr', contributionFee: '50', halfLife: '90d', motionPeriod: '2 d', motionStake: '100', open: true,
};

test('the create form is the worked example’s charter (spec/org.md §3.1)', () => {
  const payload = orgCreatePayloadOf(FORM, 6);
  assert.deepEqual(payload, {
    name: 'Coop of drivers',
    token: { symbol: 'COOP', name: 'Coop of drivers', decimals: 2 },
    members: ['agora1bob', 'agora1carol', 'agora1erin'],
    foundingReputation: 3000n,
    charter: {
      evaluationWindowMs: DAY, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1000n, reputationReward: 300n, evaluatorStakePpm: 100_000,
      feeAsset: 'AGR', contributionFee: 50_000_000n, halfLifeMs: 90 * DAY, motionPeriodMs: 2 * DAY, motionStake: 100n, open: true,
    },
  });
  assert.equal(orgCreatePayloadOf({ ...FORM, evaluationWindow: '8s', contributionFee: '' }, 6).charter.evaluationWindowMs, 8_000);
  assert.equal(orgCreatePayloadOf({ ...FORM, contributionFee: '' }, 6).charter.contributionFee, 0n);
  assert.equal(orgCreatePayloadOf({ ...FORM, quorumPercent: '12.5' }, 6).charter.quorumPpm, 125_000);
  assert.throws(() => orgCreatePayloadOf({ ...FORM, quorumPercent: '101' }, 6), { code: 'bad_charter' });
  assert.throws(() => orgCreatePayloadOf({ ...FORM, name: ' ' }, 6), { code: 'missing_field' });
  assert.throws(() => orgCreatePayloadOf({ ...FORM, tokenReward: '1.005' }, 6), { code: 'bad_amount' });
  assert.throws(() => parseDuration('2 weeks', 'x'), { code: 'bad_shape' });
  assert.deepEqual([parseDuration('90s', 'x'), parseDuration('10 min', 'x'), parseDuration('2h', 'x')], [90_000, 600_000, 7_200_000]);
});

test('the sealed score round-trips through storage; anything else reads as none', () => {
  const salt = new Uint8Array(32).fill(7);
  assert.deepEqual(decodeSealed(encodeSealed({ value: 80, salt })), { value: 80, salt });
  assert.equal(encodeSealed({ value: 1, salt }), `{"value":1,"salt":"${toHex(salt)}"}`);
  for (const bad of [null, '', '{', '{"value":101,"salt":"' + toHex(salt) + '"}', '{"value":5,"salt":"ab"}', '{"salt":"' + toHex(salt) + '"}']) assert.equal(decodeSealed(bad), undefined, String(bad));
  assert.equal(sealedStorageKey('agora-dev', 'agora1org', 'contribution', 3, 'agora1me'), 'agora.org/agora-dev/agora1org/contribution/3/agora1me');
});

test('the org and the contribution id come from the committed events', () => {
  assert.equal(createdOrg([{ type: 'asset.created', attributes: {} }, { type: 'org.created', attributes: { org: 'agora1org' } }]), 'agora1org');
  assert.equal(contributionIdOf([{ type: 'org.contributed', attributes: { contribution: '4' } }]), 4);
  assert.equal(contributionIdOf([]), undefined);
});

test('every org refusal has words', () => {
  for (const code of ['bad_charter', 'unknown_org', 'not_a_member', 'own_contribution', 'window_open', 'window_closed', 'already_evaluated', 'no_reputation', 'reveal_mismatch', 'contribution_open', 'already_claimed', 'insufficient_reputation', 'motion_not_open', 'motion_not_voting', 'already_voted']) {
    assert.ok(ERROR_WORDS[code] !== undefined, code);
  }
});

test('the motion form as an action: pay and distribute in whole units, by reputation without `to`, to holders with it', () => {
  const form = (over: Partial<MotionForm>): MotionForm => ({ ...EMPTY_MOTION_FORM, ...over });
  const pay = form({ to: ' agora1dave ', amount: '20.5', asset: 'agr' });
  assert.equal(motionAssetOf(pay), 'AGR');
  assert.deepEqual(motionActionOf(pay, 6, 0), { type: 'pay', to: 'agora1dave', assets: [{ asset: 'AGR', amount: 20_500_000n }] });
  // spec/org.md §4.2.1: 300 AGR to holders; by reputation the field is absent (spec/decisions/0011).
  assert.deepEqual(motionActionOf(form({ kind: 'distribute', amount: '300', share: 'holders' }), 6, 0), { type: 'distribute', asset: 'AGR', amount: 300_000_000n, to: 'holders' });
  const byReputation = motionActionOf(form({ kind: 'distribute', amount: '300', to: 'agora1ignored' }), 6, 0);
  assert.deepEqual(byReputation, { type: 'distribute', asset: 'AGR', amount: 300_000_000n });
  assert.ok(!('to' in byReputation));
  assert.throws(() => motionActionOf(form({ kind: 'distribute', amount: '1.0000001' }), 6, 0), { code: 'bad_amount' });
  assert.throws(() => motionActionOf(form({ kind: 'distribute', amount: '' }), 6, 0), { code: 'missing_field' });
  assert.throws(() => motionActionOf(form({ kind: 'distribute', amount: '5', asset: 'NOPE' }), undefined, 0), { code: 'unknown_asset' });
  assert.throws(() => motionActionOf(form({ amount: '5' }), 6, 0), { code: 'missing_field' });
});

test('the motion form as an action: a registry the org curates, a role granted (with or without expiry) and revoked (spec/org.md §4.3)', () => {
  const form = (over: Partial<MotionForm>): MotionForm => ({ ...EMPTY_MOTION_FORM, amount: 'not read', asset: '', ...over });
  const role = { registry: ' coop-roles ', credentialType: 'approver ', to: 'agora1erin' };
  assert.equal(motionAssetOf(form({ kind: 'registry' })), undefined);
  assert.deepEqual(motionActionOf(form({ kind: 'registry', registry: ' coop-roles ' }), undefined, 0), { type: 'registry', name: 'coop-roles' });
  assert.deepEqual(motionActionOf(form({ kind: 'issue', ...role }), undefined, 0), { type: 'issue', credential: { registry: 'coop-roles', type: 'approver' }, to: 'agora1erin' });
  assert.deepEqual(motionActionOf(form({ kind: 'issue', ...role, validFor: '90 d' }), undefined, 1_000), { type: 'issue', credential: { registry: 'coop-roles', type: 'approver' }, to: 'agora1erin', expiresAtMs: 1_000 + 90 * DAY });
  assert.deepEqual(motionActionOf(form({ kind: 'revoke', ...role, validFor: '90 d' }), undefined, 0), { type: 'revoke', credential: { registry: 'coop-roles', type: 'approver' }, to: 'agora1erin' });
  assert.throws(() => motionActionOf(form({ kind: 'registry' }), undefined, 0), { code: 'missing_field' });
  assert.throws(() => motionActionOf(form({ kind: 'issue', ...role, credentialType: ' ' }), undefined, 0), { code: 'missing_field' });
  assert.throws(() => motionActionOf(form({ kind: 'revoke', ...role, to: '' }), undefined, 0), { code: 'missing_field' });
  assert.throws(() => motionActionOf(form({ kind: 'issue', ...role, validFor: 'a year' }), undefined, 0), { code: 'bad_shape' });
});

test('a key stands as a holder when it holds the token, has some locked or is owed a share', () => {
  const none = { locked: '0', owed: [] };
  const balances = [{ asset: 'AGR', amount: '5' }, { asset: 'COOP', amount: '650' }];
  assert.equal(holderStandingOf([{ asset: 'AGR', amount: '5' }], 'COOP', none), undefined);
  assert.deepEqual(holderStandingOf(balances, 'COOP', none), { balance: '650', locked: '0', owed: [] });
  assert.deepEqual(holderStandingOf([], 'COOP', { locked: '600', owed: [] }), { balance: '0', locked: '600', owed: [] });
  // Unlocked everything but its share is still there to claim (spec/org.md §4.2.1, step 6).
  assert.deepEqual(holderStandingOf([], 'COOP', { locked: '0', owed: [{ asset: 'AGR', amount: '180' }] }), { balance: '0', locked: '0', owed: [{ asset: 'AGR', amount: '180' }] });
});

test('every refusal of a holder’s tx and of the new motions has words', () => {
  for (const code of ['insufficient_locked', 'nothing_locked', 'nothing_due', 'insufficient_balance', 'insufficient_treasury', 'treasury_full', 'registry_exists', 'unknown_registry', 'not_authorised', 'deadline_passed', 'unknown_credential', 'credential_revoked', 'missing_field', 'unknown_asset', 'bad_amount']) {
    assert.ok(ERROR_WORDS[code] !== undefined, code);
  }
});
