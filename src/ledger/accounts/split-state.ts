import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { HEIGHT_MAX, SPLIT_MEMBERS_MAX, SPLIT_WEIGHT_MAX } from '../limits.ts';
import type { Overlay, StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from './contract-account.ts';

export interface SplitMember {
  address: string;
  /** Integer share, 1 … SPLIT_WEIGHT_MAX; a member gets weight / (sum of weights) of each payment. */
  weight: number;
}

/**
 * A revenue split's record at `contract/<address>` (spec/ledger.md §8.4):
 *   { type: "split", creator, members: [{ address, weight }], createdAt }
 * It never changes: a split has no state, and its address holds nothing between txs.
 */
export interface Split {
  address: string;
  creator: string;
  members: SplitMember[];
  createdAt: number;
}

export function encodeSplit(split: Split): { [key: string]: CborValue } & { type: 'split' } {
  return { type: 'split', creator: split.creator, members: split.members.map(({ address, weight }) => ({ address, weight })), createdAt: split.createdAt };
}

export function decodeSplit(address: string, value: CborValue): Split {
  const map = readMap(value, 'split', ['type', 'creator', 'members', 'createdAt']);
  return {
    address,
    creator: readString(map.creator, 'split.creator', 90),
    members: readArray(map.members, 'split.members', 1, SPLIT_MEMBERS_MAX).map((entry, i) => {
      const member = readMap(entry, `split.members[${i}]`, ['address', 'weight']);
      return { address: readString(member.address, `split.members[${i}].address`, 90), weight: readSmallUint(member.weight, `split.members[${i}].weight`, SPLIT_WEIGHT_MAX) };
    }),
    createdAt: readSmallUint(map.createdAt, 'split.createdAt', HEIGHT_MAX),
  };
}

/** The split at `address`, or undefined when the address is not a split. */
export function getSplit(view: StateReader, address: string): Split | undefined {
  const contract = getContractRecord(view, address);
  return contract?.type === 'split' ? decodeSplit(address, contract.record) : undefined;
}

export function putSplit(view: Overlay, split: Split): void {
  putContractRecord(view, split.address, encodeSplit(split));
}

/**
 * The rounding rule (spec/ledger.md §8.4), largest remainder (Hamilton's method): each member first
 * gets floor(amount × weight / total); the units left over (fewer than the members) go one each to
 * the members with the largest remainders amount × weight mod total, ties to the earlier member.
 * The shares sum to `amount` exactly: no unit is lost or created.
 */
export function splitShares(amount: bigint, weights: readonly number[]): bigint[] {
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  const shares = weights.map((weight) => (amount * BigInt(weight)) / total);
  const remainders = weights.map((weight, index) => ({ index, remainder: (amount * BigInt(weight)) % total }));
  let left = amount - shares.reduce((sum, share) => sum + share, 0n);
  remainders.sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.index - b.index));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] += 1n;
    left -= 1n;
  }
  return shares;
}
