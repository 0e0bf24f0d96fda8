// The value module (src/ledger/value, src/ledger/apply.ts; spec/ledger.md): every check of every tx
// kind and of admission as a table, each asserting its code and what the state holds afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, type CborValue } from '../../src/codec/cbor.ts';
import { InvariantError } from '../../src/errors/base.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { applyTx, type ApplyResult } from '../../src/ledger/apply.ts';
import { feeFor } from '../../src/ledger/fees.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { BlockContext, ChainParams, DecodedTx, LedgerEvent, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getAsset, getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { checkValueInvariants } from '../helpers/invariants.ts';
import { ALICE, BOB, CAROL, FEES, NATIVE, NO_FEES, PROPOSER, context, genesisState, keyFromByte, makeTx, rawBody, rawTx, snapshot, stateDiff } from './fixtures.ts';
import { assertTouchedAsNamed } from './touched-oracle.ts';

const DAVE = keyFromByte(4);
const MAX = 2n ** 128n - 1n;

/**
 * The world every table starts from (built with no fees):
 *   AGR  native, fixed supply: ALICE 1e9, BOB 100 000, DAVE 1000
 *   GOLD supply 1000 (ALICE), maxSupply 10 000, minted by ALICE
 *   FIX  supply 500 (ALICE), fixed
 *   BIG  supply 2^128-11 (ALICE), minted by ALICE, no maxSupply
 *   BOBS supply 0, minted by BOB
 */
function world(): MemoryState {
  const state = genesisState([
    [ALICE, 1_000_000_000n],
    [BOB, 100_000n],
    [DAVE, 1000n],
  ]);
  const setup: [KeyPair, TxKind, object][] = [
    [ALICE, 'asset.create', { symbol: 'GOLD', name: 'Gold', decimals: 2, supply: 1000n, maxSupply: 10_000n, mintAuthority: ALICE.address }],
    [ALICE, 'asset.create', { symbol: 'FIX', name: 'Fixed', decimals: 0, supply: 500n }],
    [ALICE, 'asset.create', { symbol: 'BIG', name: 'Big', decimals: 18, supply: MAX - 10n, mintAuthority: ALICE.address }],
    [BOB, 'asset.create', { symbol: 'BOBS', name: 'Bob points', decimals: 0, supply: 0n, mintAuthority: BOB.address }],
  ];
  for (const [key, kind, payload] of setup) {
    const { result } = run(state, tx(state, key, kind, payload as TxPayloads[typeof kind]), context(NO_FEES));
    assert.ok(result.admitted && result.receipt.code === 'ok', `setup ${kind} failed`);
  }
  checkValueInvariants(state.entries);
  return state;
}

function tx<K extends TxKind>(state: MemoryState, key: KeyPair, kind: K, payload: TxPayloads[K], options: { nonce?: bigint; fee?: bigint; expiresAt?: number } = {}): DecodedTx {
  return makeTx(kind, payload, key, { nonce: getNonce(state, key.address), ...options });
}

/** Applies one tx as a block would (view over the state, then its writes) and returns the diff. */
function run(state: MemoryState, decoded: DecodedTx, ctx: BlockContext): { result: ApplyResult; diff: Map<string, [string | null, string | null]>; writes: number } {
  const before = snapshot(state);
  const view = new Overlay(state);
  const result = applyTx(view, decoded, ctx);
  if (result.admitted) assertTouchedAsNamed(decoded.signerAddresses, result);
  const writes = view.writes();
  state.apply(writes);
  return { result, diff: stateDiff(before, state.entries), writes: writes.size };
}

function valueAt(hex: string | null): CborValue | undefined {
  return hex === null ? undefined : decode(Uint8Array.from(Buffer.from(hex, 'hex')));
}

function amountAt(hex: string | null): bigint {
  const value = valueAt(hex);
  return value === undefined ? 0n : BigInt(value as number | bigint);
}

/** The tx was refused at admission: nothing written at all. */
function assertNotAdmitted(outcome: ReturnType<typeof run>, code: RejectCode): void {
  assert.equal(outcome.result.admitted, false, 'admitted');
  if (!outcome.result.admitted) assert.equal(outcome.result.rejection.code, code);
  assert.equal(outcome.writes, 0, 'an admission rejection writes nothing');
  assert.deepEqual([...outcome.diff.keys()], []);
}

