// Rentals (src/ledger/contracts/rental*.ts; spec/ledger.md §8.5): every payload check, every transition
// and every refusal, block by block through src/chain/execute.ts with block time moving and every
// invariant checked after each block (value, records, the contract accounts holding exactly what they
// owe, rented items staying live with their owner). The records kinds refuse a booked or offered item.
// Scenario: a car rented end to end, with a damage claim the arbiter settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, type CborValue } from '../../src/codec/cbor.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { getRental, itemUser } from '../../src/ledger/contracts/rental/state.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { RENTAL_OPEN_BOOKINGS_MAX } from '../../src/ledger/limits.ts';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import { decodeHistoryEntry, historyPrefix, type HistoryEntry } from '../../src/ledger/records/item-log.ts';
import { getItem } from '../../src/ledger/records/item-state.ts';
import { getRentalMark } from '../../src/ledger/records/rented.ts';
import type { Receipt } from '../../src/ledger/types.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, keyFromByte, rawBody, rawTx } from './fixtures.ts';
import { decodeCode } from './records-fixtures.ts';
import { DAY, HOUR, NATIVE, SECOND, T0, TimedChain, eventsOf, expectOk, expectRefused, payments } from './rental-stream-fixtures.ts';

const OWNER = ALICE;
const RENTER = BOB;
const ARBITER = CAROL;
const OTHER = keyFromByte(4);
const ITEM = itemIdFor('elsewhere', ALICE.address, 0n, 0);
const RENTAL = contractAddressFor('elsewhere', ALICE.address, 1n, 0);

// ---------------------------------------------------------------------------------------------
// Stateless payload checks.

const offer = { item: ITEM, asset: 'AGR', pricePerPeriod: 100, periodMs: 3_600_000, minPeriods: 2, maxPeriods: 48 };
const payloadCases: [string, string, CborValue, RejectCode][] = [
  ['rental.offer', 'an unknown field', { ...offer, color: 'red' }, 'bad_shape'],
  ['rental.offer', 'a bad item', { ...offer, item: 'item1' }, 'bad_item_id'],
  ['rental.offer', 'a bad asset', { ...offer, asset: 'agr' }, 'bad_symbol'],
  ['rental.offer', 'a price of 0', { ...offer, pricePerPeriod: 0 }, 'bad_amount'],
  ['rental.offer', 'a period as text', { ...offer, periodMs: '3600000' }, 'bad_shape'],
  ['rental.offer', 'a negative min', { ...offer, minPeriods: -1 }, 'bad_shape'],
  ['rental.offer', 'no max', { item: ITEM, asset: 'AGR', pricePerPeriod: 100, periodMs: 3_600_000, minPeriods: 2 }, 'bad_shape'],
  ['rental.offer', 'a deposit of 0 (absent means none)', { ...offer, deposit: 0 }, 'bad_amount'],
  ['rental.offer', 'a bad arbiter', { ...offer, arbiter: 'carol', claimWindowMs: 1000 }, 'bad_address'],
  ['rental.offer', 'a period of 0 ms', { ...offer, periodMs: 0 }, 'bad_rental_terms'],
  ['rental.offer', 'a period of 367 days', { ...offer, periodMs: 367 * 86_400_000 }, 'bad_rental_terms'],
  ['rental.offer', 'min of 0', { ...offer, minPeriods: 0 }, 'bad_rental_terms'],
  ['rental.offer', 'min above max', { ...offer, minPeriods: 49 }, 'bad_rental_terms'],
  ['rental.offer', 'max of 10 001', { ...offer, maxPeriods: 10_001 }, 'bad_rental_terms'],
  ['rental.offer', 'an arbiter without a claim window', { ...offer, arbiter: CAROL.address }, 'bad_rental_terms'],
  ['rental.offer', 'a claim window without an arbiter', { ...offer, claimWindowMs: 1000 }, 'bad_rental_terms'],
  ['rental.offer', 'a claim window of 0', { ...offer, arbiter: CAROL.address, claimWindowMs: 0 }, 'bad_rental_terms'],
  ['rental.offer', 'a claim window of 367 days', { ...offer, arbiter: CAROL.address, claimWindowMs: 367 * 86_400_000 }, 'bad_rental_terms'],
  ['rental.offer', 'check order: item before asset', { ...offer, item: 'x', asset: 'x' }, 'bad_item_id'],
  ['rental.book', 'a bad rental', { rental: ITEM, periods: 2 }, 'bad_address'],
  ['rental.book', 'periods as text', { rental: RENTAL, periods: '2' }, 'bad_shape'],
  ['rental.book', 'a start in ms above 2^53', { rental: RENTAL, periods: 2, startMs: 2n ** 53n }, 'bad_shape'],
  ['rental.book', 'an unknown field', { rental: RENTAL, periods: 2, renter: BOB.address }, 'bad_shape'],
  ['rental.return', 'no booking', { rental: RENTAL }, 'bad_shape'],
  ['rental.return', 'a negative booking', { rental: RENTAL, booking: -1 }, 'bad_shape'],
  ['rental.claim', 'a reason of 257 characters', { rental: RENTAL, booking: 0, reason: 'r'.repeat(257) }, 'bad_metadata'],
  ['rental.claim', 'a reason as bytes', { rental: RENTAL, booking: 0, reason: new Uint8Array(2) }, 'bad_shape'],
  ['rental.resolve', 'no toOwner', { rental: RENTAL, booking: 0 }, 'bad_shape'],
  ['rental.resolve', 'toOwner of 2^128', { rental: RENTAL, booking: 0, toOwner: 2n ** 128n }, 'bad_shape'],
  ['rental.settle', 'a booking (settle takes the whole rental)', { rental: RENTAL, booking: 0 }, 'bad_shape'],
  ['rental.close', 'no rental', {}, 'bad_address'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('rental payloads at their limits decode; every rental kind has one signer', () => {
  const accepted: [string, CborValue][] = [
    ['rental.offer', { ...offer, periodMs: 366 * 86_400_000, minPeriods: 1, maxPeriods: 10_000, deposit: 2n ** 128n - 1n, arbiter: CAROL.address, claimWindowMs: 366 * 86_400_000 }],
    ['rental.offer', { ...offer, periodMs: 1, minPeriods: 7, maxPeriods: 7 }],
    ['rental.book', { rental: RENTAL, periods: 0, startMs: 2 ** 53 - 1 }],
    ['rental.claim', { rental: RENTAL, booking: 3, reason: 'r'.repeat(256) }],
    ['rental.resolve', { rental: RENTAL, booking: 0, toOwner: 0 }],
    ['rental.settle', { rental: RENTAL }],
  ];
  for (const [kind, payload] of accepted) assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), 'ok', kind);
  for (const kind of ['rental.offer', 'rental.book', 'rental.return', 'rental.claim', 'rental.resolve', 'rental.settle', 'rental.close']) {
    const body = rawBody(kind, { rental: RENTAL }, ALICE, { signers: [ALICE, BOB].map((k) => ({ publicKey: k.publicKey, nonce: 0 })) });
    assert.equal(decodeCode(rawTx(body, [ALICE, BOB])), 'bad_shape', kind);
  }
});

