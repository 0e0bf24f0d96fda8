// The verdicts of the ledger's Ed25519 rule (spec/decisions/0001-ed25519-verification.md) on published
// vectors, asserted for both paths: noble (browser/SDK) and node:crypto (validators).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  ED25519_GROUP_ORDER,
  ED25519_SMALL_ORDER_ENCODINGS,
  isCanonicalPointEncoding,
  precheckEd25519,
  verifyEd25519,
} from '../../src/crypto/ed25519.ts';
import {
  ED25519_NODE_KEY_CACHE_MAX_ENTRIES,
  createEd25519NodeSigner,
  ed25519NodeKeyCacheSize,
  publicKeyFromSeedNode,
  signEd25519Node,
  verifyEd25519Node,
} from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { generateZip215SmallOrderVectors, type Zip215Vectors } from './vectors/zip215-small-order.generate.ts';

interface Expected {
  valid: boolean;
  precheck: string;
}
interface SpeccheckCase {
  case: number;
  description: string;
  message: string;
  pub_key: string;
  signature: string;
  expected: Expected;
}
interface Rfc8032Case {
  name: string;
  secret_key: string;
  public_key: string;
  message: string;
  signature: string;
}

function loadVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8')) as T;
}

const speccheck = loadVectors<{ cases: SpeccheckCase[] }>('ed25519-speccheck.json');
const zip215 = loadVectors<Zip215Vectors>('ed25519-zip215-small-order.json');
const rfc8032 = loadVectors<{ cases: Rfc8032Case[] }>('ed25519-rfc8032.json');

function precheckName(publicKey: Uint8Array, signature: Uint8Array): string {
  const result = precheckEd25519(publicKey, signature);
  return result.ok ? 'ok' : result.reason;
}

function assertVerdict(label: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, expected: Expected): void {
  assert.equal(precheckName(publicKey, signature), expected.precheck, `${label}: pre-check`);
  assert.equal(verifyEd25519(publicKey, message, signature), expected.valid, `${label}: noble path`);
  assert.equal(verifyEd25519Node(publicKey, message, signature), expected.valid, `${label}: node path`);
}

function flipBit(bytes: Uint8Array, bitIndex: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bitIndex >> 3] ^= 1 << (bitIndex & 7);
  return copy;
}

function leBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

test('the small-order table is exactly the canonical encodings of [i]T, i = 0..7', () => {
  const generator = ed25519.Point.fromBytes(fromHex(ED25519_SMALL_ORDER_ENCODINGS[1]));
  let point = ed25519.Point.ZERO;
  for (let i = 0; i < 8; i++) {
    assert.equal(toHex(point.toBytes()), ED25519_SMALL_ORDER_ENCODINGS[i], `[${i}]T`);
    assert.ok(point.isSmallOrder());
    assert.ok(isCanonicalPointEncoding(point.toBytes()));
    point = point.add(generator);
  }
  assert.ok(point.is0(), '[8]T is the identity');
  assert.equal(new Set(ED25519_SMALL_ORDER_ENCODINGS).size, 8);
});

test('canonical check: y < p and no negative zero (RFC 8032 §5.1.3)', () => {
  const p = 2n ** 255n - 19n;
  assert.ok(isCanonicalPointEncoding(leBytes(p - 1n)), 'y = p - 1, sign clear');
  assert.ok(!isCanonicalPointEncoding(leBytes(p)), 'y = p');
  assert.ok(!isCanonicalPointEncoding(leBytes(p + 18n)), 'y = 2^255 - 1');
  assert.ok(!isCanonicalPointEncoding(leBytes((p - 1n) | (1n << 255n))), '(0, -1) with the sign bit');
  assert.ok(!isCanonicalPointEncoding(leBytes(1n | (1n << 255n))), '(0, 1) with the sign bit');
  assert.ok(isCanonicalPointEncoding(leBytes(1n << 255n)), 'y = 0 with the sign bit is a real point');
});

test('ed25519-speccheck cases 0-11: the documented verdicts on both paths', () => {
  assert.equal(speccheck.cases.length, 12);
  for (const c of speccheck.cases) {
    assertVerdict(`speccheck ${c.case}`, fromHex(c.pub_key), fromHex(c.message), fromHex(c.signature), c.expected);
  }
  const accepted = speccheck.cases.filter((c) => c.expected.valid).map((c) => c.case);
  assert.deepEqual(accepted, [3]);
});

test('noble ed25519.verify is cofactored: it accepts speccheck 4 and 5, which is why the rule spells out the equation', () => {
  for (const index of [4, 5]) {
    const c = speccheck.cases[index];
    const [message, publicKey, signature] = [fromHex(c.message), fromHex(c.pub_key), fromHex(c.signature)];
    assert.equal(ed25519.verify(signature, message, publicKey, { zip215: false }), true);
    assert.equal(verifyEd25519(publicKey, message, signature), false);
  }
});

