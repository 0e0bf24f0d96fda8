/**
 * Issue 15's browser must-show, in Chromium against a real dev node: three wallets in three pages.
 * Alice founds a cooperative with Bob from the form (an 8 s evaluation window, so the test runs in
 * well under a minute); Carol joins (with no reputation) and contributes; Alice and Bob evaluate with
 * sealed scores and reveal them; Carol closes it and sees the org's tokens arrive in her wallet and
 * her reputation on the org's page; Alice claims her stake back; a motion to pay Carol from the
 * treasury passes unopposed and is executed. No key or phrase leaves any page.
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
const DOCUMENT = 'night routes of line 4, with the stops and times';

/** Waits until the org page in `page` shows `member` with exactly `reputation`. */
async function reputationShown(page: Page, member: string, reputation: string): Promise<void> {
  const cell = page.locator(`[data-testid="org-members"] tr[data-member="${member}"] [data-testid="member-reputation"]`);
  await cell.filter({ hasText: new RegExp(`^${reputation}$`) }).waitFor();
}


describe('an organisation in Chromium: contribute from one wallet, evaluate from two others, close and see the tokens arrive', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let alicePage: Page;
  let bobPage: Page;
  let carolPage: Page;
  let alice = { mnemonic: '', address: '' };
  let bob = { mnemonic: '', address: '' };
  let carol = { mnemonic: '', address: '' };
  let org = '';

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    alicePage = web.page;
    bobPage = await web.context.newPage();
    carolPage = await web.context.newPage();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('three keys are made in three pages and funded by the dev key', async () => {
    await alicePage.goto(`${t.url}/wallet`);
    alice = await makeKey(alicePage);
    await bobPage.goto(`${t.url}/wallet`);
    await bobPage.getByRole('button', { name: 'Add another key' }).click();
    bob = await makeKey(bobPage);
    await carolPage.goto(`${t.url}/wallet`);
    await carolPage.getByRole('button', { name: 'Add another key' }).click();
    carol = await makeKey(carolPage);
    for (const to of [alice.address, bob.address, carol.address]) await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to, asset: t.nativeAsset, amount: 100n * AGR }] });
    await carolPage.getByTestId('wallet-balances').getByText('100').waitFor();
  });

  test('Alice founds the cooperative with Bob from the form, found from the nav', async () => {
    await alicePage.getByRole('link', { name: 'Orgs' }).click();
    const form = alicePage.getByTestId('org-create');
    const fill = async (name: string, value: string): Promise<void> => form.locator(`[name="${name}"]`).fill(value);
    await fill('name', 'Night drivers coop');
    await fill('symbol', 'COOP');
    await fill('members', bob.address);
    await fill('foundingReputation', '2000');
    await fill('evaluationWindow', '8 s');
    await fill('tokenReward', '5');
    await fill('contributionFee', '1');
    await fill('motionPeriod', '4 s');
    await form.getByRole('button', { name: 'Sign and found' }).click();
    const link = form.getByTestId('new-org');
    await link.waitFor();
    org = ((await link.textContent()) ?? '').trim();
    assert.match(org, /^agora1/);
    await link.click();
    await alicePage.getByTestId('org-name').getByText('Night drivers coop').waitFor();
    await reputationShown(alicePage, bob.address, '1000');
  });

  test('Carol joins with no reputation and contributes, paying the fee into the treasury', async () => {
    await go(carolPage, `/orgs/${org}`);
    await carolPage.getByRole('button', { name: 'Join this organisation' }).click();
    await reputationShown(carolPage, carol.address, '0');
    const form = carolPage.getByTestId('org-contribute');
    await form.getByText('Submitting costs 1 AGR').waitFor();
    await form.locator('textarea[name="contribution-description"]').fill('mapped the night routes');
    await form.locator('textarea[name="contribution-document"]').fill(DOCUMENT);
    await form.getByRole('button', { name: 'Sign and submit the contribution' }).click();
    await form.getByTestId('new-contribution').getByText('Contribution #0.').waitFor();
    const view = await t.client.getOrg(org);
    assert.deepEqual(view.org.treasury.assets, [{ asset: 'AGR', amount: String(AGR) }]);
    // Joining gave her no reputation: a motion, which needs a stake of it, is refused in words.
    const propose = carolPage.getByTestId('org-propose');
    await propose.locator('input[name="motion-to"]').fill(carol.address);
    await propose.locator('input[name="motion-amount"]').fill('1');
    await propose.getByRole('button', { name: 'Sign and propose' }).click();
    await propose.getByRole('alert').getByText('You do not hold enough reputation to stake on this motion.').waitFor();
  });

  test('Alice and Bob evaluate with sealed scores, then reveal them', async () => {
    for (const [page, score] of [[alicePage, '80'], [bobPage, '60']] as const) {
      await go(page, `/orgs/${org}`);
      const card = page.locator('[data-testid="contribution"][data-id="0"]');
      await card.locator('input[name="score"]').fill(score);
      await card.getByRole('button', { name: 'Commit score' }).click();
      await card.getByText('Your score is sealed').waitFor();
    }
    // Staked 10 % of 1 000 each while the evaluation is open.
    await reputationShown(bobPage, alice.address, '900');
    await carolPage.locator('[data-testid="contribution"][data-id="0"]').getByText('Members evaluate it now').waitFor();
    await web.screenshot('org-evaluating', carolPage);
    for (const page of [alicePage, bobPage]) {
      await page.bringToFront();
      const card = page.locator('[data-testid="contribution"][data-id="0"][data-phase="revealing"]');
      await card.getByRole('button', { name: 'Reveal score' }).click({ timeout: 20_000 });
    }
    await alicePage.locator('[data-testid="contribution"][data-id="0"]').getByTestId('your-score').getByText('You scored it 80.').waitFor();
    await bobPage.locator('[data-testid="contribution"][data-id="0"]').getByTestId('your-score').getByText('You scored it 60.').waitFor();
  });

  test('Carol closes it and sees the tokens arrive: score 70, 3.5 COOP and 210 reputation', async () => {
    await carolPage.bringToFront();
    const card = carolPage.locator('[data-testid="contribution"][data-id="0"][data-phase="closable"]');
    await card.getByRole('button', { name: 'Close and count' }).click({ timeout: 20_000 });
    await carolPage.locator('[data-testid="contribution"][data-id="0"][data-phase="accepted"]').getByText('Accepted at score 70').waitFor();
    await reputationShown(carolPage, carol.address, '210');
    await carolPage.getByTestId('org-token').getByText('3.5 COOP minted').waitFor();
    await web.screenshot('org-accepted', carolPage);
    await go(carolPage, '/wallet');
    await carolPage.getByTestId('wallet-balances').locator('tr', { hasText: 'COOP' }).getByText('3.5 COOP').waitFor();
    const account = await t.client.account(carol.address);
    assert.equal(account.balances.find((b) => b.asset === 'COOP')?.amount, '350');
  });

  test('Alice claims her stake back; her profile lists the org', async () => {
    await alicePage.bringToFront();
    const card = alicePage.locator('[data-testid="contribution"][data-id="0"][data-phase="accepted"]');
    await card.getByRole('button', { name: 'Claim your stake and share' }).click();
    await card.getByText('Claimed.').waitFor();
    await reputationShown(alicePage, alice.address, '1000');
    await go(alicePage, `/profile/${alice.address}`);
    await alicePage.getByTestId('memberships').getByRole('link', { name: 'Night drivers coop' }).click();
    await alicePage.getByTestId('org-name').getByText('Night drivers coop').waitFor();
  });

  test('a motion to pay Carol 0.5 AGR from the treasury passes unopposed and is executed', async () => {
    await alicePage.bringToFront();
    const form = alicePage.getByTestId('org-propose');
    await form.locator('input[name="motion-to"]').fill(carol.address);
    await form.locator('input[name="motion-amount"]').fill('0.5');
    await form.getByRole('button', { name: 'Sign and propose' }).click();
    const motion = alicePage.locator('[data-testid="motion"][data-id="0"]');
    await motion.getByText(`Pay 0.5 AGR from the treasury to ${carol.address}`).waitFor();
    await bobPage.locator('[data-testid="motion"][data-id="0"][data-phase="objectable"]').getByRole('button', { name: /Object/ }).waitFor();
    await alicePage.locator('[data-testid="motion"][data-id="0"][data-phase="passable"]').getByRole('button', { name: 'Execute' }).click({ timeout: 20_000 });
    await alicePage.locator('[data-testid="motion"][data-id="0"][data-phase="passed"]').waitFor();
    const view = await t.client.getOrg(org);
    assert.deepEqual(view.org.treasury.assets, [{ asset: 'AGR', amount: String(AGR / 2n) }]);
  });

  test('on a phone: the org’s page and the orgs page fit the screen', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const overflow = (): Promise<number> => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = (): Promise<string[]> => phone.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`));
    for (const [path, ready] of [[`/orgs/${org}`, 'org-members'], ['/orgs', 'org-open'], [`/profile/${carol.address}`, 'memberships']]) {
      await phone.goto(`${t.url}${path}`);
      await phone.getByTestId(ready).waitFor();
      assert.ok((await overflow()) <= 0, `${path} is wider than a phone: ${(await wide()).join(' | ')}`);
    }
    await web.screenshot('phone-org', phone);
    await phone.close();
  });

  test('no key or phrase left any page, nor the contributed document; the console stayed clean', async () => {
    await eventually(async () => web.requests.length > 10);
    for (const key of [alice, bob, carol]) assertNoSecretsSent(web.requests, key.mnemonic, [DOCUMENT]);
    const unexpected = web.errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 404'));
    assert.deepEqual(unexpected, []);
  });
});
