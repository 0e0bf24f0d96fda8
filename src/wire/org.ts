import { PATHS } from './paths.ts';
import { ADDRESS, pageLimit } from './common.ts';
import { ORG_SCAN_MAX, PAGE_LIMIT_MAX } from './limits.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, describe, enumOf, hex, integer, jsonObject, nullable, object, string, type Static } from './schema.ts';

/**
 * The organisations' read routes (spec/api.md §4 "Organisations", spec/org.md): an org with its
 * charter, treasury, token, members by reputation and its open contributions and motions; the pages
 * of its members, contributions and motions; a contribution with its evaluations; a motion with its
 * votes; an address's memberships. Everything is read from the committed state; reputation is decayed
 * lazily to the latest block's step (spec/org.md §2) and phases are computed at the latest block time,
 * nothing written. Reputation and amounts are decimal strings. `:address` is only bounded here, so
 * that a malformed one gets `bad_address` from the query.
 *
 * This file must not import ./contracts.ts: that file imports ORG_CONTRACT from here for
 * GET /v1/contracts/:address, so the two clock/holding shapes below repeat its (identical) ones.
 */

// ---- request parts ------------------------------------------------------------------------------

export const ORG_PARAMS = object({ address: describe(ADDRESS, 'the org address, bech32m agora1… (else `bad_address`)') });
const NUMBER_PARAM = (what: string): ReturnType<typeof string> => string(`the ${what} number within its org, from 0`, { pattern: '^(0|[1-9][0-9]{0,8})$' });
export const ORG_CONTRIBUTION_PARAMS = object({ address: describe(ADDRESS, 'the org address'), id: NUMBER_PARAM('contribution') });
export const ORG_MOTION_PARAMS = object({ address: describe(ADDRESS, 'the org address'), id: NUMBER_PARAM('motion') });
export const ORG_ACCOUNT_PARAMS = object({ address: ADDRESS });
export const ORG_HOLDER_PARAMS = object({ address: describe(ADDRESS, 'the org address'), holder: describe(ADDRESS, 'the holder’s address, agora1… (else `bad_address`)') });

/** A number cursor: the `next` of the previous page (pages go newest first, by number). */
const NUMBER_CURSOR = string('cursor: the `next` of the previous page', { pattern: '^(0|[1-9][0-9]{0,8})$' });

export const ORG_MEMBERS_QUERY = object(
  { limit: pageLimit('members per page'), after: string('cursor: the `next` of the previous page, REPUTATION:ADDRESS', { minLength: 3, maxLength: 140 }) },
  ['limit', 'after'],
);
export const ORG_CONTRIBUTIONS_QUERY = object(
  { status: enumOf(['open', 'accepted', 'rejected', 'no_quorum'], 'only contributions of this status'), limit: pageLimit('contributions per page'), after: NUMBER_CURSOR },
  ['status', 'limit', 'after'],
);
export const ORG_MOTIONS_QUERY = object(
  { status: enumOf(['proposed', 'voting', 'passed', 'failed'], 'only motions of this status'), limit: pageLimit('motions per page'), after: NUMBER_CURSOR },
  ['status', 'limit', 'after'],
);
export const ORG_ACCOUNT_QUERY = object({ limit: pageLimit('memberships per page'), after: string('cursor: the `next` of the previous page, HEIGHT.INDEX', { pattern: '^[0-9]{1,15}\\.[0-9]{1,9}$' }) }, ['limit', 'after']);

// ---- answers ------------------------------------------------------------------------------------

/** The block whose time "now" means (as CONTRACT_CLOCK of ./contracts.ts). */
export const ORG_CLOCK = object({ height: integer('the latest committed block'), timeMs: integer('its block time: what "now" means') });
const ASSET_AMOUNTS = array(object({ asset: string(), amount: decimal('base units') }), { description: 'by symbol' });

export const ORG_CHARTER = object({
  evaluationWindowMs: integer('commits, then reveals, each last this long from a contribution'),
  quorumPpm: integer('revealed weight needed, parts per million of the base'),
  thresholdPpm: integer('up-weight needed, parts per million of the revealed weight'),
  tokenReward: decimal('org token base units per accepted contribution at score 100'),
  reputationReward: decimal('reputation per accepted contribution at score 100'),
  evaluatorStakePpm: integer('share of an evaluator’s reputation staked'),
  feeAsset: string(),
  contributionFee: decimal('base units of feeAsset'),
  halfLifeMs: integer('reputation halves every half-life (16 decay steps)'),
  motionPeriodMs: integer('objection period, then vote commits, then reveals, each this long'),
  motionStake: decimal('reputation staked to propose or to object'),
  open: boolean('anyone may join'),
  approver: describe(object({ registry: string('a registry the org curates'), type: string('the credential type') }), 'the approver role (spec/work.md §2.1): a holder of this credential signs job.approve and job.dispute for the org’s jobs'),
}, ['approver']);

