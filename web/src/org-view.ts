/**
 * What the org pages show and offer, without a browser (test/web/org-pure.test.ts): members by
 * reputation, each contribution's and motion's phase
 * with its deadline and the actions open in it (§3, §4), the create form as a charter, the
 * commit-then-reveal secret kept in this browser until the reveal, an action in words, and where a
 * key stands as a holder of the org's token.
 */
import { AgoraError, parseAmount } from '../../src/client/index.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import type { Charter, OrgCreatePayload } from '../../src/ledger/org/types.ts';
import { displayAmount } from './format.ts';
import type { ContributionJson, ContributionPhaseJson, MemberJson, MotionJson, MotionPhaseJson, OrgActionJson } from './org-api.ts';

/** Members by reputation, highest first; ties by address so the order is stable (as the node pages them). */
export function membersByReputation(members: readonly MemberJson[]): MemberJson[] {
  return [...members].sort((a, b) => {
    const [ra, rb] = [BigInt(a.reputation), BigInt(b.reputation)];
    return ra === rb ? (a.address < b.address ? -1 : 1) : ra > rb ? -1 : 1;
  });
}

/** A share of the whole in parts per million as a percentage: `600000` → `60 %`, `12345` → `1.2345 %`. */
export function ppmWords(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const rest = (ppm % 10_000).toString().padStart(4, '0').replace(/0+$/, '');
  return rest === '' ? `${whole} %` : `${whole}.${rest} %`;
}

export type ContributionAction = 'evaluate' | 'reveal' | 'close' | 'claim';

export interface ContributionStep {
  phase: ContributionPhaseJson;
  /** When the phase ends (undefined once closable or closed). */
  deadlineMs?: number;
  words: string;
  actions: ContributionAction[];
}

/**
 * The contribution's phase at `nowMs` (spec/org.md §3: commits until commitEndsMs, reveals until
 * revealEndsMs, then anyone closes) and what `me` may do in it. The node gives the phase at its
 * latest block; it is worked out again here so that a page left open moves on by itself. The ledger
 * decides with block time: the clock here only chooses which buttons to show, and a refusal when
 * they differ is shown in words.
 */
export function contributionStep(contribution: ContributionJson, me: string | undefined, nowMs: number): ContributionStep {
  const own = me === contribution.contributor;
  switch (contribution.status) {
    case 'accepted':
      return { phase: 'accepted', words: `Accepted at score ${contribution.score ?? 0}: the contributor was paid; evaluators on the agreeing side may claim.`, actions: own ? [] : ['claim'] };
    case 'rejected':
      return { phase: 'rejected', words: 'Rejected: evaluators who voted it down may claim.', actions: own ? [] : ['claim'] };
    case 'no_quorum':
      return { phase: 'no_quorum', words: 'Closed without quorum: evaluators who revealed may take their stake back.', actions: own ? [] : ['claim'] };
    case 'open':
      break;
  }
  if (nowMs < contribution.commitEndsMs) return { phase: 'committing', deadlineMs: contribution.commitEndsMs, words: 'Members evaluate it now (a sealed score); reveals open after.', actions: own ? [] : ['evaluate'] };
  if (nowMs < contribution.revealEndsMs) return { phase: 'revealing', deadlineMs: contribution.revealEndsMs, words: 'Evaluators reveal their scores now; anyone may close it after.', actions: own ? [] : ['reveal'] };
  return { phase: 'closable', words: 'The windows are over: anyone may close it now.', actions: ['close'] };
}

export type MotionAction = 'object' | 'execute' | 'vote' | 'reveal';

export interface MotionStep {
  phase: MotionPhaseJson;
  deadlineMs?: number;
  words: string;
  actions: MotionAction[];
}

