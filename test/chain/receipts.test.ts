// The per-address index lists each tx under the addresses the ledger says it touched
// (BlockExecution.touched, src/ledger/apply.ts), no longer under strings read from its events. The
// old rule lives on as the oracle the ledger tests hold every tx to (test/ledger/touched-oracle.ts);
// its own behaviour is pinned here, then a block shows `touched` from the ledger itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBlockBody } from '../../src/chain/execute.ts';
import { decodeReceipt, encodeReceipt, receiptBytes } from '../../src/chain/receipts.ts';
import { resultBytes } from '../../src/chain/results.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { Receipt } from '../../src/ledger/types.ts';
import { ALICE, BOB, CAROL, context, FEES, makeTx, PROPOSER } from '../ledger/fixtures.ts';
import { genesisChain } from '../ledger/records-fixtures.ts';
import { addressesNamedIn, assertBlockTouchedAsNamed } from '../ledger/touched-oracle.ts';

const [a, b, c, d] = [1, 2, 3, 4].map((n) => new KeyPair(new Uint8Array(32).fill(n)).address);

test('the oracle: signers, single addresses and the members of a list, each once, sorted; nothing that is not an address', () => {
  const receipt: Receipt = {
    txId: '00'.repeat(32),
    code: 'ok',
    fee: 0n,
    events: [
      { type: 'transfer', attributes: { from: a, to: b, asset: 'AGR', amount: '5' } },
      { type: 'split.created', attributes: { split: c, members: `${b}:3,${d}:1` } },
      { type: 'note', attributes: { text: 'agora1 is not an address', list: `${a},agora1nope` } },
    ],
  };
  assert.deepEqual(addressesNamedIn([a], receipt), [a, b, c, d].sort());
});

test('a block says what each tx touched: the signer, the fee recipient, the split and its members', () => {
  const state = genesisChain([[ALICE, 10_000_000n], [BOB, 10_000_000n]]);
  const dave = new KeyPair(new Uint8Array(32).fill(4)).address;
  const create = makeTx('split.create', { members: [{ address: BOB.address, weight: 3 }, { address: dave, weight: 1 }] }, ALICE, { nonce: 0n });
  const execution = buildBlockBody(state, context(FEES), [create]);
  assert.equal(execution.receipts[0].code, 'ok', execution.receipts[0].message);
  const split = execution.receipts[0].events.find((e) => e.type === 'split.created')!.attributes.split;
  assert.deepEqual(execution.touched, [[ALICE.address, BOB.address, dave, PROPOSER.address, split].sort()]);
  assertBlockTouchedAsNamed(execution);
  const refused = makeTx('transfer', { transfers: [{ to: CAROL.address, asset: 'NOPE', amount: 1n }] }, BOB, { nonce: 0n });
  const second = buildBlockBody(state, context(FEES), [refused]);
  assert.equal(second.receipts[0].code, 'unknown_asset');
  assert.deepEqual(second.touched, [[BOB.address, PROPOSER.address].sort()], 'a refused payload touches only its signers and the fee recipient');
});

test('a receipt without a message is stored as its result bytes, encoded once; one with a message is encoded with it', () => {
  const base: Receipt = { txId: 'ab'.repeat(32), code: 'ok', fee: 3n, events: [{ type: 'transfer', attributes: { asset: 'AGR', from: a, to: b, amount: '5' } }] };
  const result = resultBytes(base);
  assert.deepEqual(encodeReceipt(base), result);
  assert.equal(receiptBytes(base, result), result);
  const failed: Receipt = { ...base, code: 'insufficient_balance', message: 'balance of AGR is 0', events: [] };
  assert.deepEqual(receiptBytes(failed, resultBytes(failed)), encodeReceipt(failed));
  assert.deepEqual(decodeReceipt(receiptBytes(failed, resultBytes(failed))), failed);
  assert.deepEqual(decodeReceipt(receiptBytes(base, result)), { ...base, message: undefined });
});
