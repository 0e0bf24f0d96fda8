// Property: random blocks of creates, multi-asset transfers, mints and burns across ten accounts,
// built with src/chain/execute.ts over a MemoryState and its trie, keep the value invariants after
// every block (test/helpers/invariants.ts), the incremental state root equals a rebuild from scratch,
// and the balances equal what the receipts' events say happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildBlockBody, type ChainStateReader } from '../../src/chain/execute.ts';
import { TrieUpdate, type TrieNodeWrites } from '../../src/chain/state-trie.ts';
import { decode } from '../../src/codec/cbor.ts';
import { toHex } from '../../src/crypto/hash.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { MemoryState, type StateWrites } from '../../src/ledger/state.ts';
import { encodeTx } from '../../src/ledger/tx.ts';
import type { ChainParams, DecodedTx, Receipt, TxBody } from '../../src/ledger/types.ts';
import { getAsset, getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { checkValueInvariants, stateRootFromScratch } from '../helpers/invariants.ts';
import { FEES, NATIVE, NO_FEES, PROPOSER, context, decoded, genesisState, keyFromByte } from './fixtures.ts';
import { assertBlockTouchedAsNamed } from './touched-oracle.ts';

const MAX = 2n ** 128n - 1n;
const ACCOUNTS: KeyPair[] = Array.from({ length: 10 }, (_, i) => keyFromByte(0x21 + i));
const SYMBOLS = ['AA', 'BB', 'CC', 'DD', NATIVE];

/** MemoryState plus the trie nodes: what execute.ts reads. */
class MemoryChainState extends MemoryState implements ChainStateReader {
  readonly nodes = new Map<string, Uint8Array>();
  getNode(path: string): Uint8Array | undefined {
    return this.nodes.get(path);
  }
  commit(stateWrites: StateWrites, trieWrites: TrieNodeWrites): void {
    this.apply(stateWrites);
    for (const [path, bytes] of trieWrites) {
      if (bytes === null) this.nodes.delete(path);
      else this.nodes.set(path, bytes);
    }
  }
}

function genesis(allocations: bigint[]): MemoryChainState {
  const plain = genesisState(ACCOUNTS.map((key, i) => [key, allocations[i]] as [KeyPair, bigint]).filter(([, amount]) => amount > 0n));
  const state = new MemoryChainState();
  const writes: StateWrites = new Map([...plain.entries].sort(([a], [b]) => (a < b ? -1 : 1)));
  const trie = new TrieUpdate(state);
  trie.applyWrites(writes);
  state.commit(writes, trie.finish().writes);
  return state;
}

const account = fc.nat(ACCOUNTS.length - 1);
const symbol = fc.constantFrom(...SYMBOLS);
const amount = fc.oneof({ weight: 6, arbitrary: fc.bigInt(1n, 1000n) }, { weight: 2, arbitrary: fc.bigInt(1n, MAX) }, { weight: 1, arbitrary: fc.constant(MAX) });

/** `smart`: pick the actor from the state (a holder of the asset, or its mint authority) so that most txs can succeed. */
const smart = fc.boolean();
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('asset.create' as const),
    actor: account,
    smart,
    symbol,
    supply: fc.oneof(fc.constant(0n), amount),
    maxSupply: fc.option(amount, { nil: undefined }),
    mintAuthority: fc.option(account, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('transfer' as const),
    actor: account,
    smart,
    entries: fc.array(fc.record({ to: account, asset: symbol, amount }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('asset.mint' as const), actor: account, smart, asset: symbol, to: account, amount }),
  fc.record({ kind: fc.constant('asset.burn' as const), actor: account, smart, asset: symbol, amount }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function payloadOf(op: Operation): object {
  switch (op.kind) {
    case 'asset.create': {
      const mintAuthority = op.mintAuthority === undefined ? undefined : ACCOUNTS[op.mintAuthority].address;
      // maxSupply is only valid with a mint authority and at or above the supply; keep some invalid ones
      // out of the payload so that most creates pass decoding.
      const maxSupply = mintAuthority !== undefined && op.maxSupply !== undefined && op.maxSupply >= op.supply ? op.maxSupply : undefined;
      return { symbol: op.symbol, name: `Asset ${op.symbol}`, decimals: 2, supply: op.supply, maxSupply, mintAuthority };
    }
    case 'transfer':
      return { transfers: op.entries.map((e) => ({ to: ACCOUNTS[e.to].address, asset: e.asset, amount: e.amount })) };
    case 'asset.mint':
      return { asset: op.asset, to: ACCOUNTS[op.to].address, amount: op.amount };
    case 'asset.burn':
      return { asset: op.asset, amount: op.amount };
  }
}

/**
 * Candidate txs of one block: each signer's nonces follow on from the state, so a tx skipped at
 * admission (its payer short of the fee) makes that signer's later txs in the block skip too.
 * Signatures are zeros: buildBlockBody takes candidates whose signatures the mempool checked.
 */
function candidates(state: MemoryChainState, ops: Operation[], nonceFault: number | null): DecodedTx[] {
  const next = new Map<number, bigint>();
  return ops.map((op, i) => {
    const actor = op.smart ? smartActor(state, op) ?? op.actor : op.actor;
    const key = ACCOUNTS[actor];
    const nonce = next.get(actor) ?? getNonce(state, key.address);
    next.set(actor, nonce + 1n);
    const body = { chainId: 'agora-test', kind: op.kind, payload: payloadOf(op), signers: [{ publicKey: key.publicKey, nonce: i === nonceFault ? nonce + 5n : nonce }], fee: 10n ** 9n } as TxBody;
    return decoded(encodeTx({ body, signatures: [new Uint8Array(64)] }));
  });
}

/** An account that can make `op` succeed, as the committed state stands: a holder, or the mint authority. */
function smartActor(state: MemoryChainState, op: Operation): number | undefined {
  if (op.kind === 'asset.create') return undefined;
  const asset = op.kind === 'transfer' ? op.entries[0].asset : op.asset;
  if (op.kind === 'asset.mint') {
    const authority = getAsset(state, asset)?.mintAuthority;
    const index = ACCOUNTS.findIndex((key) => key.address === authority);
    return index < 0 ? undefined : index;
  }
  const holders = ACCOUNTS.map((key, index) => ({ index, balance: getBalance(state, key.address, asset) })).filter((h) => h.balance > 0n);
  return holders.length === 0 ? undefined : holders[op.actor % holders.length].index;
}

/** Balances as the receipts' events describe them: fee, transfer, mint, burn, asset.created. */
function applyEvents(model: Map<string, bigint>, receipts: Receipt[]): void {
  const add = (address: string, asset: string, delta: bigint): void => {
    const key = `${address}/${asset}`;
    const value = (model.get(key) ?? 0n) + delta;
    assert.ok(value >= 0n, `events drive ${key} negative`);
    if (value === 0n) model.delete(key);
    else model.set(key, value);
  };
  for (const receipt of receipts) {
    for (const { type, attributes: a } of receipt.events) {
      if (type === 'fee') {
        add(a.from, NATIVE, -BigInt(a.amount));
        add(a.to, NATIVE, BigInt(a.amount));
      } else if (type === 'transfer') {
        add(a.from, a.asset, -BigInt(a.amount));
        add(a.to, a.asset, BigInt(a.amount));
      } else if (type === 'mint') add(a.to, a.asset, BigInt(a.amount));
      else if (type === 'burn') add(a.from, a.asset, -BigInt(a.amount));
      else if (type === 'asset.created') add(a.creator, a.asset, BigInt(a.supply));
      else assert.fail(`unexpected event ${type}`);
    }
  }
}

function balancesOf(state: MemoryState): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [key, bytes] of state.entries) {
    if (key.startsWith('bal/')) out.set(key.slice(4), BigInt(decode(bytes) as number | bigint));
  }
  return out;
}

const allocation: fc.Arbitrary<bigint> = fc.oneof({ weight: 1, arbitrary: fc.constant(0n) }, { weight: 4, arbitrary: fc.bigInt(1n, 10n ** 12n) });

const scenario = fc.record({
  allocations: fc.array(allocation, { minLength: ACCOUNTS.length, maxLength: ACCOUNTS.length }),
  withFees: fc.boolean(),
  /** A first block that creates the assets, so that later blocks find most of them. */
  creates: fc.array(fc.record({ actor: account, supply: fc.oneof(fc.constant(0n), amount), maxSupply: fc.option(amount, { nil: undefined }), mintAuthority: fc.option(account, { nil: undefined }) }), {
    minLength: SYMBOLS.length - 1,
    maxLength: SYMBOLS.length - 1,
  }),
  blocks: fc.array(fc.record({ ops: fc.array(operation, { maxLength: 10 }), nonceFault: fc.option(fc.nat(9), { nil: null }) }), { minLength: 1, maxLength: 6 }),
});

test('property: value invariants, the incremental state root and the event-derived balances hold after every block', () => {
  const seen = { ok: 0, failed: 0, skipped: 0 };
  fc.assert(
    fc.property(scenario, ({ allocations, withFees, creates, blocks }) => {
      if (!allocations.some((a) => a > 0n)) allocations[0] = 1n;
      const params: ChainParams = withFees ? FEES : NO_FEES;
      const state = genesis(allocations);
      checkValueInvariants(state.entries);
      const model = balancesOf(state);
      const setup: Operation[] = creates.map((c, i) => ({ kind: 'asset.create', smart: false, symbol: SYMBOLS[i], ...c }));
      for (const [index, block] of [{ ops: setup, nonceFault: null }, ...blocks].entries()) {
        const height = index + 1;
        const txs = candidates(state, block.ops, block.nonceFault);
        const noncesBefore = ACCOUNTS.map((key) => getNonce(state, key.address));
        const execution = buildBlockBody(state, context(params, height), txs);
        assert.equal(execution.txs.length + execution.skipped.length, txs.length);
        assert.equal(execution.receipts.length, execution.txs.length);
        assertBlockTouchedAsNamed(execution);
        for (const { rejection } of execution.skipped) {
          assert.ok(['nonce_gap', 'nonce_too_low', 'insufficient_fee_balance'].includes(rejection.code), rejection.code);
        }
        state.commit(execution.stateWrites, execution.trieWrites);
        checkValueInvariants(state.entries);
        ACCOUNTS.forEach((key, i) => {
          const applied = execution.txs.filter((t) => t.signerAddresses[0] === key.address).length;
          assert.equal(getNonce(state, key.address), noncesBefore[i] + BigInt(applied), 'one nonce per applied tx');
        });
        assert.equal(execution.stateRoot, stateRootFromScratch(state.entries), `state root at height ${height}`);
        applyEvents(model, execution.receipts);
        assert.deepEqual(balancesOf(state), model, 'balances differ from what the events say');
        for (const receipt of execution.receipts) {
          if (receipt.code === 'ok') seen.ok++;
          else seen.failed++;
        }
        seen.skipped += execution.skipped.length;
      }
    }),
    { numRuns: 60 },
  );
  // The generator must reach every path: applied txs, payload failures and admission skips.
  assert.ok(seen.ok > 50 && seen.failed > 50 && seen.skipped > 5, JSON.stringify(seen));
});

test('checkValueInvariants names the broken invariant', () => {
  const state = genesis([100n, 50n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
  const broken = (change: (entries: Map<string, Uint8Array>) => void): string => {
    const entries = new Map(state.entries);
    change(entries);
    try {
      checkValueInvariants(entries);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };
  const balanceKey = `bal/${ACCOUNTS[0].address}/${NATIVE}`;
  const cases: [string, (entries: Map<string, Uint8Array>) => void, RegExp][] = [
    ['a balance changed', (e) => e.set(balanceKey, Uint8Array.from([0x18, 99])), /asset\/AGR.*supply is 150 but the 2 balances sum to 149/],
    ['a balance deleted', (e) => e.delete(balanceKey), /supply is 150 but the 1 balances sum to 50/],
    ['a negative balance', (e) => e.set(balanceKey, Uint8Array.from([0x20])), /balance -1 is negative/],
    ['a zero balance stored', (e) => e.set(balanceKey, Uint8Array.from([0x00])), /zero balance is stored/],
    ['a balance above 2^128-1', (e) => e.set(balanceKey, Uint8Array.from([0xc2, 0x51, 1, ...new Uint8Array(16)])), /above 2\^128-1/],
    ['a non-canonical record', (e) => e.set(balanceKey, Uint8Array.from([0x19, 0x00, 0x64])), /not canonical CBOR/],
    ['a balance of an unknown asset', (e) => e.set(`bal/${ACCOUNTS[0].address}/ZZZ`, Uint8Array.from([0x01])), /asset ZZZ, which does not exist/],
    ['an asset deleted', (e) => e.delete(`asset/${NATIVE}`), /asset AGR, which does not exist/],
  ];
  for (const [name, change, expected] of cases) assert.match(broken(change), expected, name);
  assert.equal(broken(() => undefined), 'no error');
});

test('stateRootFromScratch agrees with the trie on the empty state and on genesis', () => {
  assert.equal(stateRootFromScratch(new Map()), toHex(new Uint8Array(32)));
  const state = genesis([1n, 2n, 3n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
  assert.equal(stateRootFromScratch(state.entries), toHex(new TrieUpdate(state).finish().root));
  assert.equal(PROPOSER.address.startsWith('agora1'), true);
});
