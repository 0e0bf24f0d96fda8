/** The networking layer's public API (spec/p2p.md). */
export { createP2PHost, type P2PHandlers, type P2PHost, type P2PHostOptions, type PeerStatus } from './host.ts';
export type { GossipTopic, HandlerResult, Verdict } from './gossip.ts';
export { topicName } from './gossip.ts';
export * from './messages.ts';
export { newPeerKeySeed, peerIdFromSeed, peerKeyFromSeed, PEER_KEY_SEED_BYTES } from './peer-key.ts';
export { listenMultiaddr, parsePeerAddress, peerMultiaddr } from './addresses.ts';
export { P2PError } from './errors.ts';
export type { PeerScoringOptions } from './peer-scores.ts';
export type { RedialOptions } from './redial.ts';
