// The tx envelope (src/ledger/tx.ts; spec/ledger.md §Stateless checks, spec/encoding.md §Transactions):
// decodeTx's checks and their order, checkTxAuth, sign bytes, tx ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { decode, encode, type CborValue } from '../../src/codec/cbor.ts';
import { sha256Hex, toHex } from '../../src/crypto/hash.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { TX_BYTES_MAX } from '../../src/ledger/limits.ts';
import { checkTxAuth, decodeTx, encodeTx, isRejection, TX_DOMAIN, txIdOf, txSignBytes } from '../../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../src/ledger/types.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, decoded, makeTx, rawBody, rawTx, signTx, txBody } from './fixtures.ts';

const STATELESS_CODES: RejectCode[] = ['malformed', 'non_canonical', 'bad_shape', 'tx_too_large', 'unknown_kind', 'bad_amount', 'bad_address', 'bad_symbol', 'bad_asset_params'];

const transferPayload = { transfers: [{ to: BOB.address, asset: 'AGR', amount: 10 }] };

function codeOf(bytes: Uint8Array): RejectCode | 'ok' {
  const result = decodeTx(bytes);
  return isRejection(result) ? result.code : 'ok';
}

function authCode(tx: DecodedTx, chainId = CHAIN_ID): RejectCode | 'ok' {
  return checkTxAuth(tx, chainId, verifyEd25519)?.code ?? 'ok';
}

