import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { SWAP_LEGS_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import { checkItemsOnce, readHolding } from './payload-fields.ts';
import type { SwapLeg, SwapPayload } from './swap-types.ts';

/** The payload of `swap` (spec/ledger.md §8.3): the codec half (contracts/swap.ts applies it). */

function readLeg(value: CborValue, path: string): SwapLeg {
  const map = readMap(value, path, ['from', 'to', 'assets', 'items']);
  const from = readAddress(map.from, `${path}.from`);
  const to = readAddress(map.to, `${path}.to`);
  if (from === to) throw new RejectError('bad_shape', `${path}: a leg gives to another party`);
  return { from, to, ...readHolding(value, path, ['from', 'to']) };
}

export function decodeSwap(value: CborValue): SwapPayload {
  const map = readMap(value, 'payload', ['legs']);
  const legs = readArray(map.legs, 'payload.legs', 2, SWAP_LEGS_MAX).map((leg, i) => readLeg(leg, `payload.legs[${i}]`));
  checkItemsOnce(legs, 'payload.legs');
  return { legs };
}
