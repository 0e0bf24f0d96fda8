// checkCommit: a commit checked on its own (block sync, offline proofs), errors in precedence order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommit, type SignedVote } from '../../src/consensus/index.ts';
import { BLOCK_A, BLOCK_B, SIG, equalSet } from './helpers.ts';

const SET = equalSet(4);
const precommit = (validator: string, blockHash: string | null = BLOCK_A, round = 2, height = 7): SignedVote => ({
  type: 'precommit',
  height,
  round,
  blockHash,
  validator,
  signature: SIG,
});

test('checkCommit accepts > 2/3 sorted precommits for the block and reports the round', () => {
  const result = checkCommit(SET, 7, BLOCK_A, [precommit('val0'), precommit('val1'), precommit('val3')]);
  assert.deepEqual(result, { ok: true, round: 2, power: 30n });
});

test('checkCommit refusals', () => {
  const table: Array<[string, SignedVote[], string]> = [
    ['empty', [], 'empty'],
    ['other block', [precommit('val0'), precommit('val1', BLOCK_B), precommit('val2')], 'wrong_vote'],
    ['nil', [precommit('val0'), precommit('val1', null), precommit('val2')], 'wrong_vote'],
    ['other round', [precommit('val0'), precommit('val1', BLOCK_A, 3), precommit('val2')], 'wrong_vote'],
    ['other height', [precommit('val0'), precommit('val1', BLOCK_A, 2, 8), precommit('val2')], 'wrong_vote'],
    ['a prevote', [precommit('val0'), { ...precommit('val1'), type: 'prevote' }, precommit('val2')], 'wrong_vote'],
    ['unsorted', [precommit('val1'), precommit('val0'), precommit('val2')], 'unsorted_or_duplicate'],
    ['duplicate', [precommit('val0'), precommit('val0'), precommit('val1'), precommit('val2')], 'unsorted_or_duplicate'],
    ['outsider', [precommit('val0'), precommit('val1'), precommit('zed')], 'not_a_validator'],
    ['half', [precommit('val0'), precommit('val1')], 'insufficient_power'],
  ];
  for (const [name, votes, code] of table) {
    const result = checkCommit(SET, 7, BLOCK_A, votes);
    assert.equal(result.ok ? 'ok' : result.code, code, name);
  }
  const exact = checkCommit(equalSet(3), 7, BLOCK_A, [precommit('val0'), precommit('val2')]);
  assert.equal(exact.ok ? 'ok' : exact.code, 'insufficient_power', 'exactly 2/3 is not more than 2/3');
});