/** The payload failed: the only changes are the signer's nonce and the fee from the signer to the proposer. */
function assertPayloadFailed(outcome: ReturnType<typeof run>, code: RejectCode, signer: KeyPair, fee = 0n): void {
  const { result, diff } = outcome;
  assert.ok(result.admitted, 'not admitted');
  assert.equal(result.receipt.code, code, result.receipt.message);
  assert.equal(result.receipt.fee, fee);
  assert.ok(typeof result.receipt.message === 'string' && result.receipt.message.length > 0);
  const expected = [`acct/${signer.address}`];
  if (fee > 0n) expected.push(`bal/${signer.address}/${NATIVE}`, `bal/${PROPOSER.address}/${NATIVE}`);
  assert.deepEqual([...diff.keys()].sort(), expected.sort(), 'only the nonce and the fee change');
  const [nonceBefore, nonceAfter] = diff.get(`acct/${signer.address}`)!;
  const nonceOf = (hex: string | null): bigint => (hex === null ? 0n : BigInt((valueAt(hex) as { nonce: number | bigint }).nonce));
  assert.equal(nonceOf(nonceAfter), nonceOf(nonceBefore) + 1n, 'the nonce advances');
  if (fee > 0n) {
    const [payerBefore, payerAfter] = diff.get(`bal/${signer.address}/${NATIVE}`)!;
    const [proposerBefore, proposerAfter] = diff.get(`bal/${PROPOSER.address}/${NATIVE}`)!;
    assert.equal(amountAt(payerBefore) - amountAt(payerAfter), fee);
    assert.equal(amountAt(proposerAfter) - amountAt(proposerBefore), fee);
    assert.deepEqual(result.receipt.events, [{ type: 'fee', attributes: { from: signer.address, to: PROPOSER.address, amount: fee.toString() } }]);
  } else {
    assert.deepEqual(result.receipt.events, []);
  }
}

function assertOk(outcome: ReturnType<typeof run>): LedgerEvent[] {
  assert.ok(outcome.result.admitted, 'not admitted');
  assert.equal(outcome.result.receipt.code, 'ok', outcome.result.receipt.message);
  return outcome.result.receipt.events;
}

function decodeCode(bytes: Uint8Array): RejectCode | 'ok' {
  const result = decodeTx(bytes);
  return isRejection(result) ? result.code : 'ok';
}

const ctx = context(NO_FEES, 5);

// ---------------------------------------------------------------------------------------------
// Stateless payload checks (decodeTx): these never reach the state.

