// The ledger's VRF (RFC 9381 ECVRF-EDWARDS25519-SHA512-TAI; ELL2 as the tested alternative) on the
// RFC's Appendix B.3/B.4 vectors, every intermediate value, both directions; then the refusals, each a
// typed value and never a throw; then properties (round trip, uniqueness of beta).
// spec/decisions/0004-vrf-suite.md, spec/consensus.md §VRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ED25519_GROUP_ORDER, ED25519_SMALL_ORDER_ENCODINGS } from '../../src/crypto/ed25519.ts';
import { CryptoError } from '../../src/crypto/errors.ts';
import { concat, fromHex, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import {
  ECVRF_EDWARDS25519_SHA512_ELL2,
  ECVRF_EDWARDS25519_SHA512_TAI,
  VRF_SUITE,
  ecvrfProofToHash,
  ecvrfProve,
  ecvrfVerifyWith,
  vrfProofToHash,
  vrfProve,
  vrfPublicKey,
  vrfVerify,
  type EcvrfSuite,
  type VrfRefusalReason,
} from '../../src/crypto/vrf.ts';
import {
  challengeGeneration,
  ecvrfProveTranscript,
  expandSecretKey,
  nonceGenerationRfc8032,
  pointToString,
  stringToPoint,
} from '../../src/crypto/vrf-ecvrf.ts';

interface VrfVector {
  example: number;
  SK: string;
  PK: string;
  alpha: string;
  x: string;
  ctr?: number;
  H: string;
  kString?: string;
  k: string;
  U: string;
  V: string;
  pi: string;
  beta: string;
}
interface VrfVectors {
  tai: VrfVector[];
  ell2: VrfVector[];
}

const VECTORS: VrfVectors = JSON.parse(readFileSync(new URL('./vectors/vrf-rfc9381.json', import.meta.url), 'utf8'));
const SUITES: readonly [EcvrfSuite, VrfVector[]][] = [
  [ECVRF_EDWARDS25519_SHA512_TAI, VECTORS.tai],
  [ECVRF_EDWARDS25519_SHA512_ELL2, VECTORS.ell2],
];
const Point = ed25519.Point;
const TAI_VECTOR = VECTORS.tai[1]; // alpha = 0x72, try_and_increment succeeded on ctr = 1

function refusalOf(publicKey: Uint8Array, pi: Uint8Array, alpha: Uint8Array, suite: EcvrfSuite = VRF_SUITE): VrfRefusalReason | 'accepted' {
  const result = ecvrfVerifyWith(suite, publicKey, pi, alpha);
  return result.ok ? 'accepted' : result.reason;
}

test('the ledger uses ECVRF-EDWARDS25519-SHA512-TAI (suite string 0x03)', () => {
  assert.equal(VRF_SUITE, ECVRF_EDWARDS25519_SHA512_TAI);
  assert.equal(VRF_SUITE.suiteString, 0x03);
  assert.equal(ECVRF_EDWARDS25519_SHA512_ELL2.suiteString, 0x04);
  assert.equal(VECTORS.tai.length, 3);
  assert.equal(VECTORS.ell2.length, 3);
});

test('RFC 9381 B.3/B.4: every intermediate value (x, H, k, U, V, pi, beta) is reproduced', () => {
  for (const [suite, vectors] of SUITES) {
    for (const v of vectors) {
      const label = `${suite.name} example ${v.example}`;
      const [secretKey, alpha] = [fromHex(v.SK), fromHex(v.alpha)];
      const key = expandSecretKey(secretKey);
      assert.equal(toHex(key.publicKey), v.PK, `${label} PK`);
      assert.equal(toHex(new KeyPair(secretKey).publicKey), v.PK, `${label} PK as an Agora key pair`);
      assert.equal(toHex(key.clampedScalarBytes), v.x, `${label} x`);
      assert.equal(key.scalar, bytesToNumberLE(fromHex(v.x)) % ED25519_GROUP_ORDER, `${label} x mod q`);
      assert.equal(toHex(pointToString(suite.encodeToCurve(key.publicKey, alpha))), v.H, `${label} H`);
      if (v.kString !== undefined) assert.equal(toHex(sha512(concat(key.noncePrefix, fromHex(v.H)))), v.kString, `${label} k_string`);
      assert.equal(toHex(numberToBytesLE(nonceGenerationRfc8032(key.noncePrefix, fromHex(v.H)), 32)), v.k, `${label} k`);
      const transcript = ecvrfProveTranscript(suite, secretKey, alpha);
      assert.equal(toHex(pointToString(transcript.u)), v.U, `${label} U`);
      assert.equal(toHex(pointToString(transcript.v)), v.V, `${label} V`);
      assert.equal(toHex(transcript.pi), v.pi, `${label} pi (transcript)`);
    }
  }
});

test('RFC 9381 B.3: try_and_increment succeeds at the published ctr', () => {
  for (const v of VECTORS.tai) {
    const tries: boolean[] = [];
    for (let ctr = 0; ctr <= (v.ctr ?? 0); ctr++) {
      const hashString = sha512(concat(Uint8Array.of(0x03, 0x01), fromHex(v.PK), fromHex(v.alpha), Uint8Array.of(ctr, 0x00)));
      tries.push(stringToPoint(hashString.subarray(0, 32)).ok);
    }
    assert.deepEqual(tries, [...Array(v.ctr ?? 0).fill(false), true], `example ${v.example}`);
  }
});

test('RFC 9381 B.3/B.4 both ways: prove gives pi, verify gives beta, proof_to_hash gives beta', () => {
  for (const [suite, vectors] of SUITES) {
    for (const v of vectors) {
      const label = `${suite.name} example ${v.example}`;
      const [secretKey, publicKey, alpha, pi] = [fromHex(v.SK), fromHex(v.PK), fromHex(v.alpha), fromHex(v.pi)];
      assert.equal(toHex(ecvrfProve(suite, secretKey, alpha)), v.pi, `${label} prove`);
      const verdict = ecvrfVerifyWith(suite, publicKey, pi, alpha);
      assert.ok(verdict.ok, `${label} verify`);
      assert.equal(toHex(verdict.beta), v.beta, `${label} beta`);
      assert.equal(toHex(ecvrfProofToHash(suite, pi)), v.beta, `${label} proof_to_hash`);
    }
  }
  for (const v of VECTORS.tai) {
    assert.equal(toHex(vrfProve(fromHex(v.SK), fromHex(v.alpha))), v.pi);
    assert.equal(toHex(vrfProofToHash(fromHex(v.pi))), v.beta);
    assert.equal(toHex(vrfPublicKey(fromHex(v.SK))), v.PK);
    const verdict = vrfVerify(fromHex(v.PK), fromHex(v.pi), fromHex(v.alpha));
    assert.ok(verdict.ok && toHex(verdict.beta) === v.beta);
  }
});

test('a proof of one suite is refused by the other (suite strings separate the domains)', () => {
  for (let i = 0; i < 3; i++) {
    const [tai, ell2] = [VECTORS.tai[i], VECTORS.ell2[i]];
    assert.equal(refusalOf(fromHex(tai.PK), fromHex(tai.pi), fromHex(tai.alpha), ECVRF_EDWARDS25519_SHA512_ELL2), 'challenge_mismatch');
    assert.equal(refusalOf(fromHex(ell2.PK), fromHex(ell2.pi), fromHex(ell2.alpha), ECVRF_EDWARDS25519_SHA512_TAI), 'challenge_mismatch');
  }
});

/** The first y (as a small integer) whose encoding is canonical but has no x on the curve. */
function notOnCurveEncoding(): Uint8Array {
  for (let y = 2n; ; y++) {
    const encoding = numberToBytesLE(y, 32);
    const decoded = stringToPoint(encoding);
    if (!decoded.ok && decoded.reason === 'not_on_curve') return encoding;
  }
}

function withGamma(pi: Uint8Array, gamma: Uint8Array): Uint8Array {
  return concat(gamma, pi.subarray(32));
}

function withS(pi: Uint8Array, s: bigint): Uint8Array {
  return concat(pi.subarray(0, 48), numberToBytesLE(s, 32));
}

test('refusals are typed values in check order, never a throw', () => {
  const publicKey = fromHex(TAI_VECTOR.PK);
  const pi = fromHex(TAI_VECTOR.pi);
  const alpha = fromHex(TAI_VECTOR.alpha);
  const other = VECTORS.tai[2];
  const notOnCurve = notOnCurveEncoding();
  const bytes = (hex: string): Uint8Array => fromHex(hex);
  const cases: [string, unknown, unknown, unknown, VrfRefusalReason][] = [
    ['alpha is a string', publicKey, pi, 'r', 'bad_alpha'],
    ['public key of 31 bytes', publicKey.subarray(0, 31), pi, alpha, 'bad_public_key_length'],
    ['public key of 33 bytes', concat(publicKey, Uint8Array.of(0)), pi, alpha, 'bad_public_key_length'],
    ['public key as a number array', Array.from(publicKey), pi, alpha, 'bad_public_key_length'],
    ['public key y = p (non-canonical)', bytes('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'), pi, alpha, 'non_canonical_public_key'],
    ['public key y = p + 1 (the identity, non-canonical)', bytes('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'), pi, alpha, 'non_canonical_public_key'],
    ['public key x = 0 with the sign bit (negative zero)', bytes('0100000000000000000000000000000000000000000000000000000000000080'), pi, alpha, 'non_canonical_public_key'],
    ['public key not on the curve', notOnCurve, pi, alpha, 'public_key_not_on_curve'],
    ...ED25519_SMALL_ORDER_ENCODINGS.map((hex, i): [string, unknown, unknown, unknown, VrfRefusalReason] => [`small-order public key [${i}]T`, bytes(hex), pi, alpha, 'small_order_public_key']),
    ['proof of 0 bytes', publicKey, new Uint8Array(0), alpha, 'bad_proof_length'],
    ['proof of 79 bytes', publicKey, pi.subarray(0, 79), alpha, 'bad_proof_length'],
    ['proof of 81 bytes', publicKey, concat(pi, Uint8Array.of(0)), alpha, 'bad_proof_length'],
    ['proof is null', publicKey, null, alpha, 'bad_proof_length'],
    ['Gamma y = p + 1 (non-canonical)', publicKey, withGamma(pi, bytes('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')), alpha, 'non_canonical_gamma'],
    ['Gamma negative zero', publicKey, withGamma(pi, bytes('0100000000000000000000000000000000000000000000000000000000000080')), alpha, 'non_canonical_gamma'],
    ['Gamma not on the curve', publicKey, withGamma(pi, notOnCurve), alpha, 'gamma_not_on_curve'],
    ['s = q', publicKey, withS(pi, ED25519_GROUP_ORDER), alpha, 's_not_reduced'],
    ['s = 2^256 - 1', publicKey, withS(pi, 2n ** 256n - 1n), alpha, 's_not_reduced'],
    ['s + q instead of s (same point multiple, unreduced)', publicKey, pi.subarray(48).every((b) => b === 0) ? pi : withS(pi, (bytesToNumberLE(pi.subarray(48)) + ED25519_GROUP_ORDER) % 2n ** 256n), alpha, 's_not_reduced'],
    ['wrong public key', fromHex(other.PK), pi, alpha, 'challenge_mismatch'],
    ['wrong alpha', publicKey, pi, fromHex(other.alpha), 'challenge_mismatch'],
    ['alpha with one more byte', publicKey, pi, concat(alpha, Uint8Array.of(0)), 'challenge_mismatch'],
    ['the proof of another alpha', publicKey, fromHex(other.pi), alpha, 'challenge_mismatch'],
  ];
  for (const [name, key, proof, input, expected] of cases) {
    let got: VrfRefusalReason | 'accepted' | 'threw' = 'threw';
    assert.doesNotThrow(() => {
      got = refusalOf(key as Uint8Array, proof as Uint8Array, input as Uint8Array);
    }, name);
    assert.equal(got, expected, name);
  }
  // The untampered inputs are accepted, so each refusal above is due to its one change.
  assert.equal(refusalOf(publicKey, pi, alpha), 'accepted');
});

test('every flipped bit of a proof is refused, with a reason from the proof checks', () => {
  // One vector, all 640 bits (~1.5 s); the other vectors get the same through the bit-flip property below.
  const proofReasons = new Set<string>(['non_canonical_gamma', 'gamma_not_on_curve', 's_not_reduced', 'challenge_mismatch']);
  const pi = fromHex(TAI_VECTOR.pi);
  for (let bit = 0; bit < pi.length * 8; bit++) {
    const flipped = Uint8Array.from(pi);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    const reason = refusalOf(fromHex(TAI_VECTOR.PK), flipped, fromHex(TAI_VECTOR.alpha));
    assert.ok(proofReasons.has(reason), `bit ${bit}: ${reason}`);
  }
});

test('property: a flipped bit in pi, key or alpha of any vector is refused', () => {
  const vectorIndex = fc.integer({ min: 0, max: VECTORS.tai.length - 1 });
  fc.assert(
    fc.property(vectorIndex, fc.constantFrom('pi', 'PK', 'alpha'), fc.nat(), (index, field, bitSeed) => {
      const v = VECTORS.tai[index];
      const inputs = { pi: fromHex(v.pi), PK: fromHex(v.PK), alpha: fromHex(v.alpha) };
      const target = inputs[field as 'pi' | 'PK' | 'alpha'];
      if (target.length === 0) return; // example 16 has an empty alpha
      const bit = bitSeed % (target.length * 8);
      target[bit >> 3] ^= 1 << (bit & 7);
      assert.notEqual(refusalOf(inputs.PK, inputs.pi, inputs.alpha), 'accepted', `example ${v.example} ${field} bit ${bit}`);
    }),
    { numRuns: 200 },
  );
});

test('a public key with a flipped bit is refused', () => {
  const pi = fromHex(TAI_VECTOR.pi);
  const alpha = fromHex(TAI_VECTOR.alpha);
  for (let bit = 0; bit < 256; bit++) {
    const publicKey = fromHex(TAI_VECTOR.PK);
    publicKey[bit >> 3] ^= 1 << (bit & 7);
    assert.notEqual(refusalOf(publicKey, pi, alpha), 'accepted', `bit ${bit}`);
  }
});

test('prove and proof_to_hash refuse malformed input with a CryptoError code', () => {
  const isCode = (code: string) => (error: unknown): boolean => error instanceof CryptoError && error.code === code;
  assert.throws(() => vrfProve(new Uint8Array(31), new Uint8Array(0)), isCode('bad_secret_key'));
  assert.throws(() => vrfProve('seed' as unknown as Uint8Array, new Uint8Array(0)), isCode('bad_secret_key'));
  assert.throws(() => vrfProve(new Uint8Array(32), 'alpha' as unknown as Uint8Array), isCode('bad_alpha'));
  assert.throws(() => vrfPublicKey(new Uint8Array(33)), isCode('bad_secret_key'));
  const pi = fromHex(TAI_VECTOR.pi);
  assert.throws(() => vrfProofToHash(pi.subarray(1)), isCode('bad_proof_length'));
  assert.throws(() => vrfProofToHash(withS(pi, ED25519_GROUP_ORDER)), isCode('s_not_reduced'));
  assert.throws(() => vrfProofToHash(withGamma(pi, notOnCurveEncoding())), isCode('gamma_not_on_curve'));
});

test('pi is malleable by torsion but beta is not: a second valid proof of the same (key, alpha) has the same beta', () => {
  // Gamma + T with T = (0, -1) of order 2 verifies whenever c is even (V = sH - c(Gamma + T) = kH - cT).
  // Only the key holder can build it (it needs x); RFC 9381 promises a unique beta, not a unique pi.
  const suite = VRF_SUITE;
  const secretKey = fromHex(TAI_VECTOR.SK);
  const alpha = fromHex(TAI_VECTOR.alpha);
  const key = expandSecretKey(secretKey);
  const y = Point.fromBytes(key.publicKey);
  const h = suite.encodeToCurve(key.publicKey, alpha);
  const torsion = Point.fromBytes(fromHex(ED25519_SMALL_ORDER_ENCODINGS[4]));
  const gamma = h.multiply(key.scalar).add(torsion);
  for (let k = 1n; k < 64n; k++) {
    const c = challengeGeneration(suite, [y, h, gamma, Point.BASE.multiply(k), h.multiply(k)]);
    if (c % 2n !== 0n) continue;
    const s = (k + c * key.scalar) % ED25519_GROUP_ORDER;
    const mauled = concat(pointToString(gamma), numberToBytesLE(c, 16), numberToBytesLE(s, 32));
    const verdict = vrfVerify(key.publicKey, mauled, alpha);
    assert.ok(verdict.ok, 'the mauled proof verifies');
    assert.notEqual(toHex(mauled), TAI_VECTOR.pi);
    assert.equal(toHex(verdict.beta), TAI_VECTOR.beta, 'beta is unchanged');
    return;
  }
  assert.fail('no even challenge in 63 nonces (probability 2^-63)');
});

test('hazard: one seed for Ed25519 and the VRF leaks the key if it signs h_string, so KeyPair refuses 32-byte messages', () => {
  // RFC 9381 §5.4.2.2 derives the VRF nonce exactly as RFC 8032 §5.1.6 derives r: SHA-512(prefix ‖ m).
  // An Ed25519 signature over the 32 bytes h_string therefore reuses the nonce of the VRF proof, and
  // S - s = (h - c)·x mod q gives x. spec/decisions/0004-vrf-suite.md §Keys says what wiring must do.
  const secretKey = fromHex(TAI_VECTOR.SK);
  const transcript = ecvrfProveTranscript(VRF_SUITE, secretKey, fromHex(TAI_VECTOR.alpha));
  const hString = pointToString(transcript.h);
  // The wiring's choice (decision 0004 §Keys, choice 2): an Agora key refuses every 32-byte message.
  assert.throws(() => new KeyPair(secretKey).sign(hString), (error: unknown) => error instanceof Error && (error as { code?: string }).code === 'bad_message');
  const signature = ed25519.sign(hString, secretKey); // what an unguarded signer would do

  assert.equal(toHex(signature.subarray(0, 32)), toHex(pointToString(transcript.u)), 'R = U: the nonce is shared');
  const publicKey = fromHex(TAI_VECTOR.PK);
  const q = ED25519_GROUP_ORDER;
  const hEd = bytesToNumberLE(sha512(concat(signature.subarray(0, 32), publicKey, hString))) % q;
  const sEd = bytesToNumberLE(signature.subarray(32));
  const inverse = (a: bigint): bigint => {
    let [result, base, exponent] = [1n, ((a % q) + q) % q, q - 2n];
    for (; exponent > 0n; exponent >>= 1n, base = (base * base) % q) if (exponent & 1n) result = (result * base) % q;
    return result;
  };
  const recovered = ((((sEd - transcript.s) % q) + q) % q) * inverse(hEd - transcript.c) % q;
  assert.equal(toHex(Point.BASE.multiply(recovered).toBytes()), TAI_VECTOR.PK, 'the secret scalar is recovered');
});

const seedArbitrary = fc.uint8Array({ minLength: 32, maxLength: 32 });
const alphaArbitrary = fc.uint8Array({ maxLength: 96 });

test('property: prove/verify round-trips for random keys and alphas, and beta = proof_to_hash(pi)', () => {
  fc.assert(
    fc.property(seedArbitrary, alphaArbitrary, (seed, alpha) => {
      const pi = vrfProve(seed, alpha);
      const verdict = vrfVerify(vrfPublicKey(seed), pi, alpha);
      assert.ok(verdict.ok);
      assert.equal(verdict.beta.length, 64);
      assert.equal(toHex(vrfProofToHash(pi)), toHex(verdict.beta));
    }),
    { numRuns: 60 },
  );
});

test('property: beta depends only on (key, alpha); another alpha or key gives another beta and refuses the proof', () => {
  fc.assert(
    fc.property(seedArbitrary, seedArbitrary, alphaArbitrary, alphaArbitrary, (seed, otherSeed, alpha, otherAlpha) => {
      fc.pre(toHex(seed) !== toHex(otherSeed) && toHex(alpha) !== toHex(otherAlpha));
      const pi = vrfProve(seed, alpha);
      assert.equal(toHex(vrfProve(seed, Uint8Array.from(alpha))), toHex(pi), 'deterministic');
      assert.notEqual(toHex(vrfProofToHash(vrfProve(seed, otherAlpha))), toHex(vrfProofToHash(pi)));
      assert.notEqual(toHex(vrfProofToHash(vrfProve(otherSeed, alpha))), toHex(vrfProofToHash(pi)));
      assert.equal(refusalOf(vrfPublicKey(otherSeed), pi, alpha), 'challenge_mismatch');
      assert.equal(refusalOf(vrfPublicKey(seed), pi, otherAlpha), 'challenge_mismatch');
    }),
    { numRuns: 25 },
  );
});

test('property: random bytes as key and proof never throw and are refused', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.constant(fromHex(TAI_VECTOR.PK)), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
      fc.oneof(fc.uint8Array({ minLength: 80, maxLength: 80 }), fc.uint8Array({ maxLength: 100 })),
      alphaArbitrary,
      (publicKey, pi, alpha) => {
        assert.notEqual(refusalOf(publicKey, pi, alpha), 'accepted');
      },
    ),
    { numRuns: 400 },
  );
});
