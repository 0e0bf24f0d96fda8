// The reads of src/node/thread-reads.ts (arbiter queues, review lists, evidence documents) wait for
// the read thread bounded, per kind: bad input is refused first with its code and never reaches the
// thread; the (max+1)th of a kind is refused with too_many_reads while the other kinds still pass; a
// read after the queue drained is served. The thread is stood in for by a function that holds each read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyPair } from '../../src/crypto/keys.ts';
import { NodeError } from '../../src/node/errors.ts';
import { ThreadReads, type RunThreadRead, type ThreadRead } from '../../src/node/thread-reads.ts';

const refusedWith = (code: string) => (error: unknown) => error instanceof NodeError && error.code === code;

test('reads waiting for the read thread are bounded per kind: bad input first, the (max+1)th with too_many_reads', async () => {
  const held: { read: ThreadRead; release: () => void }[] = [];
  const run = ((read: ThreadRead) => new Promise<unknown>((resolve) => held.push({ read, release: () => resolve({ kind: read.kind }) }))) as unknown as RunThreadRead;
  const reads = new ThreadReads(run, 2);
  const address = KeyPair.generate().address;
  const first = reads.arbiterDisputes(address, 10);
  const second = reads.arbiterDisputes(address, 10, address);
  await assert.rejects(reads.arbiterDisputes(address, 10), refusedWith('too_many_reads'));
  // The other kinds have bounds of their own.
  const reviews = reads.reviewsOf(address);
  const evidence = reads.evidenceDocument('latest');
  // Bad input is refused with its own code, full or not, and never reaches the thread.
  await assert.rejects(reads.arbiterDisputes('agora1nope', 10), refusedWith('bad_address'));
  await assert.rejects(reads.arbiterDisputes(address, 101), refusedWith('bad_request'));
  await assert.rejects(reads.reviewsOf('agora1nope'), refusedWith('bad_address'));
  await assert.rejects(reads.evidenceDocument(0), refusedWith('not_found'));
  assert.deepEqual(held.map((h) => h.read), [
    { kind: 'disputes', address, limit: 10, after: undefined },
    { kind: 'disputes', address, limit: 10, after: address },
    { kind: 'reviews', subject: address },
    { kind: 'evidence', height: 'latest' },
  ]);
  held.forEach((h) => h.release());
  assert.deepEqual(await Promise.all([first, second, reviews, evidence]), [{ kind: 'disputes' }, { kind: 'disputes' }, { kind: 'reviews' }, { kind: 'evidence' }]);
  const third = reads.arbiterDisputes(address, 10);
  held[4].release();
  assert.deepEqual(await third, { kind: 'disputes' });
  assert.deepEqual([reads.disputes.stats, reads.reviews.stats, reads.evidence.stats], [{ served: 3, refused: 1 }, { served: 1, refused: 0 }, { served: 1, refused: 0 }]);
});