// ---------------------------------------------------------------------------------------------
// A world: the owner's car offered by the hour (100 per hour, 2 to 48 hours, deposit 1 000, CAROL
// arbitrates claims filed within a day of the end); the owner's drill, not offered.

/** Bookings start here, a day after the offer. */
const START = T0 + DAY;

interface World {
  chain: TimedChain;
  car: string;
  drill: string;
  rental: string;
}

function world(terms: { deposit?: bigint; arbiter?: boolean } = {}): World {
  const chain = new TimedChain([
    [OWNER, 1_000_000n],
    [RENTER, 100_000n],
    [ARBITER, 1000n],
    [OTHER, 100_000n],
  ]);
  const [car, drill] = chain.runAt(T0, chain.block().add(OWNER, 'item.register', { kind: 'car' }).add(OWNER, 'item.register', { kind: 'drill' })).map((r) => eventsOf(expectOk(r), 'item.registered')[0].item);
  const arbiter = terms.arbiter === false ? {} : { arbiter: ARBITER.address, claimWindowMs: DAY };
  const deposit = 'deposit' in terms ? terms.deposit : 1000n;
  const events = expectOk(chain.one(T0 + SECOND, OWNER, 'rental.offer', { item: car, asset: NATIVE, pricePerPeriod: 100n, periodMs: HOUR, minPeriods: 2, maxPeriods: 48, deposit, ...arbiter }));
  return { chain, car, drill, rental: eventsOf(events, 'rental.offered')[0].rental };
}

/** The renter books `periods` hours from `startMs` (at block time `atMs`); the booking's number. */
function book(w: World, periods: number, startMs = START, atMs = w.chain.timeMs + SECOND, renter = RENTER): number {
  const events = expectOk(w.chain.one(atMs, renter, 'rental.book', { rental: w.rental, periods, startMs }));
  return Number(eventsOf(events, 'rental.booked')[0].booking);
}

function history(w: World, id: string): HistoryEntry[] {
  return [...w.chain.state.entries.keys()]
    .filter((key) => key.startsWith(historyPrefix(id)))
    .sort()
    .map((key) => decodeHistoryEntry(decode(w.chain.state.entries.get(key)!)));
}

const at = (w: World, timeMs: number, key = OWNER) => ({
  run: <K extends Parameters<TimedChain['one']>[2]>(kind: K, payload: Parameters<TimedChain['one']>[3] & object): Receipt => w.chain.one(timeMs, key, kind, payload as never),
});

// ---------------------------------------------------------------------------------------------
// rental.offer

test('rental.offer: a rental at the contract address known before sending; the item is marked and its history says so', () => {
  const w = world();
  assert.equal(w.rental, contractAddressFor(CHAIN_ID, OWNER.address, 2n, 0), 'the owner’s nonce 2 made it (two registrations before)');
  const rental = getRental(w.chain.state, w.rental);
  assert.deepEqual(rental, {
    type: 'rental', item: w.car, owner: OWNER.address, asset: NATIVE, pricePerPeriod: 100n, periodMs: HOUR, minPeriods: 2, maxPeriods: 48, deposit: 1000n, arbiter: ARBITER.address, claimWindowMs: DAY, status: 'open', createdAt: 2, nextBooking: 0, bookings: [],
  });
  assert.deepEqual(getRentalMark(w.chain.state, w.car), { rental: w.rental, bookings: 0 });
  const last = history(w, w.car).at(-1);
  assert.deepEqual([last?.action, last?.contract, last?.asset, last?.signer], ['rental-offer', w.rental, NATIVE, OWNER.address]);
  assert.equal(getItem(w.chain.state, w.car)?.owner, OWNER.address, 'the owner stays owner');
  assert.equal(w.chain.balance(w.rental), 0n);
});

