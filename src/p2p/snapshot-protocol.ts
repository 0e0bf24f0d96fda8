/**
 * The state-sync protocols (spec/p2p.md §5): `/agora/<chainId>/snapshot-offer/1` answers what snapshot
 * this node serves, `/agora/<chainId>/snapshot-chunk/1` one chunk of it. Request/response as block
 * sync: one frame each way, bounded from the length prefix, a deadline on the whole exchange,
 * requests rate-limited with the other protocols. A malformed request or response is a strike; a
 * snapshot that decodes but fails the node's checks is reported by the node (SNAPSHOT_BAD_STRIKES).
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { PeerId } from '@libp2p/interface';
import type { Logger } from 'pino';
import type { SnapshotChunk, SnapshotOffer } from '../chain/state-snapshot.ts';
import { CodecError } from '../codec/errors.ts';
import type { AgoraLibp2p } from './libp2p-node.ts';
import {
  SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX,
  SNAPSHOT_CHUNK_REQUEST_BYTES_MAX,
  SNAPSHOT_OFFER_BYTES_MAX,
  SNAPSHOT_OFFER_REQUEST_BYTES_MAX,
  SNAPSHOT_REQUEST_TIMEOUT_MS,
} from './limits.ts';
import * as messages from './snapshot-messages.ts';
import { MalformedFrame, sendRequest, serveRequests } from './request-response.ts';

export interface SnapshotHandlers {
  /** The snapshot this node serves (it freezes one at its tip), or null (at genesis, or not serving). */
  getSnapshotOffer(): SnapshotOffer | null;
  /** Chunk `index` of the snapshot of `height`, or null when it holds no such snapshot any more. */
  getSnapshotChunk(height: number, index: number): SnapshotChunk | null;
}

export interface SnapshotProtocolOptions {
  libp2p: AgoraLibp2p;
  chainId: string;
  handlers: Partial<SnapshotHandlers>;
  /** The request-rate limiter shared with the other request protocols. */
  mayServe: (peer: string) => boolean;
  strike: (peer: string, reason: string) => void;
  log: Logger;
}

export class SnapshotProtocol {
  private readonly options: SnapshotProtocolOptions;
  private readonly protocols: { offer: string; chunk: string };

  constructor(options: SnapshotProtocolOptions) {
    this.options = options;
    this.protocols = { offer: `/agora/${options.chainId}/snapshot-offer/1`, chunk: `/agora/${options.chainId}/snapshot-chunk/1` };
  }

  /** Registers both responders; before libp2p starts, so identify lists them. */
  async serve(): Promise<void> {
    const { libp2p, strike, log } = this.options;
    for (const [name, protocol, requestBytesMax] of [
      ['snapshot-offer', this.protocols.offer, SNAPSHOT_OFFER_REQUEST_BYTES_MAX],
      ['snapshot-chunk', this.protocols.chunk, SNAPSHOT_CHUNK_REQUEST_BYTES_MAX],
    ] as const) {
      await serveRequests(libp2p, {
        protocol,
        requestBytesMax,
        timeoutMs: SNAPSHOT_REQUEST_TIMEOUT_MS,
        respond: async (request, peer) => this.answer(name, request, peer),
        onInvalid: (peer, reason) => strike(peer.toString(), `${name} request: ${reason}`),
        onError: (error, peer) => log.debug({ err: error, peer: peer.toString() }, `${name} request failed`),
      });
    }
  }

  /** The peer's offer; null when it has none or did not answer (a malformed answer is also a strike). */
  async requestOffer(peer: string): Promise<SnapshotOffer | null> {
    const bytes = await this.request(peer, this.protocols.offer, messages.encodeSnapshotOfferRequest(), SNAPSHOT_OFFER_BYTES_MAX, 'snapshot-offer');
    return bytes === null ? null : this.decoded(peer, 'snapshot-offer', () => messages.decodeSnapshotOffer(bytes));
  }

  /** Chunk `index` of the peer's snapshot of `height`; null when it did not answer, or answered another chunk. */
  async requestChunk(peer: string, height: number, index: number): Promise<SnapshotChunk | null> {
    const bytes = await this.request(peer, this.protocols.chunk, messages.encodeSnapshotChunkRequest({ height, index }), SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX, 'snapshot-chunk');
    return bytes === null ? null : this.decoded(peer, 'snapshot-chunk', () => messages.decodeSnapshotChunk(bytes));
  }

  private async request(peer: string, protocol: string, request: Uint8Array, responseBytesMax: number, name: string): Promise<Uint8Array | null> {
    try {
      return await sendRequest(this.options.libp2p, peerIdFromString(peer), request, { protocol, responseBytesMax, timeoutMs: SNAPSHOT_REQUEST_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof MalformedFrame) this.options.strike(peer, `${name} response: ${error.message}`);
      else this.options.log.debug({ err: error, peer }, `${name} request failed`);
      return null;
    }
  }

  private decoded<T>(peer: string, name: string, decode: () => T): T | null {
    try {
      return decode();
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
      this.options.strike(peer, `${name} response: ${error.message}`);
      return null;
    }
  }

  /** An answer, or a refusal (null: the stream is reset, no strike) when over the rate or holding nothing to serve. */
  private async answer(name: 'snapshot-offer' | 'snapshot-chunk', bytes: Uint8Array, peerId: PeerId): Promise<Uint8Array | null> {
    const peer = peerId.toString();
    const { handlers } = this.options;
    if (!this.options.mayServe(peer)) return null;
    try {
      if (name === 'snapshot-offer') {
        messages.decodeSnapshotOfferRequest(bytes);
        return messages.encodeSnapshotOffer(handlers.getSnapshotOffer?.() ?? null);
      }
      const request = messages.decodeSnapshotChunkRequest(bytes);
      const chunk = handlers.getSnapshotChunk?.(request.height, request.index) ?? null;
      return chunk === null ? null : messages.encodeSnapshotChunk(chunk);
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
      this.options.strike(peer, `${name} request: ${error.message}`);
      return null;
    }
  }
}
