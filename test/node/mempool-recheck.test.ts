// After a commit the mempool runs again only what the block made stale (src/node/mempool.ts,
// spec/node.md §Mempool). Property: over random pending sets and random blocks — the mempool's
// front as a proposer builds it, a front with txs it never saw, other subsets, blocks whose
// proposer receives payments, expiring txs, mints and burns that move an asset's record (which the
// mempool keeps as read across blocks, issue 13) — it admits, keeps and evicts exactly what running
// every pending tx again would, and leaves the same pending state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeyPair } from '../../src/crypto/keys.ts';
import { applyTx } from '../../src/ledger/apply.ts';
import { getAsset, getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { BlockContext, ChainParams, DecodedTx } from '../../src/ledger/types.ts';
import { FEE_SINK, Mempool } from '../../src/node/mempool.ts';
import { signedTx } from '../helpers/node.ts';

const CHAIN = 'agora-test';
const keys = Array.from({ length: 12 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1)));
const validator = keys[11];
const PARAMS: ChainParams = { nativeAsset: 'AGR', fees: { perByte: 0n, base: { transfer: 2n } } } as ChainParams;

const mempoolContext = (height: number): BlockContext => ({ chainId: CHAIN, height, timeMs: height * 1000, proposer: FEE_SINK, params: PARAMS });
const blockContext = (height: number): BlockContext => ({ chainId: CHAIN, height, timeMs: height * 1000, proposer: validator.address, params: PARAMS });

/** A deterministic PRNG (mulberry32), so that a failing seed replays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  state: MemoryState;
  height: number;
  /** The next nonce each key signs with (some txs are never admitted: the nonce may be reused). */
  nonces: bigint[];
}

function decoded(bytes: Uint8Array): DecodedTx {
  const tx = decodeTx(bytes);
  if (isRejection(tx)) throw new Error(tx.code);
  return tx;
}

/**
 * GEM: mintable by keys[0] up to MAX_GEM, 100 to each sender. Mints and burns change its record; a
 * supply near the max makes a mint's fate hang on the record as the mempool reads it.
 */
const GEM_MAX = 1_400n;

function createGem(world: World): void {
  const view = new Overlay(world.state);
  const create = decoded(signedTx(keys[0], CHAIN, 'asset.create', { symbol: 'GEM', name: 'Gem', decimals: 0, supply: 1_100n, maxSupply: GEM_MAX, mintAuthority: keys[0].address }, 0n, { fee: 2n }));
  const share = decoded(signedTx(keys[0], CHAIN, 'transfer', { transfers: keys.slice(1, 11).map((k) => ({ to: k.address, asset: 'GEM', amount: 100n })) }, 1n, { fee: 2n }));
  for (const tx of [create, share]) {
    const result = applyTx(view, tx, blockContext(world.height));
    assert.ok(result.admitted && result.receipt.code === 'ok');
  }
  world.state.apply(view.writes());
  world.nonces[0] = 2n;
}

function randomTx(world: World, random: () => number): DecodedTx {
  const from = Math.floor(random() * 11); // the validator never sends; it only receives fees and payments
  const toIndex = Math.floor(random() * 12);
  const amount = BigInt(1 + Math.floor(random() * 400));
  const roll = random();
  // Mostly the next nonce; sometimes a gap or a replay; sometimes an expiry soon.
  const nonce = roll < 0.08 ? world.nonces[from] + 1n : roll < 0.12 && world.nonces[from] > 0n ? world.nonces[from] - 1n : world.nonces[from];
  const expiresAt = random() < 0.15 ? world.height + 1 + Math.floor(random() * 3) : undefined;
  // Mostly AGR transfers; some of GEM, some burns of either, some mints of GEM (by its authority, keys[0]).
  const what = random();
  const asset = random() < 0.7 ? 'AGR' : 'GEM';
  const gemAmount = BigInt(1 + Math.floor(random() * 60));
  const bytes =
    what < 0.7
      ? signedTx(keys[from], CHAIN, 'transfer', { transfers: [{ to: keys[toIndex].address, asset, amount: asset === 'GEM' ? gemAmount : amount }] }, nonce, { fee: 2n, expiresAt })
      : what < 0.85
        ? signedTx(keys[from], CHAIN, 'asset.burn', { asset, amount: asset === 'GEM' ? gemAmount : amount }, nonce, { fee: 2n, expiresAt })
        : signedTx(keys[0], CHAIN, 'asset.mint', { asset: 'GEM', to: keys[toIndex].address, amount: gemAmount }, from === 0 ? nonce : world.nonces[0], { fee: 2n, expiresAt });
  const signer = what >= 0.85 ? 0 : from;
  const tx = decoded(bytes);
  if (tx.tx.body.signers[0].nonce === world.nonces[signer]) world.nonces[signer]++;
  return tx;
}

