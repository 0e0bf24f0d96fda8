// Escrow (src/ledger/contracts/escrow.ts; spec/ledger.md §8.2): every payload check, every refusal
// (nothing moves but the signer's nonce), every transition with its effects and events, the lazy
// settlement after the deadline, and two scenarios: a milestone escrow for a piece of work released in
// three tranches, and an escrow disputed and resolved by its arbiter. The contract invariants
// (test/helpers/invariants.ts checkContractInvariants) are checked after every tx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../src/codec/cbor.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { loadEscrow, type Escrow } from '../../src/ledger/contracts/escrow-state.ts';
import type { EscrowCreatePayload } from '../../src/ledger/contracts/escrow-types.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { CHAIN_ID, rawBody, rawTx } from './fixtures.ts';
import { encode } from '../../src/codec/cbor.ts';
import { ITEM_EVENTS_MAX } from '../../src/ledger/limits.ts';
import { encodeItem, getItem, itemKey } from '../../src/ledger/records/item-state.ts';
import { checkContractInvariants } from '../helpers/invariants.ts';
import { assertRefused, decodeCode, run, tx } from './records-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, at, balance, contractOf, contractWorld, lastMoves, okAt, ownerOf, refusedAt, type ContractWorld } from './contracts-fixtures.ts';

const ITEM = itemIdFor('elsewhere', ALICE.address, 0n, 0);
const DEADLINE = NOW_MS + HOUR_MS;
const AFTER = DEADLINE;
const addr = BOB.address;

function escrowOf(state: MemoryState, address: string): Escrow {
  const escrow = loadEscrow(state, address);
  assert.ok(!('code' in escrow), `no escrow at ${address}`);
  return escrow;
}

/** ALICE pays BOB 1000 USD and the drill in one tranche, CAROL arbitrates; default on expiry as given. */
function plain(w: ContractWorld, extra: Partial<EscrowCreatePayload> = {}): string {
  const payload: EscrowCreatePayload = { payee: BOB.address, arbiter: CAROL.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1000n }], items: [w.drill] }], ...extra };
  return contractOf(okAt(w.state, ALICE, 'escrow.create', payload), 'escrow.created', 'escrow');
}

/** Three tranches of 100, 200 and 300 USD. */
function milestones(w: ContractWorld, onExpiry: 'release' | 'refund' = 'refund'): string {
  const tranche = (amount: bigint): { assets: { asset: string; amount: bigint }[] } => ({ assets: [{ asset: 'USD', amount }] });
  return contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, arbiter: CAROL.address, deadlineMs: DEADLINE, onExpiry, tranches: [tranche(100n), tranche(200n), tranche(300n)] }), 'escrow.created', 'escrow');
}

// ---------------------------------------------------------------------------------------------
// Payload checks (stateless).

const ONE: CborValue = [{ assets: [{ asset: 'USD', amount: 1 }] }];
const create = (fields: { [key: string]: CborValue }): { [key: string]: CborValue } => ({ payee: addr, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: ONE, ...fields });

