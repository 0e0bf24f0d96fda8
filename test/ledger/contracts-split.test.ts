// Revenue splits (src/ledger/contracts/split.ts; spec/ledger.md §8.4) and the rule that nothing else
// may be sent to a contract account (§8.1): payload checks, the rounding rule (largest remainder; no
// unit lost or created, also as a property), forwarding of transfers, mints and contract payouts to a
// split, and every `contract_recipient` refusal. The contract invariants are checked after every tx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CborValue } from '../../src/codec/cbor.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { getSplit, splitShares } from '../../src/ledger/accounts/split-state.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { CHAIN_ID, keyFromByte, rawBody, rawTx } from './fixtures.ts';
import { assertOk, decodeCode, multiTx, run } from './records-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, at, balance, checkAllContracts, contractOf, contractWorld, okAt, ownerOf, refusedAt, type ContractWorld } from './contracts-fixtures.ts';

const a = ALICE.address;

const payloadCases: [string, CborValue, RejectCode][] = [
  ['one member', { members: [{ address: a, weight: 1 }] }, 'bad_shape'],
  ['17 members', { members: Array.from({ length: 17 }, (_, i) => ({ address: keyFromByte(0x40 + i).address, weight: 1 })) }, 'bad_shape'],
  ['a weight of 0', { members: [{ address: a, weight: 0 }, { address: BOB.address, weight: 1 }] }, 'bad_shape'],
  ['a weight above 1 000 000', { members: [{ address: a, weight: 1_000_001 }, { address: BOB.address, weight: 1 }] }, 'bad_shape'],
  ['a weight as text', { members: [{ address: a, weight: '1' }, { address: BOB.address, weight: 1 }] }, 'bad_shape'],
  ['a member twice', { members: [{ address: a, weight: 1 }, { address: a, weight: 2 }] }, 'bad_shape'],
  ['a bad address', { members: [{ address: 'alice', weight: 1 }, { address: BOB.address, weight: 1 }] }, 'bad_address'],
  ['an unknown field', { members: [{ address: a, weight: 1 }, { address: BOB.address, weight: 1 }], name: 'band' }, 'bad_shape'],
  ['a member with an unknown field', { members: [{ address: a, weight: 1, role: 'x' }, { address: BOB.address, weight: 1 }] }, 'bad_shape'],
];

for (const [name, payload, code] of payloadCases) {
  test(`split.create payload: ${name} → ${code}`, () => assert.equal(decodeCode(rawTx(rawBody('split.create', payload, ALICE), [ALICE])), code));
}

// ---------------------------------------------------------------------------------------------
// The rounding rule.

test('splitShares: largest remainder, ties to the earlier member', () => {
  const cases: [bigint, number[], bigint[]][] = [
    [100n, [1, 1, 1], [34n, 33n, 33n]],
    [7n, [50, 30, 20], [4n, 2n, 1n]],
    [1n, [1, 2], [0n, 1n]],
    [1n, [2, 2], [1n, 0n]],
    [10n, [3, 7], [3n, 7n]],
    [0n, [1, 1], [0n, 0n]],
    [2n ** 128n - 1n, [1, 2], [(2n ** 128n - 1n) / 3n, ((2n ** 128n - 1n) / 3n) * 2n]],
  ];
  for (const [amount, weights, expected] of cases) assert.deepEqual(splitShares(amount, weights), expected, `${amount} by ${weights}`);
});

test('property: the shares sum to the amount exactly, each within one unit of its exact share', () => {
  fc.assert(
    fc.property(fc.bigInt(0n, 2n ** 128n - 1n), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 16 }), (amount, weights) => {
      const shares = splitShares(amount, weights);
      const total = BigInt(weights.reduce((sum, w) => sum + w, 0));
      assert.equal(shares.reduce((sum, s) => sum + s, 0n), amount);
      shares.forEach((share, i) => {
        const floor = (amount * BigInt(weights[i])) / total;
        assert.ok(share === floor || share === floor + 1n, `member ${i}: ${share} vs floor ${floor}`);
      });
    }),
    { numRuns: 300 },
  );
});