test('rental.offer refusals, in order: unknown_item, item_retired, item_locked, not_owner, item_offered, bad_parties, unknown_asset', () => {
  const w = world();
  const retired = eventsOf(expectOk(at(w, T0 + 2 * SECOND).run('item.register', { kind: 'lamp' })), 'item.registered')[0].item;
  expectOk(at(w, T0 + 3 * SECOND).run('item.retire', { item: retired }));
  const locked = eventsOf(expectOk(at(w, T0 + 4 * SECOND).run('item.register', { kind: 'flat' })), 'item.registered')[0].item;
  expectOk(at(w, T0 + 5 * SECOND).run('item.fractionalize', { item: locked, symbol: 'FLAT', shares: 10n }));
  const terms = { asset: NATIVE, pricePerPeriod: 5n, periodMs: DAY, minPeriods: 1, maxPeriods: 7 };
  let time = T0 + 10 * SECOND;
  const code = (key: typeof OWNER, item: string, extra: object = {}): string => at(w, (time += SECOND), key).run('rental.offer', { item, ...terms, ...extra }).code;
  assert.equal(code(OWNER, ITEM), 'unknown_item');
  assert.equal(code(OWNER, retired), 'item_retired');
  assert.equal(code(OWNER, locked), 'item_locked');
  assert.equal(code(RENTER, w.drill), 'not_owner');
  assert.equal(code(OWNER, w.car), 'item_offered', 'one open offer per item');
  assert.equal(code(OWNER, w.drill, { arbiter: OWNER.address, claimWindowMs: DAY }), 'bad_parties');
  assert.equal(code(OWNER, w.drill, { asset: 'NONE' }), 'unknown_asset');
  expectOk(at(w, (time += SECOND)).run('rental.offer', { item: w.drill, ...terms }));
});

// ---------------------------------------------------------------------------------------------
// rental.book

test('rental.book: price × periods and the deposit into the contract; the renter is the item’s user within the span', () => {
  const w = world();
  const events = expectOk(at(w, T0 + HOUR, RENTER).run('rental.book', { rental: w.rental, periods: 3, startMs: START }));
  assert.deepEqual(payments(events), [`${RENTER.address}→${w.rental} 1300 ${NATIVE}`]);
  const booked = eventsOf(events, 'rental.booked')[0];
  assert.deepEqual(booked, { rental: w.rental, item: w.car, booking: '0', owner: OWNER.address, renter: RENTER.address, startMs: String(START), endMs: String(START + 3 * HOUR), periods: '3', price: '300', deposit: '1000', seq: '2' });
  assert.equal(w.chain.balance(w.rental), 1300n);
  assert.equal(w.chain.balance(RENTER), 100_000n - 1300n);
  assert.deepEqual(getRentalMark(w.chain.state, w.car), { rental: w.rental, bookings: 1 });
  // ERC-4907's userOf: the renter within [start, end), nobody before or after.
  assert.equal(itemUser(w.chain.state, w.car, START - 1), undefined);
  assert.equal(itemUser(w.chain.state, w.car, START), RENTER.address);
  assert.equal(itemUser(w.chain.state, w.car, START + 3 * HOUR - 1), RENTER.address);
  assert.equal(itemUser(w.chain.state, w.car, START + 3 * HOUR), undefined);
  assert.equal(itemUser(w.chain.state, w.drill, START), undefined);
  const entry = history(w, w.car).at(-1);
  assert.deepEqual([entry?.action, entry?.contract, entry?.booking, entry?.user, entry?.startMs, entry?.endMs, entry?.signer], ['rental-book', w.rental, 0, RENTER.address, START, START + 3 * HOUR, RENTER.address]);
  // Without startMs, the booking starts at the block time.
  const now = T0 + 2 * HOUR;
  const second = expectOk(at(w, now, OTHER).run('rental.book', { rental: w.rental, periods: 2 }));
  assert.equal(eventsOf(second, 'rental.booked')[0].startMs, String(now));
  assert.equal(itemUser(w.chain.state, w.car, now), OTHER.address);
});

test('rental.book refusals, in order: unknown_contract, bad_parties, bad_periods, bad_span, booking_overlap, insufficient_balance; contract_closed', () => {
  const w = world();
  book(w, 4);
  let time = T0 + HOUR;
  const code = (key: typeof OWNER, payload: { rental?: string; periods: number; startMs?: number }): string => at(w, (time += SECOND), key).run('rental.book', { rental: w.rental, ...payload }).code;
  assert.equal(code(RENTER, { rental: OTHER.address, periods: 2 }), 'unknown_contract');
  assert.equal(code(OWNER, { periods: 2 }), 'bad_parties');
  assert.equal(code(ARBITER, { periods: 2 }), 'bad_parties');
  assert.equal(code(OTHER, { periods: 1, startMs: START + DAY }), 'bad_periods');
  assert.equal(code(OTHER, { periods: 49, startMs: START + DAY }), 'bad_periods');
  assert.equal(code(OTHER, { periods: 2, startMs: time - 1 }), 'bad_span');
  assert.equal(code(OTHER, { periods: 2, startMs: time + SECOND + 366 * DAY + 1 }), 'bad_span');
  assert.equal(code(OTHER, { periods: 2, startMs: START + 3 * HOUR }), 'booking_overlap');
  assert.equal(code(OTHER, { periods: 3, startMs: START - 2 * HOUR }), 'booking_overlap');
  assert.equal(code(OTHER, { periods: 48, startMs: START - HOUR }), 'booking_overlap', 'a span around the booking');
  assert.equal(code(keyFromByte(5), { periods: 2, startMs: START + DAY }), 'insufficient_balance');
  // Spans that touch the booking's ends do not overlap: [start − 2h, start) and [end, end + 2h).
  book(w, 2, START - 2 * HOUR, (time += SECOND), OTHER);
  book(w, 2, START + 4 * HOUR, (time += SECOND), OTHER);
  assert.equal(getRental(w.chain.state, w.rental)?.bookings.length, 3);
});

