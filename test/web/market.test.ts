/**
 * Issue 14's browser must-show, in Chromium against a real dev node: two wallets in two pages of two
 * separate browser profiles (each its own localStorage vault: neither page can read the other's keys),
 * the arbiter's wallet in a second page of the seller's. The seller lists a chair from the sell form;
 * the buyer finds it by search, reads the total and the arbiter's fee before signing, and orders it
 * with a note sealed in the page; the seller reads the note opened with its own key and delivers; the
 * buyer confirms; both commit then reveal a review (a reveal before the other side committed is
 * refused in words, a text above 1,024 bytes too); the seller's profile shows the buyer's review and
 * its text (as text, never HTML) once both revealed and not before, and its
 * reputation report verifies in the page; the buyer finds the listing by its seller's score; the
 * seller updates the listing, lists its rental (the form filled with the rental's price, no arbiter;
 * found by the buyer by dates), pauses and closes the
 * listing. No key, no phrase and no clear note leaves either browser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { newItemIds } from '../../src/client/records.ts';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { assertNoSecretsSent, browserSkipReason, buildWebApp, launchBrowser, type Browser, go, makeKey } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const AGR = 1_000_000n;
const NOTE = 'Ship to 12 Rue de la Paix, Paris';
/** The buyer's review text: markup in it must show as text, never as HTML. */
const REVIEW_TEXT = 'great chair, <b>fast</b> delivery';

