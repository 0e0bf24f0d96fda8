// The job kinds' fees (src/ledger/fees.ts WORK_FEE_BASE; spec/work.md §5): every job kind has a base
// fee above 0, nothing else is in the table, and a new chain's recommended schedule includes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECOMMENDED_FEE_BASE, WORK_FEE_BASE } from '../../../src/ledger/fees.ts';
import { CODECS } from '../../../src/ledger/kinds-codec.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { ALICE, BOB, CHAIN_ID, NATIVE, PROPOSER } from '../fixtures.ts';
import { DAY, T0, TimedChain, expectOk, expectRefused } from '../rental-stream-fixtures.ts';

test('every job kind has a base fee above 0 in WORK_FEE_BASE, and nothing else is in it', () => {
  const jobKinds = Object.keys(CODECS).filter((kind) => kind.startsWith('job.')).sort();
  assert.equal(jobKinds.length, 10);
  for (const kind of jobKinds) assert.ok((WORK_FEE_BASE[kind as keyof typeof WORK_FEE_BASE] ?? 0n) > 0n, kind);
  assert.deepEqual(Object.keys(WORK_FEE_BASE).sort(), jobKinds);
  for (const kind of jobKinds) assert.equal(RECOMMENDED_FEE_BASE[kind as keyof typeof RECOMMENDED_FEE_BASE], WORK_FEE_BASE[kind as keyof typeof WORK_FEE_BASE], kind);
  assert.equal(WORK_FEE_BASE['job.post'], 10_000n);
});

test('a chain with the recommended schedule charges the job kinds: a post and a refused apply pay their base fee', () => {
  const chain = new TimedChain([[ALICE, 100_000n], [BOB, 100_000n]], { nativeAsset: NATIVE, fees: { perByte: 0n, base: RECOMMENDED_FEE_BASE } });
  const block = chain.block();
  const job = contractAddressFor(CHAIN_ID, ALICE.address, block.nextNonce(ALICE), 0);
  block.add(ALICE, 'job.post', { spec: new Uint8Array(32).fill(1), asset: NATIVE, milestones: [1_000n], mode: 'single', applyByMs: T0 + DAY, deliverByMs: T0 + 2 * DAY, deadlineMs: T0 + 3 * DAY });
  const [posted] = chain.runAt(T0, block);
  expectOk(posted);
  assert.equal(posted.fee, 10_000n);
  assert.equal(chain.balance(ALICE), 100_000n - 10_000n - 1_000n);
  const refused = chain.one(T0 + 2 * DAY, BOB, 'job.apply', { job, proposal: new Uint8Array(32).fill(2) });
  expectRefused(refused, 'deadline_passed');
  assert.equal(refused.fee, 2_000n);
  assert.equal(chain.balance(PROPOSER), 12_000n);
});
