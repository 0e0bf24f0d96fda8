// SHA-256 (src/crypto/hash.ts): node:crypto in Node, @noble/hashes in the browser; both must give
// the FIPS 180-4 answers and the same bytes for any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SHA256_IMPLEMENTATION, fromHex, sha256, sha256Hex, sha256Into, sha256Noble, toHex, utf8 } from '../../src/crypto/hash.ts';
import { CryptoError } from '../../src/crypto/errors.ts';

test('in Node the one-shot node:crypto hash is used', () => {
  assert.equal(SHA256_IMPLEMENTATION, 'node:crypto');
});

const FIPS_VECTORS: [string, string][] = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
];

for (const [input, expected] of FIPS_VECTORS) {
  test(`FIPS 180-4 vector "${input.slice(0, 12)}…": both implementations`, () => {
    assert.equal(sha256Hex(utf8(input)), expected);
    assert.equal(toHex(sha256(utf8(input))), expected);
    assert.equal(toHex(sha256Noble(utf8(input))), expected);
  });
}

test('sha256 returns a plain Uint8Array of 32 bytes (not a Buffer), as the browser path does', () => {
  const digest = sha256(utf8('abc'));
  assert.equal(Object.getPrototypeOf(digest), Uint8Array.prototype);
  assert.equal(digest.length, 32);
  assert.deepEqual(digest, sha256Noble(utf8('abc')));
});

test('property: node:crypto and @noble/hashes agree on any input, including views into larger buffers', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(16), (bytes, offset) => {
      const backing = new Uint8Array(offset + bytes.length + 5).fill(0xaa);
      backing.set(bytes, offset);
      const view = backing.subarray(offset, offset + bytes.length);
      assert.equal(toHex(sha256(view)), toHex(sha256Noble(bytes)));
      assert.equal(sha256Hex(view), toHex(sha256Noble(bytes)));
    }),
    { numRuns: 1000 },
  );
});

test('fromHex takes lower-case hex of even length only, and round-trips with toHex', () => {
  assert.deepEqual(fromHex('00ff10ab'), Uint8Array.from([0, 255, 16, 171]));
  assert.deepEqual(fromHex(''), new Uint8Array(0));
  for (const bad of ['0', 'AB', '0g', 'zz', ' 0', '0\u0660', 'éé']) {
    assert.throws(() => fromHex(bad), (error: unknown) => error instanceof CryptoError && error.code === 'bad_hex', bad);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      assert.deepEqual(fromHex(toHex(bytes)), bytes);
    }),
    { numRuns: 500 },
  );
});

test('property: sha256Into writes the digest sha256 returns at the offset given, and nothing else', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(40), (bytes, offset) => {
      const out = new Uint8Array(offset + 32 + 3).fill(0xaa);
      sha256Into(bytes, out, offset);
      assert.equal(toHex(out.subarray(offset, offset + 32)), toHex(sha256Noble(bytes)));
      assert.ok(out.subarray(0, offset).every((b) => b === 0xaa) && out.subarray(offset + 32).every((b) => b === 0xaa));
    }),
    { numRuns: 300 },
  );
  assert.throws(() => sha256Into(new Uint8Array(1), new Uint8Array(40), 9), RangeError);
});