// ---------------------------------------------------------------------------------------------
// split.create and forwarding.

/** A split of ALICE's creation: BOB 50, CAROL 30, DAVE 20. */
function band(w: ContractWorld): string {
  return contractOf(okAt(w.state, ALICE, 'split.create', { members: [{ address: BOB.address, weight: 50 }, { address: CAROL.address, weight: 30 }, { address: DAVE.address, weight: 20 }] }), 'split.created', 'split');
}

test('split.create: the record, its address known before sending, its event', () => {
  const w = contractWorld();
  const expected = contractAddressFor(CHAIN_ID, ALICE.address, getNonce(w.state, ALICE.address), 0);
  const events = okAt(w.state, ALICE, 'split.create', { members: [{ address: BOB.address, weight: 2 }, { address: ALICE.address, weight: 1 }] });
  assert.deepEqual(events, [{ type: 'split.created', attributes: { split: expected, creator: ALICE.address, members: `${BOB.address}:2,${ALICE.address}:1` } }]);
  assert.deepEqual(getSplit(w.state, expected)?.members, [{ address: BOB.address, weight: 2 }, { address: ALICE.address, weight: 1 }]);
});

test('transfer to a split: forwarded at once by shares; the split holds nothing; events follow the money', () => {
  const w = contractWorld();
  const split = band(w);
  const before = [BOB, CAROL, DAVE].map((k) => balance(w.state, k, 'USD'));
  const events = okAt(w.state, ALICE, 'transfer', { transfers: [{ to: split, asset: 'USD', amount: 7n }, { to: CAROL.address, asset: 'USD', amount: 1n }] });
  assert.deepEqual(events.map((e) => [e.attributes.from, e.attributes.to, e.attributes.amount]), [
    [ALICE.address, split, '7'],
    [split, BOB.address, '4'],
    [split, CAROL.address, '2'],
    [split, DAVE.address, '1'],
    [ALICE.address, CAROL.address, '1'],
  ]);
  assert.deepEqual([BOB, CAROL, DAVE].map((k) => balance(w.state, k, 'USD')), [before[0] + 4n, before[1] + 3n, before[2] + 1n]);
  assert.equal(balance(w.state, split, 'USD'), 0n);
});

test('a share of 0 makes no transfer: 1 unit to a 50/30/20 split goes to the first member', () => {
  const w = contractWorld();
  const split = band(w);
  const events = okAt(w.state, ALICE, 'transfer', { transfers: [{ to: split, asset: 'AGR', amount: 1n }] });
  assert.deepEqual(events.map((e) => e.attributes.to), [split, BOB.address]);
});

test('asset.mint to a split is forwarded; to another contract account it is refused', () => {
  const w = contractWorld();
  const split = band(w);
  okAt(w.state, ALICE, 'asset.create', { symbol: 'PTS', name: 'Points', decimals: 0, supply: 0n, mintAuthority: ALICE.address });
  const events = okAt(w.state, ALICE, 'asset.mint', { asset: 'PTS', to: split, amount: 10n });
  assert.deepEqual(events.map((e) => [e.type, e.attributes.to, e.attributes.amount]), [['mint', split, '10'], ['transfer', BOB.address, '5'], ['transfer', CAROL.address, '3'], ['transfer', DAVE.address, '2']]);
  okAt(w.state, ALICE, 'asset.mint', { asset: 'PTS', to: ALICE.address, amount: 5n });
  const escrow = contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: NOW_MS + HOUR_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'PTS', amount: 1n }, { asset: 'USD', amount: 1n }] }] }), 'escrow.created', 'escrow');
  refusedAt(w.state, ALICE, 'asset.mint', { asset: 'PTS', to: escrow, amount: 1n }, 'contract_recipient');
});

