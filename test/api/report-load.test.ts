// Attack 4 of issue 12, "Report DoS", replayed against a real dev node: provenance reports of items
// with many events in blocks of many txs. Before the fix each report rebuilt two Merkle trees of the
// whole block for every event, synchronously on the thread that runs consensus, so four reports held
// the chain and /v1/status for seconds. Must hold: while four large reports run, the chain keeps
// committing blocks and /v1/status answers (its latency under that load is measured by `npm run
// bench`, not here); a fifth concurrent request is refused with 429 `too_many_reports`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorFromGenesis, buildItemAttest, buildItemRegister, buildTransfer, signTx, verifyReport } from '../../src/client/index.ts';
import { itemIdFor } from '../../src/client/records.ts';
import { verifyEd25519Node, createEd25519NodeSigner } from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { sha256, utf8 } from '../../src/crypto/hash.ts';
import { REPORT_REQUESTS_MAX } from '../../src/wire/limits.ts';
import { eventually, getJson, postJson, startTestNode, type TestNode } from './helpers.ts';

/** Blocks of FILLERS transfers, each with EVENTS_PER_BLOCK attests of every item: ~1,000 events a report would cost the old code. */
const ITEMS = REPORT_REQUESTS_MAX;
const BLOCKS = 18;
const FILLERS = 400;
const EVENTS_PER_BLOCK = 12;

let t: TestNode;
let items: string[] = [];

/** Submits `txs` as one batch and waits until the last one is committed: they land in one or two blocks. */
async function submitBlock(txs: { bytes: Uint8Array; id: string }[]): Promise<void> {
  const answer = await postJson(`${t.url}/v1/txs`, txs.map((tx) => ({ tx: Buffer.from(tx.bytes).toString('hex') })));
  const results = (answer.body as { results: { error?: { code: string } }[] }).results;
  assert.deepEqual(results.filter((r) => r.error !== undefined), [], 'every tx admitted');
  const last = txs[txs.length - 1].id;
  await eventually(() => t.node.reader.txStatus(last).status === 'committed', 60_000);
}

before(async () => {
  // No block cache: each report loads its blocks and builds their trees itself, as reports of items in
  // different blocks would (with it, the four share one build and the load lasts a fraction of it).
  t = await startTestNode({ reportLimits: { blockCacheBytesMax: 0 } });
  const sign = createEd25519NodeSigner(t.dev.secretKey);
  const common = (nonce: bigint): { chainId: string; from: Uint8Array; nonce: bigint; fee: bigint } => ({ chainId: t.chainId, from: t.dev.publicKey, nonce, fee: 0n });
  let nonce = BigInt(((await getJson(`${t.url}/v1/accounts/${t.dev.address}`)).body as { nonce: string }).nonce);
  const registers = Array.from({ length: ITEMS }, (_, i) => signTx(buildItemRegister({ ...common(nonce + BigInt(i)), kind: 'lot', metadata: `{"lot":${i}}` }), [sign]));
  items = registers.map((_, i) => itemIdFor(t.chainId, t.dev.address, nonce + BigInt(i), 0));
  nonce += BigInt(ITEMS);
  await submitBlock(registers);
  const payee = new KeyPair(sha256(utf8('agora/test/report-load/payee'))).address;
  for (let block = 0; block < BLOCKS; block++) {
    const txs = [];
    for (let e = 0; e < EVENTS_PER_BLOCK; e++) {
      for (const item of items) txs.push(signTx(buildItemAttest({ ...common(nonce++), item, type: 'sensor', data: `{"block":${block},"reading":${e}}` }), [sign]));
    }
    for (let f = 0; f < FILLERS; f++) txs.push(signTx(buildTransfer({ ...common(nonce++), transfers: [{ to: payee, asset: t.nativeAsset, amount: 1n }] }), [sign]));
    await submitBlock(txs);
  }
});

after(async () => {
  await t.stop();
});

test('while four large reports run, the chain keeps committing blocks and /v1/status answers; a fifth is refused', async (context) => {
  const startHeight = t.node.reader.chain.height;
  let running = true;
  const reports = items.map(async (item) => {
    const response = await fetch(`${t.url}/v1/items/${item}/report`);
    return { status: response.status, text: await response.text() };
  });
  const extra = fetch(`${t.url}/v1/items/${items[0]}/report`).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code: string } } }));
  const all = Promise.all(reports).finally(() => (running = false));
  // Probes /v1/status one request after another while the reports are being built.
  const heightsSeen: number[] = [];
  const probing = (async () => {
    while (running) {
      const status = await getJson(`${t.url}/v1/status`);
      if (running) heightsSeen.push((status.body as { height: number }).height);
    }
  })();
  const answered = await all;
  await probing;
  const endHeight = t.node.reader.chain.height;
  const committedDuring = Math.max(startHeight, ...heightsSeen) - startHeight;
  const seen = `${heightsSeen.length} /v1/status answers and ${committedDuring} blocks committed while the reports ran (height ${startHeight} → ${endHeight} at the end)`;
  context.diagnostic(seen);
  assert.ok(heightsSeen.length >= 5, seen);
  assert.ok(committedDuring >= 2, seen);
  for (const answer of answered) assert.equal(answer.status, 200);
  const refused = await extra;
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error?.code, 'too_many_reports');
  const check = verifyReport(answered[0].text, { verify: verifyEd25519Node, anchor: anchorFromGenesis(t.node.chain.genesis) });
  assert.deepEqual(check.problems, []);
  assert.equal(check.proven.length, 1 + BLOCKS * EVENTS_PER_BLOCK);
});
