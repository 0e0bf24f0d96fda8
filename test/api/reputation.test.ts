// The reputation routes (spec/api.md §4 "Reputation", spec/reputation.md) against a real dev node: a
// trade (an accepted offer) and a review through the SDK; the aggregates and score; a rating and a
// revealed text hidden until both sides revealed; the report verifies offline against the node's genesis, the same text
// through the SDK; bad input with its code and status; listings searched by their seller's score. Every answer is checked against the wire
// contract (test/api/response-check.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgoraError } from '../../src/client/errors.ts';
import { anchorFromGenesis, buildReviewCommit, buildReviewReveal, reviewCommitment, reviewTextHash, verifyReputationReport } from '../../src/client/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { ListingTerms } from '../../src/ledger/market/types.ts';
import type { ListingsResponse } from '../../src/wire/types.ts';
import type { ReputationJson, ReviewsJson } from '../../src/wire/reputation.ts';
import { getJson, startTestNode, type TestNode } from './helpers.ts';

let t: TestNode;
const buyer = KeyPair.generate();
let trade = '';
const TEXT = 'Lamp as described; it took a week to arrive. Merci !';
const four = { rating: 4, dimensions: { shipping: 3 }, textHash: reviewTextHash(TEXT), salt: new Uint8Array(32).fill(4) };
const five = { rating: 5, salt: new Uint8Array(32).fill(5) };

before(async () => {
  t = await startTestNode();
  await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: buyer.address, asset: t.nativeAsset, amount: 10_000n }] });
  const registered = await t.client.sendTx(t.dev, 'item.register', { kind: 'lamp' });
  const item = registered.receipt.events.find((e) => e.type === 'item.registered')!.attributes.item;
  const offered = await t.client.sendTx(t.dev, 'offer.create', { give: { items: [item] }, ask: { assets: [{ asset: t.nativeAsset, amount: 500n }] }, deadlineMs: Date.now() + 3_600_000 });
  const offer = offered.receipt.events.find((e) => e.type === 'offer.created')!.attributes.offer;
  const accepted = await t.client.sendTx(buyer, 'offer.accept', { offer });
  trade = accepted.receipt.events.find((e) => e.type === 'trade.recorded')!.attributes.trade;
  await t.client.sendTx(buyer, 'review.commit', { trade: fromHex(trade), subject: t.dev.address, commitment: reviewCommitment(t.chainId, fromHex(trade), buyer.address, t.dev.address, four) });
  await t.client.sendTx(t.dev, 'review.commit', { trade: fromHex(trade), subject: buyer.address, commitment: reviewCommitment(t.chainId, fromHex(trade), t.dev.address, buyer.address, five) });
  await t.client.sendTx(buyer, 'review.reveal', { trade: fromHex(trade), subject: t.dev.address, ...four, text: TEXT });
});

after(async () => {
  await t?.stop();
});

test('the SDK builders make the payloads the ledger checks: the commitment binds chain, trade, reviewer and subject', () => {
  const common = { chainId: t.chainId, from: buyer.publicKey, nonce: 9n, fee: 0n };
  const commit = buildReviewCommit({ ...common, trade, subject: t.dev.address, review: four });
  assert.deepEqual(commit.payload.commitment, reviewCommitment(t.chainId, fromHex(trade), buyer.address, t.dev.address, four));
  const reveal = buildReviewReveal({ ...common, trade, subject: t.dev.address, review: four, text: TEXT });
  assert.deepEqual([reveal.payload.rating, reveal.payload.dimensions, reveal.payload.text], [4, { shipping: 3 }, TEXT]);
  assert.equal(buildReviewReveal({ ...common, trade, subject: t.dev.address, review: four }).payload.text, undefined);
});

test('GET /v1/accounts/:address/reputation: the aggregates and the score', async () => {
  const { status, body } = await getJson(`${t.url}/v1/accounts/${t.dev.address}/reputation`);
  assert.equal(status, 200);
  const reputation = body as ReputationJson;
  assert.deepEqual(reputation.aggregates, { trades: '1', reviews: '1', ratingSum: '4', weight: '500', weightedSum: '2000', negatives: '0', disputesLost: '0', counterparties: '1' });
  assert.equal(reputation.scorePpm, '750000');
  const nobody = (await t.client.getReputation(KeyPair.generate().address)) as ReputationJson;
  assert.deepEqual([nobody.aggregates.trades, nobody.scorePpm], ['0', null]);
});

