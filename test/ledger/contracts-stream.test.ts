// Payment streams (src/ledger/contracts/stream.ts; spec/ledger.md §8.6): every payload check, every
// transition and every refusal, block by block through src/chain/execute.ts with block time moving and
// every invariant checked after each block (the stream's address holds exactly deposit − withdrawn while
// open, nothing after). Scenario: a stream withdrawn twice, then stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../src/codec/cbor.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { accruedAt, getStream, type StreamRecord } from '../../src/ledger/contracts/stream-state.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, rawBody, rawTx } from './fixtures.ts';
import { decodeCode } from './records-fixtures.ts';
import { NATIVE, SECOND, T0, TimedChain, eventsOf, expectOk, expectRefused, payments } from './rental-stream-fixtures.ts';

const PAYER = ALICE;
const PAYEE = BOB;
const OTHER = CAROL;
const STREAM = contractAddressFor('elsewhere', ALICE.address, 0n, 0);

// ---------------------------------------------------------------------------------------------
// Stateless payload checks.

const payloadCases: [string, string, CborValue, RejectCode][] = [
  ['stream.open', 'an unknown field', { payee: BOB.address, asset: 'AGR', ratePerSecond: 1, deposit: 10, end: 5 }, 'bad_shape'],
  ['stream.open', 'no payee', { asset: 'AGR', ratePerSecond: 1, deposit: 10 }, 'bad_address'],
  ['stream.open', 'a bad asset', { payee: BOB.address, asset: 'agr', ratePerSecond: 1, deposit: 10 }, 'bad_symbol'],
  ['stream.open', 'a rate of 0', { payee: BOB.address, asset: 'AGR', ratePerSecond: 0, deposit: 10 }, 'bad_amount'],
  ['stream.open', 'a rate as text', { payee: BOB.address, asset: 'AGR', ratePerSecond: '1', deposit: 10 }, 'bad_amount'],
  ['stream.open', 'a deposit of 0', { payee: BOB.address, asset: 'AGR', ratePerSecond: 1, deposit: 0 }, 'bad_amount'],
  ['stream.open', 'a deposit of 2^128', { payee: BOB.address, asset: 'AGR', ratePerSecond: 1, deposit: 2n ** 128n }, 'bad_amount'],
  ['stream.open', 'check order: payee before asset', { payee: 'x', asset: 'x', ratePerSecond: 0, deposit: 0 }, 'bad_address'],
  ['stream.withdraw', 'no stream', {}, 'bad_address'],
  ['stream.withdraw', 'an item id as stream', { stream: 'item1' + 'q'.repeat(58) }, 'bad_address'],
  ['stream.withdraw', 'an amount of 0', { stream: STREAM, amount: 0 }, 'bad_amount'],
  ['stream.withdraw', 'an unknown field', { stream: STREAM, to: BOB.address }, 'bad_shape'],
  ['stream.stop', 'an unknown field', { stream: STREAM, amount: 1 }, 'bad_shape'],
  ['stream.stop', 'a bad stream', { stream: 'agora1' }, 'bad_address'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('stream payloads: every kind has one signer; the largest amounts decode', () => {
  const two = (kind: string, payload: CborValue): RejectCode | 'ok' =>
    decodeCode(rawTx(rawBody(kind, payload, ALICE, { signers: [ALICE, BOB].map((k) => ({ publicKey: k.publicKey, nonce: 0 })) }), [ALICE, BOB]));
  assert.equal(two('stream.stop', { stream: STREAM }), 'bad_shape');
  assert.equal(two('stream.withdraw', { stream: STREAM }), 'bad_shape');
  assert.equal(decodeCode(rawTx(rawBody('stream.open', { payee: BOB.address, asset: 'AGR', ratePerSecond: 2n ** 128n - 1n, deposit: 2n ** 128n - 1n }, ALICE), [ALICE])), 'ok');
  assert.equal(decodeCode(rawTx(rawBody('stream.withdraw', { stream: STREAM, amount: 1 }, ALICE), [ALICE])), 'ok');
});

// ---------------------------------------------------------------------------------------------
// Accrual: whole seconds, capped by the deposit, frozen at the stop.

test('accruedAt: rate × whole seconds since the start, capped by the deposit; nothing after the stop', () => {
  const stream: StreamRecord = { type: 'stream', payer: PAYER.address, payee: PAYEE.address, asset: NATIVE, ratePerSecond: 7n, deposit: 100n, startMs: T0, withdrawn: 0n, status: 'open', createdAt: 1 };
  const table: [number, bigint][] = [
    [T0 - 5, 0n],
    [T0, 0n],
    [T0 + 999, 0n],
    [T0 + 1000, 7n],
    [T0 + 1999, 7n],
    [T0 + 14_000, 98n],
    [T0 + 14_999, 98n],
    [T0 + 15_000, 100n],
    [T0 + 10 ** 12, 100n],
  ];
  for (const [timeMs, accrued] of table) assert.equal(accruedAt(stream, timeMs), accrued, `at T0+${timeMs - T0}`);
  const stopped: StreamRecord = { ...stream, status: 'stopped', stoppedMs: T0 + 3_500 };
  assert.equal(accruedAt(stopped, T0 + 60_000), 21n);
  const huge: StreamRecord = { ...stream, ratePerSecond: 2n ** 128n - 1n, deposit: 2n ** 128n - 1n };
  assert.equal(accruedAt(huge, T0 + 10 ** 15), 2n ** 128n - 1n, 'no overflow: bigint, then the cap');
});

// ---------------------------------------------------------------------------------------------
// Transitions and refusals, through blocks.

function openChain(): { chain: TimedChain; stream: string } {
  const chain = new TimedChain([
    [PAYER, 1_000_000n],
    [PAYEE, 1000n],
    [OTHER, 1000n],
  ]);
  const stream = contractAddressFor(CHAIN_ID, PAYER.address, 0n, 0);
  const events = expectOk(chain.one(T0, PAYER, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 10n, deposit: 1000n }));
  assert.deepEqual(payments(events), [`${PAYER.address}→${stream} 1000 ${NATIVE}`]);
  assert.deepEqual(eventsOf(events, 'stream.opened'), [
    { stream, payer: PAYER.address, payee: PAYEE.address, asset: NATIVE, ratePerSecond: '10', deposit: '1000', startMs: String(T0) },
  ]);
  return { chain, stream };
}

test('stream.open: the deposit moves into the contract address, known before sending; the stream starts at the block time', () => {
  const { chain, stream } = openChain();
  assert.equal(chain.balance(stream), 1000n);
  assert.equal(chain.balance(PAYER), 999_000n);
  assert.deepEqual(getStream(chain.state, stream), { type: 'stream', payer: PAYER.address, payee: PAYEE.address, asset: NATIVE, ratePerSecond: 10n, deposit: 1000n, startMs: T0, withdrawn: 0n, status: 'open', stoppedMs: undefined, createdAt: 1 });
});

test('stream.open refusals, in order: bad_parties, contract_recipient, unknown_asset, insufficient_balance', () => {
  const { chain, stream } = openChain();
  const open = (payee: string, asset: string, deposit: bigint): string =>
    chain.one(chain.timeMs + SECOND, PAYER, 'stream.open', { payee, asset, ratePerSecond: 1n, deposit }).code;
  assert.equal(open(PAYER.address, 'NONE', 10n ** 12n), 'bad_parties');
  assert.equal(open(stream, 'NONE', 10n ** 12n), 'contract_recipient');
  assert.equal(open(PAYEE.address, 'NONE', 10n ** 12n), 'unknown_asset');
  assert.equal(open(PAYEE.address, NATIVE, 999_001n), 'insufficient_balance');
  assert.equal(chain.balance(PAYER), 999_000n, 'nothing moved');
  expectRefused(chain.one(chain.timeMs + SECOND, OTHER, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1001n }), 'insufficient_balance');
});

