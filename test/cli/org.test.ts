// `agora org …` (spec/org.md) run in this process against a dev node in this process, with a charter
// of 5-second windows: founding, joining, contributing, evaluating (the salt kept in the home),
// revealing, closing, claiming, proposing, objecting, voting and executing; and the refusals of issue
// 15 — evaluating twice, evaluating one's own contribution, a reveal that does not match, voting
// without reputation, executing a pending or failed motion, claiming twice — each with its code and
// no change to the org, its contribution or its motion. Bad flags are refused before anything is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrgContributionResponse, OrgMotionResponse, OrgResponse } from '../../src/client/types.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const WINDOW = '5s';

describe('agora org commands (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  let org = '';
  let doc = '';

  const { ok, okJson, fails } = nodeCli(() => t);

  /** The org, a contribution and a motion as JSON without `at`: what a refusal must leave as it was. */
  async function snapshot(): Promise<string> {
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'at' || key === 'phase' ? undefined : v)));
    const view = await okJson<OrgResponse>(['org', 'show', org]);
    const parts: unknown[] = [strip(view)];
    for (let id = 0; id < view.org.contributions; id += 1) parts.push(strip(await okJson<OrgContributionResponse>(['org', 'show', org, '--contribution', String(id)])));
    for (let id = 0; id < view.org.motions; id += 1) parts.push(strip(await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(id)])));
    return JSON.stringify(parts);
  }

  async function refusedUnchanged(args: string[], code: string): Promise<void> {
    const before = await snapshot();
    await fails(args, code);
    assert.equal(await snapshot(), before, `agora ${args.join(' ')} changed the org`);
  }

  const waitForBlockTime = (ms: number): Promise<void> => eventually(() => t.node.chain.lastTimeMs >= ms, 15_000);

  before(async () => {
    t = await startTestNode();
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '2000']);
    }
    doc = join(t.home, 'route.txt');
    await writeFile(doc, 'a route planner');
  });
  after(async () => t.stop());

  test('bad flags are refused before anything is sent', async () => {
    await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--symbol', 'coop'], 'bad_symbol');
    await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--symbol', 'COOP', '--quorum', '101'], 'bad_usage');
    await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--symbol', 'COOP', '--fee', '1.0000001'], 'bad_amount');
    await fails(['org', 'evaluate', '--from', 'alice', '--org', 'nope', '--contribution', '0', '--score', '50'], 'bad_address');
    await fails(['org', 'evaluate', '--from', 'alice', '--org', address.bob, '--contribution', '0', '--score', '101'], 'bad_usage');
    await fails(['org', 'vote', '--from', 'alice', '--org', address.bob, '--motion', '0'], 'bad_usage');
    await fails(['org', 'propose', '--from', 'alice', '--org', address.bob], 'bad_usage');
    // The forms of DESIGN.md: a symbol made of the name, a charter file, ids ORG/N, --pay --amount.
    await fails(['org', 'create', '--from', 'alice', '--name', '!!'], 'bad_symbol');
    await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--charter', join(t.home, 'no-such-charter.json')], 'bad_file');
    const charter = join(t.home, 'bad-charter.json');
    await writeFile(charter, JSON.stringify({ quorumPpm: 500_000 }));
    assert.match(await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--charter', charter], 'bad_file'), /unknown field "quorumPpm"/);
    await writeFile(charter, JSON.stringify({ quorum: 101 }));
    await fails(['org', 'create', '--from', 'alice', '--name', 'Coop', '--charter', charter], 'bad_usage');
    assert.match(await fails(['org', 'evaluate', '--from', 'alice', '--contribution', '0', '--score', '50'], 'bad_usage'), /--org/);
    await fails(['org', 'evaluate', '--from', 'alice', '--org', address.bob, '--contribution', `${address.carol}/0`, '--score', '50'], 'bad_usage');
    await fails(['org', 'execute', '--from', 'alice', '--motion', 'nope/0'], 'bad_address');
    await fails(['org', 'propose', '--from', 'alice', '--org', address.bob, '--pay', 'dave', '--give', '1', '--amount', '1'], 'bad_usage');
    await fails(['org', 'claim', '--from', 'alice'], 'bad_usage');
  });

  test('founding and the view: members by reputation, fee and treasury in units', async () => {
    const created = await okJson<{ orgId: string; token: string; txId: string }>([
      'org', 'create', '--from', 'alice', '--name', 'Coop', '--symbol', 'COOP', '--member', 'bob', '--member', 'carol', '--reputation', '3000',
      '--evaluation-window', WINDOW, '--motion-period', WINDOW, '--fee', '50', '--half-life', '90d',
    ]);
    org = created.orgId;
    assert.match(org, /^agora1/);
    await ok(['org', 'join', '--from', 'dave', '--org', org]);
    const contributed = await okJson<{ contribution: number }>(['org', 'contribute', '--from', 'dave', '--org', org, '--doc', doc, '--description', 'route planner']);
    assert.equal(contributed.contribution, 0);
    const shown = await ok(['org', 'show', org]);
    assert.match(shown, /^treasury:\s+50 AGR$/m);
    assert.match(shown, /^contribution fee:\s+50 AGR$/m);
    assert.match(shown, new RegExp(`^${address.dave}\\s+0\\s+-$`, 'm'));
    assert.match(shown, /^0\s+agora1\S+\s+committing\s+\S+\s+route planner$/m);
    assert.match(await ok(['org', 'memberships', 'bob']), new RegExp(`^${org}\\s+Coop\\s+COOP\\s+1000$`, 'm'));
    assert.match(await ok(['contract', 'show', org]), /^type:\s+org$[\s\S]*^treasury:\s+50 AGR$/m, 'agora contract show reads an org too');
  });

  test('evaluations: one’s own and a second are refused; a reveal that does not match is refused; then it reveals, closes and claims once', async () => {
    await refusedUnchanged(['org', 'evaluate', '--from', 'dave', '--org', org, '--contribution', '0', '--score', '90'], 'own_contribution');
    assert.equal(existsSync(join(t.home, 'org-salts', `${org}-c0-${address.dave}.json`)), false, 'a refused commit keeps no salt');

    const kept = (await okJson<{ kept: string }>(['org', 'evaluate', '--from', 'alice', '--org', org, '--contribution', '0', '--score', '80'])).kept;
    await ok(['org', 'evaluate', '--from', 'bob', '--org', org, '--contribution', '0', '--score', '60']);
    // Twice: the CLI keeps the first salt and refuses; without the kept file the ledger refuses too.
    await refusedUnchanged(['org', 'evaluate', '--from', 'alice', '--org', org, '--contribution', '0', '--score', '10'], 'already_evaluated');
    await rename(kept, `${kept}.aside`);
    await refusedUnchanged(['org', 'evaluate', '--from', 'alice', '--org', org, '--contribution', '0', '--score', '10', '--json'], 'already_evaluated');
    await rename(`${kept}.aside`, kept);

    const committed = await okJson<OrgContributionResponse>(['org', 'show', org, '--contribution', '0']);
    assert.deepEqual(committed.evaluations.map((e) => [e.evaluator, e.stake, e.score]), [[address.alice, '100', null], [address.bob, '100', null]]);
    await waitForBlockTime(committed.contribution.commitEndsMs);
    await refusedUnchanged(['org', 'reveal', '--from', 'alice', '--org', org, '--contribution', '0', '--score', '10'], 'reveal_mismatch');
    await ok(['org', 'reveal', '--from', 'alice', '--org', org, '--contribution', '0']);
    await ok(['org', 'reveal', '--from', 'bob', '--org', org, '--contribution', '0']);
    await waitForBlockTime(committed.contribution.revealEndsMs);
    // 2 000 of 3 000 revealed, all up: accepted at ⌊(1 000×80 + 1 000×60)/2 000⌋ = 70.
    // Said for people: the reward in the token's units, not base units.
    const closedText = await ok(['org', 'close', '--from', 'carol', '--org', org, '--contribution', '0']);
    assert.match(closedText, /^closed contribution 0: accepted \([\d.,]+ COOP and 210 reputation to agora1\w+\)/m);
    const closed = (await okJson<OrgContributionResponse>(['org', 'show', org, '--contribution', '0'])).contribution;
    assert.deepEqual([closed.status, closed.score], ['accepted', 70]);
    const claimed = await okJson<{ reputation: string }>(['org', 'claim', '--from', 'alice', '--org', org, '--contribution', '0']);
    assert.equal(claimed.reputation, '100', 'nobody disagreed: the stake comes back alone');
    await refusedUnchanged(['org', 'claim', '--from', 'alice', '--org', org, '--contribution', '0'], 'already_claimed');
    const view = await okJson<OrgResponse>(['org', 'show', org]);
    assert.equal(view.tokenSupply, '700');
    assert.deepEqual(Object.fromEntries(view.members.map((m) => [m.address, m.reputation])), { [address.alice]: '1000', [address.bob]: '900', [address.carol]: '1000', [address.dave]: '210' });
  });

  test('motions: voting without reputation, executing a pending motion, then a failed one, are refused', async () => {
    await ok(['org', 'join', '--from', 'dev', '--org', org]);
    const proposed = await okJson<{ motion: number }>(['org', 'propose', '--from', 'alice', '--org', org, '--pay', 'dave', '--give', '20']);
    assert.equal(proposed.motion, 0);
    await refusedUnchanged(['org', 'execute', '--from', 'bob', '--org', org, '--motion', '0'], 'motion_pending');
    await ok(['org', 'object', '--from', 'bob', '--org', org, '--motion', '0']);
    await refusedUnchanged(['org', 'vote', '--from', 'dev', '--org', org, '--motion', '0', '--yes'], 'no_reputation');
    assert.equal(existsSync(join(t.home, 'org-salts', `${org}-m0-${t.dev.address}.json`)), false);
    await ok(['org', 'vote', '--from', 'carol', '--org', org, '--motion', '0', '--no']);
    await refusedUnchanged(['org', 'execute', '--from', 'bob', '--org', org, '--motion', '0'], 'motion_pending');
    const voting = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', '0']);
    assert.equal(voting.motion.phase, 'voting');
    await waitForBlockTime(voting.motion.voteEndsMs ?? 0);
    await ok(['org', 'reveal', '--from', 'carol', '--org', org, '--motion', '0']);
    await waitForBlockTime(voting.motion.revealEndsMs ?? 0);
    const executed = await okJson<{ outcome: string }>(['org', 'execute', '--from', 'bob', '--org', org, '--motion', '0']);
    assert.equal(executed.outcome, 'failed');
    await refusedUnchanged(['org', 'execute', '--from', 'bob', '--org', org, '--motion', '0'], 'motion_closed');
    const view = await okJson<OrgResponse>(['org', 'show', org]);
    assert.deepEqual(view.org.treasury.assets.map((a) => a.amount), ['50000000'], 'nothing was paid');
    assert.match(await ok(['org', 'show', org, '--motion', '0']), /^status:\s+failed$[\s\S]*^tally:\s+yes 0, no 1000/m);
  });

  test('revenue: fund, distribute (a motion), execute, withdraw by reputation; a member added and tokens minted by motion', async () => {
    await ok(['org', 'fund', '--from', 'dev', '--org', org, '--give', '300']);
    const proposed = await okJson<{ motion: number }>(['org', 'distribute', '--from', 'bob', '--org', org, '--amount', '300']);
    // Beside it, a member added and the org token minted by motion (executed first, so that every stake is home for the distribution).
    const erin = (await okJson<{ address: string }>(['keys', 'new', 'erin'])).address;
    const addErin = await okJson<{ motion: number }>(['org', 'propose', '--from', 'carol', '--org', org, '--add-member', 'erin']);
    const mint = await okJson<{ motion: number }>(['org', 'propose', '--from', 'alice', '--org', org, '--mint', 'dave', '--amount', '5']);
    const motion = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(proposed.motion)]);
    assert.deepEqual(motion.motion.action, { type: 'distribute', asset: t.nativeAsset, amount: '300000000' });
    assert.match(await ok(['org', 'show', org]), /^1\s+agora1\S+\s+objectable\s+objections until \S+\s+distribute 300 AGR by reputation$/m);
    await waitForBlockTime((await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(mint.motion)])).motion.objectionEndsMs);
    for (const id of [addErin.motion, mint.motion, proposed.motion]) assert.equal((await okJson<{ outcome: string }>(['org', 'execute', '--from', 'carol', '--org', org, '--motion', String(id)])).outcome, 'passed');
    assert.match(await ok(['org', 'memberships', 'erin']), new RegExp(`^${org}\\s+Coop\\s+COOP\\s+0$`, 'm'));
    assert.match(erin, /^agora1/);
    assert.equal((await okJson<{ balances: { asset: string; amount: string }[] }>(['account', 'dave'])).balances.find((b) => b.asset === 'COOP')?.amount, '705');
    // Stakes all home: Alice lost hers to Bob's objection (900), Bob 1 000, Carol 1 000, Dave 210.
    const view = await okJson<OrgResponse>(['org', 'show', org]);
    const reputation = Object.fromEntries(view.members.map((m) => [m.address, BigInt(m.reputation)]));
    assert.deepEqual([reputation[address.alice], reputation[address.bob], reputation[address.carol], reputation[address.dave]], [900n, 1000n, 1000n, 210n]);
    const total = BigInt(view.org.reputation);
    const acc = (300_000_000n * 2n ** 128n + total - 1n) / total;
    const due = (reputation[address.bob] * acc) / 2n ** 128n;
    assert.deepEqual(view.members.find((m) => m.address === address.bob)?.owed, [{ asset: t.nativeAsset, amount: String(due) }], 'owed, settled lazily by the query');
    const withdrawn = await okJson<{ paid: { asset: string; amount: string }[] }>(['org', 'withdraw', '--from', 'bob', '--org', org]);
    assert.deepEqual(withdrawn.paid, [{ asset: t.nativeAsset, amount: String(due) }]);
    assert.match(await ok(['org', 'withdraw', '--from', 'carol', '--org', org]), /^withdrew 96\.\d+ AGR of dividends from agora1/m);
    await ok(['send', '--from', 'dev', '--to', 'erin', '--amount', '1']);
    await fails(['org', 'withdraw', '--from', 'erin', '--org', org], 'nothing_due');
    await fails(['org', 'withdraw', '--from', 'bob', '--org', org], 'nothing_due');
  });

  test('holders: lock the org token, a distribution to holders, the holder’s claimable, withdraw, unlock (spec/org.md §4.2)', async () => {
    await ok(['send', '--from', 'dev', '--to', 'erin', '--amount', '10']);
    await ok(['send', '--from', 'dave', '--to', 'erin', '--amount', '700', '--asset', 'COOP']);
    await refusedUnchanged(['org', 'lock', '--from', 'bob', '--org', org, '--amount', '1'], 'insufficient_balance');
    const locked = await okJson<{ locked: string }>(['org', 'lock', '--from', 'erin', '--org', org, '--amount', '700']);
    assert.equal(locked.locked, '700');
    await refusedUnchanged(['org', 'unlock', '--from', 'erin', '--org', org, '--amount', '701'], 'insufficient_locked');
    await fails(['org', 'distribute', '--from', 'bob', '--org', org, '--amount', '70', '--to', 'everyone'], 'bad_usage');
    await ok(['org', 'fund', '--from', 'dev', '--org', org, '--give', '100']);
    const proposed = await okJson<{ motion: number }>(['org', 'distribute', '--from', 'bob', '--org', org, '--amount', '70', '--to', 'holders']);
    const motion = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(proposed.motion)]);
    assert.deepEqual(motion.motion.action, { type: 'distribute', asset: t.nativeAsset, amount: '70000000', to: 'holders' });
    assert.match(await ok(['org', 'show', org]), /distribute 70 AGR to holders by locked tokens$/m);
    await waitForBlockTime(motion.motion.objectionEndsMs);
    assert.equal((await okJson<{ outcome: string }>(['org', 'execute', '--from', 'carol', '--org', org, '--motion', String(proposed.motion)])).outcome, 'passed');
    assert.match(await ok(['org', 'show', org]), /^locked:\s+700 COOP by holders; their pot 70 AGR$/m);
    assert.match(await ok(['org', 'holder', '--org', org, 'erin']), /has 700 COOP locked in agora1\w+; claimable 70 AGR$/m);
    const withdrawn = await okJson<{ paid: { asset: string; amount: string }[] }>(['org', 'withdraw', '--from', 'erin', '--org', org]);
    assert.deepEqual(withdrawn.paid, [{ asset: t.nativeAsset, amount: '70000000' }]);
    await fails(['org', 'withdraw', '--from', 'erin', '--org', org], 'nothing_due');
    assert.match(await ok(['org', 'unlock', '--from', 'erin', '--org', org, '--amount', '700']), /^unlocked 700 COOP in agora1\w+; 0 COOP locked now$/m);
    assert.equal((await okJson<{ locked: string; owed: unknown[] }>(['org', 'holder', '--org', org, 'erin'])).locked, '0');
  });

  test('help shows examples', async () => {
    assert.match(await ok(['org', '--help']), /agora org evaluate --from alice --org ORG --contribution 0 --score 80/);
  });
});
