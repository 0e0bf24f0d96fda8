import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROUTES } from '../../src/wire/routes.ts';
import type { AccountTxsResponse, AssetsResponse, BlockResponse, StatusResponse, TxResponse } from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { PAGE_LIMIT_MAX } from '../../src/node/limits.ts';
import { MARKET_FEE_BASE } from '../../src/ledger/fees.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('API read routes (a real dev node)', () => {
  let t: TestNode;
  const bob = KeyPair.generate();
  let transferId = '';
  let transferHeight = 0;

  before(async () => {
    t = await startTestNode();
    const sent = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: bob.address, asset: t.nativeAsset, amount: 1234n }] });
    transferId = sent.id;
    transferHeight = sent.height;
  });
  after(async () => t.stop());

  test('GET /v1/status', async () => {
    const { status, body } = await getJson(`${t.url}/v1/status`);
    assert.equal(status, 200);
    const s = body as StatusResponse;
    assert.deepEqual(Object.keys(s).sort(), ['chainId', 'genesisHash', 'height', 'lastBlockHash', 'lastBlockTimeMs', 'mempoolSize', 'peerId', 'peers', 'validator', 'version']);
    assert.equal(s.chainId, t.chainId);
    assert.equal(s.genesisHash, t.node.chain.genesis.hash);
    assert.ok(s.height >= transferHeight);
    assert.match(s.lastBlockHash, /^[0-9a-f]{64}$/);
    assert.equal(s.validator, t.validator);
    assert.equal(s.version, VERSION);
    assert.equal(s.peerId, null); // a lone dev validator runs without networking
    assert.equal(s.peers, 0);
    assert.equal(typeof s.mempoolSize, 'number');
  });

  test('GET /v1/params', async () => {
    const { status, body } = await getJson(`${t.url}/v1/params`);
    assert.equal(status, 200);
    assert.deepEqual(body, { chainId: t.chainId, nativeAsset: 'AGR', fees: { perByte: '0', base: Object.fromEntries(Object.entries(MARKET_FEE_BASE).map(([kind, fee]) => [kind, fee.toString()])) } });
  });

  test('GET /v1/evidence lists equivocation the node kept, once per offence', async () => {
    const empty = await getJson(`${t.url}/v1/evidence`);
    assert.deepEqual(empty.body, { evidence: [] });
    const vote = { type: 'prevote' as const, height: 7, round: 1, validator: bob.address };
    const first = { ...vote, blockHash: 'aa'.repeat(32), signature: new Uint8Array(64).fill(1) };
    const second = { ...vote, blockHash: null, signature: new Uint8Array(64).fill(2) };
    await t.node.store.saveEvidence(first, second);
    await t.node.store.saveEvidence(first, second);
    const { status, body } = await getJson(`${t.url}/v1/evidence`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      evidence: [{ validator: bob.address, height: 7, round: 1, type: 'prevote', first: { blockHash: 'aa'.repeat(32), signature: '01'.repeat(64) }, second: { blockHash: null, signature: '02'.repeat(64) } }],
    });
  });

  test('GET /v1/txs/:id of a committed tx', async () => {
    const { status, body } = await getJson(`${t.url}/v1/txs/${transferId}`);
    assert.equal(status, 200);
    const tx = body as TxResponse;
    assert.equal(tx.id, transferId);
    assert.equal(tx.status, 'committed');
    assert.equal(tx.height, transferHeight);
    assert.equal(tx.index, 0);
    assert.equal(tx.receipt?.code, 'ok');
    assert.equal(tx.receipt?.fee, '0');
    assert.equal(tx.tx.kind, 'transfer');
    assert.equal(tx.tx.chainId, t.chainId);
    assert.deepEqual(tx.tx.payload, { transfers: [{ to: bob.address, asset: 'AGR', amount: '1234' }] });
    assert.deepEqual(tx.tx.signers, [{ address: t.dev.address, publicKey: Buffer.from(t.dev.publicKey).toString('hex'), nonce: '0' }]);
    assert.equal(tx.tx.fee, '0');
    assert.equal(tx.tx.expiresAt, null);
    assert.equal(tx.signatures.length, 1);
    assert.match(tx.signatures[0], /^[0-9a-f]{128}$/);
    assert.ok(tx.size > 0);
  });

  test('GET /v1/txs/:id of a pending tx, then committed', async () => {
    const nonce = BigInt((await t.client.account(t.dev.address)).pendingNonce);
    const { signed } = await import('./helpers.ts');
    const tx = signed(t.dev, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, { chainId: t.chainId, nonce });
    const submitted = await t.client.submit(tx.bytes);
    assert.deepEqual(submitted, { id: tx.id, status: 'pending' });
    const now = (await getJson(`${t.url}/v1/txs/${tx.id}`)).body as TxResponse;
    assert.ok(now.status === 'pending' || now.status === 'committed');
    assert.equal(now.tx.payload.transfers instanceof Array, true);
    await eventually(async () => ((await getJson(`${t.url}/v1/txs/${tx.id}`)).body as TxResponse).status === 'committed');
  });

  test('GET /v1/txs/:id unknown is 404 not_found; a bad id is 400', async () => {
    assert.deepEqual(await getJson(`${t.url}/v1/txs/${'ab'.repeat(32)}`), { status: 404, body: { error: { code: 'not_found', message: `no committed or pending tx ${'ab'.repeat(32)}` } } });
    const bad = await getJson(`${t.url}/v1/txs/XYZ`);
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { code: string } }).error.code, 'bad_request');
  });

  test('GET /v1/blocks/:height and /v1/blocks/latest', async () => {
    const { status, body } = await getJson(`${t.url}/v1/blocks/${transferHeight}`);
    assert.equal(status, 200);
    const block = body as BlockResponse;
    assert.equal(block.height, transferHeight);
    assert.match(block.hash, /^[0-9a-f]{64}$/);
    assert.equal(block.header.height, transferHeight);
    assert.equal(block.header.chainId, t.chainId);
    assert.equal(block.header.txCount, block.txs.length);
    assert.ok(block.txs.includes(transferId));
    assert.equal(typeof block.commit.round, 'number');
    assert.deepEqual(block.commit.signatures.map((s) => s.validator), [t.validator]);
    assert.match(block.commit.signatures[0].signature, /^[0-9a-f]{128}$/);
    const previous = (await getJson(`${t.url}/v1/blocks/${transferHeight - 1}`)).body as BlockResponse;
    assert.equal(block.header.previousHash, transferHeight === 1 ? t.node.chain.genesis.hash : previous.hash);

    const latest = (await getJson(`${t.url}/v1/blocks/latest`)).body as BlockResponse;
    assert.ok(latest.height >= transferHeight);
    assert.equal((await getJson(`${t.url}/v1/blocks/0`)).status, 404);
    assert.equal((await getJson(`${t.url}/v1/blocks/999999999`)).status, 404);
    assert.equal((await getJson(`${t.url}/v1/blocks/-1`)).status, 400);
  });

  test('GET /v1/accounts/:address', async () => {
    const { status, body } = await getJson(`${t.url}/v1/accounts/${bob.address}`);
    assert.equal(status, 200);
    assert.deepEqual(body, { address: bob.address, nonce: '0', pendingNonce: '0', balances: [{ asset: 'AGR', amount: String(1234 + 1) }], moreBalances: false });
    const fresh = KeyPair.generate().address;
    assert.deepEqual((await getJson(`${t.url}/v1/accounts/${fresh}`)).body, { address: fresh, nonce: '0', pendingNonce: '0', balances: [], moreBalances: false });
    for (const bad of ['agora1xyz', bob.address.toUpperCase(), 'cosmos1abc', bob.address.slice(0, -1) + (bob.address.endsWith('q') ? 'p' : 'q')]) {
      const reply = await getJson(`${t.url}/v1/accounts/${bad}`);
      assert.equal(reply.status, 400, bad);
      assert.equal((reply.body as { error: { code: string } }).error.code, 'bad_address');
    }
  });

  test('GET /v1/accounts/:address/txs pages newest first', async () => {
    const carol = KeyPair.generate();
    for (let i = 0; i < 3; i++) await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: carol.address, asset: 'AGR', amount: BigInt(i + 1) }] });
    const first = (await getJson(`${t.url}/v1/accounts/${carol.address}/txs?limit=2`)).body as AccountTxsResponse;
    assert.equal(first.txs.length, 2);
    assert.ok(first.next !== null);
    const second = (await getJson(`${t.url}/v1/accounts/${carol.address}/txs?limit=2&before=${first.next}`)).body as AccountTxsResponse;
    assert.equal(second.txs.length, 1);
    assert.equal(second.next, null);
    const all = [...first.txs, ...second.txs];
    const order = all.map((x) => x.height * 1e6 + x.index);
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(all.map((x) => x.id)).size, 3);
    const whole = (await getJson(`${t.url}/v1/accounts/${carol.address}/txs`)).body as AccountTxsResponse;
    assert.deepEqual(whole, { txs: all, next: null });
    assert.equal((await getJson(`${t.url}/v1/accounts/${carol.address}/txs?limit=${PAGE_LIMIT_MAX + 1}`)).status, 400);
    assert.equal((await getJson(`${t.url}/v1/accounts/${carol.address}/txs?limit=0`)).status, 400);
    assert.equal((await getJson(`${t.url}/v1/accounts/${carol.address}/txs?before=12`)).status, 400);
    assert.equal((await getJson(`${t.url}/v1/accounts/${carol.address}/txs?sort=asc`)).status, 400, 'unknown query parameters are refused');
  });

  test('GET /v1/assets/:symbol and the paginated GET /v1/assets', async () => {
    for (const symbol of ['AB', 'ABC', 'AB0', 'B1', 'ZZ', 'AZ9']) {
      await t.client.sendTx(t.dev, 'asset.create', { symbol, name: `asset ${symbol}`, decimals: 2, supply: 100n });
    }
    const abc = await getJson(`${t.url}/v1/assets/ABC`);
    assert.deepEqual(abc, {
      status: 200,
      body: { symbol: 'ABC', name: 'asset ABC', decimals: 2, supply: '100', maxSupply: null, mintAuthority: null, creator: t.dev.address, mintable: false },
    });
    assert.deepEqual((await getJson(`${t.url}/v1/assets/NOPE`)).body, { error: { code: 'not_found', message: 'no asset NOPE' } });
    assert.equal(((await getJson(`${t.url}/v1/assets/abc`)).body as { error: { code: string } }).error.code, 'bad_symbol');

    const expected = ['AB', 'AB0', 'ABC', 'AGR', 'AZ9', 'B1', 'ZZ'];
    const everything = (await getJson(`${t.url}/v1/assets?limit=100`)).body as AssetsResponse;
    assert.deepEqual(everything.assets.map((a) => a.symbol), expected);
    assert.equal(everything.next, null);
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const reply = (await getJson(`${t.url}/v1/assets?limit=${limit}${after === null ? '' : `&after=${after}`}`)).body as AssetsResponse;
        seen.push(...reply.assets.map((a) => a.symbol));
        after = reply.next;
        if (after === null) break;
      }
      assert.deepEqual(seen, expected, `limit ${limit}`);
    }
    const afterA = (await getJson(`${t.url}/v1/assets?after=A`)).status;
    assert.equal(afterA, 400, 'a cursor must be a symbol');
    assert.deepEqual(((await getJson(`${t.url}/v1/assets?after=AC`)).body as AssetsResponse).assets.map((a) => a.symbol), ['AGR', 'AZ9', 'B1', 'ZZ']);
    assert.deepEqual(((await getJson(`${t.url}/v1/assets?after=ZZ`)).body as AssetsResponse), { assets: [], next: null });
  });

  test('GET / is a small HTML page linking to the API', async () => {
    const response = await fetch(`${t.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /href="\/v1\/status"/);
  });

  test('an unknown route is 404 not_found in the error shape', async () => {
    assert.deepEqual(await getJson(`${t.url}/v1/nothing`), { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
    const response = await fetch(`${t.url}/v1/status`, { method: 'DELETE' });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('GET /v1/openapi.json parses and lists every route', async () => {
    const { status, body } = await getJson(`${t.url}/v1/openapi.json`);
    assert.equal(status, 200);
    const doc = body as { openapi: string; paths: { [path: string]: { [method: string]: { operationId: string; responses: object } } }; components: { schemas: object } };
    assert.equal(doc.openapi, '3.1.0');
    for (const route of Object.values(ROUTES)) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${path} is documented`);
      assert.equal(operation.operationId, route.operationId);
    }
    assert.equal(Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0), Object.keys(ROUTES).length);
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const ref of refs) assert.ok(ref.split('/').at(-1)! in doc.components.schemas, ref);
    const txPath = doc.paths['/v1/txs/{id}'].get as unknown as { parameters: { name: string; in: string }[] };
    assert.deepEqual(txPath.parameters.map((p) => [p.name, p.in]), [['id', 'path']]);
  });
});
