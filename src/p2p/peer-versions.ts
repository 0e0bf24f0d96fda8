/**
 * Peers of another header format version (spec/p2p.md §5, spec/chain.md §Versions). Such a peer is an
 * honest node of another release, not a liar: it reads and serves headers this node cannot read. The
 * host learns it from the peer's status or from the blocks it serves, leaves the peer out of block
 * sync while it is connected, and says so once in the log, naming both versions and what to do.
 */
import type { Logger } from 'pino';
import { HEADER_FORMAT_VERSION } from '../chain/versions.ts';

/** Where the peer's version was learnt. */
export type VersionSeenIn = 'status' | 'blocks';

/** What to do about a peer of header format `version`, said to the operator of this node. */
export function otherVersionRemedy(version: number): string {
  return version > HEADER_FORMAT_VERSION
    ? `upgrade agora to a release of header format ${version} if this chain has moved to it, or sync from a peer of format ${HEADER_FORMAT_VERSION}`
    : `the peer runs an earlier release; sync from a peer of format ${HEADER_FORMAT_VERSION}, or have the peer upgrade`;
}

/** Connected peers known to be of another header format version; bounded by the connected peers (forget on disconnect). */
export class PeerVersions {
  private readonly others = new Map<string, number>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  /** `peer` is of header format `version`, not ours: remembered, and logged at warn the first time. */
  noteOther(peer: string, version: number, seenIn: VersionSeenIn): void {
    if (version === HEADER_FORMAT_VERSION || this.others.has(peer)) return;
    this.others.set(peer, version);
    this.log.warn(
      { peer, peerVersion: version, ourVersion: HEADER_FORMAT_VERSION, seenIn },
      `peer ${peer} is of header format version ${version}, this node reads version ${HEADER_FORMAT_VERSION}: left out of block sync; ${otherVersionRemedy(version)}`,
    );
  }

  isOther(peer: string): boolean {
    return this.others.has(peer);
  }

  forget(peer: string): void {
    this.others.delete(peer);
  }
}
