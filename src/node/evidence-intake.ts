import { committedOffence } from '../chain/evidence-block.ts';
import { decodeEvidence, duplicateVoteEvidence, offenceKey, proposalEvidence, verifyEvidence, type Evidence } from '../chain/evidence.ts';
import { EVIDENCE_AGE_MAX_HEIGHTS } from '../chain/limits.ts';
import type { ChainValidator } from '../chain/validators.ts';
import { CodecError } from '../codec/errors.ts';
import type { SignedProposal, SignedVote } from '../consensus/index.ts';
import type { Verifier } from '../ledger/tx.ts';
import type { StateReader } from '../ledger/state.ts';
import type { EvidencePool } from './evidence-pool.ts';
import { FUTURE_HEIGHTS_BUFFERED } from './limits.ts';
import type { Verdict } from './net.ts';

const SIGNATURES_CHECKED: Verifier = () => true;

export interface EvidenceIntakeOptions {
  chainId: string;
  pool: EvidencePool;
  /** The committed state: an offence committed already is no news. */
  state: StateReader;
  /** The committed height. */
  height: () => number;
  validatorsAt: (height: number) => readonly ChainValidator[];
  verify: Verifier;
  /** Sends a newly kept piece found here to the peers (a peer's piece travels on by gossip itself). */
  publish: (bytes: Uint8Array) => void;
  onKept?: (evidence: Evidence, origin: 'peer' | 'local') => void;
  /** A piece refused as invalid (`reject`), with why: for the log. */
  onInvalid?: (code: string, message: string, origin: 'peer' | 'local') => void;
}

/**
 * The one way evidence enters the pool (spec/node.md §Evidence), from a peer's gossip or from this
 * node's own detection (two conflicting votes reaching the consensus core; two proposals of one
 * proposer reaching the inbound side). In order: decode; drop a held or committed offence before any
 * signature check; drop one of a height too far ahead or too old to commit (`ignore`: it depends on
 * our height); verify (a peer's invalid piece is `reject`, a strike); keep (`ignore` when full).
 */
export class EvidenceIntake {
  private readonly options: EvidenceIntakeOptions;

  constructor(options: EvidenceIntakeOptions) {
    this.options = options;
  }

  /** A piece from a peer's gossip (its bytes, the evidence message's payload). */
  fromPeer(bytes: Uint8Array): Verdict {
    let evidence: Evidence;
    try {
      evidence = decodeEvidence(bytes);
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
      this.options.onInvalid?.(error.code, error.message, 'peer');
      return 'reject';
    }
    return this.take(evidence, 'peer');
  }

  /** The consensus core reported two votes of one validator for one slot (C11). */
  fromVotes(first: SignedVote, second: SignedVote): Verdict {
    return this.take(duplicateVoteEvidence(this.options.chainId, first, second), 'local');
  }

  /** The inbound side kept two proposals of one proposer for one (height, round). */
  fromProposals(first: SignedProposal, second: SignedProposal): Verdict {
    return this.take(proposalEvidence(this.options.chainId, first, second), 'local');
  }

  private take(evidence: Evidence, origin: 'peer' | 'local'): Verdict {
    const { pool, state } = this.options;
    const offence = offenceKey(evidence);
    if (pool.has(offence) || committedOffence(state, offence) !== undefined) return 'ignore';
    const next = this.options.height() + 1;
    if (evidence.height > next + FUTURE_HEIGHTS_BUFFERED || next - evidence.height > EVIDENCE_AGE_MAX_HEIGHTS) return 'ignore';
    // Found here, each half's signature was checked when it arrived (inbound, or signed by this
    // validator): a second check would double the cost of a proposal flood (test/sim/proposal-flood).
    const verify = origin === 'local' ? SIGNATURES_CHECKED : this.options.verify;
    const problem = verifyEvidence(evidence, this.options.chainId, this.options.validatorsAt(evidence.height), verify);
    if (problem !== null) {
      this.options.onInvalid?.(problem.code, problem.message, origin);
      return 'reject';
    }
    const bytes = pool.add(evidence);
    if (bytes === null) return 'ignore';
    this.options.onKept?.(evidence, origin);
    if (origin === 'local') this.options.publish(bytes);
    return 'accept';
  }
}