const payloadCases: [string, string, CborValue, RejectCode][] = [
  ['escrow.create', 'an unknown field', create({ memo: 'x' }), 'bad_shape'],
  ['escrow.create', 'a bad payee', create({ payee: 'bob' }), 'bad_address'],
  ['escrow.create', 'a bad arbiter', create({ arbiter: 7 }), 'bad_address'],
  ['escrow.create', 'a deadline as text', create({ deadlineMs: '1' }), 'bad_shape'],
  ['escrow.create', 'a negative deadline', create({ deadlineMs: -1 }), 'bad_shape'],
  ['escrow.create', 'a deadline above 2^53-1', create({ deadlineMs: 2n ** 53n }), 'bad_shape'],
  ['escrow.create', 'an unknown default', create({ onExpiry: 'split' }), 'bad_shape'],
  ['escrow.create', 'no tranches', create({ tranches: [] }), 'bad_shape'],
  ['escrow.create', '17 tranches', create({ tranches: Array.from({ length: 17 }, () => ({ assets: [{ asset: 'USD', amount: 1 }] })) }), 'bad_shape'],
  ['escrow.create', 'an empty tranche', create({ tranches: [{}] }), 'bad_shape'],
  ['escrow.create', 'an empty asset list', create({ tranches: [{ assets: [] }] }), 'bad_shape'],
  ['escrow.create', 'an empty item list', create({ tranches: [{ items: [] }] }), 'bad_shape'],
  ['escrow.create', 'an asset twice in a tranche', create({ tranches: [{ assets: [{ asset: 'USD', amount: 1 }, { asset: 'USD', amount: 2 }] }] }), 'bad_shape'],
  ['escrow.create', 'a bad symbol', create({ tranches: [{ assets: [{ asset: 'usd', amount: 1 }] }] }), 'bad_symbol'],
  ['escrow.create', 'an amount of 0', create({ tranches: [{ assets: [{ asset: 'USD', amount: 0 }] }] }), 'bad_amount'],
  ['escrow.create', 'a bad item id', create({ tranches: [{ items: ['item1x'] }] }), 'bad_item_id'],
  ['escrow.create', 'an item in two tranches', create({ tranches: [{ items: [ITEM] }, { items: [ITEM] }] }), 'bad_shape'],
  ['escrow.create', 'an item twice in a tranche', create({ tranches: [{ items: [ITEM, ITEM] }] }), 'bad_shape'],
  ['escrow.create', 'a tranche with an unknown field', create({ tranches: [{ items: [ITEM], to: addr }] }), 'bad_shape'],
  ['escrow.release', 'no tranche', { escrow: addr }, 'bad_shape'],
  ['escrow.release', 'tranche 16', { escrow: addr, tranche: 16 }, 'bad_shape'],
  ['escrow.release', 'a bad escrow address', { escrow: 'escrow1', tranche: 0 }, 'bad_address'],
  ['escrow.refund', 'an unknown field', { escrow: addr, tranche: 0 }, 'bad_shape'],
  ['escrow.dispute', 'no escrow', {}, 'bad_address'],
  ['escrow.settle', 'a bad escrow address', { escrow: ITEM }, 'bad_address'],
  ['escrow.resolve', 'an empty resolution', { escrow: addr, toPayee: {} }, 'bad_shape'],
  ['escrow.resolve', 'a resolution with an amount of 0', { escrow: addr, toPayee: { assets: [{ asset: 'USD', amount: 0 }] } }, 'bad_amount'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('escrow payloads: a valid payload decodes; every escrow kind has exactly one signer', () => {
  assert.equal(decodeCode(rawTx(rawBody('escrow.create', create({ arbiter: CAROL.address, tranches: [{ items: [ITEM], assets: [{ asset: 'USD', amount: 1 }] }] }), ALICE), [ALICE])), 'ok');
  const two = { chainId: CHAIN_ID, kind: 'escrow.release', payload: { escrow: addr, tranche: 0 }, signers: [ALICE, BOB].map((k) => ({ publicKey: k.publicKey, nonce: 0 })), fee: 1000 };
  assert.equal(decodeCode(rawTx(two, [ALICE, BOB])), 'bad_shape');
});

// ---------------------------------------------------------------------------------------------
// Refusals: each leaves nothing but the signer's nonce.

type Case = [string, (w: ContractWorld) => void];

const refusals: Case[] = [
  // create
  ['create: the payee is the payer', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: ALICE.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }, 'bad_parties')],
  ['create: the arbiter is the payee', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, arbiter: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }, 'bad_parties')],
  ['create: the arbiter is the payer', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, arbiter: ALICE.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }, 'bad_parties')],
  ['create: a deadline at the block time', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: NOW_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }, 'deadline_passed')],
  ['create: a payee that is an escrow account', (w) => {
    const escrow = plain(w);
    refusedAt(w.state, ALICE, 'escrow.create', { payee: escrow, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }, 'contract_recipient');
  }],
  ['create: an unknown asset', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'EUR', amount: 1n }] }] }, 'unknown_asset')],
  ['create: the tranches together exceed the balance', (w) => refusedAt(w.state, BOB, 'escrow.create', { payee: ALICE.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 60_000n }] }, { assets: [{ asset: 'USD', amount: 40_001n }] }] }, 'insufficient_balance')],
  ['create: an item of someone else', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [w.car] }] }, 'not_owner')],
  ['create: a retired item', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [w.retired] }] }, 'item_retired')],
  ['create: an unknown item', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [ITEM] }] }, 'unknown_item')],
  ['create: an item offered for rent (the rental keeps it where it is)', (w) => {
    okAt(w.state, ALICE, 'rental.offer', { item: w.drill, asset: 'USD', pricePerPeriod: 10n, periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 24 });
    refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [w.drill] }] }, 'item_offered');
  }],
  ['create: an item already in escrow', (w) => {
    plain(w);
    refusedAt(w.state, ALICE, 'escrow.create', { payee: CAROL.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [w.drill] }] }, 'not_owner');
  }],
  // release
  ['release: no escrow at the address', (w) => refusedAt(w.state, ALICE, 'escrow.release', { escrow: CAROL.address, tranche: 0 }, 'unknown_contract')],
  ['release: by the payee (wrong party)', (w) => refusedAt(w.state, BOB, 'escrow.release', { escrow: plain(w), tranche: 0 }, 'wrong_party')],
  ['release: by the arbiter (wrong party)', (w) => refusedAt(w.state, CAROL, 'escrow.release', { escrow: plain(w), tranche: 0 }, 'wrong_party')],
  ['release: a tranche that does not exist', (w) => refusedAt(w.state, ALICE, 'escrow.release', { escrow: milestones(w), tranche: 3 }, 'bad_tranche')],
  ['release: a double release', (w) => {
    const escrow = milestones(w);
    okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 1 });
    refusedAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 1 }, 'tranche_not_held');
  }],
  ['release: after a refund', (w) => {
    const escrow = milestones(w);
    okAt(w.state, BOB, 'escrow.refund', { escrow });
    refusedAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 }, 'contract_closed');
  }],
  ['release: after the last tranche (closed)', (w) => {
    const escrow = plain(w);
    okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
    refusedAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 }, 'contract_closed');
  }],
  // refund
  ['refund: by the payer (wrong party)', (w) => refusedAt(w.state, ALICE, 'escrow.refund', { escrow: plain(w) }, 'wrong_party')],
  ['refund: by a third party', (w) => refusedAt(w.state, DAVE, 'escrow.refund', { escrow: plain(w) }, 'wrong_party')],
  ['refund: after the release', (w) => {
    const escrow = plain(w);
    okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
    refusedAt(w.state, BOB, 'escrow.refund', { escrow }, 'contract_closed');
  }],
  ['refund: of an address that is not an escrow', (w) => refusedAt(w.state, BOB, 'escrow.refund', { escrow: ALICE.address }, 'unknown_contract')],
  // dispute
  ['dispute: by a third party', (w) => refusedAt(w.state, DAVE, 'escrow.dispute', { escrow: plain(w) }, 'wrong_party')],
  ['dispute: by the arbiter', (w) => refusedAt(w.state, CAROL, 'escrow.dispute', { escrow: plain(w) }, 'wrong_party')],
  ['dispute: an escrow without an arbiter', (w) => refusedAt(w.state, BOB, 'escrow.dispute', { escrow: plain(w, { arbiter: undefined }) }, 'no_arbiter')],
  ['dispute: twice', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, ALICE, 'escrow.dispute', { escrow }, 'escrow_disputed');
  }],
  ['dispute: after the deadline', (w) => refusedAt(w.state, BOB, 'escrow.dispute', { escrow: plain(w) }, 'deadline_passed', AFTER)],
  ['dispute: a closed escrow', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.refund', { escrow });
    refusedAt(w.state, ALICE, 'escrow.dispute', { escrow }, 'contract_closed');
  }],
  // resolve
  ['resolve: by the payer (wrong party)', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, ALICE, 'escrow.resolve', { escrow }, 'wrong_party');
  }],
  ['resolve: an escrow that is not disputed', (w) => refusedAt(w.state, CAROL, 'escrow.resolve', { escrow: plain(w) }, 'not_disputed')],
  ['resolve: more than the escrow holds', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 1001n }] } }, 'bad_resolution');
  }],
  ['resolve: an asset the escrow does not hold', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'AGR', amount: 1n }] } }, 'bad_resolution');
  }],
  ['resolve: an item the escrow does not hold', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { items: [w.car] } }, 'bad_resolution');
  }],
  ['resolve: an already released tranche is not the arbiter\'s', (w) => {
    const escrow = milestones(w);
    okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 2 });
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 301n }] } }, 'bad_resolution');
  }],
  // settle
  ['settle: before the deadline', (w) => refusedAt(w.state, DAVE, 'escrow.settle', { escrow: plain(w) }, 'deadline_not_reached', DEADLINE - 1)],
  ['settle: a disputed escrow after the deadline', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.dispute', { escrow });
    refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed', AFTER);
  }],
  ['settle: a closed escrow', (w) => {
    const escrow = plain(w);
    okAt(w.state, DAVE, 'escrow.settle', { escrow }, AFTER);
    refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'contract_closed', AFTER + 1);
  }],
  // check order
  ['order: wrong_party before contract_closed (the payee releasing a closed escrow)', (w) => {
    const escrow = plain(w);
    okAt(w.state, BOB, 'escrow.refund', { escrow });
    refusedAt(w.state, BOB, 'escrow.release', { escrow, tranche: 0 }, 'wrong_party');
  }],
  ['order: wrong_party before no_arbiter (a third party disputing an escrow without arbiter)', (w) => refusedAt(w.state, DAVE, 'escrow.dispute', { escrow: plain(w, { arbiter: undefined }) }, 'wrong_party')],
  ['order: no_arbiter before deadline_passed', (w) => refusedAt(w.state, BOB, 'escrow.dispute', { escrow: plain(w, { arbiter: undefined }) }, 'no_arbiter', AFTER)],
  ['order: escrow_disputed before deadline_not_reached (settling a disputed escrow early)', (w) => {
    const escrow = plain(w);
    okAt(w.state, ALICE, 'escrow.dispute', { escrow });
    refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed');
  }],
  ['order: bad_tranche is checked after the lazy settlement (an expired escrow settles whatever the tranche)', (w) => {
    const escrow = milestones(w);
    okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 9 }, AFTER);
    refusedAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 9 }, 'contract_closed', AFTER);
  }],
  ['order: bad_parties before deadline_passed before unknown_asset', (w) => {
    refusedAt(w.state, ALICE, 'escrow.create', { payee: ALICE.address, deadlineMs: NOW_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'EUR', amount: 1n }] }] }, 'bad_parties');
    refusedAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: NOW_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'EUR', amount: 1n }] }] }, 'deadline_passed');
  }],
  ['settle: an address that is not a contract', (w) => refusedAt(w.state, DAVE, 'escrow.settle', { escrow: BOB.address }, 'unknown_contract', AFTER)],
];

