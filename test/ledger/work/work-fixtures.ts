// Fixtures of the work tests (test/ledger/work/*.test.ts; spec/work.md): the contracts world plus EVE
// and FRANK, USD for the applicants, and ALICE's job of the spec's worked example (300 / 300 / 400 USD,
// bond 50, apply by day 3, first delivery by day 7, deadline day 30, review 14 days, CAROL at 20 USD).
import assert from 'node:assert/strict';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { loadEscrow, type Escrow } from '../../../src/ledger/contracts/escrow-state.ts';
import { getApplication, loadJob, type Application, type Job } from '../../../src/ledger/work/state.ts';
import type { JobPostPayload } from '../../../src/ledger/work/types.ts';
import { keyFromByte } from '../fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, balance, contractOf, contractWorld, okAt, type ContractWorld } from '../contracts-fixtures.ts';

export const EVE = keyFromByte(5);
export const FRANK = keyFromByte(6);
export const DAY_MS = 24 * HOUR_MS;
/** Block time `days` days after the fixtures' start. */
export const T = (days: number): number => NOW_MS + Math.round(days * DAY_MS);
export const SPEC = new Uint8Array(32).fill(0x51);
export const PROPOSAL = new Uint8Array(32).fill(0x52);

/** The contracts world; BOB, DAVE and EVE hold 10 000 USD more, EVE and FRANK 1 000 AGR; FRANK holds no USD. */
export function workWorld(): ContractWorld {
  const w = contractWorld();
  okAt(w.state, ALICE, 'transfer', { transfers: [
    { to: DAVE.address, asset: 'USD', amount: 10_000n }, { to: EVE.address, asset: 'USD', amount: 10_000n },
    { to: EVE.address, asset: 'AGR', amount: 1_000n }, { to: FRANK.address, asset: 'AGR', amount: 1_000n },
  ] });
  return w;
}

export function examplePost(extra: Partial<JobPostPayload> = {}): JobPostPayload {
  return {
    spec: SPEC, asset: 'USD', milestones: [300n, 300n, 400n], mode: 'single', applyByMs: T(3), deliverByMs: T(7), deadlineMs: T(30),
    reviewWindowMs: 14 * DAY_MS, arbiters: [{ address: CAROL.address, fee: 20n }], arbiterWindowMs: 7 * DAY_MS, bond: 50n, ...extra,
  };
}

/** ALICE posts the example (or `extra`) at day 0; returns the job's address. */
export function post(w: ContractWorld, extra: Partial<JobPostPayload> = {}): string {
  return contractOf(okAt(w.state, ALICE, 'job.post', examplePost(extra), T(0)), 'job.posted', 'job');
}

export function jobOf(state: MemoryState, address: string): Job {
  const job = loadJob(state, address);
  assert.ok(!('code' in job), `no job at ${address}`);
  return job;
}

export function escrowOf(state: MemoryState, address: string): Escrow {
  const escrow = loadEscrow(state, address);
  assert.ok(!('code' in escrow), `no escrow at ${address}`);
  return escrow;
}

export function applicationOf(state: MemoryState, job: string, applicant: string): Application {
  const app = getApplication(state, job, applicant);
  assert.ok(app !== undefined, `no application of ${applicant} to ${job}`);
  return app;
}

export const usd = (state: MemoryState, who: { address: string } | string): bigint => balance(state, typeof who === 'string' ? who : who.address, 'USD');

export { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, balance, contractOf, okAt };
