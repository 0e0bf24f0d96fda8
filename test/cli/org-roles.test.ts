// `agora org propose` for an org's approver role and escrow acts (spec/org.md §4, §4.3; spec/work.md
// §2.1) against a dev node in this process, with 1-second motions: --create-registry, --grant with
// --credential, --approver (a charter motion), shown by `org show`; then the org's job (posted and
// assigned by motions sent with the SDK here; test/cli/job-org.test.ts proposes them with `agora job … --org`) is approved with the
// plain `agora job approve` by the holder, and refused `not_credentialed` for another. Bad flags are
// refused before anything is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrgMotionResponse, OrgResponse } from '../../src/client/types.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import type { OrgAction } from '../../src/ledger/org/types.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const DAY_MS = 86_400_000;

describe('agora org propose: an approver role (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  let org = '';

  const { ok, okJson, fails } = nodeCli(() => t);
  const waitForBlockTime = (ms: number): Promise<void> => eventually(() => t.node.chain.lastTimeMs >= ms, 15_000);

  /** Waits out motion `motion`'s objection period and executes it from dev. */
  async function execute(motion: number): Promise<void> {
    const found = await okJson<OrgMotionResponse>(['org', 'show', org, '--motion', String(motion)]);
    await waitForBlockTime(found.motion.objectionEndsMs);
    await ok(['org', 'execute', '--from', 'dev', '--org', org, '--motion', String(motion)]);
  }

  async function proposeCli(args: string[]): Promise<number> {
    return (await okJson<{ motion: number }>(['org', 'propose', '--from', 'dev', '--org', org, ...args, '--json'])).motion;
  }

  /** A motion proposed by dev with the SDK (the same key as the home's `dev`). */
  async function proposeSdk(action: OrgAction): Promise<number> {
    const result = await t.client.sendTx(t.dev, 'org.propose', { org, action });
    return Number(result.receipt.events.find((e) => e.type === 'org.proposed')?.attributes.motion);
  }

  before(async () => {
    t = await startTestNode();
    for (const name of ['dave', 'erin', 'frank']) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '100']);
    }
    org = (await okJson<{ orgId: string }>(['org', 'create', '--from', 'dev', '--name', 'Role coop', '--symbol', 'ROLE', '--reputation', '1000', '--motion-period', '1s', '--motion-stake', '1'])).orgId;
    await ok(['org', 'fund', '--from', 'dev', '--org', org, '--give', '10']);
  });
  after(async () => t?.stop());

  test('bad flags are refused before anything is sent', async () => {
    await fails(['org', 'propose', '--from', 'dev', '--org', org, '--grant', 'erin'], 'bad_usage');
    await fails(['org', 'propose', '--from', 'dev', '--org', org, '--grant', 'erin', '--credential', 'nocolon'], 'bad_usage');
    await fails(['org', 'propose', '--from', 'dev', '--org', org, '--release', org], 'bad_usage');
    await fails(['org', 'propose', '--from', 'dev', '--org', org, '--create-registry', 'r', '--dispute', org], 'bad_usage');
  });

  test('registry, grant and approver by motion; the holder approves the org\'s job with agora job approve', async () => {
    const motions = [
      await proposeCli(['--create-registry', 'role-coop']),
      await proposeCli(['--grant', 'erin', '--credential', 'role-coop:approver', '--expires', '30d']),
      await proposeCli(['--approver', 'role-coop:approver']),
    ];
    for (const motion of motions) await execute(motion);
    const shown = await ok(['org', 'show', org]);
    assert.match(shown, /^approver role:\s+role-coop:approver/m);
    assert.deepEqual((await okJson<OrgResponse>(['org', 'show', org])).org.charter.approver, { registry: 'role-coop', type: 'approver' });
    assert.match(await ok(['credential', 'list', 'erin']), /role-coop/);

    const now = Date.now();
    const post = await proposeSdk({ type: 'job', kind: 'post', payload: { spec: new Uint8Array(32).fill(3), asset: t.nativeAsset, milestones: [1000n, 2000n], mode: 'single', applyByMs: now + DAY_MS, deliverByMs: now + 2 * DAY_MS, deadlineMs: now + 10 * DAY_MS } });
    await execute(post);
    const job = contractAddressFor(t.chainId, org, BigInt(post), 0);
    assert.equal((await t.client.getContract(job)).type, 'job');
    await ok(['job', 'apply', '--from', 'dave', '--job', job, '--proposal', 'I will do it']);
    await execute(await proposeSdk({ type: 'job', kind: 'assign', payload: { job, worker: address.dave } }));
    await ok(['job', 'deliver', '--from', 'dave', '--job', job, '--milestone', '1']);
    await fails(['job', 'approve', '--from', 'frank', '--job', job, '--milestone', '1'], 'not_credentialed');
    await ok(['job', 'approve', '--from', 'erin', '--job', job, '--milestone', '1']);
    const view = await t.client.getContract(job);
    assert.equal(view.type, 'job');
    if (view.type === 'job') assert.deepEqual(view.milestones.map((m) => m.phase), ['released', 'held']);
  });
});
