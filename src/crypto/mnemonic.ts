import {
  generateMnemonic as bip39Generate,
  validateMnemonic as bip39Validate,
  mnemonicToSeedSync,
} from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CryptoError } from './errors.ts';
import { KeyPair } from './keys.ts';

// Browser-safe: @scure/@noble only, no Node built-ins (DESIGN.md: src/client reuses this).

/**
 * BIP-44 coin type of Agora keys: 7777, the number this project chose. It is not registered to Agora:
 * SLIP-0044's table lists 7777 (0x80001e61) for BTV (Bitvote). The overlap is harmless: Agora derives
 * Ed25519 keys by SLIP-0010 with the HMAC key "ed25519 seed", while a secp256k1 BIP-32 wallet starts
 * from "Bitcoin seed", so the same mnemonic and path never give the same key in both. The coin type
 * only keeps Agora keys apart from other Ed25519 applications fed the same mnemonic. Changing it
 * would change every address ever derived from a mnemonic, so it is fixed for good.
 */
export const AGORA_COIN_TYPE = 7777;
/** Accounts are hardened indexes: 0 … 2^31 − 1. */
export const ACCOUNT_MAX = 0x7fffffff;

const HARDENED_OFFSET = 0x80000000;
/** SLIP-0010 §"Master key generation": the HMAC key for the ed25519 curve. */
const ED25519_CURVE_KEY = utf8ToBytes('ed25519 seed');

/** One node of a SLIP-0010 derivation: the Ed25519 secret key (seed) and its chain code. */
export interface Slip10Node {
  readonly privateKey: Uint8Array;
  readonly chainCode: Uint8Array;
}

/** A new random 24-word English BIP-39 mnemonic (256 bits of entropy). */
export function generateMnemonic(): string {
  return bip39Generate(english, 256);
}

/**
 * Trims, lower-cases and collapses runs of white space, so that a phrase pasted with stray spaces or
 * capitals gives the same key. BIP-39 itself applies NFKD, which @scure/bip39 does.
 */
export function normalizeMnemonic(mnemonic: string): string {
  if (typeof mnemonic !== 'string') return '';
  return mnemonic.trim().toLowerCase().split(/\s+/u).join(' ');
}

/** True for a well-formed English BIP-39 mnemonic (12–24 words, valid checksum). */
export function validateMnemonic(mnemonic: string): boolean {
  const normalized = normalizeMnemonic(mnemonic);
  if (normalized.length === 0 || normalized.length > 1000) return false;
  try {
    return bip39Validate(normalized, english);
  } catch {
    return false;
  }
}

/** The hardened path m/44'/7777'/account'/0'/0' as indexes (each is hardened when derived). */
export function agoraDerivationPath(account: number): number[] {
  assertIndex(account, 'bad_account', 'account');
  return [44, AGORA_COIN_TYPE, account, 0, 0];
}

export function formatDerivationPath(path: readonly number[]): string {
  return ['m', ...path.map((index) => `${index}'`)].join('/');
}

/**
 * The Ed25519 key pair of `account` for a BIP-39 mnemonic: BIP-39 seed with the empty BIP-39
 * passphrase, then SLIP-0010 ed25519 along m/44'/7777'/account'/0'/0'. Throws `bad_mnemonic`
 * (without echoing the words) or `bad_account`.
 */
export function keyPairFromMnemonic(mnemonic: string, account = 0): KeyPair {
  const path = agoraDerivationPath(account);
  if (!validateMnemonic(mnemonic)) {
    throw new CryptoError('bad_mnemonic', 'not a valid English BIP-39 mnemonic (wrong word, word count or checksum)');
  }
  const seed = mnemonicToSeedSync(normalizeMnemonic(mnemonic), '');
  const node = deriveEd25519Slip10(seed, path);
  try {
    return new KeyPair(node.privateKey);
  } finally {
    seed.fill(0);
    node.privateKey.fill(0);
    node.chainCode.fill(0);
  }
}

/**
 * SLIP-0010 ed25519 derivation from a BIP-32 seed along a path of hardened indexes (each index is
 * given without the 2^31 offset; SLIP-0010 defines only hardened derivation for ed25519).
 */
export function deriveEd25519Slip10(seed: Uint8Array, path: readonly number[]): Slip10Node {
  // BIP-32: a seed is 128 to 512 bits.
  if (!(seed instanceof Uint8Array) || seed.length < 16 || seed.length > 64) {
    throw new CryptoError('bad_seed', 'seed must be 16 to 64 bytes');
  }
  if (path.length > 255) throw new CryptoError('bad_path', 'derivation path is longer than 255 levels');
  let node = splitHmac(hmac(sha512, ED25519_CURVE_KEY, seed));
  for (const index of path) {
    assertIndex(index, 'bad_path', 'path index');
    const next = deriveHardenedChild(node, index);
    node.privateKey.fill(0);
    node = next;
  }
  return node;
}

/** SLIP-0010 CKDpriv for ed25519: I = HMAC-SHA512(c_par, 0x00 || k_par || ser32(i + 2^31)). */
function deriveHardenedChild(parent: Slip10Node, index: number): Slip10Node {
  const data = new Uint8Array(1 + 32 + 4);
  data.set(parent.privateKey, 1);
  new DataView(data.buffer).setUint32(33, index + HARDENED_OFFSET, false);
  const child = splitHmac(hmac(sha512, parent.chainCode, data));
  data.fill(0);
  return child;
}

function splitHmac(i: Uint8Array): Slip10Node {
  if (i.length !== 64) throw new CryptoError('internal', 'HMAC-SHA512 output must be 64 bytes');
  return { privateKey: i.slice(0, 32), chainCode: i.slice(32, 64) };
}

function assertIndex(index: number, code: 'bad_account' | 'bad_path', what: string): void {
  if (!Number.isSafeInteger(index) || index < 0 || index > ACCOUNT_MAX) {
    throw new CryptoError(code, `${what} must be an integer from 0 to ${ACCOUNT_MAX}`);
  }
}
