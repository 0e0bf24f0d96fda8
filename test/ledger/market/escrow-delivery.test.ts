// The escrow additions of issue 14 (src/ledger/contracts/escrow-deliver.ts, escrow-state.ts,
// escrow-resolve.ts; spec/ledger.md §8.2.7): delivery and its review window, the arbiter's fee, the
// arbiter's window, each refusal (nothing changes but the nonce), and the worked example of the spec,
// balances exact to the base unit. The contract invariants are checked after every tx (okAt, refusedAt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCode } from '../records-fixtures.ts';
import { rawBody, rawTx } from '../fixtures.ts';
import type { CborValue } from '../../../src/codec/cbor.ts';
import { loadEscrow, type Escrow } from '../../../src/ledger/contracts/escrow-state.ts';
import type { EscrowCreatePayload } from '../../../src/ledger/contracts/escrow-types.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, balance, contractOf, contractWorld, okAt, refusedAt, type ContractWorld } from '../contracts-fixtures.ts';

const H = (hours: number): number => NOW_MS + hours * HOUR_MS;
const DOC = new Uint8Array(32).fill(7);

function escrowOf(state: MemoryState, address: string): Escrow {
  const escrow = loadEscrow(state, address);
  assert.ok(!('code' in escrow), `no escrow at ${address}`);
  return escrow;
}

/** The spec's example: ALICE pays BOB 1 000 USD, arbiter CAROL with a 30 USD fee, deadline 48 h (refund), review 72 h, arbiter 96 h. */
function example(w: ContractWorld, extra: Partial<EscrowCreatePayload> = {}): string {
  const payload: EscrowCreatePayload = {
    payee: BOB.address, arbiter: CAROL.address, deadlineMs: H(48), onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1000n }] }],
    reviewWindowMs: 72 * HOUR_MS, arbiterFee: { asset: 'USD', amount: 30n }, arbiterWindowMs: 96 * HOUR_MS, ...extra,
  };
  return contractOf(okAt(w.state, ALICE, 'escrow.create', payload, H(0)), 'escrow.created', 'escrow');
}

function usd(w: ContractWorld): [bigint, bigint, bigint] {
  return [balance(w.state, ALICE, 'USD'), balance(w.state, BOB, 'USD'), balance(w.state, CAROL, 'USD')];
}

test('payload checks of the additions', () => {
  const addr = BOB.address;
  const base = { payee: addr, deadlineMs: H(1), onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1 }] }] };
  const cases: [string, string, { [key: string]: CborValue }, RejectCode][] = [
    ['escrow.create', 'a fee without an arbiter', { ...base, arbiterFee: { asset: 'USD', amount: 1 } }, 'bad_shape'],
    ['escrow.create', 'an arbiter window without an arbiter', { ...base, arbiterWindowMs: 5 }, 'bad_shape'],
    ['escrow.create', 'a review window of 0', { ...base, reviewWindowMs: 0 }, 'bad_shape'],
    ['escrow.create', 'a review window above 366 days', { ...base, reviewWindowMs: 367 * 24 * HOUR_MS }, 'bad_shape'],
    ['escrow.create', 'a fee of 0', { ...base, arbiter: CAROL.address, arbiterFee: { asset: 'USD', amount: 0 } }, 'bad_amount'],
    ['escrow.create', 'a fee with a bad symbol', { ...base, arbiter: CAROL.address, arbiterFee: { asset: 'usd', amount: 1 } }, 'bad_symbol'],
    ['escrow.deliver', 'no tranche', { escrow: addr }, 'bad_shape'],
    ['escrow.deliver', 'a document of 31 bytes', { escrow: addr, tranche: 0, document: new Uint8Array(31) }, 'bad_shape'],
    ['escrow.deliver', 'an unknown field', { escrow: addr, tranche: 0, note: 'x' }, 'bad_shape'],
  ];
  for (const [kind, name, payload, code] of cases) {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code, `${kind}: ${name}`);
  }
});

test('delivery: a delivered tranche follows its review window, not the refund default, and stays disputable', () => {
  const w = contractWorld();
  const escrow = example(w);
  const before = usd(w);
  const events = okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0, document: DOC }, H(10));
  assert.equal(events[0].type, 'escrow.delivered');
  assert.equal(events[0].attributes.reviewEndsMs, String(H(82)));
  assert.equal(events[0].attributes.document, '07'.repeat(32));
  assert.equal(escrowOf(w.state, escrow).tranches[0].deliveredAtMs, H(10));
  // past the deadline (48 h), before the window's end (82 h): nothing is due, a dispute is still possible
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'deadline_not_reached', H(60));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, 'already_delivered', H(20));
  // the buyer vanishes: from 82 h anyone settles, and the tranche releases to BOB
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'deadline_not_reached', H(82) - 1);
  const settled = okAt(w.state, DAVE, 'escrow.settle', { escrow }, H(82));
  assert.equal(settled[0].attributes.outcome, 'released');
  assert.deepEqual(usd(w), [before[0], before[1] + 1000n, before[2]]);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
});

test('delivery: a dispute inside the window after the deadline; the arbiter resolves with its fee', () => {
  const w = contractWorld();
  const escrow = example(w);
  const [alice, bob, carol] = usd(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, H(10));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(70));
  assert.equal(escrowOf(w.state, escrow).disputedAtMs, H(70));
  refusedAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 980n }] } }, 'bad_resolution', H(100));
  const events = okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 600n }] } }, H(100));
  assert.equal(events[0].attributes.fee, '30');
  assert.equal(events[0].attributes.feeAsset, 'USD');
  assert.deepEqual(usd(w), [alice + 370n, bob + 600n, carol + 30n]);
});