describe('the market in Chromium: two wallets list, find, buy, deliver, confirm and review', { skip }, () => {
  let t: TestNode;
  /** The seller's browser (its page and the arbiter's), and the buyer's own: two profiles, two vaults. */
  let web: Browser;
  let buyerWeb: Browser;
  let webDir: string;
  let sellerPage: Page;
  let buyerPage: Page;
  let seller = { mnemonic: '', address: '' };
  let buyer = { mnemonic: '', address: '' };
  let arbiter = { mnemonic: '', address: '' };
  let arbiterPage: Page;
  let listing = '';

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    // Two persistent contexts: launchBrowser's context has no Browser to call newContext() on (a
    // persistent context's browser() is null), and a second profile separates the vaults the same way.
    web = await launchBrowser();
    buyerWeb = await launchBrowser();
    sellerPage = web.page;
    buyerPage = buyerWeb.page;
    arbiterPage = await web.context.newPage();
  });

  after(async () => {
    await web?.close();
    await buyerWeb?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('three keys (seller, buyer, arbiter) are made in three pages, the buyer’s in its own browser, and funded by the dev key', async () => {
    await sellerPage.goto(`${t.url}/wallet`);
    seller = await makeKey(sellerPage);
    await buyerPage.goto(`${t.url}/wallet`);
    buyer = await makeKey(buyerPage); // its first key: this browser's vault is empty
    await arbiterPage.goto(`${t.url}/wallet`);
    await arbiterPage.getByRole('button', { name: 'Add another key' }).click();
    arbiter = await makeKey(arbiterPage);
    assert.equal(new Set([seller.address, buyer.address, arbiter.address]).size, 3);
    const vault = (page: Page): Promise<string> => page.evaluate(() => window.localStorage.getItem('agora.wallet.v1') ?? '');
    const [sellerVault, buyerVault] = [await vault(sellerPage), await vault(buyerPage)];
    assert.ok(sellerVault.includes(seller.address) && sellerVault.includes(arbiter.address) && !sellerVault.includes(buyer.address), 'the seller’s browser keeps the seller’s and the arbiter’s keys only');
    assert.ok(buyerVault.includes(buyer.address) && !buyerVault.includes(seller.address) && !buyerVault.includes(arbiter.address), 'the buyer’s browser keeps the buyer’s key only');
    for (const to of [seller.address, buyer.address, arbiter.address]) await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to, asset: t.nativeAsset, amount: 100n * AGR }] });
    await sellerPage.getByTestId('wallet-balances').getByText('100').waitFor();
    await buyerPage.getByTestId('wallet-balances').getByText('100').waitFor();
  });

  test('the seller lists a chair from the sell form', async () => {
    await go(sellerPage, '/market/sell');
    const form = sellerPage.getByTestId('sell-form');
    await form.locator('input[name="title"]').fill('hand made oak chair');
    await form.locator('textarea[name="description"]').fill('Solid oak, waxed, 45 cm seat.');
    await form.locator('input[name="price"]').fill('2.5');
    await form.locator('input[name="stock"]').fill('3');
    await form.locator('input[name="arbiter"]').fill(arbiter.address);
    await form.locator('input[name="arbiterFee"]').fill('0.1');
    await form.getByRole('button', { name: 'Sign and list' }).click();
    const shown = form.getByTestId('new-listing');
    await shown.waitFor();
    listing = ((await shown.textContent()) ?? '').trim();
    assert.match(listing, /^agora1/);
    const onChain = await t.client.getListing(listing);
    assert.deepEqual([onChain.listing.seller, onChain.listing.version, onChain.listing.terms.price], [seller.address, 1, { asset: 'AGR', amount: String(2_500_000n) }]);
    assert.deepEqual(onChain.listing.terms.arbiters, [{ address: arbiter.address, fee: String(100_000n) }]);
  });

  test('the buyer finds it by search, reads the total and the arbiter fee, and orders with a sealed note', async () => {
    await go(buyerPage, '/market');
    const search = buyerPage.getByTestId('market-search');
    await search.locator('input[name="q"]').fill('oak chair');
    await search.getByRole('button', { name: 'Search' }).click();
    const row = buyerPage.getByTestId('listings').locator(`tr[data-listing="${listing}"]`);
    await row.waitFor();
    await row.getByText('2.5 AGR').waitFor();
    await row.getByRole('link', { name: 'hand made oak chair' }).click();
    await buyerPage.getByTestId('listing-title').getByText('hand made oak chair').waitFor();
    await buyerPage.getByTestId('listing-arbiters').getByText('0.1 AGR').waitFor();
    const form = buyerPage.getByTestId('buy-form');
    await form.locator('input[name="quantity"]').fill('4');
    await form.getByTestId('buy-quote').getByText('This listing is out of stock.').waitFor();
    await form.locator('input[name="quantity"]').fill('2');
    const quote = form.getByTestId('buy-quote');
    await quote.getByText('You pay 5 AGR into the order’s escrow').waitFor();
    await quote.getByText('its fee of 0.1 AGR comes out of the 5 AGR').waitFor();
    await form.locator('textarea[name="note"]').fill(NOTE);
    await buyerWeb.screenshot('market-buy-quote', buyerPage);
    await form.getByRole('button', { name: 'Sign and pay into escrow' }).click();
    await form.getByTestId('tx-done').waitFor();
    const orders = await t.client.getAccountOrders(buyer.address);
    assert.equal(orders.orders.length, 1);
    assert.equal(orders.orders[0].total, String(5n * AGR));
    assert.notEqual(orders.orders[0].note, null);
  });

  test('the seller reads the note opened in its page and delivers; the buyer confirms', async () => {
    await go(sellerPage, '/market/orders');
    const sold = sellerPage.getByTestId('orders-seller').getByTestId('order');
    await sold.getByTestId('order-note').getByText(NOTE).waitFor();
    assert.equal(await sold.getAttribute('data-phase'), 'awaiting_delivery');
    await sold.getByRole('button', { name: 'Mark delivered' }).click();
    await sellerPage.locator('[data-testid="orders-seller"] [data-testid="order"][data-phase="delivered"]').waitFor();
    await go(buyerPage, '/market/orders');
    const bought = buyerPage.locator('[data-testid="orders-buyer"] [data-testid="order"][data-phase="delivered"]');
    await bought.waitFor();
    assert.equal(await bought.getByTestId('order-note').count(), 0, 'the buyer is not shown the note opened');
    await buyerWeb.screenshot('market-order-delivered', buyerPage);
    await bought.getByRole('button', { name: 'Confirm receipt (pay the seller)' }).click();
    await buyerPage.locator('[data-testid="orders-buyer"] [data-testid="order"][data-phase="completed"]').waitFor();
    await sellerPage.locator('[data-testid="orders-seller"] [data-testid="order"][data-phase="completed"]').waitFor();
  });

  test('both review: commit, a reveal too early refused in words, then both reveal', async () => {
    const buyerBox = buyerPage.locator(`[data-testid="orders-buyer"] [data-testid="review-box"][data-subject="${seller.address}"]`);
    await buyerBox.locator('select[name="rating"]').selectOption('5');
    await buyerBox.locator('textarea[name="review-text"]').fill(REVIEW_TEXT);
    await buyerBox.getByRole('button', { name: 'Commit review' }).click();
    await buyerBox.getByRole('button', { name: 'Reveal review' }).click();
    await buyerBox.getByRole('alert').getByText('The other side may still write their review').waitFor();
    const sellerBox = sellerPage.locator(`[data-testid="orders-seller"] [data-testid="review-box"][data-subject="${buyer.address}"]`);
    await sellerBox.locator('select[name="rating"]').selectOption('4');
    // Above 1,024 bytes of UTF-8 the text is refused in words before anything is signed.
    await sellerBox.locator('textarea[name="review-text"]').fill('é'.repeat(513));
    await sellerBox.getByTestId('review-text-bytes').getByText('1026 of 1024 bytes').waitFor();
    await sellerBox.getByRole('button', { name: 'Commit review' }).click();
    await sellerBox.getByRole('alert').getByText('A review text is at most 1,024 bytes').waitFor();
    await sellerBox.locator('textarea[name="review-text"]').fill('paid at once');
    await sellerBox.getByRole('button', { name: 'Commit review' }).click();
    await sellerBox.getByRole('button', { name: 'Reveal review' }).waitFor();
    await buyerBox.getByRole('button', { name: 'Reveal review' }).click();
    await buyerBox.getByTestId('review-revealed').getByText('It is shown once the other side has revealed too').waitFor();
    // Revealed by one side only: the seller's profile does not show its rating yet (double-blind).
    const reader = await web.context.newPage();
    await reader.goto(`${t.url}/profile/${seller.address}`);
    await reader.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="false"]').getByText('revealed; shown once the other side reveals').waitFor();
    assert.equal(await reader.getByTestId('review-text').count(), 0, 'its text is not shown before both revealed');
    assert.equal((await t.client.getReviews(seller.address)).reviews[0]?.text, undefined);
    await reader.close();
    await sellerBox.getByRole('button', { name: 'Reveal review' }).click();
    await sellerBox.getByTestId('review-revealed').waitFor();
  });

  test('the seller’s profile shows the buyer’s review and a score, and its report verifies in the page', async () => {
    await go(buyerPage, `/profile/${seller.address}`);
    const review = buyerPage.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="true"]');
    await review.getByText('5 of 5').waitFor();
    await review.getByText(buyer.address.slice(0, 12)).waitFor();
    // The buyer's words, revealed on the ledger, shown as text: the markup in them is not HTML.
    await review.getByTestId('review-text').getByText(REVIEW_TEXT, { exact: true }).waitFor();
    assert.equal(await review.getByTestId('review-text').locator('b').count(), 0);
    await go(sellerPage, `/profile/${buyer.address}`);
    await sellerPage.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="true"]').getByTestId('review-text').getByText('paid at once').waitFor();
    await buyerPage.getByTestId('reputation-score').getByText('5.00 of 5').waitFor();
    await buyerPage.getByRole('button', { name: 'Verify reputation' }).click();
    const verdict = buyerPage.getByTestId('verdict');
    await verdict.getByText(/Proven at block \d+: 1 review/).waitFor();
    await buyerWeb.screenshot('market-profile-verified', buyerPage);
  });

  test('the buyer finds the listing by its seller’s score in stars, and a score out of range is refused in words', async () => {
    await go(buyerPage, '/market');
    const search = buyerPage.getByTestId('market-search');
    await search.locator('input[name="minScore"]').fill('4.5');
    await search.getByRole('button', { name: 'Search' }).click();
    await buyerPage.getByTestId('listings').locator(`tr[data-listing="${listing}"]`).waitFor();
    await search.locator('select[name="scoreUnit"]').selectOption('percent');
    await search.locator('input[name="minScore"]').fill('120');
    await search.getByRole('button', { name: 'Search' }).click();
    await buyerPage.getByRole('alert').getByText('A seller’s score is 1 to 5 stars, or 0 to 100 percent').waitFor();
  });

  test('the seller answers the review once, from its own profile', async () => {
    await go(sellerPage, `/profile/${seller.address}`);
    const row = sellerPage.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="true"]');
    await row.locator('textarea[name="reply-text"]').fill('Thank you, enjoy the chair!');
    await row.getByRole('button', { name: 'Reply once' }).click();
    await row.getByTestId('review-reply').waitFor();
    assert.equal(await row.getByTestId('review-reply-form').count(), 0);
    const reviews = await t.client.getReviews(seller.address);
    assert.equal(reviews.reviews.filter((r) => r.reply !== undefined).length, 1);
  });

  test('a second order is disputed by the buyer and resolved from the arbiter’s queue: its fee, the seller’s share, the rest back', async () => {
    await go(buyerPage, `/market/listing/${listing}`);
    const form = buyerPage.getByTestId('buy-form');
    await form.getByTestId('buy-quote').getByText('You pay 2.5 AGR into the order’s escrow').waitFor();
    await form.getByRole('button', { name: 'Sign and pay into escrow' }).click();
    await form.getByTestId('tx-done').waitFor();
    await go(buyerPage, '/market/orders');
    const open = buyerPage.locator('[data-testid="orders-buyer"] [data-testid="order"][data-phase="awaiting_delivery"]');
    await open.getByRole('button', { name: 'Open a dispute' }).click();
    await buyerPage.locator('[data-testid="orders-buyer"] [data-testid="order"][data-phase="disputed"]').waitFor();
    const order = (await buyerPage.locator('[data-testid="orders-buyer"] [data-testid="order"][data-phase="disputed"]').getAttribute('data-order')) ?? '';
    await go(arbiterPage, '/market/orders');
    const queued = arbiterPage.locator(`[data-testid="orders-arbiter"] [data-testid="order"][data-order="${order}"]`);
    await queued.getByText('Disputed: decide how the total is divided.').waitFor();
    await queued.locator('input[name="to-seller"]').fill('2.5');
    await queued.getByRole('button', { name: 'Resolve the dispute' }).click();
    await queued.getByRole('alert').getByText('That way of settling the dispute is not valid.').waitFor();
    await queued.locator('input[name="to-seller"]').fill('1.5');
    await web.screenshot('market-arbiter-queue', arbiterPage);
    await queued.getByRole('button', { name: 'Resolve the dispute' }).click();
    await arbiterPage.getByTestId('orders-arbiter').getByText('No dispute waits for you as arbiter.').waitFor();
    await buyerPage.locator(`[data-testid="orders-buyer"] [data-testid="order"][data-order="${order}"][data-phase="resolved"]`).waitFor();
    const escrow = await t.client.getContract(order);
    assert.ok(escrow.type === 'escrow');
    assert.equal(escrow.state, 'closed');
    assert.deepEqual(escrow.resolvedToPayee?.assets, [{ asset: 'AGR', amount: String(1_500_000n) }]);
    // To the base unit: of 2.5 AGR, the arbiter's 0.1, the seller's 1.5, the buyer's 0.9 back.
    const history = await t.client.accountTxs(order, { limit: 10 });
    const receipts = await Promise.all(history.txs.map((entry) => t.client.tx(entry.id)));
    const settledEvent = receipts.flatMap((r) => r.receipt?.events ?? []).find((e) => e.type === 'market.settled');
    assert.deepEqual(settledEvent?.attributes, { order, buyer: buyer.address, seller: seller.address, asset: 'AGR', toSeller: '1500000', toBuyer: '900000', fee: '100000' });
    // After a resolution the buyer may review the arbiter too.
    await buyerPage.locator(`[data-testid="order"][data-order="${order}"] [data-testid="review-box"][data-subject="${arbiter.address}"]`).waitFor();
  });

  test('on a phone: the market, a listing and a profile fit the screen', async () => {
    const phone = await buyerWeb.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const overflow = (): Promise<number> => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = (): Promise<string[]> => phone.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`));
    for (const [path, ready] of [['/market', 'listings'], [`/market/listing/${listing}`, 'listing-arbiters'], [`/profile/${seller.address}`, 'profile-reviews']]) {
      await phone.goto(`${t.url}${path}`);
      await phone.getByTestId(ready).waitFor();
      assert.ok((await overflow()) <= 0, `${path} is wider than a phone: ${(await wide()).join(' | ')}`);
    }
    await buyerWeb.screenshot('phone-market-listing', phone);
    await phone.close();
  });

  test('the seller updates the listing from its page: the new price and stock make version 2, the rest of the terms unchanged', async () => {
    const before = (await t.client.getListing(listing)).listing;
    await go(sellerPage, `/market/listing/${listing}`);
    const form = sellerPage.getByTestId('listing-update-form');
    assert.equal(await form.locator('input[name="price"]').inputValue(), '2.5');
    await form.locator('input[name="price"]').fill('3');
    await form.locator('input[name="stock"]').fill('5');
    await form.getByRole('button', { name: 'Sign and update' }).click();
    await form.getByTestId('tx-done').waitFor();
    await sellerPage.getByTestId('listing-price').getByText('3 AGR').waitFor();
    const after = (await t.client.getListing(listing)).listing;
    assert.equal(after.version, 2);
    assert.deepEqual([after.terms.price.amount, after.terms.stock], [String(3n * AGR), 5]);
    assert.deepEqual({ ...after.terms, price: before.terms.price, stock: before.terms.stock }, before.terms);
  });

  test('the seller lists its rental from the sell form; the buyer finds it by dates, and is sent to the rental to book it', async () => {
    // The rental is offered with the seller's key outside the page (the wallet's own rental form is test/web/wallet-contracts.test.ts).
    const sellerKey = keyPairFromMnemonic(seller.mnemonic);
    const [bike] = newItemIds((await t.client.sendTx(sellerKey, 'item.register', { kind: 'bike' })).receipt.events);
    const offered = await t.client.sendTx(sellerKey, 'rental.offer', { item: bike, asset: t.nativeAsset, pricePerPeriod: AGR, periodMs: 3_600_000, minPeriods: 1, maxPeriods: 72 });
    const rental = offered.receipt.events.find((e) => e.type === 'rental.offered')?.attributes.rental ?? '';
    await go(sellerPage, '/market/sell');
    const form = sellerPage.getByTestId('sell-form');
    await form.locator('select[name="kind"]').selectOption('rental');
    await form.getByTestId('sell-targets-found').getByText('1 found').waitFor();
    await eventually(async () => (await form.locator('input[name="target"]').inputValue()) === rental); // filled in once the key's contracts are read
    await form.locator('input[name="title"]').fill('red city bike');
    // Its price, asset and credential are the rental's, read-only, and no arbiter is offered: the form
    // cannot build a listing the ledger refuses (terms_not_enforced, decision 0012).
    await form.getByTestId('sell-enforced').getByText('rental.book, which reads the rental').waitFor();
    await eventually(async () => (await form.locator('input[name="price"]').inputValue()) === '1');
    assert.notEqual(await form.locator('input[name="price"]').getAttribute('readonly'), null);
    assert.equal(await form.locator('input[name="arbiter"]').count(), 0);
    await form.getByRole('button', { name: 'Sign and list' }).click();
    const bikeListing = ((await form.getByTestId('new-listing').textContent()) ?? '').trim();
    const listed = (await t.client.getListing(bikeListing)).listing;
    assert.deepEqual([listed.kind, listed.target, listed.terms.price, listed.terms.arbiters], ['rental', rental, { asset: t.nativeAsset, amount: String(AGR) }, []]);
    await go(buyerPage, '/market');
    const search = buyerPage.getByTestId('market-search');
    const day = (offset: number): Promise<string> => buyerPage.evaluate((days) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA'), offset);
    await search.locator('input[name="availableFrom"]').fill(await day(0));
    await search.locator('input[name="availableUntil"]').fill(await day(1));
    await search.getByRole('button', { name: 'Search' }).click();
    const found = buyerPage.getByTestId('listings');
    const bikeRow = found.locator(`tr[data-listing="${bikeListing}"]`);
    await bikeRow.waitFor();
    assert.equal(await found.locator(`tr[data-listing="${listing}"]`).count(), 0, 'the chair is no rental');
    await bikeRow.getByRole('link', { name: 'red city bike' }).click();
    await buyerPage.getByTestId('listing-target').locator(`a[href="/contracts/${rental}"]`).waitFor();
    await buyerPage.getByTestId('listing-elsewhere').locator(`a[href="/contracts/${rental}"]`).waitFor();
    assert.equal(await buyerPage.getByTestId('buy-form').count(), 0);
  });

  test('the seller pauses the listing from its page, then closes it and takes the bond back', async () => {
    await go(sellerPage, `/market/listing/${listing}`);
    const actions = sellerPage.getByTestId('listing-seller-actions');
    await actions.getByRole('button', { name: 'Sign and send' }).click();
    await sellerPage.getByTestId('listing-state').getByText('paused').waitFor();
    await actions.locator('select[name="contract-action"]').selectOption({ label: 'Close it for good and take the bond back' });
    await actions.getByRole('button', { name: 'Sign and send' }).click();
    await sellerPage.getByText('Closed: the bond is back with you.').waitFor();
    const closed = await t.client.getListing(listing);
    assert.equal(closed.listing.state, 'closed');
    assert.deepEqual(closed.listing.holds.assets, []);
  });

  test('no key, phrase or clear note left either browser; the consoles stayed clean', async () => {
    await eventually(async () => web.requests.length > 10 && buyerWeb.requests.length > 10);
    for (const requests of [web.requests, buyerWeb.requests]) {
      assertNoSecretsSent(requests, seller.mnemonic, [NOTE]);
      assertNoSecretsSent(requests, buyer.mnemonic, [NOTE]);
      assertNoSecretsSent(requests, arbiter.mnemonic, [NOTE]);
    }
    const unexpected = [...web.errors, ...buyerWeb.errors].filter((e) => !e.includes('status of 400') && !e.includes('status of 404'));
    assert.deepEqual(unexpected, []);
  });
});