test('stream.withdraw: what has accrued by block time, whole seconds only; an amount up to that', () => {
  const { chain, stream } = openChain();
  // 2.5 s later: 2 whole seconds at 10 per second.
  const first = expectOk(chain.one(T0 + 2_500, PAYEE, 'stream.withdraw', { stream }));
  assert.deepEqual(payments(first), [`${stream}→${PAYEE.address} 20 ${NATIVE}`]);
  assert.deepEqual(eventsOf(first, 'stream.withdrawn'), [{ stream, payee: PAYEE.address, asset: NATIVE, amount: '20', withdrawn: '20' }]);
  // At 3.0 s: 30 accrued, 20 withdrawn; 10 may go, 11 may not.
  expectRefused(chain.one(T0 + 3_000, PAYEE, 'stream.withdraw', { stream, amount: 11n }), 'beyond_accrued');
  expectOk(chain.one(T0 + 3_100, PAYEE, 'stream.withdraw', { stream, amount: 4n }));
  expectOk(chain.one(T0 + 3_200, PAYEE, 'stream.withdraw', { stream, amount: 6n }));
  expectRefused(chain.one(T0 + 3_999, PAYEE, 'stream.withdraw', { stream }), 'nothing_due');
  expectRefused(chain.one(T0 + 3_999 + 1, PAYEE, 'stream.withdraw', { stream, amount: 11n }), 'beyond_accrued');
  assert.equal(chain.balance(PAYEE), 1030n);
  assert.equal(chain.balance(stream), 970n);
  assert.equal(getStream(chain.state, stream)?.withdrawn, 30n);
});

