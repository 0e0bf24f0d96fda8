import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VerifyPool } from '../../src/node/verify-pool.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { fromHex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';

/** The pool must give exactly the verdicts of the one rule (spec/decisions/0001): same vectors. */
const pool = new VerifyPool(2);
after(() => pool.close());

interface Case {
  pub_key: string;
  signature: string;
  message?: string;
}

function jobsOf(file: string, message?: string): { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[] {
  const data = JSON.parse(readFileSync(new URL(`../crypto/vectors/${file}`, import.meta.url), 'utf8')) as { message?: string; cases: Case[] };
  return data.cases.map((c) => ({ publicKey: fromHex(c.pub_key), message: fromHex(c.message ?? message ?? data.message ?? ''), signature: fromHex(c.signature) }));
}

test('pool verdicts equal verifyEd25519Node on the speccheck and ZIP-215 vectors', async () => {
  for (const file of ['ed25519-speccheck.json', 'ed25519-zip215-small-order.json']) {
    const jobs = jobsOf(file);
    const expected = jobs.map((j) => verifyEd25519Node(j.publicKey, j.message, j.signature));
    assert.deepEqual(await pool.verify(jobs), expected, file);
  }
});

test('pool accepts good signatures and refuses tampered ones, in order', async () => {
  const keys = Array.from({ length: 40 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1)));
  const jobs = keys.map((key, i) => {
    const message = utf8(`message ${i}`);
    const signature = key.sign(message);
    if (i % 3 === 0) signature[5] ^= 1;
    return { publicKey: key.publicKey, message, signature };
  });
  const verdicts = await pool.verify(jobs);
  assert.deepEqual(verdicts, jobs.map((_, i) => i % 3 !== 0));
});

test('an empty batch verifies to nothing', async () => {
  assert.deepEqual(await pool.verify([]), []);
});

test('jobs whose keys, messages and signatures are views at odd offsets into one buffer, of any message length, keep their verdicts and order', async () => {
  const keys = Array.from({ length: 9 }, (_, i) => new KeyPair(new Uint8Array(32).fill(100 + i)));
  const messages = keys.map((_, i) => utf8('x'.repeat(i * 37)));
  const signatures = keys.map((key, i) => key.sign(messages[i]));
  signatures[4][63] ^= 0x40;
  // Everything laid into one buffer at an odd start, as a gossip frame holds a batch's txs.
  const shared = new Uint8Array(1 + keys.reduce((sum, _, i) => sum + 96 + messages[i].length, 0));
  let at = 1;
  const place = (bytes: Uint8Array): Uint8Array => {
    shared.set(bytes, at);
    at += bytes.length;
    return shared.subarray(at - bytes.length, at);
  };
  const jobs = keys.map((key, i) => ({ publicKey: place(key.publicKey), message: place(messages[i]), signature: place(signatures[i]) }));
  assert.deepEqual(await pool.verify(jobs), keys.map((_, i) => i !== 4));
  assert.deepEqual(await pool.verify(jobs.slice(5)), [true, true, true, true], 'a later batch is read from its own buffer');
});
