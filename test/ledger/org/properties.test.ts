// Random orgs (spec/org.md §6): random sequences of every org kind at random times, through the real
// block execution, every invariant checked after each block (the treasury held exactly, supply equals
// balances, touched addresses); and across blocks: the org token's supply is what closes and mint
// motions minted, reputation is never negative, never grows for a member but by a reward, a claim or
// a won motion stake, and members' reputation plus open stakes never exceed what was created; holders
// lock and unlock the org token, and both dividend pots are conserved (spec/org.md §4.1, §4.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getAsset } from '../../../src/ledger/accounts/balances.ts';
import { decay } from '../../../src/ledger/org/decay.ts';
import { orgStep } from '../../../src/ledger/org/reputation.ts';
import { getContribution, getEvaluation, getLock, getMember, getMotion } from '../../../src/ledger/org/state.ts';
import { getBalance } from '../../../src/ledger/accounts/balances.ts';
import type { Receipt } from '../../../src/ledger/types.ts';
import type { OrgAction } from '../../../src/ledger/org/types.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { CHAIN_ID } from '../fixtures.ts';
import { eventsOf, type TimedChain } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, CHARTER, DAVE, DOC, ERIN, HOUR, NATIVE, T0, evaluate, foundCoop, newChain, orgOf, pay, revealScore, revealVote, voteOn } from './fixtures.ts';

const KEYS = [ALICE, BOB, CAROL, DAVE, ERIN];

/** One round: a contribution valued by some members, a motion, and a join or a fund on the side. */
interface Round {
  contributor: number;
  /** Per key: absent (does not evaluate), or a score and whether it reveals. */
  evaluations: ({ score: number; reveals: boolean } | null)[];
  joiner: number;
  fund: number;
  proposer: number;
  /** 0 pay, 1 mint, 2 split, 3 stream (stopped by its payee later), 4 escrow (refunded by its payee later), 5 distribute, 6 distribute to holders. */
  actionKind: number;
  /**
   * A holder locks org tokens before the motion and one (5: the same) unlocks some after it (spec/org.md
   * §4.2): at most what it holds or has locked when it has some (so that most succeed), else the amount
   * drawn (refused).
   */
  locker: number;
  lockAmount: number;
  unlocker: number;
  unlockAmount: number;
  amount: number;
  objector: number | null;
  votes: (boolean | null)[];
}

const roundArb: fc.Arbitrary<Round> = fc.record({
  contributor: fc.nat(4),
  evaluations: fc.array(fc.option(fc.record({ score: fc.nat(100), reveals: fc.boolean() }), { nil: null }), { minLength: 5, maxLength: 5 }),
  joiner: fc.nat(4),
  fund: fc.nat(200),
  proposer: fc.nat(4),
  actionKind: fc.nat(6),
  locker: fc.nat(4),
  lockAmount: fc.integer({ min: 1, max: 400 }),
  unlocker: fc.nat(5),
  unlockAmount: fc.integer({ min: 1, max: 400 }),
  amount: fc.integer({ min: 1, max: 120 }),
  objector: fc.option(fc.nat(4), { nil: null }),
  votes: fc.array(fc.option(fc.boolean(), { nil: null }), { minLength: 5, maxLength: 5 }),
});

/** Every member's reputation read at the org's current step (as a tx at `timeMs` would read it). */
function reputations(chain: TimedChain, org: string, timeMs: number): Map<string, bigint> {
  const record = orgOf(chain, org);
  const step = orgStep(record, timeMs);
  const out = new Map<string, bigint>();
  for (const key of KEYS) {
    const member = getMember(chain.state, org, key.address);
    if (member !== undefined) out.set(key.address, decay(member.reputation, step - member.step));
  }
  return out;
}