test('stream.withdraw refusals, in order: unknown_contract, wrong_party (payer or a third party), contract_closed, nothing_due, beyond_accrued', () => {
  const { chain, stream } = openChain();
  expectRefused(chain.one(T0 + 5_000, PAYEE, 'stream.withdraw', { stream: OTHER.address }), 'unknown_contract');
  expectRefused(chain.one(T0 + 6_000, PAYER, 'stream.withdraw', { stream }), 'wrong_party');
  expectRefused(chain.one(T0 + 7_000, OTHER, 'stream.withdraw', { stream, amount: 1n }), 'wrong_party');
  expectRefused(chain.one(T0 + 8_000, PAYEE, 'stream.withdraw', { stream, amount: 81n }), 'beyond_accrued');
  expectOk(chain.one(T0 + 9_000, PAYER, 'stream.stop', { stream }));
  expectRefused(chain.one(T0 + 10_000, PAYEE, 'stream.withdraw', { stream }), 'contract_closed');
  expectRefused(chain.one(T0 + 11_000, OTHER, 'stream.withdraw', { stream }), 'wrong_party');
});

test('stream.withdraw of the whole deposit: the stream is done; nothing more accrues or stops', () => {
  const { chain, stream } = openChain();
  const events = expectOk(chain.one(T0 + 500_000, PAYEE, 'stream.withdraw', { stream }));
  assert.deepEqual(payments(events), [`${stream}→${PAYEE.address} 1000 ${NATIVE}`]);
  assert.equal(getStream(chain.state, stream)?.status, 'done');
  assert.equal(chain.balance(stream), 0n);
  expectRefused(chain.one(T0 + 600_000, PAYEE, 'stream.withdraw', { stream }), 'contract_closed');
  expectRefused(chain.one(T0 + 700_000, PAYER, 'stream.stop', { stream }), 'contract_closed');
});

test('stream.stop by the payer: the accrued rest to the payee, the unaccrued rest to the payer; a second stop is refused', () => {
  const { chain, stream } = openChain();
  expectOk(chain.one(T0 + 10_000, PAYEE, 'stream.withdraw', { stream, amount: 50n }));
  const events = expectOk(chain.one(T0 + 42_700, PAYER, 'stream.stop', { stream }));
  // 42 whole seconds: 420 accrued, 50 taken → 370 to the payee, 580 back.
  assert.deepEqual(payments(events), [`${stream}→${PAYEE.address} 370 ${NATIVE}`, `${stream}→${PAYER.address} 580 ${NATIVE}`]);
  assert.deepEqual(eventsOf(events, 'stream.stopped'), [{ stream, by: PAYER.address, payer: PAYER.address, payee: PAYEE.address, asset: NATIVE, toPayee: '370', toPayer: '580' }]);
  const stopped = getStream(chain.state, stream);
  assert.equal(stopped?.status, 'stopped');
  assert.equal(stopped?.stoppedMs, T0 + 42_700);
  assert.equal(stopped?.withdrawn, 420n);
  assert.equal(chain.balance(stream), 0n);
  expectRefused(chain.one(T0 + 50_000, PAYER, 'stream.stop', { stream }), 'contract_closed');
  expectRefused(chain.one(T0 + 51_000, PAYEE, 'stream.stop', { stream }), 'contract_closed');
});

test('stream.stop by the payee; after the whole deposit accrued the payer gets nothing back; before a second, the payee nothing', () => {
  const { chain, stream } = openChain();
  const late = expectOk(chain.one(T0 + 3_600_000, PAYEE, 'stream.stop', { stream }));
  assert.deepEqual(payments(late), [`${stream}→${PAYEE.address} 1000 ${NATIVE}`]);
  const second = expectOk(chain.one(chain.timeMs + 1, PAYER, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 10n, deposit: 1000n }));
  const next = eventsOf(second, 'stream.opened')[0].stream;
  const early = expectOk(chain.one(chain.timeMs + 999, PAYEE, 'stream.stop', { stream: next }));
  assert.deepEqual(payments(early), [`${next}→${PAYER.address} 1000 ${NATIVE}`]);
});

test('stream.stop refusals, in order: unknown_contract, wrong_party (a third party), contract_closed', () => {
  const { chain, stream } = openChain();
  expectRefused(chain.one(T0 + 1_000, PAYER, 'stream.stop', { stream: PAYEE.address }), 'unknown_contract');
  expectRefused(chain.one(T0 + 2_000, OTHER, 'stream.stop', { stream }), 'wrong_party');
  assert.equal(chain.balance(stream), 1000n);
  expectOk(chain.one(T0 + 3_000, PAYEE, 'stream.stop', { stream }));
  expectRefused(chain.one(T0 + 4_000, OTHER, 'stream.stop', { stream }), 'wrong_party');
  expectRefused(chain.one(T0 + 5_000, PAYEE, 'stream.stop', { stream }), 'contract_closed');
});