/** An org as GET /v1/contracts/:address shows it (spec/org.md §1), reputation decayed to the latest block. */
export const ORG_CONTRACT = object({
  type: enumOf(['org']),
  address: string('the org address, agora1…'),
  createdAt: integer('height of org.create'),
  holds: describe(object({ assets: ASSET_AMOUNTS, items: array(string('item id')) }), 'what the address holds: its treasury and its dividend pots (spec/org.md §1)'),
  at: ORG_CLOCK,
  name: string(),
  creator: string(),
  token: string('the org token’s symbol (the org is its mint authority)'),
  charter: ORG_CHARTER,
  treasury: object({ assets: ASSET_AMOUNTS, items: array(string('item id')) }),
  pots: describe(ASSET_AMOUNTS, 'distributed by reputation and not yet withdrawn, per asset'),
  holders: describe(
    object({ locked: decimal('org token base units locked into the org by holders (spec/org.md §4.2)'), pots: describe(ASSET_AMOUNTS, 'distributed to holders and not yet withdrawn, per asset') }),
    'revenue shared with holders of the org token who locked it (spec/org.md §4.2)',
  ),
  reputation: decimal('the org’s total reputation decayed to the latest block’s step: the quorum base'),
  step: integer('the decay step of the latest block'),
  members: integer('how many members'),
  contributions: integer('how many contributions were submitted (numbered from 0)'),
  motions: integer('how many motions were proposed (numbered from 0)'),
  createdMs: integer(),
});

export const ORG_MEMBER = object({
  address: string(),
  reputation: decimal('decayed to the latest block’s step (staked reputation not included)'),
  joinedAt: integer('height'),
  owed: describe(ASSET_AMOUNTS, 'dividends due, settled lazily to now; org.withdraw pays them, capped by the pots'),
});

export const CONTRIBUTION_PHASE = enumOf(['committing', 'revealing', 'closable', 'accepted', 'rejected', 'no_quorum'], 'spec/org.md §3: commits until commitEndsMs, reveals until revealEndsMs, then anyone closes');

export const ORG_CONTRIBUTION = object({
  org: string(),
  id: integer(),
  contributor: string(),
  document: hex('SHA-256 of the contributed document', 32),
  description: string(),
  domain: nullable(string()),
  submittedMs: integer(),
  commitEndsMs: integer('submittedMs + evaluationWindowMs'),
  revealEndsMs: integer('submittedMs + 2 × evaluationWindowMs: org.close from then on'),
  base: decimal('the org’s total reputation at submission: the quorum base'),
  evaluations: integer('evaluations committed'),
  upWeight: decimal(),
  downWeight: decimal(),
  scoreSum: decimal(),
  status: enumOf(['open', 'accepted', 'rejected', 'no_quorum']),
  phase: CONTRIBUTION_PHASE,
  score: nullable(integer('once accepted: ⌊scoreSum / revealed weight⌋, the score the rewards follow')),
  pool: nullable(decimal('once closed: the stakes the agreeing side shares')),
  points: nullable(decimal('once closed: the agreeing side’s points')),
});

export const ORG_EVALUATION = object({
  evaluator: string(),
  order: integer('0 for the first: the earlier weighs more'),
  commitment: hex('the committed hash', 32),
  weight: decimal('the evaluator’s reputation when it committed'),
  stake: decimal(),
  score: nullable(integer('0…100 once revealed, else null')),
  claimed: boolean(),
});

export const ORG_CONTRIBUTION_DETAIL = object({ contribution: ORG_CONTRIBUTION, evaluations: array(ORG_EVALUATION, { description: 'by order, at most 32' }), at: ORG_CLOCK });

export const MOTION_PHASE = enumOf(
  ['objectable', 'passable', 'voting', 'revealing', 'decidable', 'passed', 'failed'],
  'spec/org.md §4: objectable until objectionEndsMs, then passable (org.execute); objected: voting until voteEndsMs, revealing until revealEndsMs, then decidable (org.execute)',
);

