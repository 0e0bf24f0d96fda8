/**
 * Strikes against peers that send invalid messages, and bans (spec/p2p.md §Validation and peer
 * scoring). A strike is one malformed or rejected message; strikes are forgiven one per
 * `forgiveMs`; at `strikesToBan` the peer is banned for `banMs`: the host hangs up on it and the
 * connection gater refuses it both ways until the ban ends.
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface';
import { INVALID_FORGIVE_MS, INVALID_STRIKES_TO_BAN, PEER_BAN_MS, SCORED_PEERS_MAX } from './limits.ts';

export interface PeerScoringOptions {
  strikesToBan: number;
  forgiveMs: number;
  banMs: number;
}

export const DEFAULT_PEER_SCORING: PeerScoringOptions = {
  strikesToBan: INVALID_STRIKES_TO_BAN,
  forgiveMs: INVALID_FORGIVE_MS,
  banMs: PEER_BAN_MS,
};

interface PeerRecord {
  strikes: number;
  /** When the strike count was last brought up to date. */
  updatedAtMs: number;
  /** 0 when not banned. */
  bannedUntilMs: number;
}

export class PeerScores {
  private readonly records = new Map<string, PeerRecord>();
  private readonly options: PeerScoringOptions;
  private readonly nowMs: () => number;

  constructor(options: PeerScoringOptions, nowMs: () => number = Date.now) {
    if (!(options.strikesToBan >= 1 && options.forgiveMs > 0 && options.banMs > 0)) throw new RangeError('peer scoring options must be positive');
    this.options = options;
    this.nowMs = nowMs;
  }

  /** Adds `count` strikes; returns true when they ban the peer. */
  strike(peer: string, count = 1): boolean {
    if (!(Number.isSafeInteger(count) && count >= 1)) throw new RangeError('a peer is struck a positive whole number of times');
    const record = this.current(peer);
    if (this.isBannedRecord(record)) return false;
    record.strikes += count;
    if (record.strikes < this.options.strikesToBan) return false;
    record.strikes = 0;
    record.bannedUntilMs = this.nowMs() + this.options.banMs;
    return true;
  }

  strikes(peer: string): number {
    return this.records.has(peer) ? this.current(peer).strikes : 0;
  }

  isBanned(peer: string): boolean {
    const record = this.records.get(peer);
    return record !== undefined && this.isBannedRecord(record);
  }

  /** The libp2p connection gater that refuses banned peers, inbound and outbound. */
  gater(): ConnectionGater {
    const refuse = (peerId: PeerId): boolean => this.isBanned(peerId.toString());
    return {
      denyDialPeer: refuse,
      denyInboundEncryptedConnection: refuse,
      denyOutboundEncryptedConnection: refuse,
    };
  }

  private isBannedRecord(record: PeerRecord): boolean {
    return record.bannedUntilMs > this.nowMs();
  }

  /** The peer's record with forgiven strikes removed, moved to the back of the eviction order. */
  private current(peer: string): PeerRecord {
    const now = this.nowMs();
    let record = this.records.get(peer);
    if (record === undefined) {
      record = { strikes: 0, updatedAtMs: now, bannedUntilMs: 0 };
    } else {
      this.records.delete(peer);
      const forgiven = Math.floor((now - record.updatedAtMs) / this.options.forgiveMs);
      if (forgiven > 0) {
        record.strikes = Math.max(0, record.strikes - forgiven);
        record.updatedAtMs += forgiven * this.options.forgiveMs;
      }
      if (record.strikes === 0) record.updatedAtMs = now;
    }
    this.records.set(peer, record);
    this.evict();
    return record;
  }

  /** Bounds memory: drops the least recently scored peers, unbanned ones first. */
  private evict(): void {
    if (this.records.size <= SCORED_PEERS_MAX) return;
    for (const [peer, record] of this.records) {
      if (this.records.size <= SCORED_PEERS_MAX) return;
      if (!this.isBannedRecord(record)) this.records.delete(peer);
    }
    for (const peer of this.records.keys()) {
      if (this.records.size <= SCORED_PEERS_MAX) return;
      this.records.delete(peer);
    }
  }
}
