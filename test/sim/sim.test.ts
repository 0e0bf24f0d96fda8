// The consensus simulation (DESIGN.md §Testing layers): many seeds, each a network of 1–7
// validators running the node's own parts (src/node/assemble.ts: consensus shell, ingress, committer,
// chain with real block execution) over a simulated clock, timers, network and store with faults.
// Half the seeds have Byzantine validators: one, or (with 7 validators, f = 2) a coalition of two
// (coalitions.ts), always < 1/3 of the power. Safety is checked on every event; liveness once the
// faults but the Byzantine ones are over. Every 20th seed signs and verifies with real Ed25519
// (signatures.ts).
//
//   node scripts/test.mjs test/sim/sim.test.ts                     1,000 seeds (the default)
//   SIM_SEEDS=100000 node scripts/test.mjs test/sim/sim.test.ts    more seeds
//   SIM_SEED=746 node scripts/test.mjs test/sim/sim.test.ts        one seed
//   SIM_TWINS=0 node scripts/test.mjs test/sim/sim.test.ts         without twins (on by default)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeed, type SeedResult } from './world.ts';
import { COALITIONS, type ByzantineKind, type CoalitionName } from './coalitions.ts';
import type { FaultCounts } from './host.ts';
import { TWINS_BY_DEFAULT } from './scenario.ts';

const DEFAULT_SEEDS = 1000;

function seedsToRun(): number[] {
  const single = process.env.SIM_SEED;
  if (single !== undefined && single !== '') return [Number.parseInt(single, 10)];
  const count = Number.parseInt(process.env.SIM_SEEDS ?? String(DEFAULT_SEEDS), 10);
  return Array.from({ length: count }, (_, i) => i + 1);
}

interface Totals {
  seeds: number;
  faults: FaultCounts;
  heights: number;
  violations: number;
  livenessFailures: number;
  evidence: number;
  committedEvidence: number;
  /** Seeds in which an honest node committed evidence. */
  seedsWithCommittedEvidence: number;
  honestAccused: number;
  guardRefusals: number;
  maxMsAfterGst: number;
  events: number;
  realSignatureSeeds: number;
  txsAdmitted: number;
  /** Seeds in which each fault happened at least once. */
  seedsWith: Record<keyof FaultCounts, number>;
  /** Seeds by their Byzantine validators' kinds and traits (coalitions.ts). */
  twinSeeds: number;
  grinderSeeds: number;
  skewedClockSeeds: number;
  /** Per coalition: the seeds that drew it, and those in which every member did its kind of harm. */
  coalitions: Record<CoalitionName, { seeds: number; exercised: number }>;
}

/**
 * Whether a member of this kind did its harm in a seed, by the seed's counts (the kinds of a
 * coalition count apart, but for two of one kind). A clock is off from the start: nothing to count.
 */
function didHarm(kind: ByzantineKind, stats: FaultCounts): boolean {
  switch (kind) {
    case 'equivocator':
      return stats.equivocations > 0;
    case 'equivocating-proposer':
      return stats.proposalEquivocations > 0;
    case 'double-voter':
      return stats.doubleVotes > 0;
    case 'flooder':
      return stats.proposalFloods > 0;
    case 'replayer':
      return stats.voteReplays > 0;
    case 'grinder':
      return stats.grinds > 0;
    case 'twins':
      return stats.twinDoubleSigns > 0;
    case 'clock-off':
      return true;
  }
}

function describeFailure(result: SeedResult): string {
  const problems = [...result.violations.map((v) => `${v.kind}: ${v.detail}`)];
  if (result.livenessFailure !== null) problems.push(`liveness: ${result.livenessFailure}`);
  const s = result.scenario;
  const members = s.byzantine.map((m) => `${m.index}:${m.kind}${m.grinds ? '+grinds' : ''}${(s.clockOffsetsMs?.[m.index] ?? 0) === 0 ? '' : ` clock ${s.clockOffsetsMs?.[m.index]}ms`}`);
  const shape = `validators=${s.powers.length} powers=${s.powers.join('/')} byzantine=${members.join(', ') || '-'}${s.coalition === null ? '' : ` (coalition ${s.coalition})`} target=${s.targetHeight}`;
  const twinsOff = TWINS_BY_DEFAULT ? '' : 'SIM_TWINS=0 ';
  return `seed ${result.seed} failed (${shape}):\n  ${problems.join('\n  ')}\n  rerun: ${twinsOff}SIM_SEED=${result.seed} node scripts/test.mjs test/sim/sim.test.ts`;
}