test('a well-formed signed transfer decodes and authenticates', () => {
  const tx = makeTx('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 10n }] }, ALICE);
  assert.equal(authCode(tx), 'ok');
  assert.deepEqual(tx.signerAddresses, [ALICE.address]);
  assert.equal(tx.id, sha256Hex(tx.bytes));
});

test('the raw builder and the typed builder agree byte for byte', () => {
  const typed = signTx(txBody('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 10n }] }, ALICE), [ALICE]);
  const raw = rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE]);
  assert.equal(toHex(raw), toHex(typed));
});

// ---------------------------------------------------------------------------------------------
// decodeTx: each stateless check, with the code it returns.

function without(map: { [key: string]: CborValue }, key: string): { [key: string]: CborValue } {
  const copy = { ...map };
  delete copy[key];
  return copy;
}

/** The bytes with the first occurrence of one hex run replaced by another of the same length. */
function replaceHex(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const hex = toHex(bytes);
  assert.ok(hex.includes(from) && from.length === to.length);
  return Uint8Array.from(Buffer.from(hex.replace(from, to), 'hex'));
}

const signerOf = (key = ALICE, nonce: CborValue = 0): CborValue => ({ publicKey: key.publicKey, nonce });

const shapeCases: [string, () => Uint8Array, RejectCode][] = [
  ['not CBOR', () => Uint8Array.from([0xff]), 'malformed'],
  ['empty bytes', () => new Uint8Array(0), 'malformed'],
  ['trailing byte after a valid tx', () => Uint8Array.from([...rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE]), 0]), 'malformed'],
  ['a float in the body', () => replaceHex(rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE]), '1a000f4240', 'fa3fc00000'), 'non_canonical'],
  ['the envelope is an array', () => encode([rawBody('transfer', transferPayload, ALICE), []]), 'bad_shape'],
  ['the envelope has an extra key', () => encode({ body: rawBody('transfer', transferPayload, ALICE), signatures: [new Uint8Array(64)], memo: 'x' }), 'bad_shape'],
  ['the envelope has no body', () => encode({ signatures: [new Uint8Array(64)] }), 'bad_shape'],
  ['the envelope has no signatures', () => encode({ body: rawBody('transfer', transferPayload, ALICE) }), 'bad_shape'],
  ['the body has an extra key', () => rawTx(rawBody('transfer', transferPayload, ALICE, { memo: 'hi' }), [ALICE]), 'bad_shape'],
  ['the kind is not text', () => rawTx(rawBody('transfer', transferPayload, ALICE, { kind: 1 }), [ALICE]), 'bad_shape'],
  ['the kind is missing', () => rawTx(without(rawBody('transfer', transferPayload, ALICE), 'kind'), [ALICE]), 'bad_shape'],
  ['an unknown kind', () => rawTx(rawBody('transfer2', transferPayload, ALICE), [ALICE]), 'unknown_kind'],
  ['a kind in the wrong case', () => rawTx(rawBody('Transfer', transferPayload, ALICE), [ALICE]), 'unknown_kind'],
  ['an Object.prototype name as kind', () => rawTx(rawBody('toString', transferPayload, ALICE), [ALICE]), 'unknown_kind'],
  ['__proto__ as kind', () => rawTx(rawBody('__proto__', transferPayload, ALICE), [ALICE]), 'unknown_kind'],
  ['no signers', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [] }), [], []), 'bad_shape'],
  ['two signers on a one-signer kind', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [signerOf(ALICE), signerOf(BOB)] }), [ALICE, BOB]), 'bad_shape'],
  ['signers is not an array', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: signerOf(ALICE) }), [ALICE]), 'bad_shape'],
  ['a 31-byte public key', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [{ publicKey: new Uint8Array(31), nonce: 0 }] }), [ALICE]), 'bad_shape'],
  ['a negative nonce', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [signerOf(ALICE, -1)] }), [ALICE]), 'bad_shape'],
  ['a nonce above 2^64-1', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [signerOf(ALICE, 2n ** 64n)] }), [ALICE]), 'bad_shape'],
  ['a signer with an extra field', () => rawTx(rawBody('transfer', transferPayload, ALICE, { signers: [{ publicKey: ALICE.publicKey, nonce: 0, x: 1 }] }), [ALICE]), 'bad_shape'],
  ['no signature for one signer', () => rawTx(rawBody('transfer', transferPayload, ALICE), [], []), 'bad_shape'],
  ['two signatures for one signer', () => rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE, ALICE]), 'bad_shape'],
  ['a 63-byte signature', () => rawTx(rawBody('transfer', transferPayload, ALICE), [], [new Uint8Array(63)]), 'bad_shape'],
  ['a signature as text', () => rawTx(rawBody('transfer', transferPayload, ALICE), [], ['00'.repeat(64)]), 'bad_shape'],
  ['chainId is not text', () => rawTx(rawBody('transfer', transferPayload, ALICE, { chainId: 7 }), [ALICE]), 'bad_shape'],
  ['chainId of 65 characters', () => rawTx(rawBody('transfer', transferPayload, ALICE, { chainId: 'c'.repeat(65) }), [ALICE]), 'bad_shape'],
  ['no payload', () => rawTx(without(rawBody('transfer', null, ALICE), 'payload'), [ALICE]), 'bad_shape'],
  ['a null payload', () => rawTx(rawBody('transfer', null, ALICE), [ALICE]), 'bad_shape'],
  ['no fee', () => rawTx(without(rawBody('transfer', transferPayload, ALICE), 'fee'), [ALICE]), 'bad_shape'],
  ['a negative fee', () => rawTx(rawBody('transfer', transferPayload, ALICE, { fee: -1 }), [ALICE]), 'bad_shape'],
  ['a fee above 2^128-1', () => rawTx(rawBody('transfer', transferPayload, ALICE, { fee: 2n ** 128n }), [ALICE]), 'bad_shape'],
  ['a fee as text', () => rawTx(rawBody('transfer', transferPayload, ALICE, { fee: '10' }), [ALICE]), 'bad_shape'],
  ['a negative expiresAt', () => rawTx(rawBody('transfer', transferPayload, ALICE, { expiresAt: -1 }), [ALICE]), 'bad_shape'],
  ['expiresAt above 2^53-1', () => rawTx(rawBody('transfer', transferPayload, ALICE, { expiresAt: 2n ** 53n }), [ALICE]), 'bad_shape'],
  ['expiresAt as null', () => rawTx(rawBody('transfer', transferPayload, ALICE, { expiresAt: null }), [ALICE]), 'bad_shape'],
];

for (const [name, build, code] of shapeCases) {
  test(`decodeTx: ${name} → ${code}`, () => {
    assert.equal(codeOf(build()), code);
  });
}

