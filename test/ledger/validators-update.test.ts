// validators.update (spec/ledger.md §10): approvals by more than 2/3 of the current power, effective at
// h + 2 through the end of block, every refusal in spec order, with 10+ validators.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBlockBody } from '../../src/chain/execute.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, Overlay } from '../../src/ledger/state.ts';
import { readValidatorSchedule, scheduleValidatorRemoval, SINCE_PREFIX } from '../../src/ledger/validators/schedule.ts';
import { byAddress, validatorSetHash, type LedgerValidator } from '../../src/ledger/validators/set.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import type { ValidatorChange } from '../../src/ledger/validators/update-types.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { DecodedTx } from '../../src/ledger/types.ts';
import { MemoryChainState } from './records-fixtures.ts';
import { ALICE, CHAIN_ID, context, makeTx, NATIVE, NO_FEES, rawBody, rawTx } from './fixtures.ts';

const KEYS = Array.from({ length: 12 }, (_, i) => new KeyPair(new Uint8Array(32).fill(100 + i)));
/** v0 … v9, power 10 each (total 100); v10 and v11 start outside the set. */
const TEN: LedgerValidator[] = KEYS.slice(0, 10).map((k) => ({ address: k.address, publicKey: k.publicKey, power: 10n })).sort(byAddress);

/** The ledger's state over a trie-backed reader, advanced block by block through src/chain/execute.ts. */
class Chain {
  state = new MemoryChainState();
  height = 0;
  nonce = 0n;
  constructor(validators: LedgerValidator[] | null = TEN) {
    this.state.apply(genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: NATIVE, name: 'Agora', decimals: 6 }, allocations: [{ address: ALICE.address, amount: 1_000_000n }], validators: validators ?? undefined }).writes());
  }
  /** Executes one block of `txs`; returns the receipts' codes and events. */
  block(txs: DecodedTx[] = []): { code: string; message?: string; events: { type: string; attributes: { [k: string]: string } }[] }[] {
    this.height++;
    const result = buildBlockBody(this.state, context(NO_FEES, this.height), txs);
    assert.deepEqual(result.skipped.map((s) => s.rejection.code), []);
    this.state.commit(result.stateWrites, result.trieWrites);
    return result.receipts.map((r) => ({ code: r.code, message: r.message, events: r.events }));
  }
  update(changes: ValidatorChange[], approvers: KeyPair[], sequence = 0n): DecodedTx {
    const message = approvalBytes(CHAIN_ID, sequence, changes);
    const approvals = approvers.map((k) => ({ validator: k.address, signature: k.sign(message) }));
    return makeTx('validators.update', { sequence, changes, approvals }, ALICE, { nonce: this.nonce++, fee: 0n });
  }
  get schedule(): NonNullable<ReturnType<typeof readValidatorSchedule>> {
    const schedule = readValidatorSchedule(this.state);
    assert.ok(schedule !== undefined);
    return schedule;
  }
}

const ADD_V10: ValidatorChange[] = [{ publicKey: KEYS[10].publicKey, power: 10n }];
const approversOf = (count: number): KeyPair[] => TEN.slice(0, count).map((v) => KEYS.find((k) => k.address === v.address)!);

