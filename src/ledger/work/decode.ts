import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { DOCUMENT_HASH_BYTES, ESCROW_TRANCHES_MAX, JOB_ARBITERS_MAX } from '../limits.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import { readTimeMs } from '../contracts/payload-fields.ts';
import { readWindowMs } from '../contracts/escrow-decode.ts';
import { readCredentialName } from '../market/credential-decode.ts';
import { JOB_ACTION_KINDS, JOB_MODES, type JobAction, type JobApplyPayload, type JobArbiter, type JobAssignPayload, type JobAwardPayload, type JobMilestonePayload, type JobMode, type JobPostPayload, type JobRefPayload } from './types.ts';

/** The payloads of the work kinds (spec/work.md §3): the codec half (work/*.ts apply them). */

function readHash(value: CborValue | undefined, path: string): Uint8Array {
  return readBytes(value, path, DOCUMENT_HASH_BYTES);
}

function readArbiters(value: CborValue, path: string): JobArbiter[] {
  const arbiters = readArray(value, path, 1, JOB_ARBITERS_MAX).map((entry, i) => {
    const map = readMap(entry, `${path}[${i}]`, ['address', 'fee']);
    const fee = map.fee === 0 || map.fee === 0n ? 0n : readAmount(map.fee, `${path}[${i}].fee`);
    return { address: readAddress(map.address, `${path}[${i}].address`), fee };
  });
  if (new Set(arbiters.map((a) => a.address)).size !== arbiters.length) throw new RejectError('bad_shape', `${path}: an arbiter appears twice`);
  return arbiters;
}

export function decodeJobPost(value: CborValue): JobPostPayload {
  const map = readMap(value, 'payload', ['spec', 'asset', 'milestones', 'mode', 'applyByMs', 'deliverByMs', 'deadlineMs', 'reviewWindowMs', 'arbiters', 'arbiterWindowMs', 'bond', 'requires']);
  const spec = readHash(map.spec, 'payload.spec');
  const asset = readSymbol(map.asset, 'payload.asset');
  const milestones = readArray(map.milestones, 'payload.milestones', 1, ESCROW_TRANCHES_MAX).map((v, i) => readAmount(v, `payload.milestones[${i}]`));
  const mode = readString(map.mode, 'payload.mode', 8) as JobMode;
  if (!JOB_MODES.includes(mode)) throw new RejectError('bad_shape', 'payload.mode: expected "single", "contest" or "team"');
  const applyByMs = readTimeMs(map.applyByMs, 'payload.applyByMs');
  const deliverByMs = readTimeMs(map.deliverByMs, 'payload.deliverByMs');
  const deadlineMs = readTimeMs(map.deadlineMs, 'payload.deadlineMs');
  if (applyByMs > deliverByMs || deliverByMs > deadlineMs) throw new RejectError('bad_shape', 'payload: applyByMs ≤ deliverByMs ≤ deadlineMs');
  const payload: JobPostPayload = { spec, asset, milestones, mode, applyByMs, deliverByMs, deadlineMs };
  const reviewWindowMs = optional(map.reviewWindowMs, (v) => readWindowMs(v, 'payload.reviewWindowMs'));
  const arbiters = optional(map.arbiters, (v) => readArbiters(v, 'payload.arbiters'));
  const arbiterWindowMs = optional(map.arbiterWindowMs, (v) => readWindowMs(v, 'payload.arbiterWindowMs'));
  if (arbiterWindowMs !== undefined && arbiters === undefined) throw new RejectError('bad_shape', 'payload.arbiterWindowMs: only with arbiters');
  const bond = optional(map.bond, (v) => readAmount(v, 'payload.bond'));
  const requires = optional(map.requires, (v) => readCredentialName(v, 'payload.requires'));
  if (reviewWindowMs !== undefined) payload.reviewWindowMs = reviewWindowMs;
  if (arbiters !== undefined) payload.arbiters = arbiters;
  if (arbiterWindowMs !== undefined) payload.arbiterWindowMs = arbiterWindowMs;
  if (bond !== undefined) payload.bond = bond;
  if (requires !== undefined) payload.requires = requires;
  return payload;
}

export function decodeJobApply(value: CborValue): JobApplyPayload {
  const map = readMap(value, 'payload', ['job', 'proposal', 'bid', 'payee']);
  const payload: JobApplyPayload = { job: readAddress(map.job, 'payload.job'), proposal: readHash(map.proposal, 'payload.proposal') };
  const bid = optional(map.bid, (v) => readAmount(v, 'payload.bid'));
  const payee = optional(map.payee, (v) => readAddress(v, 'payload.payee'));
  if (bid !== undefined) payload.bid = bid;
  if (payee !== undefined) payload.payee = payee;
  return payload;
}

export function decodeJobAssign(value: CborValue): JobAssignPayload {
  const map = readMap(value, 'payload', ['job', 'worker', 'arbiter']);
  const payload: JobAssignPayload = { job: readAddress(map.job, 'payload.job'), worker: readAddress(map.worker, 'payload.worker') };
  const arbiter = optional(map.arbiter, (v) => readAddress(v, 'payload.arbiter'));
  if (arbiter !== undefined) payload.arbiter = arbiter;
  return payload;
}

export function decodeJobMilestone(value: CborValue): JobMilestonePayload {
  const map = readMap(value, 'payload', ['job', 'milestone', 'document']);
  const payload: JobMilestonePayload = { job: readAddress(map.job, 'payload.job'), milestone: readSmallUint(map.milestone, 'payload.milestone', ESCROW_TRANCHES_MAX - 1) };
  const document = optional(map.document, (v) => readHash(v, 'payload.document'));
  if (document !== undefined) payload.document = document;
  return payload;
}

export function decodeJobAward(value: CborValue): JobAwardPayload {
  const map = readMap(value, 'payload', ['job', 'to', 'amount']);
  return { job: readAddress(map.job, 'payload.job'), to: readAddress(map.to, 'payload.to'), amount: readAmount(map.amount, 'payload.amount') };
}

export function decodeJobRef(value: CborValue): JobRefPayload {
  const map = readMap(value, 'payload', ['job']);
  return { job: readAddress(map.job, 'payload.job') };
}


/** An org's `job` action (spec/work.md §2): `{ type: "job", kind, payload }`, the payload decoded as the job kind's. */
export function decodeJobAction(value: CborValue | undefined, path: string): JobAction {
  const map = readMap(value, path, ['type', 'kind', 'payload']);
  const kind = readString(map.kind, `${path}.kind`, 8) as JobAction['kind'];
  if (!JOB_ACTION_KINDS.includes(kind)) throw new RejectError('bad_shape', `${path}.kind: one of ${JOB_ACTION_KINDS.join(', ')}`);
  const payload = map.payload ?? null;
  switch (kind) {
    case 'post':
      return { kind, payload: decodeJobPost(payload) };
    case 'assign':
      return { kind, payload: decodeJobAssign(payload) };
    case 'approve':
      return { kind, payload: decodeJobMilestone(payload) };
    case 'award':
      return { kind, payload: decodeJobAward(payload) };
    default:
      return { kind, payload: decodeJobRef(payload) };
  }
}
