import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startTestNode, signed, type TestNode } from '../api/helpers.ts';
import { AgoraClient, AgoraError, expectCommittedOk, feeFor, feeScheduleFromJson, type FetchLike } from '../../src/client/index.ts';
import { KeyPair } from '../../src/crypto/keys.ts';

const FEES = { perByte: '3', base: { transfer: '1000', 'asset.create': '100000', 'asset.mint': '500', 'asset.burn': '200' } };

function isAgoraError(code: string, status?: number): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof AgoraError, String(error));
    assert.equal(error.code, code, error.message);
    if (status !== undefined) assert.equal(error.status, status);
    return true;
  };
}

describe('AgoraClient against a real node with fees', () => {
  let t: TestNode;
  before(async () => {
    t = await startTestNode({ fees: FEES });
  });
  after(async () => t.stop());

  async function balance(address: string, asset = 'AGR'): Promise<bigint> {
    return BigInt((await t.client.account(address)).balances.find((b) => b.asset === asset)?.amount ?? '0');
  }

  test('status and params', async () => {
    const status = await t.client.status();
    assert.equal(status.chainId, t.chainId);
    assert.equal(status.validator, t.validator);
    assert.deepEqual(await t.client.params(), { chainId: t.chainId, nativeAsset: 'AGR', fees: FEES });
  });

  test('sendTx pays exactly the schedule fee, and balances move by amount + fee', async () => {
    const bob = KeyPair.generate();
    const schedule = feeScheduleFromJson(FEES);
    const devBefore = await balance(t.dev.address);
    const validatorBefore = await balance(t.validator);
    const result = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 50_000n }] });
    assert.equal(result.status, 'committed');
    assert.equal(result.receipt.code, 'ok');
    const tx = await t.client.tx(result.id);
    const fee = feeFor(schedule, 'transfer', tx.size);
    assert.equal(result.receipt.fee, fee.toString());
    assert.equal(tx.tx.fee, fee.toString(), 'the fee offered is the fee charged');
    assert.equal(await balance(bob.address), 50_000n);
    assert.equal(await balance(t.dev.address), devBefore - 50_000n - fee);
    assert.equal(await balance(t.validator), validatorBefore + fee);
  });

  test('sendTx for asset.create, asset.mint and asset.burn', async () => {
    const created = await t.client.sendTx(t.dev, 'asset.create', { symbol: 'GOLD', name: 'Gold', decimals: 2, supply: 1_000n, maxSupply: 10_000n, mintAuthority: t.dev.address });
    assert.equal(BigInt(created.receipt.fee), feeFor(feeScheduleFromJson(FEES), 'asset.create', (await t.client.tx(created.id)).size));
    const bob = KeyPair.generate();
    await t.client.sendTx(t.dev, 'asset.mint', { asset: 'GOLD', to: bob.address, amount: 500n });
    await t.client.sendTx(t.dev, 'asset.burn', { asset: 'GOLD', amount: 100n });
    assert.deepEqual(await t.client.asset('GOLD'), {
      symbol: 'GOLD', name: 'Gold', decimals: 2, supply: '1400', maxSupply: '10000', mintAuthority: t.dev.address, creator: t.dev.address, mintable: true,
    });
    assert.equal(await balance(bob.address, 'GOLD'), 500n);
    assert.equal(await balance(t.dev.address, 'GOLD'), 900n);
    const page = await t.client.accountTxs(bob.address, { limit: 5 });
    assert.equal(page.txs.length, 1);
    assert.equal(page.next, null);
    const assets = await t.client.assets({ limit: 1 });
    assert.deepEqual(assets.assets.map((a) => a.symbol), ['AGR']);
    assert.equal(assets.next, 'AGR');
    assert.deepEqual((await t.client.assets({ after: 'AGR' })).assets.map((a) => a.symbol), ['GOLD']);
    const block = await t.client.block('latest');
    assert.ok(block.height >= 1);
    assert.equal((await t.client.block(block.height)).hash, block.hash);
  });

  test('refusals are AgoraErrors with the node code and HTTP status', async () => {
    const poor = KeyPair.generate();
    await assert.rejects(
      t.client.sendTx(poor, 'transfer', { transfers: [{ to: t.dev.address, asset: 'AGR', amount: 1n }] }),
      isAgoraError('insufficient_fee_balance', 400),
    );
    await assert.rejects(t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: poor.address, asset: 'AGR', amount: 1n }] }, { fee: 1n }), isAgoraError('fee_too_low', 400));
    await assert.rejects(t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: poor.address, asset: 'AGR', amount: 1n << 100n }] }), isAgoraError('insufficient_balance', 400));
    await assert.rejects(t.client.sendTx(t.dev, 'asset.mint', { asset: 'AGR', to: poor.address, amount: 1n }), isAgoraError('not_mintable', 400));
    await assert.rejects(t.client.tx('00'.repeat(32)), isAgoraError('not_found', 404));
    await assert.rejects(t.client.account('agora1nope'), isAgoraError('bad_address', 400));
    await assert.rejects(t.client.asset('NOPE'), isAgoraError('not_found', 404));
    await assert.rejects(t.client.block(10_000_000), isAgoraError('not_found', 404));
  });

  test('submitBatch reports each item', async () => {
    const nonce = BigInt((await t.client.account(t.dev.address)).pendingNonce);
    const schedule = feeScheduleFromJson(FEES);
    const make = (n: bigint): Uint8Array => {
      const draft = signed(t.dev, 'transfer', { transfers: [{ to: t.validator, asset: 'AGR', amount: 1n }] }, { chainId: t.chainId, nonce: n, fee: 0n });
      const fee = feeFor(schedule, 'transfer', draft.bytes.length + 8);
      return signed(t.dev, 'transfer', { transfers: [{ to: t.validator, asset: 'AGR', amount: 1n }] }, { chainId: t.chainId, nonce: n, fee }).bytes;
    };
    const results = await t.client.submitBatch([make(nonce), Uint8Array.of(1, 2, 3), make(nonce + 1n)], { wait: 'commit' });
    assert.deepEqual(results.map((r) => ('error' in r ? r.error.code : r.status)), ['committed', 'malformed', 'committed']);
  });

  test('an injected fetch is used for every request', async () => {
    const urls: string[] = [];
    const fetchSpy: FetchLike = (input, init) => {
      urls.push(`${init?.method ?? 'GET'} ${input}`);
      return fetch(input, init);
    };
    const client = new AgoraClient(`${t.url}/`, { fetch: fetchSpy });
    await client.status();
    await client.sendTx(t.dev, 'transfer', { transfers: [{ to: t.validator, asset: 'AGR', amount: 1n }] });
    assert.deepEqual(urls, [
      `GET ${t.url}/v1/status`,
      `GET ${t.url}/v1/params`,
      `GET ${t.url}/v1/accounts/${t.dev.address}`,
      `POST ${t.url}/v1/txs?wait=commit`,
    ]);
  });
});