test(`rental.book: at most ${RENTAL_OPEN_BOOKINGS_MAX} unsettled bookings (too_many_bookings); settled ones make room`, () => {
  const w = world({ arbiter: false });
  for (let i = 0; i < RENTAL_OPEN_BOOKINGS_MAX; i++) book(w, 2, START + i * 2 * HOUR);
  expectRefused(at(w, w.chain.timeMs + SECOND, OTHER).run('rental.book', { rental: w.rental, periods: 2, startMs: START + 100 * HOUR }), 'too_many_bookings');
  // Once the first booking has ended, a booking settles it first, which makes room.
  const events = expectOk(at(w, START + 2 * HOUR, OTHER).run('rental.book', { rental: w.rental, periods: 2, startMs: START + 100 * HOUR }));
  assert.deepEqual(eventsOf(events, 'rental.settled'), [{ rental: w.rental, item: w.car, booking: '0', owner: OWNER.address, renter: RENTER.address, toOwner: '200', toRenter: '1000' }]);
});

// ---------------------------------------------------------------------------------------------
// The records kinds refuse a booked or offered item (records/checks.ts loadOwnedItem → records/rented.ts).

test('records kinds (item.transfer, item.split, item.merge, item.retire, item.fractionalize) and contracts (escrow.create, offer.create, swap) refuse a booked item (item_booked) and an offered one (item_offered); attest still works', () => {
  const w = world();
  const moves = (car: string): [string, () => Receipt][] => {
    let time = w.chain.timeMs;
    const run = (kind: Parameters<TimedChain['one']>[2], payload: object): Receipt => w.chain.one((time += SECOND), OWNER, kind, payload as never);
    return [
      ['item.transfer', () => run('item.transfer', { item: car, to: OTHER.address })],
      ['item.split', () => run('item.split', { item: car, children: [{ kind: 'wheel' }, { kind: 'body' }] })],
      ['item.merge', () => run('item.merge', { items: [w.drill, car], kind: 'kit' })],
      ['item.retire', () => run('item.retire', { item: car })],
      ['item.fractionalize', () => run('item.fractionalize', { item: car, symbol: 'CAR', shares: 4n })],
      ['escrow.create', () => run('escrow.create', { payee: OTHER.address, deadlineMs: T0 + 100 * DAY, onExpiry: 'release', tranches: [{ items: [car] }] })],
      ['offer.create', () => run('offer.create', { give: { items: [car] }, ask: { assets: [{ asset: NATIVE, amount: 5n }] }, deadlineMs: T0 + 100 * DAY })],
      [
        'swap',
        () => {
          const legs = [{ from: OWNER.address, to: OTHER.address, items: [car] }, { from: OTHER.address, to: OWNER.address, assets: [{ asset: NATIVE, amount: 5n }] }];
          return w.chain.runAt((time += SECOND), w.chain.block().addSigned([OWNER, OTHER], 'swap', { legs }))[0];
        },
      ],
    ];
  };
  for (const [kind, send] of moves(w.car)) expectRefused(send(), 'item_offered');
  book(w, 2);
  for (const [kind, send] of moves(w.car)) {
    const receipt = send();
    assert.equal(receipt.code, 'item_booked', `${kind}: ${receipt.message}`);
  }
  expectOk(at(w, w.chain.timeMs + SECOND).run('item.attest', { item: w.car, type: 'mileage', data: '{"km":42000}' }));
  expectOk(at(w, w.chain.timeMs + SECOND).run('item.attest', { item: w.car, type: 'custody', custodian: OTHER.address }));
  assert.equal(getItem(w.chain.state, w.car)?.owner, OWNER.address);
  assert.equal(getItem(w.chain.state, w.car)?.status, 'live');
  // Check order: a stranger is told not_owner before item_booked.
  expectRefused(at(w, w.chain.timeMs + SECOND, OTHER).run('item.transfer', { item: w.car, to: OTHER.address }), 'not_owner');
});

// ---------------------------------------------------------------------------------------------
// rental.return

test('rental.return within the span: the periods begun are paid, the rest refunded; the deposit waits for the claim window', () => {
  const w = world();
  book(w, 5);
  // 2 h 10 min in: 3 periods begun → 300 to the owner, 200 back; the deposit stays a day.
  const events = expectOk(at(w, START + 2 * HOUR + 10 * 60_000, RENTER).run('rental.return', { rental: w.rental, booking: 0 }));
  assert.deepEqual(payments(events), [`${w.rental}→${OWNER.address} 300 ${NATIVE}`, `${w.rental}→${RENTER.address} 200 ${NATIVE}`]);
  assert.deepEqual(eventsOf(events, 'rental.returned')[0], { rental: w.rental, item: w.car, booking: '0', owner: OWNER.address, renter: RENTER.address, usedPeriods: '3', toOwner: '300', toRenter: '200', depositHeld: '1000', seq: '3' });
  assert.equal(w.chain.balance(w.rental), 1000n);
  assert.equal(itemUser(w.chain.state, w.car, START + 3 * HOUR), undefined, 'the user ends at the return');
  const entry = history(w, w.car).at(-1);
  assert.deepEqual([entry?.action, entry?.user, entry?.booking, entry?.timeMs, entry?.startMs], ['rental-return', RENTER.address, 0, START + 2 * HOUR + 10 * 60_000, undefined]);
  // The span freed by the return can be booked again.
  book(w, 2, START + 3 * HOUR, w.chain.timeMs + SECOND, OTHER);
  // A day after the return the deposit is due; anyone may settle.
  expectRefused(at(w, START + 4 * HOUR, OTHER).run('rental.settle', { rental: w.rental }), 'nothing_due');
  const settled = expectOk(at(w, START + 2 * HOUR + 10 * 60_000 + DAY, ARBITER).run('rental.settle', { rental: w.rental }));
  assert.deepEqual(payments(settled), [`${w.rental}→${RENTER.address} 1000 ${NATIVE}`, `${w.rental}→${OWNER.address} 200 ${NATIVE}`], 'in booking order');
  assert.deepEqual(eventsOf(settled, 'rental.settled').map((e) => [e.booking, e.toOwner, e.toRenter]), [['0', '0', '1000'], ['1', '200', '0']], 'booking 1 ended meanwhile: its price is paid, its deposit waits');
  assert.equal(w.chain.balance(RENTER), 100_000n - 300n);
});

