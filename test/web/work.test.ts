/**
 * Issue 16's browser must-show, in Chromium against a real dev node: two wallets in two pages. The
 * client posts a two-milestone job with a bond from the jobs board; the worker finds it by its text
 * (matched in the page: the ledger holds only its hash), applies with a bid and a proposal and puts
 * up the bond; the client assigns; the worker delivers each milestone and the client approves it;
 * "my jobs" says the next step on both sides; both review the first milestone (commit, a reveal too
 * early refused in words, then both reveal) and each review appears on the other's profile; the
 * client closes the job, the worker takes the bond back, and the job and its escrow hold nothing. A
 * second job, with an arbiter, is disputed by the client; the arbiter finds it first in "my jobs" and
 * divides it on its page. An org's job is posted from the form by a member as the org's motion and,
 * once executed, is on the board; the member assigns its applicant by the org's motion from the job's
 * page. No key, phrase, job text, proposal or delivery leaves either page.
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
const SPEC = 'Translate the user guide into Portuguese, 40 pages';
const PROPOSAL = 'Native speaker, done in two parts within a week';
const DELIVERY = 'guia-do-usuario-parte-1.pdf';

describe('work in Chromium: post from one wallet, apply from another, assign, deliver, approve, and both reviews on the profiles', { skip }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;
  let clientPage: Page;
  let workerPage: Page;
  let client = { mnemonic: '', address: '' };
  let worker = { mnemonic: '', address: '' };
  let arbiter = { mnemonic: '', address: '' };
  let arbiterPage: Page;
  let job = '';

  const milestoneRow = (page: Page, n: number) => page.locator(`[data-testid="job-milestones"] [data-testid="milestone"][data-milestone="${n}"]`);
  const phaseShown = (page: Page, n: number, phase: string) => page.locator(`[data-testid="job-milestones"] [data-testid="milestone"][data-milestone="${n}"][data-phase="${phase}"]`).waitFor();

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode();
    web = await launchBrowser();
    clientPage = web.page;
    workerPage = await web.context.newPage();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('two keys (client, worker) are made in two pages and funded by the dev key', async () => {
    await clientPage.goto(`${t.url}/wallet`);
    client = await makeKey(clientPage);
    await workerPage.goto(`${t.url}/wallet`);
    await workerPage.getByRole('button', { name: 'Add another key' }).click();
    worker = await makeKey(workerPage);
    assert.notEqual(client.address, worker.address);
    for (const to of [client.address, worker.address]) await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to, asset: t.nativeAsset, amount: 100n * AGR }] });
    await workerPage.getByTestId('wallet-balances').getByText('100').waitFor();
  });

  test('the client posts a job of two milestones with a bond from the board, found from the nav; the budget is locked', async () => {
    await clientPage.bringToFront();
    await clientPage.getByRole('link', { name: 'Jobs' }).click();
    const form = clientPage.getByTestId('job-post');
    await form.locator('textarea[name="spec"]').fill(SPEC);
    await form.locator('input[name="milestones"]').fill('2, 3.5');
    await form.locator('input[name="bond"]').fill('0.5');
    await form.getByRole('button', { name: 'Sign and post (locks the budget)' }).click();
    const shown = form.getByTestId('new-job');
    await shown.waitFor();
    job = ((await shown.textContent()) ?? '').trim();
    assert.match(job, /^agora1/);
    const posted = await t.client.getContract(job);
    assert.ok(posted.type === 'job');
    assert.deepEqual([posted.poster, posted.state, posted.budget, posted.milestones.map((m) => m.amount), posted.bond], [client.address, 'open', String(5_500_000n), ['2000000', '3500000'], '500000']);
    assert.deepEqual(posted.holds.assets, [{ asset: 'AGR', amount: '5500000' }]);
  });

  test('the worker finds it by its text on the board, reads the budget and applies with a bid, a proposal and the bond', async () => {
    await go(workerPage, '/jobs');
    const search = workerPage.getByTestId('jobs-search');
    await search.locator('input[name="q"]').fill('Translate the user guide');
    await search.getByRole('button', { name: 'Search' }).click();
    await workerPage.getByTestId('jobs').getByText('No job.').waitFor();
    await search.locator('input[name="q"]').fill(SPEC);
    await search.getByRole('button', { name: 'Search' }).click();
    const row = workerPage.getByTestId('jobs').locator(`tr[data-job="${job}"]`);
    await row.getByText('5.5 AGR').waitFor();
    await row.getByRole('link').first().click();
    await workerPage.getByTestId('job-budget').getByText('5.5 AGR').first().waitFor();
    await milestoneRow(workerPage, 1).getByText('3.5 AGR').waitFor();
    await workerPage.getByTestId('job-step').getByText('Open to applications.').waitFor();
    const form = workerPage.getByTestId('job-apply');
    await form.getByTestId('job-apply-bond').getByText('0.5 AGR').waitFor();
    await form.locator('textarea[name="proposal"]').fill(PROPOSAL);
    await form.locator('input[name="bid"]').fill('5.5');
    await form.getByRole('button', { name: 'Sign, apply and put up the bond' }).click();
    await workerPage.getByTestId('job-step').getByText('You applied: waiting for the client to assign').waitFor();
    const applied = await t.client.getContract(job);
    assert.ok(applied.type === 'job');
    assert.deepEqual(applied.applicants.map((a) => [a.applicant, a.bid, a.bond, a.status]), [[worker.address, '5500000', '500000', 'applied']]);
  });

  test('the client assigns the worker from the job page: an escrow with a tranche per milestone', async () => {
    await go(clientPage, `/jobs/${job}`);
    await clientPage.getByTestId('job-step').getByText('1 applied: assign one').waitFor();
    const row = clientPage.getByTestId('job-applicants').locator(`tr[data-applicant="${worker.address}"]`);
    await row.getByText('5.5 AGR').waitFor();
    await row.getByRole('button', { name: 'Assign (opens the escrow)' }).click();
    await clientPage.getByTestId('job-state').getByText('assigned').waitFor();
    await phaseShown(clientPage, 0, 'awaiting_delivery');
    await clientPage.getByTestId('job-step').getByText('Waiting for the worker to deliver milestone 1.').waitFor();
    await web.screenshot('work-job-assigned', clientPage);
  });

  test('the worker delivers each milestone and the client approves it; "my jobs" says the next step on both sides', async () => {
    await go(workerPage, `/jobs/${job}`);
    await workerPage.getByTestId('job-step').getByText('Deliver milestone 1 by its deadline.').waitFor();
    await milestoneRow(workerPage, 0).locator('textarea[name="delivery"]').fill(DELIVERY);
    await milestoneRow(workerPage, 0).getByRole('button', { name: 'Deliver milestone 1' }).click();
    await phaseShown(workerPage, 0, 'delivered');
    await go(clientPage, '/jobs/mine');
    await clientPage.getByTestId('jobs-client').locator(`tr[data-job="${job}"]`).getByText('Milestone 1 is delivered: approve it to pay the worker, or dispute it.').waitFor();
    await go(workerPage, '/jobs/mine');
    await workerPage.getByTestId('jobs-worker').locator(`tr[data-job="${job}"]`).getByText('Deliver milestone 2 by its deadline.').waitFor();
    await web.screenshot('work-my-jobs', workerPage);
    await go(clientPage, `/jobs/${job}`);
    await milestoneRow(clientPage, 0).getByRole('button', { name: 'Approve milestone 1 (pay the worker)' }).click();
    await phaseShown(clientPage, 0, 'released');
    await go(workerPage, `/jobs/${job}`);
    await milestoneRow(workerPage, 1).getByRole('button', { name: 'Deliver milestone 2' }).click();
    await phaseShown(workerPage, 1, 'delivered');
    await milestoneRow(clientPage, 1).getByRole('button', { name: 'Approve milestone 2 (pay the worker)' }).click();
    await phaseShown(clientPage, 1, 'released');
    await clientPage.getByTestId('job-step').getByText('Every milestone is settled').waitFor();
    const done = await t.client.getContract(job);
    assert.ok(done.type === 'job' && done.escrow !== null);
    assert.deepEqual(done.milestones.map((m) => m.phase), ['released', 'released']);
    const escrow = await t.client.getContract(done.escrow);
    assert.ok(escrow.type === 'escrow');
    assert.equal(escrow.state, 'closed');
    assert.deepEqual(escrow.holds.assets, []);
  });

  test('both review the first milestone: commit, a reveal too early refused in words, then both reveal', async () => {
    await go(workerPage, `/jobs/${job}`);
    const workerBox = workerPage.locator(`[data-testid="milestone-review"][data-milestone="0"] [data-testid="review-box"][data-subject="${client.address}"]`);
    await workerBox.locator('select[name="rating"]').selectOption('4');
    await workerBox.getByRole('button', { name: 'Commit review' }).click();
    await workerBox.getByRole('button', { name: 'Reveal review' }).click();
    await workerBox.getByRole('alert').getByText('The other side may still write their review').waitFor();
    await go(clientPage, `/jobs/${job}`);
    const clientBox = clientPage.locator(`[data-testid="milestone-review"][data-milestone="0"] [data-testid="review-box"][data-subject="${worker.address}"]`);
    await clientBox.locator('select[name="rating"]').selectOption('5');
    await clientBox.locator('textarea[name="review-text"]').fill('excellent translation, on time');
    await clientBox.getByRole('button', { name: 'Commit review' }).click();
    await clientBox.getByRole('button', { name: 'Reveal review' }).click();
    await clientBox.getByTestId('review-revealed').waitFor();
    await workerPage.bringToFront();
    await workerBox.getByRole('button', { name: 'Reveal review' }).click();
    await workerBox.getByTestId('review-revealed').getByText('Shown').waitFor();
  });

  test('each review appears on the other’s profile, and each profile lists the job', async () => {
    await go(clientPage, `/profile/${worker.address}`);
    const ofWorker = clientPage.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="true"]');
    await ofWorker.getByText('5 of 5').waitFor();
    await ofWorker.getByText(client.address.slice(0, 12)).waitFor();
    await clientPage.getByTestId('jobs-worker').locator(`tr[data-job="${job}"]`).waitFor();
    await web.screenshot('work-worker-profile', clientPage);
    await go(workerPage, `/profile/${client.address}`);
    const ofClient = workerPage.locator('[data-testid="profile-reviews"] [data-testid="review"][data-shown="true"]');
    await ofClient.getByText('4 of 5').waitFor();
    await ofClient.getByText(worker.address.slice(0, 12)).waitFor();
    await workerPage.getByTestId('jobs-client').locator(`tr[data-job="${job}"]`).waitFor();
    const [ofW, ofC] = await Promise.all([t.client.getReviews(worker.address), t.client.getReviews(client.address)]);
    assert.deepEqual(ofW.reviews.map((r) => [r.reviewer, r.rating, r.shown]), [[client.address, 5, true]]);
    assert.deepEqual(ofC.reviews.map((r) => [r.reviewer, r.rating, r.shown]), [[worker.address, 4, true]]);
  });

  test('the client closes the job, the worker takes the bond back: the job holds nothing', async () => {
    await go(clientPage, `/jobs/${job}`);
    await clientPage.getByRole('button', { name: 'Close the job (what is left comes back to you)' }).click();
    await clientPage.getByTestId('job-state').getByText('closed').waitFor();
    await go(workerPage, `/jobs/${job}`);
    await workerPage.getByTestId('job-step').getByText('Closed: take your bond back.').waitFor();
    await workerPage.getByRole('button', { name: 'Take your bond back' }).click();
    await workerPage.getByTestId('job-step').getByText('Closed: nothing is left to do.').waitFor();
    const closed = await t.client.getContract(job);
    assert.ok(closed.type === 'job');
    assert.deepEqual([closed.state, closed.available, closed.bonds, closed.holds.assets], ['closed', '0', '0', []]);
  });

  test('a second job with an arbiter: delivered, disputed by the client, divided by the arbiter from the job page', async () => {
    arbiterPage = await web.context.newPage();
    await arbiterPage.goto(`${t.url}/wallet`);
    await arbiterPage.getByRole('button', { name: 'Add another key' }).click();
    arbiter = await makeKey(arbiterPage);
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: arbiter.address, asset: t.nativeAsset, amount: 10n * AGR }] });
    await go(clientPage, '/jobs');
    const form = clientPage.getByTestId('job-post');
    await form.locator('textarea[name="spec"]').fill('Proofread the translation');
    await form.locator('input[name="milestones"]').fill('1');
    await form.locator('input[name="arbiter"]').fill(arbiter.address);
    await form.locator('input[name="arbiterFee"]').fill('0.1');
    await form.getByRole('button', { name: 'Sign and post (locks the budget)' }).click();
    const second = ((await form.getByTestId('new-job').textContent()) ?? '').trim();
    await go(workerPage, `/jobs/${second}`);
    await workerPage.getByTestId('job-apply').locator('textarea[name="proposal"]').fill(PROPOSAL);
    await workerPage.getByTestId('job-apply').getByRole('button', { name: 'Sign and apply' }).click();
    await workerPage.getByTestId('job-step').getByText('You applied: waiting for the client to assign.').waitFor();
    await go(clientPage, `/jobs/${second}`);
    await clientPage.getByTestId('job-applicants').getByRole('button', { name: 'Assign (opens the escrow)' }).click();
    await clientPage.getByTestId('job-state').getByText('assigned').waitFor();
    await workerPage.bringToFront();
    await milestoneRow(workerPage, 0).getByRole('button', { name: 'Deliver milestone 1' }).click();
    await phaseShown(workerPage, 0, 'delivered');
    await clientPage.bringToFront();
    await clientPage.getByRole('button', { name: 'Dispute (the arbiter divides the held milestones)' }).click();
    await phaseShown(clientPage, 0, 'disputed');
    // The arbiter finds it in "my jobs", first, with what it must do, and opens it from there.
    await go(arbiterPage, '/jobs/mine');
    const listed = arbiterPage.getByTestId('jobs-arbiter').locator('tbody tr').first();
    await listed.getByText('Disputed: decide the split').waitFor();
    assert.deepEqual([await listed.getAttribute('data-job'), await listed.getAttribute('data-duty')], [second, 'decide']);
    assert.deepEqual((await t.client.getAccountJobs(arbiter.address, { role: 'arbiter' })).jobs.map((j) => j.address), [second]);
    await listed.getByTestId('job-decide').click();
    const resolve = arbiterPage.getByTestId('job-resolve');
    await resolve.locator('input[name="to-worker"]').fill('0.95');
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await resolve.getByRole('alert').getByText('That way of settling the dispute is not valid.').waitFor();
    await resolve.locator('input[name="to-worker"]').fill('0.4');
    await web.screenshot('work-arbiter-resolves', arbiterPage);
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await phaseShown(arbiterPage, 0, 'resolved');
    // Of 1 AGR held: the arbiter's 0.1, the worker's 0.4, 0.5 back to the job for the client to take.
    const divided = await t.client.getContract(second);
    assert.ok(divided.type === 'job' && divided.escrow !== null);
    assert.equal(divided.available, '500000');
    const escrow = await t.client.getContract(divided.escrow);
    assert.ok(escrow.type === 'escrow');
    assert.deepEqual([escrow.state, escrow.resolvedToPayee?.assets], ['closed', [{ asset: 'AGR', amount: '400000' }]]);
  });

  test('an org’s job: a member posts it from the form as the org’s motion; once executed it is on the board; the member proposes assigning the applicant from its page', async () => {
    const charter = {
      evaluationWindowMs: 60_000, quorumPpm: 500_000, thresholdPpm: 600_000, tokenReward: 100n, reputationReward: 300n, evaluatorStakePpm: 100_000,
      feeAsset: t.nativeAsset, contributionFee: 0n, halfLifeMs: 90 * 86_400_000, motionPeriodMs: 2_000, motionStake: 100n, open: true,
    };
    const created = await t.client.sendTx(t.dev, 'org.create', { name: 'Translators coop', token: { symbol: 'TRAD', name: 'Translators coop', decimals: 0 }, members: [client.address], charter, foundingReputation: 2000n });
    const org = created.receipt.events.find((e) => e.type === 'org.created')?.attributes.org ?? '';
    await t.client.sendTx(t.dev, 'org.fund', { org, assets: [{ asset: t.nativeAsset, amount: 5n * AGR }] });
    await go(clientPage, '/jobs');
    const form = clientPage.getByTestId('job-post');
    await form.locator('select[name="poster"]').selectOption(org);
    await form.getByTestId('job-post-org').waitFor();
    await form.locator('textarea[name="spec"]').fill('Subtitle the coop’s video');
    await form.locator('input[name="milestones"]').fill('2');
    await form.getByRole('button', { name: 'Sign and propose the org’s motion' }).click();
    await form.getByTestId('job-post-motion').waitFor();
    const orgJob = ((await form.getByTestId('new-job').textContent()) ?? '').trim();
    const motion = (await t.client.getOrgMotions(org)).motions[0];
    assert.deepEqual([motion.proposer, (motion.action as { type: string; kind: string }).kind], [client.address, 'post']);
    await eventually(() => t.node.chain.lastTimeMs >= motion.objectionEndsMs, 15_000);
    await t.client.sendTx(t.dev, 'org.execute', { org, motion: motion.id });
    const posted = await t.client.getContract(orgJob);
    assert.ok(posted.type === 'job');
    assert.deepEqual([posted.poster, posted.budget, posted.state], [org, String(2n * AGR), 'open'], 'the job at the address the page named is the org’s');
    await go(workerPage, '/jobs');
    await workerPage.getByTestId('jobs').locator(`tr[data-job="${orgJob}"]`).getByRole('link').first().click();
    // The worker applies; the member proposes the org's motion to assign it from the job's page.
    await workerPage.getByTestId('job-apply').locator('textarea[name="proposal"]').fill(PROPOSAL);
    await workerPage.getByTestId('job-apply').getByRole('button', { name: 'Sign and apply' }).click();
    await workerPage.getByTestId('job-step').getByText('You applied: waiting for the client to assign.').waitFor();
    await go(clientPage, `/jobs/${orgJob}`);
    const assign = clientPage.getByTestId('job-org-assign');
    await assign.getByRole('button', { name: 'Propose the motion to assign' }).click();
    await assign.getByTestId('tx-done').waitFor();
    const assignMotion = (await t.client.getOrgMotions(org)).motions.find((m) => (m.action as { kind?: string }).kind === 'assign');
    assert.ok(assignMotion !== undefined);
    await eventually(() => t.node.chain.lastTimeMs >= assignMotion.objectionEndsMs, 15_000);
    await t.client.sendTx(t.dev, 'org.execute', { org, motion: assignMotion.id });
    const assigned = await t.client.getContract(orgJob);
    assert.deepEqual(assigned.type === 'job' ? [assigned.state, assigned.worker] : [], ['assigned', worker.address]);
    await clientPage.getByTestId('job-state').getByText('assigned').waitFor();
  });

  test('a team job: its lead makes the team\'s split in the apply form and applies naming it; the split pays lead and member by weight', async () => {
    const now = Date.now();
    const posted = await t.client.sendTx(t.dev, 'job.post', {
      spec: new Uint8Array(32).fill(7), asset: t.nativeAsset, milestones: [AGR], mode: 'team',
      applyByMs: now + 86_400_000, deliverByMs: now + 2 * 86_400_000, deadlineMs: now + 3 * 86_400_000,
    });
    const teamJob = posted.receipt.events.find((e) => e.type === 'job.posted')?.attributes.job ?? '';
    await go(workerPage, `/jobs/${teamJob}`);
    const apply = workerPage.getByTestId('job-apply');
    await apply.locator('textarea[name="proposal"]').fill(PROPOSAL);
    // Not naming oneself is refused in words before anything is signed: the lead is among its team.
    await apply.locator('textarea[name="team"]').fill(`${arbiter.address} 2`);
    await apply.getByRole('button', { name: 'Sign and apply' }).click();
    await apply.getByText(/name yourself among its members/).waitFor();
    await apply.locator('textarea[name="team"]').fill(`${worker.address} 1\n${arbiter.address} 2`);
    await apply.getByRole('button', { name: 'Sign and apply' }).click();
    await workerPage.getByTestId('job-step').getByText('You applied: waiting for the client to assign.').waitFor();
    const job = await t.client.getContract(teamJob);
    assert.ok(job.type === 'job');
    const application = job.applicants.find((a) => a.applicant === worker.address);
    assert.ok(application?.payee !== undefined && application.payee !== null, 'the application names a payee');
    const split = await t.client.getContract(application.payee);
    assert.ok(split.type === 'split');
    assert.deepEqual(split.members, [{ address: worker.address, weight: 1 }, { address: arbiter.address, weight: 2 }]);
  });

  test('on a phone: the board, a job and my jobs fit the screen', async () => {
    const phone = await web.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const overflow = (): Promise<number> => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = (): Promise<string[]> => phone.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`));
    for (const [path, ready] of [['/jobs', 'jobs-search'], [`/jobs/${job}`, 'job-milestones'], [`/profile/${worker.address}`, 'jobs-worker']]) {
      await phone.goto(`${t.url}${path}`);
      await phone.getByTestId(ready).waitFor();
      // A section still loading may be wider for a moment (a table before its cells wrap): give the page 5 s to settle.
      await phone.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 5_000 }).catch(() => undefined);
      assert.ok((await overflow()) <= 0, `${path} is wider than a phone: ${(await wide()).join(' | ')}`);
    }
    await web.screenshot('phone-job', phone);
    await phone.close();
  });

  test('no key, phrase, job text, proposal or delivery left any page; the console stayed clean', async () => {
    await eventually(async () => web.requests.length > 10);
    assertNoSecretsSent(web.requests, client.mnemonic, [SPEC, PROPOSAL, DELIVERY]);
    assertNoSecretsSent(web.requests, worker.mnemonic, [SPEC, PROPOSAL, DELIVERY]);
    assertNoSecretsSent(web.requests, arbiter.mnemonic);
    const unexpected = web.errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 404'));
    assert.deepEqual(unexpected, []);
  });
});
