// Known answers for sealed order notes (src/crypto/seal.ts; spec/market.md §3 "The note"): the vectors
// of test/crypto/vectors/seal-note-v1.json were computed by an independent reference
// (test/crypto/seal-reference.ts: OpenSSL's X25519, HKDF, HMAC and SHA-256, the RFC 7748 map written
// out), so seal.ts is checked against the spec, not against itself. Both directions: sealing with the
// vector's ephemeral secret gives the vector's bytes, and the recipient's seed opens them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { openSealed, sealToPublicKey, SEAL_OVERHEAD_BYTES } from '../../src/crypto/seal.ts';
import { montgomerySecretOfSeed, referenceSeal, x25519 } from './seal-reference.ts';

interface SealVector {
  name: string;
  recipientSeed: string;
  recipientPublicKey: string;
  ephemeralSecret: string;
  plaintext: string;
  recipientX25519: string;
  ephemeralPublic: string;
  shared: string;
  encKey: string;
  macKey: string;
  ciphertext: string;
  tag: string;
  sealed: string;
}

const { vectors } = JSON.parse(readFileSync(new URL('./vectors/seal-note-v1.json', import.meta.url), 'utf8')) as { vectors: SealVector[] };

test('seal-note-v1.json: three vectors, each the reference recomputed step by step (the file is not hand-edited)', () => {
  assert.equal(vectors.length, 3);
  for (const v of vectors) {
    const { recipientSeed: _, recipientPublicKey, ephemeralSecret, plaintext, name, ...steps } = v;
    assert.deepEqual(referenceSeal(fromHex(recipientPublicKey), fromHex(plaintext), fromHex(ephemeralSecret)), steps, name);
    assert.equal(steps.sealed.length / 2, plaintext.length / 2 + SEAL_OVERHEAD_BYTES, name);
  }
});

test('the recipient side agrees: X25519(the seed\'s secret, the ephemeral key) is the shared secret; the seed\'s Ed25519 key is the vector\'s', () => {
  for (const v of vectors) {
    assert.equal(toHex(x25519(montgomerySecretOfSeed(fromHex(v.recipientSeed)), fromHex(v.ephemeralPublic))), v.shared, v.name);
    assert.equal(toHex(new KeyPair(fromHex(v.recipientSeed)).publicKey), v.recipientPublicKey, v.name);
  }
});

test('seal.ts seals to the vector\'s bytes with its ephemeral secret, and opens them with the recipient\'s seed', () => {
  for (const v of vectors) {
    assert.equal(toHex(sealToPublicKey(fromHex(v.recipientPublicKey), fromHex(v.plaintext), fromHex(v.ephemeralSecret))), v.sealed, v.name);
    assert.equal(toHex(openSealed(fromHex(v.recipientSeed), fromHex(v.sealed))), v.plaintext, v.name);
  }
});