describe('validators.update with ten validators (spec/ledger.md §10.2)', () => {
  it('genesis writes the set as current and next, and since/1', () => {
    const chain = new Chain();
    assert.equal(chain.schedule.current.hash, validatorSetHash(TEN));
    assert.equal(chain.schedule.next.hash, validatorSetHash(TEN));
    assert.equal(chain.schedule.sequence, 0n);
    assert.deepEqual(chain.state.scanState(SINCE_PREFIX, 10).map((e) => e.key), ['validators/since/0000000000000001']);
  });

  it('6 of 10 validators (60 of 100) are refused, 7 (70) accepted', () => {
    const chain = new Chain();
    // A refusal is a failed tx: its receipt carries the code, the set does not move.
    let [receipt] = chain.block([chain.update(ADD_V10, approversOf(6))]);
    assert.equal(receipt.code, 'insufficient_approval');
    [receipt] = chain.block([chain.update(ADD_V10, approversOf(7))]);
    assert.equal(receipt.code, 'ok');
    assert.equal(receipt.events[0].type, 'validators.updated');
    assert.equal(receipt.events[0].attributes.effectiveHeight, '4');
  });

  it('exactly two thirds is refused (power 20 of 30)', () => {
    const three = TEN.slice(0, 3);
    const chain = new Chain(three);
    const keys = three.map((v) => KEYS.find((k) => k.address === v.address)!);
    const [atTwoThirds] = chain.block([chain.update(ADD_V10, keys.slice(0, 2))]);
    assert.equal(atTwoThirds.code, 'insufficient_approval');
    const [above] = chain.block([chain.update(ADD_V10, keys)]);
    assert.equal(above.code, 'ok');
  });

  it('takes effect at h + 2: current and next follow the end of each block', () => {
    const chain = new Chain();
    const before = validatorSetHash(TEN);
    const after = validatorSetHash([...TEN.filter((v) => v.address !== TEN[9].address), { address: KEYS[10].address, publicKey: KEYS[10].publicKey, power: 10n }].sort(byAddress));
    chain.block(); // 1
    chain.block(); // 2
    const [receipt] = chain.block([chain.update([...ADD_V10, { publicKey: TEN[9].publicKey, power: 0n }], approversOf(7))]); // 3
    assert.equal(receipt.code, 'ok', receipt.message);
    assert.equal(receipt.events[0].attributes.effectiveHeight, '5');
    // After block 3: block 4 is still signed by the ten, block 5 by the new set.
    assert.deepEqual([chain.schedule.current.hash, chain.schedule.next.hash], [before, after]);
    chain.block(); // 4
    assert.deepEqual([chain.schedule.current.hash, chain.schedule.next.hash], [after, after]);
    assert.equal(chain.schedule.sequence, 1n);
    assert.deepEqual(chain.state.scanState(SINCE_PREFIX, 10).map((e) => e.key), ['validators/since/0000000000000001', 'validators/since/0000000000000005']);
    assert.ok(chain.schedule.current.validators.some((v) => v.address === KEYS[10].address));
    assert.ok(!chain.schedule.current.validators.some((v) => v.address === TEN[9].address));
  });

  it('refuses in spec order and changes nothing', () => {
    const chain = new Chain();
    const outsider = KEYS[11];
    const cases: [string, () => DecodedTx][] = [
      ['stale_update', () => chain.update(ADD_V10, approversOf(10), 5n)],
      ['unknown_approver', () => chain.update(ADD_V10, [...approversOf(7), outsider])],
      [
        'bad_approval',
        () => {
          const message = approvalBytes(CHAIN_ID, 0n, [{ publicKey: KEYS[10].publicKey, power: 11n }]); // signed for other changes
          const approvals = approversOf(7).map((k) => ({ validator: k.address, signature: k.sign(message) }));
          return makeTx('validators.update', { sequence: 0n, changes: ADD_V10, approvals }, ALICE, { nonce: chain.nonce++, fee: 0n });
        },
      ],
      ['unknown_validator', () => chain.update([{ publicKey: outsider.publicKey, power: 0n }], approversOf(7))],
      ['empty_validator_set', () => chain.update(TEN.slice(0, 10).map((v) => ({ publicKey: v.publicKey, power: 0n })), approversOf(7))],
      ['power_overflow', () => chain.update([{ publicKey: KEYS[10].publicKey, power: (1n << 64n) - 1n }], approversOf(7))],
    ];
    for (const [code, make] of cases) {
      const before = readValidatorSchedule(chain.state);
      const [receipt] = chain.block([make()]);
      assert.equal(receipt.code, code, `${code}: ${receipt.message}`);
      assert.deepEqual(readValidatorSchedule(chain.state), before, code);
    }
  });

  it('the first failing check wins, in spec order', () => {
    const chain = new Chain();
    const outsider = KEYS[11];
    const removeOutsider: ValidatorChange[] = [{ publicKey: outsider.publicKey, power: 0n }];
    const cases: [string, DecodedTx][] = [
      // stale (2) before an unknown approver (3)
      ['stale_update', chain.update(ADD_V10, [outsider], 3n)],
      // an unknown approver (3) before a bad signature (4): the outsider's approval is for other changes
      ['unknown_approver', makeTx('validators.update', { sequence: 0n, changes: ADD_V10, approvals: [{ validator: outsider.address, signature: new Uint8Array(64) }] }, ALICE, { nonce: chain.nonce++, fee: 0n })],
      // too little power (5) before a removal of a non-member (6)
      ['insufficient_approval', chain.update(removeOutsider, approversOf(3))],
    ];
    for (const [code, tx] of cases) assert.equal(chain.block([tx])[0].code, code);
  });

  it('an approval is not replayed after the update it approved', () => {
    const chain = new Chain();
    const tx = chain.update(ADD_V10, approversOf(7));
    assert.equal(chain.block([tx])[0].code, 'ok');
    // The same approvals in a new tx (new nonce): sequence 0 is spent.
    const again = makeTx('validators.update', tx.tx.body.payload as never, ALICE, { nonce: chain.nonce++, fee: 0n });
    assert.equal(chain.block([again])[0].code, 'stale_update');
  });

  it('a state without a set refuses with no_validator_set and its blocks write nothing of validators', () => {
    const chain = new Chain(null);
    assert.equal(readValidatorSchedule(chain.state), undefined);
    assert.equal(chain.block([chain.update(ADD_V10, approversOf(7))])[0].code, 'no_validator_set');
    assert.deepEqual(chain.state.scanState('validators/', 10), []);
  });

  it('stateless checks: a change twice is bad_shape, an approver twice duplicate_approver', () => {
    const message = approvalBytes(CHAIN_ID, 0n, ADD_V10);
    const approval = { validator: KEYS[0].address, signature: KEYS[0].sign(message) };
    const twiceChange = rawTx(rawBody('validators.update', { sequence: 0, changes: [{ publicKey: KEYS[10].publicKey, power: 1 }, { publicKey: KEYS[10].publicKey, power: 2 }], approvals: [approval] }, ALICE), [ALICE]);
    const twiceApprover = rawTx(rawBody('validators.update', { sequence: 0, changes: [{ publicKey: KEYS[10].publicKey, power: 1 }], approvals: [approval, approval] }, ALICE), [ALICE]);
    const tooMany = rawTx(rawBody('validators.update', { sequence: 0, changes: Array.from({ length: 17 }, (_, i) => ({ publicKey: new KeyPair(new Uint8Array(32).fill(200 + i)).publicKey, power: 1 })), approvals: [approval] }, ALICE), [ALICE]);
    for (const [bytes, code] of [[twiceChange, 'bad_shape'], [twiceApprover, 'duplicate_approver'], [tooMany, 'bad_shape']] as const) {
      const result = decodeTx(bytes);
      assert.ok(isRejection(result));
      assert.equal(result.code, code);
    }
  });
});