test('contract payouts to a split are forwarded: an escrow released to a split, a swap leg to a split', () => {
  const w = contractWorld();
  const split = band(w);
  const escrow = contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: split, deadlineMs: NOW_MS + HOUR_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 100n }] }] }), 'escrow.created', 'escrow');
  const bob = balance(w.state, BOB, 'USD');
  okAt(w.state, ALICE, 'escrow.release', { escrow, tranche: 0 });
  assert.equal(balance(w.state, BOB, 'USD'), bob + 50n);
  assert.equal(balance(w.state, split, 'USD'), 0n);
  const legs = [{ from: ALICE.address, to: split, assets: [{ asset: 'AGR', amount: 10n }] }, { from: BOB.address, to: ALICE.address, items: [w.car] }];
  assertOk(run(w.state, multiTx(w.state, [ALICE, BOB], 'swap', { legs }), at(NOW_MS)));
  checkAllContracts(w.state);
  assert.equal(ownerOf(w.state, w.car), ALICE.address);
});

// ---------------------------------------------------------------------------------------------
// Nothing else goes to a contract account: `contract_recipient`.

type Case = [string, (w: ContractWorld) => void];

const escrowOf = (w: ContractWorld): string =>
  contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: NOW_MS + HOUR_MS, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 10n }] }] }), 'escrow.created', 'escrow');

const refusals: Case[] = [
  ['transfer to an escrow account', (w) => refusedAt(w.state, ALICE, 'transfer', { transfers: [{ to: escrowOf(w), asset: 'USD', amount: 1n }] }, 'contract_recipient')],
  ['transfer whose second entry goes to an escrow account (the first does not move either)', (w) => {
    const escrow = escrowOf(w);
    refusedAt(w.state, ALICE, 'transfer', { transfers: [{ to: BOB.address, asset: 'USD', amount: 1n }, { to: escrow, asset: 'USD', amount: 1n }] }, 'contract_recipient');
  }],
  ['transfer to an offer account', (w) => {
    const offer = contractOf(okAt(w.state, BOB, 'offer.create', { give: { items: [w.car] }, ask: { assets: [{ asset: 'USD', amount: 5n }] }, deadlineMs: NOW_MS + HOUR_MS }), 'offer.created', 'offer');
    refusedAt(w.state, ALICE, 'transfer', { transfers: [{ to: offer, asset: 'AGR', amount: 1n }] }, 'contract_recipient');
  }],
  ['item.transfer to a split (a split takes no items)', (w) => refusedAt(w.state, ALICE, 'item.transfer', { item: w.drill, to: band(w) }, 'contract_recipient')],
  ['item.transfer to an escrow account', (w) => refusedAt(w.state, ALICE, 'item.transfer', { item: w.drill, to: escrowOf(w) }, 'contract_recipient')],
  ['item.register for an escrow account as owner', (w) => refusedAt(w.state, ALICE, 'item.register', { kind: 'drill', owner: escrowOf(w) }, 'contract_recipient')],
  ['escrow.create with a split as payee and an item in a tranche', (w) => refusedAt(w.state, ALICE, 'escrow.create', { payee: band(w), deadlineMs: NOW_MS + HOUR_MS, onExpiry: 'refund', tranches: [{ items: [w.drill] }] }, 'contract_recipient')],
  ['split.create with a split as member', (w) => refusedAt(w.state, BOB, 'split.create', { members: [{ address: band(w), weight: 1 }, { address: BOB.address, weight: 1 }] }, 'contract_recipient')],
  ['split.create with an escrow account as member', (w) => refusedAt(w.state, BOB, 'split.create', { members: [{ address: BOB.address, weight: 1 }, { address: escrowOf(w), weight: 1 }] }, 'contract_recipient')],
];

for (const [name, body] of refusals) {
  test(`contract_recipient: ${name}`, () => body(contractWorld()));
}