export const ORG_MOTION = object({
  org: string(),
  id: integer(),
  proposer: string(),
  action: jsonObject('the action run on pass (spec/org.md §4), by `type`; amounts as decimal strings, bytes as hex'),
  proposedMs: integer(),
  stake: decimal('reputation staked by the proposer (and as much by an objector)'),
  status: enumOf(['proposed', 'voting', 'passed', 'failed']),
  phase: MOTION_PHASE,
  objectionEndsMs: integer('proposedMs + motionPeriodMs'),
  objector: nullable(string()),
  objectedMs: nullable(integer()),
  voteEndsMs: nullable(integer('objectedMs + motionPeriodMs')),
  revealEndsMs: nullable(integer('objectedMs + 2 × motionPeriodMs: org.execute decides from then on')),
  base: nullable(decimal('the org’s total reputation at the objection: the quorum base of the vote')),
  yes: decimal('revealed yes weight'),
  no: decimal('revealed no weight'),
});

export const ORG_VOTE = object({ voter: string(), weight: decimal('the voter’s reputation when it committed'), vote: nullable(enumOf(['yes', 'no'], 'null until revealed')) });

export const ORG_MOTION_DETAIL = object({ motion: ORG_MOTION, votes: array(ORG_VOTE, { description: 'by voter address, at most 1024' }), at: ORG_CLOCK });

export const ORG_VIEW = object({
  org: ORG_CONTRACT,
  tokenSupply: decimal('the org token’s supply: minted by closes and mint motions'),
  tokenDecimals: integer(),
  members: array(ORG_MEMBER, { description: `the first members by reputation (then address), at most 20; the whole list is GET …/members` }),
  openContributions: array(ORG_CONTRIBUTION, { description: `contributions still open (status open), newest first: at most ${PAGE_LIMIT_MAX}, found among the newest ${ORG_SCAN_MAX} (GET …/contributions?status=open pages them all)` }),
  openMotions: array(ORG_MOTION, { description: `motions still undecided (proposed or voting), newest first: at most ${PAGE_LIMIT_MAX}, found among the newest ${ORG_SCAN_MAX}` }),
  at: ORG_CLOCK,
});

export const ORG_MEMBERS = object({ org: string(), members: array(ORG_MEMBER, { description: 'by reputation, highest first, then address' }), next: nullable(string('cursor for `after`')), at: ORG_CLOCK });
export const ORG_CONTRIBUTIONS = object({
  org: string(),
  contributions: array(ORG_CONTRIBUTION, { description: 'newest first' }),
  next: nullable(string(`cursor for \`after\`: each request visits at most ${ORG_SCAN_MAX} contributions, so a page may hold fewer than \`limit\` with a non-null \`next\``)),
  at: ORG_CLOCK,
});
export const ORG_MOTIONS = object({
  org: string(),
  motions: array(ORG_MOTION, { description: 'newest first' }),
  next: nullable(string(`cursor for \`after\`: each request visits at most ${ORG_SCAN_MAX} motions`)),
  at: ORG_CLOCK,
});

export const ORG_HOLDER = object({
  org: string(),
  holder: string(),
  locked: decimal('org token base units this holder has locked into the org (0 when none)'),
  owed: describe(ASSET_AMOUNTS, 'what it can claim with org.withdraw: distributions to holders settled lazily to now, each capped by the holders’ pot'),
  at: ORG_CLOCK,
});

export const ORG_MEMBERSHIP = object({ org: string(), name: string(), token: string(), reputation: decimal('decayed to the latest block'), joinedAt: integer() });
export const ACCOUNT_ORGS = object({
  address: string(),
  orgs: array(ORG_MEMBERSHIP, { description: 'orgs the address is a member of now, newest tx first' }),
  next: nullable(string('cursor for `after`: each request visits at most 1000 txs of the address')),
  at: ORG_CLOCK,
});

export type OrgCharterJson = Static<typeof ORG_CHARTER>;
export type OrgContractJson = Static<typeof ORG_CONTRACT>;
export type OrgMemberJson = Static<typeof ORG_MEMBER>;
export type ContributionPhaseJson = Static<typeof CONTRIBUTION_PHASE>;
export type OrgContributionJson = Static<typeof ORG_CONTRIBUTION>;
export type OrgEvaluationJson = Static<typeof ORG_EVALUATION>;
export type OrgContributionResponse = Static<typeof ORG_CONTRIBUTION_DETAIL>;
export type MotionPhaseJson = Static<typeof MOTION_PHASE>;
export type OrgMotionJson = Static<typeof ORG_MOTION>;
export type OrgVoteJson = Static<typeof ORG_VOTE>;
export type OrgMotionResponse = Static<typeof ORG_MOTION_DETAIL>;
export type OrgResponse = Static<typeof ORG_VIEW>;
export type OrgMembersResponse = Static<typeof ORG_MEMBERS>;
export type OrgContributionsResponse = Static<typeof ORG_CONTRIBUTIONS>;
export type OrgMotionsResponse = Static<typeof ORG_MOTIONS>;
export type OrgMembershipJson = Static<typeof ORG_MEMBERSHIP>;
export type OrgHolderResponse = Static<typeof ORG_HOLDER>;
export type AccountOrgsResponse = Static<typeof ACCOUNT_ORGS>;