test('lazy settlement: blocks without stream txs change nothing of the stream', () => {
  const { chain, stream } = openChain();
  const before = chain.state.entries.get(`contract/${stream}`);
  for (let i = 1; i <= 5; i++) chain.runAt(T0 + i * 60_000, chain.block().add(OTHER, 'transfer', { transfers: [{ to: PAYER.address, asset: NATIVE, amount: 1n }] }));
  assert.deepEqual(chain.state.entries.get(`contract/${stream}`), before);
  assert.equal(chain.balance(stream), 1000n);
});

test('scenario: a stream withdrawn twice, then stopped by the payer', () => {
  const chain = new TimedChain([
    [PAYER, 10_000_000n],
    [PAYEE, 1n],
  ]);
  // A designer is paid 5 per second, up to 36 000 (two hours).
  const opened = expectOk(chain.one(T0, PAYER, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 5n, deposit: 36_000n }));
  const stream = eventsOf(opened, 'stream.opened')[0].stream;
  // Ten minutes in: 3 000 accrued.
  const first = expectOk(chain.one(T0 + 600_000, PAYEE, 'stream.withdraw', { stream }));
  assert.deepEqual(eventsOf(first, 'stream.withdrawn')[0], { stream, payee: PAYEE.address, asset: NATIVE, amount: '3000', withdrawn: '3000' });
  // Thirty minutes and half a second in: 9 000 accrued, 6 000 of it new.
  const second = expectOk(chain.one(T0 + 1_800_500, PAYEE, 'stream.withdraw', { stream }));
  assert.equal(eventsOf(second, 'stream.withdrawn')[0].amount, '6000');
  // Forty minutes in, the payer stops it: 12 000 accrued, 3 000 of it not withdrawn; 24 000 back.
  const stop = expectOk(chain.one(T0 + 2_400_000, PAYER, 'stream.stop', { stream }));
  assert.deepEqual(payments(stop), [`${stream}→${PAYEE.address} 3000 ${NATIVE}`, `${stream}→${PAYER.address} 24000 ${NATIVE}`]);
  assert.equal(chain.balance(PAYEE), 12_001n);
  assert.equal(chain.balance(PAYER), 10_000_000n - 12_000n);
  assert.equal(chain.balance(stream), 0n);
  expectRefused(chain.one(T0 + 2_500_000, PAYEE, 'stream.withdraw', { stream }), 'contract_closed');
  expectRefused(chain.one(T0 + 2_600_000, PAYEE, 'stream.stop', { stream }), 'contract_closed');
});

test('SDK: the stream builders sign and decode back to the same body; the stream address is known before sending and applies', async () => {
  const { buildStreamOpen, buildStreamStop, buildStreamWithdraw, signTx, streamAddress, streamAccruedAt } = await import('../../src/client/index.ts');
  const { decodeTx, isRejection } = await import('../../src/ledger/tx.ts');
  const chain = new TimedChain([
    [PAYER, 1_000_000n],
    [PAYEE, 1n],
  ]);
  const common = (key: typeof PAYER, nonce: bigint) => ({ chainId: CHAIN_ID, from: key.publicKey, nonce, fee: 1_000_000n });
  const open = buildStreamOpen({ ...common(PAYER, 0n), payee: PAYEE.address, asset: NATIVE, ratePerSecond: 3n, deposit: 90n });
  const stream = streamAddress(open);
  const bodies = [open, buildStreamWithdraw({ ...common(PAYEE, 0n), stream, amount: 3n }), buildStreamWithdraw({ ...common(PAYEE, 1n), stream }), buildStreamStop({ ...common(PAYER, 1n), stream })];
  assert.equal('amount' in bodies[2].payload, false, 'an absent amount is not in the payload');
  const keys = [PAYER, PAYEE, PAYEE, PAYER];
  bodies.forEach((body, i) => {
    const signed = signTx(body, [keys[i]]);
    const decoded = decodeTx(signed.bytes);
    if (isRejection(decoded)) assert.fail(`${body.kind}: ${decoded.code}`);
    const block = chain.block();
    block.txs.push(decoded);
    expectOk(chain.runAt(T0 + i * 1_000, block)[0]);
  });
  assert.equal(chain.balance(PAYEE), 1n + 9n, '3 withdrawn at 1 s, 3 more at 2 s, the last 3 at the stop at 3 s');
  assert.equal(streamAccruedAt(getStream(chain.state, stream)!, T0 + 10 ** 9), 9n, 'frozen at the stop');
});