test('GET /v1/accounts/:address/reviews: the rating and the text are hidden until both sides revealed', async () => {
  const hidden = (await t.client.getReviews(t.dev.address)) as ReviewsJson;
  assert.deepEqual(hidden.reviews.map((r) => [r.reviewer, r.revealed, r.shown, r.rating, r.text]), [[buyer.address, true, false, undefined, undefined]]);
  await t.client.sendTx(t.dev, 'review.reveal', { trade: fromHex(trade), subject: buyer.address, ...five });
  const shown = (await t.client.getReviews(t.dev.address)) as ReviewsJson;
  assert.deepEqual(shown.reviews.map((r) => [r.reviewer, r.shown, r.rating, r.dimensions, r.text]), [[buyer.address, true, 4, { shipping: 3 }, TEXT]]);
});

test('GET /v1/accounts/:address/reputation/report: the canonical text, proven against the genesis; the SDK gets the same', async () => {
  const response = await fetch(`${t.url}/v1/accounts/${t.dev.address}/reputation/report`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const result = verifyReputationReport(text, { anchor: anchorFromGenesis(t.node.chain.genesis) });
  assert.deepEqual(result.problems, []);
  assert.equal(result.scorePpm, '750000');
  assert.deepEqual(result.reviews.map((r) => r.text), [TEXT], 'the text is proven with its review record');
  const viaSdk = await t.client.getReputationReport(t.dev.address);
  assert.equal(verifyReputationReport(viaSdk, { anchor: anchorFromGenesis(t.node.chain.genesis) }).ok, true);
});

test('bad input: a bad address is 400 bad_address; the report of an address that never traded is 404 not_found', async () => {
  for (const path of ['reputation', 'reviews', 'reputation/report']) {
    const { status, body } = await getJson(`${t.url}/v1/accounts/agora1nope/${path}`);
    assert.equal(status, 400, path);
    assert.equal((body as { error: { code: string } }).error.code, 'bad_address', path);
  }
  await assert.rejects(t.client.getReputationReport(KeyPair.generate().address), (error: unknown) => error instanceof AgoraError && error.code === 'not_found');
});

test('GET /v1/listings?minScore=: only sellers whose score is at least it; a seller without a score meets none; bad values 400', async () => {
  const stranger = KeyPair.generate();
  await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: stranger.address, asset: t.nativeAsset, amount: 20_000n }] });
  const terms = (title: string): ListingTerms => ({ title, termsHash: new Uint8Array(32).fill(1), price: { asset: t.nativeAsset, amount: 10n }, stock: 1, handlingMs: 3_600_000, reviewWindowMs: 3_600_000, arbiterWindowMs: 3_600_000, arbiters: [], expiresAtMs: Date.now() + 3_600_000 });
  await t.client.sendTx(t.dev, 'market.list', { kind: 'goods', terms: terms('Reputable brass lamp') });
  await t.client.sendTx(stranger, 'market.list', { kind: 'goods', terms: terms('Unknown brass lamp') });
  const titles = async (query: string): Promise<string[]> => {
    const { status, body } = await getJson(`${t.url}/v1/listings?q=brass${query}`);
    assert.equal(status, 200, JSON.stringify(body));
    return (body as ListingsResponse).listings.map((l) => l.terms.title).sort();
  };
  assert.deepEqual(await titles(''), ['Reputable brass lamp', 'Unknown brass lamp']);
  assert.deepEqual(await titles('&minScore=750000'), ['Reputable brass lamp'], 'the dev key’s score is 750 000 ppm');
  assert.deepEqual(await titles('&minScore=750001'), []);
  assert.deepEqual(await titles('&minScore=0'), ['Reputable brass lamp'], 'a seller without a score meets no minimum');
  const sdk = await t.client.searchListings({ q: 'lamp', minScore: '1' });
  assert.deepEqual(sdk.listings.map((l) => l.seller), [t.dev.address]);
  for (const bad of ['1000001', '-1', 'x', '01', '99999999']) {
    const { status, body } = await getJson(`${t.url}/v1/listings?minScore=${bad}`);
    assert.deepEqual([status, (body as { error: { code: string } }).error.code], [400, 'bad_request'], `minScore=${bad}`);
  }
});
