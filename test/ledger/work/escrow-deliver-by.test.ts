// The escrow's per-tranche delivery deadline (spec/ledger.md §8.2.8): an undelivered tranche refunds
// from its own deadline, whatever the escrow's default; delivering it after that is too late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../../src/codec/cbor.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import { decodeCode } from '../records-fixtures.ts';
import { rawBody, rawTx } from '../fixtures.ts';
import { refusedAt } from '../contracts-fixtures.ts';
import { ALICE, BOB, DAVE, DAY_MS, T, contractOf, escrowOf, okAt, usd, workWorld } from './work-fixtures.ts';

test('payload checks of deliverByMs', () => {
  const base = { payee: BOB.address, deadlineMs: T(30), onExpiry: 'release', reviewWindowMs: DAY_MS, tranches: [{ assets: [{ asset: 'USD', amount: 1 }] }, { assets: [{ asset: 'USD', amount: 1 }] }] };
  const cases: [string, { [key: string]: CborValue }, RejectCode][] = [
    ['one deadline for two tranches', { ...base, deliverByMs: [T(7)] }, 'bad_shape'],
    ['a deadline after the escrow deadline', { ...base, deliverByMs: [T(7), T(31)] }, 'bad_shape'],
    ['without a review window', { payee: base.payee, deadlineMs: base.deadlineMs, onExpiry: base.onExpiry, tranches: base.tranches, deliverByMs: [T(7), T(30)] }, 'bad_shape'],
    ['an empty list', { ...base, deliverByMs: [] }, 'bad_shape'],
  ];
  for (const [name, payload, code] of cases) {
    assert.equal(decodeCode(rawTx(rawBody('escrow.create', payload, ALICE), [ALICE])), code, name);
  }
});

test('a tranche not delivered by its own deadline refunds; the other stays held and is delivered later', () => {
  const w = workWorld();
  const [alice0, bob0] = [usd(w.state, ALICE), usd(w.state, BOB)];
  const escrow = contractOf(okAt(w.state, ALICE, 'escrow.create', {
    payee: BOB.address, deadlineMs: T(30), onExpiry: 'release', reviewWindowMs: 14 * DAY_MS, deliverByMs: [T(7), T(30)],
    tranches: [{ assets: [{ asset: 'USD', amount: 300n }] }, { assets: [{ asset: 'USD', amount: 700n }] }],
  }, T(0)), 'escrow.created', 'escrow');
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'deadline_not_reached', T(7) - 1);
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, 'deadline_passed', T(7));
  const settled = okAt(w.state, DAVE, 'escrow.settle', { escrow }, T(7));
  assert.equal(settled[0].attributes.outcome, 'refunded');
  assert.equal(usd(w.state, ALICE), alice0 - 700n);
  assert.equal(escrowOf(w.state, escrow).state, 'open');
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 1 }, T(8));
  okAt(w.state, DAVE, 'escrow.settle', { escrow }, T(22));
  assert.equal(usd(w.state, BOB), bob0 + 700n);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
});
