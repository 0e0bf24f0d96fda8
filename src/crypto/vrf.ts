/**
 * The ledger's verifiable random function: ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 §5.5, suite
 * string 0x03), chosen in spec/decisions/0004-vrf-suite.md and described in spec/consensus.md §VRF.
 *
 * - `vrfProve(secretKey, alpha)` → pi (80 bytes). The secret key is the 32-byte RFC 8032 seed, the
 *   form in which Agora stores Ed25519 keys (src/crypto/keys.ts).
 * - `vrfVerify(publicKey, pi, alpha)` → `{ ok: true, beta }` (64 bytes) or `{ ok: false, reason }`.
 *   Never throws. The public key is validated (§5.4.5) and every point is decoded strictly.
 * - `vrfProofToHash(pi)` → beta, for a pi already verified (§5.2 note: beta of an unverified pi
 *   proves nothing); throws `CryptoError` with the refusal reason as its code on a malformed pi.
 *
 * The ELL2 suite (0x04) is implemented and tested too (`ECVRF_EDWARDS25519_SHA512_ELL2`), as the
 * measured alternative of the decision record; the ledger uses TAI only.
 *
 * Browser-safe: only @noble, no Node built-ins (test/client/browser-safe.test.ts checks it).
 */
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat, utf8 } from './hash.ts';
import { CryptoError } from './errors.ts';
import {
  DOMAIN_SEPARATOR_ENCODE_TO_CURVE,
  VRF_PROOF_BYTES,
  VRF_SECRET_KEY_BYTES,
  decodeProof,
  ecvrfProveTranscript,
  ecvrfVerify,
  gammaToHash,
  stringToPoint,
  type EcvrfSuite,
  type EcvrfVerifyResult,
  type VrfRefusalReason,
} from './vrf-ecvrf.ts';

export { VRF_OUTPUT_BYTES, VRF_PROOF_BYTES, VRF_PUBLIC_KEY_BYTES, VRF_SECRET_KEY_BYTES } from './vrf-ecvrf.ts';
export type { EcvrfSuite, VrfRefusalReason } from './vrf-ecvrf.ts';
export type VrfVerifyResult = EcvrfVerifyResult;

/** try_and_increment gives up after ctr = 255 (§5.4.1.1: int_to_string(ctr, 1)); each try fails with probability ~1/2. */
const TRY_AND_INCREMENT_COUNTER_MAX = 255;

/**
 * ECVRF_encode_to_curve_try_and_increment (§5.4.1.1) with interpret_hash_value_as_a_point =
 * string_to_point of the first 32 bytes (§5.5). Its running time depends on alpha and the public key
 * only (the number of tries), never on the secret key; the decision record says why that is enough
 * for the ledger, whose alpha is public.
 */
export function encodeToCurveTryAndIncrement(suiteString: number, salt: Uint8Array, alpha: Uint8Array): EdwardsPoint {
  const front = Uint8Array.of(suiteString, DOMAIN_SEPARATOR_ENCODE_TO_CURVE);
  for (let ctr = 0; ctr <= TRY_AND_INCREMENT_COUNTER_MAX; ctr++) {
    const hashString = sha512(concat(front, salt, alpha, Uint8Array.of(ctr, 0x00))); // step 5.B
    const candidate = stringToPoint(hashString.subarray(0, 32)); // step 5.C
    if (candidate.ok) return candidate.point.clearCofactor(); // step 5.D: H = cofactor · H
  }
  // Probability 2^-256: the RFC's int_to_string(256, 1) fails here, and so does this.
  throw new Error('ECVRF try_and_increment found no point in 256 tries');
}

/** ECVRF-EDWARDS25519-SHA512-TAI (§5.5, suite_string 0x03): the ledger's suite. */
export const ECVRF_EDWARDS25519_SHA512_TAI: EcvrfSuite = Object.freeze({
  name: 'ECVRF-EDWARDS25519-SHA512-TAI',
  suiteString: 0x03,
  encodeToCurve(salt: Uint8Array, alpha: Uint8Array): EdwardsPoint {
    return encodeToCurveTryAndIncrement(0x03, salt, alpha);
  },
});

