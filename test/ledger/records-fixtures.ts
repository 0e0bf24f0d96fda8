// Fixtures of the records tests (test/ledger/records*.test.ts): a world with registries and items in
// every status, tx builders for one and two signers, assertions on receipts and state diffs, and
// blocks run through src/chain/execute.ts with every invariant checked after each.
import assert from 'node:assert/strict';
import { buildBlockBody, type ChainStateReader } from '../../src/chain/execute.ts';
import { TrieUpdate, type TrieNodeWrites } from '../../src/chain/state-trie.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { applyTx, type ApplyResult } from '../../src/ledger/apply.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { MemoryState, Overlay, type StateWrites } from '../../src/ledger/state.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { BlockContext, ChainParams, DecodedTx, LedgerEvent, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { checkRecordInvariants, checkRecordTransitions, checkValueInvariants, stateRootFromScratch } from '../helpers/invariants.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, NO_FEES, context, decoded, genesisState, keyFromByte, makeTx, signTx, snapshot, stateDiff } from './fixtures.ts';
import { assertBlockTouchedAsNamed, assertTouchedAsNamed } from './touched-oracle.ts';

export const DAVE = keyFromByte(4);
export const ctx: BlockContext = context(NO_FEES, 5);

export function tx<K extends TxKind>(state: MemoryState, key: KeyPair, kind: K, payload: TxPayloads[K]): DecodedTx {
  return makeTx(kind, payload, key, { nonce: getNonce(state, key.address) });
}

/** A tx signed by several keys, each with its next nonce; the first pays the fee. */
export function multiTx<K extends TxKind>(state: MemoryState, keys: KeyPair[], kind: K, payload: TxPayloads[K]): DecodedTx {
  const body = { chainId: CHAIN_ID, kind, payload, signers: keys.map((key) => ({ publicKey: key.publicKey, nonce: getNonce(state, key.address) })), fee: 1_000_000n } as TxBody;
  return decoded(signTx(body, keys));
}

export type Outcome = { result: ApplyResult; diff: Map<string, [string | null, string | null]> };

/** Applies one tx as a block would and returns what changed. */
export function run(state: MemoryState, decodedTx: DecodedTx, blockCtx: BlockContext = ctx): Outcome {
  const before = snapshot(state);
  const view = new Overlay(state);
  const result = applyTx(view, decodedTx, blockCtx);
  if (result.admitted) assertTouchedAsNamed(decodedTx.signerAddresses, result);
  state.apply(view.writes());
  return { result, diff: stateDiff(before, state.entries) };
}

export function assertOk(outcome: Outcome): LedgerEvent[] {
  assert.ok(outcome.result.admitted, 'not admitted');
  assert.equal(outcome.result.receipt.code, 'ok', outcome.result.receipt.message);
  return outcome.result.receipt.events;
}

/** The payload was refused with `code`: the only writes are the signers' nonces (no fees in `ctx`). */
export function assertRefused(outcome: Outcome, code: RejectCode, signers: KeyPair[]): void {
  assert.ok(outcome.result.admitted, 'not admitted');
  assert.equal(outcome.result.receipt.code, code, outcome.result.receipt.message);
  assert.ok((outcome.result.receipt.message ?? '').length > 0, 'a refusal has a message');
  assert.deepEqual(outcome.result.receipt.events, []);
  assert.deepEqual([...outcome.diff.keys()].sort(), [...new Set(signers.map((s) => `acct/${s.address}`))].sort(), 'only the nonces change');
}

/** The `attribute` of the first event of `type`. */
export function attributeOf(events: LedgerEvent[], type: string, attribute = 'item'): string {
  const event = events.find((e) => e.type === type);
  assert.ok(event !== undefined, `no ${type} event in ${JSON.stringify(events)}`);
  const value = event.attributes[attribute];
  assert.ok(value !== undefined, `${type} has no ${attribute}`);
  return value;
}

export function ok<K extends TxKind>(state: MemoryState, key: KeyPair, kind: K, payload: TxPayloads[K]): LedgerEvent[] {
  return assertOk(run(state, tx(state, key, kind, payload)));
}

