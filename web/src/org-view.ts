/**
 * What the org pages show and offer, without a browser (test/web/org-pure.test.ts): members by
 * reputation as it reads now (lazy decay, spec/org.md §2), each contribution's and motion's phase
 * with its deadline and the actions open in it (§3, §4), the create form as a charter, the
 * commit-then-reveal secret kept in this browser until the reveal, and an action in words.
 */
import { AgoraError, parseAmount } from '../../src/client/index.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { decay, stepAt } from '../../src/ledger/org/decay.ts';
import type { Charter, OrgCreatePayload } from '../../src/ledger/org/types.ts';
import { displayAmount } from './format.ts';
import type { ContributionJson, MemberJson, MotionJson, OrgActionJson, OrgJson } from './org-api.ts';

/** A stored reputation as it reads at `nowMs` (spec/org.md §2); never more than stored. */
export function reputationNow(org: Pick<OrgJson, 'createdMs' | 'charter'>, stored: { reputation: string; step: number }, nowMs: number): bigint {
  const now = stepAt(org.createdMs, org.charter.halfLifeMs, Math.max(nowMs, org.createdMs));
  return decay(BigInt(stored.reputation), Math.max(0, now - stored.step));
}

export interface RankedMember {
  address: string;
  reputation: bigint;
  joinedAt: number;
}

/** Members by reputation now, highest first; ties by address so the order is stable. */
export function membersByReputation(org: Pick<OrgJson, 'createdMs' | 'charter'>, members: readonly MemberJson[], nowMs: number): RankedMember[] {
  return members
    .map((m) => ({ address: m.address, reputation: reputationNow(org, m, nowMs), joinedAt: m.joinedAt }))
    .sort((a, b) => (a.reputation === b.reputation ? (a.address < b.address ? -1 : 1) : a.reputation > b.reputation ? -1 : 1));
}

/** A share of the whole in parts per million as a percentage: `600000` → `60 %`, `12345` → `1.2345 %`. */
export function ppmWords(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const rest = (ppm % 10_000).toString().padStart(4, '0').replace(/0+$/, '');
  return rest === '' ? `${whole} %` : `${whole}.${rest} %`;
}

export type ContributionPhase = 'evaluating' | 'revealing' | 'closable' | 'accepted' | 'rejected' | 'no_quorum';
export type ContributionAction = 'evaluate' | 'reveal' | 'close' | 'claim';

export interface ContributionStep {
  phase: ContributionPhase;
  /** When the phase ends (undefined once closable or closed). */
  deadlineMs?: number;
  words: string;
  actions: ContributionAction[];
}

/**
 * The contribution's phase at `nowMs` (spec/org.md §3: commits in [t₀, t₀+W), reveals in
 * [t₀+W, t₀+2W), close from t₀+2W) and what `me` may do in it. The ledger decides with block
 * time; the browser's clock only chooses which buttons to show, and the ledger's refusal is shown
 * in words when they differ.
 */
export function contributionStep(contribution: ContributionJson, windowMs: number, me: string | undefined, nowMs: number): ContributionStep {
  const own = me === contribution.contributor;
  const revealsFromMs = contribution.submittedMs + windowMs;
  const closeFromMs = revealsFromMs + windowMs;
  switch (contribution.status) {
    case 'accepted':
      return { phase: 'accepted', words: 'Accepted: the contributor was paid; evaluators on the agreeing side may claim.', actions: own ? [] : ['claim'] };
    case 'rejected':
      return { phase: 'rejected', words: 'Rejected: evaluators who voted it down may claim.', actions: own ? [] : ['claim'] };
    case 'no_quorum':
      return { phase: 'no_quorum', words: 'Closed without quorum: evaluators who revealed may take their stake back.', actions: own ? [] : ['claim'] };
    case 'open':
      break;
  }
  if (nowMs < revealsFromMs) return { phase: 'evaluating', deadlineMs: revealsFromMs, words: 'Members evaluate it now (a sealed score); reveals open after.', actions: own ? [] : ['evaluate'] };
  if (nowMs < closeFromMs) return { phase: 'revealing', deadlineMs: closeFromMs, words: 'Evaluators reveal their scores now; anyone may close it after.', actions: own ? [] : ['reveal'] };
  return { phase: 'closable', words: 'The windows are over: anyone may close it now.', actions: ['close'] };
}

