// Property (issue 16): over random jobs — milestones, bonds, arbiter fees, applicants, each milestone
// approved, auto-released, disputed and split, or never delivered, and a worker who vanishes — the
// budget and the bonds are conserved (what left the poster is exactly what the workers and the arbiter
// got, less the forfeited bond), and every job's escrow ends settled with the job and its escrows empty.
// Every invariant (a contract account holds exactly what it owes) is checked after every tx (okAt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { getContractRecord } from '../../../src/ledger/accounts/contract-account.ts';
import { ALICE, BOB, CAROL, DAVE, EVE, PROPOSAL, T, contractOf, escrowOf, jobOf, okAt, post, usd, workWorld } from './work-fixtures.ts';
import { refusedAt } from '../contracts-fixtures.ts';

type Fate = 'approve' | 'auto' | 'dispute' | 'none';
const FATES: Fate[] = ['approve', 'auto', 'dispute', 'none'];

const jobArb = fc.record({
  milestones: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 4 }),
  bond: fc.bigInt({ min: 0n, max: 100n }),
  feePpm: fc.integer({ min: 0, max: 1_000_000 }),
  applicants: fc.integer({ min: 1, max: 3 }),
  vanish: fc.boolean(),
  fates: fc.array(fc.constantFrom(...FATES), { minLength: 4, maxLength: 4 }),
  toPayeePpm: fc.integer({ min: 0, max: 1_000_000 }),
});

/** One worker's run on its escrow from day `start`: deliveries, approvals, at most one dispute. */
function work(w: ReturnType<typeof workWorld>, job: string, escrow: string, worker: KeyPair, fates: Fate[], toPayeePpm: number, start: number): void {
  const count = escrowOf(w.state, escrow).tranches.length;
  const deliverable = (i: number) => escrowOf(w.state, escrow).tranches[i].deliverByMs! > T(start);
  if (escrowOf(w.state, escrow).tranches.some((t) => t.status === 'held' && t.deliverByMs! <= T(start))) okAt(w.state, DAVE.address === worker.address ? EVE : DAVE, 'escrow.settle', { escrow }, T(start));
  for (let i = 0; i < count; i++) if (fates[i] !== 'none' && deliverable(i)) okAt(w.state, worker, 'job.deliver', { job, milestone: i }, T(start + 0.1));
  for (let i = 0; i < count; i++) if (fates[i] === 'approve' && escrowOf(w.state, escrow).tranches[i].deliveredAtMs !== undefined) okAt(w.state, ALICE, 'job.approve', { job, milestone: i }, T(start + 0.2));
  const disputed = fates.slice(0, count).some((f, i) => f === 'dispute' && escrowOf(w.state, escrow).tranches[i].status === 'held');
  if (disputed && escrowOf(w.state, escrow).state === 'open') {
    okAt(w.state, ALICE, 'job.dispute', { job }, T(start + 0.3));
    const e = escrowOf(w.state, escrow);
    const held = e.tranches.filter((t) => t.status === 'held').reduce((sum, t) => sum + t.assets![0].amount, 0n) - (e.arbiterFee?.amount ?? 0n);
    const toPayee = (held * BigInt(toPayeePpm)) / 1_000_000n;
    okAt(w.state, CAROL, 'escrow.resolve', toPayee === 0n ? { escrow } : { escrow, toPayee: { assets: [{ asset: 'USD', amount: toPayee }] } }, T(start + 0.4));
  }
}

