import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { chmod, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CryptoError } from './errors.ts';
import { fromHex, toHex, bytesEqual } from './hash.ts';
import { KeyPair } from './keys.ts';

// The encrypted keystore: one file per key under HOME/keys/NAME.json (Node only).
// The plaintext is the 32-byte Ed25519 seed; the passphrase goes through scrypt (RFC 7914) into an
// AES-256-GCM key (NIST SP 800-38D). No secret, seed or passphrase ever enters an error message.

export const KEYSTORE_VERSION = 1;
export const KEY_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** scrypt cost for new files: N = 2^15, r = 8, p = 1 (RFC 7914 §2 "interactive"-class, ~0.1 s). */
export const SCRYPT_DEFAULTS: Readonly<{ n: number; r: number; p: number }> = { n: 2 ** 15, r: 8, p: 1 };
/** Bound on a passphrase, in UTF-16 code units: a larger one is a mistake, not a passphrase. */
export const PASSPHRASE_MAX_LENGTH = 1024;
/** Bound on what scrypt params read from a file may make us allocate (128·N·r bytes): 256 MiB. */
const SCRYPT_MEMORY_MAX = 256 * 1024 * 1024;
const KEYSTORE_FILE_MAX_BYTES = 64 * 1024;

/** What can be known about a key without its passphrase. */
export interface KeyInfo {
  readonly name: string;
  readonly address: string;
  /** Ed25519 public key, lower-case hex. */
  readonly publicKey: string;
  /** False only for a key saved with the empty passphrase (no prompt is needed to unlock it). */
  readonly protected: boolean;
}

export interface SaveKeyOptions {
  readonly overwrite?: boolean;
}

export interface ScryptParams {
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly dklen: number;
  /** hex, 16 bytes */
  readonly salt: string;
}

/** The JSON layout of HOME/keys/NAME.json, version 1. */
export interface KeystoreFile {
  readonly version: number;
  readonly name: string;
  readonly address: string;
  readonly publicKey: string;
  readonly protected: boolean;
  readonly crypto: {
    readonly kdf: 'scrypt';
    readonly kdfparams: ScryptParams;
    readonly cipher: 'aes-256-gcm';
    readonly cipherparams: { readonly iv: string };
    readonly ciphertext: string;
    readonly tag: string;
  };
}

export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && KEY_NAME_PATTERN.test(name);
}

export function keysDirectory(home: string): string {
  return join(home, 'keys');
}

export function keyFilePath(home: string, name: string): string {
  assertKeyName(name);
  return join(keysDirectory(home), `${name}.json`);
}

/**
 * Encrypts the key pair's seed under `passphrase` and writes HOME/keys/NAME.json (0600, directory
 * 0700). Refuses an existing name with `key_exists` unless `overwrite`. The write is atomic: a
 * reader sees the old file or the new one, never a part.
 */
export async function saveKeyPair(
  home: string,
  name: string,
  keyPair: KeyPair,
  passphrase: string,
  options: SaveKeyOptions = {},
): Promise<KeyInfo> {
  assertKeyName(name);
  assertPassphrase(passphrase);
  if (!(keyPair instanceof KeyPair)) throw new CryptoError('bad_key_pair', 'expected a KeyPair');
  const file = await encryptKeyFile(name, keyPair, passphrase);
  const directory = keysDirectory(home);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const path = keyFilePath(home, name);
  const temporary = join(directory, `.${name}.${toHex(randomBytes(8))}.tmp`);
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (options.overwrite === true) {
      await rename(temporary, path);
    } else {
      // link() fails with EEXIST if the name is taken, atomically: two concurrent saves cannot both win.
      await link(temporary, path).catch((error: unknown) => {
        if (isErrno(error, 'EEXIST')) throw new CryptoError('key_exists', `a key named "${name}" already exists`);
        throw error;
      });
    }
  } finally {
    await rm(temporary, { force: true });
  }
  return infoFromFile(name, file);
}

/**
 * Decrypts NAME's seed. `key_not_found` if there is no such key, `bad_passphrase` if it does not open.
 * Passphrases are compared after Unicode NFKC normalisation, so the same text typed on another
 * keyboard (composed or decomposed accents) still opens the key.
 */
export async function loadKeyPair(home: string, name: string, passphrase: string): Promise<KeyPair> {
  assertPassphrase(passphrase);
  const file = await readKeyFile(home, name);
  const seed = await decryptSeed(file, passphrase);
  try {
    const keyPair = new KeyPair(seed);
    if (!bytesEqual(keyPair.publicKey, fromHex(file.publicKey)) || keyPair.address !== file.address) {
      throw new CryptoError('keystore_corrupt', `key file "${name}" does not match its public key`);
    }
    return keyPair;
  } finally {
    seed.fill(0);
  }
}

/** Name, address, public key and whether a passphrase is needed; no passphrase asked. */
export async function readKeyInfo(home: string, name: string): Promise<KeyInfo> {
  return infoFromFile(name, await readKeyFile(home, name));
}

