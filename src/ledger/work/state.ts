import type { CborValue } from '../../codec/cbor.ts';
import { optional, readArray, readBytes, readMap, readSmallUint, readString, readUint, type CborMap } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX, DOCUMENT_HASH_BYTES, ESCROW_TRANCHES_MAX, ESCROW_WINDOW_MS_MAX, HEIGHT_MAX, JOB_APPLICANTS_MAX, JOB_ARBITERS_MAX, TIME_MS_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import type { CredentialName } from '../market/types.ts';
import { JOB_MODES, type JobArbiter, type JobMode } from './types.ts';

/**
 * A job's record at `contract/<job>` and its applications at `jobapp/<job>/<applicant>` (spec/work.md
 * §1). The job's address holds exactly `available + bonds` of `asset` (jobOwed).
 */
export type JobState = 'open' | 'assigned' | 'closed';
export type ApplicationStatus = 'applied' | 'assigned' | 'replaced' | 'withdrawn';

export interface Job {
  address: string;
  poster: string;
  spec: Uint8Array;
  asset: string;
  milestones: bigint[];
  mode: JobMode;
  applyByMs: number;
  deliverByMs: number;
  deadlineMs: number;
  reviewWindowMs: number;
  arbiters: JobArbiter[];
  arbiterWindowMs?: number;
  bond?: bigint;
  requires?: CredentialName;
  state: JobState;
  /** The budget not in an escrow and not awarded. */
  available: bigint;
  /** The applicants' bonds not yet returned or forfeited. */
  bonds: bigint;
  applicants: number;
  assignments: number;
  worker?: string;
  escrow?: string;
  createdAt: number;
}

export interface Application {
  proposal: Uint8Array;
  bid?: bigint;
  payee?: string;
  /** The bond still held for this applicant; 0 once returned or forfeited. */
  bond: bigint;
  status: ApplicationStatus;
  awarded?: bigint;
}

const STATES: readonly JobState[] = ['open', 'assigned', 'closed'];
const APP_STATUSES: readonly ApplicationStatus[] = ['applied', 'assigned', 'replaced', 'withdrawn'];

export const budgetOf = (job: Pick<Job, 'milestones'>): bigint => job.milestones.reduce((sum, m) => sum + m, 0n);
export const applicationKey = (job: string, applicant: string): string => `jobapp/${job}/${applicant}`;

function oneOf<T extends string>(value: CborValue | undefined, path: string, allowed: readonly T[]): T {
  const text = readString(value, path, 16) as T;
  invariant(allowed.includes(text), `${path} "${text}" is not one of ${allowed.join(', ')}`);
  return text;
}

export function encodeJob(job: Job): CborMap & { type: 'job' } {
  const record: CborMap & { type: 'job' } = {
    type: 'job', poster: job.poster, spec: job.spec, asset: job.asset, milestones: job.milestones, mode: job.mode,
    applyByMs: job.applyByMs, deliverByMs: job.deliverByMs, deadlineMs: job.deadlineMs, reviewWindowMs: job.reviewWindowMs,
    arbiters: job.arbiters.map((a) => ({ address: a.address, fee: a.fee })), state: job.state, available: job.available, bonds: job.bonds,
    applicants: job.applicants, assignments: job.assignments, createdAt: job.createdAt,
  };
  if (job.arbiterWindowMs !== undefined) record.arbiterWindowMs = job.arbiterWindowMs;
  if (job.bond !== undefined) record.bond = job.bond;
  if (job.requires !== undefined) record.requires = { registry: job.requires.registry, type: job.requires.type };
  if (job.worker !== undefined) record.worker = job.worker;
  if (job.escrow !== undefined) record.escrow = job.escrow;
  return record;
}

const amount = (value: CborValue | undefined, path: string): bigint => readUint(value, path, AMOUNT_MAX);

