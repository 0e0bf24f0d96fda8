import assert from 'node:assert/strict';
import { buildJobApply, buildJobDeliver } from '../../src/client/work.ts';
import { buildOrgClose, buildOrgCreate, buildOrgEvaluate, buildOrgExecute, buildOrgFund, buildOrgJoin, buildOrgPropose, buildOrgRevealScore, newOrgSalt, type OrgAction } from '../../src/client/org.ts';
import type { CommittedResult } from '../../src/client/types.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { eventOf, type TestnetDriver } from '../helpers/testnet-sdk.ts';
import { assertReputation, assertReviews, assertTrades, reviewAll, tradesOf } from './testnet-work-reviews.ts';
import type { Story } from './testnet-work.ts';

/**
 * Story 7 of test/integration/testnet-work.ts: a job posted by an org (spec/work.md §2). Alice founds
 * the Guild with Bob and Carol (3 000 reputation, 1 000 each); Bob funds its treasury; Wendy joins with
 * none. Alice's motions post the job from the treasury, assign Wendy and approve her delivered
 * milestone, each passed unopposed after MOTION_PERIOD_MS and executed by another member; the approved
 * milestone enters the org as Wendy's contribution (src/ledger/work/org-contribution.ts), which Alice,
 * Bob and Carol evaluate (90, 70, 30: Carol alone below 50) and close after two EVALUATION_WINDOW_MS.
 * Wendy gains exactly spec/org.md §3's ⌊reputationReward × score / 100⌋ with score ⌊Σ w·s / Σ w⌋, and
 * ⌊tokenReward × score / 100⌋ Guild tokens.
 */
// Short, but each window must hold a round of txs: the three evaluations, committed side by side from
// the approval's block, and the reveals, sent once every node has a block past the commits' end. With
// the load average at 18 on 2 cores (other suites running) a tx took 2-4 s to commit and every node
// saw a block past a time ~1-2 s after it: 8 s windows left the reveals 2.5 s; 12 s leave them 6 s.
const MOTION_PERIOD_MS = 1_000; // the least a charter takes: nobody objects here
const EVALUATION_WINDOW_MS = 12_000;
const MINUTE_MS = 60_000;
const BUDGET = 80n; // whole AGR, one milestone
const FUNDED = 200n; // whole AGR Bob puts in the treasury
const CHARTER = {
  evaluationWindowMs: EVALUATION_WINDOW_MS, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1_000n, reputationReward: 300n, evaluatorStakePpm: 100_000,
  contributionFee: 0n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: MOTION_PERIOD_MS, motionStake: 100n, open: true,
};

