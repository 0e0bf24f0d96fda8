/**
 * The wallet's key store in this browser: each key's recovery phrase (BIP-39 mnemonic) encrypted
 * with a key derived from the owner's passphrase, in localStorage. Nothing secret is ever stored in
 * clear nor sent anywhere: the node only receives signed txs.
 *
 * Encryption (WebCrypto): PBKDF2-HMAC-SHA-256, 600 000 iterations (OWASP's 2023 figure for that
 * hash), a random 16-byte salt per key → an AES-256-GCM key; a random 12-byte IV; the key's address as
 * additional data, so a ciphertext moved onto another entry does not decrypt.
 */
import { KeyPair } from '../../../src/client/index.ts';
import { fromHex, toHex, utf8 } from '../../../src/crypto/hash.ts';
import { BaseError } from '../../../src/errors/base.ts';
import { keyPairFromMnemonic, normalizeMnemonic, validateMnemonic } from '../../../src/crypto/mnemonic.ts';

const STORAGE_KEY = 'agora.wallet.v1';
export const PBKDF2_ITERATIONS = 600_000;
export const PASSPHRASE_LENGTH_MIN = 8;
export const KEYS_MAX = 20;

export interface VaultEntry {
  name: string;
  /** Public: shown while the key is locked. */
  address: string;
  createdMs: number;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** AES-GCM of the JSON `{"mnemonic": "…"}`, hex. */
  ciphertext: string;
}

/** A wallet failure with a code that errors.ts puts in words. */
export type WalletErrorCode =
  | 'bad_document'
  | 'bad_json'
  | 'bad_metadata'
  | 'bad_mnemonic'
  | 'corrupt_key'
  | 'key_exists'
  | 'no_action'
  | 'no_secure_context'
  | 'passphrase_mismatch'
  | 'too_many_keys'
  | 'weak_passphrase'
  | 'wrong_passphrase';

export class WalletError extends BaseError<WalletErrorCode> {
  override name = 'WalletError';
  constructor(code: WalletErrorCode, message: string) {
    super(code, message);
  }
}

function subtle(): SubtleCrypto {
  // crypto.subtle exists only in secure contexts (https, localhost, 127.0.0.1).
  if (!window.isSecureContext || globalThis.crypto?.subtle === undefined) throw new WalletError('no_secure_context', 'WebCrypto is not available on this page');
  return globalThis.crypto.subtle;
}

export function walletAvailable(): boolean {
  return window.isSecureContext && globalThis.crypto?.subtle !== undefined;
}

export function listKeys(): VaultEntry[] {
  const text = window.localStorage.getItem(STORAGE_KEY);
  if (text === null) return [];
  try {
    const parsed = JSON.parse(text) as { version?: number; keys?: VaultEntry[] };
    return parsed.version === 1 && Array.isArray(parsed.keys) ? parsed.keys : [];
  } catch {
    return [];
  }
}

function saveKeys(keys: VaultEntry[]): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, keys }));
}

/** A copy on a plain ArrayBuffer, the type WebCrypto takes. */
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

async function deriveAesKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', buffer(utf8(passphrase.normalize('NFKC'))), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: buffer(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const additionalData = (address: string): Uint8Array<ArrayBuffer> => buffer(utf8(`agora/wallet/v1/${address}`));

/** Checks the phrase and passphrase, encrypts the phrase and adds the key; returns its entry. */
export async function addKey(name: string, mnemonic: string, passphrase: string): Promise<VaultEntry> {
  if (!validateMnemonic(mnemonic)) throw new WalletError('bad_mnemonic', 'not a valid English BIP-39 recovery phrase');
  if (passphrase.length < PASSPHRASE_LENGTH_MIN) throw new WalletError('weak_passphrase', `a passphrase has at least ${PASSPHRASE_LENGTH_MIN} characters`);
  const keys = listKeys();
  if (keys.length >= KEYS_MAX) throw new WalletError('too_many_keys', `this browser keeps at most ${KEYS_MAX} keys`);
  const address = keyPairFromMnemonic(mnemonic).address;
  if (keys.some((k) => k.address === address)) throw new WalletError('key_exists', 'this key is already in the wallet');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aes = await deriveAesKey(passphrase, salt, PBKDF2_ITERATIONS);
  const plain = buffer(utf8(JSON.stringify({ mnemonic: normalizeMnemonic(mnemonic) })));
  const sealed = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(address) }, aes, plain));
  plain.fill(0);
  const entry: VaultEntry = {
    name: name.trim().slice(0, 40) || 'my key',
    address,
    createdMs: Date.now(),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: toHex(salt) },
    cipher: { name: 'AES-GCM', iv: toHex(iv) },
    ciphertext: toHex(sealed),
  };
  saveKeys([...keys, entry]);
  return entry;
}

/** Decrypts an entry's phrase; `wrong_passphrase` when AES-GCM refuses it. */
export async function openKey(entry: VaultEntry, passphrase: string): Promise<{ key: KeyPair; mnemonic: string }> {
  const aes = await deriveAesKey(passphrase, fromHex(entry.kdf.salt), entry.kdf.iterations);
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: buffer(fromHex(entry.cipher.iv)), additionalData: additionalData(entry.address) }, aes, buffer(fromHex(entry.ciphertext))));
  } catch {
    throw new WalletError('wrong_passphrase', 'the passphrase does not open this key');
  }
  const { mnemonic } = JSON.parse(new TextDecoder().decode(plain)) as { mnemonic: string };
  plain.fill(0);
  const key = keyPairFromMnemonic(mnemonic);
  if (key.address !== entry.address) throw new WalletError('corrupt_key', 'the stored key does not match its address');
  return { key, mnemonic };
}

export function removeKey(address: string): void {
  saveKeys(listKeys().filter((k) => k.address !== address));
}