// ---- routes -------------------------------------------------------------------------------------

export const ORG_ROUTES = {
  org: {
    ...PATHS.org,
    operationId: 'getOrg',
    summary: 'an organisation: charter, treasury, token, first members by reputation, open contributions and motions with their deadlines and phases (spec/org.md)',
    tag: 'orgs',
    params: ORG_PARAMS,
    responses: { 200: { description: 'the org', schema: ORG_VIEW }, 400: errorResponse('`bad_address`'), 404: errorResponse('`unknown_org`') },
  },
  orgMembers: {
    ...PATHS.orgMembers,
    operationId: 'getOrgMembers',
    summary: 'an org’s members by reputation (decayed to the latest block), highest first',
    tag: 'orgs',
    params: ORG_PARAMS,
    query: ORG_MEMBERS_QUERY,
    responses: { 200: { description: 'a page', schema: ORG_MEMBERS }, 400: errorResponse('`bad_address` or `bad_request`'), 404: errorResponse('`unknown_org`') },
  },
  orgContributions: {
    ...PATHS.orgContributions,
    operationId: 'getOrgContributions',
    summary: `an org’s contributions, newest first, each with its phase and deadlines; each request visits at most ${ORG_SCAN_MAX}`,
    tag: 'orgs',
    params: ORG_PARAMS,
    query: ORG_CONTRIBUTIONS_QUERY,
    responses: { 200: { description: 'a page', schema: ORG_CONTRIBUTIONS }, 400: errorResponse('`bad_address` or `bad_request`'), 404: errorResponse('`unknown_org`') },
  },
  orgContribution: {
    ...PATHS.orgContribution,
    operationId: 'getOrgContribution',
    summary: 'a contribution with its phase and its evaluations (scores shown once revealed)',
    tag: 'orgs',
    params: ORG_CONTRIBUTION_PARAMS,
    responses: { 200: { description: 'the contribution', schema: ORG_CONTRIBUTION_DETAIL }, 400: errorResponse('`bad_address` or `bad_request`'), 404: errorResponse('`unknown_org` or `unknown_contribution`') },
  },
  orgMotions: {
    ...PATHS.orgMotions,
    operationId: 'getOrgMotions',
    summary: `an org’s motions, newest first, each with its action, phase and deadlines; each request visits at most ${ORG_SCAN_MAX}`,
    tag: 'orgs',
    params: ORG_PARAMS,
    query: ORG_MOTIONS_QUERY,
    responses: { 200: { description: 'a page', schema: ORG_MOTIONS }, 400: errorResponse('`bad_address` or `bad_request`'), 404: errorResponse('`unknown_org`') },
  },
  orgMotion: {
    ...PATHS.orgMotion,
    operationId: 'getOrgMotion',
    summary: 'a motion with its action, stakes, phase and votes (values shown once revealed)',
    tag: 'orgs',
    params: ORG_MOTION_PARAMS,
    responses: { 200: { description: 'the motion', schema: ORG_MOTION_DETAIL }, 400: errorResponse('`bad_address` or `bad_request`'), 404: errorResponse('`unknown_org` or `unknown_motion`') },
  },
  orgHolder: {
    ...PATHS.orgHolder,
    operationId: 'getOrgHolder',
    summary: 'a holder’s org tokens locked into the org and what it can claim from distributions to holders (spec/org.md §4.2)',
    tag: 'orgs',
    params: ORG_HOLDER_PARAMS,
    responses: { 200: { description: 'the holder (locked 0 and nothing owed when it never locked)', schema: ORG_HOLDER }, 400: errorResponse('`bad_address`'), 404: errorResponse('`unknown_org`') },
  },
  accountOrgs: {
    ...PATHS.accountOrgs,
    operationId: 'getAccountOrgs',
    summary: 'the orgs an address is a member of, with its reputation in each, from the txs touching it (at most 1000 per request)',
    tag: 'orgs',
    params: ORG_ACCOUNT_PARAMS,
    query: ORG_ACCOUNT_QUERY,
    responses: { 200: { description: 'a page', schema: ACCOUNT_ORGS }, 400: errorResponse('`bad_address` or `bad_request`') },
  },
} satisfies { [name: string]: RouteSpec };
