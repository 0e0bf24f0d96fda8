// Peer scoring and request rate limits with a hand-driven clock (src/p2p/peer-scores.ts, rate-limit.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerIdFromString } from '@libp2p/peer-id';
import { INVALID_FORGIVE_MS, INVALID_STRIKES_TO_BAN, PEER_BAN_MS, SCORED_PEERS_MAX } from '../../src/p2p/limits.ts';
import { DEFAULT_PEER_SCORING, PeerScores } from '../../src/p2p/peer-scores.ts';
import { PeerRateLimiter } from '../../src/p2p/rate-limit.ts';

test('the documented numbers', () => {
  assert.deepEqual(DEFAULT_PEER_SCORING, { strikesToBan: 10, forgiveMs: 60_000, banMs: 600_000 });
  assert.equal(INVALID_STRIKES_TO_BAN, 10);
  assert.equal(INVALID_FORGIVE_MS, 60_000);
  assert.equal(PEER_BAN_MS, 600_000);
});

test('strikes add up to a ban, which ends after banMs', () => {
  let now = 1_000;
  const scores = new PeerScores({ strikesToBan: 3, forgiveMs: 1_000, banMs: 5_000 }, () => now);
  assert.equal(scores.strike('a'), false);
  assert.equal(scores.strike('a'), false);
  assert.equal(scores.strikes('a'), 2);
  assert.equal(scores.isBanned('a'), false);
  assert.equal(scores.strike('a'), true, 'the third strike bans');
  assert.equal(scores.isBanned('a'), true);
  assert.equal(scores.strike('a'), false, 'strikes while banned change nothing');
  assert.equal(scores.isBanned('b'), false);
  now += 4_999;
  assert.equal(scores.isBanned('a'), true);
  now += 1;
  assert.equal(scores.isBanned('a'), false);
  assert.equal(scores.strikes('a'), 0, 'a ban ends with a clean slate');
});

test('one strike is forgiven every forgiveMs', () => {
  let now = 0;
  const scores = new PeerScores({ strikesToBan: 3, forgiveMs: 1_000, banMs: 5_000 }, () => now);
  scores.strike('a');
  scores.strike('a');
  now += 1_500;
  assert.equal(scores.strikes('a'), 1);
  assert.equal(scores.strike('a'), false, '2 strikes after forgiveness, below 3');
  now += 500;
  assert.equal(scores.strikes('a'), 1, 'the half interval left over still counts');
  now += 10_000;
  assert.equal(scores.strikes('a'), 0);
});

test('the gater refuses banned peers both ways', () => {
  const id = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN';
  const scores = new PeerScores({ strikesToBan: 1, forgiveMs: 1_000, banMs: 5_000 });
  const gater = scores.gater();
  const peerId = peerIdFromString(id);
  assert.equal(gater.denyDialPeer?.(peerId), false);
  scores.strike(id);
  assert.equal(gater.denyDialPeer?.(peerId), true);
  assert.ok(gater.denyInboundEncryptedConnection !== undefined && gater.denyOutboundEncryptedConnection !== undefined);
});

test('memory stays bounded: the least recently scored unbanned records go first', () => {
  const scores = new PeerScores({ strikesToBan: 2, forgiveMs: 1_000_000, banMs: 1_000_000 });
  scores.strike('banned');
  scores.strike('banned');
  for (let i = 0; i < SCORED_PEERS_MAX + 10; i++) scores.strike(`p${i}`);
  assert.equal(scores.isBanned('banned'), true, 'a ban outlives the churn');
  assert.equal(scores.strikes('p0'), 0, 'the oldest record was dropped');
  assert.equal(scores.strikes(`p${SCORED_PEERS_MAX + 9}`), 1);
});

test('the request rate limiter allows a burst, then the rate', () => {
  let now = 0;
  const limiter = new PeerRateLimiter(3, 2, () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a')), [true, true, true, false]);
  assert.equal(limiter.take('b'), true, 'peers have their own buckets');
  now += 499;
  assert.equal(limiter.take('a'), false);
  now += 1;
  assert.equal(limiter.take('a'), true, 'one token per 500 ms at 2 per second');
  now += 60_000;
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a')), [true, true, true, false], 'refills up to the burst only');
});
