// Fixtures of the contracts tests (test/ledger/contracts-*.test.ts): a world with two assets and a few
// items, block contexts at chosen block times, and the checks every contracts test makes after each tx
// (value, records and contract invariants). Builds on records-fixtures.ts.
import assert from 'node:assert/strict';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { getItem } from '../../src/ledger/records/item-state.ts';
import { getHistoryEntry } from '../../src/ledger/records/item-log.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import type { BlockContext, LedgerEvent, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getBalance } from '../../src/ledger/accounts/balances.ts';
import { checkContractInvariants, checkRecordInvariants } from '../helpers/invariants.ts';
import { ALICE, BOB, CAROL, NATIVE, NO_FEES, context, genesisState } from './fixtures.ts';
import { DAVE, assertOk, assertRefused, attributeOf, registerItem, run, tx } from './records-fixtures.ts';

export { ALICE, BOB, CAROL, DAVE, NATIVE };

/** Block time of the fixtures' blocks: 1 700 000 005 000 (height 5); deadlines are set relative to it. */
export const NOW_MS = context(NO_FEES, 5).timeMs;
export const HOUR_MS = 3_600_000;

/** A block context at block time `timeMs` (height grows with it so that receipts stay distinct). */
export function at(timeMs: number): BlockContext {
  return { ...context(NO_FEES, 5), timeMs };
}

export function checkAllContracts(state: MemoryState): void {
  checkContractInvariants(state.entries);
  checkRecordInvariants(state.entries);
}

/** Runs a tx of one signer at `timeMs`, asserts it succeeded, checks every invariant; returns its events. */
export function okAt<K extends TxKind>(state: MemoryState, key: KeyPair, kind: K, payload: TxPayloads[K], timeMs = NOW_MS): LedgerEvent[] {
  const events = assertOk(run(state, tx(state, key, kind, payload), at(timeMs)));
  checkAllContracts(state);
  return events;
}

/** Runs a tx of one signer at `timeMs`, asserts it was refused with `code` and changed nothing but the nonce. */
export function refusedAt<K extends TxKind>(state: MemoryState, key: KeyPair, kind: K, payload: TxPayloads[K], code: RejectCode, timeMs = NOW_MS): void {
  assertRefused(run(state, tx(state, key, kind, payload), at(timeMs)), code, [key]);
  checkAllContracts(state);
}

export interface ContractWorld {
  state: MemoryState;
  /** ALICE's drill. */
  drill: string;
  /** BOB's car. */
  car: string;
  /** ALICE's retired bike. */
  retired: string;
}

/**
 * The world every contracts table starts from (no fees):
 *   AGR native: ALICE 1e9, BOB 1e6, CAROL 1e6, DAVE 1000
 *   USD (ALICE's asset, fixed supply 1e6): ALICE 900 000, BOB 100 000
 *   items: ALICE's drill, BOB's car, ALICE's retired bike
 */
export function contractWorld(): ContractWorld {
  const state = genesisState([
    [ALICE, 1_000_000_000n],
    [BOB, 1_000_000n],
    [CAROL, 1_000_000n],
    [DAVE, 1000n],
  ]);
  okAt(state, ALICE, 'asset.create', { symbol: 'USD', name: 'Dollar', decimals: 2, supply: 1_000_000n });
  okAt(state, ALICE, 'transfer', { transfers: [{ to: BOB.address, asset: 'USD', amount: 100_000n }] });
  const drill = registerItem(state, ALICE, { kind: 'drill' });
  const car = registerItem(state, BOB, { kind: 'car' });
  const retired = registerItem(state, ALICE, { kind: 'bike' });
  okAt(state, ALICE, 'item.retire', { item: retired });
  checkAllContracts(state);
  return { state, drill, car, retired };
}

export function balance(state: MemoryState, who: KeyPair | string, asset: string): bigint {
  return getBalance(state, typeof who === 'string' ? who : who.address, asset);
}

export function ownerOf(state: MemoryState, item: string): string {
  const record = getItem(state, item);
  assert.ok(record !== undefined, `no item ${item}`);
  return record.owner;
}

/** The last `count` history entries of `item`, oldest first, as [action, type, from, to]. */
export function lastMoves(state: MemoryState, item: string, count: number): [string, string | undefined, string | undefined, string | undefined][] {
  const record = getItem(state, item)!;
  const out: [string, string | undefined, string | undefined, string | undefined][] = [];
  for (let seq = record.events - count; seq < record.events; seq++) {
    const entry = getHistoryEntry(state, item, seq)!;
    out.push([entry.action, entry.type, entry.from, entry.to]);
  }
  return out;
}

/** The contract address a creating tx reported in its first event's `attribute`. */
export function contractOf(events: LedgerEvent[], type: string, attribute: string): string {
  return attributeOf(events, type, attribute);
}