const to = BOB.address;
const payloadCases: [string, string, CborValue, RejectCode][] = [
  // transfer
  ['transfer', 'an unknown field', { transfers: [{ to, asset: 'AGR', amount: 1 }], memo: 'x' }, 'bad_shape'],
  ['transfer', 'no transfers field', {}, 'bad_shape'],
  ['transfer', 'no entries', { transfers: [] }, 'bad_shape'],
  ['transfer', '65 entries', { transfers: Array.from({ length: 65 }, () => ({ to, asset: 'AGR', amount: 1 })) }, 'bad_shape'],
  ['transfer', 'an entry with an extra field', { transfers: [{ to, asset: 'AGR', amount: 1, memo: 'x' }] }, 'bad_shape'],
  ['transfer', 'an entry that is not a map', { transfers: [[to, 'AGR', 1]] }, 'bad_shape'],
  ['transfer', 'a recipient that is not bech32m', { transfers: [{ to: 'agora1notanaddress', asset: 'AGR', amount: 1 }] }, 'bad_address'],
  ['transfer', 'a recipient in upper case', { transfers: [{ to: to.toUpperCase(), asset: 'AGR', amount: 1 }] }, 'bad_address'],
  ['transfer', 'a recipient with another prefix', { transfers: [{ to: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', asset: 'AGR', amount: 1 }] }, 'bad_address'],
  ['transfer', 'a recipient as bytes', { transfers: [{ to: new Uint8Array(20), asset: 'AGR', amount: 1 }] }, 'bad_address'],
  ['transfer', 'no recipient', { transfers: [{ asset: 'AGR', amount: 1 }] }, 'bad_address'],
  ['transfer', 'a lower-case symbol', { transfers: [{ to, asset: 'agr', amount: 1 }] }, 'bad_symbol'],
  ['transfer', 'a 1-character symbol', { transfers: [{ to, asset: 'A', amount: 1 }] }, 'bad_symbol'],
  ['transfer', 'a 13-character symbol', { transfers: [{ to, asset: 'ABCDEFGHIJKLM', amount: 1 }] }, 'bad_symbol'],
  ['transfer', 'a symbol starting with a digit', { transfers: [{ to, asset: '1AB', amount: 1 }] }, 'bad_symbol'],
  ['transfer', 'an amount of 0', { transfers: [{ to, asset: 'AGR', amount: 0 }] }, 'bad_amount'],
  ['transfer', 'a negative amount', { transfers: [{ to, asset: 'AGR', amount: -5 }] }, 'bad_amount'],
  ['transfer', 'an amount of 2^128', { transfers: [{ to, asset: 'AGR', amount: 2n ** 128n }] }, 'bad_amount'],
  ['transfer', 'an amount as text', { transfers: [{ to, asset: 'AGR', amount: '5' }] }, 'bad_amount'],
  ['transfer', 'check order: address before symbol before amount', { transfers: [{ to: 'x', asset: 'x', amount: 0 }] }, 'bad_address'],
  ['transfer', 'check order: symbol before amount', { transfers: [{ to, asset: 'x', amount: 0 }] }, 'bad_symbol'],
  ['transfer', 'check order: entries in order', { transfers: [{ to, asset: 'AGR', amount: 0 }, { to: 'x', asset: 'AGR', amount: 1 }] }, 'bad_amount'],
  // asset.create
  ['asset.create', 'an unknown field', { symbol: 'NEW', name: 'New', decimals: 0, supply: 0, owner: to }, 'bad_shape'],
  ['asset.create', 'a bad symbol', { symbol: 'new', name: 'New', decimals: 0, supply: 0 }, 'bad_symbol'],
  ['asset.create', 'no name', { symbol: 'NEW', decimals: 0, supply: 0 }, 'bad_shape'],
  ['asset.create', 'a name of 65 characters', { symbol: 'NEW', name: 'n'.repeat(65), decimals: 0, supply: 0 }, 'bad_shape'],
  ['asset.create', 'decimals 19', { symbol: 'NEW', name: 'New', decimals: 19, supply: 0 }, 'bad_shape'],
  ['asset.create', 'no decimals', { symbol: 'NEW', name: 'New', supply: 0 }, 'bad_shape'],
  ['asset.create', 'a negative supply', { symbol: 'NEW', name: 'New', decimals: 0, supply: -1 }, 'bad_shape'],
  ['asset.create', 'a supply of 2^128', { symbol: 'NEW', name: 'New', decimals: 0, supply: 2n ** 128n }, 'bad_shape'],
  ['asset.create', 'no supply', { symbol: 'NEW', name: 'New', decimals: 0 }, 'bad_shape'],
  ['asset.create', 'a maxSupply of 0', { symbol: 'NEW', name: 'New', decimals: 0, supply: 0, maxSupply: 0, mintAuthority: to }, 'bad_amount'],
  ['asset.create', 'a bad mintAuthority', { symbol: 'NEW', name: 'New', decimals: 0, supply: 0, mintAuthority: 'me' }, 'bad_address'],
  ['asset.create', 'an empty name', { symbol: 'NEW', name: '', decimals: 0, supply: 0 }, 'bad_asset_params'],
  ['asset.create', 'supply above maxSupply', { symbol: 'NEW', name: 'New', decimals: 0, supply: 11, maxSupply: 10, mintAuthority: to }, 'bad_asset_params'],
  ['asset.create', 'maxSupply without mintAuthority', { symbol: 'NEW', name: 'New', decimals: 0, supply: 1, maxSupply: 10 }, 'bad_asset_params'],
  ['asset.create', 'check order: fields before bad_asset_params', { symbol: 'NEW', name: '', decimals: 0, supply: 1, maxSupply: 10, mintAuthority: 'me' }, 'bad_address'],
  ['asset.create', 'check order: symbol first', { symbol: 'x', name: 7, decimals: 99, supply: -1 }, 'bad_symbol'],
  // asset.mint
  ['asset.mint', 'an unknown field', { asset: 'GOLD', to, amount: 1, memo: '' }, 'bad_shape'],
  ['asset.mint', 'a bad symbol', { asset: 'gold', to, amount: 1 }, 'bad_symbol'],
  ['asset.mint', 'a bad recipient', { asset: 'GOLD', to: 'x', amount: 1 }, 'bad_address'],
  ['asset.mint', 'an amount of 0', { asset: 'GOLD', to, amount: 0 }, 'bad_amount'],
  ['asset.mint', 'an amount of 2^128', { asset: 'GOLD', to, amount: 2n ** 128n }, 'bad_amount'],
  // asset.burn
  ['asset.burn', 'an unknown field', { asset: 'GOLD', amount: 1, from: to }, 'bad_shape'],
  ['asset.burn', 'a bad symbol', { asset: 'G', amount: 1 }, 'bad_symbol'],
  ['asset.burn', 'an amount of 0', { asset: 'GOLD', amount: 0 }, 'bad_amount'],
  ['asset.burn', 'no amount', { asset: 'GOLD' }, 'bad_amount'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('payload limits: 64 transfer entries, a 12-character symbol, a 64-character name, 18 decimals, 2^128-1 are accepted', () => {
  assert.equal(decodeCode(rawTx(rawBody('transfer', { transfers: Array.from({ length: 64 }, () => ({ to, asset: 'AGR', amount: MAX })) }, ALICE), [ALICE])), 'ok');
  assert.equal(decodeCode(rawTx(rawBody('asset.create', { symbol: 'ABCDEFGHIJK1', name: 'n'.repeat(64), decimals: 18, supply: MAX, maxSupply: MAX, mintAuthority: to }, ALICE), [ALICE])), 'ok');
  assert.equal(decodeCode(rawTx(rawBody('asset.create', { symbol: 'AB', name: 'n', decimals: 0, supply: 0 }, ALICE), [ALICE])), 'ok');
});

// ---------------------------------------------------------------------------------------------
// Admission (src/ledger/apply.ts admitTx): refused txs write nothing, not even a nonce.

const gold = (amount: bigint, recipient = BOB.address) => ({ transfers: [{ to: recipient, asset: 'GOLD', amount }] });

test('admission: expired — the block is past expiresAt; at expiresAt the tx is still accepted', () => {
  const state = world();
  assertNotAdmitted(run(state, tx(state, ALICE, 'transfer', gold(1n), { expiresAt: 4 }), ctx), 'expired');
  assertOk(run(state, tx(state, ALICE, 'transfer', gold(1n), { expiresAt: 5 }), ctx));
});

test('admission: nonce_too_low — a used nonce', () => {
  const state = world();
  const current = getNonce(state, ALICE.address);
  assert.equal(current, 3n);
  assertNotAdmitted(run(state, tx(state, ALICE, 'transfer', gold(1n), { nonce: current - 1n }), ctx), 'nonce_too_low');
  assertNotAdmitted(run(state, tx(state, ALICE, 'transfer', gold(1n), { nonce: 0n }), ctx), 'nonce_too_low');
});

test('admission: nonce_gap — a nonce that skips ahead; a fresh account starts at 0', () => {
  const state = world();
  assertNotAdmitted(run(state, tx(state, ALICE, 'transfer', gold(1n), { nonce: 4n }), ctx), 'nonce_gap');
  assertNotAdmitted(run(state, tx(state, CAROL, 'transfer', gold(1n), { nonce: 1n }), ctx), 'nonce_gap');
  assert.equal(getNonce(state, CAROL.address), 0n);
});

/** A tx whose fee cap is `cap`; built at a cap of the same CBOR width so that its size is known. */
function feeTx(state: MemoryState, key: KeyPair, cap: bigint): DecodedTx {
  return tx(state, key, 'transfer', gold(1n), { fee: cap });
}

test('admission: fee_too_low — the cap is one below base + perByte × bytes; at the exact fee it passes', () => {
  const state = world();
  const probe = feeTx(state, ALICE, 1000n);
  const fee = feeFor(FEES.fees, 'transfer', probe.bytes.length);
  assert.ok(fee >= 256n && fee < 65536n, 'the fee and the probe cap share a CBOR width');
  assert.equal(fee, 100n + 2n * BigInt(probe.bytes.length));
  const feeCtx = context(FEES, 5);
  assertNotAdmitted(run(state, feeTx(state, ALICE, fee - 1n), feeCtx), 'fee_too_low');
  const outcome = run(state, feeTx(state, ALICE, fee), feeCtx);
  assertOk(outcome);
  assert.ok(outcome.result.admitted);
  assert.equal(outcome.result.receipt.fee, fee);
});

test('admission: insufficient_fee_balance — the payer cannot pay the fee in the native asset', () => {
  const state = world();
  run(state, tx(state, ALICE, 'transfer', gold(50n, CAROL.address)), ctx); // CAROL holds GOLD but no AGR
  assertNotAdmitted(run(state, tx(state, CAROL, 'transfer', gold(1n)), context(FEES, 5)), 'insufficient_fee_balance');
  // With no fee schedule, the same tx is admitted.
  assertOk(run(state, tx(state, CAROL, 'transfer', gold(1n)), ctx));
});

test('admission: check order — expired, then nonce, then fee_too_low, then insufficient_fee_balance', () => {
  const state = world();
  const feeCtx = context(FEES, 5);
  const allBad = tx(state, CAROL, 'transfer', gold(1n), { expiresAt: 1, nonce: 9n, fee: 0n });
  assertNotAdmitted(run(state, allBad, feeCtx), 'expired');
  assertNotAdmitted(run(state, tx(state, CAROL, 'transfer', gold(1n), { nonce: 9n, fee: 0n }), feeCtx), 'nonce_gap');
  assertNotAdmitted(run(state, tx(state, CAROL, 'transfer', gold(1n), { fee: 0n }), feeCtx), 'fee_too_low');
  assertNotAdmitted(run(state, tx(state, CAROL, 'transfer', gold(1n)), feeCtx), 'insufficient_fee_balance');
});

// ---------------------------------------------------------------------------------------------
// transfer

test('transfer: unknown_asset — nothing moves, the nonce advances', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'transfer', { transfers: [{ to, asset: 'NOPE', amount: 1n }] }), ctx), 'unknown_asset', ALICE);
});

test('transfer: unknown_asset in a later entry — the valid entries before it do not move either', () => {
  const state = world();
  const payload = { transfers: [{ to, asset: 'GOLD', amount: 1n }, { to, asset: 'AGR', amount: 1n }, { to, asset: 'NOPE', amount: 1n }] };
  assertPayloadFailed(run(state, tx(state, ALICE, 'transfer', payload), ctx), 'unknown_asset', ALICE);
});

test('transfer: insufficient_balance — one entry above the balance', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'transfer', gold(1001n)), ctx), 'insufficient_balance', ALICE);
  assertPayloadFailed(run(state, tx(state, CAROL, 'transfer', gold(1n)), ctx), 'insufficient_balance', CAROL);
});

