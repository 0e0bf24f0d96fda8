// The job kinds' fees (src/ledger/fees.ts WORK_FEE_BASE; spec/work.md §5): every job kind has a base
// fee above 0, nothing else is in the table, and a new chain's recommended schedule includes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECOMMENDED_FEE_BASE, WORK_FEE_BASE } from '../../../src/ledger/fees.ts';
import { CODECS } from '../../../src/ledger/kinds-codec.ts';

test('every job kind has a base fee above 0 in WORK_FEE_BASE, and nothing else is in it', () => {
  const jobKinds = Object.keys(CODECS).filter((kind) => kind.startsWith('job.')).sort();
  assert.equal(jobKinds.length, 10);
  for (const kind of jobKinds) assert.ok((WORK_FEE_BASE[kind as keyof typeof WORK_FEE_BASE] ?? 0n) > 0n, kind);
  assert.deepEqual(Object.keys(WORK_FEE_BASE).sort(), jobKinds);
  for (const kind of jobKinds) assert.equal(RECOMMENDED_FEE_BASE[kind as keyof typeof RECOMMENDED_FEE_BASE], WORK_FEE_BASE[kind as keyof typeof WORK_FEE_BASE], kind);
  assert.equal(WORK_FEE_BASE['job.post'], 10_000n);
});