export function decodeJob(address: string, value: CborValue): Job {
  const map = readMap(value, 'job', ['type', 'poster', 'spec', 'asset', 'milestones', 'mode', 'applyByMs', 'deliverByMs', 'deadlineMs', 'reviewWindowMs', 'arbiters', 'arbiterWindowMs', 'bond', 'requires', 'state', 'available', 'bonds', 'applicants', 'assignments', 'worker', 'escrow', 'createdAt']);
  const job: Job = {
    address,
    poster: readString(map.poster, 'job.poster', 90),
    spec: readBytes(map.spec, 'job.spec', DOCUMENT_HASH_BYTES),
    asset: readString(map.asset, 'job.asset', 16),
    milestones: readArray(map.milestones, 'job.milestones', 1, ESCROW_TRANCHES_MAX).map((v, i) => amount(v, `job.milestones[${i}]`)),
    mode: oneOf(map.mode, 'job.mode', JOB_MODES),
    applyByMs: readSmallUint(map.applyByMs, 'job.applyByMs', TIME_MS_MAX),
    deliverByMs: readSmallUint(map.deliverByMs, 'job.deliverByMs', TIME_MS_MAX),
    deadlineMs: readSmallUint(map.deadlineMs, 'job.deadlineMs', TIME_MS_MAX),
    reviewWindowMs: readSmallUint(map.reviewWindowMs, 'job.reviewWindowMs', ESCROW_WINDOW_MS_MAX),
    arbiters: readArray(map.arbiters, 'job.arbiters', 0, JOB_ARBITERS_MAX).map((entry, i) => {
      const a = readMap(entry, `job.arbiters[${i}]`, ['address', 'fee']);
      return { address: readString(a.address, `job.arbiters[${i}].address`, 90), fee: amount(a.fee, `job.arbiters[${i}].fee`) };
    }),
    state: oneOf(map.state, 'job.state', STATES),
    available: amount(map.available, 'job.available'),
    bonds: amount(map.bonds, 'job.bonds'),
    applicants: readSmallUint(map.applicants, 'job.applicants', JOB_APPLICANTS_MAX),
    assignments: readSmallUint(map.assignments, 'job.assignments', JOB_APPLICANTS_MAX),
    createdAt: readSmallUint(map.createdAt, 'job.createdAt', HEIGHT_MAX),
  };
  const arbiterWindowMs = optional(map.arbiterWindowMs, (v) => readSmallUint(v, 'job.arbiterWindowMs', ESCROW_WINDOW_MS_MAX));
  const bond = optional(map.bond, (v) => amount(v, 'job.bond'));
  const requires = optional(map.requires, (v) => {
    const r = readMap(v, 'job.requires', ['registry', 'type']);
    return { registry: readString(r.registry, 'job.requires.registry', 64), type: readString(r.type, 'job.requires.type', 64) };
  });
  const worker = optional(map.worker, (v) => readString(v, 'job.worker', 90));
  const escrow = optional(map.escrow, (v) => readString(v, 'job.escrow', 90));
  if (arbiterWindowMs !== undefined) job.arbiterWindowMs = arbiterWindowMs;
  if (bond !== undefined) job.bond = bond;
  if (requires !== undefined) job.requires = requires;
  if (worker !== undefined) job.worker = worker;
  if (escrow !== undefined) job.escrow = escrow;
  return job;
}

/** The job at `address`, or `unknown_contract`. */
export function loadJob(view: StateReader, address: string): Job | Rejection {
  const contract = getContractRecord(view, address);
  if (contract === undefined || contract.type !== 'job') return reject('unknown_contract', `no job at ${address}`);
  return decodeJob(address, contract.record);
}

export function putJob(view: Overlay, job: Job): void {
  putContractRecord(view, job.address, encodeJob(job));
}

/** What a job's address must hold (spec/ledger.md §8.7): `available + bonds` of its asset. */
export function jobOwed(job: Job): Map<string, bigint> {
  const total = job.available + job.bonds;
  return total === 0n ? new Map() : new Map([[job.asset, total]]);
}

function encodeApplication(app: Application): CborMap {
  const record: CborMap = { proposal: app.proposal, bond: app.bond, status: app.status };
  if (app.bid !== undefined) record.bid = app.bid;
  if (app.payee !== undefined) record.payee = app.payee;
  if (app.awarded !== undefined) record.awarded = app.awarded;
  return record;
}

export function getApplication(view: StateReader, job: string, applicant: string): Application | undefined {
  const value = getStateValue(view, applicationKey(job, applicant));
  if (value === undefined) return undefined;
  const map = readMap(value, 'jobapp', ['proposal', 'bid', 'payee', 'bond', 'status', 'awarded']);
  const app: Application = { proposal: readBytes(map.proposal, 'jobapp.proposal', DOCUMENT_HASH_BYTES), bond: readUint(map.bond, 'jobapp.bond', AMOUNT_MAX), status: oneOf(map.status, 'jobapp.status', APP_STATUSES) };
  const bid = optional(map.bid, (v) => amount(v, 'jobapp.bid'));
  const payee = optional(map.payee, (v) => readString(v, 'jobapp.payee', 90));
  const awarded = optional(map.awarded, (v) => amount(v, 'jobapp.awarded'));
  if (bid !== undefined) app.bid = bid;
  if (payee !== undefined) app.payee = payee;
  if (awarded !== undefined) app.awarded = awarded;
  return app;
}

export function putApplication(view: Overlay, job: string, applicant: string, app: Application): void {
  putStateValue(view, applicationKey(job, applicant), encodeApplication(app));
}
