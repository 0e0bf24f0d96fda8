import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap, readUint } from '../../codec/shape.ts';
import { RejectError, type Rejection } from '../errors.ts';
import { SPLIT_MEMBERS_MAX, SPLIT_WEIGHT_MAX } from '../limits.ts';
import { consumedNonce } from '../records/item-log.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { readAddress } from '../value/payload-fields.ts';
import { contractAddressFor } from './account.ts';
import { checkRecipient } from './payout.ts';
import { putSplit } from './split-record.ts';
import type { SplitCreatePayload, SplitMember } from './split-types.ts';

/**
 * Revenue splits (spec/ledger.md §8.4): an address that forwards every payment it receives, in any
 * asset, to its members by fixed integer weights, in the tx that brings it (contracts/payout.ts
 * forwardFromSplit, called by `transfer`, `asset.mint` and every contract payout). It holds nothing
 * between txs and has no state to settle.
 */

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

/**
 * Checks: no member is a contract account (`contract_recipient`; a split paying a split could be
 * chained without bound). Effects: the record; the split's address is derived as every contract's
 * (spec/ledger.md §8.1). Event: `split.created { split, creator, members }`, members as
 * `address:weight` joined by commas, in order.
 */
export function applySplitCreate(view: Overlay, creator: string, payload: SplitCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  for (const member of payload.members) {
    const refused = checkRecipient(view, member.address, true);
    if (refused !== undefined) return refused;
  }
  const address = contractAddressFor(ctx.chainId, creator, consumedNonce(view, creator), 0);
  putSplit(view, { address, creator, members: payload.members, createdAt: ctx.height });
  return [{ type: 'split.created', attributes: { split: address, creator, members: payload.members.map((m) => `${m.address}:${m.weight}`).join(',') } }];
}