test('rental.return before the start cancels: price and deposit back in full; exactly at a period boundary only the periods begun are paid', () => {
  const w = world();
  book(w, 4);
  const events = expectOk(at(w, START, RENTER).run('rental.return', { rental: w.rental, booking: 0 }));
  assert.deepEqual(payments(events), [`${w.rental}→${RENTER.address} 1400 ${NATIVE}`]);
  assert.equal(getRental(w.chain.state, w.rental)?.bookings.length, 0);
  assert.deepEqual(getRentalMark(w.chain.state, w.car), { rental: w.rental, bookings: 0 });
  book(w, 4, START + HOUR);
  const boundary = expectOk(at(w, START + 3 * HOUR, RENTER).run('rental.return', { rental: w.rental, booking: 1 }));
  assert.deepEqual(payments(boundary), [`${w.rental}→${OWNER.address} 200 ${NATIVE}`, `${w.rental}→${RENTER.address} 200 ${NATIVE}`]);
});

test('rental.return without an arbiter, or without a deposit: the deposit comes back at once', () => {
  for (const terms of [{ arbiter: false }, { deposit: undefined }]) {
    const w = world(terms);
    book(w, 2);
    const deposit = terms.arbiter === false ? 1000n : 0n;
    const events = expectOk(at(w, START + 1, RENTER).run('rental.return', { rental: w.rental, booking: 0 }));
    assert.deepEqual(payments(events), [`${w.rental}→${OWNER.address} 100 ${NATIVE}`, `${w.rental}→${RENTER.address} ${100n + deposit} ${NATIVE}`]);
    assert.equal(w.chain.balance(w.rental), 0n);
  }
});

test('rental.return refusals, in order: unknown_contract, unknown_booking, wrong_party, booking_ended (after the end, or returned twice)', () => {
  const w = world();
  book(w, 2);
  book(w, 2, START + 10 * HOUR);
  let time = START;
  const code = (key: typeof OWNER, rental: string, booking: number): string => at(w, (time += SECOND), key).run('rental.return', { rental, booking }).code;
  assert.equal(code(RENTER, OTHER.address, 0), 'unknown_contract');
  assert.equal(code(RENTER, w.rental, 7), 'unknown_booking');
  assert.equal(code(OWNER, w.rental, 0), 'wrong_party');
  assert.equal(code(OTHER, w.rental, 0), 'wrong_party');
  assert.equal(code(RENTER, w.rental, 0), 'ok');
  assert.equal(code(RENTER, w.rental, 0), 'booking_ended');
  time = START + 12 * HOUR;
  assert.equal(code(RENTER, w.rental, 1), 'booking_ended', 'past its end');
});

// ---------------------------------------------------------------------------------------------
// Expiry, rental.settle

test('expiry is lazy: nothing moves until a tx touches the rental; then the price goes to the owner, the deposit after the claim window', () => {
  const w = world();
  book(w, 2);
  const record = w.chain.state.entries.get(`contract/${w.rental}`);
  w.chain.runAt(START + 5 * HOUR, w.chain.block().add(OTHER, 'transfer', { transfers: [{ to: OWNER.address, asset: NATIVE, amount: 1n }] }));
  assert.deepEqual(w.chain.state.entries.get(`contract/${w.rental}`), record, 'no per-block work');
  assert.equal(itemUser(w.chain.state, w.car, START + 5 * HOUR), undefined, 'yet nobody uses it past the end');
  const first = expectOk(at(w, START + 6 * HOUR, OTHER).run('rental.settle', { rental: w.rental }));
  assert.deepEqual(payments(first), [`${w.rental}→${OWNER.address} 200 ${NATIVE}`]);
  expectRefused(at(w, START + 2 * HOUR + DAY - 1, OTHER).run('rental.settle', { rental: w.rental }), 'nothing_due');
  const second = expectOk(at(w, START + 2 * HOUR + DAY, OTHER).run('rental.settle', { rental: w.rental }));
  assert.deepEqual(payments(second), [`${w.rental}→${RENTER.address} 1000 ${NATIVE}`]);
  assert.equal(w.chain.balance(w.rental), 0n);
  assert.deepEqual(getRentalMark(w.chain.state, w.car), { rental: w.rental, bookings: 0 });
  // Both at once when nobody touched it before the window closed.
  book(w, 2, START + 3 * DAY);
  const both = expectOk(at(w, START + 5 * DAY, OTHER).run('rental.settle', { rental: w.rental }));
  assert.deepEqual(payments(both), [`${w.rental}→${OWNER.address} 200 ${NATIVE}`, `${w.rental}→${RENTER.address} 1000 ${NATIVE}`]);
});

test('rental.settle refusals, in order: unknown_contract, contract_closed, nothing_due', () => {
  const w = world();
  expectRefused(at(w, T0 + HOUR, OTHER).run('rental.settle', { rental: RENTAL }), 'unknown_contract');
  expectRefused(at(w, T0 + 2 * HOUR, OTHER).run('rental.settle', { rental: w.rental }), 'nothing_due');
  book(w, 2);
  expectRefused(at(w, START + HOUR, OTHER).run('rental.settle', { rental: w.rental }), 'nothing_due');
  expectOk(at(w, START + 3 * DAY).run('rental.close', { rental: w.rental }));
  expectRefused(at(w, START + 4 * DAY, OTHER).run('rental.settle', { rental: w.rental }), 'contract_closed');
});

// ---------------------------------------------------------------------------------------------
// rental.claim, rental.resolve

