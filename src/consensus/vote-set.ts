/**
 * The votes of one type (prevote or precommit) in one round of one height, with running power
 * tallies. The first vote of a validator counts; an identical copy is a duplicate (idempotent); a
 * different second vote is equivocation, reported once and never counted.
 */
import type { Address, BlockHash, SignedVote } from './types.ts';
import { compareAddress } from './types.ts';
import { isQuorum } from './threshold.ts';

/** Tally key of a nil vote; block hashes are hex, so it cannot collide with one. */
export const NIL_KEY = 'nil';

export interface VoteSet {
  /** First vote of each validator, the only one counted. */
  byValidator: Map<Address, SignedVote>;
  /** Power per value key (block hash or NIL_KEY). */
  powerByValue: Map<string, bigint>;
  /** Power of every counted vote, whatever its value. */
  power: bigint;
  /** The value key holding > 2/3 of the power, if any (at most one can: see `addVote`). */
  quorumKey: string | null;
  /** Validators already reported for equivocating in this set. */
  equivocators: Set<Address>;
}

export type AddVoteResult =
  | { kind: 'added' }
  | { kind: 'duplicate' }
  | { kind: 'equivocation'; first: SignedVote }
  | { kind: 'repeatEquivocation' };

export function newVoteSet(): VoteSet {
  return {
    byValidator: new Map(),
    powerByValue: new Map(),
    power: 0n,
    quorumKey: null,
    equivocators: new Set(),
  };
}

export function valueKey(blockHash: BlockHash | null): string {
  return blockHash === null ? NIL_KEY : blockHash;
}

/**
 * Adds a vote of a validator of power `power` out of `totalPower`. Two value keys cannot both pass
 * 2/3 in one set: their voters would overlap by > 1/3 of the power, and each validator counts once.
 */
export function addVote(set: VoteSet, vote: SignedVote, power: bigint, totalPower: bigint): AddVoteResult {
  const first = set.byValidator.get(vote.validator);
  if (first !== undefined) {
    if (first.blockHash === vote.blockHash) return { kind: 'duplicate' };
    if (set.equivocators.has(vote.validator)) return { kind: 'repeatEquivocation' };
    set.equivocators.add(vote.validator);
    return { kind: 'equivocation', first };
  }
  set.byValidator.set(vote.validator, vote);
  const key = valueKey(vote.blockHash);
  const valuePower = (set.powerByValue.get(key) ?? 0n) + power;
  set.powerByValue.set(key, valuePower);
  set.power += power;
  if (set.quorumKey === null && isQuorum(valuePower, totalPower)) set.quorumKey = key;
  return { kind: 'added' };
}

export function powerFor(set: VoteSet, blockHash: BlockHash | null): bigint {
  return set.powerByValue.get(valueKey(blockHash)) ?? 0n;
}

/** The counted votes for `blockHash`, sorted by validator address (the commit's order). */
export function votesFor(set: VoteSet, blockHash: BlockHash): SignedVote[] {
  const found: SignedVote[] = [];
  for (const vote of set.byValidator.values()) {
    if (vote.blockHash === blockHash) found.push(vote);
  }
  return found.sort((a, b) => compareAddress(a.validator, b.validator));
}