export function registerItem(state: MemoryState, key: KeyPair, payload: TxPayloads['item.register']): string {
  return attributeOf(ok(state, key, 'item.register', payload), 'item.registered');
}

export function decodeCode(bytes: Uint8Array): RejectCode | 'ok' {
  const result = decodeTx(bytes);
  return isRejection(result) ? result.code : 'ok';
}

export function checkAll(state: MemoryState): void {
  checkValueInvariants(state.entries);
  checkRecordInvariants(state.entries);
}

export interface World {
  state: MemoryState;
  /** ALICE's deed in the curated registry `deeds`. */
  deed: string;
  /** ALICE's drill, in no registry. */
  drill: string;
  /** ALICE's deed, fractionalised into 100 SHARE. */
  locked: string;
  /** ALICE's retired car. */
  retired: string;
}

/**
 * The world every table starts from (no fees):
 *   AGR native: ALICE 1e9, BOB 1e6, CAROL 1e6, DAVE 1000
 *   registry `deeds`: curated by ALICE; registrar BOB; CAROL attests `inspection`
 *   registry `lots`:  open, curated by BOB
 *   items of ALICE: deed (deeds), drill, locked (deeds, 100 SHARE), retired (a car)
 */
export function world(): World {
  const state = genesisState([
    [ALICE, 1_000_000_000n],
    [BOB, 1_000_000n],
    [CAROL, 1_000_000n],
    [DAVE, 1000n],
  ]);
  ok(state, ALICE, 'registry.create', {
    name: 'deeds',
    open: false,
    roles: [
      { role: 'registrar', address: BOB.address },
      { role: 'attester', eventType: 'inspection', address: CAROL.address },
    ],
  });
  ok(state, BOB, 'registry.create', { name: 'lots', open: true });
  const deed = registerItem(state, ALICE, { kind: 'deed', registry: 'deeds', metadata: '{"parcel":"12/7"}' });
  const drill = registerItem(state, ALICE, { kind: 'drill' });
  const locked = registerItem(state, ALICE, { kind: 'deed', registry: 'deeds' });
  ok(state, ALICE, 'item.fractionalize', { item: locked, symbol: 'SHARE', shares: 100n });
  const retired = registerItem(state, ALICE, { kind: 'car' });
  ok(state, ALICE, 'item.retire', { item: retired, reason: 'scrapped' });
  checkAll(state);
  return { state, deed, drill, locked, retired };
}

// ---------------------------------------------------------------------------------------------
// Blocks: txs executed by src/chain/execute.ts over a MemoryState and its trie, invariants after each.

/** MemoryState plus the trie nodes: what execute.ts reads. */
export class MemoryChainState extends MemoryState implements ChainStateReader {
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

export function genesisChain(allocations: [KeyPair | string, bigint][]): MemoryChainState {
  const plain = genesisState(allocations);
  const state = new MemoryChainState();
  const writes: StateWrites = new Map([...plain.entries].sort(([a], [b]) => (a < b ? -1 : 1)));
  const trie = new TrieUpdate(state);
  trie.applyWrites(writes);
  state.commit(writes, trie.finish().writes);
  return state;
}

/**
 * Executes one block of candidate txs (buildBlockBody), commits it, and checks every invariant: value,
 * records, the records' transitions across the block, and the state root against a rebuild.
 */
export function runBlock(state: MemoryChainState, height: number, txs: DecodedTx[], params: ChainParams = NO_FEES): ReturnType<typeof buildBlockBody> {
  const before = snapshot(state);
  const execution = buildBlockBody(state, context(params, height), txs);
  assertBlockTouchedAsNamed(execution);
  state.commit(execution.stateWrites, execution.trieWrites);
  checkAll(state);
  checkRecordTransitions(before, state.entries, execution.receipts);
  assert.equal(execution.stateRoot, stateRootFromScratch(state.entries), `state root at height ${height}`);
  return execution;
}
