// The bounded stores of the inbound side (spec/limits.md §3): the future-height buffer per validator
// and in bytes, held vote identities (the evidence pool: test/node/evidence-pool.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block } from '../../src/chain/block.ts';
import type { SignedProposal, SignedVote } from '../../src/consensus/index.ts';
import { FUTURE_BYTES_MAX, FUTURE_MESSAGES_PER_VALIDATOR_MAX, FUTURE_PROPOSALS_PER_VALIDATOR_MAX } from '../../src/node/limits.ts';
import { FutureBuffer } from '../../src/node/shell/future-buffer.ts';
import { HeldVotes } from '../../src/node/shell/held-votes.ts';

const vote = (validator: string, round: number, blockHash: string | null = null): SignedVote => ({ type: 'prevote', height: 5, round, blockHash, validator, signature: new Uint8Array(64) });
const proposal = (proposer: string, height: number, round: number, blockHash = 'aa'): SignedProposal => ({ height, round, blockHash, polRound: -1, proposer, signature: new Uint8Array(64) });
const block = (txBytes: number): Block => ({ header: {} as Block['header'], txs: [new Uint8Array(txBytes)], evidence: [] });

test('future buffer: per validator, per proposer and in bytes; taking a height frees its room', () => {
  const buffer = new FutureBuffer();
  for (let round = 0; round < 100; round++) buffer.add(5, { kind: 'vote', vote: vote('v1', round) });
  assert.equal(buffer.size, FUTURE_MESSAGES_PER_VALIDATOR_MAX);
  let kept = 0;
  for (let round = 0; round < 10; round++) kept += buffer.add(6, { kind: 'proposal', message: { proposal: proposal('v2', 6, round), block: block(1024 * 1024) }, receivedAtMs: 0 }) ? 1 : 0;
  assert.equal(kept, FUTURE_PROPOSALS_PER_VALIDATOR_MAX);
  assert.ok(buffer.bytes <= FUTURE_BYTES_MAX);
  // Many validators with large proposals stop at the byte bound.
  for (let v = 0; v < 20; v++) buffer.add(6, { kind: 'proposal', message: { proposal: proposal(`w${v}`, 6, 0), block: block(3 * 1024 * 1024) }, receivedAtMs: 0 });
  assert.ok(buffer.bytes <= FUTURE_BYTES_MAX, `${buffer.bytes} bytes`);
  assert.equal(buffer.take(5).length, FUTURE_MESSAGES_PER_VALIDATOR_MAX);
  assert.ok(buffer.add(7, { kind: 'vote', vote: vote('v1', 0) }), 'v1 has room again');
  buffer.take(7);
  assert.equal(buffer.size, 0);
  assert.equal(buffer.bytes, 0);
});

test('held votes: by identity, whatever the signature; forgotten below the height', () => {
  const held = new HeldVotes();
  held.add(vote('v1', 0, 'bb'));
  assert.ok(held.has({ ...vote('v1', 0, 'bb'), signature: new Uint8Array(64).fill(1) }));
  assert.ok(!held.has(vote('v1', 0, null)));
  assert.ok(!held.has(vote('v1', 1, 'bb')));
  held.forgetBelow(6);
  assert.ok(!held.has(vote('v1', 0, 'bb')));
});
