import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readSmallUint } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { HEIGHT_MAX, MARKET_NOTE_BYTES_MAX, MARKET_QUANTITY_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import { readCredentialName } from './credential-decode.ts';
import type { MarketBuyPayload } from './types.ts';

/** The payload of market.buy (spec/market.md §3): the codec half (market/order.ts applies it). */
export function decodeMarketBuy(value: CborValue): MarketBuyPayload {
  const map = readMap(value, 'payload', ['listing', 'version', 'quantity', 'arbiter', 'note', 'requireSeller']);
  const listing = readAddress(map.listing, 'payload.listing');
  const version = readSmallUint(map.version, 'payload.version', HEIGHT_MAX);
  const quantity = readSmallUint(map.quantity, 'payload.quantity', MARKET_QUANTITY_MAX);
  if (version === 0 || quantity === 0) throw new RejectError('bad_shape', 'payload: version and quantity start at 1');
  const payload: MarketBuyPayload = { listing, version, quantity };
  const arbiter = optional(map.arbiter, (v) => readAddress(v, 'payload.arbiter'));
  const note = optional(map.note, (v) => readNote(v, 'payload.note'));
  const requireSeller = optional(map.requireSeller, (v) => readCredentialName(v, 'payload.requireSeller'));
  if (arbiter !== undefined) payload.arbiter = arbiter;
  if (note !== undefined) payload.note = note;
  if (requireSeller !== undefined) payload.requireSeller = requireSeller;
  return payload;
}

/** A sealed note: 1 … MARKET_NOTE_BYTES_MAX bytes, else `bad_shape`. */
export function readNote(value: CborValue, path: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0 || value.length > MARKET_NOTE_BYTES_MAX) throw new RejectError('bad_shape', `${path}: 1 to ${MARKET_NOTE_BYTES_MAX} bytes`);
  return value;
}