test('transfer: insufficient_balance — entries of one asset are summed (600 + 600 > 1000)', () => {
  const state = world();
  const payload = { transfers: [{ to: BOB.address, asset: 'GOLD', amount: 600n }, { to: CAROL.address, asset: 'GOLD', amount: 600n }] };
  assertPayloadFailed(run(state, tx(state, ALICE, 'transfer', payload), ctx), 'insufficient_balance', ALICE);
});

test('transfer: check order — unknown_asset is found before insufficient_balance', () => {
  const state = world();
  const payload = { transfers: [{ to, asset: 'GOLD', amount: 5000n }, { to, asset: 'NOPE', amount: 1n }] };
  const outcome = run(state, tx(state, ALICE, 'transfer', payload), ctx);
  assertPayloadFailed(outcome, 'unknown_asset', ALICE);
});

test('transfer: multi-asset, multi-recipient is atomic — one short entry and nothing moves', () => {
  const state = world();
  const payload = {
    transfers: [
      { to: BOB.address, asset: 'AGR', amount: 10n },
      { to: CAROL.address, asset: 'GOLD', amount: 5n },
      { to: BOB.address, asset: 'FIX', amount: 501n }, // ALICE holds 500
      { to: CAROL.address, asset: 'BIG', amount: 1n },
    ],
  };
  assertPayloadFailed(run(state, tx(state, ALICE, 'transfer', payload), ctx), 'insufficient_balance', ALICE);
  assert.equal(getBalance(state, BOB.address, 'AGR'), 100_000n);
  assert.equal(getBalance(state, CAROL.address, 'GOLD'), 0n);
});

