// An independent reference of the sealed note (spec/market.md §3 "The note"; src/crypto/seal.ts), for
// the known-answer vector test/crypto/vectors/seal-note-v1.json: nothing here comes from seal.ts or
// from @noble. The Ed25519 → X25519 maps are written out from their definitions (RFC 7748 §4.1, the
// birational map u = (1 + y) / (1 − y) mod p; the secret scalar of RFC 8032 §5.1.5, SHA-512 of the
// seed, its first half); X25519, SHA-256, HKDF and HMAC are OpenSSL's (node:crypto).
import { createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';

const P = 2n ** 255n - 19n;
// DER prefixes of an X25519 key (RFC 8410): PKCS#8 private, SubjectPublicKeyInfo public.
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const littleEndian = (bytes: Uint8Array): bigint => bytes.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
function toLittleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** RFC 7748 §4.1: the X25519 u of an Ed25519 public key, u = (1 + y) / (1 − y) mod p (y: the key without its sign bit). */
export function montgomeryOfEdwards(publicKey: Uint8Array): Uint8Array {
  const y = littleEndian(publicKey) & ((1n << 255n) - 1n);
  return toLittleEndian(((1n + y) * power((1n - y + P) % P, P - 2n)) % P);
}

/** RFC 8032 §5.1.5: the X25519 secret of an Ed25519 seed is the first half of SHA-512(seed) (X25519 clamps it). */
export function montgomerySecretOfSeed(seed: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha512').update(seed).digest().subarray(0, 32));
}

export function x25519Public(secret: Uint8Array): Uint8Array {
  const key = createPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' }));
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length));
}

export function x25519(secret: Uint8Array, publicU: Uint8Array): Uint8Array {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_X25519, publicU]), format: 'der', type: 'spki' });
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}

const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.reduce((h, p) => h.update(p), createHash('sha256')).digest());

export interface SealSteps {
  recipientX25519: string;
  ephemeralPublic: string;
  shared: string;
  encKey: string;
  macKey: string;
  ciphertext: string;
  tag: string;
  sealed: string;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The seal of spec/market.md §3, every step: shared = X25519(e, R); encKey ‖ macKey = HKDF-SHA256(shared,
 * salt empty, info "agora/note/v1" ‖ E ‖ R, 64); ciphertext = plaintext XOR SHA-256(encKey ‖ counter,
 * 4 bytes big-endian) blocks; tag = HMAC-SHA256(macKey, E ‖ ciphertext); sealed = E ‖ ciphertext ‖ tag.
 */
export function referenceSeal(recipientPublicKey: Uint8Array, plaintext: Uint8Array, ephemeralSecret: Uint8Array): SealSteps {
  const recipient = montgomeryOfEdwards(recipientPublicKey);
  const ephemeralPublic = x25519Public(ephemeralSecret);
  const shared = x25519(ephemeralSecret, recipient);
  const info = Buffer.concat([Buffer.from('agora/note/v1', 'utf8'), ephemeralPublic, recipient]);
  const okm = new Uint8Array(hkdfSync('sha256', shared, new Uint8Array(0), info, 64));
  const [encKey, macKey] = [okm.subarray(0, 32), okm.subarray(32)];
  const ciphertext = plaintext.map((byte, i) => {
    const counter = new Uint8Array(4);
    new DataView(counter.buffer).setUint32(0, Math.floor(i / 32));
    return byte ^ sha256(encKey, counter)[i % 32];
  });
  const tag = new Uint8Array(createHmac('sha256', macKey).update(ephemeralPublic).update(ciphertext).digest());
  return { recipientX25519: hex(recipient), ephemeralPublic: hex(ephemeralPublic), shared: hex(shared), encKey: hex(encKey), macKey: hex(macKey), ciphertext: hex(ciphertext), tag: hex(tag), sealed: hex(Buffer.concat([ephemeralPublic, ciphertext, tag])) };
}
