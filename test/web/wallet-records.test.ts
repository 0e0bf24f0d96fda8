/**
 * The wallet's records actions in Chromium against a real dev node: a key made in the page registers
 * an item with metadata and a document hashed in the browser, attests it, hands custody to a carrier
 * and transfers it; refusals read in words; the item page shows it all; and the request watcher proves
 * that neither the key nor the document's bytes left the browser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newItemIds } from '../../src/client/records.ts';
import { sha256, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, createPhrase, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const PASSPHRASE = 'correct horse battery';
/** The document's bytes: only their SHA-256 may leave the browser. */
const RECEIPT = 'Purchase receipt #88213 — cordless drill, serial DRL-5521-XK';

describe('wallet records actions in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let mnemonic = '';
  let address = '';
  let item = '';
  const carrier = KeyPair.generate();
  const bob = KeyPair.generate();

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('a key is made in the page', async () => {
    const { page } = web;
    await page.goto(`${t.url}/wallet`);
    mnemonic = await createPhrase(page);
    await page.getByLabel('I have written these words down').check();
    await page.locator('input[name="passphrase"]').fill(PASSPHRASE);
    await page.locator('input[name="passphrase-again"]').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Save the key in this browser' }).click();
    address = ((await page.getByTestId('wallet-address').textContent()) ?? '').trim();
    assert.equal(address, keyPairFromMnemonic(mnemonic).address);
    await page.getByText('You own no item yet').waitFor();
  });

  test('register an item with metadata and a document hashed in the browser; its id is shown', async () => {
    const { page } = web;
    const form = page.getByTestId('register-item-form');
    await form.locator('input[name="item-kind"]').fill('drill');
    await form.locator('textarea[name="item-metadata"]').fill('{"brand": "Bosch", "watts": 750}');
    await form.locator('input[name="item-documents"]').setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from(RECEIPT) });
    const hash = toHex(sha256(new TextEncoder().encode(RECEIPT)));
    await form.getByTestId('item-documents-hashes').getByText(hash).waitFor();
    await form.getByRole('button', { name: 'Register' }).click();
    const shown = form.getByTestId('new-item');
    await shown.waitFor();
    item = (await shown.getAttribute('data-item')) ?? '';
    assert.match(item, /^item1[02-9ac-hj-np-z]{58}$/);
    await shown.getByText(item).waitFor();
    const onChain = await t.client.getItem(item);
    assert.deepEqual([onChain.kind, onChain.owner, onChain.metadata, onChain.documents], ['drill', address, '{"brand": "Bosch", "watts": 750}', [hash]]);
    await page.getByTestId('wallet-items').locator(`a[href="/items/${item}"]`).waitFor();
    await web.screenshot('wallet-item-registered');
  });

  test('attest it, then hand custody to a carrier', async () => {
    const { page } = web;
    const form = page.getByTestId('attest-item-form');
    await form.locator('input[name="attest-item"]').fill(item);
    await form.locator('input[name="attest-type"]').fill('inspection');
    await form.locator('textarea[name="attest-data"]').fill('{"result": "pass", "by": "tool library"}');
    await form.getByRole('button', { name: 'Attest' }).click();
    await form.getByTestId('tx-done').waitFor();
    await form.locator('input[name="attest-type"]').fill('custody');
    await form.locator('input[name="attest-custodian"]').fill(carrier.address);
    await form.locator('textarea[name="attest-data"]').fill('');
    await form.getByRole('button', { name: 'Attest' }).click();
    await form.getByTestId('tx-done').waitFor();
    assert.equal((await t.client.getItem(item)).custodian, carrier.address);
  });

  test('mistakes and refusals read in words', async () => {
    const { page } = web;
    const errorsBefore = web.errors.length;
    const form = page.getByTestId('attest-item-form');
    // Checked in the page: nothing is signed or sent.
    await form.locator('input[name="attest-type"]').fill('inspection');
    await form.locator('textarea[name="attest-data"]').fill('{oops');
    await form.getByRole('button', { name: 'Attest' }).click();
    await form.getByRole('alert').getByText('That is not valid JSON').waitFor();
    await form.locator('textarea[name="attest-data"]').fill('');
    await form.locator('input[name="attest-type"]').fill('Not A Name!');
    await form.getByRole('button', { name: 'Attest' }).click();
    await form.getByRole('alert').getByText('A kind, event type or registry name is').waitFor();
    // Refused by the node: an item of someone else's.
    const [others] = newItemIds((await t.client.sendTx(t.dev, 'item.register', { kind: 'car' })).receipt.events);
    await form.locator('input[name="attest-item"]').fill(others);
    await form.locator('input[name="attest-type"]').fill('repair');
    await form.getByRole('button', { name: 'Attest' }).click();
    await form.getByRole('alert').getByText('This key may not attest that on this item').waitFor();
    const transfer = page.getByTestId('transfer-item-form');
    await transfer.locator('input[name="transfer-item"]').fill(others);
    await transfer.locator('input[name="transfer-to"]').fill(bob.address);
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await transfer.getByRole('alert').getByText('Only the item’s owner can do that').waitFor();
    const register = page.getByTestId('register-item-form');
    await register.locator('input[name="item-registry"]').fill('no-such-registry');
    await register.getByRole('button', { name: 'Register' }).click();
    await register.getByRole('alert').getByText('There is no registry with that name').waitFor();
    await register.locator('input[name="item-registry"]').fill('');
    await web.screenshot('wallet-item-errors');
    // Chromium logs every 4xx answer: the node's three refusals are the ones expected.
    assert.deepEqual(web.errors.splice(errorsBefore), Array(3).fill('console: Failed to load resource: the server responded with a status of 400 (Bad Request)'));
  });

  test('transfer it; the item page shows every event the wallet made', async () => {
    const { page } = web;
    const transfer = page.getByTestId('transfer-item-form');
    await transfer.locator('input[name="transfer-item"]').fill(item);
    await transfer.locator('input[name="transfer-to"]').fill(bob.address);
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await transfer.getByTestId('tx-done').waitFor();
    // Given away: it leaves "Your items"; the search box finds it.
    await page.getByTestId('wallet-items').locator(`a[href="/items/${item}"]`).waitFor({ state: 'detached' });
    await page.getByRole('searchbox').fill(item);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`${t.url}/items/${item}`);
    await page.getByTestId('item-owner').getByText(bob.address).waitFor();
    await page.getByTestId('item-custodian').getByText(carrier.address).waitFor();
    await page.getByTestId('item-documents').getByText(toHex(sha256(new TextEncoder().encode(RECEIPT)))).waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li.tl-entry').nth(3).waitFor();
    assert.deepEqual(await timeline.locator('li.tl-entry').evaluateAll((items) => items.map((li) => li.getAttribute('data-action'))), ['register', 'attest', 'attest', 'transfer']);
    // What happened, in words, with the addresses shortened beside them (linked in full).
    const short = (key: string): string => `${key.slice(0, 12)}…${key.slice(-4)}`;
    const says = await timeline.getByTestId('tl-says').allTextContents();
    assert.deepEqual(says, [`Registered by ${short(address)}`, `Attested: inspection, by ${short(address)}`, `Custody handed to ${short(carrier.address)} by ${short(address)}`, `Transferred from ${short(address)} to ${short(bob.address)}`]);
    await page.getByRole('button', { name: 'Verify provenance' }).click();
    await page.getByTestId('verdict').getByText('Proven: 4 events of 1 item').waitFor();
    await web.screenshot('wallet-item-page');
    // Live: the carrier (its custodian) reports a location; the open page adds it to the timeline.
    await t.client.sendTx(carrier, 'item.attest', { item, type: 'location', data: '{"city":"Lyon"}' });
    await timeline.locator('li.tl-entry').nth(4).getByText(`Attested: location, by ${carrier.address.slice(0, 12)}`).waitFor();
    await page.getByText('Provenance timeline (5 events)').waitFor();
  });

  test('on a phone: the records forms fit the screen', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${t.url}/wallet`);
    // A new page holds no unlocked key: unlock it here.
    await phone.locator('input[name="unlock-passphrase"]').fill(PASSPHRASE);
    await phone.getByRole('button', { name: 'Unlock' }).click();
    await phone.getByTestId('register-item-form').waitFor();
    await phone.getByTestId('attest-item-form').locator('input[name="attest-type"]').fill('custody');
    await phone.getByTestId('attest-item-form').locator('input[name="attest-custodian"]').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the wallet is ${overflow}px wider than the phone`);
    await web.screenshot('phone-wallet-records', phone);
    await phone.close();
  });

  test('no key material and no document bytes left the browser', () => {
    assert.ok(web.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/txs?wait=commit')).length >= 4, 'the wallet submitted its txs');
    assertNoSecretsSent(web.requests, mnemonic, [RECEIPT]);
  });

  test('the browser logged no error', () => {
    assert.deepEqual(web.errors, []);
  });
});
