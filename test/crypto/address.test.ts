import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bech32m } from '@scure/base';
import { createHash } from 'node:crypto';
import { addressFromPublicKey } from '../../src/crypto/address.ts';

/** The rule itself, with no cache: bech32m("agora", first 20 bytes of SHA-256(public key)). */
function derived(publicKey: Uint8Array): string {
  return bech32m.encode('agora', bech32m.toWords(createHash('sha256').update(publicKey).digest().subarray(0, 20)));
}

/** A reproducible stream of bytes (xorshift32), for keys. */
function bytesFrom(seed: number): (n: number) => Uint8Array {
  let state = seed;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/** FNV-1a over the bytes, as address.ts indexes its cache. */
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash;
}

test('the cached derivation gives the rule\'s address for each of 3,000 keys, asked twice', () => {
  const next = bytesFrom(7);
  const keys = Array.from({ length: 3_000 }, () => next(32));
  for (let round = 0; round < 2; round++) for (const key of keys) assert.equal(addressFromPublicKey(key), derived(key));
});

test('a key whose array changes after it was derived, or a view into a larger buffer, gets its own address', () => {
  const buffer = bytesFrom(11)(100);
  const view = buffer.subarray(5, 37);
  const first = addressFromPublicKey(view);
  assert.equal(first, derived(view));
  view[0] ^= 1; // the caller reuses its buffer
  assert.equal(addressFromPublicKey(view), derived(view));
  assert.notEqual(addressFromPublicKey(view), first);
});

test('two keys whose cache hashes collide each get their own address, in any order', () => {
  const next = bytesFrom(3);
  const seen = new Map<number, Uint8Array>();
  let pair: [Uint8Array, Uint8Array] | undefined;
  for (let i = 0; i < 400_000 && pair === undefined; i++) {
    const key = next(32);
    const hash = fnv1a(key);
    const earlier = seen.get(hash);
    if (earlier !== undefined) pair = [earlier, key];
    else seen.set(hash, key);
  }
  assert.ok(pair !== undefined, 'a colliding pair exists among the keys tried');
  const [a, b] = pair;
  for (const key of [a, b, a, a, b, b, a]) assert.equal(addressFromPublicKey(key), derived(key));
});

test('a key that is not 32 bytes is refused', () => {
  assert.throws(() => addressFromPublicKey(new Uint8Array(31)), /32 bytes/);
});
