// The two halves of the tx kind registry (src/ledger/kinds-codec.ts, kinds-apply.ts): the compiler
// already refuses a table that misses a TxKind; this checks at run time that neither carries a kind
// the other lacks, so a kind the node can decode is always a kind it can apply, and the reverse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLY } from '../../src/ledger/kinds-apply.ts';
import { CODECS, isTxKind } from '../../src/ledger/kinds-codec.ts';

test('CODECS and APPLY register exactly the same tx kinds', () => {
  const codecKinds = Object.keys(CODECS).sort();
  const applyKinds = Object.keys(APPLY).sort();
  assert.ok(codecKinds.length >= 35, `only ${codecKinds.length} kinds registered`);
  assert.deepEqual(applyKinds, codecKinds);
});

test('every registered kind is a tx kind, and nothing from Object.prototype is', () => {
  for (const kind of Object.keys(CODECS)) assert.equal(isTxKind(kind), true, kind);
  for (const kind of ['toString', 'constructor', '__proto__', 'hasOwnProperty', '']) assert.equal(isTxKind(kind), false, kind);
});

test('each kind has a decoder, a signer range and an apply function', () => {
  for (const [kind, codec] of Object.entries(CODECS)) {
    assert.equal(typeof codec.decode, 'function', kind);
    assert.ok(Number.isInteger(codec.signers.min) && codec.signers.min >= 1 && codec.signers.max >= codec.signers.min, kind);
    assert.equal(typeof APPLY[kind as keyof typeof APPLY], 'function', kind);
  }
});
