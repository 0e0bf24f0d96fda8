import { encode } from '../codec/cbor.ts';
import { fromHex } from '../crypto/hash.ts';
import type { Commit } from './block.ts';
import { totalPower, type ChainValidator } from './validators.ts';

/** Domain-separated bytes a validator signs for a vote (spec/encoding.md §Consensus messages). */
export function voteSignBytes(chainId: string, vote: { type: 'prevote' | 'precommit'; height: number; round: number; blockHash: string | null }): Uint8Array {
  return encode(['agora/vote/v1', chainId, vote.type, vote.height, vote.round, vote.blockHash === null ? null : fromHex(vote.blockHash)]);
}

export function proposalSignBytes(chainId: string, proposal: { height: number; round: number; blockHash: string; polRound: number }): Uint8Array {
  return encode(['agora/proposal/v1', chainId, proposal.height, proposal.round, fromHex(proposal.blockHash), proposal.polRound]);
}

export type Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/**
 * A commit is valid for a block when its signatures are precommits for that block hash at the commit's
 * height and round, from distinct members of the set, together holding more than 2/3 of the power.
 * Returns null when valid, else the reason.
 */
export function checkCommit(commit: Commit, chainId: string, height: number, hash: string, validators: ChainValidator[], verify: Verify): string | null {
  if (commit.height !== height) return `commit is for height ${commit.height}, expected ${height}`;
  if (commit.blockHash !== hash) return 'commit is for another block';
  const byAddress = new Map(validators.map((v) => [v.address, v]));
  const seen = new Set<string>();
  let power = 0n;
  const message = voteSignBytes(chainId, { type: 'precommit', height, round: commit.round, blockHash: hash });
  for (const { validator, signature } of commit.signatures) {
    const member = byAddress.get(validator);
    if (member === undefined) return `${validator} is not a validator`;
    if (seen.has(validator)) return `${validator} signed twice`;
    if (!verify(member.publicKey, message, signature)) return `bad signature from ${validator}`;
    seen.add(validator);
    power += member.power;
  }
  if (power * 3n <= totalPower(validators) * 2n) return 'commit holds 2/3 of the power or less';
  return null;
}