/** The motion's phase at `nowMs` (spec/org.md §4: lazy consensus, then a commit-reveal vote when objected). */
export function motionStep(motion: MotionJson, me: string | undefined, nowMs: number): MotionStep {
  if (motion.status === 'passed') return { phase: 'passed', words: 'Passed: its action ran.', actions: [] };
  if (motion.status === 'failed') return { phase: 'failed', words: 'Failed: nothing ran.', actions: [] };
  if (motion.status === 'proposed') {
    if (nowMs < motion.objectionEndsMs) return { phase: 'objectable', deadlineMs: motion.objectionEndsMs, words: 'It passes unless a member objects before the deadline.', actions: me === motion.proposer ? [] : ['object'] };
    return { phase: 'passable', words: 'Nobody objected: anyone may execute it now.', actions: ['execute'] };
  }
  const voteEndsMs = motion.voteEndsMs ?? motion.objectionEndsMs;
  const revealEndsMs = motion.revealEndsMs ?? voteEndsMs;
  if (nowMs < voteEndsMs) return { phase: 'voting', deadlineMs: voteEndsMs, words: 'Objected: members vote now (a sealed yes or no, weighed by reputation).', actions: ['vote'] };
  if (nowMs < revealEndsMs) return { phase: 'revealing', deadlineMs: revealEndsMs, words: 'Voters reveal their votes now.', actions: ['reveal'] };
  return { phase: 'decidable', words: 'The vote is over: anyone may execute it to count the votes.', actions: ['execute'] };
}

export interface AssetDecimals {
  (symbol: string): number | undefined;
}

const amountText = (amount: string | bigint, asset: string, decimals: AssetDecimals): string => {
  const places = decimals(asset);
  return places === undefined ? `${amount} base units of ${asset}` : `${displayAmount(amount, places)} ${asset}`;
};

/**
 * A job motion (spec/org.md §4 `job`) in words: a post names its asset and budget; an award's amount
 * is in the job's asset, which the motion does not name, so it is told in base units.
 */
function jobActionWords(kind: string, payload: { [field: string]: unknown }, decimals: AssetDecimals): string {
  const job = String(payload.job);
  switch (kind) {
    case 'post': {
      const milestones = Array.isArray(payload.milestones) ? payload.milestones.map((m) => BigInt(String(m))) : [];
      const budget = milestones.reduce((sum, m) => sum + m, 0n);
      return `Post a ${String(payload.mode)} job of ${milestones.length} milestone${milestones.length === 1 ? '' : 's'}, ${amountText(budget, String(payload.asset), decimals)} from the treasury`;
    }
    case 'assign':
      return `Assign the job ${job} to ${String(payload.worker)}`;
    case 'approve':
      return `Approve milestone ${Number(payload.milestone) + 1} of the job ${job}`;
    case 'dispute':
      return `Dispute the delivered milestone of the job ${job}`;
    case 'replace':
      return `Replace the worker of the job ${job}`;
    case 'award':
      return `Award ${String(payload.amount)} base units of the job ${job} to ${String(payload.to)}`;
    case 'cancel':
      return `Cancel the job ${job}`;
    default:
      return `${kind} the job ${job}`;
  }
}

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
      return action.to === 'holders'
        ? `Share ${amountText(action.amount, action.asset, decimals)} from the treasury among holders by the tokens they locked`
        : `Share ${amountText(action.amount, action.asset, decimals)} from the treasury among members by reputation`;
    case 'registry':
      return `Create the registry ${action.name}, curated by the org`;
    case 'issue':
      return `Grant ${action.to} the credential ${action.credential.type} of the org’s registry ${action.credential.registry}`;
    case 'revoke':
      return `Revoke the credential ${action.credential.type} of ${action.to} in the org’s registry ${action.credential.registry}`;
    case 'release':
      return `Release tranche ${action.tranche + 1} of the org’s escrow ${action.escrow}`;
    case 'dispute':
      return `Dispute the org’s escrow ${action.escrow}`;
    case 'job':
      return jobActionWords(action.kind, action.payload, decimals);
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

export interface HolderStanding {
  /** Org token base units the key holds, free to lock. */
  balance: string;
  /** Base units it has locked into the org (spec/org.md §4.2). */
  locked: string;
  /** What it can claim from distributions to holders, per asset, settled to now. */
  owed: { asset: string; amount: string }[];
}

/**
 * Where a key stands as a holder of the org's token (spec/org.md §4.2), from its balances and
 * `GET /v1/orgs/:address/holders/:holder`; undefined when it holds none, has none locked and is owed
 * nothing: then it has nothing to lock, unlock or claim.
 */
export function holderStandingOf(balances: readonly { asset: string; amount: string }[], token: string, holder: { locked: string; owed: { asset: string; amount: string }[] }): HolderStanding | undefined {
  const balance = balances.find((b) => b.asset === token)?.amount ?? '0';
  if (balance === '0' && holder.locked === '0' && holder.owed.length === 0) return undefined;
  return { balance, locked: holder.locked, owed: holder.owed };
}