/**
 * The DST of §5.4.1.2: "ECVRF_" ‖ h2c_suite_ID_string ‖ suite_string, with h2c_suite_ID_string =
 * "edwards25519_XMD:SHA-512_ELL2_NU_" (§5.5) and suite_string the byte 0x04.
 */
const ELL2_DST = concat(utf8('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), Uint8Array.of(0x04));

/**
 * ECVRF-EDWARDS25519-SHA512-ELL2 (§5.5, suite_string 0x04): encode_to_curve of RFC 9380
 * (edwards25519_XMD:SHA-512_ELL2_NU_, §6.8.2 of RFC 9380, computed by noble) over salt ‖ alpha
 * (§5.4.1.2). Implemented and tested as the alternative; not used by the ledger.
 */
export const ECVRF_EDWARDS25519_SHA512_ELL2: EcvrfSuite = Object.freeze({
  name: 'ECVRF-EDWARDS25519-SHA512-ELL2',
  suiteString: 0x04,
  encodeToCurve(salt: Uint8Array, alpha: Uint8Array): EdwardsPoint {
    return ed25519_hasher.encodeToCurve(concat(salt, alpha), { DST: ELL2_DST });
  },
});

/** The suite of the ledger (spec/decisions/0004-vrf-suite.md). Changing it is a hard fork. */
export const VRF_SUITE: EcvrfSuite = ECVRF_EDWARDS25519_SHA512_TAI;

function checkSecretKey(secretKey: Uint8Array): void {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== VRF_SECRET_KEY_BYTES) {
    throw new CryptoError('bad_secret_key', 'secret key must be 32 bytes');
  }
}

function checkAlpha(alpha: Uint8Array): void {
  if (!(alpha instanceof Uint8Array)) throw new CryptoError('bad_alpha', 'alpha must be a byte array');
}

/** ECVRF_prove (§5.1) under `suite`. Throws `CryptoError` `bad_secret_key` or `bad_alpha`. Deterministic. */
export function ecvrfProve(suite: EcvrfSuite, secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  checkSecretKey(secretKey);
  checkAlpha(alpha);
  return ecvrfProveTranscript(suite, secretKey, alpha).pi;
}

/** ECVRF_proof_to_hash (§5.2) under `suite`. Throws `CryptoError` (code: the refusal reason) on a malformed pi. */
export function ecvrfProofToHash(suite: EcvrfSuite, pi: Uint8Array): Uint8Array {
  const decoded = decodeProof(pi);
  if (!decoded.ok) throw new CryptoError(decoded.reason, `VRF proof refused: ${decoded.reason}`);
  return gammaToHash(suite, decoded.gamma);
}

/** ECVRF_verify (§5.3, validate_key = TRUE) under `suite`. Never throws. */
export function ecvrfVerifyWith(suite: EcvrfSuite, publicKey: Uint8Array, pi: Uint8Array, alpha: Uint8Array): VrfVerifyResult {
  return ecvrfVerify(suite, publicKey, pi, alpha);
}

/** The ledger's VRF proof (80 bytes) of `alpha` under the 32-byte secret key (seed). */
export function vrfProve(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  return ecvrfProve(VRF_SUITE, secretKey, alpha);
}

/** The ledger's VRF verdict: beta (64 bytes) when pi is a valid proof of alpha under publicKey. */
export function vrfVerify(publicKey: Uint8Array, pi: Uint8Array, alpha: Uint8Array): VrfVerifyResult {
  return ecvrfVerify(VRF_SUITE, publicKey, pi, alpha);
}

/** beta of a proof already verified (or just made). */
export function vrfProofToHash(pi: Uint8Array): Uint8Array {
  return ecvrfProofToHash(VRF_SUITE, pi);
}

/** The public key (32 bytes) of a secret key: the Ed25519 public key of the same seed (RFC 8032 §5.1.5). */
export function vrfPublicKey(secretKey: Uint8Array): Uint8Array {
  checkSecretKey(secretKey);
  return ed25519.getPublicKey(secretKey);
}

/** A refusal as a `CryptoError`, for callers that throw rather than return values. */
export function vrfRefusalError(reason: VrfRefusalReason): CryptoError {
  return new CryptoError(reason, `VRF proof refused: ${reason}`);
}
