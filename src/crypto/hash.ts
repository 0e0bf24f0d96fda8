import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes as nobleHexToBytes, utf8ToBytes, concatBytes } from '@noble/hashes/utils.js';
import { CryptoError } from './errors.ts';

/** SHA-256 (FIPS 180-4). Browser-safe: @noble/hashes, no Node built-ins. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** SHA-512 (FIPS 180-4): the seed chain's genesis seed is 64 bytes, as a VRF output (beta) is. */
export function sha512(data: Uint8Array): Uint8Array {
  return nobleSha512(data);
}

export function sha256Hex(data: Uint8Array): string {
  return bytesToHex(nobleSha256(data));
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Lower-case hex only, even length; anything else is a `bad_hex` error. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
    throw new CryptoError('bad_hex', 'expected lower-case hex of even length');
  }
  return nobleHexToBytes(hex);
}

export function utf8(text: string): Uint8Array {
  return utf8ToBytes(text);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
