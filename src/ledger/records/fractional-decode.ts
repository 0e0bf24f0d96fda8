import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readString } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { ASSET_NAME_LENGTH_MAX } from '../limits.ts';
import type { ItemFractionalizePayload, ItemRedeemPayload } from '../types.ts';
import { readAmount, readSymbol } from '../payload-fields.ts';
import { readItemId } from './payload-fields.ts';

/** The payloads of `item.fractionalize` and `item.redeem`: the codec half (records/fractional.ts applies them). */

export function decodeItemFractionalize(value: CborValue): ItemFractionalizePayload {
  const map = readMap(value, 'payload', ['item', 'symbol', 'shares', 'name']);
  const payload: ItemFractionalizePayload = {
    item: readItemId(map.item, 'payload.item'),
    symbol: readSymbol(map.symbol, 'payload.symbol'),
    shares: readAmount(map.shares, 'payload.shares'),
    name: optional(map.name, (v) => readString(v, 'payload.name', ASSET_NAME_LENGTH_MAX)),
  };
  if (payload.name === '') throw new RejectError('bad_asset_params', 'payload.name: must not be empty');
  return payload;
}

export function decodeItemRedeem(value: CborValue): ItemRedeemPayload {
  const map = readMap(value, 'payload', ['item']);
  return { item: readItemId(map.item, 'payload.item') };
}
