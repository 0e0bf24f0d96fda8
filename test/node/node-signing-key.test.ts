import assert from 'node:assert/strict';
import test from 'node:test';
import { randomBytes } from 'node:crypto';
import { KeyPair } from '../../src/crypto/keys.ts';
import { nodeSigningKey } from '../../src/node/node.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';

test('the node signs a vote with OpenSSL to the very bytes KeyPair (noble) makes', () => {
  for (let i = 0; i < 20; i++) {
    const key = KeyPair.generate();
    const vote = { type: 'prevote' as const, height: 1 + i, round: i % 3, blockHash: i % 2 === 0 ? null : randomBytes(32).toString('hex'), validator: key.address };
    const bytes = voteSignBytes('agora-test', vote);
    assert.deepEqual(nodeSigningKey(key).sign(bytes), key.sign(bytes));
  }
});

test('the node\'s key refuses a 32-byte message as KeyPair does (decision 0004 §Keys)', () => {
  const key = KeyPair.generate();
  assert.throws(() => nodeSigningKey(key).sign(new Uint8Array(32)), { code: 'bad_message' });
  assert.throws(() => key.sign(new Uint8Array(32)), { code: 'bad_message' });
  assert.equal(nodeSigningKey(key).sign(new Uint8Array(33)).length, 64);
});