for (const [name, body] of refusals) {
  test(`escrow refusal: ${name}`, () => body(contractWorld()));
}

/** Makes the item's history full by writing its count as ITEM_EVENTS_MAX (the entries are not written, so the records invariants are not checked after). */
function fillHistory(state: MemoryState, id: string): void {
  const item = getItem(state, id)!;
  state.entries.set(itemKey(id), encode(encodeItem({ ...item, events: ITEM_EVENTS_MAX })));
}

test('a full item history: escrow.create, escrow.release and escrow.settle are refused (too_many_events), nothing moves', () => {
  const w = contractWorld();
  fillHistory(w.state, w.drill);
  assertRefused(run(w.state, tx(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ items: [w.drill] }] }), at(NOW_MS)), 'too_many_events', [ALICE]);
  // An item filled up while held (attesters may still add events): the payout waits, the escrow keeps it.
  const v = contractWorld();
  const escrow = plain(v, { onExpiry: 'release' });
  fillHistory(v.state, v.drill);
  assertRefused(run(v.state, tx(v.state, ALICE, 'escrow.release', { escrow, tranche: 0 }), at(NOW_MS)), 'too_many_events', [ALICE]);
  assertRefused(run(v.state, tx(v.state, DAVE, 'escrow.settle', { escrow }), at(AFTER)), 'too_many_events', [DAVE]);
  checkContractInvariants(v.state.entries);
  assert.equal(ownerOf(v.state, v.drill), escrow);
});