test('ZIP-215 small-order vectors: the committed JSON is the reference generation', () => {
  assert.deepEqual(zip215, generateZip215SmallOrderVectors());
  assert.equal(zip215.cases.length, 196);
  assert.equal(new Set(zip215.encodings).size, 14);
});

test('ZIP-215 small-order vectors: all valid under ZIP 215, all refused by our rule on both paths', () => {
  const message = fromHex(zip215.message);
  for (const c of zip215.cases) {
    const [publicKey, signature] = [fromHex(c.pub_key), fromHex(c.signature)];
    assert.equal(ed25519.verify(signature, message, publicKey, { zip215: true }), true, `zip215 ${c.index}`);
    assertVerdict(`zip215 ${c.index}`, publicKey, message, signature, c.expected);
  }
});

test('RFC 8032 §7.1 TEST 1-3: signing on both paths gives the published bytes; both verifiers accept', () => {
  for (const c of rfc8032.cases) {
    const [seed, publicKey, message, signature] = [c.secret_key, c.public_key, c.message, c.signature].map(fromHex);
    assert.equal(toHex(new KeyPair(seed).publicKey), c.public_key, c.name);
    assert.equal(toHex(publicKeyFromSeedNode(seed)), c.public_key, c.name);
    assert.equal(toHex(new KeyPair(seed).sign(message)), c.signature, c.name);
    assert.equal(toHex(signEd25519Node(seed, message)), c.signature, c.name);
    assert.equal(toHex(createEd25519NodeSigner(seed)(message)), c.signature, c.name);
    assertVerdict(c.name, publicKey, message, signature, { valid: true, precheck: 'ok' });
  }
});

test('RFC 8032 vectors tampered: a flipped bit in message, R, S or A is refused on both paths', () => {
  for (const c of rfc8032.cases) {
    const [publicKey, message, signature] = [c.public_key, c.message, c.signature].map(fromHex);
    const longer = Uint8Array.of(...message, 0);
    const tampered: Array<[string, Uint8Array, Uint8Array, Uint8Array]> = [
      ['message + byte', publicKey, longer, signature],
      ['R bit 0', publicKey, message, flipBit(signature, 0)],
      ['R bit 200', publicKey, message, flipBit(signature, 200)],
      ['S bit 256', publicKey, message, flipBit(signature, 256)],
      ['S bit 400', publicKey, message, flipBit(signature, 400)],
      ['A bit 0', flipBit(publicKey, 0), message, signature],
      ['A bit 100', flipBit(publicKey, 100), message, signature],
    ];
    if (message.length > 0) tampered.push(['message bit 0', publicKey, flipBit(message, 0), signature]);
    for (const [label, a, m, s] of tampered) {
      assert.equal(verifyEd25519(a, m, s), false, `${c.name} ${label}: noble`);
      assert.equal(verifyEd25519Node(a, m, s), false, `${c.name} ${label}: node`);
    }
  }
});

test('the malleated twin S + L of a valid signature is refused as s_not_reduced', () => {
  const c = rfc8032.cases[0];
  const [publicKey, message, signature] = [c.public_key, c.message, c.signature].map(fromHex);
  const s = BigInt('0x' + toHex(signature.subarray(32).reverse()));
  const malleated = Uint8Array.of(...signature.subarray(0, 32), ...leBytes(s + ED25519_GROUP_ORDER));
  assertVerdict('S + L', publicKey, message, malleated, { valid: false, precheck: 's_not_reduced' });
});

test('malformed input is false, never a throw', () => {
  const c = rfc8032.cases[1];
  const [publicKey, message, signature] = [c.public_key, c.message, c.signature].map(fromHex);
  const notOnCurve = leBytes(2n); // canonical y = 2, but (y² − 1)/(dy² + 1) is not a square
  const cases: Array<[string, unknown, unknown, unknown, string]> = [
    ['short key', publicKey.subarray(1), message, signature, 'bad_length'],
    ['long signature', publicKey, message, Uint8Array.of(...signature, 0), 'bad_length'],
    ['empty signature', publicKey, message, new Uint8Array(0), 'bad_length'],
    ['key is a string', c.public_key, message, signature, 'bad_length'],
    ['signature is null', publicKey, message, null, 'bad_length'],
    ['message is a string', publicKey, 'r', signature, 'ok'],
    ['A not on the curve', notOnCurve, message, signature, 'ok'],
  ];
  for (const [label, a, m, s, reason] of cases) {
    const [key, msg, sig] = [a as Uint8Array, m as Uint8Array, s as Uint8Array];
    assert.equal(precheckName(key, sig), reason, label);
    assert.equal(verifyEd25519(key, msg, sig), false, `${label}: noble`);
    assert.equal(verifyEd25519Node(key, msg, sig), false, `${label}: node`);
  }
});

