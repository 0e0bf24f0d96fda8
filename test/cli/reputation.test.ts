// `agora reputation show|report` (spec/reputation.md) against a node in this process: after a trade and
// a review made with the SDK, `show` gives the score and hides a rating (and a text revealed with
// `agora review reveal --text`) until both sides revealed;
// `report --out FILE` writes the node's report, proven against the home's genesis, and `agora verify
// FILE` (the home's genesis as anchor) exits 0 on it; `agora market list --min-score` finds the listings
// of sellers scored at least that.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reviewCommitment } from '../../src/client/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { loadKeyPair } from '../../src/crypto/keystore.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

describe('agora reputation (in process, against a node in this process)', () => {
  let t: TestNode;
  const buyer = KeyPair.generate();
  let trade = '';
  const { ok, okJson, fails } = nodeCli(() => t);
  const four = { rating: 4, salt: new Uint8Array(32).fill(4) };
  const five = { rating: 5, salt: new Uint8Array(32).fill(5) };

  before(async () => {
    t = await startTestNode();
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: buyer.address, asset: t.nativeAsset, amount: 10_000n }] });
    const registered = await t.client.sendTx(t.dev, 'item.register', { kind: 'lamp' });
    const item = registered.receipt.events.find((e) => e.type === 'item.registered')!.attributes.item;
    const offered = await t.client.sendTx(t.dev, 'offer.create', { give: { items: [item] }, ask: { assets: [{ asset: t.nativeAsset, amount: 800n }] }, deadlineMs: Date.now() + 3_600_000 });
    const accepted = await t.client.sendTx(buyer, 'offer.accept', { offer: offered.receipt.events.find((e) => e.type === 'offer.created')!.attributes.offer });
    trade = accepted.receipt.events.find((e) => e.type === 'trade.recorded')!.attributes.trade;
    await t.client.sendTx(buyer, 'review.commit', { trade: fromHex(trade), subject: t.dev.address, commitment: reviewCommitment(t.chainId, fromHex(trade), buyer.address, t.dev.address, four) });
    await t.client.sendTx(t.dev, 'review.commit', { trade: fromHex(trade), subject: buyer.address, commitment: reviewCommitment(t.chainId, fromHex(trade), t.dev.address, buyer.address, five) });
  });
  after(async () => t.stop());

  test('show: no score before a reveal; a revealed rating stays hidden until the other side reveals too', async () => {
    const before = await okJson<{ scorePpm: string | null; reviews: { shown: boolean }[] }>(['reputation', 'show', 'dev']);
    assert.deepEqual([before.scorePpm, before.reviews.map((r) => r.shown)], [null, [false]]);
    assert.match(await ok(['reputation', 'show', 'dev']), /^ {2}committed {2}by agora1/m);
    await t.client.sendTx(buyer, 'review.reveal', { trade: fromHex(trade), subject: t.dev.address, ...four });
    const hidden = await ok(['reputation', 'show', t.dev.address]);
    assert.match(hidden, /^score: +750000 ppm$/m);
    assert.match(hidden, /^ {2}hidden {2}by agora1/m);
    await t.client.sendTx(t.dev, 'review.reveal', { trade: fromHex(trade), subject: buyer.address, ...five });
    assert.match(await ok(['reputation', 'show', t.dev.address]), /^ {2}4\/5 {2}by agora1/m);
  });

  test('review commit|reveal|reply: the review kept in the home between commit and reveal; refusals with their codes', async () => {
    const carol = (await okJson<{ address: string }>(['keys', 'new', 'carol'])).address;
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: carol, asset: t.nativeAsset, amount: 10_000n }] });
    const registered = await t.client.sendTx(t.dev, 'item.register', { kind: 'chair' });
    const item = registered.receipt.events.find((e) => e.type === 'item.registered')!.attributes.item;
    const offered = await t.client.sendTx(t.dev, 'offer.create', { give: { items: [item] }, ask: { assets: [{ asset: t.nativeAsset, amount: 300n }] }, deadlineMs: Date.now() + 3_600_000 });
    const carolKey = await loadKeyPair(t.home, 'carol', '');
    const accepted = await t.client.sendTx(carolKey, 'offer.accept', { offer: offered.receipt.events.find((e) => e.type === 'offer.created')!.attributes.offer });
    const second = accepted.receipt.events.find((e) => e.type === 'trade.recorded')!.attributes.trade;
    const text = join(t.home, 'review.txt');
    await writeFile(text, 'the chair wobbles');
    const committed = await okJson<{ kept: string }>(['review', 'commit', '--from', 'carol', '--trade', second, '--subject', 'dev', '--rating', '2', '--dimension', 'shipping=1', '--text', text]);
    assert.equal(JSON.parse(await readFile(committed.kept, 'utf8')).rating, 2);
    assert.equal((await stat(committed.kept)).mode & 0o777, 0o600);
    await fails(['review', 'reveal', '--from', 'carol', '--trade', second, '--subject', 'dev'], 'reveal_too_early');
    await fails(['review', 'commit', '--from', 'carol', '--trade', second, '--subject', 'dev', '--rating', '3'], 'already_reviewed');
    await ok(['review', 'commit', '--from', 'dev', '--trade', second, '--subject', 'carol', '--rating', '5']);
    const other = join(t.home, 'other.txt');
    await writeFile(other, 'the chair is fine');
    await fails(['review', 'reveal', '--from', 'carol', '--trade', second, '--subject', 'dev', '--text', other], 'reveal_mismatch');
    await ok(['review', 'reveal', '--from', 'carol', '--trade', second, '--subject', 'dev', '--text', text]);
    // Double-blind: carol's text is on chain but not shown while dev may still reveal.
    const hidden = await okJson<{ reviews: { trade: string; shown: boolean; text?: string }[] }>(['reputation', 'show', 'dev']);
    assert.deepEqual(hidden.reviews.filter((r) => r.trade === second).map((r) => [r.shown, r.text]), [[false, undefined]]);
    assert.doesNotMatch(await ok(['reputation', 'show', 'dev']), /wobbles/);
    await fails(['review', 'reveal', '--from', 'dev', '--trade', second, '--subject', 'carol', '--text', text], 'reveal_mismatch');
    await ok(['review', 'reveal', '--from', 'dev', '--trade', second, '--subject', 'carol']);
    const shown = await okJson<{ reviews: { trade: string; shown: boolean; text?: string }[] }>(['reputation', 'show', 'dev']);
    assert.deepEqual(shown.reviews.filter((r) => r.trade === second).map((r) => [r.shown, r.text]), [[true, 'the chair wobbles']]);
    assert.match(await ok(['reputation', 'show', 'dev']), /^ {6}“the chair wobbles”$/m);
    await ok(['review', 'reply', '--from', 'dev', '--trade', second, '--reviewer', 'carol', '--text', text]);
    await fails(['review', 'reply', '--from', 'dev', '--trade', second, '--reviewer', 'carol', '--text', text], 'already_replied');
    await fails(['review', 'commit', '--from', 'carol', '--trade', 'abc', '--subject', 'dev', '--rating', '2'], 'bad_usage');
    assert.match(await ok(['reputation', 'show', 'dev']), /^ {2}2\/5 {2}by agora1\w+ on trade \w+… \(replied\)$/m);
  });

  test('report --out FILE: written, proven against the home genesis; agora verify FILE exits 0', async () => {
    const file = join(t.home, 'dev-reputation.json');
    const written = await okJson<{ file: string; reviews: number; proven: boolean; scorePpm: string }>(['reputation', 'report', 'dev', '--out', file]);
    assert.deepEqual([written.file, written.reviews, written.proven], [file, 2, true]);
    assert.match(await ok(['verify', file]), /PROVEN: every value above/);
    await fails(['reputation', 'report', KeyPair.generate().address], 'not_found');
  });
  test('market list --min-score: listings of sellers scored at least that (the dev key: 613 636 ppm); a seller without a score meets none', async () => {
    const erin = (await okJson<{ address: string }>(['keys', 'new', 'erin'])).address;
    await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: erin, asset: t.nativeAsset, amount: 20_000n }] });
    await ok(['market', 'create', '--from', 'dev', '--title', 'Brass desk lamp', '--price', '1base']);
    await ok(['market', 'create', '--from', 'erin', '--title', 'Brass floor lamp', '--price', '1base']);
    const titles = async (flags: string[]): Promise<string[]> => (await okJson<{ listings: { terms: { title: string } }[] }>(['market', 'list', '--query', 'brass', ...flags])).listings.map((l) => l.terms.title).sort();
    assert.deepEqual(await titles([]), ['Brass desk lamp', 'Brass floor lamp']);
    // dev: a 4 on 800 and a 2 on 300 → (4·800 + 2·300 − 1 100) × 10^6 ÷ (4 × 1 100), rounded down.
    assert.match(await ok(['reputation', 'show', 'dev']), /^score: +613636 ppm$/m);
    assert.deepEqual(await titles(['--min-score', '613636']), ['Brass desk lamp']);
    assert.deepEqual(await titles(['--min-score', '613637']), []);
    assert.deepEqual(await titles(['--min-score', '0']), ['Brass desk lamp']);
    assert.match(await ok(['market', 'list', '--query', 'brass', '--min-score', '600000']), /Brass desk lamp/);
    await fails(['market', 'list', '--min-score', '1000001'], 'bad_usage');
    await fails(['market', 'list', '--min-score', '0.5'], 'bad_usage');
  });
});
