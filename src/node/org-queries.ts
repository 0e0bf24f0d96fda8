import type {
  AccountOrgsResponse,
  ContributionPhaseJson,
  MotionPhaseJson,
  OrgContractJson,
  OrgContributionJson,
  OrgContributionResponse,
  OrgContributionsResponse,
  OrgHolderResponse,
  OrgMemberJson,
  OrgMembersResponse,
  OrgMembershipJson,
  OrgMotionJson,
  OrgMotionResponse,
  OrgMotionsResponse,
  OrgResponse,
} from '../wire/types.ts';
import type { ContractClock } from '../wire/types.ts';
import { toJson } from '../codec/json.ts';
import { toHex } from '../crypto/hash.ts';
import { getAsset } from '../ledger/accounts/balances.ts';
import { ORG_EVALUATIONS_MAX, ORG_MEMBERS_MAX } from '../ledger/limits.ts';
import { settleMember, settleOrg } from '../ledger/org/reputation.ts';
import { settleLock } from '../ledger/org/holders.ts';
import {
  decodeOrg,
  getContribution,
  getEvaluation,
  getLock,
  getMember,
  getMotion,
  getOrg,
  getVote,
  memberKey,
  orgOwed,
  type ContributionRecord,
  type MemberRecord,
  type MotionRecord,
  type OrgRecord,
} from '../ledger/org/state.ts';
import type { StateReader } from '../ledger/state.ts';
import type { CborMap } from '../codec/shape.ts';
import type { TxLocation } from '../store/chain-store.ts';
import type { ContractsStore } from './contracts-queries.ts';
import { NodeError } from './errors.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import { checkAddress } from './queries.ts';
import { CONTRACTS_SCAN_TXS_MAX, ORG_SCAN_MAX } from '../wire/limits.ts';

/**
 * The read side of the organisations (spec/org.md, spec/api.md §4 "Organisations"): plain synchronous
 * functions over the committed state, returning the JSON shapes of src/wire/org.ts. Reputation is
 * decayed and dividends settled lazily to the latest block's step with the ledger's own functions
 * (org/reputation.ts), and phases are computed at the latest block time: nothing is written, and no
 * query waits for consensus. Every read is bounded: an org has at most ORG_MEMBERS_MAX members, a
 * contribution ORG_EVALUATIONS_MAX evaluations, and a page of contributions or motions visits at most
 * ORG_SCAN_MAX records. Bad input throws NodeError with its code; a missing org, contribution or motion
 * is `undefined`, for the route's 404.
 */

/** Members, contributions and motions shown by GET /v1/orgs/:address beside the org. */
const ORG_VIEW_MEMBERS = 20;
/** Txs read from the address index per store call while scanning for memberships. */
const SCAN_CHUNK = 100;

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) throw new NodeError('bad_request', `limit: 1 to ${PAGE_LIMIT_MAX}`);
}

function checkNumber(text: string, what: string): number {
  if (!/^(0|[1-9][0-9]{0,8})$/.test(text)) throw new NodeError('bad_request', `${what}: a number from 0`);
  return Number(text);
}

const amounts = (map: Map<string, bigint>): { asset: string; amount: string }[] =>
  [...map].filter(([, v]) => v > 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([asset, amount]) => ({ asset, amount: amount.toString() }));

/** The org at `address` with its total decayed to `at`, or undefined. */
function loadOrg(store: StateReader, at: ContractClock, address: string): OrgRecord | undefined {
  checkAddress(address);
  const org = getOrg(store, address);
  return org === undefined ? undefined : settleOrg(org, Math.max(at.timeMs, org.createdMs));
}