test('decodeTx: keys out of order → non_canonical', () => {
  // The canonical envelope, with its two top-level entries swapped by hand.
  const canonical = rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE]);
  const bodyEnd = canonical.length - (11 + 1 + 66);
  const swapped = Uint8Array.from([0xa2, ...canonical.subarray(bodyEnd), ...canonical.subarray(1, bodyEnd)]);
  assert.equal(codeOf(swapped), 'non_canonical');
});

test('decodeTx: size is checked first — one byte over TX_BYTES_MAX is tx_too_large whatever it holds', () => {
  assert.equal(codeOf(new Uint8Array(TX_BYTES_MAX + 1)), 'tx_too_large');
  assert.equal(codeOf(new Uint8Array(TX_BYTES_MAX)), 'malformed', 'at the limit, the bytes are decoded');
  const big = rawTx(rawBody('transfer', transferPayload, ALICE, { memo: 'x'.repeat(TX_BYTES_MAX) }), [ALICE]);
  assert.equal(codeOf(big), 'tx_too_large');
});

test('decodeTx: check order — kind before signers, signers before signatures, signatures before chainId, chainId before payload, payload before fee', () => {
  const noSigners = { signers: [] as CborValue[] };
  assert.equal(codeOf(rawTx(rawBody('nope', transferPayload, ALICE, noSigners), [], [])), 'unknown_kind');
  assert.equal(codeOf(rawTx(rawBody('transfer', transferPayload, ALICE, { ...noSigners, chainId: 5 }), [], [])), 'bad_shape');
  const badPayload = { transfers: [{ to: 'nobody', asset: 'AGR', amount: 1 }] };
  assert.equal(codeOf(rawTx(rawBody('transfer', badPayload, ALICE), [ALICE])), 'bad_address');
  assert.equal(codeOf(rawTx(rawBody('transfer', badPayload, ALICE, { chainId: 5 }), [ALICE])), 'bad_shape', 'chainId is read before the payload');
  assert.equal(codeOf(rawTx(rawBody('transfer', badPayload, ALICE, { fee: -1 }), [ALICE])), 'bad_address', 'the payload is read before the fee');
  assert.equal(codeOf(rawTx(rawBody('transfer', badPayload, ALICE), [], [new Uint8Array(3)])), 'bad_shape', 'signatures are read before the payload');
});

test('decodeTx: expiresAt 0 and 2^53-1 are accepted; absent stays absent', () => {
  for (const expiresAt of [0, Number.MAX_SAFE_INTEGER]) {
    const tx = decoded(rawTx(rawBody('transfer', transferPayload, ALICE, { expiresAt }), [ALICE]));
    assert.equal(tx.tx.body.expiresAt, expiresAt);
  }
  const tx = decoded(rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE]));
  assert.equal('expiresAt' in tx.tx.body, false);
});

test('property: decodeTx of random bytes never throws and refuses with a stateless code', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const result = decodeTx(bytes);
      assert.ok(isRejection(result), 'random bytes decoded as a tx');
      assert.ok(STATELESS_CODES.includes(result.code), result.code);
    }),
    { numRuns: 2000 },
  );
});

test('property: decodeTx of a mutated tx never throws; what decodes re-encodes to its bytes and authenticates only if unchanged', () => {
  const original = rawTx(rawBody('transfer', transferPayload, ALICE, { expiresAt: 99 }), [ALICE]);
  fc.assert(
    fc.property(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'truncate', 'insert'), (at, byte, how) => {
      const bytes = [...original];
      if (how === 'flip') bytes[at] = byte;
      if (how === 'truncate') bytes.length = at;
      if (how === 'insert') bytes.splice(at, 0, byte);
      const mutated = Uint8Array.from(bytes);
      const result = decodeTx(mutated);
      if (isRejection(result)) {
        assert.ok(STATELESS_CODES.includes(result.code), result.code);
        return;
      }
      assert.equal(toHex(encodeTx(result.tx)), toHex(mutated));
      assert.equal(toHex(result.signBytes), toHex(txSignBytes(result.tx.body)));
      const same = toHex(mutated) === toHex(original);
      const auth = authCode(result);
      assert.ok(same ? auth === 'ok' : auth === 'bad_signature' || auth === 'wrong_chain', `auth ${auth} for a ${same ? 'unchanged' : 'changed'} tx`);
    }),
    { numRuns: 800 },
  );
});