test('transfer: multi-asset, multi-recipient success moves every entry and emits one event each, in order', () => {
  const state = world();
  const payload = {
    transfers: [
      { to: BOB.address, asset: 'AGR', amount: 10n },
      { to: CAROL.address, asset: 'GOLD', amount: 5n },
      { to: BOB.address, asset: 'FIX', amount: 500n },
      { to: CAROL.address, asset: 'GOLD', amount: 7n },
    ],
  };
  const outcome = run(state, tx(state, ALICE, 'transfer', payload), ctx);
  const events = assertOk(outcome);
  assert.deepEqual(
    events,
    payload.transfers.map(({ to: recipient, asset, amount }) => ({ type: 'transfer', attributes: { asset, from: ALICE.address, to: recipient, amount: amount.toString() } })),
  );
  assert.equal(getBalance(state, BOB.address, 'AGR'), 100_010n);
  assert.equal(getBalance(state, CAROL.address, 'GOLD'), 12n);
  assert.equal(getBalance(state, ALICE.address, 'GOLD'), 988n);
  assert.equal(getBalance(state, BOB.address, 'FIX'), 500n);
  assert.equal(state.get(`bal/${ALICE.address}/FIX`), undefined, 'a balance that reaches zero is deleted');
  assert.deepEqual([...outcome.diff.keys()].sort(), [
    `acct/${ALICE.address}`,
    `bal/${ALICE.address}/AGR`,
    `bal/${ALICE.address}/FIX`,
    `bal/${ALICE.address}/GOLD`,
    `bal/${BOB.address}/AGR`,
    `bal/${BOB.address}/FIX`,
    `bal/${CAROL.address}/GOLD`,
  ].sort());
  checkValueInvariants(state.entries);
});

test('transfer: to oneself changes no balance', () => {
  const state = world();
  const outcome = run(state, tx(state, ALICE, 'transfer', gold(400n, ALICE.address)), ctx);
  assertOk(outcome);
  assert.deepEqual([...outcome.diff.keys()], [`acct/${ALICE.address}`]);
});

test('transfer: anyone may receive any asset, no opt-in (a fresh address)', () => {
  const state = world();
  const fresh = keyFromByte(77).address;
  assertOk(run(state, tx(state, ALICE, 'transfer', gold(1n, fresh)), ctx));
  assert.equal(getBalance(state, fresh, 'GOLD'), 1n);
});