// ---------------------------------------------------------------------------------------------
// Transitions and their effects.

test('escrow.create: the address is derived before sending; the tranches move in; the item history shows the move', () => {
  const w = contractWorld();
  const expected = contractAddressFor(CHAIN_ID, ALICE.address, getNonce(w.state, ALICE.address), 0);
  const usd = balance(w.state, ALICE, 'USD');
  const events = okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, arbiter: CAROL.address, deadlineMs: DEADLINE, onExpiry: 'release', tranches: [{ assets: [{ asset: 'USD', amount: 1000n }, { asset: 'AGR', amount: 5n }], items: [w.drill] }] });
  assert.deepEqual(events[0], { type: 'escrow.created', attributes: { escrow: expected, payer: ALICE.address, payee: BOB.address, arbiter: CAROL.address, deadlineMs: String(DEADLINE), onExpiry: 'release', tranches: '1' } });
  assert.deepEqual(events.slice(1).map((e) => e.type), ['transfer', 'transfer', 'item.transferred']);
  assert.deepEqual(events[3].attributes, { item: w.drill, from: ALICE.address, to: expected, seq: '1', by: 'escrow.create' });
  assert.equal(balance(w.state, ALICE, 'USD'), usd - 1000n);
  assert.equal(balance(w.state, expected, 'USD'), 1000n);
  assert.equal(balance(w.state, expected, 'AGR'), 5n);
  assert.equal(ownerOf(w.state, w.drill), expected);
  assert.deepEqual(lastMoves(w.state, w.drill, 1), [['transfer', 'escrow.create', ALICE.address, expected]]);
  const escrow = escrowOf(w.state, expected);
  assert.equal(escrow.state, 'open');
  assert.deepEqual(escrow.tranches.map((t) => t.status), ['held']);
  // Nobody can move the escrowed item: its owner is the contract, which no key signs for.
  refusedAt(w.state, ALICE, 'item.transfer', { item: w.drill, to: ALICE.address }, 'not_owner');
});