// ---------------------------------------------------------------------------------------------
// checkTxAuth.

test('checkTxAuth: a tx for another chain → wrong_chain, checked before signatures', () => {
  const tx = makeTx('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 1n }] }, ALICE, { chainId: 'other-chain' });
  assert.equal(authCode(tx), 'wrong_chain');
  assert.equal(authCode(tx, 'other-chain'), 'ok');
  const unsigned = decoded(rawTx(rawBody('transfer', transferPayload, ALICE, { chainId: 'other-chain' }), [], [new Uint8Array(64)]));
  assert.equal(authCode(unsigned), 'wrong_chain');
});

test('checkTxAuth: a flipped bit anywhere in the signature → bad_signature', () => {
  const body = rawBody('transfer', transferPayload, ALICE);
  const good = rawTx(body, [ALICE]);
  const signature = decoded(good).tx.signatures[0];
  for (let bit = 0; bit < 512; bit += 37) {
    const bad = Uint8Array.from(signature);
    bad[bit >> 3] ^= 1 << (bit & 7);
    assert.equal(authCode(decoded(rawTx(body, [], [bad]))), 'bad_signature', `bit ${bit}`);
  }
});

test('checkTxAuth: a zero signature → bad_signature', () => {
  assert.equal(authCode(decoded(rawTx(rawBody('transfer', transferPayload, ALICE), [], [new Uint8Array(64)]))), 'bad_signature');
});

test('checkTxAuth: a signature by another key → bad_signature', () => {
  assert.equal(authCode(decoded(rawTx(rawBody('transfer', transferPayload, ALICE), [BOB]))), 'bad_signature');
});

test('checkTxAuth: a changed body (amount, nonce, fee) no longer matches the signature', () => {
  const signature = decoded(rawTx(rawBody('transfer', transferPayload, ALICE), [ALICE])).tx.signatures[0];
  const changes: { [key: string]: CborValue }[] = [
    { payload: { transfers: [{ to: BOB.address, asset: 'AGR', amount: 11 }] } },
    { payload: { transfers: [{ to: CAROL.address, asset: 'AGR', amount: 10 }] } },
    { signers: [signerOf(ALICE, 1)] },
    { fee: 1_000_001 },
    { expiresAt: 10 },
  ];
  for (const change of changes) {
    assert.equal(authCode(decoded(rawTx(rawBody('transfer', transferPayload, ALICE, change), [], [signature]))), 'bad_signature', JSON.stringify(Object.keys(change)));
  }
});

test('sign bytes are ["agora/tx/v1", chainId, body]: a signature made for chain A does not verify on chain B', () => {
  const bodyA = txBody('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 5n }] }, ALICE, { chainId: 'chain-a' });
  const bodyB: TxBody = { ...bodyA, chainId: 'chain-b' };
  const signatureA = ALICE.sign(txSignBytes(bodyA));
  const onB = decoded(encodeTx({ body: bodyB, signatures: [signatureA] }));
  assert.equal(authCode(onB, 'chain-b'), 'bad_signature');
  assert.equal(authCode(decoded(encodeTx({ body: bodyA, signatures: [signatureA] })), 'chain-a'), 'ok');
});

test('sign bytes: the domain separator matters — a signature over the bare body, or another domain, is refused', () => {
  const body = txBody('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 5n }] }, ALICE);
  const bodyMap = decode3(txSignBytes(body))[2];
  assert.equal(TX_DOMAIN, 'agora/tx/v1');
  for (const message of [encode(bodyMap), encode(['agora/tx/v2', CHAIN_ID, bodyMap]), encode(['agora/vote/v1', CHAIN_ID, bodyMap]), encode([TX_DOMAIN, bodyMap])]) {
    const tx = decoded(encodeTx({ body, signatures: [ALICE.sign(message)] }));
    assert.equal(authCode(tx), 'bad_signature');
  }
  assert.equal(toHex(txSignBytes(body)), toHex(encode([TX_DOMAIN, CHAIN_ID, bodyMap])));
});

function decode3(bytes: Uint8Array): [string, string, CborValue] {
  return decode(bytes) as [string, string, CborValue];
}

test('verifyEd25519 and noble agree on the tx signatures used here', () => {
  const tx = makeTx('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 1n }] }, ALICE);
  assert.equal(verifyEd25519(ALICE.publicKey, tx.signBytes, tx.tx.signatures[0]), true);
  assert.equal(ed25519.verify(tx.tx.signatures[0], tx.signBytes, ALICE.publicKey), true);
  assert.equal(verifyEd25519(BOB.publicKey, tx.signBytes, tx.tx.signatures[0]), false);
});

// ---------------------------------------------------------------------------------------------
// Tx ids and sign bytes.

test('the tx id is the SHA-256 of the canonical tx bytes, signatures included', () => {
  const body = txBody('transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 5n }] }, ALICE);
  const bytes = signTx(body, [ALICE]);
  assert.equal(txIdOf(bytes), sha256Hex(bytes));
  assert.equal(decoded(bytes).id, sha256Hex(bytes));
  // Same body, different (invalid) signature bytes: a different id.
  const other = encodeTx({ body, signatures: [new Uint8Array(64)] });
  assert.notEqual(decoded(other).id, decoded(bytes).id);
});

const address = fc.constantFrom(ALICE.address, BOB.address, CAROL.address);
const symbol = fc.constantFrom('AGR', 'GOLD', 'X1', 'ABCDEFGHIJKL');
const amount = fc.bigInt({ min: 1n, max: 2n ** 128n - 1n });
const anyBody = fc.record({
  chainId: fc.string({ minLength: 0, maxLength: 64, unit: 'binary-ascii' }),
  nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fee: fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
  expiresAt: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: undefined }),
  payload: fc.oneof(
    fc.record({ kind: fc.constant('transfer' as const), payload: fc.record({ transfers: fc.array(fc.record({ to: address, asset: symbol, amount }), { minLength: 1, maxLength: 64 }) }) }),
    fc.record({
      kind: fc.constant('asset.create' as const),
      payload: fc.record({ symbol, name: fc.string({ minLength: 1, maxLength: 64 }), decimals: fc.integer({ min: 0, max: 18 }), supply: fc.bigInt({ min: 0n, max: 2n ** 100n }) }),
    }),
    fc.record({ kind: fc.constant('asset.mint' as const), payload: fc.record({ asset: symbol, to: address, amount }) }),
    fc.record({ kind: fc.constant('asset.burn' as const), payload: fc.record({ asset: symbol, amount }) }),
  ),
});

test('property: for any valid tx, the sign bytes taken from the tx bytes equal txSignBytes(body), and the tx round-trips', () => {
  fc.assert(
    fc.property(anyBody, ({ chainId, nonce, fee, expiresAt, payload }) => {
      const body = { chainId, kind: payload.kind, payload: payload.payload, signers: [{ publicKey: ALICE.publicKey, nonce }], fee } as TxBody;
      if (expiresAt !== undefined) body.expiresAt = expiresAt;
      const bytes = encodeTx({ body, signatures: [new Uint8Array(64).fill(7)] });
      const result = decodeTx(bytes);
      if (isRejection(result)) assert.fail(`${result.code}: ${result.message}`);
      assert.equal(toHex(result.signBytes), toHex(txSignBytes(body)));
      assert.equal(toHex(encodeTx(result.tx)), toHex(bytes));
    }),
    { numRuns: 300 },
  );
});

test('a valid signature verifies for any chain id and body (sampled)', () => {
  fc.assert(
    fc.property(anyBody, ({ chainId, nonce, fee, payload }) => {
      const body = { chainId, kind: payload.kind, payload: payload.payload, signers: [{ publicKey: ALICE.publicKey, nonce }], fee } as TxBody;
      const tx = decoded(signTx(body, [ALICE]));
      assert.equal(authCode(tx, chainId), 'ok');
    }),
    { numRuns: 30 },
  );
});
