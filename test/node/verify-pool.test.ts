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

// The CI flake where a test file's event loop went empty while an in-process node stopped: a batch
// sent to the pool's workers and then closed (node.stop() closes the pool without waiting for an
// admission in flight) was never answered, and no handle was left to keep the process for it. It
// must be refused, and a worker that exits on its own must not strand its jobs either.
test('a batch in flight when the pool closes is refused, not left pending with no thread to answer it', async () => {
  const own = new VerifyPool(1);
  const key = new KeyPair(new Uint8Array(32).fill(9));
  const message = utf8('in flight');
  const signature = key.sign(message);
  const verdicts = own.verify(Array.from({ length: 2_000 }, () => ({ publicKey: key.publicKey, message, signature })));
  await own.close();
  await assert.rejects(verdicts, /closed/);
  await assert.rejects(own.verify([{ publicKey: key.publicKey, message, signature }]), /closed/);
});

test('a worker that exits on its own fails the jobs it held, and the next batch is verified by a new one', async () => {
  const own = new VerifyPool(1);
  after(() => own.close());
  const key = new KeyPair(new Uint8Array(32).fill(10));
  const message = utf8('worker gone');
  const signature = key.sign(message);
  const job = { publicKey: key.publicKey, message, signature };
  const verdicts = own.verify(Array.from({ length: 2_000 }, () => job));
  // What a crash of the thread looks like to the pool: its worker exits.
  await (own as unknown as { workers: import('node:worker_threads').Worker[] }).workers[0].terminate();
  await assert.rejects(verdicts, /exited/);
  assert.deepEqual(await own.verify([job, { ...job, message: utf8('other') }]), [true, false]);
});
