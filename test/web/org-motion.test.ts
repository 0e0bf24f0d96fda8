/**
 * An objected motion in Chromium (spec/org.md §4): Alice proposes to pay herself from the treasury;
 * Bob objects from his page, which sends it to a vote; both vote sealed, reveal, and the execute
 * counts a tie: it fails, nothing is paid, and Bob gets both stakes. Motion period 6 s.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, launchBrowser, type Browser, go, makeKey } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const AGR = 1_000_000n;

describe('an objected motion in Chromium: object, vote sealed, reveal, a tie fails', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let alicePage: Page;
  let bobPage: Page;
  let alice = { mnemonic: '', address: '' };
  let bob = { mnemonic: '', address: '' };
  let org = '';

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
    await form.locator('input[name="pay-to"]').fill(alice.address);
    await form.locator('input[name="pay-amount"]').fill('2');
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

  test('no key or phrase left either page', () => {
    for (const key of [alice, bob]) assertNoSecretsSent(web.requests, key.mnemonic);
    assert.deepEqual(web.errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 404')), []);
  });
});
