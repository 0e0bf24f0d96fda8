/**
 * Proposer selection: a pseudo-random draw weighted by voting power that every node can recompute
 * (the paper's proposer(h, round), left abstract there). See spec/consensus.md §Proposer selection.
 *
 *   x = SHA-256("agora/proposer/v1" ‖ seed ‖ u64be(height) ‖ u32be(round)), big-endian, mod totalPower
 *
 * then the validator whose cumulative power interval [c_i, c_i + power_i) holds x, walking the set
 * in address order.
 *
 * Modulo bias: 2^256 = q·T + s with s < T, so a residue is hit by q or q + 1 of the 2^256 digests;
 * each validator's probability is off from power/T by less than T / 2^256 relative. With
 * T ≤ MAX_TOTAL_POWER < 2^64 that is below 2^-192: no draw count can observe it.
 *
 * The seed is the VRF output of the previous height's proposer (src/chain/seed.ts), not a block hash: a
 * hash-derived seed let a proposer grind its block (its time) until the next draw chose it again
 * (issue 12, attack 1; the replay is test/consensus/grinding.test.ts). What bias remains is in
 * spec/consensus.md §Proposer selection.
 */
import { concat, sha256, utf8 } from '../crypto/hash.ts';
import { InvariantError } from '../errors/base.ts';
import { ConsensusError } from './errors.ts';
import { HEIGHT_MAX, ROUND_MAX } from './limits.ts';
import type { Address, ValidatorSet } from './types.ts';

const PROPOSER_DOMAIN = utf8('agora/proposer/v1');
/** The exact bytes hashed for the draw (exported for the test vectors). */
export function proposerPreimage(seed: Uint8Array, height: number, round: number): Uint8Array {
  if (!Number.isSafeInteger(height) || height < 0 || height > HEIGHT_MAX) {
    throw new ConsensusError('bad_height', `height ${height} is not a u53 integer`);
  }
  if (!Number.isSafeInteger(round) || round < 0 || round > ROUND_MAX) {
    throw new ConsensusError('bad_round', `round ${round} is out of range`);
  }
  const numbers = new Uint8Array(12);
  const view = new DataView(numbers.buffer);
  view.setBigUint64(0, BigInt(height), false);
  view.setUint32(8, round, false);
  return concat(PROPOSER_DOMAIN, seed, numbers);
}

/** The proposer of (height, round), drawn with probability power / totalPower. */
export function selectProposer(validatorSet: ValidatorSet, seed: Uint8Array, height: number, round: number): Address {
  if (validatorSet.validators.length === 0 || validatorSet.totalPower <= 0n) {
    throw new ConsensusError('empty_validator_set', 'no validators to draw from');
  }
  const digest = sha256(proposerPreimage(seed, height, round));
  const x = bytesToBigInt(digest) % validatorSet.totalPower;
  let cumulative = 0n;
  for (const validator of validatorSet.validators) {
    cumulative += validator.power;
    if (x < cumulative) return validator.address;
  }
  throw new InvariantError('validator powers do not add up to totalPower');
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