function pendingSnapshot(mempool: Mempool): string {
  const view = mempool.pendingState();
  const accounts = keys.map((k) => `${getNonce(view, k.address)}:${getBalance(view, k.address, 'AGR')}:${getBalance(view, k.address, 'GEM')}`);
  const supplies = ['AGR', 'GEM'].map((symbol) => getAsset(view, symbol)?.supply);
  return `${mempool.ids().join(',')}|${accounts.join(',')}|${supplies.join(',')}`;
}

function runScenario(seed: number): { incremental: number; notFront: number; reused: number; rerun: number; supplyMoves: number; supplyRefusals: number } {
  const random = prng(seed);
  const state = new MemoryState();
  state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: keys.map((k) => ({ address: k.address, amount: 3_000n })) }).writes());
  const world: World = { state, height: 1, nonces: keys.map(() => 0n) };
  createGem(world);
  const fast = new Mempool({}, state, mempoolContext(1));
  const full = new Mempool({}, state, mempoolContext(1));
  const totals = { incremental: 0, notFront: 0, reused: 0, rerun: 0, supplyMoves: 0, supplyRefusals: 0 };
  for (let step = 0; step < 25; step++) {
    const arrivals = Math.floor(random() * 12);
    for (let i = 0; i < arrivals; i++) {
      const tx = randomTx(world, random);
      const a = fast.admit(tx);
      const b = full.admit(tx);
      assert.equal(a?.code ?? 'ok', b?.code ?? 'ok', `seed ${seed} step ${step}: admission of ${tx.id}`);
      if (a === null && tx.tx.body.kind !== 'transfer') totals.supplyMoves++;
      if (a?.code === 'max_supply_exceeded') totals.supplyRefusals++;
    }
    assert.equal(pendingSnapshot(fast), pendingSnapshot(full), `seed ${seed} step ${step}: before the block`);
    // The block: the front of the pending txs (as this node's proposer builds it), sometimes with a
    // tx the mempool never saw, sometimes another node's choice (every other pending tx).
    const pending = fast.take(1_000, 1e9);
    const shape = random();
    let chosen: DecodedTx[];
    if (shape < 0.45) chosen = pending.slice(0, Math.floor(random() * (pending.length + 1)));
    else if (shape < 0.6) chosen = [...pending.slice(0, Math.floor(random() * (pending.length + 1))), randomTx(world, random)];
    else if (shape < 0.75) chosen = pending.filter((_, i) => i % 2 === 1);
    else {
      // Another proposer's block: a random subset of the pending txs in its own order, sometimes with
      // a tx this mempool never saw among them.
      chosen = pending.filter(() => random() < 0.5).sort(() => random() - 0.5);
      if (shape > 0.9) chosen.splice(Math.floor(random() * (chosen.length + 1)), 0, randomTx(world, random));
    }
    const front = chosen.every((tx, i) => tx.id === pending[i]?.id);
    const height = world.height;
    const view = new Overlay(state);
    const committed: string[] = [];
    for (const tx of chosen) {
      const result = applyTx(view, tx, blockContext(height));
      if (result.admitted) committed.push(tx.id);
    }
    const writes = view.writes();
    state.apply(writes);
    world.height++;
    const evictedFast = fast.afterCommit(committed, state, mempoolContext(world.height), writes);
    const evictedFull = full.afterCommit(committed, state, mempoolContext(world.height));
    assert.equal(full.lastRecheck.mode, 'full');
    assert.deepEqual(evictedFast.map((t) => t.id), evictedFull.map((t) => t.id), `seed ${seed} step ${step}: evicted`);
    assert.equal(pendingSnapshot(fast), pendingSnapshot(full), `seed ${seed} step ${step}: after the block`);
    if (fast.lastRecheck.mode === 'incremental') totals.incremental++;
    if (fast.lastRecheck.mode === 'incremental' && !front && committed.length > 0) totals.notFront++;
    totals.reused += fast.lastRecheck.reused;
    totals.rerun += fast.lastRecheck.rerun;
    // Re-sync the world's nonces with the committed state where txs were dropped for good.
    keys.forEach((k, i) => {
      const pendingNonce = getNonce(fast.pendingState(), k.address);
      if (world.nonces[i] > pendingNonce) world.nonces[i] = pendingNonce;
    });
  }
  return totals;
}

