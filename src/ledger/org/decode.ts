// work (spec/work.md)
import { decodeJobAction } from '../work/decode.ts';
import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBool, readBytes, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { AMOUNT_MAX, ASSET_DECIMALS_MAX, ESCROW_TRANCHES_MAX, ASSET_NAME_LENGTH_MAX, ORG_DESCRIPTION_LENGTH_MAX, ORG_DOMAIN_LENGTH_MAX, ORG_FOUNDERS_MAX, ORG_NAME_LENGTH_MAX, PPM } from '../limits.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import { readHolding, readTimeMs } from '../contracts/payload-fields.ts';
import { decodeSplitCreate } from '../contracts/split-decode.ts';
import { decodeStreamOpen } from '../contracts/stream-decode.ts';
import { decodeEscrowCreate } from '../contracts/escrow-decode.ts';
import { readCredentialName } from '../market/credential-decode.ts';
import { readName } from '../records/payload-fields.ts';
import type { Charter, OrgAction, OrgCommitPayload, OrgContributePayload, OrgContributionRefPayload, OrgCreatePayload, OrgEvaluatePayload, OrgFundPayload, OrgLockPayload, OrgMotionRefPayload, OrgProposePayload, OrgRefPayload, OrgRevealPayload, OrgVotePayload } from './types.ts';

/** The payloads of the org kinds (spec/org.md §5): the codec half (org/*.ts applies them). */

/** The fields of `map` that are present (a holding read out of a larger map). */
function withoutAbsent(map: { [key: string]: CborValue | undefined }): CborValue {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as CborValue;
}

const SEQUENCE_MAX = 2 ** 32 - 1;
const HASH_BYTES = 32;

function ppm(value: CborValue | undefined, path: string): number {
  const n = readSmallUint(value, path, Number.MAX_SAFE_INTEGER);
  if (n > PPM) throw new RejectError('bad_charter', `${path}: at most ${PPM} parts per million`);
  return n;
}

function duration(value: CborValue | undefined, path: string, min: number): number {
  const ms = readTimeMs(value, path);
  if (ms < min) throw new RejectError('bad_charter', `${path}: at least ${min} ms`);
  return ms;
}

const CHARTER_FIELDS = ['evaluationWindowMs', 'quorumPpm', 'thresholdPpm', 'tokenReward', 'reputationReward', 'evaluatorStakePpm', 'feeAsset', 'contributionFee', 'halfLifeMs', 'motionPeriodMs', 'motionStake', 'open', 'approver'];

/** Ranges: windows ≥ 1 s, half-life ≥ 16 s, ratios ≤ 10^6 ppm, motion stake ≥ 1 (`bad_charter`). */
export function decodeCharter(value: CborValue | undefined, path: string): Charter {
  const map = readMap(value, path, CHARTER_FIELDS);
  const motionStake = readUint(map.motionStake, `${path}.motionStake`, AMOUNT_MAX);
  if (motionStake === 0n) throw new RejectError('bad_charter', `${path}.motionStake: at least 1`);
  return {
    evaluationWindowMs: duration(map.evaluationWindowMs, `${path}.evaluationWindowMs`, 1000),
    quorumPpm: ppm(map.quorumPpm, `${path}.quorumPpm`),
    thresholdPpm: ppm(map.thresholdPpm, `${path}.thresholdPpm`),
    tokenReward: readUint(map.tokenReward, `${path}.tokenReward`, AMOUNT_MAX),
    reputationReward: readUint(map.reputationReward, `${path}.reputationReward`, AMOUNT_MAX),
    evaluatorStakePpm: ppm(map.evaluatorStakePpm, `${path}.evaluatorStakePpm`),
    feeAsset: readSymbol(map.feeAsset, `${path}.feeAsset`),
    contributionFee: readUint(map.contributionFee, `${path}.contributionFee`, AMOUNT_MAX),
    halfLifeMs: duration(map.halfLifeMs, `${path}.halfLifeMs`, 16_000),
    motionPeriodMs: duration(map.motionPeriodMs, `${path}.motionPeriodMs`, 1000),
    motionStake,
    open: readBool(map.open, `${path}.open`),
    ...optionalApprover(map.approver, `${path}.approver`),
  };
}

/** `approver` present only when given, so that a charter without one decodes to what it was. */
function optionalApprover(value: CborValue | undefined, path: string): Pick<Charter, 'approver'> {
  const approver = optional(value, (v) => readCredentialName(v, path));
  return approver === undefined ? {} : { approver };
}

export function encodeCharter(charter: Charter): { [key: string]: CborValue } {
  const { approver, ...rest } = charter;
  return approver === undefined ? { ...rest } : { ...rest, approver: { registry: approver.registry, type: approver.type } };
}

