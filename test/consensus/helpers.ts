// Helpers for driving the consensus core by hand in unit tests.
import {
  createConsensus,
  makeValidatorSet,
  selectProposer,
  step,
  type Address,
  type BlockHash,
  type ConsensusEffect,
  type ConsensusEvent,
  type ConsensusState,
  type SignedProposal,
  type SignedVote,
  type TimeoutConfig,
  type ValidatorSet,
  type VoteType,
} from '../../src/consensus/index.ts';

export const TIMEOUTS: TimeoutConfig = { proposeMs: 3000, prevoteMs: 1000, precommitMs: 1000, deltaMs: 500 };
export const SEED = new Uint8Array(32).fill(7);
export const SIG = new Uint8Array(64);
export const BLOCK_A: BlockHash = 'aa'.repeat(32);
export const BLOCK_B: BlockHash = 'bb'.repeat(32);

export function equalSet(count: number): ValidatorSet {
  return makeValidatorSet(Array.from({ length: count }, (_, i) => ({ address: `val${i}`, power: 10n })));
}

/** A validator of `set` that is (or is not) the proposer of (height, round). */
export function pickValidator(set: ValidatorSet, height: number, round: number, proposer: boolean): Address {
  const chosen = selectProposer(set, SEED, height, round);
  const found = set.validators.find((v) => (v.address === chosen) === proposer);
  if (found === undefined) throw new Error('no such validator');
  return found.address;
}

export function proposerOf(set: ValidatorSet, height: number, round: number): Address {
  return selectProposer(set, SEED, height, round);
}

/** Drives one core; `send` returns the effects of one event. */
export class Driver {
  state: ConsensusState;
  readonly set: ValidatorSet;
  readonly height: number;
  readonly startEffects: ConsensusEffect[];

  constructor(set: ValidatorSet, self: Address | null, height = 1, extra: Partial<ConsensusEvent> = {}) {
    this.set = set;
    this.height = height;
    this.state = createConsensus({ self, timeouts: TIMEOUTS });
    this.startEffects = this.send({ type: 'startHeight', height, validatorSet: set, seed: SEED, ...extra } as ConsensusEvent);
  }

  send(event: ConsensusEvent): ConsensusEffect[] {
    const result = step(this.state, event);
    this.state = result.state;
    return result.effects;
  }

  proposal(round: number, blockHash: BlockHash, polRound = -1, valid = true, proposer?: Address, timely = true): ConsensusEffect[] {
    const from = proposer ?? proposerOf(this.set, this.height, round);
    const signed: SignedProposal = { height: this.height, round, blockHash, polRound, proposer: from, signature: SIG };
    return this.send({ type: 'proposal', proposal: signed, valid, timely });
  }

  vote(type: VoteType, round: number, blockHash: BlockHash | null, validator: Address, height = this.height): ConsensusEffect[] {
    const signed: SignedVote = { type, height, round, blockHash, validator, signature: SIG };
    return this.send({ type: 'vote', vote: signed });
  }

  /** Votes from each of `validators`; returns all effects in order. */
  votes(type: VoteType, round: number, blockHash: BlockHash | null, validators: Address[]): ConsensusEffect[] {
    return validators.flatMap((v) => this.vote(type, round, blockHash, v));
  }

  others(self: Address): Address[] {
    return this.set.validators.map((v) => v.address).filter((a) => a !== self);
  }
}

export function signVotes(effects: ConsensusEffect[]): Array<{ type: VoteType; round: number; blockHash: BlockHash | null }> {
  const found: Array<{ type: VoteType; round: number; blockHash: BlockHash | null }> = [];
  for (const e of effects) {
    if (e.type === 'signVote') found.push({ type: e.vote.type, round: e.vote.round, blockHash: e.vote.blockHash });
  }
  return found;
}

export function timeouts(effects: ConsensusEffect[]): Array<{ round: number; step: string; durationMs: number }> {
  const found: Array<{ round: number; step: string; durationMs: number }> = [];
  for (const e of effects) {
    if (e.type === 'scheduleTimeout') found.push({ round: e.round, step: e.step, durationMs: e.durationMs });
  }
  return found;
}