export function orgJobStory(d: TestnetDriver, fund: bigint): Story {
  const [alice, bob, carol, wendy] = [d.key(), d.key(), d.key(), d.key()];
  const u = d.unit;
  return {
    name: '7. an org-posted job whose worker gains org reputation',
    keys: [alice, bob, carol, wendy],
    run: async () => {
      const created = await d.send(alice, (c) => buildOrgCreate({ ...c, name: 'Work Guild', token: { symbol: 'GUILD', name: 'Guild token', decimals: 0 }, members: [bob.address, carol.address], charter: { ...CHARTER, feeAsset: d.agr }, foundingReputation: 3_000n }));
      const org = eventOf(created, 'org.created').org;
      const reputations = async (node: number): Promise<bigint[]> => {
        const { members } = await d.clients[node].getOrgMembers(org, { limit: 100 });
        return [alice, bob, carol, wendy].map((k) => BigInt(members.find((m) => m.address === k.address)?.reputation ?? '-1'));
      };

      /** Alice proposes `action` (while `alongside` runs); after the objection period nobody used, and `alongside` done, `executor` executes it. */
      const byMotion = async (action: OrgAction, executor: KeyPair, alongside: Promise<unknown> = Promise.resolve()): Promise<{ motion: number; executed: CommittedResult }> => {
        const [proposed] = await Promise.all([d.send(alice, (c) => buildOrgPropose({ ...c, org, action })), alongside]);
        const motion = Number(eventOf(proposed, 'org.proposed').motion);
        await d.atTime((await d.clients[0].getOrgMotion(org, motion)).motion.objectionEndsMs, `the objection period of motion ${motion}`);
        const executed = await d.send(executor, (c) => buildOrgExecute({ ...c, org, motion }));
        assert.equal(eventOf(executed, 'org.executed').outcome, 'passed');
        return { motion, executed };
      };

      // The job, posted by motion: its budget leaves the treasury, which Bob funds and Wendy joins as the
      // motion runs; its address is the motion's (spec/work.md §2).
      const now = await d.timeMs();
      const payload = { spec: new Uint8Array(32).fill(0x77), asset: d.agr, milestones: [BUDGET * u], mode: 'single' as const, applyByMs: now + 10 * MINUTE_MS, deliverByMs: now + 20 * MINUTE_MS, deadlineMs: now + 60 * MINUTE_MS };
      const funding = Promise.all([d.send(bob, (c) => buildOrgFund({ ...c, org, assets: [{ asset: d.agr, amount: FUNDED * u }] })), d.send(wendy, (c) => buildOrgJoin({ ...c, org }))]);
      const posted = await byMotion({ type: 'job', kind: 'post', payload }, carol, funding);
      assert.deepEqual(await reputations(3), [1_000n, 1_000n, 1_000n, 0n], 'a joiner holds no reputation');
      const job = eventOf(posted.executed, 'job.posted').job;
      assert.equal(job, contractAddressFor(d.net.chainId, org, BigInt(posted.motion), 0));
      assert.equal(eventOf(posted.executed, 'job.posted').poster, org);
      // Wendy applies while the motion to assign her runs; an approval of the org is a motion too.
      const assigned = await byMotion({ type: 'job', kind: 'assign', payload: { job, worker: wendy.address } }, carol, d.send(wendy, (c) => buildJobApply({ ...c, job, proposal: new Uint8Array(32).fill(0x78) })));
      const escrow = eventOf(assigned.executed, 'job.assigned').escrow;
      // Alice proposes the approval as Wendy delivers; it executes once the delivery is in.
      const delivery = d.send(wendy, (c) => buildJobDeliver({ ...c, job, milestone: 0, document: new Uint8Array(32).fill(0x79) }));
      const approved = await byMotion({ type: 'job', kind: 'approve', payload: { job, milestone: 0 } }, bob, delivery);
      const trades = tradesOf(approved.executed);
      assertTrades(trades, [{ ref: `${escrow}/0`, buyer: org, seller: wendy.address, amount: BUDGET * u }]);
      const entered = eventOf(approved.executed, 'org.contributed');
      assert.deepEqual([entered.contributor, entered.job, entered.milestone], [wendy.address, job, '0']);
      const id = Number(entered.contribution);

      // The members value it by spec/org.md §3.
      const submitted = (await d.clients[1].getOrgContribution(org, id)).contribution;
      assert.deepEqual([submitted.contributor, submitted.description, submitted.base], [wendy.address, `job ${job} milestone 1`, '3000']);
      const scores: [KeyPair, number][] = [[alice, 90], [bob, 70], [carol, 30]];
      const salts = scores.map(() => newOrgSalt());
      // Wendy reviews the org on the milestone's trade meanwhile: the org signs nothing, so its review never comes.
      const reviewed = reviewAll(d, [{ reviewer: wendy, subject: org, trade: trades[0].trade, rating: 5, mirrored: false }]);
      reviewed.catch(() => undefined); // awaited below; a failure meanwhile is not an unhandled rejection
      await Promise.all(scores.map(([key, score], i) => d.send(key, (c) => buildOrgEvaluate({ ...c, org, contribution: id, score, salt: salts[i] }))));
      await d.atTime(submitted.commitEndsMs, `the commits of contribution ${id}`);
      await Promise.all(scores.map(([key, score], i) => d.send(key, (c) => buildOrgRevealScore({ ...c, org, contribution: id, score, salt: salts[i] }))));
      await d.atTime(submitted.revealEndsMs, `the reveals of contribution ${id}`);
      const closed = await d.send(carol, (c) => buildOrgClose({ ...c, org, contribution: id }));
      const weight = 1_000n; // each evaluator's reputation when it committed
      const score = (weight * 90n + weight * 70n + weight * 30n) / (3n * weight); // ⌊scoreSum / revealed⌋ = 63
      const gained = (CHARTER.reputationReward * score) / 100n; // 189
      const tokens = (CHARTER.tokenReward * score) / 100n; // 630
      assert.equal(eventOf(closed, 'org.closed').outcome, 'accepted');
      assert.deepEqual([eventOf(closed, 'org.rewarded').reputation, eventOf(closed, 'org.rewarded').tokens], [String(gained), String(tokens)]);

      await reviewed;

      // Each evaluator's stake (10 %) stays out until it claims it (spec/org.md §3, testnet-org.ts); the total is the quorum base.
      const stake = weight / 10n;
      const expected = [weight - stake, weight - stake, weight - stake, gained];
      for (let node = 0; node < 4; node += 1) assert.deepEqual(await reputations(node), expected, `reputations on node${node}: Wendy gained ${gained}`);
      for (const [node, client] of d.clients.entries()) {
        const view = await client.getOrg(org);
        assert.deepEqual([view.org.reputation, view.org.treasury.assets], [String(3n * (weight - stake) + gained), [{ asset: d.agr, amount: String((FUNDED - BUDGET) * u) }]], `the Guild on node${node}`);
      }
      const ending = (k: KeyPair, delta: bigint): bigint => fund * u - d.feesOf(k.address) + delta;
      await d.balancesEverywhere([
        ['alice', alice.address, ending(alice, 0n)], ['bob', bob.address, ending(bob, -FUNDED * u)], ['carol', carol.address, ending(carol, 0n)],
        ['wendy', wendy.address, ending(wendy, BUDGET * u)], ['org', org, (FUNDED - BUDGET) * u], ['job', job, 0n], ['escrow', escrow, 0n],
      ]);
      await d.balancesEverywhere([['wendy', wendy.address, tokens]], 'GUILD');
      await assertReviews(d, org, [{ trade: trades[0].trade, reviewer: wendy.address, rating: null }]);
      await assertReputation(d, wendy.address, { trades: 1, reviews: 0, ratingSum: 0, weight: 0n });
      return `posted, assigned and approved by 3 motions; the milestone closed as a contribution at score ${score}: Wendy +${gained} reputation, +${tokens} GUILD`;
    },
  };
}
