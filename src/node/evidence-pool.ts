import type { SignedProposal } from '../consensus/index.ts';
import { PROPOSAL_EVIDENCE_MAX } from './limits.ts';

/**
 * Proof that a proposer signed two different proposals for one (height, round): both signed
 * proposals, each already checked against the proposer's key (spec/node.md §Evidence). Later work
 * gossips these and commits them in blocks (issue 12, "Evidence that counts").
 */
export interface ProposalEvidence {
  readonly proposer: string;
  readonly height: number;
  readonly round: number;
  readonly first: SignedProposal;
  readonly second: SignedProposal;
}

/**
 * The proposal-equivocation evidence this node has seen, one record per (proposer, height, round),
 * at most PROPOSAL_EVIDENCE_MAX, the oldest dropped first (spec/limits.md §Node). In memory: a
 * restart forgets it, as it forgets the proposals themselves.
 */
export class EvidencePool {
  private readonly records = new Map<string, ProposalEvidence>();

  /** Keeps the record unless one for the same offence is held; returns whether it was new. */
  addProposals(first: SignedProposal, second: SignedProposal): boolean {
    if (first.proposer !== second.proposer || first.height !== second.height || first.round !== second.round) throw new RangeError('evidence needs two proposals of one proposer for one (height, round)');
    if (first.blockHash === second.blockHash) throw new RangeError('two proposals of one block are no evidence');
    const key = `${first.proposer}/${first.height}/${first.round}`;
    if (this.records.has(key)) return false;
    if (this.records.size >= PROPOSAL_EVIDENCE_MAX) this.records.delete(this.records.keys().next().value as string);
    this.records.set(key, { proposer: first.proposer, height: first.height, round: first.round, first, second });
    return true;
  }

  proposals(): ProposalEvidence[] {
    return [...this.records.values()];
  }
}
