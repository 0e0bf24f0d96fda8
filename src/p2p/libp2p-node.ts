/**
 * The libp2p node every Agora host runs (spec/p2p.md §Transport): TCP, Noise, yamux, identify and
 * gossipsub with unsigned messages. Kept apart from host.ts so tests can build a raw node with the
 * same stack to play a misbehaving peer.
 */
import './polyfill.ts';
import { gossipsub, type GossipSub, type GossipsubMessage, type TopicValidatorResult } from '@libp2p/gossipsub';
import { identify, type Identify } from '@libp2p/identify';
import type { ConnectionGater, Ed25519PrivateKey, PeerId } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { createLibp2p, type Libp2p } from 'libp2p';
import { CONNECTIONS_MAX, DIAL_TIMEOUT_MS, GOSSIP_OUTBOUND_BUFFER_BYTES_MAX, GOSSIP_RPC_BYTES_MAX } from './limits.ts';

/** Gossipsub as built here: `asyncValidation` is on, so the host reports a verdict on each message. */
export interface ValidatingGossipSub extends GossipSub {
  reportMessageValidationResult(msgId: string, propagationSource: string, acceptance: TopicValidatorResult): void;
}

// A type alias, not an interface: libp2p's ServiceMap is a Record, which interfaces do not satisfy.
export type AgoraServices = {
  pubsub: GossipSub;
  identify: Identify;
};

export type AgoraLibp2p = Libp2p<AgoraServices>;
export type { GossipsubMessage, PeerId };

export interface Libp2pNodeOptions {
  privateKey: Ed25519PrivateKey;
  /** Listen multiaddr, e.g. `/ip4/127.0.0.1/tcp/0`. */
  listen: string;
  connectionGater?: ConnectionGater;
  /** The gossip id of a message (src/p2p/message-id.ts); gossipsub's default (hash of the bytes) when absent. */
  messageId?: (topic: string, data: Uint8Array) => Uint8Array;
}

export async function createLibp2pNode(options: Libp2pNodeOptions): Promise<AgoraLibp2p> {
  return createLibp2p<AgoraServices>({
    start: false,
    privateKey: options.privateKey,
    addresses: { listen: [options.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: options.connectionGater,
    connectionManager: { maxConnections: CONNECTIONS_MAX, dialTimeout: DIAL_TIMEOUT_MS },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        // Our messages carry our own signatures (spec/p2p.md §Topics): libp2p's would only add bytes.
        globalSignaturePolicy: 'StrictNoSign',
        // A message is forwarded only after the host's handler accepted it.
        asyncValidation: true,
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        emitSelf: false,
        maxInboundDataLength: GOSSIP_RPC_BYTES_MAX,
        maxOutboundBufferSize: GOSSIP_OUTBOUND_BUFFER_BYTES_MAX,
        ...(options.messageId === undefined ? {} : { msgIdFn: (message: { topic: string; data: Uint8Array }) => (options.messageId as NonNullable<typeof options.messageId>)(message.topic, message.data) }),
      }),
    },
  });
}

export function isValidatingGossipSub(pubsub: GossipSub): pubsub is ValidatingGossipSub {
  return typeof (pubsub as Partial<ValidatingGossipSub>).reportMessageValidationResult === 'function';
}
