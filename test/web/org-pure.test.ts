/**
 * The org parts of the web app that need no browser (web/src/org-view.ts): members by reputation, each contribution's and motion's phase with its deadline and actions, the
 * create form as a charter, the sealed score kept between commit and reveal, actions in words.
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
  membersByReputation,
  motionStep,
  orgCreatePayloadOf,
  parseDuration,
  ppmWords,
  sealedStorageKey,
  type OrgCreateForm,
} from '../../web/src/org-view.ts';

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
