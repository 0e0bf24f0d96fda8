// Fixtures of the rental and stream tests (test/ledger/contracts-rental*.test.ts, contracts-stream.test.ts):
// a chain whose blocks run through src/chain/execute.ts at block times the test chooses, every invariant
// checked after each block (value, records, the records' transitions, the contract accounts, the state
// root), and tx builders whose nonces follow on within a block.
import assert from 'node:assert/strict';
import { buildBlockBody } from '../../src/chain/execute.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import type { BlockContext, ChainParams, DecodedTx, LedgerEvent, Receipt, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { checkContractInvariants, checkRecordTransitions, stateRootFromScratch } from '../helpers/invariants.ts';
import { CHAIN_ID, NATIVE, NO_FEES, PROPOSER, decoded, signTx, snapshot } from './fixtures.ts';
import { checkAll, genesisChain, type MemoryChainState } from './records-fixtures.ts';
import { assertBlockTouchedAsNamed } from './touched-oracle.ts';

export { NATIVE };
/** Block time of the first block after genesis: 2026-01-01T00:00:00Z. */
export const T0 = 1_767_225_600_000;
export const SECOND = 1000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Every invariant of a whole state: value, records, and each contract account holding exactly what it owes. */
export function checkEverything(entries: Map<string, Uint8Array>): void {
  checkAll({ entries } as MemoryChainState);
  checkContractInvariants(entries);
}

/** The txs of one block, each signer's nonces following on. */
export class Block {
  private readonly nonces = new Map<string, bigint>();
  readonly txs: DecodedTx[] = [];
  constructor(private readonly state: MemoryChainState) {}
  private nonce(key: KeyPair): bigint {
    const nonce = this.nonces.get(key.address) ?? getNonce(this.state, key.address);
    this.nonces.set(key.address, nonce + 1n);
    return nonce;
  }
  /** The nonce `key`'s next tx in this block will consume (for contract addresses known in advance). */
  nextNonce(key: KeyPair): bigint {
    return this.nonces.get(key.address) ?? getNonce(this.state, key.address);
  }
  add<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): this {
    return this.addSigned([key], kind, payload);
  }
  /** A tx signed by several keys (a swap), each with its next nonce; the first pays the fee. */
  addSigned<K extends TxKind>(keys: KeyPair[], kind: K, payload: TxPayloads[K]): this {
    const body = { chainId: CHAIN_ID, kind, payload, signers: keys.map((key) => ({ publicKey: key.publicKey, nonce: this.nonce(key) })), fee: 1_000_000n } as TxBody;
    this.txs.push(decoded(signTx(body, keys)));
    return this;
  }
}

/** A chain at a block time the test moves: `at(ms)` or `after(ms)`, then `run(block)`. */
export class TimedChain {
  readonly state: MemoryChainState;
  height = 0;
  timeMs = T0 - SECOND;
  constructor(allocations: [KeyPair | string, bigint][], readonly params: ChainParams = NO_FEES) {
    this.state = genesisChain(allocations);
  }
  block(): Block {
    return new Block(this.state);
  }
  /** Runs `block` at block time `timeMs` (strictly after the last block); returns its receipts. */
  runAt(timeMs: number, block: Block): Receipt[] {
    assert.ok(timeMs > this.timeMs, 'block time must grow');
    this.height += 1;
    this.timeMs = timeMs;
    const ctx: BlockContext = { chainId: CHAIN_ID, height: this.height, timeMs, proposer: PROPOSER.address, params: this.params };
    const before = snapshot(this.state);
    const execution = buildBlockBody(this.state, ctx, block.txs);
    assert.deepEqual(execution.skipped.map((s) => s.rejection.code), [], 'every tx is admitted');
    assertBlockTouchedAsNamed(execution);
    this.state.commit(execution.stateWrites, execution.trieWrites);
    checkEverything(this.state.entries);
    checkRecordTransitions(before, this.state.entries, execution.receipts);
    assert.equal(execution.stateRoot, stateRootFromScratch(this.state.entries), `state root at height ${this.height}`);
    return execution.receipts;
  }
  /** Runs `block` `ms` after the last block. */
  runAfter(ms: number, block: Block): Receipt[] {
    return this.runAt(this.timeMs + ms, block);
  }
  /** One tx in a block of its own at `timeMs`; its receipt. */
  one<K extends TxKind>(timeMs: number, key: KeyPair, kind: K, payload: TxPayloads[K]): Receipt {
    return this.runAt(timeMs, this.block().add(key, kind, payload))[0];
  }
  balance(who: KeyPair | string, asset = NATIVE): bigint {
    return getBalance(this.state, typeof who === 'string' ? who : who.address, asset);
  }
}

export function expectOk(receipt: Receipt): LedgerEvent[] {
  assert.equal(receipt.code, 'ok', receipt.message);
  return receipt.events;
}

/** The payload was refused with `code` and a message; nothing but the fee event (none without fees). */
export function expectRefused(receipt: Receipt, code: RejectCode): void {
  assert.equal(receipt.code, code, receipt.message);
  assert.ok((receipt.message ?? '').length > 0, 'a refusal has a message');
  assert.deepEqual(receipt.events.filter((e) => e.type !== 'fee'), []);
}

/** The events of `type`, as their attributes. */
export function eventsOf(events: LedgerEvent[], type: string): { [key: string]: string }[] {
  return events.filter((e) => e.type === type).map((e) => e.attributes);
}

/** The `transfer` events as `from→to amount asset` lines (to compare payments at a glance). */
export function payments(events: LedgerEvent[]): string[] {
  return eventsOf(events, 'transfer').map((a) => `${a.from}→${a.to} ${a.amount} ${a.asset}`);
}
