import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CryptoError } from '../../src/crypto/errors.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import {
  keyExists,
  keyFilePath,
  listKeys,
  loadKeyPair,
  readKeyInfo,
  saveKeyPair,
  SCRYPT_DEFAULTS,
} from '../../src/crypto/keystore.ts';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
const SEED_HEX = toHex(SEED);
const PASSPHRASE = 'correct horse battery staple';

async function withHome(run: (home: string) => Promise<void>): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'agora-keystore-'));
  try {
    await run(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function thrown(promise: Promise<unknown>): Promise<CryptoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CryptoError, `expected a CryptoError, got ${inspect(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

/** Every way an error could be shown: none may hold the seed or the passphrase. */
function assertNoSecret(value: unknown, ...secrets: string[]): void {
  const texts = [String(value), inspect(value, { depth: 5, showHidden: true }), JSON.stringify(value) ?? ''];
  if (value instanceof Error) texts.push(value.message, value.stack ?? '');
  for (const text of texts) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `secret leaked into: ${text}`);
  }
}

test('save then load round-trips; the file records params and no secret', async () => {
  await withHome(async (home) => {
    const keyPair = new KeyPair(SEED);
    const info = await saveKeyPair(home, 'alice', keyPair, PASSPHRASE);
    assert.deepEqual(info, { name: 'alice', address: keyPair.address, publicKey: toHex(keyPair.publicKey), protected: true });
    assertNoSecret(info, SEED_HEX, PASSPHRASE);

    const loaded = await loadKeyPair(home, 'alice', PASSPHRASE);
    assert.equal(toHex(loaded.secretKey), SEED_HEX);
    assert.equal(loaded.address, keyPair.address);

    const text = await readFile(keyFilePath(home, 'alice'), 'utf8');
    assert.ok(!text.includes(SEED_HEX) && !text.includes(PASSPHRASE));
    const file = JSON.parse(text);
    assert.equal(file.version, 1);
    assert.equal(file.name, 'alice');
    assert.equal(file.protected, true);
    assert.deepEqual(
      { kdf: file.crypto.kdf, n: file.crypto.kdfparams.n, r: file.crypto.kdfparams.r, p: file.crypto.kdfparams.p },
      { kdf: 'scrypt', n: 2 ** 15, r: 8, p: 1 },
    );
    assert.equal(SCRYPT_DEFAULTS.n, 2 ** 15);
    assert.equal(file.crypto.cipher, 'aes-256-gcm');
    assert.equal(file.crypto.kdfparams.salt.length, 32);
    assert.equal(file.crypto.cipherparams.iv.length, 24);
    assert.equal(file.crypto.tag.length, 32);
  });
});

test('the same key saved twice gets a fresh salt and IV', async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'a', new KeyPair(SEED), PASSPHRASE);
    await saveKeyPair(home, 'b', new KeyPair(SEED), PASSPHRASE);
    const a = JSON.parse(await readFile(keyFilePath(home, 'a'), 'utf8'));
    const b = JSON.parse(await readFile(keyFilePath(home, 'b'), 'utf8'));
    assert.notEqual(a.crypto.kdfparams.salt, b.crypto.kdfparams.salt);
    assert.notEqual(a.crypto.cipherparams.iv, b.crypto.cipherparams.iv);
    assert.notEqual(a.crypto.ciphertext, b.crypto.ciphertext);
  });
});

test('file mode 0600, directory 0700, no temporary file left', { skip: process.platform === 'win32' }, async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'alice', new KeyPair(SEED), PASSPHRASE);
    assert.equal((await stat(keyFilePath(home, 'alice'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(home, 'keys'))).mode & 0o777, 0o700);
    assert.deepEqual(await readdir(join(home, 'keys')), ['alice.json']);
  });
});

test('a wrong passphrase is bad_passphrase and leaks neither passphrase nor seed', async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'alice', new KeyPair(SEED), PASSPHRASE);
    const wrong = 'not the passphrase at all';
    const error = await thrown(loadKeyPair(home, 'alice', wrong));
    assert.equal(error.code, 'bad_passphrase');
    assert.equal(error.cause, undefined);
    assertNoSecret(error, SEED_HEX, PASSPHRASE, wrong);
    assert.equal((await thrown(loadKeyPair(home, 'alice', ''))).code, 'bad_passphrase');
  });
});

test('an existing name is refused with key_exists unless overwrite', async () => {
  await withHome(async (home) => {
    const first = new KeyPair(SEED);
    await saveKeyPair(home, 'alice', first, PASSPHRASE);
    const other = KeyPair.generate();
    const error = await thrown(saveKeyPair(home, 'alice', other, PASSPHRASE));
    assert.equal(error.code, 'key_exists');
    assertNoSecret(error, SEED_HEX, toHex(other.secretKey), PASSPHRASE);
    assert.equal((await readKeyInfo(home, 'alice')).address, first.address);

    await saveKeyPair(home, 'alice', other, 'new pass', { overwrite: true });
    assert.equal((await loadKeyPair(home, 'alice', 'new pass')).address, other.address);
    assert.deepEqual(await readdir(join(home, 'keys')), ['alice.json']);
  });
});

test('concurrent saves of one name: exactly one wins', async () => {
  await withHome(async (home) => {
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map(() => saveKeyPair(home, 'race', KeyPair.generate(), PASSPHRASE)),
    );
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    for (const result of results) {
      if (result.status === 'rejected') assert.equal((result.reason as CryptoError).code, 'key_exists');
    }
  });
});

test('missing key: key_not_found from load, readKeyInfo; keyExists false', async () => {
  await withHome(async (home) => {
    assert.equal((await thrown(loadKeyPair(home, 'ghost', PASSPHRASE))).code, 'key_not_found');
    assert.equal((await thrown(readKeyInfo(home, 'ghost'))).code, 'key_not_found');
    assert.equal(await keyExists(home, 'ghost'), false);
    assert.deepEqual(await listKeys(home), []);
  });
});

test('key names: ^[a-zA-Z0-9_-]{1,64}$, anything else is bad_key_name', async () => {
  await withHome(async (home) => {
    const keyPair = new KeyPair(SEED);
    for (const name of ['', '../evil', 'a/b', 'a.b', 'space name', 'é', 'x'.repeat(65), '.hidden']) {
      assert.equal((await thrown(saveKeyPair(home, name, keyPair, PASSPHRASE))).code, 'bad_key_name', name);
      assert.equal((await thrown(readKeyInfo(home, name))).code, 'bad_key_name', name);
    }
    for (const name of ['a', 'A-z_0-9', 'x'.repeat(64)]) await saveKeyPair(home, name, keyPair, '');
    assert.equal((await listKeys(home)).length, 3);
  });
});

test('the empty passphrase makes an unprotected key', async () => {
  await withHome(async (home) => {
    const info = await saveKeyPair(home, 'dev', new KeyPair(SEED), '');
    assert.equal(info.protected, false);
    assert.equal((await readKeyInfo(home, 'dev')).protected, false);
    assert.equal(toHex((await loadKeyPair(home, 'dev', '')).secretKey), SEED_HEX);
  });
});

test('listKeys is sorted by name and ignores other files', async () => {
  await withHome(async (home) => {
    for (const name of ['carol', 'Bob', 'alice', 'bob']) await saveKeyPair(home, name, KeyPair.generate(), '');
    await writeFile(join(home, 'keys', 'notes.txt'), 'hello');
    await writeFile(join(home, 'keys', 'bad name.json'), '{}');
    const names = (await listKeys(home)).map((info) => info.name);
    assert.deepEqual(names, ['Bob', 'alice', 'bob', 'carol']);
  });
});

test('a tampered or corrupt file is keystore_corrupt, not a crash', async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'alice', new KeyPair(SEED), PASSPHRASE);
    const path = keyFilePath(home, 'alice');
    const original = JSON.parse(await readFile(path, 'utf8'));

    // Another key's public key and address in the header: the seed still decrypts, but does not match.
    const other = KeyPair.generate();
    await writeFile(path, JSON.stringify({ ...original, publicKey: toHex(other.publicKey), address: other.address }));
    const mismatch = await thrown(loadKeyPair(home, 'alice', PASSPHRASE));
    assert.equal(mismatch.code, 'keystore_corrupt');
    assertNoSecret(mismatch, SEED_HEX, PASSPHRASE);

    // A huge scrypt cost is refused before any memory is spent on it.
    const greedy = { ...original, crypto: { ...original.crypto, kdfparams: { ...original.crypto.kdfparams, n: 2 ** 22 } } };
    await writeFile(path, JSON.stringify(greedy));
    assert.equal((await thrown(readKeyInfo(home, 'alice'))).code, 'keystore_corrupt');

    await writeFile(path, '{not json');
    assert.equal((await thrown(readKeyInfo(home, 'alice'))).code, 'keystore_corrupt');
    await writeFile(path, JSON.stringify({ ...original, version: 99 }));
    assert.equal((await thrown(readKeyInfo(home, 'alice'))).code, 'unsupported_keystore_version');
  });
});

test('a flipped ciphertext bit is caught by the GCM tag', async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'alice', new KeyPair(SEED), PASSPHRASE);
    const path = keyFilePath(home, 'alice');
    const file = JSON.parse(await readFile(path, 'utf8'));
    const flipped = (parseInt(file.crypto.ciphertext[0], 16) ^ 1).toString(16) + file.crypto.ciphertext.slice(1);
    await writeFile(path, JSON.stringify({ ...file, crypto: { ...file.crypto, ciphertext: flipped } }));
    const error = await thrown(loadKeyPair(home, 'alice', PASSPHRASE));
    assert.equal(error.code, 'bad_passphrase');
    assertNoSecret(error, SEED_HEX, PASSPHRASE);
  });
});

test('a loaded key pair does not show its secret when logged or serialised', async () => {
  await withHome(async (home) => {
    await saveKeyPair(home, 'alice', new KeyPair(SEED), PASSPHRASE);
    const loaded = await loadKeyPair(home, 'alice', PASSPHRASE);
    assertNoSecret(loaded, SEED_HEX);
    assertNoSecret(await listKeys(home), SEED_HEX, PASSPHRASE);
  });
});