export function orgToJson(address: string, org: OrgRecord, at: ContractClock): OrgContractJson {
  const owed = orgOwed(org);
  const c = org.charter;
  return {
    type: 'org',
    address,
    createdAt: org.createdAt,
    holds: { assets: amounts(owed.assets), items: owed.items },
    at,
    name: org.name,
    creator: org.creator,
    token: org.token,
    charter: {
      evaluationWindowMs: c.evaluationWindowMs, quorumPpm: c.quorumPpm, thresholdPpm: c.thresholdPpm,
      tokenReward: c.tokenReward.toString(), reputationReward: c.reputationReward.toString(), evaluatorStakePpm: c.evaluatorStakePpm,
      feeAsset: c.feeAsset, contributionFee: c.contributionFee.toString(), halfLifeMs: c.halfLifeMs, motionPeriodMs: c.motionPeriodMs,
      motionStake: c.motionStake.toString(), open: c.open,
      ...(c.approver === undefined ? {} : { approver: { registry: c.approver.registry, type: c.approver.type } }),
    },
    treasury: { assets: amounts(org.treasury.assets), items: [...org.treasury.items].sort() },
    pots: amounts(org.pots),
    holders: { locked: org.holders.locked.toString(), pots: amounts(org.holders.pots) },
    reputation: org.reputation.toString(),
    step: org.step,
    members: org.members,
    contributions: org.nextContribution,
    motions: org.nextMotion,
    createdMs: org.createdMs,
  };
}

/** GET /v1/contracts/:address for an org: its record with the total decayed to `at`. */
export function orgContractToJson(address: string, record: CborMap, at: ContractClock): OrgContractJson {
  const org = decodeOrg(record);
  return orgToJson(address, settleOrg(org, Math.max(at.timeMs, org.createdMs)), at);
}

function memberToJson(org: OrgRecord, address: string, stored: MemberRecord): OrgMemberJson {
  const member = settleMember(org, stored);
  return { address, reputation: member.reputation.toString(), joinedAt: member.joinedAt, owed: amounts(member.owed) };
}

