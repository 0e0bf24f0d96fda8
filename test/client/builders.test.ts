import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatAmount, parseAmount } from '../../src/client/amounts.ts';
import {
  buildAssetBurn,
  buildAssetCreate,
  buildAssetMint,
  buildTransfer,
  feeFor,
  feeScheduleFromJson,
  settleFee,
  signTx,
  withExactFee,
} from '../../src/client/builders.ts';
import { AgoraError } from '../../src/client/errors.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { checkTxAuth, decodeTx, encodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { FeeSchedule, TxBody } from '../../src/ledger/types.ts';

const alice = KeyPair.generate();
const bob = KeyPair.generate();
const common = { chainId: 'agora-test', from: alice.publicKey, nonce: 3n, fee: 0n };

function roundTrip(body: TxBody): void {
  const signed = signTx(body, [alice]);
  const decoded = decodeTx(signed.bytes);
  if (isRejection(decoded)) assert.fail(`${decoded.code}: ${decoded.message}`);
  assert.equal(decoded.id, signed.id);
  // The decoder spells absent optional fields as undefined; the canonical bytes are what must agree.
  assert.deepEqual(encodeTx(decoded.tx), signed.bytes);
  assert.deepEqual(JSON.parse(JSON.stringify(decoded.tx.body, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))), JSON.parse(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))));
  assert.equal(checkTxAuth(decoded, 'agora-test', verifyEd25519), null);
  assert.deepEqual(decoded.signerAddresses, [alice.address]);
}

describe('SDK builders', () => {
  test('every tx kind builds, signs, and decodes back to the same body with a valid signature', () => {
    roundTrip(buildTransfer({ ...common, transfers: [{ to: bob.address, asset: 'AGR', amount: 5n }, { to: bob.address, asset: 'GOLD', amount: 1n }] }));
    roundTrip(buildTransfer({ ...common, expiresAt: 99, transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] }));
    roundTrip(buildAssetCreate({ ...common, symbol: 'GOLD', name: 'Gold', decimals: 2, supply: 100n, maxSupply: 1000n, mintAuthority: alice.address }));
    roundTrip(buildAssetCreate({ ...common, symbol: 'PTS', name: 'Points' }));
    roundTrip(buildAssetMint({ ...common, asset: 'GOLD', to: bob.address, amount: 7n }));
    roundTrip(buildAssetBurn({ ...common, asset: 'GOLD', amount: 7n }));
  });

  test('asset.create defaults: 0 decimals, 0 supply, no max supply, no mint authority (fixed)', () => {
    const body = buildAssetCreate({ ...common, symbol: 'PTS', name: 'Points' });
    assert.deepEqual(body.payload, { symbol: 'PTS', name: 'Points', decimals: 0, supply: 0n });
    assert.equal(body.kind, 'asset.create');
    assert.deepEqual(body.signers, [{ publicKey: alice.publicKey, nonce: 3n }]);
    assert.equal('expiresAt' in body, false);
  });

  test('a signing function gives the same tx as the key pair', () => {
    const body = buildAssetBurn({ ...common, asset: 'GOLD', amount: 1n });
    assert.deepEqual(signTx(body, [(message) => alice.sign(message)]), signTx(body, [alice]));
  });

  test('signTx needs exactly one signer per signer of the body', () => {
    const body = buildAssetBurn({ ...common, asset: 'GOLD', amount: 1n });
    assert.throws(() => signTx(body, []), (error: unknown) => error instanceof AgoraError && error.code === 'bad_signers');
    assert.throws(() => signTx(body, [alice, bob]), (error: unknown) => error instanceof AgoraError && error.code === 'bad_signers');
  });

  test('settleFee is exactly the schedule fee of the signed bytes, across CBOR integer sizes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 0n, max: 1n << 70n }), fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }), (perByte, base, amount) => {
        const schedule: FeeSchedule = { perByte, base: { transfer: base } };
        const body = buildTransfer({ ...common, transfers: [{ to: bob.address, asset: 'AGR', amount }] });
        const priced = withExactFee(schedule, body);
        const bytes = signTx(priced, [alice]).bytes;
        assert.equal(priced.fee, feeFor(schedule, 'transfer', bytes.length));
        assert.equal(settleFee(schedule, priced), priced.fee, 'settling again gives the same fee');
      }),
      { numRuns: 300 },
    );
  });

  test('settleFee crosses the 1-byte, 2-byte and 4-byte CBOR integer boundaries', () => {
    const body = buildTransfer({ ...common, transfers: [{ to: bob.address, asset: 'AGR', amount: 1n }] });
    const length0 = encodeTx({ body, signatures: [new Uint8Array(64)] }).length;
    // A base that lands the fee just under each boundary before the fee field grows.
    for (const boundary of [24n, 256n, 65_536n, 1n << 32n]) {
      for (const delta of [-2n, -1n, 0n, 1n]) {
        const schedule: FeeSchedule = { perByte: 1n, base: { transfer: boundary - BigInt(length0) + delta } };
        if ((schedule.base.transfer ?? 0n) < 0n) continue;
        const priced = withExactFee(schedule, body);
        assert.equal(priced.fee, feeFor(schedule, 'transfer', signTx(priced, [alice]).bytes.length), `boundary ${boundary} delta ${delta}`);
      }
    }
  });

  test('feeScheduleFromJson reads the GET /v1/params shape', () => {
    assert.deepEqual(feeScheduleFromJson({ perByte: '2', base: { transfer: '1000', 'asset.create': '5' } }), { perByte: 2n, base: { transfer: 1000n, 'asset.create': 5n } });
  });
});

describe('SDK amounts', () => {
  test('parseAmount reads base units and decimals', () => {
    const cases: [string, number, bigint][] = [
      ['0', 0, 0n],
      ['1500000', 0, 1_500_000n],
      ['1.5', 6, 1_500_000n],
      ['1', 6, 1_000_000n],
      ['0.000001', 6, 1n],
      ['12.34', 2, 1234n],
      [String((1n << 128n) - 1n), 0, (1n << 128n) - 1n],
    ];
    for (const [text, decimals, expected] of cases) assert.equal(parseAmount(text, decimals), expected, `${text} @ ${decimals}`);
  });

  test('parseAmount refuses what is not an amount', () => {
    for (const [text, decimals] of [['', 0], ['-1', 0], ['1e3', 0], ['1.5', 0], ['0.0000001', 6], ['1,5', 2], ['0x10', 0], [String(1n << 128n), 0], ['1.', 2]] as [string, number][]) {
      assert.throws(() => parseAmount(text, decimals), (error: unknown) => error instanceof AgoraError && error.code === 'bad_amount', `${text} @ ${decimals}`);
    }
  });

  test('formatAmount is the inverse for display', () => {
    assert.equal(formatAmount(1_500_000n, 6), '1.5');
    assert.equal(formatAmount('1000000', 6), '1');
    assert.equal(formatAmount(1n, 6), '0.000001');
    assert.equal(formatAmount(1234n, 0), '1234');
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 18 }), (amount, decimals) => parseAmount(formatAmount(amount, decimals), decimals) === amount));
  });
});
