/**
 * The libp2p node every Agora host runs (spec/p2p.md §Transport): TCP, Noise, yamux, identify and
 * two gossipsub routers with unsigned messages, one for txs and one for consensus (§3.4), so that a
 * proposal never queues behind tx traffic. Kept apart from host.ts so tests can build a raw node
 * with the same stack to play a misbehaving peer.
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
  /** Gossipsub on the standard `/meshsub/*` protocols: the tx topic. */
  txGossip: GossipSub;
  /** Gossipsub on CONSENSUS_GOSSIP_PROTOCOL: proposals, votes, evidence (spec/p2p.md §3.4). */
  consensusGossip: GossipSub;
  identify: Identify;
};

/**
 * The consensus router's protocol. Its own protocol id gives it its own stream to each peer, with its
 * own queue in gossipsub and its own flow-control window in yamux: a proposal published behind
 * megabytes of tx batches is not behind them on the wire (measured in test/p2p/priority.test.ts).
 */
export const CONSENSUS_GOSSIP_PROTOCOL = '/agora/consensus-meshsub/1.1.0';

/** The gossip topics that travel on the consensus router; the rest (txs) on the tx router. */
export const CONSENSUS_TOPICS: ReadonlySet<string> = new Set(['proposals', 'votes', 'evidence']);

/** The router that carries `topic` (a GossipTopic: 'txs', 'proposals', 'votes', 'evidence'). */
export function gossipRouterFor(libp2p: AgoraLibp2p, topic: string): GossipSub {
  return CONSENSUS_TOPICS.has(topic) ? libp2p.services.consensusGossip : libp2p.services.txGossip;
}

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

type GossipFactory = ReturnType<typeof gossipsub>;

/**
 * A gossipsub router on `protocol` alone. @libp2p/gossipsub 17 declares a `protocols` option but
 * never reads it (its field starts as the `/meshsub/*` ladder); the field is public and read only
 * when the router starts, so it is set here, right after construction. A protocol off gossipsub's
 * version ladder gets no v1.2 features (IDONTWANT), which consensus messages, sent once, do not need.
 */
function onProtocol(factory: GossipFactory, protocol: string): GossipFactory {
  return (components) => {
    const router = factory(components);
    router.protocols = [protocol];
    return router;
  };
}

export async function createLibp2pNode(options: Libp2pNodeOptions): Promise<AgoraLibp2p> {
  const routerOptions = {
    // Our messages carry our own signatures (spec/p2p.md §Topics): libp2p's would only add bytes.
    globalSignaturePolicy: 'StrictNoSign' as const,
    // A message is forwarded only after the host's handler accepted it.
    asyncValidation: true,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    emitSelf: false,
    maxInboundDataLength: GOSSIP_RPC_BYTES_MAX,
    maxOutboundBufferSize: GOSSIP_OUTBOUND_BUFFER_BYTES_MAX,
    ...(options.messageId === undefined ? {} : { msgIdFn: (message: { topic: string; data: Uint8Array }) => (options.messageId as NonNullable<typeof options.messageId>)(message.topic, message.data) }),
  };
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
      txGossip: gossipsub(routerOptions),
      consensusGossip: onProtocol(gossipsub({ ...routerOptions, debugName: 'libp2p:gossipsub:consensus' }), CONSENSUS_GOSSIP_PROTOCOL),
    },
  });
}

export function isValidatingGossipSub(pubsub: GossipSub): pubsub is ValidatingGossipSub {
  return typeof (pubsub as Partial<ValidatingGossipSub>).reportMessageValidationResult === 'function';
}
