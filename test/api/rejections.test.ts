import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTx, signTx } from '../../src/client/builders.ts';
import { encode } from '../../src/codec/cbor.ts';
import { sha256, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { encodeTx } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import { HTTP_BODY_BYTES_MAX } from '../../src/node/limits.ts';
import { postJson, signed, startTestNode, type TestNode } from './helpers.ts';

interface Case {
  name: string;
  bytes: () => Promise<Uint8Array> | Uint8Array;
  status: number;
  code: string;
}

/**
 * Each bad tx is refused with its typed code and HTTP status, and changes nothing: the accounts,
 * the assets and the mempool read the same before and after (DESIGN.md §Transactions).
 */
describe('POST /v1/txs refuses bad txs and changes nothing (a real dev node)', () => {
  let t: TestNode;
  const bob = KeyPair.generate();
  const mallory = KeyPair.generate();
  let committedBytes: Uint8Array;

  before(async () => {
    t = await startTestNode();
    await t.client.sendTx(t.dev, 'asset.create', { symbol: 'TOK', name: 'Token', decimals: 0, supply: 100n, maxSupply: 1000n, mintAuthority: t.dev.address });
    await t.client.sendTx(t.dev, 'asset.create', { symbol: 'FIX', name: 'Fixed', decimals: 0, supply: 50n });
    const nonce = BigInt((await t.client.account(t.dev.address)).pendingNonce);
    const funding = signed(t.dev, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 10n }] }, { chainId: t.chainId, nonce });
    const result = await t.client.submit(funding.bytes, { wait: 'commit' });
    assert.equal(result.status, 'committed');
    committedBytes = funding.bytes;
  });
  after(async () => t.stop());

  async function snapshot(): Promise<unknown> {
    const [dev, bobAccount, tok, fix, agr, status] = await Promise.all([
      t.client.account(t.dev.address),
      t.client.account(bob.address),
      t.client.asset('TOK'),
      t.client.asset('FIX'),
      t.client.asset('AGR'),
      t.client.status(),
    ]);
    return { dev, bob: bobAccount, tok, fix, agr, mempoolSize: status.mempoolSize };
  }

  async function devNonce(): Promise<bigint> {
    return BigInt((await t.client.account(t.dev.address)).pendingNonce);
  }
  async function bobNonce(): Promise<bigint> {
    return BigInt((await t.client.account(bob.address)).pendingNonce);
  }
  const fromDev = async (payload: { to: string; asset: string; amount: bigint }, fields: { chainId?: string; nonceDelta?: bigint; expiresAt?: number } = {}): Promise<Uint8Array> =>
    signed(t.dev, 'transfer', { transfers: [payload] }, { chainId: fields.chainId ?? t.chainId, nonce: (await devNonce()) + (fields.nonceDelta ?? 0n), expiresAt: fields.expiresAt }).bytes;

  const cases: Case[] = [
    // A fixed "random" byte string (SHA-256 of a label), so the expected code is stable.
    { name: 'random bytes', bytes: () => sha256(new TextEncoder().encode('not a tx')), status: 400, code: 'malformed' },
    { name: 'no bytes', bytes: () => new Uint8Array(0), status: 400, code: 'malformed' },
    { name: 'over TX_BYTES_MAX', bytes: () => new Uint8Array(16 * 1024 + 1), status: 400, code: 'tx_too_large' },
    {
      name: 'unknown kind',
      bytes: () => encode({ body: { chainId: t.chainId, kind: 'nope', payload: {}, signers: [{ publicKey: t.dev.publicKey, nonce: 0n }], fee: 0n }, signatures: [new Uint8Array(64)] }),
      status: 400,
      code: 'unknown_kind',
    },
    {
      name: 'a bad signature (one bit flipped)',
      bytes: async () => {
        const tx = signed(t.dev, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }, { chainId: t.chainId, nonce: await devNonce() });
        tx.tx.signatures[0][10] ^= 0x01;
        return encodeTx(tx.tx);
      },
      status: 400,
      code: 'bad_signature',
    },
    {
      name: "a signature by another key than the signer's",
      bytes: async () => {
        const body = buildTx('transfer', { chainId: t.chainId, from: t.dev.publicKey, nonce: await devNonce(), fee: 0n }, { transfers: [{ to: mallory.address, asset: 'AGR', amount: 1n }] });
        return signTx(body as TxBody, [mallory]).bytes;
      },
      status: 400,
      code: 'bad_signature',
    },
    { name: 'another chain id', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 1n }, { chainId: 'agora-other' }), status: 400, code: 'wrong_chain' },
    { name: 'a replayed committed tx', bytes: () => committedBytes, status: 409, code: 'already_committed' },
    { name: 'a used nonce', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 2n }, { nonceDelta: -1n }), status: 400, code: 'nonce_too_low' },
    { name: 'a nonce gap', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 1n }, { nonceDelta: 3n }), status: 400, code: 'nonce_gap' },
    { name: 'expired by height', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 1n }, { expiresAt: 1 }), status: 400, code: 'expired' },
    {
      name: 'an amount above the balance',
      bytes: async () => signed(bob, 'transfer', { transfers: [{ to: t.dev.address, asset: 'AGR', amount: 11n }] }, { chainId: t.chainId, nonce: await bobNonce() }).bytes,
      status: 400,
      code: 'insufficient_balance',
    },
    { name: 'amount 0', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 0n }), status: 400, code: 'bad_amount' },
    { name: 'amount 2^128', bytes: () => fromDev({ to: bob.address, asset: 'AGR', amount: 1n << 128n }), status: 400, code: 'bad_amount' },
    { name: 'an unknown asset', bytes: () => fromDev({ to: bob.address, asset: 'NOPE', amount: 1n }), status: 400, code: 'unknown_asset' },
    { name: 'a bad recipient', bytes: () => fromDev({ to: 'agora1notanaddress', asset: 'AGR', amount: 1n }), status: 400, code: 'bad_address' },
    { name: 'a bad symbol', bytes: () => fromDev({ to: bob.address, asset: 'agr', amount: 1n }), status: 400, code: 'bad_symbol' },
    {
      name: 'a mint by a non-authority',
      bytes: async () => signed(bob, 'asset.mint', { asset: 'TOK', to: bob.address, amount: 1n }, { chainId: t.chainId, nonce: await bobNonce() }).bytes,
      status: 400,
      code: 'not_mint_authority',
    },
    {
      name: 'a mint past the max supply',
      bytes: async () => signed(t.dev, 'asset.mint', { asset: 'TOK', to: t.dev.address, amount: 901n }, { chainId: t.chainId, nonce: await devNonce() }).bytes,
      status: 400,
      code: 'max_supply_exceeded',
    },
    {
      name: 'a mint of a fixed-supply asset',
      bytes: async () => signed(t.dev, 'asset.mint', { asset: 'FIX', to: t.dev.address, amount: 1n }, { chainId: t.chainId, nonce: await devNonce() }).bytes,
      status: 400,
      code: 'not_mintable',
    },
    {
      name: 'an asset that exists',
      bytes: async () => signed(t.dev, 'asset.create', { symbol: 'TOK', name: 'again', decimals: 0, supply: 1n }, { chainId: t.chainId, nonce: await devNonce() }).bytes,
      status: 400,
      code: 'asset_exists',
    },
    {
      name: 'a burn above the balance',
      bytes: async () => signed(bob, 'asset.burn', { asset: 'TOK', amount: 1n }, { chainId: t.chainId, nonce: await bobNonce() }).bytes,
      status: 400,
      code: 'insufficient_balance',
    },
  ];

  for (const c of cases) {
    test(`${c.name} → ${c.status} ${c.code}`, async () => {
      const before = await snapshot();
      const reply = await postJson(`${t.url}/v1/txs?wait=commit`, { tx: toHex(await c.bytes()) });
      assert.equal(reply.status, c.status, JSON.stringify(reply.body));
      const error = (reply.body as { error: { code: string; message: string } }).error;
      assert.equal(error.code, c.code, error.message);
      assert.ok(error.message.length > 0);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('a body over HTTP_BODY_BYTES_MAX → 413 body_too_large', async () => {
    const before = await snapshot();
    const body = `{"tx":"${'00'.repeat(HTTP_BODY_BYTES_MAX / 2)}"}`;
    const response = await fetch(`${t.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { error: { code: 'body_too_large', message: `the request body is larger than ${HTTP_BODY_BYTES_MAX} bytes` } });
    assert.deepEqual(await snapshot(), before);
  });

  test('a large body under the limit is decoded once and refused as tx_too_large', async () => {
    const started = Date.now();
    const reply = await postJson(`${t.url}/v1/txs`, { tx: '00'.repeat(3 * 1024 * 1024) });
    assert.equal(reply.status, 400);
    assert.equal((reply.body as { error: { code: string } }).error.code, 'tx_too_large');
    assert.ok(Date.now() - started < 5_000, 'validation of a large hex string stays fast');
  });

  test('the rejections are counted in /metrics by code', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(text, /agora_submit_rejections_total\{code="bad_signature"\} 2/);
    assert.match(text, /agora_submit_rejections_total\{code="already_committed"\} 1/);
  });
});
