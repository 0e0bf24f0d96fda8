/**
 * A token bucket per peer for the request protocols (spec/p2p.md §Limits): `burst` requests at
 * once, refilled at `perSecond`. Requests over the rate are refused (the stream is reset), not
 * counted as strikes: a node catching up asks as fast as it can and should not be banned for it.
 */
import { SCORED_PEERS_MAX } from './limits.ts';

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export class PeerRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perSecond: number;
  private readonly nowMs: () => number;

  constructor(burst: number, perSecond: number, nowMs: () => number = Date.now) {
    if (!(burst >= 1 && perSecond > 0)) throw new RangeError('rate limit must be positive');
    this.burst = burst;
    this.perSecond = perSecond;
    this.nowMs = nowMs;
  }

  /** Takes one token for `peer`; false when the peer is over its rate. */
  take(peer: string): boolean {
    const now = this.nowMs();
    const bucket = this.buckets.get(peer) ?? { tokens: this.burst, updatedAtMs: now };
    this.buckets.delete(peer);
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAtMs) * this.perSecond) / 1000);
    bucket.updatedAtMs = now;
    this.buckets.set(peer, bucket);
    if (this.buckets.size > SCORED_PEERS_MAX) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