describe('AgoraClient failures without a node', () => {
  test('an unreachable node is network_error', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    await assert.rejects(new AgoraClient(`http://127.0.0.1:${port}`).status(), isAgoraError('network_error', 0));
  });

  test('an answer that is not the API is bad_response', async () => {
    const html: FetchLike = async () => new Response('<html>bad gateway</html>', { status: 502 });
    await assert.rejects(new AgoraClient('http://x', { fetch: html }).status(), isAgoraError('bad_response', 502));
    const noErrorBody: FetchLike = async () => Response.json({ oops: true }, { status: 500 });
    await assert.rejects(new AgoraClient('http://x', { fetch: noErrorBody }).status(), isAgoraError('bad_response', 500));
    const errorBody: FetchLike = async () => Response.json({ error: { code: 'mempool_full', message: 'full' } }, { status: 429 });
    await assert.rejects(new AgoraClient('http://x', { fetch: errorBody }).status(), isAgoraError('mempool_full', 429));
  });

  test('no answer in time is timeout', async () => {
    const never: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    // AbortSignal.timeout does not hold the event loop open; a real fetch would.
    const keepAlive = setTimeout(() => {}, 5_000);
    try {
      await assert.rejects(new AgoraClient('http://x', { fetch: never, timeoutMs: 50 }).status(), isAgoraError('timeout', 0));
    } finally {
      clearTimeout(keepAlive);
    }
  });

  test('expectCommittedOk turns pending, dropped and failed receipts into AgoraErrors', () => {
    assert.throws(() => expectCommittedOk({ id: 'a', status: 'pending' }), isAgoraError('commit_timeout'));
    assert.throws(() => expectCommittedOk({ id: 'a', status: 'unknown' }), isAgoraError('tx_dropped'));
    const failed = { id: 'a', status: 'committed' as const, height: 5, index: 0, receipt: { code: 'insufficient_balance', message: 'balance of X is 0', fee: '10', events: [] } };
    assert.throws(() => expectCommittedOk(failed), (error: unknown) => {
      assert.ok(error instanceof AgoraError);
      assert.equal(error.code, 'insufficient_balance');
      assert.match(error.message, /height 5.*balance of X is 0/);
      assert.deepEqual(error.details, failed);
      return true;
    });
    const ok = { ...failed, receipt: { ...failed.receipt, code: 'ok' } };
    assert.equal(expectCommittedOk(ok), ok);
  });
});