test('escrow.release: the payer releases the only tranche; assets and item go to the payee; the escrow closes', () => {
  const w = contractWorld();
  const escrow = plain(w);
  const events = okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
  assert.deepEqual(events[0], { type: 'escrow.released', attributes: { escrow, payer: ALICE.address, payee: BOB.address, arbiter: CAROL.address, tranche: '0', closed: 'true' } });
  assert.deepEqual(events[1], { type: 'transfer', attributes: { asset: 'USD', from: escrow, to: BOB.address, amount: '1000' } });
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.deepEqual(lastMoves(w.state, w.drill, 2), [['transfer', 'escrow.create', ALICE.address, escrow], ['transfer', 'escrow.release', escrow, BOB.address]]);
  assert.equal(balance(w.state, escrow, 'USD'), 0n);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
});

test('escrow.refund: the payee refunds every held tranche to the payer', () => {
  const w = contractWorld();
  const escrow = milestones(w);
  okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
  const before = balance(w.state, ALICE, 'USD');
  const events = okAt(w.state, BOB, 'escrow.refund', { escrow });
  assert.deepEqual(events[0].attributes.tranches, '1,2');
  assert.equal(balance(w.state, ALICE, 'USD'), before + 500n);
  assert.equal(balance(w.state, BOB, 'USD'), 100_100n);
  assert.deepEqual(escrowOf(w.state, escrow).tranches.map((t) => t.status), ['released', 'refunded', 'refunded']);
});

