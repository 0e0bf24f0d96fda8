import assert from 'node:assert/strict';
import { AgoraClient, expectCommittedOk } from '../../src/client/client.ts';
import { buildTransfer, feeScheduleFromJson, settleFee, signTx, type TxCommon } from '../../src/client/builders.ts';
import {
  buildOrgClaim,
  buildOrgClose,
  buildOrgContribute,
  buildOrgCreate,
  buildOrgDistribute,
  buildOrgEvaluate,
  buildOrgExecute,
  buildOrgJoin,
  buildOrgObject,
  buildOrgPropose,
  buildOrgRevealScore,
  buildOrgRevealVote,
  buildOrgVote,
  buildOrgWithdraw,
  newOrgSalt,
} from '../../src/client/org.ts';
import type { AccountResponse, CommittedResult, OrgContributionResponse, OrgMemberJson, OrgResponse, ParamsResponse } from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import { allAtHeight, getJson, waitUntil } from '../helpers/testnet.ts';

/**
 * Issue 15's first "Must show" on the shared 4-validator testnet (test/integration/testnet.test.ts
 * calls it; it starts no network of its own): a cooperative driven by the SDK (src/client/org.ts
 * builders, signed here, submitted to the real node processes), each member on another node — Alice
 * on node0, Bob node1, Carol node2, Dave node3 — and every step's block on all four before the next.
 *
 * 1. Founded by Alice with Bob and Carol (3 000 reputation, 1 000 each); Dave joins with none.
 * 2. Contribution 0 is spec/org.md §3.1's worked example, number for number: 530 COOP and 159
 *    reputation to Dave; claims 1 050, 1 049, Carol stays at 900; total 3 158.
 * 3. Contributions 1-4 (base 3 158, quorum 1 579, threshold 60 %): 1 accepted at score 79 (790 COOP,
 *    237 reputation); 2 rejected below threshold (945 up of 1 890: Alice, alone on the agreeing side,
 *    takes Bob's stake: 94 + 94); 3 without quorum (900 of 3 158 revealed: Carol's stake back, Alice's
 *    unrevealed 85 destroyed); 4, Bob's, accepted at score 75 (750 COOP, 225 reputation), Dave's 15
 *    shared by the earlier-weighted points of Carol and Alice.
 * 4. Motions: Alice's to pay Dave 20 AGR passes unopposed; Bob's to pay himself 100 AGR is objected by
 *    Dave, voted down (yes 1 080, no Alice's and Carol's), and fails, Dave taking both stakes; Carol's
 *    to distribute 100 AGR passes, and each member withdraws ⌊r × ⌈a·2^128/total⌉ / 2^128⌋ (§4.1).
 * 5. The org reads the same on all four nodes.
 *
 * Windows: EVALUATION_WINDOW_MS and MOTION_PERIOD_MS; the flow takes about 2 × 2 evaluation windows,
 * 2 motion periods and ~60 txs (each waited for on all four nodes).
 */
const EVALUATION_WINDOW_MS = 10_000; // 6 s lost a reveal to `window_closed` once at load ~18
const MOTION_PERIOD_MS = 6_000;
const ACC = 2n ** 128n;

export interface OrgTestnet {
  chainId: string;
  /** The dev key funded in genesis. */
  dev: KeyPair;
  urls: string[];
}

