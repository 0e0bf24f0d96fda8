/**
 * The txs side of compact proposals (spec/p2p.md §3.5): keeps the txs of recent proposals, rebuilds a
 * compact proposal's block from the txs held here and those asked of the peer that sent it, and
 * answers such requests from peers. An answer that is not exactly the txs asked for is a strike; a
 * refusal or a timeout is not (the txs may have left with a commit).
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { PeerId } from '@libp2p/interface';
import type { Logger } from 'pino';
import { CodecError } from '../codec/errors.ts';
import * as compact from './compact-proposal.ts';
import type { AgoraLibp2p } from './libp2p-node.ts';
import { PROPOSAL_BLOCKS_KEPT, PROPOSAL_TXS_REQUEST_BYTES_MAX, PROPOSAL_TXS_REQUEST_TIMEOUT_MS, PROPOSAL_TXS_RESPONSE_BYTES_MAX } from './limits.ts';
import type { ProposalMessage } from './messages.ts';
import { MalformedFrame, sendRequest, serveRequests } from './request-response.ts';

export interface ProposalTxsOptions {
  libp2p: AgoraLibp2p;
  /** `/agora/<chainId>/proposal-txs/1`. */
  protocol: string;
  /** The node's txs of these ids (its mempool), in order; undefined for one it lacks. */
  getTxs: (ids: readonly string[]) => (Uint8Array | undefined)[];
  /** The request-rate limiter shared with the other request protocols. */
  mayServe: (peer: string) => boolean;
  strike: (peer: string, reason: string) => void;
  log: Logger;
}

export class ProposalTxs {
  private readonly options: ProposalTxsOptions;
  /** The txs of the last PROPOSAL_BLOCKS_KEPT proposals published or rebuilt here, by block hash. */
  private readonly kept = new Map<string, Map<string, Uint8Array>>();

  constructor(options: ProposalTxsOptions) {
    this.options = options;
  }

  /** Registers the responder; before libp2p starts, so identify lists the protocol. */
  async serve(): Promise<void> {
    const { libp2p, protocol, strike, log } = this.options;
    await serveRequests(libp2p, {
      protocol,
      requestBytesMax: PROPOSAL_TXS_REQUEST_BYTES_MAX,
      timeoutMs: PROPOSAL_TXS_REQUEST_TIMEOUT_MS,
      respond: (request, peer) => this.answer(request, peer),
      onInvalid: (peer, reason) => strike(peer.toString(), `proposal-txs request: ${reason}`),
      onError: (error, peer) => log.debug({ err: error, peer: peer.toString() }, 'proposal-txs request failed'),
    });
  }

  /** Keeps a proposal's txs to serve peers rebuilding it; the oldest of more than PROPOSAL_BLOCKS_KEPT go. */
  keep(hash: string, txs: readonly Uint8Array[]): void {
    if (this.kept.has(hash)) return;
    this.kept.set(hash, new Map(txs.map((tx) => [compact.txId(tx), tx])));
    for (const old of this.kept.keys()) {
      if (this.kept.size <= PROPOSAL_BLOCKS_KEPT) break;
      this.kept.delete(old);
    }
  }

  /**
   * A compact proposal's block: the txs held here, the rest asked of the peer that sent it — an
   * honest peer forwards a proposal only after rebuilding it, so it holds them all. Null when the
   * block cannot be had (the proposal is then ignored).
   */
  async rebuild(message: compact.CompactProposalMessage, peer: string): Promise<ProposalMessage | null> {
    const txs = this.held(message.txIds);
    const missing = message.txIds.filter((_, i) => txs[i] === undefined);
    if (missing.length > 0) {
      const fetched = await this.fetch({ blockHash: message.proposal.blockHash, txIds: missing }, peer, message.proposal.height);
      if (fetched === null) return null;
      let next = 0;
      for (let i = 0; i < txs.length; i++) if (txs[i] === undefined) txs[i] = fetched[next++];
    }
    const block = compact.rebuildBlock(message, txs);
    if (block === null) return null;
    this.keep(message.proposal.blockHash, block.txs);
    return { proposal: message.proposal, block };
  }

  private async fetch(request: compact.ProposalTxsRequest, peer: string, height: number): Promise<Uint8Array[] | null> {
    const { libp2p, protocol, strike, log } = this.options;
    try {
      const response = await sendRequest(libp2p, peerIdFromString(peer), compact.encodeProposalTxsRequest(request), {
        protocol,
        responseBytesMax: PROPOSAL_TXS_RESPONSE_BYTES_MAX,
        timeoutMs: PROPOSAL_TXS_REQUEST_TIMEOUT_MS,
      });
      return compact.decodeProposalTxsResponse(response, request);
    } catch (error) {
      if (error instanceof MalformedFrame || error instanceof CodecError) strike(peer, `proposal-txs response: ${error.message}`);
      else log.debug({ err: error, peer, height }, 'cannot fetch a proposal\'s missing txs');
      return null;
    }
  }

  /** The txs of `ids` held here: the node's (mempool), else those of recent proposals. */
  private held(ids: readonly string[]): (Uint8Array | undefined)[] {
    const fromNode = this.options.getTxs(ids);
    return ids.map((id, i) => {
      if (fromNode[i] !== undefined) return fromNode[i];
      for (const txs of this.kept.values()) {
        const tx = txs.get(id);
        if (tx !== undefined) return tx;
      }
      return undefined;
    });
  }

  /** Every tx asked for, or a refusal (null, no strike). */
  private async answer(bytes: Uint8Array, peerId: PeerId): Promise<Uint8Array | null> {
    const peer = peerId.toString();
    if (!this.options.mayServe(peer)) return null;
    let request: compact.ProposalTxsRequest;
    try {
      request = compact.decodeProposalTxsRequest(bytes);
    } catch (error) {
      this.options.strike(peer, `proposal-txs request: ${(error as Error).message}`);
      return null;
    }
    const txs = this.held(request.txIds);
    if (txs.some((tx) => tx === undefined)) return null;
    return compact.encodeProposalTxsResponse({ txs: txs as Uint8Array[] });
  }
}
