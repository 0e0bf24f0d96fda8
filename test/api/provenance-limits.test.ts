// The bounds of GET /v1/items/:id/report (spec/limits.md §3, spec/provenance.md §4) on a real dev
// node with a lowered work bound: a report is cached by (item, height) and not built again; a report
// whose blocks hold more txs than the bound is 400 `report_too_large`. The chain makes no empty blocks
// here (idle 60 s), so the height moves only when a test commits a tx. The concurrency bound (429
// `too_many_reports`) is shown under real load by report-load.test.ts and exactly by
// test/node/reports.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildItemRegister, buildTransfer, newItemIds, signTx } from '../../src/client/index.ts';
import { itemIdFor } from '../../src/client/records.ts';
import { createEd25519NodeSigner } from '../../src/crypto/ed25519-node.ts';
import { eventually, getJson, postJson, startTestNode, type TestNode } from './helpers.ts';

const BLOCK_TXS_MAX = 5;

let t: TestNode;
let small = '';
let large = '';

async function report(id: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${t.url}/v1/items/${id}/report`);
  return { status: response.status, text: await response.text() };
}

before(async () => {
  t = await startTestNode({ idleBlockMs: 60_000, reportLimits: { blockTxsMax: BLOCK_TXS_MAX } });
  // The large item is registered in one block with BLOCK_TXS_MAX transfers: its report spans more txs than the bound.
  const sign = createEd25519NodeSigner(t.dev.secretKey);
  const nonce = BigInt(((await getJson(`${t.url}/v1/accounts/${t.dev.address}`)).body as { nonce: string }).nonce);
  const common = (i: number): { chainId: string; from: Uint8Array; nonce: bigint; fee: bigint } => ({ chainId: t.chainId, from: t.dev.publicKey, nonce: nonce + BigInt(i), fee: 0n });
  const txs = [signTx(buildItemRegister({ ...common(0), kind: 'lot' }), [sign])];
  for (let i = 1; i <= BLOCK_TXS_MAX; i++) txs.push(signTx(buildTransfer({ ...common(i), transfers: [{ to: t.validator, asset: t.nativeAsset, amount: 1n }] }), [sign]));
  large = itemIdFor(t.chainId, t.dev.address, nonce, 0);
  await postJson(`${t.url}/v1/txs`, txs.map((tx) => ({ tx: Buffer.from(tx.bytes).toString('hex') })));
  await eventually(() => t.node.reader.txStatus(txs[txs.length - 1].id).status === 'committed');
  const location = t.node.store.getTxLocation(txs[0].id);
  assert.equal(location?.height, t.node.store.getTxLocation(txs[txs.length - 1].id)?.height, 'the large item’s block holds all its txs');
  // Registered after, so that the latest block (every report's state block) holds one tx.
  [small] = newItemIds((await t.client.sendTx(t.dev, 'item.register', { kind: 'lot' })).receipt.events);
});

after(async () => {
  await t.stop();
});

test('the same report at the same height is served from the cache, byte for byte, without a build', async () => {
  const before = { ...t.node.reports.stats };
  const first = await report(small);
  const second = await report(small);
  assert.equal(first.status, 200);
  assert.equal(second.text, first.text);
  assert.equal(t.node.reports.stats.builds, before.builds + 1);
  assert.equal(t.node.reports.stats.cacheHits, before.cacheHits + 1);
});

test('a report whose blocks hold more txs than the bound is 400 report_too_large', async () => {
  const refused = await getJson(`${t.url}/v1/items/${large}/report`);
  assert.equal(refused.status, 400);
  assert.equal((refused.body as { error: { code: string } }).error.code, 'report_too_large');
  assert.match((refused.body as { error: { message: string } }).error.message, new RegExp(`more than ${BLOCK_TXS_MAX} txs`));
});