test('escrow.settle: after the deadline anyone applies the default, release or refund', () => {
  for (const onExpiry of ['release', 'refund'] as const) {
    const w = contractWorld();
    const escrow = plain(w, { onExpiry });
    const events = okAt(w.state, DAVE, 'escrow.settle', { escrow }, AFTER);
    const outcome = onExpiry === 'release' ? 'released' : 'refunded';
    assert.deepEqual(events[0], { type: 'escrow.settled', attributes: { escrow, payer: ALICE.address, payee: BOB.address, arbiter: CAROL.address, outcome, by: DAVE.address, tranches: '0' } });
    assert.equal(ownerOf(w.state, w.drill), onExpiry === 'release' ? BOB.address : ALICE.address);
    assert.deepEqual(escrowOf(w.state, escrow).tranches.map((t) => t.status), [outcome]);
  }
});

test('lazy settlement: after the deadline, a party\'s release or refund applies the default instead', () => {
  // Default refund: the payer's release of one tranche refunds every held tranche.
  const w = contractWorld();
  const escrow = milestones(w, 'refund');
  okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
  const usd = balance(w.state, ALICE, 'USD');
  const events = okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 1 }, AFTER);
  assert.equal(events[0].type, 'escrow.settled');
  assert.equal(events[0].attributes.outcome, 'refunded');
  assert.equal(balance(w.state, ALICE, 'USD'), usd + 500n);
  // Default release: the payee's refund after the deadline pays the payee.
  const v = contractWorld();
  const other = plain(v, { onExpiry: 'release' });
  const settled = okAt(v.state, BOB, 'escrow.refund', { escrow: other }, AFTER + 5);
  assert.equal(settled[0].attributes.outcome, 'released');
  assert.equal(ownerOf(v.state, v.drill), BOB.address);
  assert.equal(escrowOf(v.state, other).state, 'closed');
});

test('escrow.dispute then escrow.resolve: the arbiter splits each asset and names who gets each item', () => {
  const w = contractWorld();
  const escrow = plain(w, { tranches: [{ assets: [{ asset: 'USD', amount: 1000n }, { asset: 'AGR', amount: 10n }], items: [w.drill] }] });
  const disputed = okAt(w.state, BOB, 'escrow.dispute', { escrow });
  assert.deepEqual(disputed, [{ type: 'escrow.disputed', attributes: { escrow, payer: ALICE.address, payee: BOB.address, arbiter: CAROL.address, by: BOB.address } }]);
  // A disputed escrow does not expire: the default no longer applies.
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed', AFTER + HOUR_MS);
  const usdAlice = balance(w.state, ALICE, 'USD');
  const usdBob = balance(w.state, BOB, 'USD');
  const events = okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 700n }] } }, AFTER + HOUR_MS);
  assert.equal(events[0].type, 'escrow.resolved');
  assert.equal(balance(w.state, BOB, 'USD'), usdBob + 700n);
  assert.equal(balance(w.state, ALICE, 'USD'), usdAlice + 300n);
  assert.equal(ownerOf(w.state, w.drill), ALICE.address, 'an item not given to the payee returns to the payer');
  assert.deepEqual(lastMoves(w.state, w.drill, 1), [['transfer', 'escrow.resolve', escrow, ALICE.address]]);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
  assert.deepEqual(escrowOf(w.state, escrow).tranches.map((t) => t.status), ['resolved']);
});

