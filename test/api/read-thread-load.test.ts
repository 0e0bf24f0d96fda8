// The three reads that ran on the thread that runs consensus after listing searches moved off it
// (spec/node.md §Reads off the consensus thread), replayed against a real dev node: an arbiter's
// queue (a full page of disputed orders, each an order, escrow and listing read), the reviews of an
// address with REVIEW_SCAN_MAX review records (a trade and a mirror read each) and evidence documents
// (a block with sixteen pieces of evidence, each piece's block read). Many clients keep them coming
// while one polls /v1/status. Must hold: while they run, /v1/status answers (more than half as many
// answers as the reads get) and the chain keeps committing blocks; every answer is served or refused
// with 429 `too_many_reads`; an answer served under load is the answer served idle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEscrowDispute, buildMarketBuy, buildMarketList, buildOfferAccept, buildOfferCreate, buildReviewCommit, buildTransfer, contractAddress, signTx, type SignedTx } from '../../src/client/index.ts';
import { duplicateVoteEvidence } from '../../src/chain/evidence.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { createEd25519NodeSigner } from '../../src/crypto/ed25519-node.ts';
import { sha256, sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { tradeIdFor } from '../../src/ledger/market/trades-state.ts';
import { eventually, startTestNode, type TestNode } from './helpers.ts';
import { committedNonce, idleAnswers, runLoadKeepingUp, submitCommitted } from './load-clients.ts';

const HOUR_MS = 3_600_000;
/** The most a tx of the load allows for its fee: market.list has a fee on the dev chain. */
const FEE_CAP = 100_000n;
/** Disputed orders naming the arbiter: ten full pages. */
const DISPUTES = 1_000;
/** Trades of the dev key as seller, each with the buyer's review committed: REVIEW_SCAN_MAX records (reputation-queries.ts). */
const TRADES = 2_000;
/** Pieces of evidence, each a double vote at a height of its own: one block read each. */
const PIECES = 16;
const IN_FLIGHT = 48;
const SERVED = 600;
const RETRY_MS = 250;

let t: TestNode;
const buyer = new KeyPair(sha256(utf8('agora/test/read-thread-load/buyer')));
const arbiter = new KeyPair(sha256(utf8('agora/test/read-thread-load/arbiter')));
const offender = new KeyPair(sha256(utf8('agora/test/read-thread-load/offender')));
const review = { rating: 4, salt: new Uint8Array(32).fill(4) };
/** The heights of the blocks that committed the evidence. */
const evidenceHeights: number[] = [];

/** Submits `txs` in batches, each waited for until committed. */
const submit = (txs: SignedTx[]): Promise<void> => submitCommitted(t, txs);
const nonceOf = (address: string): Promise<bigint> => committedNonce(t, address);

/** Double votes of the offender (a validator of power 1 beside the dev validator's 100) at PIECES recent heights, committed. */
async function commitEvidence(): Promise<void> {
  const tip = t.node.chain.height;
  const vote = (height: number, blockHash: string | null) => ({ type: 'precommit' as const, height, round: 0, blockHash, validator: offender.address, signature: offender.sign(voteSignBytes(t.chainId, { type: 'precommit', height, round: 0, blockHash })) });
  for (let height = tip - PIECES; height < tip; height++) {
    assert.ok(t.node.shell.evidence.add(duplicateVoteEvidence(t.chainId, vote(height, sha256Hex(utf8('A'))), vote(height, null))) !== null);
  }
  await eventually(() => t.node.shell.evidence.size === 0, 60_000);
  await eventually(() => t.node.chain.height > tip + 1, 60_000);
  for (let height = tip + 1; height <= t.node.chain.height; height++) {
    if ((t.node.store.getBlock(height)?.block.evidence.length ?? 0) > 0) evidenceHeights.push(height);
  }
  assert.ok(evidenceHeights.length > 0, 'the evidence is committed');
}

before(async () => {
  t = await startTestNode({
    editGenesis: (genesis) => ({
      ...genesis,
      validators: [...genesis.validators.map((v) => ({ ...v, power: '100' })), { address: offender.address, publicKey: toHex(offender.publicKey), power: '1' }],
    }),
  });
  const dev = createEd25519NodeSigner(t.dev.secretKey);
  const buyerSign = createEd25519NodeSigner(buyer.secretKey);
  const common = (key: KeyPair, nonce: bigint): { chainId: string; from: Uint8Array; nonce: bigint; fee: bigint } => ({ chainId: t.chainId, from: key.publicKey, nonce, fee: FEE_CAP });
  let nonce = await nonceOf(t.dev.address);
  const expiresAtMs = Date.now() + 30 * 24 * HOUR_MS;
  const listingNonce = nonce++;
  const terms = { title: 'Oak chair', termsHash: new Uint8Array(32).fill(7), price: { asset: t.nativeAsset, amount: 100n }, stock: DISPUTES, handlingMs: HOUR_MS, reviewWindowMs: HOUR_MS, arbiterWindowMs: HOUR_MS, arbiters: [{ address: arbiter.address, fee: 10n }], expiresAtMs };
  const listing = signTx(buildMarketList({ ...common(t.dev, listingNonce), kind: 'goods', terms }), [dev]);
  const funding = signTx(buildTransfer({ ...common(t.dev, nonce++), transfers: [{ to: buyer.address, asset: t.nativeAsset, amount: 1_000_000_000n }] }), [dev]);
  const offers = Array.from({ length: TRADES }, () => buildOfferCreate({ ...common(t.dev, nonce++), give: { assets: [{ asset: t.nativeAsset, amount: 1n }] }, ask: { assets: [{ asset: t.nativeAsset, amount: 500n }] }, deadlineMs: expiresAtMs }));
  await submit([listing, funding, ...offers.map((offer) => signTx(offer, [dev]))]);
  // The order's id is its escrow's address, derived as a contract's from the buyer and the buy's nonce.
  const listingAddress = contractAddressFor(t.chainId, t.dev.address, listingNonce, 0);
  let buyerNonce = await nonceOf(buyer.address);
  const buys = Array.from({ length: DISPUTES }, () => buildMarketBuy({ ...common(buyer, buyerNonce++), listing: listingAddress, version: 1, arbiter: arbiter.address }));
  await submit(buys.map((buy) => signTx(buy, [buyerSign])));
  const orders = buys.map((buy) => contractAddressFor(t.chainId, buyer.address, buy.signers[0].nonce, 0));
  await submit(orders.map((escrow) => signTx(buildEscrowDispute({ ...common(buyer, buyerNonce++), escrow }), [buyerSign])));
  const trades = offers.map((offer) => tradeIdFor('offer', contractAddress(offer)));
  await submit(offers.map((offer) => signTx(buildOfferAccept({ ...common(buyer, buyerNonce++), offer: contractAddress(offer) }), [buyerSign])));
  await submit(trades.map((trade) => signTx(buildReviewCommit({ ...common(buyer, buyerNonce++), trade, subject: t.dev.address, review }), [buyerSign])));
  await commitEvidence();
});

after(async () => {
  await t?.stop();
});

/** An answer without what names the height it was read at: `at` (a page of orders), `height` (reviews). */
const withoutHeight = (text: string): unknown => JSON.parse(text, (key, value: unknown) => (key === 'at' || key === 'height' ? undefined : value));

test('while many arbiter queues, review lists and evidence documents are read, the chain keeps committing blocks and /v1/status answers', async (context) => {
  const paths = [
    `/v1/arbiters/${arbiter.address}/disputes?limit=100`,
    `/v1/accounts/${t.dev.address}/reviews`,
    ...evidenceHeights.map((height) => `/v1/blocks/${height}/evidence`),
  ];
  // What each read answers on an idle node; nothing the reads show changes meanwhile.
  const idle = await idleAnswers(t, paths, withoutHeight);
  const disputes = idle.get(paths[0]) as { orders: unknown[] };
  const reviews = idle.get(paths[1]) as { reviews: unknown[] };
  assert.deepEqual([disputes.orders.length, reviews.reviews.length], [100, TRADES], 'a full page of disputes, every review record');
  const { answers } = await runLoadKeepingUp(t, { url: t.url, paths, served: SERVED, inFlight: IN_FLIGHT, retryMs: RETRY_MS }, ['429 too_many_reads'], (line) => context.diagnostic(line));
  for (const { path, text } of answers) assert.deepEqual(withoutHeight(text), idle.get(path), `${path}: the idle answer`);
});
