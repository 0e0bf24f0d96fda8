/**
 * The Node fast path of the Ed25519 verification rule (spec/decisions/0001-ed25519-verification.md):
 * the same pre-check as `ed25519.ts`, then the cofactorless equation computed by OpenSSL through
 * node:crypto, about 13x faster than @noble/curves (measured by bench/ed25519.ts, see the decision record).
 * Node only; the SDK and browser use `verifyEd25519` from `ed25519.ts`, which gives the same verdicts.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { CryptoError } from './errors.ts';
import { ED25519_PUBLIC_KEY_BYTES, precheckEd25519 } from './ed25519.ts';

/**
 * Bound of the public KeyObject cache. A full cache costs about 11 MB of native memory (measured:
 * +10.7 MB RSS for 10,000 entries, ~1 KB each, mostly OpenSSL's EVP_PKEY). 10,000 covers every
 * validator and the active senders of a busy block window; a miss costs one JWK import (~25 µs,
 * measured), never a different verdict.
 */
export const ED25519_NODE_KEY_CACHE_MAX_ENTRIES = 10_000;

/** Least-recently-used: a Map iterates in insertion order, and a hit is re-inserted at the end. */
const publicKeyCache = new Map<string, KeyObject>();

function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** JWK (RFC 8037 §2) rather than SPKI DER: importing DER per call halved throughput in the project's measurement. */
function importPublicKey(publicKey: Uint8Array): KeyObject {
  const x = bufferView(publicKey).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function cachedPublicKey(publicKey: Uint8Array): KeyObject {
  const id = bufferView(publicKey).toString('hex');
  const hit = publicKeyCache.get(id);
  if (hit !== undefined) {
    publicKeyCache.delete(id);
    publicKeyCache.set(id, hit);
    return hit;
  }
  const keyObject = importPublicKey(publicKey);
  if (publicKeyCache.size >= ED25519_NODE_KEY_CACHE_MAX_ENTRIES) {
    const oldest = publicKeyCache.keys().next();
    if (!oldest.done) publicKeyCache.delete(oldest.value);
  }
  publicKeyCache.set(id, keyObject);
  return keyObject;
}

/** Number of cached public KeyObjects; for tests and metrics. */
export function ed25519NodeKeyCacheSize(): number {
  return publicKeyCache.size;
}

/**
 * The ledger's verdict computed with node:crypto. OpenSSL's ED25519_verify checks
 * encode([S]B − [k]A) == R bytes, the cofactorless RFC 8032 §5.1.7 equation; the pre-check first
 * removes the inputs on which OpenSSL versions (and other libraries) differ. Never throws.
 */
export function verifyEd25519Node(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(message instanceof Uint8Array)) return false;
  if (!precheckEd25519(publicKey, signature).ok) return false;
  try {
    return verify(null, message, cachedPublicKey(publicKey), signature);
  } catch {
    return false;
  }
}

/**
 * PKCS#8 OneAsymmetricKey prefix for an Ed25519 seed (RFC 8410 §7): SEQUENCE, version 0,
 * AlgorithmIdentifier id-Ed25519 (1.3.101.112), OCTET STRING { OCTET STRING (32 bytes) }.
 * Used instead of JWK because a JWK private key needs `x`, the public key, and deriving it with
 * noble costs ~1,200 keys/s (measured), which is what this signer exists to avoid.
 */
const PKCS8_ED25519_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function importSecretSeed(secretSeed: Uint8Array): KeyObject {
  if (!(secretSeed instanceof Uint8Array) || secretSeed.length !== 32) {
    throw new CryptoError('bad_secret_key', 'secret key must be 32 bytes');
  }
  const der = Buffer.concat([PKCS8_ED25519_SEED_PREFIX, bufferView(secretSeed)]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/**
 * A signer bound to one key, for benchmarks and tools that sign many messages (e.g. pre-signing txs).
 * Ed25519 is deterministic (RFC 8032 §5.1.6): the bytes equal `KeyPair.sign` / noble's (tested).
 * The KeyObject stays in the closure; no secret is kept in a module-level cache.
 */
export function createEd25519NodeSigner(secretSeed: Uint8Array): (message: Uint8Array) => Uint8Array {
  const privateKey = importSecretSeed(secretSeed);
  return (message: Uint8Array): Uint8Array => new Uint8Array(sign(null, message, privateKey));
}

/** One-shot Node signature (64 bytes) with a 32-byte seed. Throws `bad_secret_key` on a wrong seed. */
export function signEd25519Node(secretSeed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, importSecretSeed(secretSeed)));
}

/** The public key of a seed, computed by OpenSSL (RFC 8032 §5.1.5). */
export function publicKeyFromSeedNode(secretSeed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(importSecretSeed(secretSeed)).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new CryptoError('bad_secret_key', 'OpenSSL returned no public key');
  const publicKey = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new CryptoError('bad_secret_key', 'bad public key length');
  return publicKey;
}