/** Every member of the org (at most ORG_MEMBERS_MAX), by reputation now, highest first, then address. */
function membersByReputation(store: StateReader, orgAddress: string, org: OrgRecord): { address: string; json: OrgMemberJson; reputation: bigint }[] {
  const prefix = memberKey(orgAddress, '');
  const out = store.scanState(prefix, ORG_MEMBERS_MAX).map(({ key }) => {
    const address = key.slice(prefix.length);
    const stored = getMember(store, orgAddress, address);
    if (stored === undefined) throw new NodeError('internal', `member ${address} of ${orgAddress} vanished during the scan`);
    const json = memberToJson(org, address, stored);
    return { address, json, reputation: BigInt(json.reputation) };
  });
  return out.sort((a, b) => (a.reputation !== b.reputation ? (a.reputation > b.reputation ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

export function contributionPhase(org: OrgRecord, contribution: ContributionRecord, timeMs: number): ContributionPhaseJson {
  if (contribution.status !== 'open') return contribution.status;
  const window = org.charter.evaluationWindowMs;
  if (timeMs < contribution.submittedMs + window) return 'committing';
  return timeMs < contribution.submittedMs + 2 * window ? 'revealing' : 'closable';
}

function contributionToJson(orgAddress: string, org: OrgRecord, id: number, contribution: ContributionRecord, at: ContractClock): OrgContributionJson {
  const window = org.charter.evaluationWindowMs;
  const revealed = contribution.upWeight + contribution.downWeight;
  return {
    org: orgAddress,
    id,
    contributor: contribution.contributor,
    document: toHex(contribution.document),
    description: contribution.description,
    domain: contribution.domain ?? null,
    submittedMs: contribution.submittedMs,
    commitEndsMs: contribution.submittedMs + window,
    revealEndsMs: contribution.submittedMs + 2 * window,
    base: contribution.base.toString(),
    evaluations: contribution.evaluations,
    upWeight: contribution.upWeight.toString(),
    downWeight: contribution.downWeight.toString(),
    scoreSum: contribution.scoreSum.toString(),
    status: contribution.status,
    phase: contributionPhase(org, contribution, at.timeMs),
    score: contribution.status === 'accepted' && revealed > 0n ? Number(contribution.scoreSum / revealed) : null,
    pool: contribution.pool === undefined ? null : contribution.pool.toString(),
    points: contribution.points === undefined ? null : contribution.points.toString(),
  };
}

export function motionPhase(org: OrgRecord, motion: MotionRecord, timeMs: number): MotionPhaseJson {
  if (motion.status === 'passed' || motion.status === 'failed') return motion.status;
  const period = org.charter.motionPeriodMs;
  if (motion.status === 'proposed') return timeMs < motion.proposedMs + period ? 'objectable' : 'passable';
  const objectedMs = motion.objectedMs ?? motion.proposedMs;
  if (timeMs < objectedMs + period) return 'voting';
  return timeMs < objectedMs + 2 * period ? 'revealing' : 'decidable';
}

function motionToJson(orgAddress: string, org: OrgRecord, id: number, motion: MotionRecord, at: ContractClock): OrgMotionJson {
  const period = org.charter.motionPeriodMs;
  const action = toJson(motion.action);
  if (action === null || typeof action !== 'object' || Array.isArray(action)) throw new NodeError('internal', `motion ${id} of ${orgAddress} has no action`);
  return {
    org: orgAddress,
    id,
    proposer: motion.proposer,
    action,
    proposedMs: motion.proposedMs,
    stake: motion.stake.toString(),
    status: motion.status,
    phase: motionPhase(org, motion, at.timeMs),
    objectionEndsMs: motion.proposedMs + period,
    objector: motion.objector ?? null,
    objectedMs: motion.objectedMs ?? null,
    voteEndsMs: motion.objectedMs === undefined ? null : motion.objectedMs + period,
    revealEndsMs: motion.objectedMs === undefined ? null : motion.objectedMs + 2 * period,
    base: motion.base === undefined ? null : motion.base.toString(),
    yes: motion.yes.toString(),
    no: motion.no.toString(),
  };
}

/**
 * Records numbered below `next`, newest first, from `after` (exclusive) down: those `keep` accepts, at
 * most `limit`, visiting at most ORG_SCAN_MAX numbers. `next` of the answer: the last number visited,
 * or null when number 0 was reached.
 */
function pageByNumber<R, J>(total: number, limit: number, after: string | undefined, read: (id: number) => R | undefined, keep: (record: R) => boolean, json: (id: number, record: R) => J): { items: J[]; next: string | null } {
  checkLimit(limit);
  const start = after === undefined ? total : Math.min(checkNumber(after, 'after'), total);
  const items: J[] = [];
  let id = start - 1;
  let visited = 0;
  for (; id >= 0 && visited < ORG_SCAN_MAX && items.length < limit; id -= 1, visited += 1) {
    const record = read(id);
    if (record === undefined) throw new NodeError('internal', `record ${id} of ${total} is missing`);
    if (keep(record)) items.push(json(id, record));
  }
  return { items, next: id >= 0 ? String(id + 1) : null };
}

/** An org with its first members by reputation and its open contributions and motions (spec/org.md). */
export function queryOrg(store: StateReader, at: ContractClock, address: string): OrgResponse | undefined {
  const org = loadOrg(store, at, address);
  if (org === undefined) return undefined;
  const token = getAsset(store, org.token);
  if (token === undefined) throw new NodeError('internal', `org ${address} has no token ${org.token}`);
  const contributions = pageByNumber(org.nextContribution, PAGE_LIMIT_MAX, undefined, (id) => getContribution(store, address, id), (c) => c.status === 'open', (id, c) => contributionToJson(address, org, id, c, at));
  const motions = pageByNumber(org.nextMotion, PAGE_LIMIT_MAX, undefined, (id) => getMotion(store, address, id), (m) => m.status === 'proposed' || m.status === 'voting', (id, m) => motionToJson(address, org, id, m, at));
  return {
    org: orgToJson(address, org, at),
    tokenSupply: token.supply.toString(),
    tokenDecimals: token.decimals,
    members: membersByReputation(store, address, org).slice(0, ORG_VIEW_MEMBERS).map((m) => m.json),
    openContributions: contributions.items,
    openMotions: motions.items,
    at,
  };
}

/** The org's members by reputation now; `after` is the `REPUTATION:ADDRESS` of the last one of the previous page. */
export function queryOrgMembers(store: StateReader, at: ContractClock, address: string, limit: number, after?: string): OrgMembersResponse | undefined {
  checkLimit(limit);
  let cursor: { reputation: bigint; address: string } | undefined;
  if (after !== undefined) {
    const match = /^(0|[1-9][0-9]{0,38}):(agora1[a-z0-9]{1,90})$/.exec(after);
    if (match === null) throw new NodeError('bad_request', 'after: expected REPUTATION:ADDRESS, the `next` of the previous page');
    cursor = { reputation: BigInt(match[1]), address: match[2] };
  }
  const org = loadOrg(store, at, address);
  if (org === undefined) return undefined;
  const all = membersByReputation(store, address, org);
  const past = cursor === undefined ? all : all.filter((m) => m.reputation < cursor.reputation || (m.reputation === cursor.reputation && m.address > cursor.address));
  const members = past.slice(0, limit);
  const last = members[members.length - 1];
  return { org: address, members: members.map((m) => m.json), next: past.length > limit && last !== undefined ? `${last.reputation}:${last.address}` : null, at };
}

export function queryOrgContributions(store: StateReader, at: ContractClock, address: string, status: OrgContributionJson['status'] | undefined, limit: number, after?: string): OrgContributionsResponse | undefined {
  checkLimit(limit);
  const org = loadOrg(store, at, address);
  if (org === undefined) return undefined;
  const page = pageByNumber(org.nextContribution, limit, after, (id) => getContribution(store, address, id), (c) => status === undefined || c.status === status, (id, c) => contributionToJson(address, org, id, c, at));
  return { org: address, contributions: page.items, next: page.next, at };
}

export function queryOrgMotions(store: StateReader, at: ContractClock, address: string, status: OrgMotionJson['status'] | undefined, limit: number, after?: string): OrgMotionsResponse | undefined {
  checkLimit(limit);
  const org = loadOrg(store, at, address);
  if (org === undefined) return undefined;
  const page = pageByNumber(org.nextMotion, limit, after, (id) => getMotion(store, address, id), (m) => status === undefined || m.status === status, (id, m) => motionToJson(address, org, id, m, at));
  return { org: address, motions: page.items, next: page.next, at };
}

/** A contribution and its evaluations; `unknown_org` / `unknown_contribution` as the code of what is missing. */
export function queryOrgContribution(store: StateReader, at: ContractClock, address: string, idText: string): OrgContributionResponse | { missing: 'unknown_org' | 'unknown_contribution' } {
  const id = checkNumber(idText, 'contribution');
  const org = loadOrg(store, at, address);
  if (org === undefined) return { missing: 'unknown_org' };
  const contribution = getContribution(store, address, id);
  if (contribution === undefined) return { missing: 'unknown_contribution' };
  const prefix = `orgeval/${address}/${id}/`;
  const evaluations = store.scanState(prefix, ORG_EVALUATIONS_MAX).map(({ key }) => {
    const evaluator = key.slice(prefix.length);
    const evaluation = getEvaluation(store, address, id, evaluator);
    if (evaluation === undefined) throw new NodeError('internal', `evaluation ${key} vanished during the scan`);
    return {
      evaluator, order: evaluation.order, commitment: toHex(evaluation.commitment), weight: evaluation.weight.toString(), stake: evaluation.stake.toString(),
      score: evaluation.score ?? null, claimed: evaluation.claimed,
    };
  });
  evaluations.sort((a, b) => a.order - b.order);
  return { contribution: contributionToJson(address, org, id, contribution, at), evaluations, at };
}

/** A motion and its votes (at most one per member). */
export function queryOrgMotion(store: StateReader, at: ContractClock, address: string, idText: string): OrgMotionResponse | { missing: 'unknown_org' | 'unknown_motion' } {
  const id = checkNumber(idText, 'motion');
  const org = loadOrg(store, at, address);
  if (org === undefined) return { missing: 'unknown_org' };
  const motion = getMotion(store, address, id);
  if (motion === undefined) return { missing: 'unknown_motion' };
  const prefix = `orgvote/${address}/${id}/`;
  const votes = store.scanState(prefix, ORG_MEMBERS_MAX).map(({ key }) => {
    const voter = key.slice(prefix.length);
    const vote = getVote(store, address, id, voter);
    if (vote === undefined) throw new NodeError('internal', `vote ${key} vanished during the scan`);
    return { voter, weight: vote.weight.toString(), vote: vote.value === undefined ? null : vote.value === 1 ? ('yes' as const) : ('no' as const) };
  });
  return { motion: motionToJson(address, org, id, motion, at), votes, at };
}

/** A holder's lock (spec/org.md §4.2) settled to now, nothing written; locked 0 and nothing owed when it has none. */
export function queryOrgHolder(store: StateReader, at: ContractClock, address: string, holder: string): OrgHolderResponse | undefined {
  checkAddress(holder);
  const org = loadOrg(store, at, address);
  if (org === undefined) return undefined;
  const stored = getLock(store, address, holder);
  const lock = stored === undefined ? undefined : settleLock(org, stored);
  // What org.withdraw would pay: each asset capped by the holders' pot.
  const owed = new Map([...(lock?.owed ?? new Map<string, bigint>())].map(([asset, due]) => {
    const pot = org.holders.pots.get(asset) ?? 0n;
    return [asset, due < pot ? due : pot];
  }));
  return { org: address, holder, locked: (lock?.amount ?? 0n).toString(), owed: amounts(owed), at };
}

function parseAfter(after: string | undefined): TxLocation | undefined {
  if (after === undefined) return undefined;
  const match = /^([0-9]{1,15})\.([0-9]{1,9})$/.exec(after);
  if (match === null) throw new NodeError('bad_request', 'after: expected HEIGHT.INDEX, the `next` of the previous page');
  return { height: Number(match[1]), index: Number(match[2]) };
}

/**
 * The orgs `address` is a member of now, found from the txs touching it (their receipts' `org.*`
 * events name the org; founding, joining and a `member` motion all touch the member), newest first;
 * each request visits at most CONTRACTS_SCAN_TXS_MAX txs, so follow `next` until null.
 */
export function queryAccountOrgs(store: ContractsStore, at: ContractClock, address: string, limit: number, after?: string): AccountOrgsResponse {
  checkAddress(address);
  checkLimit(limit);
  let cursor = parseAfter(after);
  const seen = new Set<string>();
  const orgs: OrgMembershipJson[] = [];
  let visited = 0;
  let last: TxLocation | undefined;
  while (visited < CONTRACTS_SCAN_TXS_MAX && orgs.length < limit) {
    const wanted = Math.min(SCAN_CHUNK, CONTRACTS_SCAN_TXS_MAX - visited);
    const txs = store.txsOfAddress(address, wanted, cursor);
    for (const tx of txs) {
      const receipt = store.getReceipt(tx.id);
      if (receipt === undefined) throw new NodeError('internal', `tx ${tx.id} is indexed for ${address} but has no receipt`);
      for (const event of receipt.events) {
        const orgAddress = event.type.startsWith('org.') ? event.attributes.org : undefined;
        if (orgAddress === undefined || seen.has(orgAddress)) continue;
        seen.add(orgAddress);
        const org = loadOrg(store, at, orgAddress);
        const member = org === undefined ? undefined : getMember(store, orgAddress, address);
        if (org === undefined || member === undefined) continue;
        orgs.push({ org: orgAddress, name: org.name, token: org.token, reputation: settleMember(org, member).reputation.toString(), joinedAt: member.joinedAt });
      }
      visited += 1;
      last = { height: tx.height, index: tx.index };
      if (orgs.length >= limit) break;
    }
    if (txs.length < wanted) return { address, orgs, next: orgs.length >= limit && last !== undefined ? `${last.height}.${last.index}` : null, at };
    cursor = last;
  }
  return { address, orgs, next: last === undefined ? null : `${last.height}.${last.index}`, at };
}