export async function orgFlowsOnTestnet(net: OrgTestnet): Promise<string> {
  const started = Date.now();
  const clients = net.urls.map((u) => new AgoraClient(u));
  const params: ParamsResponse = await clients[0].params();
  const schedule = feeScheduleFromJson(params.fees);
  const agr = params.nativeAsset;
  const unit = 1_000_000n; // base units per AGR (its 6 decimals)
  const [alice, bob, carol, dave] = [KeyPair.generate(), KeyPair.generate(), KeyPair.generate(), KeyPair.generate()];
  const nodeOf = new Map<string, number>([alice, bob, carol, dave].map((k, i) => [k.address, i]));
  nodeOf.set(net.dev.address, 0);
  let txs = 0;

  const atHeight = (target: number): Promise<void> => allAtHeight(net.urls, target);
  /** Waits until every node's latest block time has reached `timeMs` (a window opened or closed). */
  async function atTime(org: string, timeMs: number): Promise<void> {
    await waitUntil(async () => (await Promise.all(net.urls.map((u) => getJson<OrgResponse>(`${u}/v1/orgs/${org}`)))).every((v) => v.at.timeMs >= timeMs), 60_000, `block time ${timeMs} on every node`, () => '', 100);
  }
  /** Builds with an SDK builder, signs, submits to the signer's node, waits for the commit there and for its block everywhere. */
  async function send(key: KeyPair, build: (common: TxCommon) => TxBody): Promise<CommittedResult> {
    const client = clients[nodeOf.get(key.address) ?? 0];
    const nonce = BigInt((await client.account(key.address)).pendingNonce);
    const draft = build({ chainId: net.chainId, from: key.publicKey, nonce, fee: 0n });
    const signed = signTx({ ...draft, fee: settleFee(schedule, draft) }, [key]);
    const result = expectCommittedOk(await client.submit(signed.bytes, { wait: 'commit' }));
    txs += 1;
    await atHeight(result.height);
    return result;
  }
  const view = (node = 0): Promise<OrgResponse> => clients[node].getOrg(org);
  const reputations = async (node = 0): Promise<bigint[]> => {
    const members = (await clients[node].getOrgMembers(org, { limit: 100 })).members;
    const of = (k: KeyPair): bigint => BigInt(members.find((m: OrgMemberJson) => m.address === k.address)?.reputation ?? '-1');
    return [alice, bob, carol, dave].map(of);
  };
  const balance = async (node: number, key: KeyPair, asset: string): Promise<bigint> =>
    BigInt((await getJson<AccountResponse>(`${net.urls[node]}/v1/accounts/${key.address}`)).balances.find((b) => b.asset === asset)?.amount ?? '0');

  // ---- 1. founding -------------------------------------------------------------------------------
  await send(net.dev, (c) => buildTransfer({ ...c, transfers: [alice, bob, carol, dave].map((k) => ({ to: k.address, asset: agr, amount: 1_000n * unit })) }));
  const charter = {
    evaluationWindowMs: EVALUATION_WINDOW_MS, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 1000n, reputationReward: 300n, evaluatorStakePpm: 100_000,
    feeAsset: agr, contributionFee: 50n * unit, halfLifeMs: 90 * 86_400_000, motionPeriodMs: MOTION_PERIOD_MS, motionStake: 100n, open: true,
  };
  const created = await send(alice, (c) => buildOrgCreate({ ...c, name: 'Ride Coop', token: { symbol: 'COOP', name: 'Coop token', decimals: 0 }, members: [bob.address, carol.address], charter, foundingReputation: 3000n }));
  const org = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
  assert.match(org, /^agora1/);
  assert.deepEqual(await reputations(), [1000n, 1000n, 1000n, -1n]);
  await send(dave, (c) => buildOrgJoin({ ...c, org }));
  assert.deepEqual(await reputations(3), [1000n, 1000n, 1000n, 0n], 'a joiner holds no reputation');

  // ---- 2. the worked example (spec/org.md §3.1) --------------------------------------------------
  const salts = new Map<string, Uint8Array>();
  const saltOf = (key: KeyPair, id: number): Uint8Array => {
    const name = `${key.address}/${id}`;
    if (!salts.has(name)) salts.set(name, newOrgSalt());
    return salts.get(name)!;
  };
  const contribute = async (key: KeyPair, description: string): Promise<number> =>
    Number((await send(key, (c) => buildOrgContribute({ ...c, org, document: new Uint8Array(32).fill(description.length), description }))).receipt.events.find((e) => e.type === 'org.contributed')?.attributes.contribution);
  const evaluate = (key: KeyPair, id: number, score: number): Promise<CommittedResult> => send(key, (c) => buildOrgEvaluate({ ...c, org, contribution: id, score, salt: saltOf(key, id) }));
  const reveal = (key: KeyPair, id: number, score: number): Promise<CommittedResult> => send(key, (c) => buildOrgRevealScore({ ...c, org, contribution: id, score, salt: saltOf(key, id) }));
  const claim = async (key: KeyPair, id: number): Promise<bigint> => BigInt((await send(key, (c) => buildOrgClaim({ ...c, org, contribution: id }))).receipt.events.find((e) => e.type === 'org.claimed')?.attributes.reputation ?? '-1');
  const close = async (key: KeyPair, id: number): Promise<{ outcome: string; tokens?: string; reputation?: string }> => {
    const events = (await send(key, (c) => buildOrgClose({ ...c, org, contribution: id }))).receipt.events;
    const rewarded = events.find((e) => e.type === 'org.rewarded')?.attributes;
    return { outcome: events.find((e) => e.type === 'org.closed')?.attributes.outcome ?? '', tokens: rewarded?.tokens, reputation: rewarded?.reputation };
  };

  assert.equal(await contribute(dave, 'route planner'), 0);
  assert.equal((await view(3)).org.treasury.assets.find((a) => a.asset === agr)?.amount, String(50n * unit));
  for (const [key, score] of [[alice, 80], [bob, 60], [carol, 20]] as const) await evaluate(key, 0, score);
  assert.deepEqual(await reputations(), [900n, 900n, 900n, 0n]);
  const c0 = await clients[0].getOrgContribution(org, 0);
  assert.deepEqual(c0.evaluations.map((e) => [e.evaluator, e.order, e.stake]), [[alice.address, 0, '100'], [bob.address, 1, '100'], [carol.address, 2, '100']]);
  await atTime(org, c0.contribution.commitEndsMs);
  await Promise.all([reveal(alice, 0, 80), reveal(bob, 0, 60), reveal(carol, 0, 20)]);
  const revealed = (await clients[1].getOrgContribution(org, 0)).contribution;
  assert.deepEqual([revealed.upWeight, revealed.downWeight, revealed.scoreSum], ['2000', '1000', '160000']);
  await atTime(org, c0.contribution.revealEndsMs);
  assert.deepEqual(await close(carol, 0), { outcome: 'accepted', tokens: '530', reputation: '159' });
  assert.equal((await view()).org.reputation, '2859');
  assert.deepEqual(await Promise.all([claim(alice, 0), claim(bob, 0), claim(carol, 0)]), [150n, 149n, 0n]);
  assert.deepEqual(await reputations(2), [1050n, 1049n, 900n, 159n], 'the worked example: 1 050, 1 049, 900, 159');
  assert.equal((await view()).org.reputation, '3158');
  assert.equal(await balance(3, dave, 'COOP'), 530n);

  // ---- 3. four more contributions: accepted, rejected below threshold, without quorum, accepted ---
  for (const [key, description] of [[dave, 'fleet map'], [dave, 'night rides'], [dave, 'charging guide'], [bob, 'insurance pool']] as const) await contribute(key, description);
  assert.ok((await clients[0].getOrgContributions(org, { status: 'open' })).contributions.every((k) => k.base === '3158'));
  // Each evaluator commits in its own order (its weights follow from it); the four run side by side.
  const plans: [KeyPair, [number, number][]][] = [
    [alice, [[1, 70], [2, 20], [3, 90], [4, 100]]],
    [bob, [[1, 90], [2, 70]]],
    [carol, [[3, 90], [4, 60]]],
    [dave, [[4, 40]]],
  ];
  await Promise.all(plans.map(async ([key, plan]) => {
    for (const [id, score] of plan) await evaluate(key, id, score);
  }));
  const committed = await Promise.all([1, 2, 3, 4].map((id) => clients[2].getOrgContribution(org, id)));
  const weights = (k: OrgContributionResponse): { [address: string]: [string, string] } => Object.fromEntries(k.evaluations.map((e) => [e.evaluator, [e.weight, e.stake]]));
  assert.deepEqual(weights(committed[0]), { [alice.address]: ['1050', '105'], [bob.address]: ['1049', '104'] });
  assert.deepEqual(weights(committed[1]), { [alice.address]: ['945', '94'], [bob.address]: ['945', '94'] });
  assert.deepEqual(weights(committed[2]), { [alice.address]: ['851', '85'], [carol.address]: ['900', '90'] });
  assert.deepEqual(weights(committed[3]), { [alice.address]: ['766', '76'], [carol.address]: ['810', '81'], [dave.address]: ['159', '15'] });
  await atTime(org, Math.max(...committed.map((k) => k.contribution.commitEndsMs)));
  // Alice never reveals her evaluation of contribution 3: her stake there is lost.
  await Promise.all(plans.map(async ([key, plan]) => {
    for (const [id, score] of plan) if (!(key === alice && id === 3)) await reveal(key, id, score);
  }));
  await atTime(org, Math.max(...committed.map((k) => k.contribution.revealEndsMs)));
  assert.deepEqual(await close(carol, 1), { outcome: 'accepted', tokens: '790', reputation: '237' });
  assert.deepEqual(await close(carol, 2), { outcome: 'rejected', tokens: undefined, reputation: undefined });
  assert.deepEqual(await close(carol, 3), { outcome: 'no_quorum', tokens: undefined, reputation: undefined });
  assert.deepEqual(await close(carol, 4), { outcome: 'accepted', tokens: '750', reputation: '225' });
  const c4 = await clients[0].getOrgContribution(org, 4);
  const orderOf = (k: KeyPair): bigint => BigInt(c4.evaluations.find((e) => e.evaluator === k.address)?.order ?? -1);
  const points = 76n * (32n - orderOf(alice)) + 81n * (32n - orderOf(carol));
  assert.deepEqual([c4.contribution.pool, c4.contribution.points, c4.contribution.score], ['15', String(points), 75]);
  const bonusAlice = (15n * 76n * (32n - orderOf(alice))) / points;
  const bonusCarol = (15n * 81n * (32n - orderOf(carol))) / points;
  const claims = await Promise.all([
    (async () => [await claim(alice, 1), await claim(alice, 2), await claim(alice, 4)])(),
    (async () => [await claim(bob, 1), await claim(bob, 2)])(),
    (async () => [await claim(carol, 3), await claim(carol, 4)])(),
    (async () => [await claim(dave, 4)])(),
  ]);
  assert.deepEqual(claims, [[105n, 188n, 76n + bonusAlice], [104n, 0n], [90n, 81n + bonusCarol], [0n]]);
  const afterContributions = [1059n + bonusAlice, 1180n, 900n + bonusCarol, 381n];
  assert.deepEqual(await reputations(1), afterContributions);
  assert.equal((await view()).org.reputation, String(3520n + bonusAlice + bonusCarol), 'the total: 3 158 + 237 + 225 − 85 unrevealed − what the floors of the pool left');
  for (let node = 0; node < 4; node += 1) assert.deepEqual([await balance(node, dave, 'COOP'), await balance(node, bob, 'COOP')], [1320n, 750n], `tokens on node${node}`);
  assert.equal((await view()).tokenSupply, '2070');

  // ---- 4. motions --------------------------------------------------------------------------------
  const proposed = await Promise.all([
    send(alice, (c) => buildOrgPropose({ ...c, org, action: { type: 'pay', to: dave.address, assets: [{ asset: agr, amount: 20n * unit }] } })),
    send(bob, (c) => buildOrgPropose({ ...c, org, action: { type: 'pay', to: bob.address, assets: [{ asset: agr, amount: 100n * unit }] } })),
    send(carol, (c) => buildOrgDistribute({ ...c, org, asset: agr, amount: 100n * unit })),
  ]);
  const motionOf = (r: CommittedResult): number => Number(r.receipt.events.find((e) => e.type === 'org.proposed')?.attributes.motion);
  const [payDave, payBob, share] = proposed.map(motionOf);
  await send(dave, (c) => buildOrgObject({ ...c, org, motion: payBob }));
  const voteSalts = [newOrgSalt(), newOrgSalt(), newOrgSalt()];
  const voters: [KeyPair, boolean][] = [[alice, false], [bob, true], [carol, false]];
  await Promise.all(voters.map(([key, yes], i) => send(key, (c) => buildOrgVote({ ...c, org, motion: payBob, yes, salt: voteSalts[i] }))));
  const objected = await clients[3].getOrgMotion(org, payBob);
  assert.deepEqual([objected.motion.phase, objected.votes.length], ['voting', 3]);
  const daveBefore = await balance(3, dave, agr);
  await atTime(org, (await clients[0].getOrgMotion(org, payDave)).motion.objectionEndsMs);
  assert.equal((await send(bob, (c) => buildOrgExecute({ ...c, org, motion: payDave }))).receipt.events.find((e) => e.type === 'org.executed')?.attributes.outcome, 'passed');
  for (let node = 0; node < 4; node += 1) assert.equal(await balance(node, dave, agr), daveBefore + 20n * unit, `the motion paid Dave on node${node}`);
  await atTime(org, objected.motion.voteEndsMs ?? 0);
  await Promise.all(voters.map(([key, yes], i) => send(key, (c) => buildOrgRevealVote({ ...c, org, motion: payBob, yes, salt: voteSalts[i] }))));
  await atTime(org, objected.motion.revealEndsMs ?? 0);
  assert.equal((await send(carol, (c) => buildOrgExecute({ ...c, org, motion: payBob }))).receipt.events.find((e) => e.type === 'org.executed')?.attributes.outcome, 'failed');
  const failed = (await clients[1].getOrgMotion(org, payBob)).motion;
  // The weights when they voted: Alice with her proposal's 100 out, Carol likewise; Bob after his.
  assert.deepEqual([failed.status, failed.yes, failed.no], ['failed', '1080', String(959n + bonusAlice + 800n + bonusCarol)]);

  // The distribution: stakes are all home (Carol's comes back as it executes), so reputations are final.
  const final = [1059n + bonusAlice, 1080n, 900n + bonusCarol, 481n];
  const total = final.reduce((a, b) => a + b, 0n);
  assert.deepEqual(await reputations(), [final[0], final[1], final[2] - 100n, final[3]]);
  assert.equal((await send(dave, (c) => buildOrgExecute({ ...c, org, motion: share }))).receipt.events.find((e) => e.type === 'org.executed')?.attributes.outcome, 'passed');
  assert.deepEqual(await reputations(3), final);
  const amount = 100n * unit;
  const acc = (amount * ACC + total - 1n) / total;
  const due = final.map((r) => (r * acc) / ACC);
  const shared = await view(2);
  assert.deepEqual(shared.org.pots, [{ asset: agr, amount: String(amount) }]);
  assert.deepEqual(shared.org.treasury.assets, [{ asset: agr, amount: String(5n * 50n * unit - 20n * unit - amount) }], 'five fees in, 20 paid, 100 to the pot');
  const before = await Promise.all([alice, bob, carol, dave].map((k, i) => balance(i, k, agr)));
  const paid: bigint[] = [];
  for (const [i, key] of [alice, bob, carol, dave].entries()) {
    const result = await send(key, (c) => buildOrgWithdraw({ ...c, org }));
    const fee = BigInt(result.receipt.fee);
    paid.push((await balance(i, key, agr)) - before[i] + fee);
  }
  assert.deepEqual(paid, due, 'each member withdraws ⌊r × ⌈a·2^128/total⌉ / 2^128⌋');
  assert.ok(due.reduce((a, b) => a + b, 0n) <= amount);
  assert.deepEqual((await view()).org.pots, amount === due.reduce((a, b) => a + b, 0n) ? [] : [{ asset: agr, amount: String(amount - due.reduce((a, b) => a + b, 0n)) }]);

  // ---- 5. the same org on every node ---------------------------------------------------------------
  const strip = (v: OrgResponse): string => JSON.stringify({ ...v, at: null, org: { ...v.org, at: null } });
  const views = await Promise.all([0, 1, 2, 3].map(view));
  for (const v of views.slice(1)) assert.equal(strip(v), strip(views[0]), 'the org reads the same on all four nodes');
  return `issue 15's cooperative on 4 nodes by the SDK: 5 contributions (accepted ×3, rejected, no quorum), 3 motions (passed, failed by vote, distribution withdrawn), ${txs} txs (the flow alone ${((Date.now() - started) / 1000).toFixed(1)} s)`;
}