test('property: a fresh signature verifies on both paths, and node signing equals noble signing', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
      const keyPair = new KeyPair(seed);
      const signature = keyPair.sign(message);
      assert.equal(toHex(signEd25519Node(seed, message)), toHex(signature));
      assert.equal(verifyEd25519(keyPair.publicKey, message, signature), true);
      assert.equal(verifyEd25519Node(keyPair.publicKey, message, signature), true);
    }),
    { numRuns: 150 },
  );
});

test('property: random keys and signatures get the same verdict on both paths', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.boolean(),
      (publicKey, message, signature, reduceS) => {
        if (reduceS) signature[63] &= 0x0f; // S < 2^252 < L, so the equation is reached
        assert.equal(verifyEd25519Node(publicKey, message, signature), verifyEd25519(publicKey, message, signature));
      },
    ),
    { numRuns: 400 },
  );
});

test('property: a valid signature with one bit flipped anywhere gets the same verdict on both paths', () => {
  const keyPair = new KeyPair(fromHex(rfc8032.cases[2].secret_key));
  const message = fromHex('0123456789');
  const signature = keyPair.sign(message);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 8 * 96 - 1 }), (bit) => {
      const flipped = flipBit(Uint8Array.of(...keyPair.publicKey, ...signature), bit);
      const [a, s] = [flipped.subarray(0, 32), flipped.subarray(32)];
      const verdict = verifyEd25519(a, message, s);
      assert.equal(verifyEd25519Node(a, message, s), verdict);
      assert.equal(verdict, false);
    }),
    { numRuns: 300 },
  );
});

/** [i]T for the generator T of the torsion group (the table's entry 1). */
function torsionPoint(i: number): ReturnType<typeof ed25519.Point.fromBytes> {
  return ed25519.Point.fromBytes(fromHex(ED25519_SMALL_ORDER_ENCODINGS[i & 7]));
}

function scalarOf(bytes: Uint8Array): bigint {
  return BigInt('0x' + toHex(Uint8Array.from(bytes).reverse())) % ED25519_GROUP_ORDER;
}

/**
 * A' = [a]B + [i]T and R' = [r]B + [j]T, S = r + k·a mod L. The cofactorless equation holds iff
 * [j]T + [k]([i]T) = 0, i.e. j + k·i ≡ 0 (mod 8); the cofactored one always holds.
 */
function mixedOrderSignature(a: bigint, i: number, r: bigint, j: number, message: Uint8Array) {
  const publicKey = ed25519.Point.BASE.multiply(a).add(torsionPoint(i)).toBytes();
  const rBytes = ed25519.Point.BASE.multiply(r).add(torsionPoint(j)).toBytes();
  const k = scalarOf(sha512(Uint8Array.of(...rBytes, ...publicKey, ...message)));
  const s = (r + k * a) % ED25519_GROUP_ORDER;
  return { publicKey, signature: Uint8Array.of(...rBytes, ...leBytes(s)), cofactorlessHolds: (j + Number(k % 8n) * i) % 8 === 0 };
}

test('mixed-order A and R: accepted exactly when the cofactorless equation holds, on both paths', () => {
  const message = fromHex('6d69786564');
  let accepted = 0;
  let refused = 0;
  for (let attempt = 1; attempt <= 64; attempt++) {
    const a = scalarOf(sha512(Uint8Array.of(1, attempt)));
    const r = scalarOf(sha512(Uint8Array.of(2, attempt)));
    const { publicKey, signature, cofactorlessHolds } = mixedOrderSignature(a, attempt % 8, r, (attempt * 3) % 8, message);
    assert.equal(ed25519.verify(signature, message, publicKey, { zip215: false }), true, 'cofactored always holds');
    assertVerdict(`mixed ${attempt}`, publicKey, message, signature, { valid: cofactorlessHolds, precheck: 'ok' });
    if (cofactorlessHolds) accepted++;
    else refused++;
  }
  assert.ok(accepted > 0 && refused > 0, `accepted ${accepted}, refused ${refused}`);
});

test(`the node KeyObject cache stays within ${ED25519_NODE_KEY_CACHE_MAX_ENTRIES} entries`, () => {
  const signature = new Uint8Array(64);
  signature[0] = 0x58; // a canonical R; S = 0
  for (let i = 0; i < ED25519_NODE_KEY_CACHE_MAX_ENTRIES + 50; i++) {
    const publicKey = leBytes(BigInt(i) * 7919n + 3n); // canonical; most are not on the curve
    verifyEd25519Node(publicKey, new Uint8Array(0), signature);
  }
  assert.ok(ed25519NodeKeyCacheSize() <= ED25519_NODE_KEY_CACHE_MAX_ENTRIES);
  assert.ok(ed25519NodeKeyCacheSize() > ED25519_NODE_KEY_CACHE_MAX_ENTRIES - 100);
});