test('property: the incremental recheck admits, keeps and evicts exactly as running every pending tx again', () => {
  const totals = { incremental: 0, notFront: 0, reused: 0, rerun: 0, supplyMoves: 0, supplyRefusals: 0 };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const run = runScenario(seed);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += run[key];
    }),
    { numRuns: 60 },
  );
  // The property means something only if the fast path ran, and reused more than it re-ran.
  assert.ok(totals.incremental > 500, `incremental rechecks: ${totals.incremental}`);
  // Including after blocks of other proposers (their subset, their order), not only the front.
  assert.ok(totals.notFront > 100, `incremental rechecks after a block that was not the front: ${totals.notFront}`);
  assert.ok(totals.reused > totals.rerun, `reused ${totals.reused}, re-ran ${totals.rerun}`);
  // Asset records moved by pending and committed txs, and a mint's fate hung on one.
  assert.ok(totals.supplyMoves > 500 && totals.supplyRefusals > 20, `mints and burns admitted ${totals.supplyMoves}, mints over the max ${totals.supplyRefusals}`);
});

test('a block built from the mempool front by a proposer no pending tx involves re-runs nothing', () => {
  const state = new MemoryState();
  state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: keys.map((k) => ({ address: k.address, amount: 3_000n })) }).writes());
  const mempool = new Mempool({}, state, mempoolContext(1));
  const txs = [0, 1, 2, 3].flatMap((from) => [0n, 1n].map((nonce) => decoded(signedTx(keys[from], CHAIN, 'transfer', { transfers: [{ to: keys[4].address, asset: 'AGR', amount: 5n }] }, nonce, { fee: 2n }))));
  for (const tx of txs) assert.equal(mempool.admit(tx), null);
  const view = new Overlay(state);
  for (const tx of txs.slice(0, 3)) assert.ok(applyTx(view, tx, blockContext(1)).admitted);
  const writes = view.writes();
  state.apply(writes);
  assert.deepEqual(mempool.afterCommit(txs.slice(0, 3).map((t) => t.id), state, mempoolContext(2), writes), []);
  assert.deepEqual(mempool.lastRecheck, { mode: 'incremental', rerun: 0, reused: 5 });
});

test('a pending tx that reads what the block changed runs again, and so does one that reads the height', () => {
  const state = new MemoryState();
  state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: keys.map((k) => ({ address: k.address, amount: 3_000n })) }).writes());
  const mempool = new Mempool({}, state, mempoolContext(1));
  const first = decoded(signedTx(keys[0], CHAIN, 'transfer', { transfers: [{ to: validator.address, asset: 'AGR', amount: 5n }] }, 0n, { fee: 2n }));
  const expiring = decoded(signedTx(keys[1], CHAIN, 'transfer', { transfers: [{ to: keys[2].address, asset: 'AGR', amount: 5n }] }, 0n, { fee: 2n, expiresAt: 5 }));
  const untouched = decoded(signedTx(keys[3], CHAIN, 'transfer', { transfers: [{ to: keys[0].address, asset: 'AGR', amount: 5n }] }, 0n, { fee: 2n }));
  const toValidator = decoded(signedTx(keys[4], CHAIN, 'transfer', { transfers: [{ to: validator.address, asset: 'AGR', amount: 5n }] }, 0n, { fee: 2n }));
  for (const tx of [first, expiring, untouched, toValidator]) assert.equal(mempool.admit(tx), null);
  const view = new Overlay(state);
  assert.ok(applyTx(view, first, blockContext(1)).admitted);
  const writes = view.writes();
  state.apply(writes);
  mempool.afterCommit([first.id], state, mempoolContext(2), writes);
  // The block paid its proposer (the validator) a fee and 5 AGR: the payment to it reads that
  // balance and runs again, as does the tx with an expiry; the payment to keys[0] reads a balance
  // the block wrote as the mempool had it, and is laid on as it was.
  assert.deepEqual(mempool.lastRecheck, { mode: 'incremental', rerun: 2, reused: 1 });
  assert.equal(mempool.size, 3);
});