// ---------------------------------------------------------------------------------------------
// asset.create

const createPayload = (symbol: string) => ({ symbol, name: 'N', decimals: 0, supply: 10n });

test('asset.create: asset_exists — an existing symbol, including the native asset', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.create', createPayload('GOLD')), ctx), 'asset_exists', BOB);
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.create', createPayload(NATIVE)), ctx), 'asset_exists', BOB);
  assert.equal(getAsset(state, 'GOLD')?.creator, ALICE.address);
});

test('asset.create: success writes the record and credits the supply to the creator', () => {
  const state = world();
  const payload = { symbol: 'NEW', name: 'New thing', decimals: 4, supply: 77n, maxSupply: 100n, mintAuthority: CAROL.address };
  const outcome = run(state, tx(state, BOB, 'asset.create', payload), ctx);
  const events = assertOk(outcome);
  assert.deepEqual(events, [{ type: 'asset.created', attributes: { asset: 'NEW', creator: BOB.address, supply: '77', mintable: 'true' } }]);
  assert.deepEqual(getAsset(state, 'NEW'), { ...payload, creator: BOB.address });
  assert.equal(getBalance(state, BOB.address, 'NEW'), 77n);
  assert.deepEqual([...outcome.diff.keys()].sort(), [`acct/${BOB.address}`, 'asset/NEW', `bal/${BOB.address}/NEW`].sort());
  checkValueInvariants(state.entries);
});

test('asset.create: a zero supply writes no balance; a fixed-supply asset is not mintable', () => {
  const state = world();
  const outcome = run(state, tx(state, BOB, 'asset.create', { symbol: 'ZERO', name: 'Z', decimals: 0, supply: 0n }), ctx);
  const events = assertOk(outcome);
  assert.equal(events[0].attributes.mintable, 'false');
  assert.deepEqual([...outcome.diff.keys()].sort(), [`acct/${BOB.address}`, 'asset/ZERO'].sort());
  const asset = getAsset(state, 'ZERO');
  assert.equal(asset?.mintAuthority, undefined);
  assert.equal(asset?.maxSupply, undefined);
});

// ---------------------------------------------------------------------------------------------
// asset.mint

const mint = (asset: string, amount: bigint, recipient = CAROL.address) => ({ asset, to: recipient, amount });

test('asset.mint: unknown_asset', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint('NOPE', 1n)), ctx), 'unknown_asset', ALICE);
});

test('asset.mint: not_mintable — a fixed-supply asset, even for its creator', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint('FIX', 1n)), ctx), 'not_mintable', ALICE);
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint(NATIVE, 1n)), ctx), 'not_mintable', ALICE);
});

test('asset.mint: not_mint_authority — someone else signs', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.mint', mint('GOLD', 1n)), ctx), 'not_mint_authority', BOB);
});

test('asset.mint: max_supply_exceeded — one past maxSupply; exactly maxSupply is allowed', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint('GOLD', 9001n)), ctx), 'max_supply_exceeded', ALICE);
  assertOk(run(state, tx(state, ALICE, 'asset.mint', mint('GOLD', 9000n)), ctx));
  assert.equal(getAsset(state, 'GOLD')?.supply, 10_000n);
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint('GOLD', 1n)), ctx), 'max_supply_exceeded', ALICE);
});

test('asset.mint: supply_overflow — past 2^128-1 without a maxSupply; exactly 2^128-1 is allowed', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.mint', mint('BIG', 11n)), ctx), 'supply_overflow', ALICE);
  assertOk(run(state, tx(state, ALICE, 'asset.mint', mint('BIG', 10n)), ctx));
  assert.equal(getAsset(state, 'BIG')?.supply, MAX);
  checkValueInvariants(state.entries);
});

test('asset.mint: check order — unknown_asset, not_mintable, not_mint_authority, then the supply bounds', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.mint', mint('FIX', 10n ** 30n)), ctx), 'not_mintable', BOB);
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.mint', mint('GOLD', 10n ** 30n)), ctx), 'not_mint_authority', BOB);
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.mint', mint('BIG', MAX)), ctx), 'not_mint_authority', BOB);
});

test('asset.mint: success raises the supply and the recipient balance; the authority need not hold any', () => {
  const state = world();
  const outcome = run(state, tx(state, BOB, 'asset.mint', mint('BOBS', 42n)), ctx);
  const events = assertOk(outcome);
  assert.deepEqual(events, [{ type: 'mint', attributes: { asset: 'BOBS', to: CAROL.address, amount: '42' } }]);
  assert.equal(getAsset(state, 'BOBS')?.supply, 42n);
  assert.equal(getBalance(state, CAROL.address, 'BOBS'), 42n);
  assert.deepEqual([...outcome.diff.keys()].sort(), [`acct/${BOB.address}`, 'asset/BOBS', `bal/${CAROL.address}/BOBS`].sort());
  checkValueInvariants(state.entries);
});