/** Stakes not yet returned or lost: unclaimed evaluations, undecided motions. */
function openStakes(chain: TimedChain, org: string): bigint {
  const record = orgOf(chain, org);
  let total = 0n;
  for (let id = 0; id < record.nextContribution; id++) {
    for (const key of KEYS) {
      const evaluation = getEvaluation(chain.state, org, id, key.address);
      if (evaluation !== undefined && !evaluation.claimed) total += evaluation.stake;
    }
    assert.ok(getContribution(chain.state, org, id) !== undefined);
  }
  for (let id = 0; id < record.nextMotion; id++) {
    const motion = getMotion(chain.state, org, id)!;
    if (motion.status === 'proposed') total += motion.stake;
    if (motion.status === 'voting') total += 2n * motion.stake;
  }
  return total;
}

/** Who may gain reputation in these receipts: rewarded contributors, claiming evaluators, stake winners. */
function gainers(receipts: Receipt[]): Set<string> {
  const out = new Set<string>();
  for (const r of receipts) {
    for (const a of eventsOf(r.events, 'org.rewarded')) out.add(a.contributor);
    for (const a of eventsOf(r.events, 'org.claimed')) out.add(a.evaluator);
    for (const a of eventsOf(r.events, 'org.executed')) {
      out.add(a.outcome === 'passed' ? a.proposer : a.objector);
    }
  }
  return out;
}

