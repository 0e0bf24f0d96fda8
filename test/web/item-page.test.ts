/**
 * "An item page shows its timeline" (issue 6, Must show), in Chromium against a real dev node: a coffee
 * lot lives a life through the SDK (registered in a curated registry, certified, handed to a carrier,
 * sold, read by sensors, blended with another lot, the blend split into bags); its page shows every
 * event in order a page at a time, a bag's page draws the lots and the blend above it, "Verify
 * provenance" proves the report in the browser against the node's genesis, names the place of an
 * edited byte, and refuses a report re-signed with fresh keys (issue 12, attack 7); the
 * registry and account pages list the items; search finds them; the console stays clean.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { buildItemSale, expectCommittedOk, newItemIds, signTx } from '../../src/client/index.ts';
import { sha256, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { serializeReport, type ProvenanceReport } from '../../src/client/provenance/report.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { forgeReport } from '../helpers/forge-report.ts';
import { browserSkipReason, buildWebApp, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

/** More than one page of the timeline (HISTORY_PAGE is 20). */
const READINGS = 17;
const CERTIFICATE = new TextEncoder().encode('organic certificate 2026-114');

async function actionsShown(page: Page): Promise<string[]> {
  return page.getByTestId('timeline').locator('li.tl-entry').evaluateAll((items) => items.map((li) => li.getAttribute('data-action') ?? ''));
}

