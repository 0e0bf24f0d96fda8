// The reputation routes (spec/api.md §4 "Reputation", spec/reputation.md) against a real dev node: a
// trade (an accepted offer) and a review through the SDK; the aggregates and score; a rating hidden
// until both sides revealed; the report verifies offline against the node's genesis, the same text
// through the SDK; bad input with its code and status. Every answer is checked against the wire
// contract (test/api/response-check.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgoraError } from '../../src/client/errors.ts';
import { anchorFromGenesis, buildReviewCommit, buildReviewReveal, reviewCommitment, verifyReputationReport } from '../../src/client/index.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { ReputationJson, ReviewsJson } from '../../src/wire/reputation.ts';
import { getJson, startTestNode, type TestNode } from './helpers.ts';

let t: TestNode;
const buyer = KeyPair.generate();
let trade = '';
const four = { rating: 4, dimensions: { shipping: 3 }, salt: new Uint8Array(32).fill(4) };
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
  await t.client.sendTx(buyer, 'review.reveal', { trade: fromHex(trade), subject: t.dev.address, ...four });
});

after(async () => {
  await t?.stop();
});

test('the SDK builders make the payloads the ledger checks: the commitment binds chain, trade, reviewer and subject', () => {
  const common = { chainId: t.chainId, from: buyer.publicKey, nonce: 9n, fee: 0n };
  const commit = buildReviewCommit({ ...common, trade, subject: t.dev.address, review: four });
  assert.deepEqual(commit.payload.commitment, reviewCommitment(t.chainId, fromHex(trade), buyer.address, t.dev.address, four));
  const reveal = buildReviewReveal({ ...common, trade, subject: t.dev.address, review: four });
  assert.deepEqual([reveal.payload.rating, reveal.payload.dimensions], [4, { shipping: 3 }]);
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

test('GET /v1/accounts/:address/reviews: the rating is hidden until both sides revealed', async () => {
  const hidden = (await t.client.getReviews(t.dev.address)) as ReviewsJson;
  assert.deepEqual(hidden.reviews.map((r) => [r.reviewer, r.revealed, r.shown, r.rating]), [[buyer.address, true, false, undefined]]);
  await t.client.sendTx(t.dev, 'review.reveal', { trade: fromHex(trade), subject: buyer.address, ...five });
  const shown = (await t.client.getReviews(t.dev.address)) as ReviewsJson;
  assert.deepEqual(shown.reviews.map((r) => [r.reviewer, r.shown, r.rating, r.dimensions]), [[buyer.address, true, 4, { shipping: 3 }]]);
});

test('GET /v1/accounts/:address/reputation/report: the canonical text, proven against the genesis; the SDK gets the same', async () => {
  const response = await fetch(`${t.url}/v1/accounts/${t.dev.address}/reputation/report`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const result = verifyReputationReport(text, { anchor: anchorFromGenesis(t.node.chain.genesis) });
  assert.deepEqual(result.problems, []);
  assert.equal(result.scorePpm, '750000');
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
