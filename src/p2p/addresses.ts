/**
 * Addresses in the forms the node's config uses: `host:port` to listen on, and multiaddrs with a
 * `/p2p/<peer id>` part for static peers (spec/p2p.md §Transport).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { peerIdFromString } from '@libp2p/peer-id';
import type { PeerId } from '@libp2p/interface';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { P2PError } from './errors.ts';

/** `127.0.0.1:26656`, `0.0.0.0:0` or `[::1]:26656` → `/ip4/…/tcp/…` (port 0: any free port). */
export function listenMultiaddr(hostPort: string): string {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(hostPort);
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || port > 65_535) throw new P2PError('bad_address', `listen address "${hostPort}" is not host:port with an IP address`);
  if (match[1] !== undefined && isIPv6(match[1])) return `/ip6/${match[1]}/tcp/${port}`;
  if (match[2] !== undefined && isIPv4(match[2])) return `/ip4/${match[2]}/tcp/${port}`;
  throw new P2PError('bad_address', `listen address "${hostPort}" is not host:port with an IP address`);
}

/** The multiaddr other nodes dial to reach `peerId` listening on `hostPort`. */
export function peerMultiaddr(hostPort: string, peerId: string): string {
  return `${listenMultiaddr(hostPort)}/p2p/${peerId}`;
}

export interface StaticPeer {
  address: Multiaddr;
  peerId: PeerId;
}

/** Parses a static peer's multiaddr, which must end in `/p2p/<peer id>`. */
export function parsePeerAddress(text: string): StaticPeer {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch (error) {
    throw new P2PError('bad_peer', `peer address "${text}" is not a multiaddr: ${(error as Error).message}`);
  }
  const id = address.getComponents().findLast((component) => component.name === 'p2p')?.value;
  if (id === undefined) throw new P2PError('bad_peer', `peer address "${text}" has no /p2p/<peer id> part`);
  try {
    return { address, peerId: peerIdFromString(id) };
  } catch (error) {
    throw new P2PError('bad_peer', `peer address "${text}" has a bad peer id: ${(error as Error).message}`);
  }
}