export type MotionPhase = 'objectable' | 'passable' | 'voting' | 'revealing' | 'decidable' | 'passed' | 'failed';
export type MotionAction = 'object' | 'execute' | 'vote' | 'reveal';

export interface MotionStep {
  phase: MotionPhase;
  deadlineMs?: number;
  words: string;
  actions: MotionAction[];
}

/** The motion's phase at `nowMs` (spec/org.md §4: lazy consensus, then a commit-reveal vote when objected). */
export function motionStep(motion: MotionJson, periodMs: number, me: string | undefined, nowMs: number): MotionStep {
  if (motion.status === 'passed') return { phase: 'passed', words: 'Passed: its action ran.', actions: [] };
  if (motion.status === 'failed') return { phase: 'failed', words: 'Failed at the vote: nothing ran.', actions: [] };
  if (motion.status === 'proposed') {
    const passableFromMs = motion.proposedMs + periodMs;
    if (nowMs < passableFromMs) return { phase: 'objectable', deadlineMs: passableFromMs, words: 'It passes unless a member objects before the deadline.', actions: me === motion.proposer ? [] : ['object'] };
    return { phase: 'passable', words: 'Nobody objected: anyone may execute it now.', actions: ['execute'] };
  }
  const objectedMs = motion.objectedMs ?? motion.proposedMs;
  if (nowMs < objectedMs + periodMs) return { phase: 'voting', deadlineMs: objectedMs + periodMs, words: 'Objected: members vote now (a sealed yes or no, weighed by reputation).', actions: ['vote'] };
  if (nowMs < objectedMs + 2 * periodMs) return { phase: 'revealing', deadlineMs: objectedMs + 2 * periodMs, words: 'Voters reveal their votes now.', actions: ['reveal'] };
  return { phase: 'decidable', words: 'The vote is over: anyone may execute it to count the votes.', actions: ['execute'] };
}

export interface AssetDecimals {
  (symbol: string): number | undefined;
}

const amountText = (amount: string | bigint, asset: string, decimals: AssetDecimals): string => {
  const places = decimals(asset);
  return places === undefined ? `${amount} base units of ${asset}` : `${displayAmount(amount, places)} ${asset}`;
};

/** A motion's action in one sentence, amounts with their decimals and unit. */
export function actionWords(action: OrgActionJson, token: string, decimals: AssetDecimals): string {
  switch (action.type) {
    case 'pay': {
      const parts = (action.assets ?? []).map((a) => amountText(a.amount, a.asset, decimals));
      const items = action.items?.length ?? 0;
      if (items > 0) parts.push(`${items} item${items === 1 ? '' : 's'}`);
      return `Pay ${parts.join(' and ') || 'nothing'} from the treasury to ${action.to}`;
    }
    case 'mint':
      return `Mint ${amountText(action.amount, token, decimals)} to ${action.to}`;
    case 'charter':
      return 'Change the charter';
    case 'member':
      return `Add ${action.address} as a member`;
    case 'remove':
      return `Remove the member ${action.address}`;
    case 'distribute':
      return `Share ${amountText(action.amount, action.asset, decimals)} from the treasury among members by reputation`;
    default:
      return `Open a ${action.type} paid from the treasury`;
  }
}

/** Where this browser keeps a sealed score or vote until its reveal: without it the reveal cannot match. */
export const sealedStorageKey = (chainId: string, org: string, what: 'contribution' | 'motion', id: number, member: string): string => `agora.org/${chainId}/${org}/${what}/${id}/${member}`;

export interface Sealed {
  /** A score 0…100, or a vote: 1 yes, 0 no. */
  value: number;
  salt: Uint8Array;
}

export const encodeSealed = (sealed: Sealed): string => JSON.stringify({ value: sealed.value, salt: toHex(sealed.salt) });

/** The score or vote saved at commit, or undefined when `text` is not one. */
export function decodeSealed(text: string | null): Sealed | undefined {
  if (text === null) return undefined;
  try {
    const saved = JSON.parse(text) as { value?: unknown; salt?: unknown };
    if (typeof saved.value !== 'number' || !Number.isInteger(saved.value) || saved.value < 0 || saved.value > 100) return undefined;
    if (typeof saved.salt !== 'string' || !/^[0-9a-f]{64}$/.test(saved.salt)) return undefined;
    return { value: saved.value, salt: fromHex(saved.salt) };
  } catch {
    return undefined;
  }
}