/** Runs the rounds, checking after every block what spec/org.md §6 says; returns how many txs succeeded per kind. */
function runRounds(rounds: Round[], charter: typeof CHARTER): Map<string, number> {
  const chain = newChain();
  const org = foundCoop(chain, T0, charter);
  const done = new Map<string, number>();
  let created = 3000n;
  let minted = 0n;
  let distributed = 0n;
  let withdrawn = 0n;
  let toHolders = 0n;
  let fromHolders = 0n;
  const run = (t: number, add: (block: ReturnType<TimedChain['block']>) => void): void => {
    const block = chain.block();
    add(block);
    if (block.txs.length === 0) return;
    const before = reputations(chain, org, t);
    const receipts = chain.runAt(t, block);
    const after = reputations(chain, org, t);
    const allowed = gainers(receipts);
    for (const [address, reputation] of after) {
      assert.ok(reputation >= 0n);
      const was = before.get(address) ?? 0n;
      if (reputation > was) assert.ok(allowed.has(address), `${address} gained ${reputation - was} reputation with no reward, claim or won stake`);
    }
    receipts.forEach((r, i) => {
      const kind = `${block.txs[i].tx.body.kind}:${r.code}`;
      done.set(kind, (done.get(kind) ?? 0) + 1);
      for (const a of eventsOf(r.events, 'mint')) if (a.asset === 'COOP') minted += BigInt(a.amount);
      for (const a of eventsOf(r.events, 'org.rewarded')) created += BigInt(a.reputation);
      for (const a of eventsOf(r.events, 'org.distributed')) {
        done.set(`distributed:${a.to}`, (done.get(`distributed:${a.to}`) ?? 0) + 1);
        if (a.to === 'holders') toHolders += BigInt(a.amount);
        else distributed += BigInt(a.amount);
      }
      if (block.txs[i].tx.body.kind === 'org.withdraw') for (const a of eventsOf(r.events, 'transfer')) withdrawn += BigInt(a.amount);
      // org.withdrew names what came from the holders' pot (asset:amount); the rest came from the reputation pot.
      for (const a of eventsOf(r.events, 'org.withdrew')) {
        for (const part of (a.holders ?? '').split(',').filter((p) => p !== '')) {
          const paid = BigInt(part.split(':')[1]);
          fromHolders += paid;
          withdrawn -= paid;
        }
      }
      for (const a of eventsOf(r.events, 'org.closed')) done.set(`outcome:${a.outcome}`, (done.get(`outcome:${a.outcome}`) ?? 0) + 1);
      for (const a of eventsOf(r.events, 'org.joined')) assert.equal(after.get(a.member), 0n, 'a joiner holds no reputation');
    });
    assert.equal(getAsset(chain.state, 'COOP')?.supply, minted, 'the token supply is what closes and motions minted');
    assert.ok(withdrawn <= distributed, `members withdrew ${withdrawn}, more than the ${distributed} distributed`);
    assert.equal(distributed - withdrawn, orgOf(chain, org).pots.get(NATIVE) ?? 0n, 'the pot is what was distributed and not withdrawn');
    // spec/org.md §4.2: the holders' pot likewise, and the locks add up to what the org holds of its token beside its treasury.
    assert.ok(fromHolders <= toHolders, `holders withdrew ${fromHolders}, more than the ${toHolders} distributed to them`);
    assert.equal(toHolders - fromHolders, orgOf(chain, org).holders.pots.get(NATIVE) ?? 0n, 'the holders’ pot is what was distributed to them and not withdrawn');
    const locks = KEYS.reduce((sum, k) => sum + (getLock(chain.state, org, k.address)?.amount ?? 0n), 0n);
    assert.equal(locks, orgOf(chain, org).holders.locked, 'the locks add up to the locked total');
    assert.equal(getBalance(chain.state, org, 'COOP'), locks + (orgOf(chain, org).treasury.assets.get('COOP') ?? 0n), 'the org holds its locked tokens and its treasury’s');
    const held = [...after.values()].reduce((sum, r) => sum + r, 0n);
    assert.ok(held + openStakes(chain, org) <= created, `members hold ${held} and stakes ${openStakes(chain, org)}, more than the ${created} created`);
  };
  const W = charter.evaluationWindowMs;
  const P = charter.motionPeriodMs;
  let t = T0;
  for (const round of rounds) {
    const id = orgOf(chain, org).nextContribution;
    const motion = orgOf(chain, org).nextMotion;
    run(t + 60_000, (b) => b.add(KEYS[round.joiner], 'org.join', { org }).add(KEYS[round.joiner], 'org.fund', { org, assets: [{ asset: NATIVE, amount: BigInt(round.fund + 1) }] }));
    run(t + 2 * 60_000, (b) => b.add(KEYS[round.contributor], 'org.contribute', { org, document: DOC, description: 'work' }));
    const payee = KEYS[round.contributor];
    const other = KEYS[(round.contributor + 1) % KEYS.length];
    const amount = BigInt(round.amount);
    const actions: OrgAction[] = [
      pay(payee, amount),
      { type: 'mint', to: payee.address, amount },
      { type: 'split', members: [{ address: payee.address, weight: 2 }, { address: other.address, weight: 1 }], asset: NATIVE, amount },
      { type: 'stream', payee: payee.address, asset: NATIVE, ratePerSecond: 1n, deposit: amount },
      { type: 'escrow', payee: payee.address, deadlineMs: t + 2 * P + 10 * HOUR, onExpiry: 'release', tranches: [{ assets: [{ asset: NATIVE, amount }] }] },
      { type: 'distribute', asset: NATIVE, amount },
      { type: 'distribute', asset: NATIVE, amount, to: 'holders' },
    ];
    const action = actions[round.actionKind];
    const opened = contractAddressFor(CHAIN_ID, org, BigInt(motion), 0);
    run(t + 3 * 60_000, (b) => b.add(KEYS[round.proposer], 'org.propose', { org, action }));
    const locker = KEYS[round.locker];
    const unlocker = round.unlocker === 5 ? locker : KEYS[round.unlocker];
    const upTo = (drawn: number, have: bigint): bigint => (have > 0n && have < BigInt(drawn) ? have : BigInt(drawn));
    run(t + 4 * 60_000, (b) => b.add(locker, 'org.lock', { org, amount: upTo(round.lockAmount, getBalance(chain.state, locker.address, 'COOP')) }));
    run(t + HOUR, (b) => round.evaluations.forEach((e, i) => e !== null && b.add(KEYS[i], 'org.evaluate', evaluate(org, id, KEYS[i], e.score))));
    if (round.objector !== null) run(t + 2 * HOUR, (b) => b.add(KEYS[round.objector as number], 'org.object', { org, motion }));
    run(t + 3 * HOUR, (b) => round.votes.forEach((v, i) => v !== null && b.add(KEYS[i], 'org.vote', voteOn(org, motion, KEYS[i], v))));
    run(t + W + HOUR, (b) => round.evaluations.forEach((e, i) => e?.reveals === true && b.add(KEYS[i], 'org.reveal', revealScore(org, id, e.score))));
    run(t + 2 * W + HOUR, (b) => b.add(KEYS[round.joiner], 'org.close', { org, contribution: id }));
    run(t + 2 * W + 2 * HOUR, (b) => round.evaluations.forEach((e, i) => e !== null && b.add(KEYS[i], 'org.claim', { org, contribution: id })));
    run(t + P + 3 * HOUR, (b) => round.votes.forEach((v, i) => v !== null && b.add(KEYS[i], 'org.reveal', revealVote(org, motion, v))));
    run(t + 2 * P + 4 * HOUR, (b) => b.add(KEYS[round.joiner], 'org.execute', { org, motion }));
    if (round.actionKind === 3) run(t + 2 * P + 4 * HOUR + 50_000, (b) => b.add(payee, 'stream.stop', { stream: opened }));
    if (round.actionKind === 4) run(t + 2 * P + 4 * HOUR + 50_000, (b) => b.add(payee, 'escrow.refund', { escrow: opened }));
    run(t + 2 * P + 4 * HOUR + 60_000, (b) => round.votes.forEach((v, i) => v === true && b.add(KEYS[i], 'org.withdraw', { org })));
    run(t + 2 * P + 4 * HOUR + 70_000, (b) => b.add(unlocker, 'org.unlock', { org, amount: upTo(round.unlockAmount, getLock(chain.state, org, unlocker.address)?.amount ?? 0n) }));
    run(t + 2 * P + 4 * HOUR + 80_000, (b) => b.add(locker, 'org.withdraw', { org }));
    t += 2 * P + 5 * HOUR;
  }
  return done;
}

