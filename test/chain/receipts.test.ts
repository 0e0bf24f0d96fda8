// addressesOf (src/chain/receipts.ts): the addresses a receipt touches, for the per-address tx index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressesOf } from '../../src/chain/receipts.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { Receipt } from '../../src/ledger/types.ts';

const [a, b, c, d] = [1, 2, 3, 4].map((n) => new KeyPair(new Uint8Array(32).fill(n)).address);

test('signers, single addresses and the members of a list, each once, sorted; nothing that is not an address', () => {
  const receipt: Receipt = {
    txId: '00'.repeat(32),
    code: 'ok',
    fee: 0n,
    events: [
      { type: 'transfer', attributes: { from: a, to: b, asset: 'AGR', amount: '5' } },
      { type: 'split.created', attributes: { split: c, members: `${b}:3,${d}:1` } },
      { type: 'note', attributes: { text: 'agora1 is not an address', list: `${a},agora1nope` } },
    ],
  };
  assert.deepEqual(addressesOf([a], receipt), [a, b, c, d].sort());
});