test('asset records are decoded once per stored bytes and shared frozen: a reader cannot change them, a mint writes a new one', () => {
  const state = world();
  const before = getAsset(state, 'GOLD');
  assert.ok(before !== undefined && Object.isFrozen(before));
  assert.equal(getAsset(state, 'GOLD'), before, 'the same bytes give the same record');
  assert.throws(() => {
    (before as { supply: bigint }).supply = 1n;
  }, TypeError);
  assertOk(run(state, tx(state, ALICE, 'asset.mint', mint('GOLD', 5n)), ctx));
  assert.equal(before.supply, 1000n);
  assert.equal(getAsset(state, 'GOLD')?.supply, 1005n);
});

// ---------------------------------------------------------------------------------------------
// asset.burn

test('asset.burn: unknown_asset', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.burn', { asset: 'NOPE', amount: 1n }), ctx), 'unknown_asset', ALICE);
});

test('asset.burn: insufficient_balance — more than held, or none held', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, ALICE, 'asset.burn', { asset: 'GOLD', amount: 1001n }), ctx), 'insufficient_balance', ALICE);
  assertPayloadFailed(run(state, tx(state, BOB, 'asset.burn', { asset: 'GOLD', amount: 1n }), ctx), 'insufficient_balance', BOB);
});

test('asset.burn: check order — unknown_asset before insufficient_balance', () => {
  const state = world();
  assertPayloadFailed(run(state, tx(state, CAROL, 'asset.burn', { asset: 'NOPE', amount: MAX }), ctx), 'unknown_asset', CAROL);
});

test('asset.burn: success lowers balance and supply; burning everything deletes the balance; anyone may burn what they hold', () => {
  const state = world();
  const events = assertOk(run(state, tx(state, ALICE, 'asset.burn', { asset: 'GOLD', amount: 400n }), ctx));
  assert.deepEqual(events, [{ type: 'burn', attributes: { asset: 'GOLD', from: ALICE.address, amount: '400' } }]);
  assert.equal(getAsset(state, 'GOLD')?.supply, 600n);
  assertOk(run(state, tx(state, ALICE, 'asset.burn', { asset: 'FIX', amount: 500n }), ctx));
  assert.equal(state.get(`bal/${ALICE.address}/FIX`), undefined);
  assert.equal(getAsset(state, 'FIX')?.supply, 0n);
  assertOk(run(state, tx(state, BOB, 'asset.burn', { asset: NATIVE, amount: 1000n }), ctx));
  assert.equal(getAsset(state, NATIVE)?.supply, 1_000_101_000n - 1000n);
  checkValueInvariants(state.entries);
});

// ---------------------------------------------------------------------------------------------
// Fees and nonces.

function signedFee(kind: TxKind, decoded: DecodedTx, params: ChainParams): bigint {
  return (params.fees.base[kind] ?? 0n) + params.fees.perByte * BigInt(decoded.bytes.length);
}

test('fees: base[kind] + perByte × tx bytes, charged to the signer and paid to the proposer, per kind', () => {
  const feeCtx = context(FEES, 5);
  const cases: [KeyPair, TxKind, object][] = [
    [ALICE, 'transfer', gold(3n)],
    [ALICE, 'asset.create', createPayload('FEEX')],
    [ALICE, 'asset.mint', mint('GOLD', 1n)],
    [ALICE, 'asset.burn', { asset: 'GOLD', amount: 1n }], // no base: perByte × bytes only
  ];
  for (const [key, kind, payload] of cases) {
    const state = world();
    const decoded = tx(state, key, kind, payload as TxPayloads[typeof kind]);
    const fee = signedFee(kind, decoded, FEES);
    assert.equal(feeFor(FEES.fees, kind, decoded.bytes.length), fee);
    const payerBefore = getBalance(state, key.address, NATIVE);
    const proposerBefore = getBalance(state, PROPOSER.address, NATIVE);
    const outcome = run(state, decoded, feeCtx);
    const events = assertOk(outcome);
    assert.ok(outcome.result.admitted);
    assert.equal(outcome.result.receipt.fee, fee, kind);
    assert.deepEqual(events[0], { type: 'fee', attributes: { from: key.address, to: PROPOSER.address, amount: fee.toString() } });
    assert.equal(getBalance(state, key.address, NATIVE), payerBefore - fee);
    assert.equal(getBalance(state, PROPOSER.address, NATIVE), proposerBefore + fee);
    checkValueInvariants(state.entries);
  }
  assert.equal(feeFor(FEES.fees, 'asset.burn', 100), 200n);
  assert.equal(feeFor(FEES.fees, 'transfer', 100), 300n);
});