export function decodeOrgCreate(value: CborValue): OrgCreatePayload {
  const map = readMap(value, 'payload', ['name', 'token', 'members', 'charter', 'foundingReputation']);
  const token = readMap(map.token, 'payload.token', ['symbol', 'name', 'decimals']);
  const members = readArray(map.members, 'payload.members', 0, ORG_FOUNDERS_MAX).map((m, i) => readAddress(m, `payload.members[${i}]`));
  if (new Set(members).size !== members.length) throw new RejectError('bad_shape', 'payload.members: a member appears twice');
  return {
    name: readString(map.name, 'payload.name', ORG_NAME_LENGTH_MAX),
    token: {
      symbol: readSymbol(token.symbol, 'payload.token.symbol'),
      name: readString(token.name, 'payload.token.name', ASSET_NAME_LENGTH_MAX),
      decimals: readSmallUint(token.decimals, 'payload.token.decimals', ASSET_DECIMALS_MAX),
    },
    members,
    charter: decodeCharter(map.charter, 'payload.charter'),
    foundingReputation: readAmount(map.foundingReputation, 'payload.foundingReputation'),
  };
}

export function decodeOrgRef(value: CborValue): OrgRefPayload {
  const map = readMap(value, 'payload', ['org']);
  return { org: readAddress(map.org, 'payload.org') };
}

/** org.lock and org.unlock: an amount of at least 1 (`bad_amount`). */
export function decodeOrgLock(value: CborValue): OrgLockPayload {
  const map = readMap(value, 'payload', ['org', 'amount']);
  return { org: readAddress(map.org, 'payload.org'), amount: readAmount(map.amount, 'payload.amount') };
}

export function decodeOrgFund(value: CborValue): OrgFundPayload {
  const map = readMap(value, 'payload', ['org', 'assets', 'items']);
  const org = readAddress(map.org, 'payload.org');
  return { org, ...readHolding(withoutAbsent({ assets: map.assets, items: map.items }), 'payload') };
}

export function decodeOrgContribute(value: CborValue): OrgContributePayload {
  const map = readMap(value, 'payload', ['org', 'document', 'description', 'domain']);
  return {
    org: readAddress(map.org, 'payload.org'),
    document: readBytes(map.document, 'payload.document', HASH_BYTES),
    description: readString(map.description, 'payload.description', ORG_DESCRIPTION_LENGTH_MAX),
    domain: optional(map.domain, (v) => readString(v, 'payload.domain', ORG_DOMAIN_LENGTH_MAX)),
  };
}

const sequence = (value: CborValue | undefined, path: string): number => readSmallUint(value, path, SEQUENCE_MAX);

export function decodeOrgContributionRef(value: CborValue): OrgContributionRefPayload {
  const map = readMap(value, 'payload', ['org', 'contribution']);
  return { org: readAddress(map.org, 'payload.org'), contribution: sequence(map.contribution, 'payload.contribution') };
}

export function decodeOrgMotionRef(value: CborValue): OrgMotionRefPayload {
  const map = readMap(value, 'payload', ['org', 'motion']);
  return { org: readAddress(map.org, 'payload.org'), motion: sequence(map.motion, 'payload.motion') };
}

function decodeCommit(map: { [key: string]: CborValue }): OrgCommitPayload {
  return { org: readAddress(map.org, 'payload.org'), commitment: readBytes(map.commitment, 'payload.commitment', HASH_BYTES) };
}

export function decodeOrgEvaluate(value: CborValue): OrgEvaluatePayload {
  const map = readMap(value, 'payload', ['org', 'contribution', 'commitment']);
  return { ...decodeCommit(map), contribution: sequence(map.contribution, 'payload.contribution') };
}

export function decodeOrgVote(value: CborValue): OrgVotePayload {
  const map = readMap(value, 'payload', ['org', 'motion', 'commitment']);
  return { ...decodeCommit(map), motion: sequence(map.motion, 'payload.motion') };
}

/** Exactly one of contribution (value 0…100) and motion (value 0 or 1), else `bad_shape`. */
export function decodeOrgReveal(value: CborValue): OrgRevealPayload {
  const map = readMap(value, 'payload', ['org', 'contribution', 'motion', 'value', 'salt']);
  const contribution = optional(map.contribution, (v) => sequence(v, 'payload.contribution'));
  const motion = optional(map.motion, (v) => sequence(v, 'payload.motion'));
  if ((contribution === undefined) === (motion === undefined)) throw new RejectError('bad_shape', 'payload: a reveal names a contribution or a motion, not both');
  const revealed = readSmallUint(map.value, 'payload.value', contribution !== undefined ? 100 : 1);
  const payload: OrgRevealPayload = { org: readAddress(map.org, 'payload.org'), value: revealed, salt: readBytes(map.salt, 'payload.salt', HASH_BYTES) };
  if (contribution !== undefined) payload.contribution = contribution;
  if (motion !== undefined) payload.motion = motion;
  return payload;
}

const ESCROW_FIELDS = ['payee', 'arbiter', 'deadlineMs', 'onExpiry', 'tranches', 'reviewWindowMs', 'arbiterFee', 'arbiterWindowMs'];
/** Every field some action has: the map is read once with all of them, then again as its type's. */
// work (spec/work.md): 'kind' and 'payload' of the job action.
const ACTION_FIELDS = new Set(['type', 'to', 'assets', 'items', 'amount', 'charter', 'address', 'members', 'asset', 'payee', 'ratePerSecond', 'deposit', ...ESCROW_FIELDS, 'kind', 'payload', 'name', 'credential', 'expiresAtMs', 'escrow', 'tranche']);