test('random orgs keep the treasury, the token supply and reputation as spec/org.md §6 says', () => {
  fc.assert(
    fc.property(
      fc.array(roundArb, { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (rounds, quorumPpm, thresholdPpm, evaluatorStakePpm) => {
        runRounds(rounds, { ...CHARTER, quorumPpm, thresholdPpm, evaluatorStakePpm, halfLifeMs: 20 * 24 * HOUR });
      },
    ),
    { numRuns: 25 },
  );
});

test('the random rounds reach every successful path (a check on the generator)', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(fc.array(roundArb, { minLength: 3, maxLength: 6 }), (rounds) => {
      for (const [kind, n] of runRounds(rounds, { ...CHARTER, quorumPpm: 300_000, halfLifeMs: 20 * 24 * HOUR })) seen.set(kind, (seen.get(kind) ?? 0) + n);
    }),
    { numRuns: 10, seed: 15 },
  );
  for (const kind of ['org.lock', 'org.unlock', 'org.withdraw', 'stream.stop', 'escrow.refund', 'org.join', 'org.fund', 'org.contribute', 'org.evaluate', 'org.reveal', 'org.close', 'org.claim', 'org.propose', 'org.object', 'org.vote', 'org.execute']) {
    assert.ok((seen.get(`${kind}:ok`) ?? 0) > 0, `no ${kind} succeeded: ${JSON.stringify([...seen])}`);
  }
  for (const to of ['reputation', 'holders']) assert.ok((seen.get(`distributed:${to}`) ?? 0) > 0, `no distribution to ${to} passed`);
  for (const outcome of ['accepted', 'rejected', 'no_quorum']) assert.ok((seen.get(`outcome:${outcome}`) ?? 0) > 0, `no contribution closed ${outcome}`);
});
