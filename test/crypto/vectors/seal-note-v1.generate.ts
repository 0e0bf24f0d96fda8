// Writes seal-note-v1.json (node --import tsx test/crypto/vectors/seal-note-v1.generate.ts): the sealed-note vectors
// of spec/market.md §3 from the independent reference (test/crypto/seal-reference.ts: OpenSSL and the
// RFC 7748 map written out), never from src/crypto/seal.ts. The recipient's Ed25519 public key is
// OpenSSL's too. Fixed inputs: rerunning writes the same file.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { referenceSeal } from '../seal-reference.ts';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_LENGTH = 12;

function ed25519Public(seed: Uint8Array): Uint8Array {
  const key = createPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' }));
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_LENGTH));
}

const bytes = (from: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (from + i) & 0xff);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const cases = [
  { name: 'a shipping address (one keystream block)', seed: bytes(0x00), ephemeralSecret: bytes(0x80), plaintext: '12 Rue des Lilas, 75011 Paris' },
  { name: 'three keystream blocks, UTF-8', seed: bytes(0x40), ephemeralSecret: bytes(0xc0), plaintext: 'Lieferung an: Müllerstraße 7, 10115 Berlin — bitte klingeln (2. OG, links).' },
  { name: 'an empty note (the seal alone)', seed: bytes(0x20), ephemeralSecret: bytes(0xe0), plaintext: '' },
];
const vectors = cases.map((c) => {
  const recipientPublicKey = ed25519Public(c.seed);
  const plaintext = new TextEncoder().encode(c.plaintext);
  return { name: c.name, recipientSeed: hex(c.seed), recipientPublicKey: hex(recipientPublicKey), ephemeralSecret: hex(c.ephemeralSecret), plaintext: hex(plaintext), ...referenceSeal(recipientPublicKey, plaintext, c.ephemeralSecret) };
});
const file = {
  description: 'Sealed order notes (spec/market.md §3 "The note", agora/note/v1). Hex, as bytes. recipientX25519 = the RFC 7748 map of recipientPublicKey; shared = X25519(ephemeralSecret, recipientX25519); encKey ‖ macKey = HKDF-SHA256(shared, empty salt, "agora/note/v1" ‖ ephemeralPublic ‖ recipientX25519, 64); ciphertext = plaintext XOR SHA-256(encKey ‖ be32(block)); tag = HMAC-SHA256(macKey, ephemeralPublic ‖ ciphertext); sealed = ephemeralPublic ‖ ciphertext ‖ tag.',
  source: 'test/crypto/vectors/seal-note-v1.generate.ts with test/crypto/seal-reference.ts (node:crypto/OpenSSL and the RFC 7748 map in bigint; not src/crypto/seal.ts, not @noble)',
  vectors,
};
writeFileSync(new URL('./seal-note-v1.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