test('the whole held value less the fee may go to the payee, and none of it to the payer', () => {
  const w = contractWorld();
  const escrow = example(w);
  const [alice, bob, carol] = usd(w);
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(1));
  okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 970n }] } }, H(2));
  assert.deepEqual(usd(w), [alice, bob + 970n, carol + 30n]);
});

test('arbiter window: an unresolved dispute lapses to the escrow default, with no fee', () => {
  const w = contractWorld();
  const escrow = example(w);
  const [alice, bob, carol] = usd(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, H(10));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(70));
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed', H(166) - 1);
  refusedAt(w.state, CAROL, 'escrow.resolve', { escrow }, 'dispute_lapsed', H(166));
  const events = okAt(w.state, DAVE, 'escrow.settle', { escrow }, H(166));
  assert.equal(events[0].attributes.lapsed, 'true');
  assert.equal(events[0].attributes.outcome, 'refunded');
  assert.deepEqual(usd(w), [alice + 1000n, bob, carol]);
});

test('a dispute without an arbiter window never lapses (as before)', () => {
  const w = contractWorld();
  const escrow = example(w, { arbiterWindowMs: undefined });
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(1));
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed', H(10_000));
  okAt(w.state, CAROL, 'escrow.resolve', { escrow }, H(10_000));
});

test('refusals of escrow.deliver, in order, change nothing', () => {
  const w = contractWorld();
  const escrow = example(w);
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow: DAVE.address, tranche: 0 }, 'unknown_contract', H(1));
  refusedAt(w.state, ALICE, 'escrow.deliver', { escrow, tranche: 0 }, 'wrong_party', H(1));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 1 }, 'bad_tranche', H(1));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, 'deadline_passed', H(48));
  const plain = example(w, { reviewWindowMs: undefined });
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow: plain, tranche: 0 }, 'no_review_window', H(1));
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(1));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 0 }, 'escrow_disputed', H(2));
  const two = example(w, { tranches: [{ assets: [{ asset: 'USD', amount: 40n }] }, { assets: [{ asset: 'USD', amount: 50n }] }] });
  okAt(w.state, ALICE, 'escrow.release', { escrow: two, tranche: 0 }, H(1));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow: two, tranche: 0 }, 'tranche_not_held', H(1));
  okAt(w.state, ALICE, 'escrow.release', { escrow: two, tranche: 1 }, H(1));
  refusedAt(w.state, BOB, 'escrow.deliver', { escrow: two, tranche: 1 }, 'contract_closed', H(1));
});

test('arbiter_fee_too_high: the fee must fit in every tranche', () => {
  const w = contractWorld();
  const payload: EscrowCreatePayload = { payee: BOB.address, arbiter: CAROL.address, deadlineMs: H(48), onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 20n }] }], arbiterFee: { asset: 'USD', amount: 30n } };
  refusedAt(w.state, ALICE, 'escrow.create', payload, 'arbiter_fee_too_high', H(0));
  refusedAt(w.state, ALICE, 'escrow.create', { ...payload, tranches: [{ assets: [{ asset: 'USD', amount: 100n }] }, { items: [w.drill] }] }, 'arbiter_fee_too_high', H(0));
  okAt(w.state, ALICE, 'escrow.create', { ...payload, arbiterFee: { asset: 'USD', amount: 20n } }, H(0));
});

test('several tranches: settle pays the due ones by their own default and keeps the rest', () => {
  const w = contractWorld();
  const tranche = (amount: bigint): { assets: { asset: string; amount: bigint }[] } => ({ assets: [{ asset: 'USD', amount }] });
  const escrow = example(w, { tranches: [tranche(100n), tranche(200n)], arbiterFee: undefined, reviewWindowMs: 10 * HOUR_MS });
  const [alice, bob] = usd(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 1 }, H(45)); // due at 55 h, release
  // at 50 h: tranche 0 is due (deadline 48 h, refund), tranche 1 is not; a dispute is refused until the due one is settled
  refusedAt(w.state, ALICE, 'escrow.dispute', { escrow }, 'deadline_passed', H(50));
  const first = okAt(w.state, DAVE, 'escrow.settle', { escrow }, H(50));
  assert.equal(first[0].attributes.tranches, '0');
  assert.equal(first[0].attributes.outcome, 'refunded');
  assert.equal(escrowOf(w.state, escrow).state, 'open');
  okAt(w.state, ALICE, 'escrow.dispute', { escrow }, H(51));
  okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 150n }] } }, H(52));
  assert.deepEqual(usd(w).slice(0, 2), [alice + 100n + 50n, bob + 150n]);
});

test('mixed outcome: one delivered and one undelivered tranche due together', () => {
  const w = contractWorld();
  const tranche = (amount: bigint): { assets: { asset: string; amount: bigint }[] } => ({ assets: [{ asset: 'USD', amount }] });
  const escrow = example(w, { tranches: [tranche(100n), tranche(200n)], arbiterFee: undefined, reviewWindowMs: 1 * HOUR_MS });
  const [alice, bob] = usd(w);
  okAt(w.state, BOB, 'escrow.deliver', { escrow, tranche: 1 }, H(1));
  const events = okAt(w.state, DAVE, 'escrow.settle', { escrow }, H(48));
  assert.deepEqual([events[0].attributes.outcome, events[0].attributes.released, events[0].attributes.refunded], ['mixed', '1', '0']);
  assert.deepEqual(usd(w).slice(0, 2), [alice + 100n, bob + 200n]);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
});
