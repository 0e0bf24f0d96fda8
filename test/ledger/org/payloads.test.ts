// The org kinds' stateless payload checks (src/ledger/org/decode.ts; spec/org.md §5): each bad input
// has its code, made in decodeTx before anything is applied; good payloads decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../../src/codec/cbor.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { ALICE, BOB, rawBody, rawTx } from '../fixtures.ts';
import { decodeCode } from '../records-fixtures.ts';
import { CHARTER } from './fixtures.ts';

const ORG = contractAddressFor('elsewhere', ALICE.address, 0n, 0);
const HASH = new Uint8Array(32).fill(1);
const charter = { ...CHARTER } as unknown as { [key: string]: CborValue };
const create = (over: { [key: string]: CborValue }): CborValue => ({ name: 'Coop', token: { symbol: 'COOP', name: 'Coop', decimals: 0 }, members: [BOB.address], charter, foundingReputation: 3000, ...over });
const propose = (action: CborValue): CborValue => ({ org: ORG, action });

const cases: [string, string, CborValue, RejectCode | 'ok'][] = [
  ['org.create', 'a good one', create({}), 'ok'],
  ['org.create', 'an unknown field', create({ extra: 1 }), 'bad_shape'],
  ['org.create', 'a bad token symbol', create({ token: { symbol: 'coop', name: 'x', decimals: 0 } }), 'bad_symbol'],
  ['org.create', 'a member twice', create({ members: [BOB.address, BOB.address] }), 'bad_shape'],
  ['org.create', 'sixteen founders', create({ members: Array.from({ length: 16 }, () => BOB.address) }), 'bad_shape'],
  ['org.create', 'a bad member', create({ members: ['agora1'] }), 'bad_address'],
  ['org.create', 'no founding reputation', create({ foundingReputation: 0 }), 'bad_amount'],
  ['org.create', 'a quorum above 10^6 ppm', create({ charter: { ...charter, quorumPpm: 1_000_001 } }), 'bad_charter'],
  ['org.create', 'a threshold above 10^6 ppm', create({ charter: { ...charter, thresholdPpm: 2_000_000 } }), 'bad_charter'],
  ['org.create', 'a stake above 10^6 ppm', create({ charter: { ...charter, evaluatorStakePpm: 1_000_001 } }), 'bad_charter'],
  ['org.create', 'a window under a second', create({ charter: { ...charter, evaluationWindowMs: 999 } }), 'bad_charter'],
  ['org.create', 'a half-life under 16 s', create({ charter: { ...charter, halfLifeMs: 15_999 } }), 'bad_charter'],
  ['org.create', 'a motion stake of 0', create({ charter: { ...charter, motionStake: 0 } }), 'bad_charter'],
  ['org.create', 'a charter without open', create({ charter: Object.fromEntries(Object.entries(charter).filter(([key]) => key !== 'open')) }), 'bad_shape'],
  ['org.create', 'open as a number', create({ charter: { ...charter, open: 1 } }), 'bad_shape'],
  ['org.join', 'a bad org', { org: 'x' }, 'bad_address'],
  ['org.fund', 'nothing to give', { org: ORG }, 'bad_shape'],
  ['org.fund', 'an amount of 0', { org: ORG, assets: [{ asset: 'AGR', amount: 0 }] }, 'bad_amount'],
  ['org.contribute', 'a short document hash', { org: ORG, document: new Uint8Array(31), description: 'x' }, 'bad_shape'],
  ['org.contribute', 'a description of 281 characters', { org: ORG, document: HASH, description: 'x'.repeat(281) }, 'bad_shape'],
  ['org.contribute', 'a domain of 33 characters', { org: ORG, document: HASH, description: 'x', domain: 'd'.repeat(33) }, 'bad_shape'],
  ['org.contribute', 'with a domain', { org: ORG, document: HASH, description: 'x', domain: 'design' }, 'ok'],
  ['org.evaluate', 'a short commitment', { org: ORG, contribution: 0, commitment: new Uint8Array(8) }, 'bad_shape'],
  ['org.evaluate', 'a negative contribution', { org: ORG, contribution: -1, commitment: HASH }, 'bad_shape'],
  ['org.reveal', 'a score of 101', { org: ORG, contribution: 0, value: 101, salt: HASH }, 'bad_shape'],
  ['org.reveal', 'a vote of 2', { org: ORG, motion: 0, value: 2, salt: HASH }, 'bad_shape'],
  ['org.reveal', 'both a contribution and a motion', { org: ORG, contribution: 0, motion: 0, value: 1, salt: HASH }, 'bad_shape'],
  ['org.reveal', 'neither', { org: ORG, value: 1, salt: HASH }, 'bad_shape'],
  ['org.reveal', 'a score of 100', { org: ORG, contribution: 0, value: 100, salt: HASH }, 'ok'],
  ['org.close', 'no contribution', { org: ORG }, 'bad_shape'],
  ['org.claim', 'an unknown field', { org: ORG, contribution: 0, to: BOB.address }, 'bad_shape'],
  ['org.propose', 'an unknown action', propose({ type: 'burn', amount: 1 }), 'bad_shape'],
  ['org.propose', 'a pay of nothing', propose({ type: 'pay', to: BOB.address }), 'bad_shape'],
  ['org.propose', 'a pay to a bad address', propose({ type: 'pay', to: 'x', assets: [{ asset: 'AGR', amount: 1 }] }), 'bad_address'],
  ['org.propose', 'a mint of 0', propose({ type: 'mint', to: BOB.address, amount: 0 }), 'bad_amount'],
  ['org.propose', 'a mint with a stray field', propose({ type: 'mint', to: BOB.address, amount: 1, assets: [] }), 'bad_shape'],
  ['org.propose', 'a charter out of range', propose({ type: 'charter', charter: { ...charter, quorumPpm: 1_000_001 } }), 'bad_charter'],
  ['org.propose', 'a split of one member', propose({ type: 'split', members: [{ address: BOB.address, weight: 1 }], asset: 'AGR', amount: 1 }), 'bad_shape'],
  ['org.propose', 'a stream with a rate of 0', propose({ type: 'stream', payee: BOB.address, asset: 'AGR', ratePerSecond: 0, deposit: 1 }), 'bad_amount'],
  ['org.propose', 'a member', propose({ type: 'member', address: BOB.address }), 'ok'],
  ['org.propose', 'an escrow', propose({ type: 'escrow', payee: BOB.address, deadlineMs: 5, onExpiry: 'release', tranches: [{ assets: [{ asset: 'AGR', amount: 1 }] }] }), 'ok'],
  ['org.propose', 'an escrow with a bad default', propose({ type: 'escrow', payee: BOB.address, deadlineMs: 5, onExpiry: 'keep', tranches: [{ assets: [{ asset: 'AGR', amount: 1 }] }] }), 'bad_shape'],
  ['org.propose', 'an escrow with a stray field', propose({ type: 'escrow', payee: BOB.address, deadlineMs: 5, onExpiry: 'release', tranches: [{ assets: [{ asset: 'AGR', amount: 1 }] }], to: BOB.address }), 'bad_shape'],
  ['org.propose', 'a removal', propose({ type: 'remove', address: BOB.address }), 'ok'],
  ['org.propose', 'a registry', propose({ type: 'registry', name: 'coop-roles' }), 'ok'],
  ['org.propose', 'a registry with a stray field', propose({ type: 'registry', name: 'coop-roles', open: true }), 'bad_shape'],
  ['org.propose', 'an issue', propose({ type: 'issue', credential: { registry: 'coop-roles', type: 'approver' }, to: BOB.address, expiresAtMs: 5 }), 'ok'],
  ['org.propose', 'an issue without a type', propose({ type: 'issue', credential: { registry: 'coop-roles' }, to: BOB.address }), 'bad_name'],
  ['org.propose', 'a revoke', propose({ type: 'revoke', credential: { registry: 'coop-roles', type: 'approver' }, to: BOB.address }), 'ok'],
  ['org.propose', 'a revoke with an expiry', propose({ type: 'revoke', credential: { registry: 'coop-roles', type: 'approver' }, to: BOB.address, expiresAtMs: 5 }), 'bad_shape'],
  ['org.propose', 'a release', propose({ type: 'release', escrow: BOB.address, tranche: 0 }), 'ok'],
  ['org.propose', 'a release of tranche 16', propose({ type: 'release', escrow: BOB.address, tranche: 16 }), 'bad_shape'],
  ['org.propose', 'a dispute', propose({ type: 'dispute', escrow: BOB.address }), 'ok'],
  ['org.propose', 'a charter with an approver role', propose({ type: 'charter', charter: { ...charter, approver: { registry: 'coop-roles', type: 'approver' } } }), 'ok'],
  ['org.propose', 'a distribution', propose({ type: 'distribute', asset: 'AGR', amount: 5 }), 'ok'],
  ['org.propose', 'a distribution of 0', propose({ type: 'distribute', asset: 'AGR', amount: 0 }), 'bad_amount'],
  ['org.propose', 'a distribution to holders', propose({ type: 'distribute', asset: 'AGR', amount: 5, to: 'holders' }), 'ok'],
  ['org.propose', 'a distribution to reputation, named', propose({ type: 'distribute', asset: 'AGR', amount: 5, to: 'reputation' }), 'ok'],
  ['org.propose', 'a distribution to someone else', propose({ type: 'distribute', asset: 'AGR', amount: 5, to: 'members' }), 'bad_shape'],
  ['org.lock', 'a lock', { org: ORG, amount: 5 }, 'ok'],
  ['org.lock', 'a lock of 0', { org: ORG, amount: 0 }, 'bad_amount'],
  ['org.lock', 'no amount', { org: ORG }, 'bad_amount'],
  ['org.unlock', 'an unknown field', { org: ORG, amount: 5, asset: 'COOP' }, 'bad_shape'],
  ['org.unlock', 'a bad org', { org: 'agora1', amount: 5 }, 'bad_address'],
  ['org.transfer', 'reputation is never transferable: there is no such kind', { org: ORG, to: BOB.address, amount: 5 }, 'unknown_kind'],
  ['org.withdraw', 'an unknown field', { org: ORG, asset: 'AGR' }, 'bad_shape'],
  ['org.object', 'a bad org', { org: 'agora1', motion: 0 }, 'bad_address'],
  ['org.vote', 'no commitment', { org: ORG, motion: 0 }, 'bad_shape'],
  ['org.execute', 'a motion as text', { org: ORG, motion: '0' }, 'bad_shape'],
];

for (const [kind, name, payload, code] of cases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}
