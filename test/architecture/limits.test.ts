// One home for each limit (issue 11, item 7). Where a pure layer may not import another's limits
// (src/consensus does not import src/ledger), the two copies are held equal here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as consensus from '../../src/consensus/limits.ts';
import * as ledger from '../../src/ledger/limits.ts';

test("consensus's height bound is the ledger's", () => {
  assert.equal(consensus.HEIGHT_MAX, ledger.HEIGHT_MAX);
});