export function decodeAction(value: CborValue | undefined): OrgAction {
  const type = readMap(value, 'payload.action', [...ACTION_FIELDS]).type;
  switch (type) {
    case 'pay': {
      const map = readMap(value, 'payload.action', ['type', 'to', 'assets', 'items']);
      const holding = readHolding(withoutAbsent({ assets: map.assets, items: map.items }), 'payload.action');
      return { type: 'pay', to: readAddress(map.to, 'payload.action.to'), ...holding };
    }
    case 'mint': {
      const map = readMap(value, 'payload.action', ['type', 'to', 'amount']);
      return { type: 'mint', to: readAddress(map.to, 'payload.action.to'), amount: readAmount(map.amount, 'payload.action.amount') };
    }
    case 'charter': {
      const map = readMap(value, 'payload.action', ['type', 'charter']);
      return { type: 'charter', charter: decodeCharter(map.charter, 'payload.action.charter') };
    }
    case 'member': {
      const map = readMap(value, 'payload.action', ['type', 'address']);
      return { type: 'member', address: readAddress(map.address, 'payload.action.address') };
    }
    case 'remove': {
      const map = readMap(value, 'payload.action', ['type', 'address']);
      return { type: 'remove', address: readAddress(map.address, 'payload.action.address') };
    }
    case 'split': {
      const map = readMap(value, 'payload.action', ['type', 'members', 'asset', 'amount']);
      const { members } = decodeSplitCreate({ members: map.members ?? null });
      return { type: 'split', members, asset: readSymbol(map.asset, 'payload.action.asset'), amount: readAmount(map.amount, 'payload.action.amount') };
    }
    case 'stream': {
      const map = readMap(value, 'payload.action', ['type', 'payee', 'asset', 'ratePerSecond', 'deposit']);
      return { type: 'stream', ...decodeStreamOpen({ payee: map.payee ?? null, asset: map.asset ?? null, ratePerSecond: map.ratePerSecond ?? null, deposit: map.deposit ?? null }) };
    }
    case 'escrow': {
      const fields = readMap(value, 'payload.action', ['type', ...ESCROW_FIELDS]);
      return { type: 'escrow', ...decodeEscrowCreate(withoutAbsent({ ...fields, type: undefined })) };
    }
    // work (spec/work.md §2)
    case 'job':
      return { type: 'job', ...decodeJobAction(value, 'payload.action') };
    case 'distribute': {
      // `to` absent or "reputation": by reputation (§4.1), the encoding it had before holders could share; "holders": by locked tokens (§4.2).
      const map = readMap(value, 'payload.action', ['type', 'asset', 'amount', 'to']);
      const to = optional(map.to, (v) => readString(v, 'payload.action.to', 16));
      if (to !== undefined && to !== 'reputation' && to !== 'holders') throw new RejectError('bad_shape', 'payload.action.to: "reputation" or "holders"');
      const action: OrgAction = { type: 'distribute', asset: readSymbol(map.asset, 'payload.action.asset'), amount: readAmount(map.amount, 'payload.action.amount') };
      return to === 'holders' ? { ...action, to } : action;
    }
    case 'registry': {
      const map = readMap(value, 'payload.action', ['type', 'name']);
      return { type: 'registry', name: readName(map.name, 'payload.action.name') };
    }
    case 'issue': {
      const map = readMap(value, 'payload.action', ['type', 'credential', 'to', 'expiresAtMs']);
      const action: OrgAction = { type: 'issue', credential: readCredentialName(map.credential, 'payload.action.credential'), to: readAddress(map.to, 'payload.action.to') };
      const expiresAtMs = optional(map.expiresAtMs, (v) => readTimeMs(v, 'payload.action.expiresAtMs'));
      return expiresAtMs === undefined ? action : { ...action, expiresAtMs };
    }
    case 'revoke': {
      const map = readMap(value, 'payload.action', ['type', 'credential', 'to']);
      return { type: 'revoke', credential: readCredentialName(map.credential, 'payload.action.credential'), to: readAddress(map.to, 'payload.action.to') };
    }
    case 'release': {
      const map = readMap(value, 'payload.action', ['type', 'escrow', 'tranche']);
      return { type: 'release', escrow: readAddress(map.escrow, 'payload.action.escrow'), tranche: readSmallUint(map.tranche, 'payload.action.tranche', ESCROW_TRANCHES_MAX - 1) };
    }
    case 'dispute': {
      const map = readMap(value, 'payload.action', ['type', 'escrow']);
      return { type: 'dispute', escrow: readAddress(map.escrow, 'payload.action.escrow') };
    }
    default:
      throw new RejectError('bad_shape', 'payload.action.type: one of pay, mint, charter, member, remove, split, stream, escrow, distribute, job, registry, issue, revoke, release, dispute');
  }
}

export function decodeOrgPropose(value: CborValue): OrgProposePayload {
  const map = readMap(value, 'payload', ['org', 'action']);
  return { org: readAddress(map.org, 'payload.org'), action: decodeAction(map.action) };
}
