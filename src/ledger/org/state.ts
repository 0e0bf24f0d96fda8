import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBool, readBytes, readMap, readSmallUint, readString, readUint, type CborMap } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { AMOUNT_MAX, HEIGHT_MAX, TIME_MS_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import { decodeAction, decodeCharter, encodeCharter } from './decode.ts';
import type { Charter, OrgAction } from './types.ts';
import { encodeHolding } from '../contracts/payload-fields.ts';

/**
 * The org module's state (spec/org.md §1): the org at `contract/<org>`, and beside it its members,
 * contributions, evaluations, motions and votes, each under its own key so that no tx reads more
 * than the few records it changes.
 */

export interface OrgRecord {
  type: 'org';
  name: string;
  creator: string;
  token: string;
  charter: Charter;
  /** What the org's address holds: per asset (symbol order), and its items (sorted). */
  treasury: { assets: Map<string, bigint>; items: string[] };
  /** Per distributed asset: Σ amount × 2^ACC_SHIFT / normalised total reputation (org/dividends.ts). */
  accs: Map<string, bigint>;
  /** Per asset: distributed and not yet withdrawn; held by the org beside its treasury. */
  pots: Map<string, bigint>;
  /** The org tokens locked into the org by holders, and what is shared by them (org/holders.ts). */
  holders: HolderPool;
  /** The total reputation of the org at decay step `step` (the quorum base). */
  reputation: bigint;
  step: number;
  members: number;
  nextContribution: number;
  nextMotion: number;
  createdMs: number;
  createdAt: number;
}

export interface MemberRecord {
  reputation: bigint;
  step: number;
  joinedAt: number;
  /** Per distributed asset: the org's accumulator when this member's dividends were last settled (org/dividends.ts). */
  debts: Map<string, bigint>;
  /** Per asset: dividends settled and not yet withdrawn. */
  owed: Map<string, bigint>;
}

/** Revenue shared by the org tokens locked into the org (spec/org.md §4.2). */
export interface HolderPool {
  /** Org tokens locked by holders: held by the org's address beside its treasury. */
  locked: bigint;
  /** Per distributed asset: Σ amount × 2^ACC_SHIFT / locked at each distribution to holders. */
  accs: Map<string, bigint>;
  /** Per asset: distributed to holders and not yet withdrawn. */
  pots: Map<string, bigint>;
}

export const NO_HOLDERS: HolderPool = Object.freeze({ locked: 0n, accs: new Map<string, bigint>(), pots: new Map<string, bigint>() }) as HolderPool;

/** A holder's lock in one org (spec/org.md §4.2), at `orglock/<org>/<holder>`. */
export interface LockRecord {
  /** Org tokens this holder has locked. */
  amount: bigint;
  /** Per asset: the holders' accumulator when this lock was last settled. */
  debts: Map<string, bigint>;
  /** Per asset: settled and not yet withdrawn. */
  owed: Map<string, bigint>;
}

export type ContributionStatus = 'open' | 'accepted' | 'rejected' | 'no_quorum';

export interface ContributionRecord {
  contributor: string;
  document: Uint8Array;
  description: string;
  domain?: string;
  submittedMs: number;
  /** The org's total reputation at submission: the quorum base. */
  base: bigint;
  evaluations: number;
  upWeight: bigint;
  downWeight: bigint;
  scoreSum: bigint;
  upPoints: bigint;
  downPoints: bigint;
  upStake: bigint;
  downStake: bigint;
  committedStake: bigint;
  status: ContributionStatus;
  /** Set by the close: the stakes the agreeing side shares, and its points. */
  pool?: bigint;
  points?: bigint;
}

export interface EvaluationRecord {
  commitment: Uint8Array;
  weight: bigint;
  stake: bigint;
  order: number;
  score?: number;
  claimed: boolean;
}

export type MotionStatus = 'proposed' | 'voting' | 'passed' | 'failed';

export interface MotionRecord {
  proposer: string;
  action: OrgAction;
  proposedMs: number;
  stake: bigint;
  status: MotionStatus;
  objector?: string;
  objectedMs?: number;
  base?: bigint;
  yes: bigint;
  no: bigint;
}

export interface VoteRecord {
  commitment: Uint8Array;
  weight: bigint;
  value?: number;
}

export const memberKey = (org: string, address: string): string => `orgmember/${org}/${address}`;
export const contributionKey = (org: string, id: number): string => `orgcontrib/${org}/${id}`;
export const evaluationKey = (org: string, id: number, evaluator: string): string => `orgeval/${org}/${id}/${evaluator}`;
export const motionKey = (org: string, id: number): string => `orgmotion/${org}/${id}`;
export const voteKey = (org: string, id: number, voter: string): string => `orgvote/${org}/${id}/${voter}`;
export const lockKey = (org: string, holder: string): string => `orglock/${org}/${holder}`;

const amount = (v: CborValue | undefined, path: string): bigint => readUint(v, path, AMOUNT_MAX);
const time = (v: CborValue | undefined, path: string): number => readSmallUint(v, path, TIME_MS_MAX);
const count = (v: CborValue | undefined, path: string): number => readSmallUint(v, path, HEIGHT_MAX);
const present = (map: { [key: string]: CborValue | undefined }): CborMap => Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as CborMap;

// Maps of asset → amount (≤ 2^128 − 1) and asset → accumulator (unbounded: decimal text), as arrays in symbol order.
const bySymbol = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const encodeAmountMap = (map: Map<string, bigint>): CborValue => bySymbol(map).filter(([, v]) => v > 0n).map(([asset, value]) => ({ asset, amount: value }));
const encodeTextMap = (map: Map<string, bigint>): CborValue => bySymbol(map).map(([asset, value]) => ({ asset, value: value.toString() }));

function decodeAmountMap(value: CborValue | undefined, path: string): Map<string, bigint> {
  return new Map(readArray(value, path, 0, 1024).map((entry) => {
    const fields = readMap(entry, `${path}[]`, ['asset', 'amount']);
    return [readString(fields.asset, `${path}[].asset`, 12), amount(fields.amount, `${path}[].amount`)];
  }));
}

function decodeTextMap(value: CborValue | undefined, path: string): Map<string, bigint> {
  return new Map(readArray(value, path, 0, 1024).map((entry) => {
    const fields = readMap(entry, `${path}[]`, ['asset', 'value']);
    const text = readString(fields.value, `${path}[].value`, 200);
    invariant(/^(0|[1-9][0-9]*)$/.test(text), `${path}: "${text}" is not a decimal`);
    return [readString(fields.asset, `${path}[].asset`, 12), BigInt(text)];
  }));
}

// -- the org

const ORG_FIELDS = ['type', 'name', 'creator', 'token', 'charter', 'treasury', 'accs', 'pots', 'holders', 'reputation', 'step', 'members', 'nextContribution', 'nextMotion', 'createdMs', 'createdAt'];

/** Whether anything was ever locked or shared by holders: until then the record has no `holders` field. */
const hasHolders = (holders: HolderPool): boolean => holders.locked > 0n || holders.accs.size > 0 || [...holders.pots.values()].some((v) => v > 0n);

export function encodeOrg(org: OrgRecord): CborMap & { type: 'org' } {
  const { holders, ...rest } = org;
  const encoded: CborMap & { type: 'org' } = {
    ...rest,
    charter: encodeCharter(org.charter),
    treasury: { assets: [...org.treasury.assets].map(([asset, held]) => ({ asset, amount: held })), items: [...org.treasury.items] },
    accs: encodeTextMap(org.accs),
    pots: encodeAmountMap(org.pots),
  };
  // Absent until a holder locks: an org that never shared by holders encodes as it did before (spec/org.md §1).
  if (hasHolders(holders)) encoded.holders = { locked: holders.locked, accs: encodeTextMap(holders.accs), pots: encodeAmountMap(holders.pots) };
  return encoded;
}

function decodeHolders(value: CborValue | undefined): HolderPool {
  if (value === undefined) return NO_HOLDERS;
  const map = readMap(value, 'org.holders', ['locked', 'accs', 'pots']);
  return { locked: amount(map.locked, 'org.holders.locked'), accs: decodeTextMap(map.accs, 'org.holders.accs'), pots: decodeAmountMap(map.pots, 'org.holders.pots') };
}

export function decodeOrg(value: CborValue): OrgRecord {
  const map = readMap(value, 'org', ORG_FIELDS);
  invariant(map.type === 'org', `contract record of type ${String(map.type)} read as an org`);
  const treasury = readMap(map.treasury, 'org.treasury', ['assets', 'items']);
  const assets = new Map<string, bigint>();
  for (const entry of readArray(treasury.assets, 'org.treasury.assets', 0, 1024)) {
    const fields = readMap(entry, 'org.treasury.assets[]', ['asset', 'amount']);
    assets.set(readString(fields.asset, 'asset', 12), amount(fields.amount, 'amount'));
  }
  return {
    type: 'org',
    name: readString(map.name, 'org.name', 64),
    creator: readString(map.creator, 'org.creator', 90),
    token: readString(map.token, 'org.token', 12),
    charter: decodeCharter(map.charter, 'org.charter'),
    treasury: { assets, items: readArray(treasury.items, 'org.treasury.items', 0, 1024).map((id) => readString(id, 'item', 90)) },
    accs: decodeTextMap(map.accs, 'org.accs'),
    pots: decodeAmountMap(map.pots, 'org.pots'),
    holders: decodeHolders(map.holders),
    reputation: amount(map.reputation, 'org.reputation'),
    step: count(map.step, 'org.step'),
    members: count(map.members, 'org.members'),
    nextContribution: count(map.nextContribution, 'org.nextContribution'),
    nextMotion: count(map.nextMotion, 'org.nextMotion'),
    createdMs: time(map.createdMs, 'org.createdMs'),
    createdAt: count(map.createdAt, 'org.createdAt'),
  };
}

export function getOrg(view: StateReader, address: string): OrgRecord | undefined {
  const found = getContractRecord(view, address);
  return found === undefined || found.type !== 'org' ? undefined : decodeOrg(found.record);
}

export function putOrg(view: Overlay, address: string, org: OrgRecord): void {
  const assets = new Map([...org.treasury.assets].filter(([, held]) => held > 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  putContractRecord(view, address, encodeOrg({ ...org, treasury: { assets, items: [...org.treasury.items].sort() } }));
}

// -- members

export function getMember(view: StateReader, org: string, address: string): MemberRecord | undefined {
  const value = getStateValue(view, memberKey(org, address));
  if (value === undefined) return undefined;
  const map = readMap(value, 'member', ['reputation', 'step', 'joinedAt', 'debts', 'owed']);
  return {
    reputation: amount(map.reputation, 'member.reputation'),
    step: count(map.step, 'member.step'),
    joinedAt: count(map.joinedAt, 'member.joinedAt'),
    debts: decodeTextMap(map.debts, 'member.debts'),
    owed: decodeAmountMap(map.owed, 'member.owed'),
  };
}

export function putMember(view: Overlay, org: string, address: string, member: MemberRecord): void {
  putStateValue(view, memberKey(org, address), { ...member, debts: encodeTextMap(member.debts), owed: encodeAmountMap(member.owed) });
}

// -- locks of org tokens (spec/org.md §4.2)

export function getLock(view: StateReader, org: string, holder: string): LockRecord | undefined {
  const value = getStateValue(view, lockKey(org, holder));
  if (value === undefined) return undefined;
  const map = readMap(value, 'lock', ['amount', 'debts', 'owed']);
  return { amount: amount(map.amount, 'lock.amount'), debts: decodeTextMap(map.debts, 'lock.debts'), owed: decodeAmountMap(map.owed, 'lock.owed') };
}

/** Writes the lock, or deletes it when nothing is locked and nothing owed (no record is kept for nothing). */
export function putLock(view: Overlay, org: string, holder: string, lock: LockRecord): void {
  if (lock.amount === 0n && ![...lock.owed.values()].some((v) => v > 0n)) {
    if (view.get(lockKey(org, holder)) !== undefined) view.delete(lockKey(org, holder));
    return;
  }
  putStateValue(view, lockKey(org, holder), { amount: lock.amount, debts: encodeTextMap(lock.debts), owed: encodeAmountMap(lock.owed) });
}

// -- contributions and evaluations

const CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['open', 'accepted', 'rejected', 'no_quorum'];
const CONTRIBUTION_AMOUNTS = ['base', 'upWeight', 'downWeight', 'scoreSum', 'upPoints', 'downPoints', 'upStake', 'downStake', 'committedStake'] as const;

export function getContribution(view: StateReader, org: string, id: number): ContributionRecord | undefined {
  const value = getStateValue(view, contributionKey(org, id));
  if (value === undefined) return undefined;
  const map = readMap(value, 'contribution', ['contributor', 'document', 'description', 'domain', 'submittedMs', 'evaluations', 'status', 'pool', 'points', ...CONTRIBUTION_AMOUNTS]);
  const status = readString(map.status, 'contribution.status', 16) as ContributionStatus;
  invariant(CONTRIBUTION_STATUSES.includes(status), `contribution status ${status}`);
  const amounts = Object.fromEntries(CONTRIBUTION_AMOUNTS.map((f) => [f, amount(map[f], `contribution.${f}`)])) as { [F in (typeof CONTRIBUTION_AMOUNTS)[number]]: bigint };
  return {
    contributor: readString(map.contributor, 'contribution.contributor', 90),
    document: readBytes(map.document, 'contribution.document', 32),
    description: readString(map.description, 'contribution.description', 1024),
    domain: optional(map.domain, (v) => readString(v, 'contribution.domain', 64)),
    submittedMs: time(map.submittedMs, 'contribution.submittedMs'),
    evaluations: count(map.evaluations, 'contribution.evaluations'),
    status,
    pool: optional(map.pool, (v) => amount(v, 'contribution.pool')),
    points: optional(map.points, (v) => amount(v, 'contribution.points')),
    ...amounts,
  };
}

export function putContribution(view: Overlay, org: string, id: number, contribution: ContributionRecord): void {
  putStateValue(view, contributionKey(org, id), present({ ...contribution }));
}

export function getEvaluation(view: StateReader, org: string, id: number, evaluator: string): EvaluationRecord | undefined {
  const value = getStateValue(view, evaluationKey(org, id, evaluator));
  if (value === undefined) return undefined;
  const map = readMap(value, 'evaluation', ['commitment', 'weight', 'stake', 'order', 'score', 'claimed']);
  return {
    commitment: readBytes(map.commitment, 'evaluation.commitment', 32),
    weight: amount(map.weight, 'evaluation.weight'),
    stake: amount(map.stake, 'evaluation.stake'),
    order: count(map.order, 'evaluation.order'),
    score: optional(map.score, (v) => readSmallUint(v, 'evaluation.score', 100)),
    claimed: readBool(map.claimed, 'evaluation.claimed'),
  };
}

export function putEvaluation(view: Overlay, org: string, id: number, evaluator: string, evaluation: EvaluationRecord): void {
  putStateValue(view, evaluationKey(org, id, evaluator), present({ ...evaluation }));
}

// -- motions and votes

const MOTION_STATUSES: readonly MotionStatus[] = ['proposed', 'voting', 'passed', 'failed'];

export function getMotion(view: StateReader, org: string, id: number): MotionRecord | undefined {
  const value = getStateValue(view, motionKey(org, id));
  if (value === undefined) return undefined;
  const map = readMap(value, 'motion', ['proposer', 'action', 'proposedMs', 'stake', 'status', 'objector', 'objectedMs', 'base', 'yes', 'no']);
  const status = readString(map.status, 'motion.status', 16) as MotionStatus;
  invariant(MOTION_STATUSES.includes(status), `motion status ${status}`);
  return {
    proposer: readString(map.proposer, 'motion.proposer', 90),
    action: decodeAction(map.action),
    proposedMs: time(map.proposedMs, 'motion.proposedMs'),
    stake: amount(map.stake, 'motion.stake'),
    status,
    objector: optional(map.objector, (v) => readString(v, 'motion.objector', 90)),
    objectedMs: optional(map.objectedMs, (v) => time(v, 'motion.objectedMs')),
    base: optional(map.base, (v) => amount(v, 'motion.base')),
    yes: amount(map.yes, 'motion.yes'),
    no: amount(map.no, 'motion.no'),
  };
}

export function encodeAction(action: OrgAction): CborMap {
  if (action.type === 'charter') return { type: 'charter', charter: encodeCharter(action.charter) };
  if (action.type === 'stream') return { ...action };
  if (action.type === 'escrow') {
    const { arbiterFee, tranches, ...rest } = action;
    return present({ ...rest, tranches: tranches.map(encodeHolding), arbiterFee: arbiterFee === undefined ? undefined : { ...arbiterFee } });
  }
  // work (spec/work.md): the job payload is plain CBOR data (bytes, bigints, maps of them, nothing undefined).
  if (action.type === 'job') return { type: 'job', kind: action.kind, payload: action.payload as unknown as CborMap };
  if (action.type === 'issue' || action.type === 'revoke') return present({ ...action, credential: { registry: action.credential.registry, type: action.credential.type } });
  if (action.type === 'split') return { type: 'split', members: action.members.map((m) => ({ ...m })), asset: action.asset, amount: action.amount };
  if (action.type === 'pay') return present({ type: 'pay', to: action.to, assets: action.assets?.map((a) => ({ ...a })), items: action.items === undefined ? undefined : [...action.items] });
  return { ...action };
}

export function putMotion(view: Overlay, org: string, id: number, motion: MotionRecord): void {
  putStateValue(view, motionKey(org, id), present({ ...motion, action: encodeAction(motion.action) }));
}

export function getVote(view: StateReader, org: string, id: number, voter: string): VoteRecord | undefined {
  const value = getStateValue(view, voteKey(org, id, voter));
  if (value === undefined) return undefined;
  const map = readMap(value, 'vote', ['commitment', 'weight', 'value']);
  return { commitment: readBytes(map.commitment, 'vote.commitment', 32), weight: amount(map.weight, 'vote.weight'), value: optional(map.value, (v) => readSmallUint(v, 'vote.value', 1)) };
}

export function putVote(view: Overlay, org: string, id: number, voter: string, vote: VoteRecord): void {
  putStateValue(view, voteKey(org, id, voter), present({ ...vote }));
}

/**
 * What the org's address must hold (contracts/owed.ts; spec/org.md §1): exactly its treasury, its
 * dividend pots (by reputation and by holders) and the org tokens locked into it.
 */
export function orgOwed(org: OrgRecord): { assets: Map<string, bigint>; items: string[] } {
  const assets = new Map(org.treasury.assets);
  for (const [asset, pot] of [...org.pots, ...org.holders.pots]) assets.set(asset, (assets.get(asset) ?? 0n) + pot);
  if (org.holders.locked > 0n) assets.set(org.token, (assets.get(org.token) ?? 0n) + org.holders.locked);
  return { assets: new Map(bySymbol(assets).filter(([, held]) => held > 0n)), items: [...org.treasury.items].sort() };
}
