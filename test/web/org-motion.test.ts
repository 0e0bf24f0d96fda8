/**
 * Motions in Chromium (spec/org.md §4): Alice proposes to pay herself from the treasury; Bob objects
 * from his page, which sends it to a vote; both vote sealed, reveal, and the execute counts a tie: it
 * fails, nothing is paid, and Bob gets both stakes. Motion period 6 s. Then, in a second org with a
 * 3 s motion period, revenue shared with token holders (§4.2): Alice proposes a distribution to
 * holders from the form, locks tokens minted to her, sees her share, claims it and unlocks; and the
 * role motions of §4.3 (a registry the org curates, a credential of it granted to Bob) proposed from
 * the form. Every effect is read back from the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, launchBrowser, type Browser, go, makeKey } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const AGR = 1_000_000n;

describe('motions in Chromium: objected and voted down; a distribution to holders who lock; role motions', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let alicePage: Page;
  let bobPage: Page;
  let alice = { mnemonic: '', address: '' };
  let bob = { mnemonic: '', address: '' };
  let org = '';
  let shareOrg = '';

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    alicePage = web.page;
    bobPage = await web.context.newPage();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('two keys, and an org founded by the dev key with both, its treasury funded', async () => {
    await alicePage.goto(`${t.url}/wallet`);
    alice = await makeKey(alicePage);
    await bobPage.goto(`${t.url}/wallet`);
    await bobPage.getByRole('button', { name: 'Add another key' }).click();
    bob = await makeKey(bobPage);
    for (const to of [alice.address, bob.address]) await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to, asset: t.nativeAsset, amount: 10n * AGR }] });
    const charter = {
      evaluationWindowMs: 60_000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 100n, reputationReward: 300n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: 6_000, motionStake: 100n, open: true,
    };
    const created = await t.client.sendTx(t.dev, 'org.create', { name: 'Vote coop', token: { symbol: 'VOTE', name: 'Vote coop', decimals: 0 }, members: [alice.address, bob.address], charter, foundingReputation: 3000n });
    org = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    assert.match(org, /^agora1/);
    await t.client.sendTx(t.dev, 'org.fund', { org, assets: [{ asset: t.nativeAsset, amount: 5n * AGR }] });
  });

  test('Alice proposes to pay herself 2 AGR; Bob objects; both vote sealed and reveal; the tie fails', async () => {
    await go(alicePage, `/orgs/${org}`);
    const form = alicePage.getByTestId('org-propose');
    await form.locator('input[name="motion-to"]').fill(alice.address);
    await form.locator('input[name="motion-amount"]').fill('2');
    await form.getByRole('button', { name: 'Sign and propose' }).click();
    await form.getByTestId('tx-done').waitFor();
    await go(bobPage, `/orgs/${org}`);
    await bobPage.locator('[data-testid="motion"][data-id="0"][data-phase="objectable"]').getByRole('button', { name: /Object/ }).click();
    await bobPage.locator('[data-testid="motion"][data-id="0"][data-phase="voting"]').waitFor();
    for (const [page, vote] of [[bobPage, '0'], [alicePage, '1']] as const) {
      await page.bringToFront();
      const motion = page.locator('[data-testid="motion"][data-id="0"][data-phase="voting"]');
      await motion.locator('select[name="vote"]').selectOption(vote);
      await motion.getByRole('button', { name: 'Commit vote' }).click();
      await motion.getByTestId('tx-done').waitFor();
    }
    for (const page of [alicePage, bobPage]) {
      await page.bringToFront();
      await page.locator('[data-testid="motion"][data-id="0"][data-phase="revealing"]').getByRole('button', { name: 'Reveal vote' }).click({ timeout: 20_000 });
      await page.locator('[data-testid="motion"][data-id="0"]').getByTestId('tx-done').waitFor();
    }
    await alicePage.bringToFront();
    await alicePage.locator('[data-testid="motion"][data-id="0"][data-phase="decidable"]').getByRole('button', { name: 'Execute' }).click({ timeout: 20_000 });
    await alicePage.locator('[data-testid="motion"][data-id="0"][data-phase="failed"]').getByText('Failed: nothing ran.').waitFor();
    await web.screenshot('org-motion-failed', alicePage);
    const motion = await t.client.getOrgMotion(org, 0);
    assert.deepEqual([motion.motion.status, motion.motion.yes, motion.motion.no], ['failed', '900', '900']);
    const members = await t.client.getOrgMembers(org);
    const reputation = (address: string): string | undefined => members.members.find((m) => m.address === address)?.reputation;
    // The failed vote gives the objector both stakes: Alice 1 000 − 100, Bob 1 000 − 100 + 200.
    assert.deepEqual([reputation(alice.address), reputation(bob.address)], ['900', '1100']);
  });

  /** The motion `id` of the org open in `page`, waited for in `phase` (the page moves phases on its own clock). */
  const motionIn = (page: Page, id: number, phase: string) => page.locator(`[data-testid="motion"][data-id="${id}"][data-phase="${phase}"]`);

  /** Alice's org page proposes a motion from the form and waits for it to be committed. */
  async function propose(fields: { [name: string]: string }): Promise<void> {
    const form = alicePage.getByTestId('org-propose');
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'motion-kind' || name === 'motion-share') await form.locator(`select[name="${name}"]`).selectOption(value);
      else await form.locator(`input[name="${name}"]`).fill(value);
    }
    await form.getByRole('button', { name: 'Sign and propose' }).click();
    await form.getByTestId('tx-done').waitFor();
  }

  test('a second org: 10.00 SHARE (2 decimals) proposed for Alice by the dev key; Alice proposes 3 AGR to holders from the form', async () => {
    const charter = {
      evaluationWindowMs: 60_000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 100n, reputationReward: 300n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: 3_000, motionStake: 100n, open: true,
    };
    const created = await t.client.sendTx(t.dev, 'org.create', { name: 'Share coop', token: { symbol: 'SHARE', name: 'Share coop', decimals: 2 }, members: [alice.address, bob.address], charter, foundingReputation: 3000n });
    shareOrg = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    await t.client.sendTx(t.dev, 'org.fund', { org: shareOrg, assets: [{ asset: t.nativeAsset, amount: 5n * AGR }] });
    await t.client.sendTx(t.dev, 'org.propose', { org: shareOrg, action: { type: 'mint', to: alice.address, amount: 1_000n } });
    await go(alicePage, `/orgs/${shareOrg}`);
    await propose({ 'motion-kind': 'distribute', 'motion-share': 'holders', 'motion-amount': '3' });
    await alicePage.locator('[data-testid="motion"][data-id="1"]').getByText('Share 3 AGR from the treasury among holders by the tokens they locked').waitFor();
    const motion = await t.client.getOrgMotion(shareOrg, 1);
    assert.deepEqual(motion.motion.action, { type: 'distribute', asset: 'AGR', amount: String(3n * AGR), to: 'holders' });
  });

  test('with nothing locked the distribution is refused nothing_locked; Alice locks 6.5 SHARE, unlocking 7 is refused insufficient_locked', async () => {
    await motionIn(alicePage, 0, 'passable').getByRole('button', { name: 'Execute' }).click({ timeout: 20_000 });
    await motionIn(alicePage, 0, 'passed').waitFor();
    const holder = alicePage.getByTestId('holder-standing');
    await holder.getByTestId('holder-balance').getByText('10').waitFor();
    await motionIn(alicePage, 1, 'passable').getByRole('button', { name: 'Execute' }).click({ timeout: 20_000 });
    await motionIn(alicePage, 1, 'passable').getByRole('alert').getByText('code: nothing_locked').waitFor();
    const lock = alicePage.getByTestId('org-lock');
    await lock.locator('input[name="lock-amount"]').fill('6.5');
    await lock.getByRole('button', { name: 'Lock SHARE' }).click();
    await lock.getByTestId('tx-done').waitFor();
    await holder.getByTestId('holder-locked').getByText('6.5').waitFor();
    assert.equal((await t.client.getOrgHolder(shareOrg, alice.address)).locked, '650');
    const unlock = alicePage.getByTestId('org-unlock');
    await unlock.locator('input[name="unlock-amount"]').fill('7');
    await unlock.getByRole('button', { name: 'Unlock SHARE' }).click();
    await unlock.getByRole('alert').getByText('code: insufficient_locked').waitFor();
    assert.equal((await t.client.getOrgHolder(shareOrg, alice.address)).locked, '650');
  });

  test('the distribution passes; Alice sees her share of 3 AGR, claims it, and unlocks her tokens', async () => {
    await motionIn(alicePage, 1, 'passable').getByRole('button', { name: 'Execute' }).click();
    await motionIn(alicePage, 1, 'passed').waitFor();
    // The only lock takes the whole distribution (spec/org.md §4.2: 650 × ⌈3 AGR × 2^128 / 650⌉ / 2^128, floored).
    await alicePage.getByTestId('holder-owed').getByText('3 AGR').waitFor();
    assert.deepEqual((await t.client.getOrgHolder(shareOrg, alice.address)).owed, [{ asset: 'AGR', amount: String(3n * AGR) }]);
    await web.screenshot('org-holder-share', alicePage);
    await alicePage.getByTestId('org-holder-claim').getByRole('button', { name: 'Claim your share' }).click();
    await alicePage.getByTestId('holder-share').getByText('Nothing to claim').waitFor();
    const latest = (await t.client.accountTxs(alice.address, { limit: 1 })).txs[0]?.id ?? '';
    const withdrew = (await t.client.tx(latest)).receipt?.events.find((e) => e.type === 'org.withdrew');
    assert.equal(withdrew?.attributes.holders, `AGR:${3n * AGR}`);
    const view = await t.client.getOrg(shareOrg);
    assert.deepEqual([view.org.treasury.assets, view.org.holders?.pots], [[{ asset: 'AGR', amount: String(2n * AGR) }], []]);
    const unlock = alicePage.getByTestId('org-unlock');
    await unlock.locator('input[name="unlock-amount"]').fill('6.5');
    await unlock.getByRole('button', { name: 'Unlock SHARE' }).click();
    await unlock.getByTestId('tx-done').waitFor();
    await eventually(async () => (await t.client.getOrgHolder(shareOrg, alice.address)).locked === '0');
    const account = await t.client.account(alice.address);
    assert.equal(account.balances.find((b) => b.asset === 'SHARE')?.amount, '1000');
  });

  test('role motions from the form: a registry the org curates, and a credential of it granted to Bob for a day', async () => {
    await propose({ 'motion-kind': 'registry', 'motion-registry': 'share-roles' });
    await propose({ 'motion-kind': 'issue', 'motion-registry': 'share-roles', 'motion-credential-type': 'approver', 'motion-to': bob.address, 'motion-valid-for': '1 d' });
    await alicePage.locator('[data-testid="motion"][data-id="3"]').getByText(`Grant ${bob.address} the credential approver of the org’s registry share-roles`).waitFor();
    for (const id of [2, 3]) {
      await motionIn(alicePage, id, 'passable').getByRole('button', { name: 'Execute' }).click({ timeout: 20_000 });
      await motionIn(alicePage, id, 'passed').waitFor();
    }
    assert.equal((await t.client.getRegistry('share-roles')).curator, shareOrg);
    const granted = (await t.client.getAccountCredentials(bob.address)).credentials.find((c) => c.registry === 'share-roles');
    assert.deepEqual([granted?.type, granted?.issuer, granted?.valid], ['approver', shareOrg, true]);
    assert.ok((granted?.expiresAtMs ?? 0) > Date.now() + 86_400_000 - 60_000, 'it lasts a day from the proposal');
  });

  test('no key or phrase left either page', () => {
    for (const key of [alice, bob]) assertNoSecretsSent(web.requests, key.mnemonic);
    assert.deepEqual(web.errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 404')), []);
  });
});