test('simulation: safety on every event, liveness after the faults heal', async () => {
  const started = performance.now();
  const noFaults = (): FaultCounts => ({
    drops: 0, partitionDrops: 0, partitions: 0, duplicates: 0, reorders: 0, crashes: 0, equivocations: 0, futureRoundSpam: 0, proposalFloods: 0, voteReplays: 0,
    proposalEquivocations: 0, doubleVotes: 0, twinDoubleSigns: 0, grinds: 0, grindCandidates: 0, grindChoices: 0,
  });
  const totals: Totals = {
    seeds: 0,
    faults: noFaults(),
    seedsWith: noFaults(),
    twinSeeds: 0,
    grinderSeeds: 0,
    skewedClockSeeds: 0,
    coalitions: Object.fromEntries(Object.keys(COALITIONS).map((name) => [name, { seeds: 0, exercised: 0 }])) as Totals['coalitions'],
    heights: 0,
    violations: 0,
    livenessFailures: 0,
    evidence: 0,
    committedEvidence: 0,
    seedsWithCommittedEvidence: 0,
    honestAccused: 0,
    guardRefusals: 0,
    maxMsAfterGst: 0,
    events: 0,
    realSignatureSeeds: 0,
    txsAdmitted: 0,
  };
  const failures: string[] = [];
  for (const seed of seedsToRun()) {
    let result: SeedResult;
    try {
      result = await runSeed(seed);
    } catch (error) {
      failures.push(`seed ${seed} threw: ${(error as Error).stack ?? String(error)}\n  rerun: SIM_SEED=${seed} node scripts/test.mjs test/sim/sim.test.ts`);
      continue;
    }
    totals.seeds++;
    for (const kind of Object.keys(totals.faults) as Array<keyof FaultCounts>) {
      totals.faults[kind] += result.stats[kind];
      if (result.stats[kind] > 0) totals.seedsWith[kind]++;
    }
    const { byzantine, coalition, clockOffsetsMs } = result.scenario;
    if (byzantine.some((m) => m.kind === 'twins')) totals.twinSeeds++;
    if (byzantine.some((m) => m.grinds || m.kind === 'grinder')) totals.grinderSeeds++;
    if (byzantine.some((m) => (clockOffsetsMs?.[m.index] ?? 0) !== 0)) totals.skewedClockSeeds++;
    if (coalition !== null) {
      totals.coalitions[coalition].seeds++;
      if (byzantine.every((m) => didHarm(m.kind, result.stats))) totals.coalitions[coalition].exercised++;
    }
    totals.heights += result.heightsDecided;
    totals.violations += result.violations.length;
    totals.livenessFailures += result.livenessFailure === null ? 0 : 1;
    totals.evidence += result.stats.evidence;
    totals.committedEvidence += result.stats.committedEvidence;
    if (result.stats.committedEvidence > 0) totals.seedsWithCommittedEvidence++;
    totals.honestAccused += result.stats.honestAccused;
    totals.guardRefusals += result.stats.guardRefusals;
    totals.maxMsAfterGst = Math.max(totals.maxMsAfterGst, result.msAfterGst);
    totals.events += result.events;
    totals.realSignatureSeeds += result.realSignatures ? 1 : 0;
    totals.txsAdmitted += result.stats.txsAdmitted;
    if (result.violations.length > 0 || result.livenessFailure !== null) failures.push(describeFailure(result));
  }
  const f = totals.faults;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `sim: ${totals.seeds} seeds (${totals.realSignatureSeeds} with real signatures) in ${seconds}s, ${totals.events} events, ${totals.txsAdmitted} txs admitted; faults: drop=${f.drops} partition=${f.partitions} (${f.partitionDrops} msgs cut)` +
      ` duplicate=${f.duplicates} reorder=${f.reorders} crash=${f.crashes} equivocation=${f.equivocations}` +
      ` future-round=${f.futureRoundSpam} proposal-flood=${f.proposalFloods} vote-replay=${f.voteReplays}; heights committed=${totals.heights}; evidence=${totals.evidence}` +
      ` guard-refusals=${totals.guardRefusals}; max ms from GST to target=${totals.maxMsAfterGst};` +
      ` safety violations=${totals.violations}; liveness failures=${totals.livenessFailures}`,
  );
  const w = totals.seedsWith;
  console.log(
    `sim Byzantine (seeds exercised / count): twins ${totals.twinSeeds} seeds, ${w.twinDoubleSigns} / ${f.twinDoubleSigns} twin double signs;` +
      ` equivocating proposer ${w.proposalEquivocations} / ${f.proposalEquivocations}; double votes ${w.doubleVotes} / ${f.doubleVotes};` +
      ` grinder ${totals.grinderSeeds} seeds, ${w.grinds} / ${f.grinds} grinds of ${f.grindCandidates} candidates, ${f.grindChoices} with a choice of next proposer;` +
      ` clock 30 s off ${totals.skewedClockSeeds} seeds; proposal floods ${w.proposalFloods} / ${f.proposalFloods}; vote replays ${w.voteReplays} / ${f.voteReplays};` +
      ` future-round votes ${w.futureRoundSpam} / ${f.futureRoundSpam}; evidence on honest nodes ${totals.evidence}, committed ${totals.committedEvidence} in ${totals.seedsWithCommittedEvidence} seeds; honest validators accused ${totals.honestAccused}`,
  );
  const coalitions = Object.entries(totals.coalitions).map(([name, c]) => `${name} ${c.exercised} / ${c.seeds}`);
  console.log(`sim coalitions (seeds where every member did harm / seeds drawn): ${coalitions.join('; ')}`);
  for (const failure of failures.slice(0, 20)) console.log(failure);
  // The VRF seed leaves a grinder no choice: every candidate block draws the same next proposer.
  assert.equal(f.grindChoices, 0, `${f.grindChoices} grind(s) found blocks that draw different next proposers`);
  assert.equal(failures.length, 0, `${failures.length} seed(s) failed; see the lines above`);
  // Evidence is proof: a block that names an honest validator an offender is a bug (spec/chain.md §6).
  assert.equal(totals.honestAccused, 0, 'a committed block accused an honest validator');
  if (totals.seeds >= 200) {
    // The faults must actually happen, or the run proves nothing.
    const kinds = ['drops', 'partitions', 'duplicates', 'reorders', 'crashes', 'equivocations', 'proposalFloods', 'voteReplays', 'proposalEquivocations', 'doubleVotes', 'grinds'] as const;
    for (const kind of kinds) assert.ok(f[kind] > 0, `no ${kind} were injected`);
    assert.ok(totals.grinderSeeds > 0 && totals.skewedClockSeeds > 0, 'a Byzantine trait (grinder, clock 30 s off) was never drawn');
    if (TWINS_BY_DEFAULT) assert.ok(totals.twinSeeds > 0 && f.twinDoubleSigns > 0, 'twins never ran, or never signed two different messages');
    assert.ok(totals.evidence > 0, 'honest nodes never reported the equivocations');
    assert.ok(totals.committedEvidence > 0, 'no equivocation was ever committed as evidence');
    assert.ok(totals.txsAdmitted > 0, 'no block executed a tx');
  }
  if (totals.seeds >= 1000) {
    assert.ok(totals.realSignatureSeeds >= 50, `only ${totals.realSignatureSeeds} seeds ran with real signatures`);
    // Every coalition ran, and in some seed each of its members did its harm (with SIM_TWINS=0 a
    // twins member is an equivocator, and judged as one).
    for (const [name, c] of Object.entries(totals.coalitions)) {
      assert.ok(c.seeds > 0, `coalition ${name} was never drawn`);
      assert.ok(c.exercised > 0, `coalition ${name}: in none of its ${c.seeds} seeds did every member do harm`);
    }
  }
});
