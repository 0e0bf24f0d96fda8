/**
 * The web app in a real browser (Debian's Chromium via playwright-core) against a real dev node:
 * the explorer shows a rising height; a wallet made in the page receives value from the dev key,
 * sends some on, and the explorer shows both txs; the page logs no error and never sends a secret.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { KeyPair } from '../../src/crypto/keys.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, createPhrase, launchBrowser, longestPhraseRun, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const PASSPHRASE = 'correct horse battery';

async function heightShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('height').textContent()) ?? '';
  return Number(text.replace(/[^0-9]/g, ''));
}

describe('web app in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let mnemonic = '';
  let walletAddress = '';
  let fundId = '';
  let sendId = '';
  const bob = KeyPair.generate();

  before(async () => {
    webDir = await buildWebApp();
    // The node reads AGORA_WEB_DIR when its API is built: this test serves the build it just made.
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('the explorer loads and shows a rising height', async () => {
    const { page } = web;
    await page.goto(`${t.url}/`);
    await page.getByTestId('latest-blocks').locator('tbody tr').first().waitFor();
    const first = await heightShown(page);
    assert.ok(first >= 1, `height ${first}`);
    await page.waitForFunction((h) => Number((document.querySelector('[data-testid="height"]')?.textContent ?? '').replace(/[^0-9]/g, '')) > h, first, { timeout: 10_000 });
    assert.ok((await heightShown(page)) > first);
    assert.equal(await page.title(), 'Explorer · Agora');
    await web.screenshot('explorer');
  });

  test('the wallet shows no recovery phrase until "create" is clicked, then shows one', async () => {
    const { page } = web;
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByRole('heading', { name: 'Add a key to this browser' }).waitFor();
    assert.equal(await page.getByTestId('mnemonic').count(), 0, 'a phrase list is in the DOM before "create"');
    const before = await longestPhraseRun(page);
    assert.ok(before < 12, `${before} BIP-39 words in a row on the page before "create"`);
    await web.screenshot('wallet-before-create');
    mnemonic = await createPhrase(page);
    assert.equal(mnemonic.split(' ').length, 24);
    assert.ok((await longestPhraseRun(page)) >= 24, 'the phrase is shown after "create"');
  });

  test('a wallet is created in the page, encrypted in localStorage', async () => {
    const { page } = web;
    await page.getByLabel('I have written these words down').check();
    await page.locator('input[name="passphrase"]').fill(PASSPHRASE);
    await page.locator('input[name="passphrase-again"]').fill(PASSPHRASE);
    await web.screenshot('wallet-create');
    await page.getByRole('button', { name: 'Save the key in this browser' }).click();
    walletAddress = ((await page.getByTestId('wallet-address').textContent()) ?? '').trim();
    assert.equal(walletAddress, keyPairFromMnemonic(mnemonic).address, 'the page derived the key of its own mnemonic');
    const stored = await page.evaluate(() => JSON.stringify(window.localStorage));
    assert.ok(stored.includes(walletAddress));
    assert.ok(!stored.includes(mnemonic.split(' ').slice(0, 3).join(' ')), 'localStorage holds the phrase in clear');
    assert.ok(!stored.includes(toHex(keyPairFromMnemonic(mnemonic).secretKey)), 'localStorage holds the key in clear');
  });

  test('the wallet receives value from the dev key and sends some on', async () => {
    const { page } = web;
    const funded = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: walletAddress, asset: t.nativeAsset, amount: 5_000_000n }] });
    fundId = funded.id;
    // The live stream refreshes the balances: 5 AGR (6 decimals).
    await page.getByTestId('wallet-balances').getByText('5 AGR').waitFor();
    const send = page.getByTestId('send-form');
    await send.locator('input[name="to"]').fill(bob.address);
    await send.locator('input[name="amount"]').fill('1.25');
    await send.getByRole('button', { name: 'Send' }).click();
    await send.getByTestId('tx-done').waitFor();
    sendId = ((await send.getByTestId('tx-done').locator('a').first().getAttribute('href')) ?? '').replace('/tx/', '');
    assert.match(sendId, /^[0-9a-f]{64}$/);
    const bobAccount = await t.client.account(bob.address);
    assert.deepEqual(bobAccount.balances, [{ asset: t.nativeAsset, amount: '1250000' }]);
    await page.getByTestId('wallet-balances').getByText('3.75 AGR').waitFor();
    await web.screenshot('wallet-sent');
  });

  test('node errors are shown in words', async () => {
    const { page } = web;
    const errorsBefore = web.errors.length;
    const send = page.getByTestId('send-form');
    await send.locator('input[name="amount"]').fill('1000');
    await send.getByRole('button', { name: 'Send' }).click();
    await send.getByRole('alert').getByText('You do not have enough of that asset').waitFor();
    await send.locator('input[name="amount"]').fill('1.1234567');
    await send.getByRole('button', { name: 'Send' }).click();
    await send.getByRole('alert').getByText('That amount is not valid').waitFor();
    await send.locator('input[name="to"]').fill('agora1nope');
    await send.locator('input[name="amount"]').fill('1');
    await send.getByRole('button', { name: 'Send' }).click();
    await send.getByRole('alert').getByText('That is not a valid Agora address').waitFor();
    await web.screenshot('wallet-errors');
    // Chromium logs every 4xx answer; the node's refusal of the overdraft is the one expected here.
    const expected = web.errors.splice(errorsBefore);
    assert.deepEqual(expected, ['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  test('the wallet creates an asset, mints and burns it; the asset page shows supply and holders', async () => {
    const { page } = web;
    const create = page.getByTestId('create-asset-form');
    await create.locator('input[name="symbol"]').fill('webt');
    await create.locator('input[name="asset-name"]').fill('Web test points');
    await create.locator('input[name="decimals"]').fill('2');
    await create.locator('input[name="supply"]').fill('100');
    await create.getByLabel('You may mint more later').check();
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByTestId('tx-done').waitFor();
    const mint = page.getByTestId('mint-form');
    await mint.locator('input[name="mint-asset"]').fill('WEBT');
    await mint.locator('input[name="mint-amount"]').fill('5.5');
    await mint.locator('input[name="mint-to"]').fill(bob.address);
    await mint.getByRole('button', { name: 'Mint' }).click();
    await mint.getByTestId('tx-done').waitFor();
    const burn = page.getByTestId('burn-form');
    await page.getByTestId('wallet-balances').getByText('100 WEBT').waitFor();
    await burn.locator('select[name="burn-asset"]').selectOption('WEBT');
    await burn.locator('input[name="burn-amount"]').fill('0.5');
    await burn.getByRole('button', { name: 'Burn' }).click();
    await burn.getByTestId('tx-done').waitFor();
    await page.getByTestId('wallet-balances').getByText('99.5 WEBT').waitFor();
    // The same symbol again: the node's refusal in words.
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByRole('alert').getByText('An asset with that symbol already exists').waitFor();
    const refusal = web.errors.findIndex((e) => e.includes('status of 400'));
    assert.ok(refusal >= 0, 'Chromium logged the refused tx');
    web.errors.splice(refusal, 1);
    assert.deepEqual(await t.client.asset('WEBT'), { symbol: 'WEBT', name: 'Web test points', decimals: 2, supply: '10500', maxSupply: null, mintAuthority: walletAddress, creator: walletAddress, mintable: true });
    await page.goto(`${t.url}/asset/WEBT`);
    await page.getByTestId('supply').getByText('105 WEBT').waitFor();
    const holders = page.getByTestId('holders');
    await holders.locator(`a[href="/account/${walletAddress}"]`).waitFor();
    await holders.getByText('5.5 WEBT').waitFor();
    await page.locator('.share-bars').getByText('94.76%').waitFor();
    await web.screenshot('asset-webt');
  });

  test('the key survives a reload encrypted: a wrong passphrase is refused, the right one unlocks', async () => {
    const { page } = web;
    await page.goto(`${t.url}/wallet`);
    const unlock = page.locator('form.unlock');
    await unlock.locator('input[name="unlock-passphrase"]').fill('not the passphrase');
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await unlock.getByRole('alert').getByText('Wrong passphrase.').waitFor();
    await web.screenshot('wallet-locked');
    await unlock.locator('input[name="unlock-passphrase"]').fill(PASSPHRASE);
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    assert.equal(((await page.getByTestId('wallet-address').textContent()) ?? '').trim(), walletAddress);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('form.unlock').waitFor();
  });

  test('the explorer shows both txs: on the account page, each tx page, and the latest list', async () => {
    const { page } = web;
    await page.goto(`${t.url}/account/${walletAddress}`);
    const history = page.getByTestId('account-history');
    await history.locator(`a[href="/tx/${fundId}"]`).waitFor();
    await history.locator(`a[href="/tx/${sendId}"]`).waitFor();
    await page.getByTestId('balances').getByText('3.75').waitFor();
    // Each tx as this account saw it: in or out, and how much of what, decimals applied.
    const seen = async (id: string): Promise<[string, string]> => {
      const row = history.locator(`tr[data-tx="${id}"]`);
      await row.getByTestId('amount').getByText(/AGR$/).waitFor();
      return [((await row.getByTestId('direction').textContent()) ?? '').trim(), ((await row.getByTestId('amount').textContent()) ?? '').trim()];
    };
    assert.deepEqual(await seen(fundId), ['in', '+5 AGR']);
    assert.deepEqual(await seen(sendId), ['out', '−1.25 AGR']);
    const burn = history.locator('tr', { hasText: 'Burn' });
    await burn.getByTestId('amount').getByText('−0.5 WEBT').waitFor();
    assert.equal(((await burn.getByTestId('direction').textContent()) ?? '').trim(), 'out');
    await web.screenshot('account');
    for (const id of [fundId, sendId]) {
      await page.goto(`${t.url}/tx/${id}`);
      await page.getByTestId('tx-id').getByText(id).waitFor();
      await page.getByText('committed in block').waitFor();
      await page.locator('.event-type', { hasText: 'transfer' }).first().waitFor();
    }
    await web.screenshot('tx');
    await page.goto(`${t.url}/`);
    await page.getByTestId('latest-blocks').locator('tbody tr').first().waitFor();
    await web.screenshot('explorer-after');
  });

  test('the search box finds a height, a tx, an address and an asset', async () => {
    const { page } = web;
    const search = async (text: string): Promise<void> => {
      await page.getByRole('searchbox').fill(text);
      await page.getByRole('button', { name: 'Search' }).click();
    };
    await search('1');
    await page.waitForURL(`${t.url}/block/1`);
    await page.getByRole('heading', { name: 'Block #1' }).waitFor();
    await web.screenshot('block');
    await search(sendId);
    await page.waitForURL(`${t.url}/tx/${sendId}`);
    await search(bob.address);
    await page.waitForURL(`${t.url}/account/${bob.address}`);
    await search('agr');
    await page.waitForURL(`${t.url}/asset/AGR`);
    await page.getByTestId('holders').locator(`a[href="/account/${walletAddress}"]`).waitFor();
    await page.getByTestId('holders').locator(`a[href="/account/${bob.address}"]`).waitFor();
    await web.screenshot('asset');
    await search('nothing like this');
    await page.getByRole('status').getByText('Not an address').waitFor();
  });

  test('the lists of blocks and assets', async () => {
    const { page } = web;
    await page.getByRole('link', { name: 'Blocks', exact: true }).click();
    await page.waitForURL(`${t.url}/blocks`);
    const rows = page.locator('table.list tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20);
    await page.getByRole('button', { name: 'Older blocks' }).click();
    await page.getByRole('button', { name: /newer/ }).waitFor();
    await web.screenshot('blocks');
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.getByTestId('assets').locator('a[href="/asset/WEBT"]').waitFor();
    await page.getByTestId('assets').locator('a[href="/asset/AGR"]').waitFor();
  });

  test('on a phone-sized screen', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${t.url}/`);
    await phone.getByTestId('latest-blocks').locator('tbody tr').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await web.screenshot('phone-explorer', phone);
    await phone.goto(`${t.url}/tx/${sendId}`);
    await phone.getByTestId('tx-id').waitFor();
    assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
    await web.screenshot('phone-tx', phone);
    await phone.close();
  });

  test('the page never sent the private key, the seed or the recovery phrase', () => {
    assert.ok(web.requests.length > 20, `${web.requests.length} requests seen`);
    assert.ok(web.requests.some((r) => r.method === 'POST' && r.url.endsWith('/v1/txs?wait=commit')), 'the wallet submitted its tx');
    assertNoSecretsSent(web.requests, mnemonic);
  });

  test('the browser logged no error', () => {
    assert.deepEqual(web.errors, []);
  });
});
