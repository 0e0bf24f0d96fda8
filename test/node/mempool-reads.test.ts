// The mempool keeps what it read of the committed state across blocks (src/node/mempool.ts `reads`,
// issue 13), brought up to date by each block's writes. These fail if it served a record that a
// block changed: an asset's supply moved by a mint or a burn that the mempool never saw pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyPair } from '../../src/crypto/keys.ts';
import { applyTx } from '../../src/ledger/apply.ts';
import { getAsset } from '../../src/ledger/accounts/balances.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { BlockContext, ChainParams, DecodedTx, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { FEE_SINK, Mempool } from '../../src/node/mempool.ts';
import { signedTx } from '../helpers/node.ts';

const CHAIN = 'agora-test';
const [issuer, holder, other, validator] = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1)));
const PARAMS: ChainParams = { nativeAsset: 'AGR', fees: { perByte: 0n, base: {} } } as ChainParams;
const mempoolContext = (height: number): BlockContext => ({ chainId: CHAIN, height, timeMs: height * 1000, proposer: FEE_SINK, params: PARAMS });
const blockContext = (height: number): BlockContext => ({ chainId: CHAIN, height, timeMs: height * 1000, proposer: validator.address, params: PARAMS });

function tx<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K], nonce: bigint): DecodedTx {
  const decoded = decodeTx(signedTx(key, CHAIN, kind, payload, nonce));
  if (isRejection(decoded)) throw new Error(decoded.code);
  return decoded;
}

/** Applies `txs` as a block at `height` (each must succeed) and returns the block's writes. */
function commitBlock(state: MemoryState, height: number, txs: DecodedTx[]): Map<string, Uint8Array | null> {
  const view = new Overlay(state);
  for (const each of txs) {
    const result = applyTx(view, each, blockContext(height));
    assert.ok(result.admitted && result.receipt.code === 'ok', `block ${height}: ${each.tx.body.kind}`);
  }
  const writes = view.writes();
  state.apply(writes);
  return writes;
}

/**
 * GEM: 900 of at most 1,000, minted by `issuer`, who gave `holder` 100. A pending transfer of GEM by
 * `holder` has the mempool read GEM's record; then a block the mempool never saw changes it.
 */
function setUp(): { state: MemoryState; mempool: Mempool } {
  const state = new MemoryState();
  state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: [issuer, holder, other].map((k) => ({ address: k.address, amount: 1_000n })) }).writes());
  commitBlock(state, 1, [tx(issuer, 'asset.create', { symbol: 'GEM', name: 'Gem', decimals: 0, supply: 900n, maxSupply: 1_000n, mintAuthority: issuer.address }, 0n), tx(issuer, 'transfer', { transfers: [{ to: holder.address, asset: 'GEM', amount: 100n }] }, 1n)]);
  const mempool = new Mempool({}, state, mempoolContext(2));
  assert.equal(mempool.admit(tx(holder, 'transfer', { transfers: [{ to: other.address, asset: 'GEM', amount: 5n }] }, 0n)), null);
  assert.equal(getAsset(mempool.pendingState(), 'GEM')?.supply, 900n);
  return { state, mempool };
}

for (const withWrites of [true, false]) {
  const how = withWrites ? 'given the block\'s writes' : 'without them (a full recheck)';
  test(`a block's mint of an asset the mempool read is seen after it, ${how}`, () => {
    const { state, mempool } = setUp();
    const writes = commitBlock(state, 2, [tx(issuer, 'asset.mint', { asset: 'GEM', to: other.address, amount: 100n }, 2n)]);
    assert.deepEqual(mempool.afterCommit([], state, mempoolContext(3), withWrites ? writes : undefined), []);
    assert.equal(getAsset(mempool.pendingState(), 'GEM')?.supply, 1_000n);
    // With GEM's record as read before the block (900), this mint would fit under the max supply.
    assert.equal(mempool.admit(tx(issuer, 'asset.mint', { asset: 'GEM', to: other.address, amount: 50n }, 3n))?.code, 'max_supply_exceeded');
  });

  test(`a block's burn of an asset the mempool read is seen after it, ${how}`, () => {
    const { state, mempool } = setUp();
    // Held at the limit: a mint of 100 is refused on the record as it stands.
    assert.equal(mempool.admit(tx(issuer, 'asset.mint', { asset: 'GEM', to: other.address, amount: 101n }, 2n))?.code, 'max_supply_exceeded');
    const writes = commitBlock(state, 2, [tx(issuer, 'asset.burn', { asset: 'GEM', amount: 800n }, 2n)]);
    assert.deepEqual(mempool.afterCommit([], state, mempoolContext(3), withWrites ? writes : undefined), []);
    assert.equal(getAsset(mempool.pendingState(), 'GEM')?.supply, 100n);
    assert.equal(mempool.admit(tx(issuer, 'asset.mint', { asset: 'GEM', to: other.address, amount: 101n }, 3n)), null);
    assert.equal(getAsset(mempool.pendingState(), 'GEM')?.supply, 201n);
  });
}

test('a state other than the one the mempool read is read anew, even with writes given', () => {
  const { state, mempool } = setUp();
  // Another state object, one burn ahead of `state`; the writes given (an empty block's) do not say so.
  const next = new MemoryState();
  for (const [key, bytes] of state.entries) next.entries.set(key, bytes);
  commitBlock(next, 2, [tx(issuer, 'asset.burn', { asset: 'GEM', amount: 800n }, 2n)]);
  assert.deepEqual(mempool.afterCommit([], next, mempoolContext(3), new Map()), []);
  assert.equal(getAsset(mempool.pendingState(), 'GEM')?.supply, 100n);
  assert.equal(mempool.size, 1);
});

test('pendingByBytes: the pending tx of this very bytes object; not of equal bytes in another array, nor once it left the mempool', () => {
  const { state, mempool } = setUp();
  const pending = tx(holder, 'transfer', { transfers: [{ to: other.address, asset: 'GEM', amount: 1n }] }, 1n);
  assert.equal(mempool.admit(pending), null);
  assert.equal(mempool.pendingByBytes(pending.bytes), pending);
  assert.equal(mempool.pendingByBytes(Uint8Array.from(pending.bytes)), undefined, 'equal bytes, another object');
  const refused = tx(holder, 'transfer', { transfers: [{ to: other.address, asset: 'GEM', amount: 1n }] }, 9n);
  assert.notEqual(mempool.admit(refused), null, 'a nonce gap is refused');
  assert.equal(mempool.pendingByBytes(refused.bytes), undefined, 'a refused tx is not pending');
  const writes = commitBlock(state, 2, mempool.take(10, 1 << 20));
  mempool.afterCommit(mempool.ids(), state, mempoolContext(3), writes);
  assert.equal(mempool.pendingByBytes(pending.bytes), undefined, 'committed, so no longer pending');
});