test('rental.claim: after the end and within the window the owner claims; the deposit waits for the arbiter, who splits it', () => {
  const w = world();
  book(w, 3);
  // Not returned: the claim after the end first pays the price (lazy expiry).
  const claim = expectOk(at(w, START + 3 * HOUR + HOUR).run('rental.claim', { rental: w.rental, booking: 0, reason: 'dent in the door' }));
  assert.deepEqual(payments(claim), [`${w.rental}→${OWNER.address} 300 ${NATIVE}`]);
  assert.deepEqual(eventsOf(claim, 'rental.claimed')[0], { rental: w.rental, item: w.car, booking: '0', owner: OWNER.address, renter: RENTER.address, arbiter: ARBITER.address, deposit: '1000', seq: '3' });
  const entry = history(w, w.car).at(-1);
  assert.deepEqual([entry?.action, entry?.reason, entry?.user], ['rental-claim', 'dent in the door', RENTER.address]);
  // Past the claim window, the claim still holds the deposit for the arbiter.
  expectRefused(at(w, START + 3 * HOUR + DAY + 1, OTHER).run('rental.settle', { rental: w.rental }), 'nothing_due');
  const resolved = expectOk(at(w, START + 3 * HOUR + DAY + 2, ARBITER).run('rental.resolve', { rental: w.rental, booking: 0, toOwner: 350n }));
  assert.deepEqual(payments(resolved), [`${w.rental}→${OWNER.address} 350 ${NATIVE}`, `${w.rental}→${RENTER.address} 650 ${NATIVE}`]);
  assert.deepEqual(eventsOf(resolved, 'rental.resolved')[0], { rental: w.rental, item: w.car, booking: '0', arbiter: ARBITER.address, owner: OWNER.address, renter: RENTER.address, toOwner: '350', toRenter: '650', seq: '4' });
  assert.equal(w.chain.balance(w.rental), 0n);
  assert.equal(getRental(w.chain.state, w.rental)?.bookings.length, 0);
});

test('rental.claim refusals, in order: unknown_booking, wrong_party, no_arbiter, booking_claimed, booking_active, deadline_passed', () => {
  const w = world();
  book(w, 2);
  book(w, 2, START + 10 * HOUR);
  const claim = (timeMs: number, key: typeof OWNER, booking: number): string => at(w, timeMs, key).run('rental.claim', { rental: w.rental, booking }).code;
  assert.equal(claim(START - HOUR, OWNER, 9), 'unknown_booking');
  assert.equal(claim(START - HOUR + 1, RENTER, 0), 'wrong_party');
  assert.equal(claim(START - HOUR + 2, ARBITER, 0), 'wrong_party');
  assert.equal(claim(START - HOUR + 3, OWNER, 0), 'booking_active', 'before the start');
  assert.equal(claim(START + HOUR, OWNER, 0), 'booking_active', 'during the span');
  assert.equal(claim(START + 2 * HOUR, OWNER, 0), 'ok', 'at the end');
  assert.equal(claim(START + 2 * HOUR + 1, OWNER, 0), 'booking_claimed');
  assert.equal(claim(START + 12 * HOUR + DAY, OWNER, 1), 'deadline_passed', 'the window closed at end + 1 day, unsettled');
  const plain = world({ arbiter: false });
  book(plain, 2);
  assert.equal(plain.chain.one(START + 3 * HOUR, OWNER, 'rental.claim', { rental: plain.rental, booking: 0 }).code, 'no_arbiter');
});

test('rental.resolve refusals, in order: unknown_booking, wrong_party, not_disputed, deadline_passed, bad_resolution; an unresolved claim lapses to the renter', () => {
  const w = world();
  book(w, 2);
  book(w, 2, START + 10 * HOUR);
  expectOk(at(w, START + 2 * HOUR).run('rental.claim', { rental: w.rental, booking: 0 }));
  const resolve = (timeMs: number, key: typeof OWNER, booking: number, toOwner: bigint): string => at(w, timeMs, key).run('rental.resolve', { rental: w.rental, booking, toOwner }).code;
  assert.equal(resolve(START + 3 * HOUR, ARBITER, 5, 0n), 'unknown_booking');
  assert.equal(resolve(START + 3 * HOUR + 1, OWNER, 0, 0n), 'wrong_party');
  assert.equal(resolve(START + 3 * HOUR + 2, RENTER, 0, 0n), 'wrong_party');
  assert.equal(resolve(START + 3 * HOUR + 3, ARBITER, 1, 0n), 'not_disputed');
  assert.equal(resolve(START + 3 * HOUR + 4, ARBITER, 0, 1001n), 'bad_resolution');
  // The arbiter may resolve until the end + 2 × the window; after that the deposit is the renter's.
  assert.equal(resolve(START + 2 * HOUR + 2 * DAY, ARBITER, 0, 0n), 'deadline_passed');
  const lapsed = expectOk(at(w, START + 2 * HOUR + 2 * DAY + 1, OTHER).run('rental.settle', { rental: w.rental }));
  assert.deepEqual(eventsOf(lapsed, 'rental.settled').map((e) => [e.booking, e.toOwner, e.toRenter]), [['0', '0', '1000'], ['1', '200', '1000']]);
  assert.equal(w.chain.balance(w.rental), 0n);
});

test('rental.resolve: the whole deposit to the owner, or none', () => {
  for (const toOwner of [0n, 1000n]) {
    const w = world();
    book(w, 2);
    expectOk(at(w, START + 2 * HOUR).run('rental.claim', { rental: w.rental, booking: 0 }));
    const events = expectOk(at(w, START + 3 * HOUR, ARBITER).run('rental.resolve', { rental: w.rental, booking: 0, toOwner }));
    assert.deepEqual(payments(events), [toOwner === 0n ? `${w.rental}→${RENTER.address} 1000 ${NATIVE}` : `${w.rental}→${OWNER.address} 1000 ${NATIVE}`]);
  }
});

