/**
 * The explorer home on a quiet chain, in Chromium against a real dev node: txs committed long before
 * the page opened, with only empty blocks since (more than the old look back of 40), are listed as
 * the latest txs, and the activity chart shows them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { KeyPair } from '../../src/crypto/keys.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { browserSkipReason, buildWebApp, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

/** Empty blocks between the txs and the page opening: more than a live page's gap read (40). */
const QUIET_BLOCKS = 60;

describe('the explorer home on a quiet chain, in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  const ids: string[] = [];

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    const friend = KeyPair.generate();
    let height = 0;
    for (let i = 1; i <= 3; i++) {
      const sent = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: friend.address, asset: t.nativeAsset, amount: BigInt(i) * 1_000_000n }] });
      ids.push(sent.id);
      height = sent.height;
    }
    // The test node makes an empty block every 200 ms when idle.
    const deadline = Date.now() + 60_000;
    while ((await t.client.status()).height < height + QUIET_BLOCKS) {
      assert.ok(Date.now() < deadline, 'the chain did not grow');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('the latest txs are listed though no tx came since the page opened', async () => {
    const { page } = web;
    await page.goto(`${t.url}/`);
    const latest = page.getByTestId('latest-txs');
    for (const id of ids) await latest.locator(`a[href="/tx/${id}"]`).waitFor();
    const shown = await latest.locator('tbody tr a[href^="/tx/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')?.replace('/tx/', '')));
    assert.deepEqual(shown, [...ids].reverse(), 'newest first');
    await latest.getByText('3 AGR').first().waitFor();
  });

  test('the activity chart has bars for them', async () => {
    const { page } = web;
    const bars = page.locator('.rate-chart rect.bar');
    await page.waitForFunction(() => [...document.querySelectorAll('.rate-chart rect.bar')].some((bar) => Number(bar.getAttribute('height')) > 0));
    const heights = await bars.evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
    assert.equal(heights.length, 36);
    assert.ok(heights.filter((h) => h > 0).length >= 1, `bar heights ${heights.join(',')}`);
    await web.screenshot('explorer-quiet');
  });

  test('the browser logged no error', () => {
    assert.deepEqual(web.errors, []);
  });
});
