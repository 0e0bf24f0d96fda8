/**
 * ECVRF on edwards25519 with SHA-512 (RFC 9381 §5), generic over the one step in which the
 * edwards25519 suites differ: ECVRF_encode_to_curve (§5.4.1). `vrf.ts` wires the concrete suites
 * (TAI, 0x03, and ELL2, 0x04) and the project's choice (spec/decisions/0004-vrf-suite.md).
 *
 * Each function is named after the RFC function it computes, and its steps cite the RFC's numbering.
 * Parameters (§5.5, both edwards25519 suites): ptLen = fLen = qLen = 32, cLen = 16, hLen = 64,
 * cofactor = 8, q = L (RFC 8032 §5.1), int_to_string / string_to_int little-endian,
 * point_to_string / string_to_point per RFC 8032 §5.1.2 / §5.1.3.
 *
 * Browser-safe: only @noble, no Node built-ins. Secret scalars go through noble's constant-time
 * `multiply`; public ones through `multiplyUnsafe` (JavaScript bigints make no hard constant-time
 * promise either way: see the decision record).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat } from './hash.ts';
import { ED25519_GROUP_ORDER, isCanonicalPointEncoding } from './ed25519.ts';

export const VRF_PUBLIC_KEY_BYTES = 32;
export const VRF_SECRET_KEY_BYTES = 32;
/** ptLen + cLen + qLen = 32 + 16 + 32 (§5.5). */
export const VRF_PROOF_BYTES = 80;
/** hLen, the SHA-512 output (§5.5). */
export const VRF_OUTPUT_BYTES = 64;
const POINT_BYTES = 32;
const CHALLENGE_BYTES = 16;
const SCALAR_BYTES = 32;

/** Domain separators of §5.2, §5.4.1.1 and §5.4.3 ("front"); every "back" separator is 0x00. */
export const DOMAIN_SEPARATOR_ENCODE_TO_CURVE = 0x01;
const DOMAIN_SEPARATOR_CHALLENGE = 0x02;
const DOMAIN_SEPARATOR_PROOF_TO_HASH = 0x03;
const DOMAIN_SEPARATOR_BACK = 0x00;

/**
 * Why a verification refuses, in the order the checks are made (§5.3 steps 1–11). Stable: they are
 * the `CryptoError` codes of `proofToHash` and will appear in consensus rejections and logs.
 */
export type VrfRefusalReason =
  | 'bad_alpha' // alpha is not a byte array
  | 'bad_public_key_length' // not 32 bytes
  | 'non_canonical_public_key' // RFC 8032 §5.1.3 steps 1 and 4: y ≥ p, or x = 0 with the sign bit set
  | 'public_key_not_on_curve' // RFC 8032 §5.1.3 step 3: no square root
  | 'small_order_public_key' // §5.4.5 ECVRF_validate_key step 3: cofactor·Y is the identity
  | 'bad_proof_length' // not 80 bytes
  | 'non_canonical_gamma' // §5.4.4 step 2, with the strict decoding above
  | 'gamma_not_on_curve' // §5.4.4 step 2
  | 's_not_reduced' // §5.4.4 step 7: s ≥ q
  | 'challenge_mismatch'; // §5.3 step 11: c ≠ c'

/** One edwards25519 ECVRF suite: what differs between 0x03 (TAI) and 0x04 (ELL2). */
export interface EcvrfSuite {
  readonly name: string;
  /** suite_string, one byte (§5.5). */
  readonly suiteString: number;
  /** ECVRF_encode_to_curve(encode_to_curve_salt, alpha_string) (§5.4.1); the salt is PK_string. */
  encodeToCurve(salt: Uint8Array, alpha: Uint8Array): EdwardsPoint;
}

export type DecodedPoint =
  | { ok: true; point: EdwardsPoint }
  | { ok: false; reason: 'non_canonical' | 'not_on_curve' };

const Point = ed25519.Point;

/** int_to_string(n, length): little-endian (§5.5). */
function intToString(n: bigint, length: number): Uint8Array {
  return numberToBytesLE(n, length);
}

/** point_to_string (§5.5, RFC 8032 §5.1.2). */
export function pointToString(point: EdwardsPoint): Uint8Array {
  return point.toBytes();
}

/**
 * string_to_point (§5.5, RFC 8032 §5.1.3), strict: non-canonical encodings (y ≥ p, or x = 0 with
 * the sign bit) are refused, as RFC 8032 §5.1.3 steps 1 and 4 say. A lenient decoder would give a
 * point two encodings and so a proof two byte forms.
 */
