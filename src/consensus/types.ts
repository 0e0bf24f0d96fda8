/**
 * Types of the consensus core: the values it reasons about, the events the node delivers and the
 * effects it asks the node to carry out. See spec/consensus.md for the protocol itself.
 */
import { ConsensusError } from './errors.ts';
import { MAX_TOTAL_POWER } from './limits.ts';

/** Lower-case hex id of a block, opaque to the core (the paper's id(v)). */
export type BlockHash = string;
/** A validator's address (bech32m `agora1…`); compared by code unit, never by locale. */
export type Address = string;

export interface Validator {
  address: Address;
  power: bigint;
}

/** Sorted by address, no duplicates, every power > 0; build it with `makeValidatorSet`. */
export interface ValidatorSet {
  validators: Validator[];
  totalPower: bigint;
}

export type VoteType = 'prevote' | 'precommit';
export type Step = 'propose' | 'prevote' | 'precommit';

/** ⟨PREVOTE|PRECOMMIT, h, round, id(v) | nil⟩ of the paper. */
export interface Vote {
  type: VoteType;
  height: number;
  round: number;
  blockHash: BlockHash | null;
  validator: Address;
}
export type SignedVote = Vote & { signature: Uint8Array };

/** ⟨PROPOSAL, h, round, v, validRound⟩ of the paper; `polRound` −1 means none. */
export interface Proposal {
  height: number;
  round: number;
  blockHash: BlockHash;
  polRound: number;
  proposer: Address;
}
export type SignedProposal = Proposal & { signature: Uint8Array };

/** Base durations; the timeout of round r is `base + r · deltaMs` (integers only). */
export interface TimeoutConfig {
  proposeMs: number;
  prevoteMs: number;
  precommitMs: number;
  deltaMs: number;
}

export interface ConsensusConfig {
  /** This node's validator address, or null for a node that follows without voting. */
  self: Address | null;
  timeouts: TimeoutConfig;
}

/** A lock the node persisted with its last signature (see sign-guard.ts `resumeAt`). */
export interface HeightLock {
  round: number;
  blockHash: BlockHash;
}

export interface StartHeightEvent {
  type: 'startHeight';
  height: number;
  validatorSet: ValidatorSet;
  /** seed(height − 1) of the VRF seed chain (src/chain/seed.ts): the previous header's proof output, or the genesis seed. */
  seed: Uint8Array;
  /** After a restart: first round to enter (default 0). From sign-guard.ts `resumeAt`. */
  startRound?: number;
  /** After a restart: the lock persisted with the last signature at this height. */
  lock?: HeightLock | null;
}

export type ConsensusEvent =
  | StartHeightEvent
  /**
   * `valid`: valid(v) of the paper, judged by the node. `timely`: timely(v) of proposer-based
   * timestamps (CometBFT PBTS), judged by the node's shell from its clock when the proposal arrived
   * (src/chain/timely.ts); the core reads no clock. Line 23 needs both for a new value (polRound −1).
   */
  | { type: 'proposal'; proposal: SignedProposal; valid: boolean; timely: boolean }
  | { type: 'vote'; vote: SignedVote }
  | { type: 'timeout'; height: number; round: number; step: Step }
  | { type: 'blockReady'; height: number; round: number; blockHash: BlockHash };

export type ConsensusEffect =
  | { type: 'requestBlock'; height: number; round: number }
  /**
   * `polka`, when polRound ≥ 0 (line 19 with validRound_p): the prevotes for the value at polRound
   * that this node holds. The node sends them with the proposal, so that every validator can check
   * line 28's condition even if it missed some of them (an equivocator may have sent it others).
   */
  | { type: 'signProposal'; proposal: Proposal; polka?: SignedVote[] }
  /**
   * `polka`, on a precommit for a value only (line 40): the prevotes that justify the lock it
   * takes. The node persists them with the lock and replays them after a restart (spec §Restart).
   */
  | { type: 'signVote'; vote: Vote; polka?: SignedVote[] }
  | { type: 'scheduleTimeout'; height: number; round: number; step: Step; durationMs: number }
  | { type: 'decide'; height: number; round: number; blockHash: BlockHash; precommits: SignedVote[] }
  | { type: 'evidence'; first: SignedVote; second: SignedVote }
  | { type: 'proposalEvidence'; first: SignedProposal; second: SignedProposal };

/**
 * Checks and normalises a validator set: at least one validator, unique addresses, every power a
 * positive bigint, total ≤ MAX_TOTAL_POWER. Returns a new set sorted by address.
 */
export function makeValidatorSet(validators: readonly Validator[]): ValidatorSet {
  if (validators.length === 0) throw new ConsensusError('empty_validator_set', 'no validators');
  const sorted = validators.map((v) => ({ address: v.address, power: v.power }));
  sorted.sort((a, b) => compareAddress(a.address, b.address));
  let totalPower = 0n;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (typeof v.address !== 'string' || v.address.length === 0) {
      throw new ConsensusError('bad_address', `validator ${i} has no address`);
    }
    if (i > 0 && sorted[i - 1].address === v.address) {
      throw new ConsensusError('duplicate_validator', `validator ${v.address} appears twice`);
    }
    if (typeof v.power !== 'bigint' || v.power <= 0n) {
      throw new ConsensusError('bad_power', `validator ${v.address} must have power > 0`);
    }
    totalPower += v.power;
  }
  if (totalPower > MAX_TOTAL_POWER) {
    throw new ConsensusError('power_too_large', 'total power exceeds 2^64 - 1');
  }
  return { validators: sorted, totalPower };
}

/** Code-unit order: the same on every node, whatever its locale. */
export function compareAddress(a: Address, b: Address): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
