/**
 * Issue 6's "Must show", extended to contracts (issue 5), in Chromium against a real dev node: a key
 * made in the page opens an escrow to a payee and releases it, while an open contract page shows the
 * escrow go from held to released; a rental offered through the SDK with the dev key is booked from
 * the wallet (price and deposit shown before signing) and the rental and item pages show the booking
 * and the item's user, then returned early and claimed on by the owner; an offer and a split read on
 * their pages; a stream opened in the wallet accrues on its page as blocks come and is
 * stopped; mistakes read in words; the pages fit a phone; nothing secret leaves the browser and the
 * console stays clean.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { RentalContractJson } from '../../src/client/types.ts';
import { newItemIds } from '../../src/client/records.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, createPhrase, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const PASSPHRASE = 'correct horse battery';
const AGR = 1_000_000n;
const HOUR = 3_600_000;

describe('wallet contracts and contract pages in Chromium', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let explorer: Page;
  let mnemonic = '';
  let address = '';
  let escrow = '';
  let rental = '';
  let drill = '';
  const bob = KeyPair.generate();
  const carol = KeyPair.generate();

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    explorer = await web.context.newPage();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('a key is made in the page and funded by the dev key', async () => {
    const { page } = web;
    await page.goto(`${t.url}/wallet`);
    mnemonic = await createPhrase(page);
    await page.getByLabel('I have written these words down').check();
    await page.locator('input[name="passphrase"]').fill(PASSPHRASE);
    await page.locator('input[name="passphrase-again"]').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Save the key in this browser' }).click();
    address = ((await page.getByTestId('wallet-address').textContent()) ?? '').trim();
    assert.equal(address, keyPairFromMnemonic(mnemonic).address);
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: address, asset: t.nativeAsset, amount: 100n * AGR }] });
    await page.getByTestId('wallet-balances').getByText('100').waitFor();
    await page.getByText('No contract names this key yet').waitFor();
  });

  test('the wallet opens an escrow to a payee; its address is shown and its page shows it held', async () => {
    const { page } = web;
    const form = page.getByTestId('escrow-create-form');
    await form.locator('input[name="escrow-payee"]').fill(bob.address);
    await form.locator('input[name="escrow-arbiter"]').fill(carol.address);
    await form.locator('input[name="escrow-amount"]').fill('25');
    await form.locator('input[name="escrow-deadline"]').fill('3');
    await form.locator('select[name="escrow-deadline-unit"]').selectOption('days');
    await form.locator('select[name="escrow-on-expiry"]').selectOption('release');
    await form.getByRole('button', { name: 'Open the escrow' }).click();
    const shown = form.getByTestId('new-contract');
    await shown.waitFor();
    escrow = (await shown.getAttribute('data-contract')) ?? '';
    await shown.getByText(escrow).waitFor();
    const onChain = await t.client.getContract(escrow);
    assert.equal(onChain.type, 'escrow');
    if (onChain.type !== 'escrow') return;
    assert.deepEqual([onChain.payer, onChain.payee, onChain.arbiter, onChain.onExpiry, onChain.state], [address, bob.address, carol.address, 'release', 'open']);
    assert.deepEqual(onChain.tranches.map((tranche) => [tranche.status, tranche.assets]), [['held', [{ asset: 'AGR', amount: String(25n * AGR) }]]]);
    // The wallet lists it, and its actions form now acts on it.
    await page.getByTestId('wallet-contracts').locator(`tr[data-contract="${escrow}"]`).getByText('payer').waitFor();
    const actions = page.getByTestId('escrow-action-form');
    assert.equal(await actions.locator('input[name="escrow-address"]').inputValue(), escrow);
    await actions.getByTestId('escrow-summary').getByText('You are').waitFor();
    assert.deepEqual(await actions.locator('select[name="contract-action"] option').allTextContents(), ['Release it to the payee', 'Open a dispute (the arbiter decides)']);
    await web.screenshot('wallet-escrow-opened');

    await explorer.goto(`${t.url}/contracts/${escrow}`);
    await explorer.locator('[data-testid="escrow-state"][data-state="open"]').waitFor();
    await explorer.getByTestId('escrow-tranches').locator('tr[data-status="held"]').waitFor();
    await explorer.getByTestId('contract-holds').getByText('25').waitFor();
    await explorer.getByTestId('escrow-deadline').getByText(/in 2 days 23 h|in 3 days/).waitFor();
    await web.screenshot('contract-escrow-held', explorer);
  });

  test('the wallet releases it; the open contract page shows held → released, the payee is paid', async () => {
    const { page } = web;
    const actions = page.getByTestId('escrow-action-form');
    await actions.getByRole('button', { name: 'Sign and send' }).click();
    await actions.getByTestId('tx-done').waitFor();
    // The page opened before the release turns without a reload: its tx arrives on the event stream.
    await explorer.locator('[data-testid="escrow-state"][data-state="closed"]').waitFor();
    await explorer.getByTestId('escrow-tranches').locator('tr[data-status="released"]').waitFor();
    await explorer.getByText('Closed: everything was released to the payee.').waitFor();
    await explorer.getByTestId('contract-holds').getByText('nothing').waitFor();
    assert.equal((await explorer.getByTestId('contract-history').locator('tbody tr').count()) >= 2, true);
    await explorer.getByTestId('contract-history').getByText('Release escrow').waitFor();
    await web.screenshot('contract-escrow-released', explorer);
    assert.deepEqual((await t.client.account(bob.address)).balances, [{ asset: 'AGR', amount: String(25n * AGR) }]);
    await actions.getByTestId('no-action').waitFor();
    // The release's tx page reads it; its events link the escrow's page.
    await explorer.getByTestId('contract-history').getByText('Release escrow').locator('xpath=ancestor::tr').locator('a').first().click();
    await explorer.getByText('Release escrow transaction').waitFor();
    await explorer.locator(`.event a[href="/contracts/${escrow}"]`).first().waitFor();
  });

  test('search opens a contract’s page for its address, and an account page for a key’s; the account lists its contracts', async () => {
    await explorer.getByRole('searchbox').fill(escrow);
    await explorer.getByRole('button', { name: 'Search' }).click();
    await explorer.waitForURL(`${t.url}/contracts/${escrow}`);
    await explorer.getByRole('searchbox').fill(address);
    await explorer.getByRole('button', { name: 'Search' }).click();
    await explorer.waitForURL(`${t.url}/account/${address}`);
    await explorer.getByTestId('account-contracts').locator(`tr[data-contract="${escrow}"]`).getByText('payer').waitFor();
    assert.equal(await explorer.getByTestId('account-is-contract').count(), 0);
    await explorer.goto(`${t.url}/account/${escrow}`);
    await explorer.getByTestId('account-is-contract').waitFor();
  });

  test('a rental offered with the dev key is booked from the wallet: price and deposit before signing', async () => {
    [drill] = newItemIds((await t.client.sendTx(t.dev, 'item.register', { kind: 'drill', metadata: '{"brand":"Bosch"}' })).receipt.events);
    const offered = await t.client.sendTx(t.dev, 'rental.offer', { item: drill, asset: 'AGR', pricePerPeriod: 2n * AGR, periodMs: HOUR, minPeriods: 1, maxPeriods: 24, deposit: 10n * AGR, arbiter: carol.address, claimWindowMs: 24 * HOUR });
    rental = offered.receipt.events.find((e) => e.type === 'rental.offered')?.attributes.rental ?? '';
    assert.match(rental, /^agora1/);
    const { page } = web;
    const form = page.getByTestId('rental-book-form');
    await form.locator('input[name="rental-address"]').fill(rental);
    await form.locator('input[name="rental-periods"]').fill('3');
    const total = form.getByTestId('rental-total');
    const words = async (): Promise<string> => ((await total.textContent()) ?? '').replace(/\s+/g, ' ');
    // The amounts read once the asset's decimals are known.
    await eventually(async () => !(await words()).includes('…'));
    assert.match(await words(), /3 × 2 AGR = 6 AGR for 3 h, plus a deposit of 10 AGR: 16 AGR leave your balance now/);
    await web.screenshot('wallet-rental-quote');
    await form.getByRole('button', { name: 'Book and pay' }).click();
    const booked = form.getByTestId('new-booking');
    await booked.waitFor();
    assert.equal(await booked.getAttribute('data-booking'), '0');
    const onChain = await t.client.getContract(rental);
    assert.ok(onChain.type === 'rental');
    assert.deepEqual(onChain.bookings.map((b) => [b.renter, b.periods, b.price, b.deposit]), [[address, 3, String(6n * AGR), String(10n * AGR)]]);
    assert.equal(onChain.now.user, address);
    await page.getByTestId('wallet-contracts').locator(`tr[data-contract="${rental}"]`).getByText('renter').waitFor();
  });

  test('the rental page shows the booking and the item’s user; the item page links its rental', async () => {
    await explorer.goto(`${t.url}/contracts/${rental}`);
    await explorer.getByTestId('rental-user').getByText(address).waitFor();
    const row = explorer.getByTestId('rental-bookings').locator('tr[data-booking="0"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-phase'), 'in-use');
    await row.locator(`a[href="/account/${address}"]`).waitFor();
    await explorer.locator('.booking-bar.in-use').waitFor();
    await web.screenshot('contract-rental-booked', explorer);
    await explorer.locator(`a[href="/items/${drill}"]`).first().click();
    await explorer.getByTestId('item-rental').locator(`a[href="/contracts/${rental}"]`).first().waitFor();
    await explorer.getByTestId('item-user').locator(`a[href="/account/${address}"]`).waitFor();
    const timeline = explorer.getByTestId('timeline');
    await timeline.locator('li.tl-entry').nth(2).waitFor();
    assert.deepEqual(await timeline.locator('li.tl-entry').evaluateAll((items) => items.map((li) => li.getAttribute('data-action'))), ['register', 'rental-offer', 'rental-book']);
    await timeline.locator('li[data-action="rental-book"]').locator(`a[href="/contracts/${rental}"]`).waitFor();
    await web.screenshot('item-rented', explorer);
  });

  test('a stream opened in the wallet accrues on its page as blocks come, and is stopped', async () => {
    const { page } = web;
    const form = page.getByTestId('stream-open-form');
    await form.locator('input[name="stream-payee"]').fill(bob.address);
    await form.locator('input[name="stream-rate"]').fill('0.01');
    await form.locator('input[name="stream-deposit"]').fill('36');
    await form.getByText('It flows for 1 h at most.').waitFor();
    await form.getByRole('button', { name: 'Start the stream' }).click();
    const shown = form.getByTestId('new-contract');
    await shown.waitFor();
    const stream = (await shown.getAttribute('data-contract')) ?? '';
    await explorer.goto(`${t.url}/contracts/${stream}`);
    const accrued = explorer.getByTestId('stream-accrued');
    await accrued.waitFor();
    // Nothing is sent to the stream meanwhile: what moves is the page's reading of new block times.
    const reads = (): number => web.requests.filter((r) => r.url.endsWith(`/v1/contracts/${stream}`)).length;
    const readsBefore = reads();
    const first = BigInt((await accrued.getAttribute('data-accrued')) ?? '0');
    await eventually(async () => BigInt((await accrued.getAttribute('data-accrued')) ?? '0') >= first + 20_000n, 15_000);
    assert.equal(reads(), readsBefore, 'the accrual moved without reading the stream again');
    await web.screenshot('contract-stream-flowing', explorer);
    const actions = page.getByTestId('stream-action-form');
    assert.equal(await actions.locator('input[name="stream-address"]').inputValue(), stream);
    await actions.locator('select[name="contract-action"]').selectOption({ label: 'Stop it: the unaccrued rest comes back to me' });
    await actions.getByRole('button', { name: 'Sign and send' }).click();
    await actions.getByTestId('tx-done').waitFor();
    await explorer.locator('[data-testid="stream-state"][data-state="stopped"]').waitFor();
    const onChain = await t.client.getContract(stream);
    assert.ok(onChain.type === 'stream' && onChain.status === 'stopped');
    assert.equal(await accrued.getAttribute('data-accrued'), onChain.withdrawn, 'the page shows what the stop paid');
  });

  test('an offer and a split made with the SDK read on their pages; search finds a split from a payment it forwarded', async () => {
    await t.client.sendTx(t.dev, 'asset.create', { symbol: 'TIX', name: 'Concert tickets', decimals: 0, supply: 100n });
    const made = await t.client.sendTx(t.dev, 'offer.create', { give: { assets: [{ asset: 'TIX', amount: 10n }] }, ask: { assets: [{ asset: 'AGR', amount: 3n * AGR }] }, deadlineMs: Date.now() + 86_400_000 });
    const offer = made.receipt.events.find((e) => e.type === 'offer.created')?.attributes.offer ?? '';
    await explorer.goto(`${t.url}/contracts/${offer}`);
    await explorer.locator('[data-testid="offer-state"][data-state="open"]').getByText('anyone but the maker may accept it').waitFor();
    await explorer.getByText('Asks in return').waitFor();
    await t.client.sendTx(bob, 'offer.accept', { offer });
    await explorer.locator('[data-testid="offer-state"][data-state="accepted"]').waitFor();
    await explorer.getByTestId('contract-history').getByText('Accept offer').waitFor();
    await web.screenshot('contract-offer-accepted', explorer);

    const created = await t.client.sendTx(t.dev, 'split.create', { members: [{ address: bob.address, weight: 3 }, { address: carol.address, weight: 1 }] });
    const split = created.receipt.events.find((e) => e.type === 'split.created')?.attributes.split ?? '';
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: split, asset: 'AGR', amount: 4n * AGR }] });
    await explorer.getByRole('searchbox').fill(split);
    await explorer.getByRole('button', { name: 'Search' }).click();
    await explorer.waitForURL(`${t.url}/contracts/${split}`);
    const members = explorer.getByTestId('split-members');
    await members.getByText('75.00 %').waitFor();
    await members.getByText('25.00 %').waitFor();
    await explorer.getByTestId('contract-holds').getByText('nothing').waitFor();
    await web.screenshot('contract-split', explorer);
  });

  test('mistakes and refusals read in words', async () => {
    const { page } = web;
    const errorsBefore = web.errors.length;
    const create = page.getByTestId('escrow-create-form');
    // Checked in the page: nothing is signed or sent.
    await create.locator('input[name="escrow-payee"]').fill('agora1nope');
    await create.getByRole('button', { name: 'Open the escrow' }).click();
    await create.getByRole('alert').getByText('That is not a valid Agora address').waitFor();
    const book = page.getByTestId('rental-book-form');
    await book.locator('input[name="rental-periods"]').fill('30');
    await book.getByTestId('rental-quote').getByText('Book from 1 to 24 periods.').waitFor();
    await book.getByRole('button', { name: 'Book and pay' }).click();
    await book.getByRole('alert').getByText('Book from 1 to 24 periods.').waitFor();
    // Refused by the node: a second booking over the first; more than the key holds.
    await book.locator('input[name="rental-periods"]').fill('1');
    await book.getByRole('button', { name: 'Book and pay' }).click();
    await book.getByRole('alert').getByText('That time overlaps another booking of this item.').waitFor();
    await create.locator('input[name="escrow-payee"]').fill(bob.address);
    await create.locator('input[name="escrow-amount"]').fill('5000');
    await create.getByRole('button', { name: 'Open the escrow' }).click();
    await create.getByRole('alert').getByText('You do not have enough of that asset').waitFor();
    await web.screenshot('wallet-contract-errors');
    assert.deepEqual(web.errors.splice(errorsBefore), Array(2).fill('console: Failed to load resource: the server responded with a status of 400 (Bad Request)'));
  });

  test('the wallet returns the booking early; the owner claims on the deposit; the rental page shows the claim', async () => {
    const { page } = web;
    const actions = page.getByTestId('rental-action-form');
    assert.equal(await actions.locator('input[name="rental-action-address"]').inputValue(), rental);
    await actions.getByTestId('rental-action-summary').getByText('Your bookings: #0 (in-use).').waitFor();
    assert.deepEqual(await actions.locator('select[name="contract-action"] option').allTextContents(), ['Return booking #0 now (the periods not begun come back)']);
    await actions.getByRole('button', { name: 'Sign and send' }).click();
    await actions.getByTestId('tx-done').waitFor();
    await explorer.goto(`${t.url}/contracts/${rental}`);
    const row = explorer.getByTestId('rental-bookings').locator('tr[data-booking="0"]');
    await explorer.locator('tr[data-booking="0"][data-phase="claim-window"]').waitFor();
    await explorer.getByTestId('rental-user').getByText('nobody has it booked now').waitFor();
    await row.getByText(/2 AGR paid \(4 AGR back\)/).waitFor();
    // 1 period begun of 3: 2 AGR to the owner, 4 back; the deposit waits for the claim window.
    const returned = (await t.client.getContract(rental)) as RentalContractJson;
    assert.deepEqual(returned.holds.assets, [{ asset: 'AGR', amount: String(10n * AGR) }]);
    await t.client.sendTx(t.dev, 'rental.claim', { rental, booking: 0, reason: 'chuck scratched' });
    await explorer.locator('tr[data-booking="0"][data-phase="claimed"]').waitFor();
    await row.getByText('the arbiter decides on the deposit').waitFor();
    await explorer.getByTestId('contract-history').getByText('Damage claim').waitFor();
    await web.screenshot('contract-rental-claimed', explorer);
  });

  test('on a phone: the contract pages and the wallet’s contract forms fit the screen', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const overflow = (): Promise<number> => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // What sticks out, named for the failure message.
    const wide = (): Promise<string[]> => phone.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`));
    for (const [path, ready, name] of [[`/contracts/${rental}`, 'rental-bookings', 'phone-contract-rental'], [`/contracts/${escrow}`, 'escrow-tranches', 'phone-contract-escrow']]) {
      await phone.goto(`${t.url}${path}`);
      await phone.getByTestId(ready).waitFor();
      assert.ok((await overflow()) <= 0, `${path} is ${await overflow()}px wider than the phone: ${(await wide()).join(' | ')}`);
      await web.screenshot(name, phone);
    }
    await phone.goto(`${t.url}/wallet`);
    await phone.locator('input[name="unlock-passphrase"]').fill(PASSPHRASE);
    await phone.getByRole('button', { name: 'Unlock' }).click();
    await phone.getByTestId('rental-book-form').locator('input[name="rental-address"]').fill(rental);
    await phone.getByTestId('rental-quote').waitFor();
    assert.ok((await overflow()) <= 0, `the wallet is ${await overflow()}px wider than the phone: ${(await wide()).join(' | ')}`);
    await web.screenshot('phone-wallet-contracts', phone);
    await phone.close();
  });

  test('no key material left the browser', () => {
    assert.ok(web.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/txs?wait=commit')).length >= 5, 'the wallet submitted its txs');
    assertNoSecretsSent(web.requests, mnemonic);
  });

  test('the browser logged no error', () => {
    assert.deepEqual(web.errors, []);
  });
});
