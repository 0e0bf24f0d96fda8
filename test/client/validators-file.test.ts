// The agora-validators-update/1 file (src/client/validators.ts): propose, approve, read back, and the
// payload it makes, whose approvals verify over approvalBytes (spec/ledger.md §10.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approveValidatorsUpdate, proposeValidatorsUpdate, readValidatorsUpdateFile, validatorsApprovalBytes, validatorsUpdatePayload } from '../../src/client/validators.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';

const [v0, v1, newcomer] = [31, 32, 33].map((b) => new KeyPair(new Uint8Array(32).fill(b)));
const changes = [{ publicKey: newcomer.publicKey, power: 4n }, { publicKey: v1.publicKey, power: 0n }];

test('propose, approve twice (the second replaces), read back: the payload carries approvals that verify', () => {
  let file = proposeValidatorsUpdate('agora-x', 3n, changes);
  assert.deepEqual(file.changes.map((c) => [c.address, c.power]), [[newcomer.address, '4'], [v1.address, '0']]);
  file = approveValidatorsUpdate(file, v0);
  file = approveValidatorsUpdate(file, v1);
  file = approveValidatorsUpdate(file, v0);
  assert.deepEqual(file.approvals.map((a) => a.validator), [v1.address, v0.address]);
  const read = readValidatorsUpdateFile(JSON.parse(JSON.stringify(file)));
  const payload = validatorsUpdatePayload(read);
  assert.equal(payload.sequence, 3n);
  const message = validatorsApprovalBytes('agora-x', 3n, payload.changes);
  for (const approval of payload.approvals) {
    const key = [v0, v1].find((k) => k.address === approval.validator)!;
    assert.ok(verifyEd25519(key.publicKey, message, approval.signature));
    assert.ok(!verifyEd25519(key.publicKey, validatorsApprovalBytes('agora-y', 3n, payload.changes), approval.signature), 'not for another chain');
    assert.ok(!verifyEd25519(key.publicKey, validatorsApprovalBytes('agora-x', 4n, payload.changes), approval.signature), 'not for another sequence');
  }
});

test('a file that is not one, or whose change names a key of another address, or a bad power, is refused', () => {
  const good = approveValidatorsUpdate(proposeValidatorsUpdate('agora-x', 0n, changes), v0);
  const cases: [string, (f: typeof good) => void][] = [
    ['another format', (f) => ((f as { format: string }).format = 'agora-swap/1')],
    ['a key of another address', (f) => (f.changes[0].address = v0.address)],
    ['a power above 2^64 - 1', (f) => (f.changes[0].power = (2n ** 64n).toString())],
    ['a negative sequence', (f) => (f.sequence = '-1')],
    ['a short signature', (f) => (f.approvals[0].signature = 'ab')],
    ['no change', (f) => (f.changes = [])],
  ];
  for (const [what, change] of cases) {
    const file = structuredClone(good);
    change(file);
    assert.throws(() => readValidatorsUpdateFile(file), (error: Error & { code?: string }) => error.code === 'bad_request', what);
  }
  assert.throws(() => proposeValidatorsUpdate('agora-x', 0n, [changes[0], changes[0]]), /twice/);
});
