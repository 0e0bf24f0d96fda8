/**
 * The votes of one type (prevote or precommit) in one round of one height, with running power
 * tallies. An identical copy of a vote is a duplicate (idempotent). A second, different vote of the
 * same validator is equivocation: reported once, and never counted in the power of "any" value, so
 * an equivocator weighs once in lines 34, 47 and 55.
 *
 * It does count toward its own value, if that value could matter (see `addVote`). The paper counts
 * messages per value (Buchman, Kwon, Milosevic 2018, §3: "2f + 1 ⟨PREVOTE, h, r, id(v)⟩"), and its
 * liveness proof relies on every correct process eventually receiving every message a correct
 * process received, an equivocator's included. Counting only the first vote lets an equivocator
 * hide a polka from the nodes that got its other vote first, forever (found by the simulation,
 * `SIM_SEED=83`). Safety is unchanged: two values with > 2/3 each in one set would need > 1/3 of
 * the power to equivocate.
 */
import type { Address, BlockHash, SignedVote } from './types.ts';
import { compareAddress } from './types.ts';
import { isOneThird, isQuorum } from './threshold.ts';

/** Tally key of a nil vote; block hashes are hex, so it cannot collide with one. */
export const NIL_KEY = 'nil';

export interface VoteSet {
  /** First vote of each validator: counted for its value and for "any". */
  byValidator: Map<Address, SignedVote>;
  /** Further, different votes of equivocating validators, counted for their value only. */
  conflicting: Map<Address, SignedVote[]>;
  /** Power per value key (block hash or NIL_KEY); a validator counts at most once per value. */
  powerByValue: Map<string, bigint>;
  /** The same from first votes only: what an equivocator cannot inflate. */
  firstPowerByValue: Map<string, bigint>;
  /** Power of the first votes, whatever their value. */
  power: bigint;
  /** The first value key to hold > 2/3 of the power, if any. */
  quorumKey: string | null;
  /** Validators already reported for equivocating in this set. */
  equivocators: Set<Address>;
}

export type AddVoteResult =
  | { kind: 'added' }
  | { kind: 'duplicate' }
  /** A conflicting vote; `counted` when it was added to its value's tally. */
  | { kind: 'equivocation'; first: SignedVote; counted: boolean; report: boolean };

export function newVoteSet(): VoteSet {
  return {
    byValidator: new Map(),
    conflicting: new Map(),
    powerByValue: new Map(),
    firstPowerByValue: new Map(),
    power: 0n,
    quorumKey: null,
    equivocators: new Set(),
  };
}

export function valueKey(blockHash: BlockHash | null): string {
  return blockHash === null ? NIL_KEY : blockHash;
}

/**
 * Adds a vote of a validator of power `power` out of `totalPower`. A conflicting vote is counted
 * for its value only if that value can matter here: nil, a value `isProposed` in this round, or one
 * that first votes already give > 1/3 of the power (every value that reaches 2/3 does, once the
 * correct validators' votes are in). That bounds what an equivocator can make us store to a few
 * votes per set, however many values it signs; a vote dropped now is counted when gossip brings it
 * again.
 */
export function addVote(
  set: VoteSet,
  vote: SignedVote,
  power: bigint,
  totalPower: bigint,
  isProposed: (blockHash: BlockHash) => boolean,
): AddVoteResult {
  const first = set.byValidator.get(vote.validator);
  if (first === undefined) {
    set.byValidator.set(vote.validator, vote);
    set.power += power;
    const key = valueKey(vote.blockHash);
    set.firstPowerByValue.set(key, (set.firstPowerByValue.get(key) ?? 0n) + power);
    tally(set, vote, power, totalPower);
    return { kind: 'added' };
  }
  const others = set.conflicting.get(vote.validator) ?? [];
  if (first.blockHash === vote.blockHash || others.some((v) => v.blockHash === vote.blockHash)) return { kind: 'duplicate' };
  const report = !set.equivocators.has(vote.validator);
  set.equivocators.add(vote.validator);
  const counted =
    vote.blockHash === null ||
    isProposed(vote.blockHash) ||
    isOneThird(set.firstPowerByValue.get(vote.blockHash) ?? 0n, totalPower);
  if (counted) {
    set.conflicting.set(vote.validator, [...others, vote]);
    tally(set, vote, power, totalPower);
  }
  return { kind: 'equivocation', first, counted, report };
}

function tally(set: VoteSet, vote: SignedVote, power: bigint, totalPower: bigint): void {
  const key = valueKey(vote.blockHash);
  const valuePower = (set.powerByValue.get(key) ?? 0n) + power;
  set.powerByValue.set(key, valuePower);
  if (set.quorumKey === null && isQuorum(valuePower, totalPower)) set.quorumKey = key;
}

export function powerFor(set: VoteSet, blockHash: BlockHash | null): bigint {
  return set.powerByValue.get(valueKey(blockHash)) ?? 0n;
}

/** Every counted vote for `blockHash` (first and conflicting), sorted by validator address. */
export function votesFor(set: VoteSet, blockHash: BlockHash): SignedVote[] {
  const found: SignedVote[] = [];
  for (const vote of allVotes(set)) if (vote.blockHash === blockHash) found.push(vote);
  return found.sort((a, b) => compareAddress(a.validator, b.validator));
}

/** Every counted vote, first votes first (what gossip relays). */
export function allVotes(set: VoteSet): SignedVote[] {
  const all = [...set.byValidator.values()];
  for (const votes of set.conflicting.values()) all.push(...votes);
  return all;
}
