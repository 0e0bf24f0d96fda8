/**
 * Checking a commit on its own, for block sync and offline proofs: the precommits a block carries
 * must be for that (height, round, block), from distinct validators of the set, sorted by address,
 * and hold > 2/3 of the power. Signatures are NOT checked here (no keys in the core): the caller
 * verifies each one first.
 *
 * Block sync must use this rather than feed the commit to the core as votes: the core counts only
 * the first vote of an equivocating validator, so a commit containing the other one would never
 * reach 2/3 in that core, and a node behind would stay behind.
 */
import { isQuorum } from './threshold.ts';
import type { BlockHash, SignedVote, ValidatorSet } from './types.ts';

export type CommitCheck = { ok: true; round: number; power: bigint } | { ok: false; code: CommitErrorCode; message: string };

/** In order of precedence. */
export type CommitErrorCode = 'empty' | 'wrong_vote' | 'unsorted_or_duplicate' | 'not_a_validator' | 'insufficient_power';

export function checkCommit(validatorSet: ValidatorSet, height: number, blockHash: BlockHash, precommits: readonly SignedVote[]): CommitCheck {
  const first = precommits[0];
  if (first === undefined) return { ok: false, code: 'empty', message: 'a commit needs at least one precommit' };
  const powerOf = new Map(validatorSet.validators.map((v) => [v.address, v.power]));
  let power = 0n;
  let previous: string | null = null;
  for (const vote of precommits) {
    if (vote.type !== 'precommit' || vote.height !== height || vote.round !== first.round || vote.blockHash !== blockHash) {
      return { ok: false, code: 'wrong_vote', message: `the vote of ${vote.validator} is not a precommit for this block` };
    }
    if (previous !== null && vote.validator <= previous) {
      return { ok: false, code: 'unsorted_or_duplicate', message: 'precommits must be sorted by validator, once each' };
    }
    previous = vote.validator;
    const validatorPower = powerOf.get(vote.validator);
    if (validatorPower === undefined) return { ok: false, code: 'not_a_validator', message: `${vote.validator} is not a validator` };
    power += validatorPower;
  }
  if (!isQuorum(power, validatorSet.totalPower)) {
    return { ok: false, code: 'insufficient_power', message: `${power} of ${validatorSet.totalPower} is not more than 2/3` };
  }
  return { ok: true, round: first.round, power };
}
