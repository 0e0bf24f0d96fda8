// Double-sign guard: a table of (last, next) → decision, and the resume point after a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkSign, recordSigned, resumeAt, type LastSigned, type SignStep } from '../../src/consensus/index.ts';

const H1 = '11'.repeat(32);
const H2 = '22'.repeat(32);
const last: LastSigned = { height: 5, round: 2, step: 1, signBytesHash: H1 };
const at = (height: number, round: number, step: SignStep, signBytesHash = H2) => ({ height, round, step, signBytesHash });

test('checkSign table', () => {
  const table: Array<[string, LastSigned | null, ReturnType<typeof at>, string]> = [
    ['nothing signed yet', null, at(1, 0, 0), 'sign'],
    ['later step', last, at(5, 2, 2), 'sign'],
    ['later round', last, at(5, 3, 0), 'sign'],
    ['later height', last, at(6, 0, 0), 'sign'],
    ['same HRS, same bytes', last, at(5, 2, 1, H1), 'resign-same'],
    ['same HRS, other bytes', last, at(5, 2, 1, H2), 'refuse'],
    ['earlier step', last, at(5, 2, 0), 'refuse'],
    ['earlier round', last, at(5, 1, 2), 'refuse'],
    ['earlier height', last, at(4, 9, 2), 'refuse'],
    ['earlier, same bytes', last, at(5, 1, 1, H1), 'refuse'],
  ];
  for (const [name, previous, next, expected] of table) assert.equal(checkSign(previous, next), expected, name);
});

test('checkSign rejects malformed requests', () => {
  assert.throws(() => checkSign(null, at(-1, 0, 0)), /height/);
  assert.throws(() => checkSign(null, at(1, 0.5, 0)), /round/);
  assert.throws(() => checkSign(null, { ...at(1, 0, 0), step: 3 as SignStep }), /step/);
  assert.throws(() => checkSign(null, at(1, 0, 0, 'xyz')), /signBytesHash/);
});

test('property: a sequence of signatures allowed by the guard never has two different bytes at one HRS', () => {
  const request = fc.record({
    height: fc.integer({ min: 1, max: 3 }),
    round: fc.integer({ min: 0, max: 3 }),
    step: fc.constantFrom<SignStep>(0, 1, 2),
    signBytesHash: fc.constantFrom(H1, H2),
  });
  fc.assert(
    fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
      let record: LastSigned | null = null;
      const signed = new Map<string, string>();
      for (const next of requests) {
        if (checkSign(record, next) === 'refuse') continue;
        const key = `${next.height}/${next.round}/${next.step}`;
        const before = signed.get(key);
        if (before !== undefined && before !== next.signBytesHash) return false;
        signed.set(key, next.signBytesHash);
        record = recordSigned(record, next);
      }
      return true;
    }),
  );
});

test('recordSigned carries the lock of the height; resumeAt restores it', () => {
  let record = recordSigned(null, at(5, 0, 2), 'aa'.repeat(32));
  assert.deepEqual(record.lock, { round: 0, blockHash: 'aa'.repeat(32) });
  record = recordSigned(record, at(5, 1, 1));
  record = recordSigned(record, at(5, 1, 2), null); // nil precommit keeps the lock
  assert.deepEqual(resumeAt(record, 5), { startRound: 1, lock: { round: 0, blockHash: 'aa'.repeat(32) } });
  record = recordSigned(record, at(6, 0, 1));
  assert.equal(record.lock, null, 'a new height has no lock');
  assert.deepEqual(resumeAt(record, 7), { startRound: 0, lock: null });
  assert.deepEqual(resumeAt(null, 1), { startRound: 0, lock: null });
});
