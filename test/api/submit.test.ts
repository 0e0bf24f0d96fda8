import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchResponse, SubmitResult } from '../../src/client/types.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { HTTP_BATCH_TXS_MAX } from '../../src/node/limits.ts';
import { postJson, signed, startTestNode, type TestNode } from './helpers.ts';

describe('POST /v1/txs (a real dev node)', () => {
  let t: TestNode;
  before(async () => {
    t = await startTestNode();
  });
  after(async () => t.stop());

  async function nextNonce(address: string): Promise<bigint> {
    return BigInt((await t.client.account(address)).pendingNonce);
  }

  function transfer(nonce: bigint, to: string, amount: bigint): ReturnType<typeof signed> {
    return signed(t.dev, 'transfer', { transfers: [{ to, asset: 'AGR', amount }] }, { chainId: t.chainId, nonce });
  }

  test('one tx: 202 pending, then ?wait=commit answers 200 committed with the receipt', async () => {
    const bob = KeyPair.generate();
    const nonce = await nextNonce(t.dev.address);
    const first = transfer(nonce, bob.address, 10n);
    const accepted = await postJson(`${t.url}/v1/txs`, { tx: toHex(first.bytes) });
    assert.deepEqual(accepted, { status: 202, body: { id: first.id, status: 'pending' } });

    const second = transfer(nonce + 1n, bob.address, 5n);
    const committed = await postJson(`${t.url}/v1/txs?wait=commit`, { tx: toHex(second.bytes) });
    assert.equal(committed.status, 200);
    const body = committed.body as SubmitResult & { height: number; index: number; receipt: { code: string; events: { type: string; attributes: object }[] } };
    assert.equal(body.id, second.id);
    assert.equal(body.status, 'committed');
    assert.ok(body.height >= 1);
    assert.equal(body.receipt.code, 'ok');
    assert.deepEqual(body.receipt.events.map((e) => e.type), ['transfer']);
    assert.equal((await t.client.account(bob.address)).balances[0].amount, '15');
  });

  test('a batch: each item independent, in order; ?wait=commit waits for every accepted one', async () => {
    const bob = KeyPair.generate();
    const nonce = await nextNonce(t.dev.address);
    const good1 = transfer(nonce, bob.address, 1n);
    const good2 = transfer(nonce + 1n, bob.address, 2n);
    const gap = transfer(nonce + 5n, bob.address, 3n);
    const badSignature = transfer(nonce + 2n, bob.address, 4n);
    badSignature.tx.signatures[0][0] ^= 1;
    const { encodeTx } = await import('../../src/ledger/tx.ts');
    const items = [good1.bytes, Uint8Array.of(0xff, 0x00), good2.bytes, good1.bytes, encodeTx(badSignature.tx), gap.bytes].map((bytes) => ({ tx: toHex(bytes) }));
    const { status, body } = await postJson(`${t.url}/v1/txs?wait=commit`, items);
    assert.equal(status, 200);
    const results = (body as BatchResponse).results;
    assert.equal(results.length, items.length);
    const codes = results.map((r) => ('error' in r ? r.error.code : r.status));
    assert.deepEqual(codes, ['committed', 'malformed', 'committed', 'duplicate_tx', 'bad_signature', 'nonce_gap']);
    assert.equal((results[0] as { id: string }).id, good1.id);
    assert.equal((results[2] as { id: string }).id, good2.id);
    for (const r of results) if ('error' in r) assert.equal(typeof r.error.message, 'string');
    assert.equal((await t.client.account(bob.address)).balances[0].amount, '3');
    assert.equal((await t.client.account(t.dev.address)).nonce, String(nonce + 2n));
  });

  test('a large batch (verified on worker threads) keeps order and per-item errors', async () => {
    const bob = KeyPair.generate();
    const nonce = await nextNonce(t.dev.address);
    const txs = Array.from({ length: 40 }, (_, i) => transfer(nonce + BigInt(i), bob.address, 1n));
    const forged = transfer(nonce + 40n, bob.address, 1n);
    forged.tx.signatures[0][5] ^= 0x80;
    const { encodeTx } = await import('../../src/ledger/tx.ts');
    const items = [...txs.map((x) => x.bytes), encodeTx(forged.tx), Uint8Array.of(0xff)].map((bytes) => ({ tx: toHex(bytes) }));
    const { status, body } = await postJson(`${t.url}/v1/txs?wait=commit`, items);
    assert.equal(status, 200);
    const results = (body as BatchResponse).results;
    assert.deepEqual(results.slice(0, 40).map((r) => ('id' in r ? r.id : r.error.code)), txs.map((x) => x.id));
    assert.ok(results.slice(0, 40).every((r) => 'status' in r && r.status === 'committed'));
    assert.deepEqual(results.slice(40).map((r) => ('error' in r ? r.error.code : r.status)), ['bad_signature', 'malformed']);
    assert.equal((await t.client.account(bob.address)).balances[0].amount, '40');
  });

  test('a batch without wait answers pending ids', async () => {
    const nonce = await nextNonce(t.dev.address);
    const a = transfer(nonce, KeyPair.generate().address, 1n);
    const { status, body } = await postJson(`${t.url}/v1/txs`, [{ tx: toHex(a.bytes) }]);
    assert.equal(status, 200);
    assert.deepEqual(body, { results: [{ id: a.id, status: 'pending' }] });
    await t.node.reader.waitForCommit(a.id, 10_000);
  });

  test('request shapes are validated: empty or oversized batches, unknown fields, non-hex', async () => {
    const cases: [unknown, string][] = [
      [[], 'empty batch'],
      [Array.from({ length: HTTP_BATCH_TXS_MAX + 1 }, () => ({ tx: '00' })), 'batch over HTTP_BATCH_TXS_MAX'],
      [{ tx: '00', extra: 1 }, 'unknown field'],
      [{}, 'missing tx'],
      [{ tx: 'XYZ' }, 'not hex'],
      [{ tx: 'ABCD' }, 'upper-case hex'],
      [{ tx: 'abc' }, 'odd length'],
      [[{ tx: '00' }, { tx: 'zz' }], 'a non-hex item'],
      ['00', 'a string body'],
    ];
    for (const [body, what] of cases) {
      const reply = await postJson(`${t.url}/v1/txs`, body);
      assert.equal(reply.status, 400, what);
      assert.equal((reply.body as { error: { code: string } }).error.code, 'bad_request', what);
    }
    const badWait = await postJson(`${t.url}/v1/txs?wait=forever`, { tx: '00' });
    assert.equal(badWait.status, 400);
  });

  test('bodies that are not JSON are refused without echoing them', async () => {
    const secret = 'correct horse battery staple';
    const notJson = await fetch(`${t.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"tx": "${secret}` });
    assert.equal(notJson.status, 400);
    const text = await notJson.text();
    assert.deepEqual(JSON.parse(text), { error: { code: 'bad_request', message: 'the body is not valid JSON' } });
    assert.ok(!text.includes(secret));
    const plain = await fetch(`${t.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: secret });
    assert.equal(plain.status, 415);
    const plainText = await plain.text();
    assert.equal(JSON.parse(plainText).error.code, 'unsupported_media_type');
    assert.ok(!plainText.includes(secret));
    const invalid = await postJson(`${t.url}/v1/txs`, { tx: secret });
    assert.ok(!JSON.stringify(invalid.body).includes(secret));
  });
});
