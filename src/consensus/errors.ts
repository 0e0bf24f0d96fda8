/**
 * Thrown by the consensus core only for programming errors: a malformed validator set, a node that
 * drives the core out of order, a broken internal invariant. Messages from the network never make
 * the core throw; they are ignored (see spec/consensus.md §Inputs the core ignores).
 */
export class ConsensusError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ConsensusError';
    this.code = code;
  }
}

/** Assertion that stays on in production (STYLE.md: assert invariants at the cheap points). */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ConsensusError('invariant', message);
}
