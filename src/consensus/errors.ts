import { BaseError } from '../errors/base.ts';

/** Codes of ConsensusError: each names the misuse of the core. */
export type ConsensusErrorCode =
  | 'bad_address'
  | 'bad_event'
  | 'bad_height'
  | 'bad_lock'
  | 'bad_power'
  | 'bad_round'
  | 'bad_seed'
  | 'bad_sign_bytes_hash'
  | 'bad_step'
  | 'bad_timeout'
  | 'duplicate_validator'
  | 'empty_validator_set'
  | 'height_not_increasing'
  | 'power_too_large';

/**
 * Thrown by the consensus core only for programming errors: a malformed validator set, a node that
 * drives the core out of order. A broken internal invariant is an InvariantError (src/errors/base.ts).
 * Messages from the network never make the core throw; they are ignored (see spec/consensus.md
 * §Inputs the core ignores).
 */
export class ConsensusError extends BaseError<ConsensusErrorCode> {
  override name = 'ConsensusError';
  constructor(code: ConsensusErrorCode, message: string) {
    super(code, message);
  }
}
