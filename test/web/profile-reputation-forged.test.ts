/**
 * Issue 12's attack 7 against a reputation report, in Chromium against a real dev node: the profile
 * page's "Verify reputation" proves the node's report in the browser against the node's genesis, and
 * refuses a report re-signed with fresh keys (1,000 trades claimed; test/helpers/forge-reputation.ts)
 * served in its place, as a lying node or a tampered copy would: not proven, the place named, and
 * what it trusted said. Modelled on test/web/item-page.test.ts's attack 7.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { KeyPair } from '../../src/crypto/keys.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { forgeReputationReport } from '../helpers/forge-reputation.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';
import { browserSkipReason, buildWebApp, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

describe('the profile page verifies a reputation report in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  const [alice, bob, carol] = [21, 22, 23].map((seed) => new KeyPair(new Uint8Array(32).fill(seed)));

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    await t.client.sendTx(t.dev, 'transfer', { transfers: [alice, bob, carol].map((k) => ({ to: k.address, asset: t.nativeAsset, amount: 10_000_000n })) });
    await runReputationScenario(new Market(t.node, t.chainId), alice, bob, carol);
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test("the node's own report is proven in the page (the control)", async () => {
    const { page } = web;
    await page.goto(`${t.url}/profile/${alice.address}`);
    await page.getByRole('button', { name: 'Verify reputation' }).click();
    await page.getByTestId('verdict').getByText(/Proven at block \d+: 2 reviews/).waitFor();
  });

  test('attack 7: a report re-signed with fresh keys is not proven in the page, which names the place and what it trusted', async () => {
    const { page } = web;
    const path = `**/v1/accounts/${alice.address}/reputation/report`;
    await page.route(path, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: forgeReputationReport(await response.text()) });
    });
    await page.goto(`${t.url}/profile/${alice.address}`);
    await page.getByRole('button', { name: 'Verify reputation' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('Not proven:').waitFor();
    assert.equal((await verdict.locator('ul.problems code').first().textContent())?.trim(), '$.validatorSets[0].hash');
    assert.match((await verdict.getByTestId('trust').textContent()) ?? '', /^Trusting the genesis of the node serving this page/);
    assert.doesNotMatch((await verdict.textContent()) ?? '', /Proven at block/);
    await web.screenshot('profile-reputation-forged');
    await page.unroute(path);
  });
});
