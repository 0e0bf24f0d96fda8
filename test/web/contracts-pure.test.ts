/**
 * The contracts parts of the web app that need no browser (web/src/contract-view.ts, rental-view.ts,
 * format.ts): what an escrow, a rental and a stream are at a block time and what a key may do on them,
 * a booking's price before signing, the bookings' timeline, how a contract account is recognised
 * without asking the node for one that is not, and words for every contracts error code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AccountContractJson, EscrowContractJson, RentalBookingJson, RentalContractJson, StreamContractJson } from '../../src/client/types.ts';
import {
  equalTranches,
  escrowActions,
  escrowNow,
  escrowStatusWords,
  heldHolding,
  holdingOf,
  mergeContracts,
  newContract,
  streamNow,
  streamStatusWords,
  txShowsContract,
} from '../../web/src/contract-view.ts';
import { ERROR_WORDS } from '../../web/src/errors.ts';
import { entryDetails } from '../../web/src/history-details.ts';
import type { HistoryEntryJson } from '../../src/client/types.ts';
import { formatDuration, untilWords } from '../../web/src/format.ts';
import { bookingPaid, bookingTimeline, quoteBooking, rentalActions, rentalNow } from '../../web/src/rental-view.ts';

const PAYER = 'agora1payer';
const PAYEE = 'agora1payee';
const ARBITER = 'agora1arbiter';
const ESCROW = 'agora1escrow';
const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;
const at = { height: 10, timeMs: T0 };

function escrow(change: Partial<EscrowContractJson> = {}): EscrowContractJson {
  return {
    type: 'escrow',
    address: ESCROW,
    createdAt: 3,
    holds: { assets: [{ asset: 'AGR', amount: '30' }], items: [] },
    at,
    payer: PAYER,
    payee: PAYEE,
    arbiter: ARBITER,
    deadlineMs: T0 + HOUR,
    onExpiry: 'refund',
    state: 'open',
    tranches: [
      { tranche: 0, assets: [{ asset: 'AGR', amount: '10' }], items: [], status: 'released', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
      { tranche: 1, assets: [{ asset: 'AGR', amount: '30' }], items: [], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
      { tranche: 2, assets: [{ asset: 'AGR', amount: '10' }], items: [], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
    ],
    reviewWindowMs: null,
    arbiterFee: null,
    arbiterWindowMs: null,
    disputedAtMs: null,
    lapsesAtMs: null,
    resolvedToPayee: null,
    now: { expired: false, defaultDue: null, disputable: true, lapsed: false },
    ...change,
  };
}

test('escrow: what each party may do, before the deadline, after it, in dispute, closed (spec/ledger.md §8.2)', () => {
  const open = escrow();
  assert.deepEqual(escrowActions(open, PAYER, T0), [{ action: 'release', tranche: 1 }, { action: 'release', tranche: 2 }, { action: 'dispute' }]);
  assert.deepEqual(escrowActions(open, PAYEE, T0), [{ action: 'refund' }, { action: 'dispute' }]);
  assert.deepEqual(escrowActions(open, ARBITER, T0), [], 'the arbiter acts only on a dispute');
  assert.deepEqual(escrowActions(open, 'agora1stranger', T0), []);
  assert.deepEqual(escrowActions(escrow({ arbiter: null }), PAYEE, T0), [{ action: 'refund' }], 'no arbiter: no dispute');
  // From the deadline on (block time ≥ deadlineMs) the default is due, for anyone to settle.
  for (const me of [PAYER, PAYEE, 'agora1stranger']) assert.deepEqual(escrowActions(open, me, T0 + HOUR), [{ action: 'settle' }]);
  assert.deepEqual(escrowActions(open, PAYER, T0 + HOUR - 1), [{ action: 'release', tranche: 1 }, { action: 'release', tranche: 2 }, { action: 'dispute' }]);
  const disputed = escrow({ state: 'disputed' });
  assert.deepEqual(escrowActions(disputed, PAYER, T0 + 5 * HOUR), [{ action: 'release', tranche: 1 }, { action: 'release', tranche: 2 }], 'a disputed escrow does not expire');
  assert.deepEqual(escrowActions(disputed, PAYEE, T0 + 5 * HOUR), [{ action: 'refund' }]);
  assert.deepEqual(escrowActions(escrow({ state: 'closed' }), PAYER, T0), []);
  assert.deepEqual(escrowActions(disputed, ARBITER, T0), [{ action: 'resolve', toPayee: true }, { action: 'resolve', toPayee: false }]);
});

test('escrow: what an arbiter hands the payee for “everything held”: the held tranches summed per asset, with their items', () => {
  const tranches: EscrowContractJson['tranches'] = [
    { tranche: 0, assets: [{ asset: 'USD', amount: '5' }], items: [], status: 'released', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
    { tranche: 1, assets: [{ asset: 'USD', amount: '9007199254740993' }, { asset: 'AGR', amount: '1' }], items: ['item1b'], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
    { tranche: 2, assets: [{ asset: 'USD', amount: '7' }], items: ['item1a'], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: T0 + HOUR, defaultAtDue: 'refund' },
  ];
  assert.deepEqual(heldHolding(escrow({ tranches })), { assets: [{ asset: 'AGR', amount: 1n }, { asset: 'USD', amount: 9007199254741000n }], items: ['item1b', 'item1a'] });
});

test('escrow: its now and its words move with block time, as the node says them', () => {
  const open = escrow();
  assert.deepEqual(escrowNow(open, T0), open.now, 'at the node’s own time, the node’s answer');
  assert.deepEqual(escrowNow(open, T0 + HOUR), { expired: true, defaultDue: 'refund', disputable: false, lapsed: false });
  assert.deepEqual(escrowNow(escrow({ state: 'disputed' }), T0 + HOUR), { expired: false, defaultDue: null, disputable: false, lapsed: false });
  assert.match(escrowStatusWords(open, T0), /^Open/);
  assert.match(escrowStatusWords(open, T0 + HOUR), /back to the payer at the next touch/);
  assert.match(escrowStatusWords(escrow({ onExpiry: 'release' }), T0 + HOUR), /to the payee at the next touch/);
  const all = (status: 'released' | 'refunded' | 'resolved') => escrow({ state: 'closed', tranches: open.tranches.map((t) => ({ ...t, status })) });
  assert.match(escrowStatusWords(all('released'), T0), /everything was released to the payee/);
  assert.match(escrowStatusWords(all('refunded'), T0), /back to the payer/);
  assert.match(escrowStatusWords(escrow({ state: 'closed', tranches: [open.tranches[0], { ...open.tranches[1], status: 'resolved' }] }), T0), /arbiter divided/);
  assert.match(escrowStatusWords(escrow({ state: 'disputed' }), T0), /^In dispute/);
  assert.match(escrowStatusWords(escrow({ state: 'disputed', disputedAtMs: T0, arbiterWindowMs: HOUR, lapsesAtMs: T0 + HOUR }), T0 + HOUR), /dispute lapsed, and what is held goes back to the payer/);
});

function stream(change: Partial<StreamContractJson> = {}): StreamContractJson {
  return {
    type: 'stream',
    address: 'agora1stream',
    createdAt: 4,
    holds: { assets: [{ asset: 'AGR', amount: '100' }], items: [] },
    at,
    payer: PAYER,
    payee: PAYEE,
    asset: 'AGR',
    ratePerSecond: '3',
    deposit: '100',
    startMs: T0,
    withdrawn: '0',
    status: 'open',
    stoppedMs: null,
    now: { accrued: '0', withdrawable: '0', endsMs: T0 + 34_000 },
    ...change,
  };
}

test('stream: accrual by whole seconds of block time, capped by the deposit, frozen at the stop (spec/ledger.md §8.6)', () => {
  assert.deepEqual(streamNow(stream(), T0), { accrued: 0n, withdrawable: 0n, accruedPerMille: 0, withdrawnPerMille: 0 });
  assert.equal(streamNow(stream(), T0 + 2_999).accrued, 6n, 'a second in progress accrues nothing');
  assert.deepEqual(streamNow(stream({ withdrawn: '6' }), T0 + 10_000), { accrued: 30n, withdrawable: 24n, accruedPerMille: 300, withdrawnPerMille: 60 });
  assert.equal(streamNow(stream(), T0 + 3_600_000).accrued, 100n, 'capped by the deposit');
  assert.equal(streamNow(stream(), T0 - 5_000).accrued, 0n, 'nothing before the start');
  const stopped = stream({ status: 'stopped', stoppedMs: T0 + 10_500, withdrawn: '30' });
  assert.deepEqual(streamNow(stopped, T0 + 60_000), { accrued: 30n, withdrawable: 0n, accruedPerMille: 300, withdrawnPerMille: 300 });
  assert.match(streamStatusWords(stopped, T0), /^Stopped/);
  assert.match(streamStatusWords(stream(), T0 + 34_000), /whole deposit has accrued/);
  assert.match(streamStatusWords(stream(), T0 + 1_000), /^Flowing/);
  assert.match(streamStatusWords(stream({ status: 'done' }), T0), /^Done/);
});

const OWNER = 'agora1owner';
const booking = (n: number, change: Partial<RentalBookingJson>): RentalBookingJson => ({ booking: n, renter: `agora1renter${n}`, startMs: T0, endMs: T0 + 2 * HOUR, periods: 2, price: '20', deposit: '50', state: 'booked', endedMs: null, phase: 'upcoming', ...change });

function rental(change: Partial<RentalContractJson> = {}): RentalContractJson {
  return {
    type: 'rental',
    address: 'agora1rental',
    createdAt: 5,
    holds: { assets: [], items: [] },
    at,
    item: 'item1drill',
    owner: OWNER,
    asset: 'AGR',
    pricePerPeriod: '10',
    periodMs: HOUR,
    minPeriods: 1,
    maxPeriods: 8,
    deposit: '50',
    arbiter: ARBITER,
    claimWindowMs: HOUR,
    status: 'open',
    nextBooking: 4,
    bookings: [],
    now: { user: null, due: [] },
    ...change,
  };
}

test('rental: each booking’s phase and the item’s user at a block time (spec/ledger.md §8.5 "Phases")', () => {
  const bookings = [
    booking(0, { startMs: T0 - HOUR, endMs: T0 + HOUR }),
    booking(1, { startMs: T0 + HOUR, endMs: T0 + 4 * HOUR }),
    booking(2, { startMs: T0 - 5 * HOUR, endMs: T0 - 3 * HOUR, state: 'ended', endedMs: T0 - HOUR / 2 }),
    booking(3, { startMs: T0 - 9 * HOUR, endMs: T0 - 7 * HOUR, state: 'claimed', endedMs: T0 - 7 * HOUR }),
  ];
  const r = rental({ bookings });
  // Booking 3's claim lapsed: its deposit is due to the renter (nothing to the owner: it was paid at the end).
  assert.deepEqual(rentalNow(r, T0), { phases: ['in-use', 'upcoming', 'claim-window', 'due'], user: 'agora1renter0', due: [{ booking: 3, toOwner: 0n, toRenter: 50n }] });
  // Booking 0 past its end, in its window: its price is due now, its deposit waits.
  assert.deepEqual(rentalNow(r, T0 + 1.5 * HOUR).due, [{ booking: 0, toOwner: 20n, toRenter: 0n }, { booking: 2, toOwner: 0n, toRenter: 50n }, { booking: 3, toOwner: 0n, toRenter: 50n }]);
  // Blocks later: booking 0 has ended (its window runs), booking 1 is in use, booking 2's window closed.
  assert.deepEqual({ ...rentalNow(r, T0 + 1.5 * HOUR), due: [] }, { phases: ['claim-window', 'in-use', 'due', 'due'], user: 'agora1renter1', due: [] });
  assert.deepEqual(rentalNow(r, T0 + 2 * HOUR).phases, ['due', 'in-use', 'due', 'due'], 'booking 0’s window closes one window after its end');
  assert.deepEqual(rentalNow(r, T0 + 5 * HOUR).user, null, 'between bookings the owner has it');
  assert.deepEqual(rentalNow(rental({ bookings, arbiter: null, claimWindowMs: 0 }), T0 + 1.5 * HOUR).phases, ['due', 'in-use', 'due', 'due'], 'without an arbiter a deposit is due at the end');
  assert.equal(rentalNow(rental({ bookings, status: 'closed' }), T0).user, null);
});

test('rental: what each party may do now — return or cancel, claim, resolve, settle, close (spec/ledger.md §8.5)', () => {
  const renter = 'agora1renter0';
  const inUse = booking(0, { startMs: T0 - HOUR, endMs: T0 + HOUR });
  const later = booking(1, { renter, startMs: T0 + 5 * HOUR, endMs: T0 + 6 * HOUR });
  const r = rental({ bookings: [inUse, later] });
  assert.deepEqual(rentalActions(r, renter, T0), [{ action: 'return', booking: 0, cancel: false }, { action: 'return', booking: 1, cancel: true }]);
  assert.deepEqual(rentalActions(r, OWNER, T0), [], 'nothing to claim, and the offer has bookings');
  assert.deepEqual(rentalActions(r, 'agora1stranger', T0), []);
  // Booking 0 ends: in its claim window the owner may claim, and its price is due (anyone settles).
  assert.deepEqual(rentalActions(r, OWNER, T0 + HOUR), [{ action: 'claim', booking: 0 }, { action: 'settle' }]);
  assert.deepEqual(rentalActions(r, renter, T0 + HOUR), [{ action: 'return', booking: 1, cancel: true }, { action: 'settle' }]);
  const claimed = rental({ bookings: [booking(0, { state: 'claimed', startMs: T0 - 3 * HOUR, endMs: T0 - HOUR, endedMs: T0 - HOUR })] });
  assert.deepEqual(rentalActions(claimed, ARBITER, T0), [{ action: 'resolve', booking: 0, toOwner: 50n }, { action: 'resolve', booking: 0, toOwner: 0n }]);
  assert.deepEqual(rentalActions(claimed, OWNER, T0), []);
  // Two windows after its end the claim has lapsed: the deposit is due to the renter, and the owner may close.
  assert.deepEqual(rentalActions(claimed, OWNER, T0 + HOUR), [{ action: 'settle' }, { action: 'close' }]);
  assert.deepEqual(rentalActions(rental(), OWNER, T0), [{ action: 'close' }]);
  assert.deepEqual(rentalActions(rental({ status: 'closed' }), OWNER, T0), []);
});

test('rental: where a booking’s price went — held, paid at the end, or split by the refund rule at an early return', () => {
  const b = booking(0, { startMs: T0, endMs: T0 + 5 * HOUR, periods: 5, price: '50' });
  assert.equal(bookingPaid(rental({ bookings: [b] }), b), undefined, 'held while booked');
  const ended = { ...b, state: 'ended' as const, endedMs: T0 + 5 * HOUR };
  assert.deepEqual(bookingPaid(rental({ bookings: [ended] }), ended), { toOwner: 50n, refunded: 0n });
  // spec/ledger.md §8.5's example: 5 h at 10 an hour returned 2 h 10 min in: 3 periods begun.
  const returned = { ...b, state: 'claimed' as const, endedMs: T0 + 2 * HOUR + 10 * 60_000 };
  assert.deepEqual(bookingPaid(rental({ bookings: [returned] }), returned), { toOwner: 30n, refunded: 20n });
});

test('rental: a booking’s price and deposit before signing, and the refusals the rental would give', () => {
  assert.deepEqual(quoteBooking(rental(), 3), { quote: { price: 30n, deposit: 50n, total: 80n, durationMs: 3 * HOUR } });
  assert.deepEqual(quoteBooking(rental({ deposit: '0' }), 1), { quote: { price: 10n, deposit: 0n, total: 10n, durationMs: HOUR } });
  for (const periods of [0, 9, 1.5, Number.NaN]) assert.equal((quoteBooking(rental(), periods) as { code: string }).code, 'bad_periods', `${periods} periods`);
  assert.match((quoteBooking(rental({ minPeriods: 2 }), 1) as { problem: string }).problem, /from 2 to 8 periods/);
  assert.equal((quoteBooking(rental({ status: 'closed' }), 2) as { code: string }).code, 'contract_closed');
  // Amounts past 2^53 stay exact.
  assert.equal((quoteBooking(rental({ pricePerPeriod: '9007199254740993' }), 2) as { quote: { price: bigint } }).quote.price, 18014398509481986n);
});

test('rental: the bookings on one line, now marked; a returned booking ends at its return; a short one stays visible', () => {
  const bookings = [booking(0, { startMs: T0, endMs: T0 + 2 * HOUR }), booking(1, { startMs: T0 + 2 * HOUR, endMs: T0 + 10 * HOUR, endedMs: T0 + 6 * HOUR, state: 'ended' }), booking(2, { startMs: T0 + 10 * HOUR, endMs: T0 + 10 * HOUR + 60_000 })];
  const line = bookingTimeline(bookings, ['in-use', 'claim-window', 'upcoming'], HOUR, T0 + HOUR);
  assert.equal(line.fromMs, T0);
  assert.equal(line.toMs, T0 + 10 * HOUR + 60_000);
  assert.deepEqual(line.bars.map((b) => [b.booking, b.phase, b.left]), [[0, 'in-use', 0], [1, 'claim-window', 200], [2, 'upcoming', 990]]);
  assert.ok(Math.abs(line.bars[1].width - 400) <= 1, `returned at 6 h: 4 of 10 hours, not ${line.bars[1].width}`);
  assert.ok(line.bars[2].width >= 2 && line.bars[2].left + line.bars[2].width <= 1000, 'the one-minute booking keeps a visible width');
  assert.equal(line.now, 100);
  // No booking yet: the line runs from now to one period later, now at its start.
  const empty = bookingTimeline([], [], HOUR, T0);
  assert.deepEqual([empty.fromMs, empty.toMs, empty.now, empty.bars.length], [T0, T0 + HOUR, 0, 0]);
});

test('contracts are recognised from the newest tx touching them, so ordinary addresses are never asked for a contract', () => {
  const transfer = (from: string, to: string) => ({ type: 'transfer', attributes: { asset: 'AGR', from, to, amount: '5' } });
  assert.ok(txShowsContract(ESCROW, [PAYER], [{ type: 'escrow.released', attributes: { escrow: ESCROW, payer: PAYER, payee: PAYEE } }, transfer(ESCROW, PAYEE)]));
  assert.ok(txShowsContract('agora1rental', [OWNER], [{ type: 'rental.offered', attributes: { rental: 'agora1rental', item: 'item1x', owner: OWNER } }]));
  // A split forwards in the payer's tx: value leaves the split, which signed nothing.
  assert.ok(txShowsContract('agora1split', [PAYER], [transfer(PAYER, 'agora1split'), transfer('agora1split', PAYEE)]));
  assert.ok(!txShowsContract(PAYEE, [PAYER], [transfer(PAYER, PAYEE)]), 'a receiver');
  assert.ok(!txShowsContract(PAYER, [PAYER], [transfer(PAYER, PAYEE)]), 'a sender');
  assert.ok(!txShowsContract(PAYEE, [PAYER], [{ type: 'escrow.created', attributes: { escrow: ESCROW, payer: PAYER, payee: PAYEE } }]), 'a party of an escrow');
  assert.deepEqual(newContract([transfer(PAYER, ESCROW), { type: 'escrow.created', attributes: { escrow: ESCROW, payer: PAYER } }]), { type: 'escrow', address: ESCROW });
  assert.deepEqual(newContract([{ type: 'stream.opened', attributes: { stream: 'agora1s' } }]), { type: 'stream', address: 'agora1s' });
  assert.deepEqual(newContract([{ type: 'rental.offered', attributes: { rental: 'agora1r' } }]), { type: 'rental', address: 'agora1r' });
  assert.equal(newContract([transfer(PAYER, PAYEE)]), undefined);
});

test('lists and payloads: contract pages merged by address, holdings read loosely, milestones split exactly', () => {
  const entry = (address: string, roles: string[]): AccountContractJson => ({ address, type: 'rental', status: 'open', roles, height: 1, index: 0 });
  assert.deepEqual(mergeContracts([entry('a', ['renter'])], [entry('b', ['owner']), entry('a', ['arbiter', 'renter'])]).map((c) => [c.address, c.roles]), [['a', ['arbiter', 'renter']], ['b', ['owner']]]);
  assert.deepEqual(holdingOf({ assets: [{ asset: 'AGR', amount: '7' }] }), { assets: [{ asset: 'AGR', amount: '7' }], items: [] });
  assert.deepEqual(holdingOf({ items: ['item1a'] }), { assets: [], items: ['item1a'] });
  assert.deepEqual(holdingOf(null), { assets: [], items: [] });
  assert.deepEqual(equalTranches(100n, 3), [33n, 33n, 34n]);
  assert.deepEqual(equalTranches(5n, 1), [5n]);
  assert.equal(equalTranches(10n ** 30n + 1n, 4).reduce((a, b) => a + b, 0n), 10n ** 30n + 1n);
});

test('durations and deadlines read in words', () => {
  assert.equal(formatDuration(HOUR), '1 h');
  assert.equal(formatDuration(5_400_000), '1 h 30 min');
  assert.equal(formatDuration(3 * 86_400_000 + 2 * HOUR + 5 * 60_000), '3 days 2 h');
  assert.equal(formatDuration(61_000), '1 min 1 s');
  assert.equal(formatDuration(250), '250 ms');
  assert.equal(untilWords(T0 + 2 * HOUR, T0), 'in 2 h');
  assert.equal(untilWords(T0, T0 + 90_000), 'passed 1 min 30 s ago');
});

test('every contracts error code (src/ledger/errors.ts) and the wallet’s own have words', () => {
  const source = readFileSync(new URL('../../src/ledger/errors.ts', import.meta.url), 'utf8');
  const contracts = source.slice(source.indexOf('// contracts'), source.indexOf('export interface Rejection'));
  const codes = [...contracts.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 26, `${codes.length} contracts codes`);
  for (const code of [...codes, 'no_action']) assert.ok(ERROR_WORDS[code] !== undefined, `no words for ${code}`);
});

test('an item’s rental entries link their rental', () => {
  const entry = { seq: 2, action: 'rental-book', signer: 'agora1renter0', nonce: '0', height: 9, timeMs: T0, contract: 'agora1rental', booking: 0, user: 'agora1renter0', startMs: T0, endMs: T0 + HOUR } as unknown as HistoryEntryJson;
  assert.deepEqual(entryDetails(entry).slice(0, 3), [
    { kind: 'address', label: 'user', value: 'agora1renter0' },
    { kind: 'contract', label: 'rental', value: 'agora1rental' },
    { kind: 'text', label: 'booking', value: '0' },
  ]);
});
