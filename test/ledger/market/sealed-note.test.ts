// A sealed order note (src/crypto/seal.ts; spec/market.md §3 "The note"): the buyer seals a shipping
// address to the seller's Ed25519 public key, only the sealed bytes go on chain (the order record),
// and the seller opens them — nobody else: not another key of the buyer, not the arbiter, not a node
// operator reading the state; a changed byte fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { utf8 as utf8ToBytes } from '../../../src/crypto/hash.ts';
import { SEAL_OVERHEAD_BYTES, openSealed, sealToPublicKey } from '../../../src/crypto/seal.ts';
import { MARKET_NOTE_BYTES_MAX } from '../../../src/ledger/limits.ts';
import { keyFromByte } from '../fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, buy, marketWorld, orderOf } from './market-fixtures.ts';

const ADDRESS = '12 Rue des Lilas, 75011 Paris';
const decoder = new TextDecoder();

function refusesToOpen(secretKey: Uint8Array, sealed: Uint8Array): void {
  assert.throws(() => openSealed(secretKey, sealed), (e: unknown) => e instanceof CryptoError && e.code === 'bad_seal');
}

test('an order carries only the sealed note; the seller opens it, nobody else does', () => {
  const w = marketWorld();
  const sealed = sealToPublicKey(BOB.publicKey, utf8ToBytes(ADDRESS));
  assert.equal(sealed.length, utf8ToBytes(ADDRESS).length + SEAL_OVERHEAD_BYTES);
  const order = buy(w, 1, { note: sealed });
  const onChain = orderOf(w.state, order).note!;
  assert.deepEqual(onChain, sealed);
  assert.equal(decoder.decode(onChain).includes('Lilas'), false, 'the text is not on chain');
  assert.equal(decoder.decode(openSealed(BOB.secretKey, onChain)), ADDRESS);
  const buyersOtherKey = keyFromByte(0x41);
  for (const other of [ALICE, buyersOtherKey, CAROL, DAVE]) refusesToOpen(other.secretKey, onChain);
});

test('a changed byte anywhere (ephemeral key, ciphertext, tag) fails to open', () => {
  const sealed = sealToPublicKey(BOB.publicKey, utf8ToBytes(ADDRESS));
  for (const index of [0, 31, 32, 40, sealed.length - 33, sealed.length - 1]) {
    const altered = Uint8Array.from(sealed);
    altered[index] ^= 0x01;
    refusesToOpen(BOB.secretKey, altered);
  }
  refusesToOpen(BOB.secretKey, sealed.subarray(0, SEAL_OVERHEAD_BYTES - 1));
});

test('each seal draws a fresh ephemeral key; a fixed one gives the same bytes (test vectors)', () => {
  const plaintext = utf8ToBytes(ADDRESS);
  assert.notDeepEqual(sealToPublicKey(BOB.publicKey, plaintext), sealToPublicKey(BOB.publicKey, plaintext));
  const ephemeral = new Uint8Array(32).fill(5);
  assert.deepEqual(sealToPublicKey(BOB.publicKey, plaintext, ephemeral), sealToPublicKey(BOB.publicKey, plaintext, ephemeral));
  // an empty note and one of the largest size the ledger takes both round-trip
  for (const size of [0, 33, MARKET_NOTE_BYTES_MAX - SEAL_OVERHEAD_BYTES]) {
    const text = new Uint8Array(size).map((_, i) => i & 0xff);
    assert.deepEqual(openSealed(BOB.secretKey, sealToPublicKey(BOB.publicKey, text)), text);
  }
  assert.throws(() => sealToPublicKey(new Uint8Array(31), plaintext), (e: unknown) => e instanceof CryptoError && e.code === 'bad_public_key');
});
