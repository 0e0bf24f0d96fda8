import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap, readUint } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { SPLIT_MEMBERS_MAX, SPLIT_WEIGHT_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import type { SplitMember } from '../accounts/split-state.ts';
import type { SplitCreatePayload } from './split-types.ts';

/** The payload of `split.create` (spec/ledger.md §8.4): the codec half (contracts/split.ts applies it). */

function readMember(value: CborValue, path: string): SplitMember {
  const map = readMap(value, path, ['address', 'weight']);
  const address = readAddress(map.address, `${path}.address`);
  const weight = readUint(map.weight, `${path}.weight`, BigInt(SPLIT_WEIGHT_MAX));
  if (weight === 0n) throw new RejectError('bad_shape', `${path}.weight: a weight is 1 to ${SPLIT_WEIGHT_MAX}`);
  return { address, weight: Number(weight) };
}

export function decodeSplitCreate(value: CborValue): SplitCreatePayload {
  const map = readMap(value, 'payload', ['members']);
  const members = readArray(map.members, 'payload.members', 2, SPLIT_MEMBERS_MAX).map((member, i) => readMember(member, `payload.members[${i}]`));
  if (new Set(members.map((m) => m.address)).size !== members.length) throw new RejectError('bad_shape', 'payload.members: an address appears twice');
  return { members };
}
