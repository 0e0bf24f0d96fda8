import { bech32m } from '@scure/base';
import { bytesEqual, sha256 } from './hash.ts';
import { CryptoError } from './errors.ts';

export const ADDRESS_PREFIX = 'agora';
export const ADDRESS_BYTES = 20;

/**
 * Addresses by public key: every tx decoded derives its signers' addresses, and the same senders
 * sign tx after tx (a block replayed from a peer, a mempool), so a derivation (a SHA-256 and a
 * bech32m checksum, ~3.5 µs a tx in bench/replay.ts's profile) is made once per key. The cache is
 * indexed by a 32-bit FNV-1a hash of the key and each entry holds its key, compared byte for byte
 * before use: a hex string key cost 2 µs a lookup (making and hashing 64 characters, issue 13).
 * Keys whose hashes collide take turns in one slot. Cleared whole when full: bounded memory
 * (STYLE.md rule 6).
 */
const ADDRESSES_MAX = 1 << 16;
const addresses = new Map<number, { publicKey: Uint8Array; address: string }>();

function keyHash(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash;
}

/** An address is bech32m("agora", first 20 bytes of SHA-256(public key)) — DESIGN.md §Transactions. */
export function addressFromPublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new CryptoError('bad_public_key', 'public key must be 32 bytes');
  const hash = keyHash(publicKey);
  const cached = addresses.get(hash);
  if (cached !== undefined && bytesEqual(cached.publicKey, publicKey)) return cached.address;
  const address = encodeAddress(sha256(publicKey).subarray(0, ADDRESS_BYTES));
  if (addresses.size >= ADDRESSES_MAX) addresses.clear();
  // A copy: the caller's array may be a view into a buffer that is reused.
  addresses.set(hash, { publicKey: publicKey.slice(), address });
  rememberValid(address);
  return address;
}

export function encodeAddress(hash20: Uint8Array): string {
  if (hash20.length !== ADDRESS_BYTES) throw new CryptoError('bad_address', 'address hash must be 20 bytes');
  return bech32m.encode(ADDRESS_PREFIX, bech32m.toWords(hash20));
}

/** Returns the 20 address bytes, or throws `bad_address` for anything but a valid lower-case agora1… string. */
export function decodeAddress(address: string): Uint8Array {
  if (typeof address !== 'string' || address.length > 90 || address !== address.toLowerCase()) {
    throw new CryptoError('bad_address', 'address must be a lower-case bech32m agora1… string');
  }
  let decoded;
  try {
    decoded = bech32m.decode(address as `${string}1${string}`);
  } catch {
    throw new CryptoError('bad_address', `not a valid bech32m address: ${address.slice(0, 90)}`);
  }
  if (decoded.prefix !== ADDRESS_PREFIX) throw new CryptoError('bad_address', `address prefix must be "${ADDRESS_PREFIX}"`);
  const bytes = bech32m.fromWords(decoded.words);
  if (bytes.length !== ADDRESS_BYTES) throw new CryptoError('bad_address', 'address must hold 20 bytes');
  return Uint8Array.from(bytes);
}

/**
 * Addresses known to be valid: those checked here, and those derived from a public key. A tx's
 * payload names addresses that recur from tx to tx (a recipient, a split's members), and a check is
 * a bech32m decode with its checksum. Cleared whole when full.
 */
const validAddresses = new Set<string>();

function rememberValid(address: string): void {
  if (validAddresses.size >= ADDRESSES_MAX) validAddresses.clear();
  validAddresses.add(address);
}

export function isAddress(address: string): boolean {
  if (validAddresses.has(address)) return true;
  try {
    decodeAddress(address);
  } catch {
    return false;
  }
  rememberValid(address);
  return true;
}