describe('the item pages in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  const certifier = KeyPair.generate();
  const carrier = KeyPair.generate();
  const roaster = KeyPair.generate();
  let lot = '';
  let lot2 = '';
  let blend = '';
  let bags: string[] = [];

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<string[]> {
    return newItemIds((await t.client.sendTx(key, kind, payload)).receipt.events);
  }

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    await send(t.dev, 'registry.create', { name: 'coffee-lots', open: false, roles: [{ role: 'attester', eventType: 'certified-organic', address: certifier.address }, { role: 'registrar', address: roaster.address }] });
    [lot] = await send(t.dev, 'item.register', { kind: 'coffee-lot', registry: 'coffee-lots', metadata: '{"farm":"La Esperanza","kg":60}', documents: [sha256(CERTIFICATE)] });
    await send(certifier, 'item.attest', { item: lot, type: 'certified-organic', data: '{"certificate":"2026-114"}' });
    await send(t.dev, 'item.attest', { item: lot, type: 'custody', custodian: carrier.address });
    // A sale: the roaster pays 5 AGR for the lot in the same tx, both signing.
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: roaster.address, asset: t.nativeAsset, amount: 20_000_000n }] });
    const nonce = BigInt((await t.client.account(t.dev.address)).pendingNonce);
    const sale = buildItemSale({ chainId: t.chainId, from: t.dev.publicKey, nonce, fee: 0n, item: lot, buyer: { publicKey: roaster.publicKey, nonce: 0n }, price: { asset: t.nativeAsset, amount: 5_000_000n } });
    expectCommittedOk(await t.client.submit(signTx(sale, [t.dev, roaster]).bytes, { wait: 'commit' }));
    for (let i = 0; i < READINGS; i++) await send(carrier, 'item.attest', { item: lot, type: 'reading', data: `{"celsius":${18 + (i % 5)}}` });
    // The roaster blends it with a lot of its own, and bags the blend.
    [lot2] = await send(roaster, 'item.register', { kind: 'coffee-lot', registry: 'coffee-lots', metadata: '{"farm":"El Paraíso","kg":40}' });
    [blend] = await send(roaster, 'item.merge', { items: [lot, lot2], kind: 'blend', registry: 'coffee-lots' });
    bags = await send(roaster, 'item.split', { item: blend, children: [{ kind: 'bag', metadata: '250 g' }, { kind: 'bag', metadata: '250 g' }] });
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('an item page shows its timeline: each event in order, a page at a time', async () => {
    const { page } = web;
    await page.goto(`${t.url}/items/${lot}`);
    await page.getByTestId('item-id').getByText(lot).waitFor();
    assert.equal(await page.title(), `Item ${lot.slice(0, 11)}… · Agora`);
    await page.getByTestId('item-owner').getByText(roaster.address).waitFor();
    await page.getByTestId('item-custodian').getByText(carrier.address).waitFor();
    await page.getByTestId('item-status').getByText('retired', { exact: true }).waitFor();
    assert.match((await page.getByTestId('item-metadata').textContent()) ?? '', /"farm": "La Esperanza",\n\s+"kg": 60/);
    await page.getByTestId('item-documents').getByText(toHex(sha256(CERTIFICATE))).waitFor();
    await page.locator('a[href="/registries/coffee-lots"]').first().waitFor();

    const timeline = page.getByTestId('timeline');
    await timeline.locator('li.tl-entry').nth(19).waitFor();
    assert.deepEqual(await actionsShown(page), ['register', 'attest', 'attest', 'transfer', ...Array(16).fill('attest')], 'the first page: 20 entries, oldest first');
    const entries = timeline.locator('li.tl-entry');
    assert.match((await entries.nth(0).textContent()) ?? '', /Registered.*owner/);
    assert.match((await entries.nth(1).textContent()) ?? '', /Attested: certified-organic/);
    // Each entry says in words what happened, the addresses linked beside the words.
    const says = async (n: number): Promise<string> => ((await entries.nth(n).getByTestId('tl-says').textContent()) ?? '').trim();
    const short = (address: string): string => `${address.slice(0, 12)}…${address.slice(-4)}`;
    assert.equal(await says(0), `Registered by ${short(t.dev.address)}`);
    assert.equal(await says(1), `Attested: certified-organic, by ${short(certifier.address)}`);
    assert.equal(await says(2), `Custody handed to ${short(carrier.address)} by ${short(t.dev.address)}`);
    await entries.nth(3).getByTestId('tl-says').getByText('5 AGR').waitFor();
    assert.equal(await says(3), `Transferred from ${short(t.dev.address)} to ${short(roaster.address)} for 5 AGR`);
    await entries.nth(3).getByTestId('tl-says').locator(`a[href="/account/${roaster.address}"]`).waitFor();
    assert.match((await entries.nth(1).textContent()) ?? '', /"certificate": "2026-114"/);
    await entries.nth(1).locator(`a[href="/account/${certifier.address}"]`).first().waitFor();
    assert.match((await entries.nth(2).textContent()) ?? '', /Custody handed to.*new custodian/);
    await entries.nth(2).locator(`a[href="/account/${carrier.address}"]`).first().waitFor();
    assert.match((await entries.nth(3).textContent()) ?? '', /Transferred from.*for 5 AGR.*previous owner.*new owner.*price paid5 AGR/);
    await entries.nth(3).locator(`a[href="/account/${roaster.address}"]`).first().waitFor();
    const heights = await entries.evaluateAll((items) => items.map((li) => Number(li.querySelector('.tl-when a')?.textContent?.replace('#', ''))));
    assert.deepEqual([...heights].sort((a, b) => a - b), heights, 'block heights never go back');

    await page.getByRole('button', { name: /Load more/ }).click();
    await timeline.locator('li.tl-entry').nth(21).waitFor();
    assert.deepEqual(await actionsShown(page), ['register', 'attest', 'attest', 'transfer', ...Array(READINGS).fill('attest'), 'merge']);
    const merge = entries.nth(21);
    assert.match((await merge.textContent()) ?? '', /Merged.*into/);
    await merge.getByTestId('tl-says').locator(`a[href="/items/${blend}"]`).waitFor();
    assert.equal(await page.getByRole('button', { name: /Load more/ }).count(), 0, 'no more to load');
    // Its descendants: the blend, then the bags.
    await page.getByTestId('lineage').locator(`[data-item="${bags[1]}"]`).waitFor();
    await page.getByTestId('lineage').locator(`[data-item="${blend}"]`).waitFor();
    await web.screenshot('item-timeline');
  });

  test('a split child draws its lineage; a node opens its item; Verify proves the report in the browser', async () => {
    const { page } = web;
    await page.goto(`${t.url}/items/${bags[1]}`);
    const graph = page.getByTestId('lineage');
    for (const id of [lot, lot2, blend]) await graph.locator(`[data-item="${id}"]`).waitFor();
    await graph.locator(`[data-item="${bags[1]}"][aria-current="page"]`).waitFor();
    assert.equal(await graph.locator('path.lineage-edge').count(), 3, 'lot → blend, lot2 → blend, blend → bag');
    const box = async (id: string): Promise<{ top: number; bottom: number }> => {
      const found = await graph.locator(`[data-item="${id}"] rect`).boundingBox();
      assert.ok(found !== null);
      return { top: found.y, bottom: found.y + found.height };
    };
    const [lotBox, lot2Box, blendBox, bagBox] = await Promise.all([box(lot), box(lot2), box(blend), box(bags[1])]);
    assert.equal(lotBox.top, lot2Box.top, 'both lots on one layer');
    assert.ok(lotBox.bottom < blendBox.top && blendBox.bottom < bagBox.top, 'lots above the blend above the bag');
    assert.deepEqual(await actionsShown(page), ['create']);

    await page.getByRole('button', { name: 'Verify provenance' }).click();
    const verdict = page.getByTestId('verdict');
    // The lot (22 events), the second lot (register, merge), the blend (create, split), the bag (create).
    await verdict.getByText(`Proven: ${4 + READINGS + 1 + 2 + 2 + 1} events of 4 items`).waitFor();
    const genesis = await t.client.genesis();
    assert.equal((await verdict.getByTestId('validators-hash').textContent())?.trim(), genesis.validatorsHash);
    assert.equal(
      (await verdict.getByTestId('trust').textContent())?.trim(),
      `Trusting the genesis of the node serving this page (chain ${t.chainId}, validator set ${genesis.validatorsHash}).`,
    );
    assert.match((await verdict.getByTestId('complete-at').textContent()) ?? '', /^Complete: no other event of these items up to block [\d,  ]+\.$/);
    const download = page.getByRole('link', { name: 'Download report' });
    assert.equal(await download.getAttribute('href'), `/v1/items/${bags[1]}/report`);
    assert.equal(await download.getAttribute('download'), `${bags[1]}.provenance.json`);
    await web.screenshot('item-verified');

    // The proven events name their txs: a record tx reads in words on its page.
    await verdict.getByText('The proven events').click();
    await verdict.locator('ol.proven a').nth(1).click();
    await page.getByRole('heading', { name: 'Attest transaction' }).waitFor();
    await page.locator('.lead').getByText('certified-organic').waitFor();
    await page.locator('.event').locator(`a[href="/items/${lot}"]`).waitFor();
    await page.goBack();

    await page.getByTestId('lineage').locator(`[data-item="${blend}"]`).click();
    await page.waitForURL(`${t.url}/items/${blend}`);
    await page.getByTestId('item-id').getByText(blend).waitFor();
    for (const id of [lot, lot2, bags[0], bags[1]]) await page.getByTestId('lineage').locator(`[data-item="${id}"]`).waitFor();
    await web.screenshot('item-blend-lineage');
  });

  test('a report with one edited byte is not proven, and the page names the place', async () => {
    const { page } = web;
    // The node is honest here; the edit is made on the way, as a lying node or a tampered copy would.
    await page.route(`**/v1/items/${bags[0]}/report`, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      const edited = text.replace('\\"celsius\\":18', '\\"celsius\\":81');
      assert.notEqual(edited, text, 'a reading was edited');
      await route.fulfill({ response, body: edited });
    });
    await page.goto(`${t.url}/items/${bags[0]}`);
    await page.getByRole('button', { name: 'Verify provenance' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('Not proven:').waitFor();
    const places = await verdict.locator('ul.problems code').allTextContents();
    // Items are the bag, the blend, then the lots: the first lot's first reading (its entry 4) is named
    // first; what rests on it (the blend and the bag made from the lot) follows.
    assert.equal(places[0], '$.items[2].events[4].entry.data', places.join(', '));
    await web.screenshot('item-not-proven');
    await page.unroute(`**/v1/items/${bags[0]}/report`);
  });

  test('attack 7: a report re-signed with fresh keys is not proven in the page, which names what it trusted', async () => {
    const { page } = web;
    // A lying node (or a tampered copy) serves a forged report: backdated, every commit re-signed by fresh keys.
    await page.route(`**/v1/items/${bags[0]}/report`, async (route) => {
      const response = await route.fetch();
      const forged = serializeReport(forgeReport(JSON.parse(await response.text()) as ProvenanceReport).report);
      await route.fulfill({ response, body: forged });
    });
    await page.goto(`${t.url}/items/${bags[0]}`);
    await page.getByRole('button', { name: 'Verify provenance' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('Not proven:').waitFor();
    assert.equal((await verdict.locator('ul.problems code').first().textContent())?.trim(), '$.validatorSets[0].hash');
    assert.match((await verdict.getByTestId('trust').textContent()) ?? '', /^Trusting the genesis of the node serving this page/);
    await page.unroute(`**/v1/items/${bags[0]}/report`);
  });

  test('the registry page and the owner’s account list the items; search finds items and registries', async () => {
    const { page } = web;
    const search = async (text: string): Promise<void> => {
      await page.getByRole('searchbox').fill(text);
      await page.getByRole('button', { name: 'Search' }).click();
    };
    await search(bags[0].toUpperCase());
    await page.waitForURL(`${t.url}/items/${bags[0]}`);
    await search('coffee-lots');
    await page.waitForURL(`${t.url}/registries/coffee-lots`);
    await page.getByTestId('registry-openness').getByText('curated').waitFor();
    await page.getByTestId('attesters').getByText('certified-organic').waitFor();
    await page.getByTestId('registrars').locator(`a[href="/account/${roaster.address}"]`).waitFor();
    const listed = page.getByTestId('registry-items');
    for (const id of [lot, lot2, blend, ...bags]) await listed.locator(`a[href="/items/${id}"]`).waitFor();
    await web.screenshot('registry');
    await search(roaster.address);
    await page.waitForURL(`${t.url}/account/${roaster.address}`);
    for (const id of [lot, lot2, blend, ...bags]) await page.getByTestId('account-items').locator(`a[href="/items/${id}"]`).waitFor();
    // Still working: a height, an asset; and unknown ones explained.
    await search('agr');
    await page.waitForURL(`${t.url}/asset/AGR`);
    await search('1');
    await page.waitForURL(`${t.url}/block/1`);
    const errorsBefore = web.errors.length;
    await search('no-such-registry');
    await page.getByRole('status').getByText('no asset or registry is named').waitFor();
    // Chromium logs every 4xx answer: the node's 404 for the registry that is not there is expected.
    assert.deepEqual(web.errors.splice(errorsBefore), ['console: Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await search(`item1${'q'.repeat(58)}`);
    await page.getByRole('status').getByText(/not a valid one|No item with that id/).waitFor();
  });

  test('on a phone: the page fits, the graph scrolls inside its box', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${t.url}/items/${lot}`);
    await phone.getByTestId('lineage').locator(`[data-item="${bags[0]}"]`).waitFor();
    const graph = await phone.getByTestId('lineage').locator('svg').boundingBox();
    assert.ok(graph !== null && graph.width <= 390, `the graph is ${graph?.width}px wide on a 390px phone`);
    await phone.getByTestId('timeline').locator('li.tl-entry').nth(19).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await web.screenshot('phone-item', phone);
    await phone.close();
  });

  test('the browser logged no error', () => {
    assert.deepEqual(web.errors, []);
  });
});
