// Gossip ids of votes (spec/p2p.md §3.1): the signed part and the relay epoch, never the counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignedVote } from '../../src/consensus/index.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { RELAY_EPOCH_FORGED_MIN, RELAY_EPOCH_MS, RELAY_EPOCH_SKEW_MAX } from '../../src/p2p/limits.ts';
import { gossipMessageId, relayEpoch, relayStanding } from '../../src/p2p/message-id.ts';
import { encodeVoteMessage } from '../../src/p2p/messages.ts';

const NOW_MS = 1_800_000_000_000;
const vote: SignedVote = { type: 'prevote', height: 7, round: 0, blockHash: 'ab'.repeat(32), validator: 'agora1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', signature: new Uint8Array(64).fill(9) };
const id = (relay?: number): string => toHex(gossipMessageId(true, encodeVoteMessage(relay === undefined ? { vote } : { vote, relay }), NOW_MS));

test('a vote has one id per relay epoch near ours, and one for every forged counter together', () => {
  const epoch = relayEpoch(NOW_MS);
  const forged = new Set(Array.from({ length: 2_000 }, (_, i) => id(i + 1)));
  assert.equal(forged.size, 1, '2,000 counters, one id');
  const current = new Set(Array.from({ length: 2 * RELAY_EPOCH_SKEW_MAX + 1 }, (_, i) => id(epoch - RELAY_EPOCH_SKEW_MAX + i)));
  assert.equal(current.size, 2 * RELAY_EPOCH_SKEW_MAX + 1);
  assert.ok(!current.has(id()) && !forged.has(id()) && !current.has(id(1)));
  assert.equal(id(epoch + RELAY_EPOCH_SKEW_MAX + 1), id(epoch + RELAY_EPOCH_SKEW_MAX + 2), 'stale epochs share one id');
});

test('relay standing: current within the skew, stale up to an hour, forged beyond', () => {
  const epoch = Math.floor(NOW_MS / RELAY_EPOCH_MS);
  assert.equal(relayStanding(epoch, NOW_MS), 'current');
  assert.equal(relayStanding(epoch - RELAY_EPOCH_SKEW_MAX, NOW_MS), 'current');
  assert.equal(relayStanding(epoch + RELAY_EPOCH_SKEW_MAX + 1, NOW_MS), 'stale');
  assert.equal(relayStanding(epoch - RELAY_EPOCH_FORGED_MIN, NOW_MS), 'forged');
  assert.equal(relayStanding(3, NOW_MS), 'forged');
});

test('other topics and malformed votes: the hash of the bytes', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  assert.equal(toHex(gossipMessageId(false, bytes, NOW_MS)), toHex(gossipMessageId(true, bytes, NOW_MS)));
});
