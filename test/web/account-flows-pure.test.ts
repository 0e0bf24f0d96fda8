/**
 * An account's history in the explorer, without a browser: what each tx did to the account viewed
 * (in or out, net per asset, the fee apart), from the receipt's events, and how a change reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEventJson } from '../../src/client/index.ts';
import { accountFlows, signedAmount } from '../../web/src/account-flows.ts';

const ME = 'agora1me';
const YOU = 'agora1you';
const PROPOSER = 'agora1proposer';
const event = (type: string, attributes: { [key: string]: string }): LedgerEventJson => ({ type, attributes });
const transfer = (from: string, to: string, amount: string, asset = 'AGR'): LedgerEventJson => event('transfer', { asset, from, to, amount });

test('a transfer is out for its sender and in for its recipient, with the net amount per asset', () => {
  const events = [transfer(ME, YOU, '1250000'), transfer(ME, YOU, '750000')];
  assert.deepEqual(accountFlows(events, ME, 'AGR'), { changes: [{ asset: 'AGR', amount: -2_000_000n }], feePaid: 0n, direction: 'out' });
  assert.deepEqual(accountFlows(events, YOU, 'AGR'), { changes: [{ asset: 'AGR', amount: 2_000_000n }], feePaid: 0n, direction: 'in' });
});

test('the fee is apart: paid by the first signer, received by the proposer in the native asset', () => {
  const events = [event('fee', { from: ME, to: PROPOSER, amount: '1000' }), transfer(ME, YOU, '5')];
  assert.deepEqual(accountFlows(events, ME, 'AGR'), { changes: [{ asset: 'AGR', amount: -5n }], feePaid: 1000n, direction: 'out' });
  assert.deepEqual(accountFlows(events, PROPOSER, 'AGR'), { changes: [{ asset: 'AGR', amount: 1000n }], feePaid: 0n, direction: 'in' });
  // A refused tx keeps only its fee event: nothing moved but the fee.
  assert.deepEqual(accountFlows(events.slice(0, 1), ME, 'AGR'), { changes: [], feePaid: 1000n, direction: 'none' });
});

test('mint, burn and a new asset’s supply; a payment for an item is out and in at once', () => {
  assert.equal(accountFlows([event('mint', { asset: 'GOLD', to: ME, amount: '7' })], ME, 'AGR').direction, 'in');
  assert.equal(accountFlows([event('mint', { asset: 'GOLD', to: YOU, amount: '7' })], ME, 'AGR').direction, 'none');
  assert.deepEqual(accountFlows([event('burn', { asset: 'GOLD', from: ME, amount: '3' })], ME, 'AGR').changes, [{ asset: 'GOLD', amount: -3n }]);
  assert.deepEqual(accountFlows([event('asset.created', { asset: 'WEBT', creator: ME, supply: '10000', mintable: 'true' })], ME, 'AGR').changes, [{ asset: 'WEBT', amount: 10_000n }]);
  // Shares for AGR: both ways, listed by symbol; the item.transferred event repeats the payment and is not counted twice.
  const swap = [transfer(ME, YOU, '9', 'AGR'), transfer(YOU, ME, '1', 'SHARE'), event('item.transferred', { item: 'item1x', from: YOU, to: ME, asset: 'AGR', amount: '9' })];
  assert.deepEqual(accountFlows(swap, ME, 'AGR'), { changes: [{ asset: 'AGR', amount: -9n }, { asset: 'SHARE', amount: 1n }], feePaid: 0n, direction: 'in and out' });
});

test('a transfer to oneself and events about others move nothing', () => {
  assert.deepEqual(accountFlows([transfer(ME, ME, '5')], ME, 'AGR'), { changes: [], feePaid: 0n, direction: 'none' });
  assert.deepEqual(accountFlows([transfer(YOU, PROPOSER, '5'), event('item.attested', { item: 'item1x', type: 'inspection' })], ME, 'AGR').direction, 'none');
});

test('amounts stay exact past 2^53: bigint all the way', () => {
  const huge = '123456789012345678901234567890';
  assert.deepEqual(accountFlows([transfer(YOU, ME, huge)], ME, 'AGR').changes, [{ asset: 'AGR', amount: BigInt(huge) }]);
  assert.equal(signedAmount(BigInt(huge), 6, 'AGR'), '+123,456,789,012,345,678,901,234.56789 AGR');
});

test('a change reads with its sign, decimals and unit', () => {
  assert.equal(signedAmount(12_500_000n, 6, 'AGR'), '+12.5 AGR');
  assert.equal(signedAmount(-1_250_000n, 6, 'AGR'), '−1.25 AGR');
  assert.equal(signedAmount(-100_000n, 2, 'GOLD'), '−1,000 GOLD');
  assert.equal(signedAmount(5n, 0, 'SHARE'), '+5 SHARE');
});
