import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';
import { setNonce } from '../../src/ledger/accounts/balances.ts';
import type { BlockContext, DecodedTx } from '../../src/ledger/types.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import { NodeError } from '../../src/node/errors.ts';
import { Mempool } from '../../src/node/mempool.ts';
import { signedTx } from '../helpers/node.ts';

const CHAIN = 'agora-test';
const keys = Array.from({ length: 3 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1)));
const [alice, bob, carol] = keys;

function setup(limits: { txsMax?: number; txsPerSenderMax?: number; bytesMax?: number } = {}): { state: MemoryState; mempool: Mempool; ctx: (height: number) => BlockContext } {
  const state = new MemoryState();
  state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: keys.map((k) => ({ address: k.address, amount: 1_000n })) }).writes());
  const ctx = (height: number): BlockContext => ({ chainId: CHAIN, height, timeMs: height, proposer: carol.address, params: { nativeAsset: 'AGR', fees: { perByte: 0n, base: {} } } });
  return { state, mempool: new Mempool(limits, state, ctx(1)), ctx };
}

const pay = (from: KeyPair, nonce: bigint, amount = 1n, expiresAt?: number): Uint8Array =>
  signedTx(from, CHAIN, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount }] }, nonce, expiresAt === undefined ? {} : { expiresAt });

/** Decodes and admits (the mempool's part of admission; ingress checks signatures before it). */
function add(mempool: Mempool, bytes: Uint8Array): DecodedTx {
  const decoded = decodeTx(bytes);
  if (isRejection(decoded)) throw new NodeError(decoded.code, decoded.message);
  const refusal = mempool.admit(decoded);
  if (refusal !== null) throw new NodeError(refusal.code, refusal.message);
  return decoded;
}

function code(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof NodeError) return error.code;
    throw error;
  }
}

test('consecutive nonces of one sender queue up; a gap, a replay and a duplicate are refused', () => {
  const { mempool } = setup();
  add(mempool, pay(alice, 0n));
  add(mempool, pay(alice, 1n));
  assert.equal(code(() => add(mempool, pay(alice, 3n))), 'nonce_gap');
  assert.equal(code(() => add(mempool, pay(alice, 1n, 2n))), 'nonce_too_low');
  assert.equal(code(() => add(mempool, pay(alice, 1n))), 'duplicate_tx');
  assert.equal(mempool.size, 2);
});

test('balances are checked against the pending state: the second spend of the same money is refused', () => {
  const { mempool } = setup();
  add(mempool, pay(alice, 0n, 600n));
  assert.equal(code(() => add(mempool, pay(alice, 1n, 600n))), 'insufficient_balance');
  assert.equal(mempool.size, 1);
});

test('limits: per sender, in all, in bytes', () => {
  const perSender = setup({ txsPerSenderMax: 2 }).mempool;
  add(perSender, pay(alice, 0n));
  add(perSender, pay(alice, 1n));
  assert.equal(code(() => add(perSender, pay(alice, 2n))), 'sender_limit');
  add(perSender, pay(carol, 0n));

  const total = setup({ txsMax: 2 }).mempool;
  add(total, pay(alice, 0n));
  add(total, pay(carol, 0n));
  assert.equal(code(() => add(total, pay(bob, 0n))), 'mempool_full');

  const one = pay(alice, 0n);
  const bytes = setup({ bytesMax: one.length + 10 }).mempool;
  add(bytes, one);
  assert.equal(code(() => add(bytes, pay(carol, 0n))), 'mempool_full');
});

test('take respects the count and byte budgets, in arrival order', () => {
  const { mempool } = setup();
  const ids = [pay(alice, 0n), pay(carol, 0n), pay(alice, 1n)].map((tx) => add(mempool, tx).id);
  assert.deepEqual(mempool.take(2, 1e9).map((t) => t.id), ids.slice(0, 2));
  const first = mempool.take(1, 1e9)[0];
  assert.deepEqual(mempool.take(10, first.bytes.length).map((t) => t.id), ids.slice(0, 1));
});

test('after a commit: committed txs leave, the rest are re-applied, expired and invalid ones are evicted', () => {
  const { state, mempool, ctx } = setup();
  const committed = add(mempool, pay(alice, 0n));
  const expiring = add(mempool, pay(carol, 0n, 1n, 2));
  const later = add(mempool, pay(alice, 1n));
  // The block at height 1 held only `committed`; at height 3, `expiring` (expiresAt 2) is too late.
  const evicted = mempool.afterCommit([committed.id], stateAfterNonce(state, alice, 1n), ctx(3));
  assert.deepEqual(evicted.map((t) => t.id), [expiring.id]);
  assert.ok(mempool.has(later.id));
  assert.equal(mempool.size, 1);
  // A tx whose nonce another node's block used is evicted too.
  const evictedAgain = mempool.afterCommit([], stateAfterNonce(state, alice, 2n), ctx(4));
  assert.deepEqual(evictedAgain.map((t) => t.id), [later.id]);
  assert.equal(mempool.size, 0);
});

/** The state as a block leaves it that moved `sender`'s nonce to `nonce`. */
function stateAfterNonce(state: MemoryState, sender: KeyPair, nonce: bigint): MemoryState {
  const next = new MemoryState();
  for (const [key, value] of state.entries) next.entries.set(key, value);
  const view = new Overlay(next);
  setNonce(view, sender.address, nonce);
  next.apply(view.writes());
  return next;
}