test('fees: the fee charged is the schedule fee, not the cap the tx allows', () => {
  const state = world();
  const decoded = tx(state, ALICE, 'transfer', gold(1n), { fee: 10n ** 20n });
  const outcome = run(state, decoded, context(FEES, 5));
  assert.ok(outcome.result.admitted);
  assert.equal(outcome.result.receipt.fee, signedFee('transfer', decoded, FEES));
});

test('fees: charged and the nonce advanced when the payload fails, for every kind', () => {
  const feeCtx = context(FEES, 5);
  const failing: [KeyPair, TxKind, object, RejectCode][] = [
    [ALICE, 'transfer', gold(10n ** 9n), 'insufficient_balance'],
    [ALICE, 'asset.create', createPayload('GOLD'), 'asset_exists'],
    [BOB, 'asset.mint', mint('GOLD', 1n), 'not_mint_authority'],
    [BOB, 'asset.burn', { asset: 'GOLD', amount: 1n }, 'insufficient_balance'],
  ];
  for (const [key, kind, payload, code] of failing) {
    const state = world();
    const decoded = tx(state, key, kind, payload as TxPayloads[typeof kind]);
    assertPayloadFailed(run(state, decoded, feeCtx), code, key, signedFee(kind, decoded, FEES));
    checkValueInvariants(state.entries);
  }
});

test('fees: the payload runs after the fee is taken — sending one’s whole native balance fails and still pays', () => {
  const state = world();
  const decoded = tx(state, DAVE, 'transfer', { transfers: [{ to: BOB.address, asset: NATIVE, amount: 1000n }] });
  assertPayloadFailed(run(state, decoded, context(FEES, 5)), 'insufficient_balance', DAVE, signedFee('transfer', decoded, FEES));
});

test('fees: a proposer paying itself; no fee event when the fee is zero', () => {
  const state = genesisState([[PROPOSER, 10_000n]]);
  const outcome = run(state, makeTx('transfer', { transfers: [{ to: BOB.address, asset: NATIVE, amount: 1n }] }, PROPOSER), context(FEES, 5));
  assertOk(outcome);
  assert.equal(getBalance(state, PROPOSER.address, NATIVE), 9_999n);
  const free = run(state, makeTx('transfer', { transfers: [{ to: BOB.address, asset: NATIVE, amount: 1n }] }, PROPOSER, { nonce: 1n }), context(NO_FEES, 5));
  assert.deepEqual(assertOk(free), [{ type: 'transfer', attributes: { asset: NATIVE, from: PROPOSER.address, to: BOB.address, amount: '1' } }]);
});

test('nonces: +1 on success and on payload failure, unchanged on admission failure; a replay is nonce_too_low', () => {
  const state = world();
  const first = tx(state, BOB, 'transfer', gold(1n));
  assertPayloadFailed(run(state, first, ctx), 'insufficient_balance', BOB);
  assert.equal(getNonce(state, BOB.address), 2n);
  assertNotAdmitted(run(state, first, ctx), 'nonce_too_low');
  assertNotAdmitted(run(state, tx(state, BOB, 'transfer', gold(1n), { expiresAt: 1 }), ctx), 'expired');
  assert.equal(getNonce(state, BOB.address), 2n);
  assertOk(run(state, tx(state, BOB, 'asset.mint', mint('BOBS', 1n)), ctx));
  assert.equal(getNonce(state, BOB.address), 3n);
});

// ---------------------------------------------------------------------------------------------
// Genesis state (src/ledger/genesis.ts).

test('genesis: the native asset with supply = sum of allocations, no mint authority, creator "genesis"', () => {
  const state = genesisState([
    [ALICE, 5n],
    [BOB, 7n],
  ]);
  assert.deepEqual(getAsset(state, NATIVE), { symbol: NATIVE, name: 'Agora', decimals: 6, supply: 12n, creator: 'genesis', maxSupply: undefined, mintAuthority: undefined });
  assert.deepEqual([...state.entries.keys()].sort(), [`asset/${NATIVE}`, `bal/${ALICE.address}/${NATIVE}`, `bal/${BOB.address}/${NATIVE}`].sort());
  checkValueInvariants(state.entries);
});

test('genesis: a double allocation, a zero allocation or a supply past 2^128-1 break an invariant', () => {
  const native = { symbol: NATIVE, name: 'Agora', decimals: 6 };
  const cases = [
    [{ address: ALICE.address, amount: 1n }, { address: ALICE.address, amount: 1n }],
    [{ address: ALICE.address, amount: 0n }],
    [{ address: ALICE.address, amount: MAX }, { address: BOB.address, amount: 1n }],
  ];
  for (const allocations of cases) {
    assert.throws(() => genesisWrites(EMPTY_STATE, { nativeAsset: native, allocations }), InvariantError);
  }
});
