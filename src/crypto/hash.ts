import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { CryptoError } from './errors.ts';

type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'hex' | 'latin1') => string;

/**
 * Node's one-shot `crypto.hash` (Node ≥ 20.12), looked up without importing node:crypto so this
 * module stays browser-safe: in a browser, or a Node without it, SHA-256 is @noble/hashes'. Both give
 * the same bytes (FIPS 180-4; test/crypto/hash.test.ts compares them); node:crypto's is ~6× faster
 * on the small inputs the ledger hashes (65 bytes: 0.35 µs with a latin1 digest, see sha256, against
 * 2.1 µs; issue 13's profile: SHA-256 in pure JS was 8.9% of a node).
 */
const nodeHash: OneShotHash | null = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as { hash?: OneShotHash } | undefined;
  return typeof crypto?.hash === 'function' ? crypto.hash : null;
})();

/** Which SHA-256 this process uses: 'node:crypto' in Node, '@noble/hashes' in a browser. */
export const SHA256_IMPLEMENTATION = nodeHash === null ? '@noble/hashes' : 'node:crypto';

/**
 * SHA-256 (FIPS 180-4). Browser-safe.
 *
 * In Node the digest is asked for as a latin1 string (one char per byte, 0–255) and copied into a
 * 32-byte array, not asked for as a Buffer: the Buffer is a fresh off-heap allocation, ~0.9 µs of the
 * 1.2 µs a 65-byte hash took; as latin1 plus the copy it takes 0.35 µs (measured, Node 20.20, issue
 * 13: a replayed block hashes ~10,000 times). A Uint8Array of 32 bytes is allocated in V8's heap.
 */
export function sha256(data: Uint8Array): Uint8Array {
  if (nodeHash === null) return nobleSha256(data);
  const out = new Uint8Array(32);
  copyLatin1(nodeHash('sha256', data, 'latin1') as string, out, 0);
  return out;
}

/** SHA-256 of `data` written into `out` at `offset` (32 bytes), without an array for the digest: the state trie writes a child's hash straight into its parent's bytes. */
export function sha256Into(data: Uint8Array, out: Uint8Array, offset: number): void {
  if (offset < 0 || offset + 32 > out.length) throw new RangeError(`a digest at ${offset} of ${out.length} bytes`);
  if (nodeHash === null) out.set(nobleSha256(data), offset);
  else copyLatin1(nodeHash('sha256', data, 'latin1') as string, out, offset);
}

function copyLatin1(digest: string, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 32; i++) out[offset + i] = digest.charCodeAt(i);
}

/** SHA-256 by @noble/hashes whatever the platform: the browser's path, for tests that compare both. */
export function sha256Noble(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** SHA-512 (FIPS 180-4): the seed chain's genesis seed is 64 bytes, as a VRF output (beta) is. */
export function sha512(data: Uint8Array): Uint8Array {
  return nobleSha512(data);
}

export function sha256Hex(data: Uint8Array): string {
  return nodeHash === null ? bytesToHex(nobleSha256(data)) : (nodeHash('sha256', data, 'hex') as string);
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Char code → value of a lower-case hex digit, 255 for anything else (upper case included). */
const HEX_VALUE = (() => {
  const table = new Uint8Array(128).fill(255);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) table[97 + i] = 10 + i;
  return table;
})();

/** Lower-case hex only, even length; anything else is a `bad_hex` error. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) throw new CryptoError('bad_hex', 'expected lower-case hex of even length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i)] ?? 255;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1)] ?? 255;
    if ((hi | lo) > 15) throw new CryptoError('bad_hex', 'expected lower-case hex of even length');
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function utf8(text: string): Uint8Array {
  return utf8ToBytes(text);
}

/** The parts' bytes, one after the other, in a new array (without @noble's per-part checks: every caller passes typed arrays). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
