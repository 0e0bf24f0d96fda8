import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CryptoError } from './errors.ts';

/**
 * Sealed notes (spec/market.md §3, "The note"): a message that only the holder of an Ed25519 key can
 * open, sent with nothing but its public key — a buyer's shipping address to a seller. The ledger
 * stores the sealed bytes and never sees the text.
 *
 *   ephemeral X25519 key e; R = the recipient's Ed25519 public key mapped to X25519 (RFC 7748; the
 *   birational map of RFC 8032 §5.1.5, noble's `ed25519.utils.toMontgomery`);
 *   shared = X25519(e, R); (encKey, macKey) = HKDF-SHA256(shared, salt = empty,
 *   info = "agora/note/v1" ‖ E ‖ R, 64 bytes) (RFC 5869);
 *   ciphertext = plaintext XOR SHA-256(encKey ‖ counter₃₂) blocks; tag = HMAC-SHA256(macKey, E ‖ ciphertext)
 *   sealed = E (32) ‖ ciphertext ‖ tag (32)
 *
 * Encrypt-then-MAC with a fresh key per note (a new ephemeral key each time), so no nonce is needed.
 * Built from @noble/hashes because @noble/ciphers is not a dependency of the project; with it,
 * XChaCha20-Poly1305 would replace the keystream and the tag (a new domain string, "agora/note/v2").
 */
export const SEAL_DOMAIN = 'agora/note/v1';
/** Bytes a seal adds to its plaintext: the ephemeral key and the tag. */
export const SEAL_OVERHEAD_BYTES = 64;

function keys(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientMontgomery: Uint8Array): { encKey: Uint8Array; macKey: Uint8Array } {
  const okm = hkdf(sha256, shared, new Uint8Array(0), concatBytes(utf8ToBytes(SEAL_DOMAIN), ephemeralPublic, recipientMontgomery), 64);
  return { encKey: okm.subarray(0, 32), macKey: okm.subarray(32, 64) };
}

function keystreamXor(encKey: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let block = 0; block * 32 < data.length; block++) {
    const counter = new Uint8Array([block >>> 24, (block >>> 16) & 0xff, (block >>> 8) & 0xff, block & 0xff]);
    const stream = sha256(concatBytes(encKey, counter));
    for (let i = 0; i < 32 && block * 32 + i < data.length; i++) out[block * 32 + i] = data[block * 32 + i] ^ stream[i];
  }
  return out;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Seals `plaintext` to the holder of `recipientPublicKey` (Ed25519, 32 bytes). `ephemeralSecret`
 * (32 bytes) is for test vectors only; by default a fresh random one is drawn.
 */
export function sealToPublicKey(recipientPublicKey: Uint8Array, plaintext: Uint8Array, ephemeralSecret: Uint8Array = x25519.utils.randomSecretKey()): Uint8Array {
  if (!(recipientPublicKey instanceof Uint8Array) || recipientPublicKey.length !== 32) throw new CryptoError('bad_public_key', 'a recipient public key is 32 bytes (Ed25519)');
  let recipient: Uint8Array;
  try {
    recipient = ed25519.utils.toMontgomery(recipientPublicKey);
  } catch {
    throw new CryptoError('bad_public_key', 'the recipient public key is not a point of Ed25519');
  }
  const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
  const { encKey, macKey } = keys(x25519.getSharedSecret(ephemeralSecret, recipient), ephemeralPublic, recipient);
  const ciphertext = keystreamXor(encKey, plaintext);
  return concatBytes(ephemeralPublic, ciphertext, hmac(sha256, macKey, concatBytes(ephemeralPublic, ciphertext)));
}

/** Opens a note sealed to the key whose Ed25519 seed is `secretKey`; `bad_seal` when it is not for this key or was altered. */
export function openSealed(secretKey: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD_BYTES) throw new CryptoError('bad_seal', `a sealed note is at least ${SEAL_OVERHEAD_BYTES} bytes`);
  const ephemeralPublic = sealed.subarray(0, 32);
  const ciphertext = sealed.subarray(32, sealed.length - 32);
  const tag = sealed.subarray(sealed.length - 32);
  const recipient = ed25519.utils.toMontgomery(ed25519.getPublicKey(secretKey));
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ed25519.utils.toMontgomerySecret(secretKey), ephemeralPublic);
  } catch {
    throw new CryptoError('bad_seal', 'the sealed note carries no valid ephemeral key');
  }
  const { encKey, macKey } = keys(shared, ephemeralPublic, recipient);
  if (!constantTimeEqual(hmac(sha256, macKey, concatBytes(ephemeralPublic, ciphertext)), tag)) throw new CryptoError('bad_seal', 'the note was not sealed to this key, or was altered');
  return keystreamXor(encKey, ciphertext);
}
