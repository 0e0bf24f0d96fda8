import { decodeEvidence, encodeEvidence, evidenceId, offenceKey, type Evidence, type ProposalEquivocationEvidence } from '../chain/evidence.ts';
import { EVIDENCE_AGE_MAX_HEIGHTS } from '../chain/limits.ts';
import { PENDING_EVIDENCE_MAX } from './limits.ts';

/** What the pool needs of the store (spec/store.md bucket `evidence-pending`): one put or remove each, awaited until flushed. */
export interface PendingEvidenceStore {
  loadPendingEvidence(): Uint8Array[];
  savePendingEvidence(offence: string, bytes: Uint8Array): Promise<void>;
  removePendingEvidence(offences: readonly string[]): Promise<void>;
}

interface Pending {
  evidence: Evidence;
  bytes: Uint8Array;
  id: string;
}

/**
 * Verified evidence not yet committed (spec/node.md §Evidence), one piece per offence, at most
 * PENDING_EVIDENCE_MAX: past it a new piece is dropped (not kept, not forwarded; gossip brings it
 * again once room is made). Kept in the store, so a restart keeps it; it leaves when a block commits
 * its offence (in that block's store transaction) or when it grows too old to be committed.
 * Callers verify before adding (EvidenceIntake): the pool holds no unchecked piece.
 */
export class EvidencePool {
  private readonly pieces = new Map<string, Pending>();
  private readonly store: PendingEvidenceStore | null;
  private readonly onError: (error: unknown) => void;

  constructor(store: PendingEvidenceStore | null = null, onError: (error: unknown) => void = () => {}) {
    this.store = store;
    this.onError = onError;
    for (const bytes of store?.loadPendingEvidence() ?? []) {
      const evidence = decodeEvidence(bytes);
      this.pieces.set(offenceKey(evidence), { evidence, bytes, id: evidenceId(bytes) });
    }
  }

  get size(): number {
    return this.pieces.size;
  }

  has(offence: string): boolean {
    return this.pieces.has(offence);
  }

  /** Keeps verified `evidence` unless its offence is held or the pool is full; returns its bytes when kept, else null. */
  add(evidence: Evidence): Uint8Array | null {
    const offence = offenceKey(evidence);
    if (this.pieces.has(offence) || this.pieces.size >= PENDING_EVIDENCE_MAX) return null;
    const bytes = encodeEvidence(evidence);
    this.pieces.set(offence, { evidence, bytes, id: evidenceId(bytes) });
    this.store?.savePendingEvidence(offence, bytes).catch(this.onError);
    return bytes;
  }

  /** The bytes for a proposer's block, oldest offence first (height, then offence): at most `limit`. */
  pending(limit: number): Uint8Array[] {
    return [...this.pieces.entries()]
      .sort(([a, x], [b, y]) => x.evidence.height - y.evidence.height || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([, piece]) => piece.bytes);
  }

  /**
   * Block `height` committed `offences` (the store removed them in the block's transaction): forget
   * them, and every piece too old for block height + 1 (removed from the store here).
   */
  afterCommit(offences: readonly string[], height: number): void {
    for (const offence of offences) this.pieces.delete(offence);
    const stale = [...this.pieces].filter(([, piece]) => height + 1 - piece.evidence.height > EVIDENCE_AGE_MAX_HEIGHTS).map(([offence]) => offence);
    for (const offence of stale) this.pieces.delete(offence);
    if (stale.length > 0) this.store?.removePendingEvidence(stale).catch(this.onError);
  }

  /** The pending proposal-equivocation pieces (tests and metrics). */
  proposals(): ProposalEquivocationEvidence[] {
    return [...this.pieces.values()].map((p) => p.evidence).filter((e): e is ProposalEquivocationEvidence => e.kind === 'proposalEquivocation');
  }

  /** Every pending piece, oldest first. */
  all(): Evidence[] {
    return this.pending(PENDING_EVIDENCE_MAX).map(decodeEvidence);
  }
}
