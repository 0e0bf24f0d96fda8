// Credentials (src/ledger/market/credential.ts; spec/market.md §1): issued and revoked by a registry's
// curator or an attester of the type, valid until expiry or revocation, named by registry and type so
// that a registry of the holder's own does not meet a requirement; every refusal in its order with
// nothing changed but the nonce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCredential, holdsCredential } from '../../../src/ledger/market/credential.ts';
import { okAt, refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, marketWorld } from './market-fixtures.ts';

const KYC = { registry: 'kyc-eu', type: 'kyc' };

test('an attester issues a credential with an expiry and a document hash; it is valid until the expiry', () => {
  const w = marketWorld();
  const document = new Uint8Array(32).fill(9);
  const events = okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address, expiresAtMs: H(10), document }, H(1));
  assert.deepEqual(events, [{ type: 'credential.issued', attributes: { registry: 'kyc-eu', type: 'kyc', subject: ALICE.address, issuer: DAVE.address, expiresAtMs: String(H(10)) } }]);
  assert.deepEqual(getCredential(w.state, KYC, ALICE.address), { issuer: DAVE.address, issuedAtMs: H(1), expiresAtMs: H(10), document });
  assert.equal(holdsCredential(w.state, KYC, ALICE.address, H(10) - 1), true);
  assert.equal(holdsCredential(w.state, KYC, ALICE.address, H(10)), false);
  assert.equal(holdsCredential(w.state, { registry: 'kyc-eu', type: 'age' }, ALICE.address, H(2)), false);
});

test('a credential of a registry of ones own does not meet a requirement named by another registry', () => {
  const w = marketWorld();
  okAt(w.state, ALICE, 'registry.create', { name: 'alice-kyc', open: false }, H(1));
  okAt(w.state, ALICE, 'credential.issue', { registry: 'alice-kyc', type: 'kyc', to: ALICE.address }, H(1));
  assert.equal(holdsCredential(w.state, { registry: 'alice-kyc', type: 'kyc' }, ALICE.address, H(2)), true);
  assert.equal(holdsCredential(w.state, KYC, ALICE.address, H(2)), false);
});

test('revocation: by the curator or an attester; the credential is no longer valid', () => {
  const w = marketWorld();
  okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address }, H(1));
  const events = okAt(w.state, CAROL, 'credential.revoke', { ...KYC, to: ALICE.address }, H(2));
  assert.deepEqual(events[0].attributes, { registry: 'kyc-eu', type: 'kyc', subject: ALICE.address, by: CAROL.address });
  assert.equal(getCredential(w.state, KYC, ALICE.address)?.revokedAtMs, H(2));
  assert.equal(holdsCredential(w.state, KYC, ALICE.address, H(2)), false);
  // a new issue renews it
  okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address }, H(3));
  assert.equal(holdsCredential(w.state, KYC, ALICE.address, H(3)), true);
});

test('credential.issue and credential.revoke refusals, in order, change nothing', () => {
  const w = marketWorld();
  refusedAt(w.state, DAVE, 'credential.issue', { registry: 'nowhere', type: 'kyc', to: ALICE.address }, 'unknown_registry', H(1));
  refusedAt(w.state, BOB, 'credential.issue', { ...KYC, to: ALICE.address }, 'not_authorised', H(1));
  refusedAt(w.state, DAVE, 'credential.issue', { registry: 'kyc-eu', type: 'age', to: ALICE.address }, 'not_authorised', H(1));
  refusedAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address, expiresAtMs: H(1) }, 'deadline_passed', H(1));
  refusedAt(w.state, DAVE, 'credential.revoke', { registry: 'nowhere', type: 'kyc', to: ALICE.address }, 'unknown_registry', H(1));
  refusedAt(w.state, BOB, 'credential.revoke', { ...KYC, to: ALICE.address }, 'not_authorised', H(1));
  refusedAt(w.state, DAVE, 'credential.revoke', { ...KYC, to: ALICE.address }, 'unknown_credential', H(1));
  okAt(w.state, DAVE, 'credential.issue', { ...KYC, to: ALICE.address }, H(1));
  okAt(w.state, DAVE, 'credential.revoke', { ...KYC, to: ALICE.address }, H(2));
  refusedAt(w.state, DAVE, 'credential.revoke', { ...KYC, to: ALICE.address }, 'credential_revoked', H(3));
});
