// Ed25519 verification throughput of the two paths of the ledger's rule, one core.
// Run: node --import tsx bench/ed25519.ts [seconds-per-row]
// The numbers feed spec/decisions/0001-ed25519-verification.md.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { precheckEd25519, verifyEd25519 } from '../src/crypto/ed25519.ts';
import { createEd25519NodeSigner, publicKeyFromSeedNode, signEd25519Node, verifyEd25519Node } from '../src/crypto/ed25519-node.ts';

interface Signed {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

const KEYS = 100;
const MESSAGES_PER_KEY = 20;
const MESSAGE_BYTES = 200; // about a transfer tx body
const secondsPerRow = Number(process.argv[2] ?? '2');

function seedOf(index: number): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, index + 1);
  return seed;
}

function messageOf(key: number, index: number): Uint8Array {
  const message = new Uint8Array(MESSAGE_BYTES);
  new DataView(message.buffer).setUint32(0, key * MESSAGES_PER_KEY + index);
  return message;
}

function presign(): Signed[] {
  const signed: Signed[] = [];
  for (let key = 0; key < KEYS; key++) {
    const seed = seedOf(key);
    const sign = createEd25519NodeSigner(seed);
    const publicKey = publicKeyFromSeedNode(seed);
    for (let index = 0; index < MESSAGES_PER_KEY; index++) {
      const message = messageOf(key, index);
      signed.push({ publicKey, message, signature: sign(message) });
    }
  }
  return signed;
}

/** Ops per second of `op` looped over the items for about `seconds`. */
function rateOnce(items: readonly Signed[], op: (item: Signed) => boolean, seconds: number): number {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 64; i++) {
      if (!op(items[count % items.length])) throw new Error('a valid signature was refused');
      count++;
    }
  }
  return count / ((performance.now() - started) / 1000);
}

/** Best of 3 rounds: the machine is shared, and the best round is the one least disturbed. */
function rate(items: readonly Signed[], op: (item: Signed) => boolean): number {
  let best = 0;
  for (let round = 0; round < 3; round++) best = Math.max(best, rateOnce(items, op, secondsPerRow / 3));
  return best;
}

function row(label: string, perSecond: number): void {
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} /s`);
}

function main(): void {
  const signed = presign();
  const keyObjects = new Map(signed.map((s) => [s.publicKey, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(s.publicKey).toString('base64url') }, format: 'jwk' })]));
  console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}; ${KEYS} keys x ${MESSAGES_PER_KEY} msgs of ${MESSAGE_BYTES} B`);
  row('precheckEd25519 alone', rate(signed, (s) => precheckEd25519(s.publicKey, s.signature).ok));
  row('verifyEd25519Node (pre-check + node:crypto, cached key)', rate(signed, (s) => verifyEd25519Node(s.publicKey, s.message, s.signature)));
  row('  raw crypto.verify, KeyObject held by caller', rate(signed, (s) => nodeVerify(null, s.message, keyObjects.get(s.publicKey)!, s.signature)));
  row('  raw crypto.verify, JWK import every call', rate(signed, (s) => nodeVerify(null, s.message, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(s.publicKey).toString('base64url') }, format: 'jwk' }), s.signature)));
  row('verifyEd25519 (pre-check + noble cofactorless)', rate(signed, (s) => verifyEd25519(s.publicKey, s.message, s.signature)));
  row('  noble ed25519.verify zip215:false (cofactored)', rate(signed, (s) => ed25519.verify(s.signature, s.message, s.publicKey, { zip215: false })));
  const seed = seedOf(0);
  const signer = createEd25519NodeSigner(seed);
  row('sign: createEd25519NodeSigner (key imported once)', rate(signed, (s) => signer(s.message).length === 64));
  row('sign: signEd25519Node (key imported every call)', rate(signed, (s) => signEd25519Node(seed, s.message).length === 64));
  row('sign: noble ed25519.sign', rate(signed, (s) => ed25519.sign(s.message, seed).length === 64));
}

main();
