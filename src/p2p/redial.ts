/**
 * Keeps the node connected to its static peers (spec/p2p.md §Reconnection). Nodes start in any
 * order and a peer may be down for a while, so each static peer is dialed at start and, whenever
 * it is not connected, again after min(initialMs · 2^(failures), maxMs), ±20% jitter so restarted
 * nodes do not dial in lockstep. One timer per peer at most; nothing grows with time.
 */
import type { PeerId } from '@libp2p/interface';
import type { Logger } from 'pino';
import type { StaticPeer } from './addresses.ts';
import type { AgoraLibp2p } from './libp2p-node.ts';

export interface RedialOptions {
  initialMs: number;
  maxMs: number;
  dialTimeoutMs: number;
}

interface DialState {
  peer: StaticPeer;
  failures: number;
  timer: NodeJS.Timeout | null;
  dialing: boolean;
}

export class StaticPeerDialer {
  private readonly states = new Map<string, DialState>();
  private readonly libp2p: AgoraLibp2p;
  private readonly options: RedialOptions;
  private readonly log: Logger;
  private readonly isBanned: (peer: string) => boolean;
  private stopped = true;

  constructor(libp2p: AgoraLibp2p, peers: readonly StaticPeer[], options: RedialOptions, log: Logger, isBanned: (peer: string) => boolean) {
    this.libp2p = libp2p;
    this.options = options;
    this.log = log;
    this.isBanned = isBanned;
    for (const peer of peers) this.states.set(peer.peerId.toString(), { peer, failures: 0, timer: null, dialing: false });
  }

  start(): void {
    this.stopped = false;
    this.libp2p.addEventListener('peer:disconnect', this.onDisconnect);
    for (const id of this.states.keys()) void this.dial(id);
  }

  stop(): void {
    this.stopped = true;
    this.libp2p.removeEventListener('peer:disconnect', this.onDisconnect);
    for (const state of this.states.values()) {
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  private readonly onDisconnect = (event: CustomEvent<PeerId>): void => {
    const id = event.detail.toString();
    if (!this.states.has(id) || this.stopped) return;
    this.log.info({ peer: id }, 'static peer disconnected; redialing');
    this.schedule(id, this.options.initialMs);
  };

  private async dial(id: string): Promise<void> {
    const state = this.states.get(id);
    if (state === undefined || this.stopped || state.dialing) return;
    if (this.libp2p.getConnections(state.peer.peerId).length > 0) {
      state.failures = 0;
      return;
    }
    if (this.isBanned(id)) {
      this.schedule(id, this.options.maxMs);
      return;
    }
    state.dialing = true;
    try {
      await this.libp2p.dial(state.peer.address, { signal: AbortSignal.timeout(this.options.dialTimeoutMs) });
      if (state.failures > 0) this.log.info({ peer: id, failures: state.failures }, 'connected to static peer');
      state.failures = 0;
    } catch (error) {
      state.failures += 1;
      const delayMs = this.backoffMs(state.failures);
      // First failure and then every tenth: a peer down for an hour should not fill the log.
      if (state.failures === 1 || state.failures % 10 === 0) {
        this.log.warn({ peer: id, failures: state.failures, retryInMs: delayMs, err: (error as Error).message }, 'cannot reach static peer');
      }
      this.schedule(id, delayMs);
    } finally {
      state.dialing = false;
    }
  }

  private backoffMs(failures: number): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(base * (0.8 + 0.4 * Math.random()));
  }

  private schedule(id: string, delayMs: number): void {
    const state = this.states.get(id);
    if (state === undefined || this.stopped) return;
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.dial(id);
    }, delayMs);
    state.timer.unref();
  }
}