// ---------------------------------------------------------------------------------------------
// rental.close

test('rental.close refusals, in order: unknown_contract, wrong_party, contract_closed, item_booked; after the close the item moves freely', () => {
  const w = world();
  book(w, 2);
  expectRefused(at(w, START, OWNER).run('rental.close', { rental: RENTAL }), 'unknown_contract');
  expectRefused(at(w, START + 1, RENTER).run('rental.close', { rental: w.rental }), 'wrong_party');
  expectRefused(at(w, START + 2, OWNER).run('rental.close', { rental: w.rental }), 'item_booked');
  // The deposit is still held in the claim window.
  expectRefused(at(w, START + 2 * HOUR + DAY - 1, OWNER).run('rental.close', { rental: w.rental }), 'item_booked');
  const events = expectOk(at(w, START + 2 * HOUR + DAY, OWNER).run('rental.close', { rental: w.rental }));
  assert.deepEqual(payments(events), [`${w.rental}→${OWNER.address} 200 ${NATIVE}`, `${w.rental}→${RENTER.address} 1000 ${NATIVE}`], 'the close settles what is due first');
  assert.deepEqual(eventsOf(events, 'rental.closed')[0], { rental: w.rental, item: w.car, owner: OWNER.address, seq: '3' });
  assert.equal(getRentalMark(w.chain.state, w.car), undefined);
  assert.equal(getRental(w.chain.state, w.rental)?.status, 'closed');
  expectRefused(at(w, START + 2 * DAY, OWNER).run('rental.close', { rental: w.rental }), 'contract_closed');
  expectRefused(at(w, START + 2 * DAY + 1, RENTER).run('rental.book', { rental: w.rental, periods: 2 }), 'contract_closed');
  expectOk(at(w, START + 2 * DAY + 2, OWNER).run('item.transfer', { item: w.car, to: OTHER.address }));
  // The new owner may offer it again.
  expectOk(at(w, START + 2 * DAY + 3, OTHER).run('rental.offer', { item: w.car, asset: NATIVE, pricePerPeriod: 1n, periodMs: DAY, minPeriods: 1, maxPeriods: 3 }));
});

// ---------------------------------------------------------------------------------------------
// Scenario

test('scenario: renting a car end to end — offer, booking, use, late return, damage claim, the arbiter’s split, close, sale', () => {
  const DEALER = OWNER;
  const chain = new TimedChain([
    [DEALER, 1_000_000n],
    [RENTER, 50_000n],
    [ARBITER, 10n],
    [OTHER, 10n],
  ]);
  const [registered] = chain.runAt(T0, chain.block().add(DEALER, 'item.register', { kind: 'car', metadata: '{"plate":"AG-123"}' }));
  const car = eventsOf(expectOk(registered), 'item.registered')[0].item;
  // A day costs 4 000; 1 to 14 days; deposit 20 000; claims within 3 days, settled by a garage.
  const offered = expectOk(chain.one(T0 + HOUR, DEALER, 'rental.offer', { item: car, asset: NATIVE, pricePerPeriod: 4000n, periodMs: DAY, minPeriods: 1, maxPeriods: 14, deposit: 20_000n, arbiter: ARBITER.address, claimWindowMs: 3 * DAY }));
  const rental = eventsOf(offered, 'rental.offered')[0].rental;
  const pickUp = T0 + 2 * DAY;
  // A weekend: 3 days from the pick-up; 12 000 + 20 000 into the rental.
  const booked = expectOk(chain.one(T0 + DAY, RENTER, 'rental.book', { rental, periods: 3, startMs: pickUp }));
  assert.deepEqual(payments(booked), [`${RENTER.address}→${rental} 32000 ${NATIVE}`]);
  assert.equal(itemUser(chain.state, car, pickUp + HOUR), RENTER.address);
  // The dealer cannot sell it meanwhile.
  expectRefused(chain.one(pickUp + HOUR, DEALER, 'item.transfer', { item: car, to: OTHER.address }), 'item_booked');
  // The renter brings it back half a day before the end: all 3 days begun, nothing refunded.
  const returned = expectOk(chain.one(pickUp + 2 * DAY + 12 * HOUR, RENTER, 'rental.return', { rental, booking: 0 }));
  assert.deepEqual(payments(returned), [`${rental}→${DEALER.address} 12000 ${NATIVE}`]);
  assert.equal(itemUser(chain.state, car, pickUp + 2 * DAY + 13 * HOUR), undefined);
  // The dealer finds a scratch and claims the next day; the garage attests the damage and awards 6 500.
  expectOk(chain.one(pickUp + 3 * DAY + 12 * HOUR, DEALER, 'rental.claim', { rental, booking: 0, reason: 'scratch on the rear bumper' }));
  expectOk(chain.one(pickUp + 4 * DAY, DEALER, 'item.attest', { item: car, type: 'inspection', data: '{"damage":"rear bumper","estimate":6500}' }));
  const resolved = expectOk(chain.one(pickUp + 5 * DAY, ARBITER, 'rental.resolve', { rental, booking: 0, toOwner: 6500n }));
  assert.deepEqual(payments(resolved), [`${rental}→${DEALER.address} 6500 ${NATIVE}`, `${rental}→${RENTER.address} 13500 ${NATIVE}`]);
  assert.equal(chain.balance(RENTER), 50_000n - 12_000n - 6500n);
  assert.equal(chain.balance(DEALER), 1_000_000n + 12_000n + 6500n);
  assert.equal(chain.balance(rental), 0n);
  // The dealer closes the offer and sells the car.
  expectOk(chain.one(pickUp + 6 * DAY, DEALER, 'rental.close', { rental }));
  expectOk(chain.one(pickUp + 7 * DAY, DEALER, 'item.transfer', { item: car, to: OTHER.address }));
  // Its history tells the whole story.
  const steps = [...chain.state.entries.keys()]
    .filter((key) => key.startsWith(historyPrefix(car)))
    .sort()
    .map((key) => decodeHistoryEntry(decode(chain.state.entries.get(key)!)))
    .map((e) => (e.action === 'attest' ? `attest ${e.type}` : e.action === 'rental-book' ? `rental-book by ${e.user} for [${e.startMs! - T0}, ${e.endMs! - T0})` : e.action));
  assert.deepEqual(steps, ['register', 'rental-offer', `rental-book by ${RENTER.address} for [${2 * DAY}, ${5 * DAY})`, 'rental-return', 'rental-claim', 'attest inspection', 'rental-resolve', 'rental-close', 'transfer']);
});

