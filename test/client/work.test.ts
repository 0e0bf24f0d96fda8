// The SDK builders of the ten work kinds (spec/work.md §3): each builds, signs and decodes back to the
// same body with a valid signature; optional fields absent stay absent; jobIdOf names the address the
// ledger gives the job (checked against a node in test/cli/work.test.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signTx } from '../../src/client/builders.ts';
import {
  buildJobApply,
  buildJobApprove,
  buildJobAssign,
  buildJobAward,
  buildJobCancel,
  buildJobDeliver,
  buildJobDispute,
  buildJobPost,
  buildJobReplace,
  buildJobWithdraw,
  jobIdOf,
} from '../../src/client/work.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { checkTxAuth, decodeTx, encodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';

const alice = KeyPair.generate();
const bob = KeyPair.generate();
const carol = KeyPair.generate();
const job = KeyPair.generate().address;
const common = { chainId: 'agora-test', from: alice.publicKey, nonce: 7n, fee: 1_000n };
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));

function roundTrip(body: TxBody): void {
  const signed = signTx(body, [alice]);
  const decoded = decodeTx(signed.bytes);
  if (isRejection(decoded)) assert.fail(`${body.kind}: ${decoded.code}: ${decoded.message}`);
  assert.equal(decoded.id, signed.id);
  assert.deepEqual(encodeTx(decoded.tx), signed.bytes, body.kind);
  assert.deepEqual(json(decoded.tx.body), json(body), body.kind);
  assert.equal(checkTxAuth(decoded, 'agora-test', verifyEd25519), null);
}

describe('SDK work builders', () => {
  test('the ten job kinds build, sign and decode back to the same body', () => {
    const kinds = new Set<string>();
    const bodies: TxBody[] = [
      buildJobPost({ ...common, spec: new Uint8Array(32).fill(1), asset: 'AGR', milestones: [300n, 700n], applyByMs: 1_000, deliverByMs: 2_000, deadlineMs: 3_000 }),
      buildJobPost({
        ...common, spec: new Uint8Array(32).fill(2), asset: 'USD', milestones: [1n], mode: 'team', applyByMs: 1, deliverByMs: 1, deadlineMs: 1, reviewWindowMs: 60_000,
        arbiters: [{ address: carol.address, fee: 0n }, { address: bob.address, fee: 1n }], arbiterWindowMs: 5, bond: 50n, requires: { registry: 'kyc-eu', type: 'kyc' },
      }),
      buildJobPost({ ...common, spec: new Uint8Array(32), asset: 'AGR', milestones: [5n], mode: 'contest', applyByMs: 1, deliverByMs: 2, deadlineMs: 3 }),
      buildJobApply({ ...common, job, proposal: new Uint8Array(32).fill(3) }),
      buildJobApply({ ...common, job, proposal: new Uint8Array(32).fill(3), bid: 900n, payee: bob.address }),
      buildJobAssign({ ...common, job, worker: bob.address }),
      buildJobAssign({ ...common, job, worker: bob.address, arbiter: carol.address }),
      buildJobDeliver({ ...common, job, milestone: 0 }),
      buildJobDeliver({ ...common, job, milestone: 15, document: new Uint8Array(32).fill(9) }),
      buildJobApprove({ ...common, job, milestone: 1 }),
      buildJobDispute({ ...common, job }),
      buildJobReplace({ ...common, job }),
      buildJobAward({ ...common, job, to: bob.address, amount: 600n }),
      buildJobCancel({ ...common, job }),
      buildJobWithdraw({ ...common, job }),
    ];
    for (const body of bodies) {
      roundTrip(body);
      kinds.add(body.kind);
    }
    assert.equal(kinds.size, 10);
  });

  test('absent options stay absent; a single job by default', () => {
    const body = buildJobPost({ ...common, spec: new Uint8Array(32), asset: 'AGR', milestones: [1n], applyByMs: 1, deliverByMs: 2, deadlineMs: 3 });
    assert.deepEqual(Object.keys(body.payload).sort(), ['applyByMs', 'asset', 'deadlineMs', 'deliverByMs', 'milestones', 'mode', 'spec']);
    assert.equal(body.payload.mode, 'single');
    assert.deepEqual(Object.keys(buildJobApply({ ...common, job, proposal: new Uint8Array(32) }).payload).sort(), ['job', 'proposal']);
    assert.deepEqual(Object.keys(buildJobDeliver({ ...common, job, milestone: 0 }).payload).sort(), ['job', 'milestone']);
  });

  test('jobIdOf: the contract address of the poster and the nonce the post consumes', () => {
    const body = buildJobPost({ ...common, spec: new Uint8Array(32), asset: 'AGR', milestones: [1n], applyByMs: 1, deliverByMs: 2, deadlineMs: 3 });
    assert.equal(jobIdOf(body), contractAddressFor('agora-test', alice.address, 7n, 0));
  });
});