export function stringToPoint(encoding: Uint8Array): DecodedPoint {
  if (!isCanonicalPointEncoding(encoding)) return { ok: false, reason: 'non_canonical' };
  try {
    return { ok: true, point: Point.fromBytes(encoding, false) };
  } catch {
    return { ok: false, reason: 'not_on_curve' };
  }
}

/** The secret scalar x, the nonce prefix and Y of an RFC 8032 secret key (§5.5: RFC 8032 §5.1.5). */
export interface ExpandedSecretKey {
  /** int_to_string of the clamped scalar (RFC 8032 §5.1.5 step 2), as the RFC's vectors print x. */
  readonly clampedScalarBytes: Uint8Array;
  /** x mod q: the same point multiple for every point of the prime-order subgroup. */
  readonly scalar: bigint;
  /** The second half of SHA-512(SK): truncated_hashed_sk_string of §5.4.2.2 step 1. */
  readonly noncePrefix: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** RFC 8032 §5.1.5, computed by noble exactly as for Ed25519 keys (src/crypto/keys.ts). */
export function expandSecretKey(secretKey: Uint8Array): ExpandedSecretKey {
  const { head, prefix, scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(secretKey);
  return { clampedScalarBytes: head, scalar, noncePrefix: prefix, publicKey: pointBytes };
}

/** ECVRF_nonce_generation_RFC8032 (§5.4.2.2): k = string_to_int(SHA-512(prefix ‖ h_string)) mod q. */
export function nonceGenerationRfc8032(noncePrefix: Uint8Array, hString: Uint8Array): bigint {
  const kString = sha512(concat(noncePrefix, hString)); // steps 1–2
  return bytesToNumberLE(kString) % ED25519_GROUP_ORDER; // step 3
}

/** ECVRF_challenge_generation (§5.4.3), P1..P5 = Y, H, Gamma, U, V. */
export function challengeGeneration(suite: EcvrfSuite, points: readonly EdwardsPoint[]): bigint {
  const parts: Uint8Array[] = [Uint8Array.of(suite.suiteString, DOMAIN_SEPARATOR_CHALLENGE)]; // steps 1–2
  for (const point of points) parts.push(pointToString(point)); // step 3
  parts.push(Uint8Array.of(DOMAIN_SEPARATOR_BACK)); // steps 4–5
  const cString = sha512(concat(...parts)); // step 6
  return bytesToNumberLE(cString.subarray(0, CHALLENGE_BYTES)); // steps 7–8
}

export type DecodedProof =
  | { ok: true; gamma: EdwardsPoint; c: bigint; s: bigint }
  | { ok: false; reason: 'bad_proof_length' | 'non_canonical_gamma' | 'gamma_not_on_curve' | 's_not_reduced' };

/** ECVRF_decode_proof (§5.4.4). */
export function decodeProof(pi: Uint8Array): DecodedProof {
  if (!(pi instanceof Uint8Array) || pi.length !== VRF_PROOF_BYTES) return { ok: false, reason: 'bad_proof_length' };
  const gamma = stringToPoint(pi.subarray(0, POINT_BYTES)); // steps 1, 4
  if (!gamma.ok) return { ok: false, reason: gamma.reason === 'non_canonical' ? 'non_canonical_gamma' : 'gamma_not_on_curve' }; // step 5
  const c = bytesToNumberLE(pi.subarray(POINT_BYTES, POINT_BYTES + CHALLENGE_BYTES)); // steps 2, 6
  const s = bytesToNumberLE(pi.subarray(POINT_BYTES + CHALLENGE_BYTES)); // steps 3, 7
  if (s >= ED25519_GROUP_ORDER) return { ok: false, reason: 's_not_reduced' }; // step 8
  return { ok: true, gamma: gamma.point, c, s };
}

/** The proof_to_hash of a decoded Gamma (§5.2 steps 4–7): SHA-512(suite ‖ 0x03 ‖ cofactor·Gamma ‖ 0x00). */
export function gammaToHash(suite: EcvrfSuite, gamma: EdwardsPoint): Uint8Array {
  const front = Uint8Array.of(suite.suiteString, DOMAIN_SEPARATOR_PROOF_TO_HASH);
  return sha512(concat(front, pointToString(gamma.clearCofactor()), Uint8Array.of(DOMAIN_SEPARATOR_BACK)));
}

/** The intermediate values of one proof, for the vectors' checks; `ecvrfProve` returns only pi. */
export interface ProofTranscript {
  readonly h: EdwardsPoint;
  readonly gamma: EdwardsPoint;
  readonly k: bigint;
  readonly u: EdwardsPoint;
  readonly v: EdwardsPoint;
  readonly c: bigint;
  readonly s: bigint;
  readonly pi: Uint8Array;
}

/** ECVRF_prove (§5.1). Expects a 32-byte secret key and a byte-array alpha (checked by the caller). */
export function ecvrfProveTranscript(suite: EcvrfSuite, secretKey: Uint8Array, alpha: Uint8Array): ProofTranscript {
  const key = expandSecretKey(secretKey); // step 1
  const y = Point.fromBytes(key.publicKey, false);
  const h = suite.encodeToCurve(key.publicKey, alpha); // step 2
  const hString = pointToString(h); // step 3
  const gamma = h.multiply(key.scalar); // step 4: secret scalar, constant-time multiply
  const k = nonceGenerationRfc8032(key.noncePrefix, hString); // step 5
  // k = 0 has probability 2^-252; noble's constant-time multiply refuses it, and so do we.
  if (k === 0n) throw new Error('ECVRF nonce is zero (SHA-512 output ≡ 0 mod q)');
  const u = Point.BASE.multiply(k);
  const v = h.multiply(k);
  const c = challengeGeneration(suite, [y, h, gamma, u, v]); // step 6
  const s = (k + c * key.scalar) % ED25519_GROUP_ORDER; // step 7
  const pi = concat(pointToString(gamma), intToString(c, CHALLENGE_BYTES), intToString(s, SCALAR_BYTES)); // step 8
  return { h, gamma, k, u, v, c, s, pi };
}

export type EcvrfVerifyResult = { ok: true; beta: Uint8Array } | { ok: false; reason: VrfRefusalReason };

function refuse(reason: VrfRefusalReason): EcvrfVerifyResult {
  return { ok: false, reason };
}

/** ECVRF_validate_key (§5.4.5) after string_to_point (§5.3 steps 1–2). */
function validatedPublicKey(publicKey: Uint8Array): { ok: true; point: EdwardsPoint } | { ok: false; reason: VrfRefusalReason } {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== VRF_PUBLIC_KEY_BYTES) return { ok: false, reason: 'bad_public_key_length' };
  const y = stringToPoint(publicKey);
  if (!y.ok) return { ok: false, reason: y.reason === 'non_canonical' ? 'non_canonical_public_key' : 'public_key_not_on_curve' };
  // §5.4.5 step 3. Mixed-order keys pass, as the RFC specifies; only a small-order Y lets one
  // proof verify for many alphas, which would break "full uniqueness" (§3.1, §7.1.1).
  if (y.point.isSmallOrder()) return { ok: false, reason: 'small_order_public_key' };
  return { ok: true, point: y.point };
}

/**
 * ECVRF_verify (§5.3) with validate_key = TRUE, always. Never throws: every malformed input is a
 * refusal value, first failing check first.
 */
export function ecvrfVerify(suite: EcvrfSuite, publicKey: Uint8Array, pi: Uint8Array, alpha: Uint8Array): EcvrfVerifyResult {
  if (!(alpha instanceof Uint8Array)) return refuse('bad_alpha');
  const y = validatedPublicKey(publicKey); // steps 1–3
  if (!y.ok) return refuse(y.reason);
  const decoded = decodeProof(pi); // steps 4–6
  if (!decoded.ok) return refuse(decoded.reason);
  const { gamma, c, s } = decoded;
  const h = suite.encodeToCurve(publicKey, alpha); // step 7
  // Steps 8–9 on public values: multiplyUnsafe. c < 2^128 < q and s < q were checked above.
  const u = Point.BASE.multiplyUnsafe(s).subtract(y.point.multiplyUnsafe(c));
  const v = h.multiplyUnsafe(s).subtract(gamma.multiplyUnsafe(c));
  const cPrime = challengeGeneration(suite, [y.point, h, gamma, u, v]); // step 10
  if (c !== cPrime) return refuse('challenge_mismatch'); // step 11
  return { ok: true, beta: gammaToHash(suite, gamma) }; // step 11: ECVRF_proof_to_hash(pi)
}