test('random jobs: budgets, bonds and payouts conserved; every escrow ends settled', () => {
  fc.assert(
    fc.property(jobArb, (spec) => {
      const w = workWorld();
      const applicants = [BOB, DAVE, EVE].slice(0, spec.applicants);
      const smallest = spec.milestones.reduce((a, b) => (a < b ? a : b));
      const fee = (smallest * BigInt(spec.feePpm)) / 1_000_000n;
      const everyone = [ALICE, CAROL, ...applicants];
      const before = everyone.map((k) => usd(w.state, k));
      const job = post(w, { milestones: spec.milestones, bond: spec.bond === 0n ? undefined : spec.bond, arbiters: [{ address: CAROL.address, fee }] });
      for (const who of applicants) okAt(w.state, who, 'job.apply', { job, proposal: PROPOSAL }, T(1));
      const escrows = [contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: applicants[0].address, arbiter: CAROL.address }, T(4)), 'job.assigned', 'escrow')];
      let forfeited = 0n;
      if (spec.vanish) {
        okAt(w.state, ALICE, 'job.replace', { job }, T(7));
        forfeited = spec.bond;
        if (applicants.length > 1) {
          escrows.push(contractOf(okAt(w.state, ALICE, 'job.assign', { job, worker: applicants[1].address, arbiter: CAROL.address }, T(8)), 'job.assigned', 'escrow'));
          work(w, job, escrows[1], applicants[1], spec.fates, spec.toPayeePpm, 8);
        }
      } else {
        work(w, job, escrows[0], applicants[0], spec.fates, spec.toPayeePpm, 5);
      }
      // the end: anyone settles what is due, the applicants take their bonds back, the poster closes the job
      for (const escrow of escrows) if (escrowOf(w.state, escrow).state !== 'closed') okAt(w.state, EVE, 'escrow.settle', { escrow }, T(60));
      for (const escrow of escrows) assert.equal(escrowOf(w.state, escrow).state, 'closed');
      const replaced = spec.vanish ? applicants[0].address : undefined;
      for (const who of applicants) if (spec.bond > 0n && who.address !== replaced) okAt(w.state, who, 'job.withdraw', { job }, T(61));
      okAt(w.state, ALICE, 'job.cancel', { job }, T(61));
      assert.equal(usd(w.state, job), 0n);
      assert.equal(jobOf(w.state, job).bonds, 0n);
      for (const escrow of escrows) assert.equal(usd(w.state, escrow), 0n);
      const after = everyone.map((k) => usd(w.state, k));
      const delta = after.map((a, i) => a - before[i]);
      // conservation: the poster's loss is the workers' and the arbiter's gain
      assert.equal(delta.reduce((s, d) => s + d, 0n), 0n);
      assert.ok(delta[1] === 0n || delta[1] === fee, 'the arbiter gets its fee or nothing');
      if (replaced !== undefined) assert.equal(delta[2], -forfeited, 'the vanished worker loses its bond and nothing else');
      for (const d of delta.slice(2)) assert.ok(d >= -forfeited);
      assert.ok(getContractRecord(w.state, job)?.type === 'job');
    }),
    {
      numRuns: 40,
      // Each path at least once, whatever the seed: a dispute split by the arbiter with its fee, an
      // auto-release, a milestone never delivered, and a worker who vanishes and is replaced.
      examples: [
        [{ milestones: [300n, 300n, 400n], bond: 50n, feePpm: 100_000, applicants: 2, vanish: false, fates: ['approve', 'auto', 'dispute', 'none'], toPayeePpm: 400_000 }],
        [{ milestones: [300n, 700n], bond: 20n, feePpm: 0, applicants: 3, vanish: true, fates: ['approve', 'dispute', 'auto', 'none'], toPayeePpm: 1_000_000 }],
        [{ milestones: [5n], bond: 0n, feePpm: 1_000_000, applicants: 1, vanish: false, fates: ['none', 'none', 'none', 'none'], toPayeePpm: 0 }],
      ],
    },
  );
});

test('random contests: awards never pass the budget; the rest returns after the deadline; bonds come back', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: 2000n }), fc.bigInt({ min: 0n, max: 50n }), fc.array(fc.bigInt({ min: 1n, max: 1500n }), { minLength: 1, maxLength: 3 }), (budget, bond, asks) => {
      const w = workWorld();
      const applicants = [BOB, DAVE, EVE].slice(0, asks.length);
      const before = [ALICE, ...applicants].map((k) => usd(w.state, k));
      const job = post(w, { mode: 'contest', milestones: [budget], bond: bond === 0n ? undefined : bond, arbiters: undefined, arbiterWindowMs: undefined });
      for (const who of applicants) okAt(w.state, who, 'job.apply', { job, proposal: PROPOSAL }, T(1));
      let awarded = 0n;
      asks.forEach((amount, i) => {
        const left = jobOf(w.state, job).available;
        if (amount > left) refusedAt(w.state, ALICE, 'job.award', { job, to: applicants[i].address, amount }, 'over_budget', T(5));
        else {
          okAt(w.state, ALICE, 'job.award', { job, to: applicants[i].address, amount }, T(5));
          awarded += amount;
        }
      });
      assert.ok(awarded <= budget);
      for (const who of applicants) if (bond > 0n) okAt(w.state, who, 'job.withdraw', { job }, T(6));
      okAt(w.state, EVE, 'job.cancel', { job }, T(30));
      const after = [ALICE, ...applicants].map((k) => usd(w.state, k));
      assert.equal(before[0] - after[0], awarded);
      assert.equal(after.slice(1).reduce((s, a) => s + a, 0n) - before.slice(1).reduce((s, b) => s + b, 0n), awarded);
      assert.equal(usd(w.state, job), 0n);
    }),
    { numRuns: 30 },
  );
});