describe('scheduleValidatorRemoval (spec/ledger.md §10.4)', () => {
  it('removes at h + 2 and refuses an unknown address or the last member', () => {
    const chain = new Chain();
    const view = new Overlay(chain.state);
    assert.equal(scheduleValidatorRemoval(view, KEYS[11].address)?.code, 'unknown_validator');
    assert.equal(scheduleValidatorRemoval(view, TEN[0].address), null);
    chain.state.apply(view.writes());
    chain.height = 6; // as if called while block 7 executes: end block 7 below
    chain.block();
    assert.equal(chain.schedule.next.validators.length, 9);
    assert.equal(chain.schedule.current.validators.length, 10);
    assert.deepEqual(chain.state.scanState(SINCE_PREFIX, 10).map((e) => e.key).at(-1), 'validators/since/0000000000000009');
    const one = new Chain(TEN.slice(0, 1));
    const last = new Overlay(one.state);
    assert.equal(scheduleValidatorRemoval(last, TEN[0].address)?.code, 'empty_validator_set');
    assert.equal(last.writes().size, 0);
  });
});

describe('bounds (spec/limits.md §1)', () => {
  it('64 validators: an update of 16 changes with 64 approvals fits in a tx and is accepted', () => {
    const keys = Array.from({ length: 64 }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1).map((b, j) => (j === 0 ? 255 - i : b))));
    const set = keys.map((k) => ({ address: k.address, publicKey: k.publicKey, power: (1n << 57n) })).sort(byAddress);
    const chain = new Chain(set);
    const changes = keys.slice(0, 16).map((k) => ({ publicKey: k.publicKey, power: (1n << 57n) + 1n }));
    const tx = chain.update(changes, keys);
    assert.ok(tx.bytes.length <= 16 * 1024, `${tx.bytes.length} bytes`);
    const [receipt] = chain.block([tx]);
    assert.equal(receipt.code, 'ok', receipt.message);
    // 16 members at 2^60 bring the total past 2^64 - 1: power_overflow.
    const overflow = chain.update(keys.slice(16, 32).map((k) => ({ publicKey: k.publicKey, power: (1n << 60n) })), keys, 1n);
    assert.equal(chain.block([overflow])[0].code, 'power_overflow');
    // A 65th validator: too_many_validators.
    const extra = new KeyPair(new Uint8Array(32).fill(250));
    assert.equal(chain.block([chain.update([{ publicKey: extra.publicKey, power: 1n }], keys, 1n)])[0].code, 'too_many_validators');
  });
});