test('a disputed escrow: the payer may still release, the payee may still refund (a no-show arbiter freezes nothing)', () => {
  const w = contractWorld();
  const escrow = milestones(w);
  okAt(w.state, ALICE, 'escrow.dispute', { escrow });
  okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 }, AFTER);
  assert.equal(escrowOf(w.state, escrow).state, 'disputed');
  okAt(w.state, BOB, 'escrow.refund', { escrow }, AFTER);
  assert.deepEqual(escrowOf(w.state, escrow).tranches.map((t) => t.status), ['released', 'refunded', 'refunded']);
});

// ---------------------------------------------------------------------------------------------
// Scenarios.

test('scenario: a milestone escrow for a piece of work (design, build, launch) released in three tranches', () => {
  const w = contractWorld();
  // ALICE hires BOB for a website: 1500 USD in three milestones, CAROL arbitrates, refund on expiry.
  // The last tranche also hands over ALICE's drill, promised as a bonus.
  const tranches = [{ assets: [{ asset: 'USD', amount: 300n }] }, { assets: [{ asset: 'USD', amount: 700n }] }, { assets: [{ asset: 'USD', amount: 500n }], items: [w.drill] }];
  const escrow = contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, arbiter: CAROL.address, deadlineMs: NOW_MS + 30 * 24 * HOUR_MS, onExpiry: 'refund', tranches }), 'escrow.created', 'escrow');
  const bob = balance(w.state, BOB, 'USD');
  const steps: [number, bigint, boolean][] = [
    [0, 300n, false],
    [1, 1000n, false],
    [2, 1500n, true],
  ];
  for (const [tranche, paid, closed] of steps) {
    const events = okAt(w.state, ALICE, 'escrow.release', { escrow, tranche }, NOW_MS + (tranche + 1) * 7 * 24 * HOUR_MS);
    assert.equal(events[0].attributes.closed, String(closed));
    assert.equal(balance(w.state, BOB, 'USD'), bob + paid);
    assert.equal(balance(w.state, escrow, 'USD'), 1500n - paid);
  }
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.equal(escrowOf(w.state, escrow).state, 'closed');
  refusedAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 2 }, 'contract_closed');
});

test('scenario: an escrow disputed by the payer and resolved by the arbiter', () => {
  const w = contractWorld();
  // BOB buys ALICE's drill through escrow: BOB pays 2000 USD; ALICE escrows nothing. The payer is BOB.
  const escrow = contractOf(okAt(w.state, BOB, 'escrow.create', { payee: ALICE.address, arbiter: CAROL.address, deadlineMs: DEADLINE, onExpiry: 'release', tranches: [{ assets: [{ asset: 'USD', amount: 2000n }] }] }), 'escrow.created', 'escrow');
  okAt(w.state, ALICE, 'item.transfer', { item: w.drill, to: BOB.address });
  // The drill arrives broken; BOB disputes before the deadline, so the default (release) no longer applies.
  okAt(w.state, BOB, 'escrow.dispute', { escrow }, DEADLINE - 1);
  refusedAt(w.state, ALICE, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 2000n }] } }, 'wrong_party');
  refusedAt(w.state, DAVE, 'escrow.settle', { escrow }, 'escrow_disputed', DEADLINE + 1);
  // CAROL gives ALICE half; the rest returns to BOB.
  const alice = balance(w.state, ALICE, 'USD');
  const bob = balance(w.state, BOB, 'USD');
  okAt(w.state, CAROL, 'escrow.resolve', { escrow, toPayee: { assets: [{ asset: 'USD', amount: 1000n }] } }, DEADLINE + 2);
  assert.equal(balance(w.state, ALICE, 'USD'), alice + 1000n);
  assert.equal(balance(w.state, BOB, 'USD'), bob + 1000n);
  refusedAt(w.state, CAROL, 'escrow.resolve', { escrow }, 'contract_closed');
});