export async function keyExists(home: string, name: string): Promise<boolean> {
  try {
    await stat(keyFilePath(home, name));
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Every key in HOME/keys, sorted by name (code unit order, locale-independent). */
export async function listKeys(home: string): Promise<KeyInfo[]> {
  let entries: string[];
  try {
    entries = await readdir(keysDirectory(home));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const names = entries
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .filter(isValidKeyName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const infos: KeyInfo[] = [];
  for (const name of names) infos.push(await readKeyInfo(home, name));
  return infos;
}

async function encryptKeyFile(name: string, keyPair: KeyPair, passphrase: string): Promise<KeystoreFile> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdfparams: ScryptParams = { ...SCRYPT_DEFAULTS, dklen: 32, salt: toHex(salt) };
  const key = await deriveKey(passphrase, kdfparams);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(keyPair.secretKey), cipher.final()]);
    return {
      version: KEYSTORE_VERSION,
      name,
      address: keyPair.address,
      publicKey: toHex(keyPair.publicKey),
      protected: passphrase !== '',
      crypto: {
        kdf: 'scrypt',
        kdfparams,
        cipher: 'aes-256-gcm',
        cipherparams: { iv: toHex(iv) },
        ciphertext: toHex(ciphertext),
        tag: toHex(cipher.getAuthTag()),
      },
    };
  } finally {
    key.fill(0);
  }
}

async function decryptSeed(file: KeystoreFile, passphrase: string): Promise<Uint8Array> {
  const key = await deriveKey(passphrase, file.crypto.kdfparams);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, fromHex(file.crypto.cipherparams.iv));
    decipher.setAuthTag(fromHex(file.crypto.tag));
    const seed = Buffer.concat([decipher.update(fromHex(file.crypto.ciphertext)), decipher.final()]);
    if (seed.length !== 32) throw new CryptoError('keystore_corrupt', `key file "${file.name}" holds no 32-byte seed`);
    return seed;
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    // GCM's tag check is the only failure left here; node's own message is replaced, not chained.
    throw new CryptoError('bad_passphrase', `wrong passphrase for key "${file.name}"`);
  } finally {
    key.fill(0);
  }
}

function deriveKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  // Node refuses 128·N·r > maxmem (default 32 MiB, exactly what N=2^15, r=8 needs); allow twice that.
  const options: ScryptOptions = { N: params.n, r: params.r, p: params.p, maxmem: 256 * params.n * params.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), fromHex(params.salt), params.dklen, options, (error, key) => {
      if (error) reject(new CryptoError('keystore_corrupt', 'scrypt refused the key file parameters'));
      else resolve(key);
    });
  });
}

async function readKeyFile(home: string, name: string): Promise<KeystoreFile> {
  const path = keyFilePath(home, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new CryptoError('key_not_found', `no key named "${name}" in ${keysDirectory(home)}`);
    throw error;
  }
  if (text.length > KEYSTORE_FILE_MAX_BYTES) throw corrupt(name, 'is too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(name, 'is not JSON');
  }
  return checkKeyFile(name, parsed);
}

/** Checks every field of a parsed file, bounding the scrypt cost a file may demand. */
function checkKeyFile(name: string, value: unknown): KeystoreFile {
  if (!isRecord(value)) throw corrupt(name, 'is not a JSON object');
  if (value.version !== KEYSTORE_VERSION) {
    throw new CryptoError('unsupported_keystore_version', `key file "${name}" has version ${String(value.version)}, expected ${KEYSTORE_VERSION}`);
  }
  const crypto = value.crypto;
  if (typeof value.address !== 'string' || !isHex(value.publicKey, 32) || typeof value.protected !== 'boolean') {
    throw corrupt(name, 'lacks address, publicKey or protected');
  }
  if (!isRecord(crypto) || crypto.kdf !== 'scrypt' || crypto.cipher !== 'aes-256-gcm') throw corrupt(name, 'names an unknown kdf or cipher');
  const kdf = crypto.kdfparams;
  const cipherparams = crypto.cipherparams;
  if (!isRecord(kdf) || !isRecord(cipherparams)) throw corrupt(name, 'lacks kdfparams or cipherparams');
  const { n, r, p, dklen } = kdf;
  const numbersOk = isInteger(n, 2, 2 ** 20) && (n & (n - 1)) === 0 && isInteger(r, 1, 32) && isInteger(p, 1, 16) && dklen === 32;
  if (!numbersOk || 128 * n * r > SCRYPT_MEMORY_MAX) throw corrupt(name, 'has scrypt parameters out of bounds');
  if (!isHex(kdf.salt, 16) || !isHex(cipherparams.iv, 12) || !isHex(crypto.ciphertext, 32) || !isHex(crypto.tag, 16)) {
    throw corrupt(name, 'has a malformed salt, iv, ciphertext or tag');
  }
  return {
    version: KEYSTORE_VERSION,
    name: typeof value.name === 'string' ? value.name : name,
    address: value.address,
    publicKey: value.publicKey,
    protected: value.protected,
    crypto: {
      kdf: 'scrypt',
      kdfparams: { n, r, p, dklen, salt: kdf.salt },
      cipher: 'aes-256-gcm',
      cipherparams: { iv: cipherparams.iv },
      ciphertext: crypto.ciphertext,
      tag: crypto.tag,
    },
  };
}

function infoFromFile(name: string, file: KeystoreFile): KeyInfo {
  return { name, address: file.address, publicKey: file.publicKey, protected: file.protected };
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new CryptoError('bad_key_name', 'a key name is 1 to 64 characters from a-z, A-Z, 0-9, "_" and "-"');
  }
}

function assertPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string') throw new CryptoError('bad_passphrase', 'passphrase must be a string');
  if (passphrase.length > PASSPHRASE_MAX_LENGTH) {
    throw new CryptoError('bad_passphrase', `passphrase is longer than ${PASSPHRASE_MAX_LENGTH} characters`);
  }
}

function corrupt(name: string, what: string): CryptoError {
  return new CryptoError('keystore_corrupt', `key file "${name}" ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function isHex(value: unknown, bytes: number): value is string {
  return typeof value === 'string' && value.length === bytes * 2 && /^[0-9a-f]*$/.test(value);
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