const DURATION_UNIT_MS: { readonly [unit: string]: number } = { s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10 min`, `2h`, `3 d` → milliseconds (whole numbers only). */
export function parseDuration(text: string, name: string): number {
  const match = /^([0-9]{1,9})\s*(s|min|h|d)$/.exec(text.trim());
  if (match === null) throw new AgoraError('bad_shape', `${name}: a whole number and a unit (s, min, h or d), e.g. 2 d`);
  return Number(match[1]) * DURATION_UNIT_MS[match[2]];
}

function percentToPpm(text: string, name: string): number {
  const match = /^([0-9]{1,3})(?:\.([0-9]{1,4}))?$/.exec(text.trim());
  const ppm = match === null ? NaN : Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  if (!(ppm >= 0 && ppm <= 1_000_000)) throw new AgoraError('bad_charter', `${name} is a percentage from 0 to 100`);
  return ppm;
}

function wholeNumber(text: string, name: string): bigint {
  if (!/^[0-9]{1,30}$/.test(text.trim())) throw new AgoraError('bad_shape', `${name} is a whole number`);
  return BigInt(text.trim());
}

export interface OrgCreateForm {
  name: string;
  symbol: string;
  tokenName: string;
  tokenDecimals: string;
  /** Founding members besides the creator, one address a line or separated by commas. */
  members: string;
  foundingReputation: string;
  evaluationWindow: string;
  quorumPercent: string;
  thresholdPercent: string;
  /** Whole tokens (with decimals) per accepted contribution at score 100. */
  tokenReward: string;
  reputationReward: string;
  evaluatorStakePercent: string;
  feeAsset: string;
  /** In whole units of the fee asset, as typed. */
  contributionFee: string;
  halfLife: string;
  motionPeriod: string;
  motionStake: string;
  open: boolean;
}

/** The create form as an `org.create` payload (spec/org.md §5); `feeDecimals` is the fee asset's. */
export function orgCreatePayloadOf(form: OrgCreateForm, feeDecimals: number): OrgCreatePayload {
  const name = form.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw new AgoraError('missing_field', 'the organisation needs a name');
  const decimals = Number(wholeNumber(form.tokenDecimals, 'the token’s decimals'));
  const charter: Charter = {
    evaluationWindowMs: parseDuration(form.evaluationWindow, 'the evaluation window'),
    quorumPpm: percentToPpm(form.quorumPercent, 'the quorum'),
    thresholdPpm: percentToPpm(form.thresholdPercent, 'the threshold'),
    tokenReward: parseAmount(form.tokenReward.trim(), decimals),
    reputationReward: wholeNumber(form.reputationReward, 'the reputation reward'),
    evaluatorStakePpm: percentToPpm(form.evaluatorStakePercent, 'the evaluator’s stake'),
    feeAsset: form.feeAsset.trim().toUpperCase(),
    contributionFee: form.contributionFee.trim() === '' ? 0n : parseAmount(form.contributionFee.trim(), feeDecimals),
    halfLifeMs: parseDuration(form.halfLife, 'the reputation half-life'),
    motionPeriodMs: parseDuration(form.motionPeriod, 'the motion period'),
    motionStake: wholeNumber(form.motionStake, 'the motion stake'),
    open: form.open,
  };
  const members = form.members.split(/[\s,]+/).filter((m) => m !== '');
  return {
    name,
    token: { symbol: form.symbol.trim().toUpperCase(), name: form.tokenName.trim() === '' ? name : form.tokenName.trim(), decimals },
    members,
    charter,
    foundingReputation: wholeNumber(form.foundingReputation, 'the founding reputation'),
  };
}

/** The org a committed `org.create` made, from its event. */
export function createdOrg(events: readonly { type: string; attributes: { [name: string]: string } }[]): string | undefined {
  return events.find((event) => event.type === 'org.created')?.attributes.org;
}

/** The contribution id a committed `org.contribute` got, from its event. */
export function contributionIdOf(events: readonly { type: string; attributes: { [name: string]: string } }[]): number | undefined {
  const id = events.find((event) => event.type === 'org.contributed')?.attributes.contribution;
  return id === undefined ? undefined : Number(id);
}
