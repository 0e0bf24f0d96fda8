// Safety, checked on every event of every seed: agreement, validity, commits with > 2/3 of the
// power, and no honest validator ever signing two different messages at one (h, r, step).
import { isQuorum, type SignedVote, type ValidatorSet } from '../../src/consensus/index.ts';

export interface Violation {
  kind: 'agreement' | 'double-sign' | 'weak-commit' | 'invalid-decision' | 'height-gap' | 'fatal';
  detail: string;
}

export class SafetyChecker {
  readonly violations: Violation[] = [];
  /** height → the block honest nodes decided. */
  private readonly decided = new Map<number, string>();
  /** `${validator}|${height}|${round}|${step}` → hash of the bytes an honest validator signed. */
  private readonly signed = new Map<string, string>();
  private readonly validatorSet: ValidatorSet;
  private readonly isValidBlock: (hash: string) => boolean;
  /**
   * The set of a height (spec/ledger.md §10: validators.update and evidence change it): read from the
   * ledger state of the node that decided, by the hash its header names. Absent: the genesis set.
   */
  setAt: ((node: string, height: number) => ValidatorSet) | null = null;

  constructor(validatorSet: ValidatorSet, isValidBlock: (hash: string) => boolean) {
    this.validatorSet = validatorSet;
    this.isValidBlock = isValidBlock;
  }

  /** Every signature an honest validator releases, across crashes and restarts. */
  onHonestSignature(validator: string, height: number, round: number, step: number, signBytesHash: string): void {
    const key = `${validator}|${height}|${round}|${step}`;
    const before = this.signed.get(key);
    if (before !== undefined && before !== signBytesHash) {
      this.violations.push({ kind: 'double-sign', detail: `${validator} signed two messages at h=${height} r=${round} step=${step}` });
    }
    this.signed.set(key, signBytesHash);
  }

  onHonestDecision(node: string, height: number, previousHeight: number, round: number, blockHash: string, precommits: SignedVote[]): void {
    if (height !== previousHeight + 1) {
      this.violations.push({ kind: 'height-gap', detail: `${node} decided ${height} after ${previousHeight}` });
    }
    const agreed = this.decided.get(height);
    if (agreed === undefined) this.decided.set(height, blockHash);
    else if (agreed !== blockHash) {
      this.violations.push({ kind: 'agreement', detail: `${node} decided ${blockHash.slice(0, 12)} at h=${height}, another ${agreed.slice(0, 12)}` });
    }
    if (!this.isValidBlock(blockHash)) {
      this.violations.push({ kind: 'invalid-decision', detail: `${node} decided an invalid block at h=${height}` });
    }
    const problem = this.commitProblem(this.setAt?.(node, height) ?? this.validatorSet, height, round, blockHash, precommits);
    if (problem !== null) this.violations.push({ kind: 'weak-commit', detail: `${node} at h=${height}: ${problem}` });
  }

  /** The node stopped on an internal error (the real node exits with code 70). */
  onFatal(node: string, error: unknown): void {
    this.violations.push({ kind: 'fatal', detail: `${node} stopped: ${(error as Error).stack ?? String(error)}` });
  }

  get heightsDecided(): number {
    return this.decided.size;
  }

  /** A commit must be precommits for this (h, r, block) from distinct validators with > 2/3 power. */
  private commitProblem(validatorSet: ValidatorSet, height: number, round: number, blockHash: string, precommits: SignedVote[]): string | null {
    const seen = new Set<string>();
    let power = 0n;
    let previous = '';
    for (const vote of precommits) {
      if (vote.type !== 'precommit' || vote.height !== height || vote.round !== round || vote.blockHash !== blockHash) {
        return `a vote in the commit is for something else`;
      }
      if (seen.has(vote.validator) || vote.validator <= previous) return 'commit not sorted or has duplicates';
      previous = vote.validator;
      seen.add(vote.validator);
      const validator = validatorSet.validators.find((v) => v.address === vote.validator);
      if (validator === undefined) return `${vote.validator} is not a validator`;
      power += validator.power;
    }
    return isQuorum(power, validatorSet.totalPower) ? null : `commit holds only ${power}/${validatorSet.totalPower}`;
  }
}