test('the invariants catch a rental that holds too much, a lost mark, and a booked item that moved', async () => {
  const { checkContractInvariants } = await import('../helpers/invariants.ts');
  const { encode } = await import('../../src/codec/cbor.ts');
  const { encodeItem } = await import('../../src/ledger/records/item-state.ts');
  const w = world();
  book(w, 2);
  const entries = (): Map<string, Uint8Array> => new Map(w.chain.state.entries);
  checkContractInvariants(entries());
  const richer = entries();
  richer.set(`bal/${w.rental}/${NATIVE}`, encode(1201n));
  richer.set(`bal/${OWNER.address}/${NATIVE}`, encode(w.chain.balance(OWNER) - 1n));
  assert.throws(() => checkContractInvariants(richer), /owes 1200 AGR but its address holds 1201 AGR/);
  const unmarked = entries();
  unmarked.delete(`rentalitem/${w.car}`);
  assert.throws(() => checkContractInvariants(unmarked), /no rentalitem\/ mark/);
  const moved = entries();
  moved.set(`item/${w.car}`, encode(encodeItem({ ...getItem(w.chain.state, w.car)!, owner: OTHER.address })));
  assert.throws(() => checkContractInvariants(moved), /not live with the owner/);
});

test('SDK: the rental builders sign and decode back to the same body; the rental address is known before sending; every kind applies', async () => {
  const sdk = await import('../../src/client/index.ts');
  const { decodeTx, encodeTx, isRejection } = await import('../../src/ledger/tx.ts');
  const chain = new TimedChain([
    [OWNER, 1_000_000n],
    [RENTER, 100_000n],
    [ARBITER, 1n],
  ]);
  const car = eventsOf(expectOk(chain.one(T0, OWNER, 'item.register', { kind: 'car' })), 'item.registered')[0].item;
  const common = (key: typeof OWNER, nonce: bigint) => ({ chainId: CHAIN_ID, from: key.publicKey, nonce, fee: 1_000_000n });
  const offerBody = sdk.buildRentalOffer({ ...common(OWNER, 1n), item: car, asset: NATIVE, pricePerPeriod: 10n, periodMs: HOUR, minPeriods: 1, maxPeriods: 5, deposit: 50n, arbiter: ARBITER.address, claimWindowMs: DAY });
  const rental = sdk.rentalAddress(offerBody);
  const plain = sdk.buildRentalOffer({ ...common(OWNER, 9n), item: car, asset: NATIVE, pricePerPeriod: 10n, periodMs: HOUR, minPeriods: 1, maxPeriods: 5 });
  assert.deepEqual(Object.keys(plain.payload).sort(), ['asset', 'item', 'maxPeriods', 'minPeriods', 'periodMs', 'pricePerPeriod'], 'absent options are not in the payload');
  const steps: [typeof OWNER, TxBodyOf, number][] = [
    [OWNER, offerBody, T0 + SECOND],
    [RENTER, sdk.buildRentalBook({ ...common(RENTER, 0n), rental, periods: 3, startMs: START }), T0 + 2 * SECOND],
    [RENTER, sdk.buildRentalBook({ ...common(RENTER, 1n), rental, periods: 1, startMs: START + DAY }), T0 + 3 * SECOND],
    [RENTER, sdk.buildRentalReturn({ ...common(RENTER, 2n), rental, booking: 1 }), T0 + 4 * SECOND],
    [OWNER, sdk.buildRentalClaim({ ...common(OWNER, 2n), rental, booking: 0, reason: 'mud' }), START + 3 * HOUR],
    [ARBITER, sdk.buildRentalResolve({ ...common(ARBITER, 0n), rental, booking: 0, toOwner: 5n }), START + 4 * HOUR],
    [RENTER, sdk.buildRentalBook({ ...common(RENTER, 3n), rental, periods: 1 }), START + 5 * HOUR],
    [ARBITER, sdk.buildRentalSettle({ ...common(ARBITER, 1n), rental }), START + 6 * HOUR + DAY],
    [OWNER, sdk.buildRentalClose({ ...common(OWNER, 3n), rental }), START + 7 * HOUR + DAY],
  ];
  for (const [key, body, timeMs] of steps) {
    const signed = sdk.signTx(body, [key]);
    const decoded = decodeTx(signed.bytes);
    if (isRejection(decoded)) assert.fail(`${body.kind}: ${decoded.code}: ${decoded.message}`);
    assert.deepEqual(encodeTx(decoded.tx), signed.bytes, `${body.kind}: decodes to the same bytes`);
    const block = chain.block();
    block.txs.push(decoded);
    expectOk(chain.runAt(timeMs, block)[0]);
  }
  assert.equal(getRental(chain.state, rental)?.status, 'closed');
  assert.equal(sdk.rentalUsedPeriods({ booking: 0, renter: RENTER.address, startMs: 0, endMs: 3 * HOUR, periods: 3, price: 30n, deposit: 0n, state: 'booked' }, HOUR, HOUR + 1), 2);
});

type TxBodyOf = Parameters<typeof import('../../src/client/index.ts').signTx>[0];
