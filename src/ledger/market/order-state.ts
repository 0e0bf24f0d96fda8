import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { AMOUNT_MAX, HEIGHT_MAX, MARKET_NOTE_BYTES_MAX, TIME_MS_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';

/**
 * An order's record (spec/market.md §3) at `order/<escrow address>`: the order id is its escrow's
 * address, and its state is the escrow's; only `settledAtMs` is written later (order-settled.ts).
 */
export interface Order {
  id: string;
  listing: string;
  version: number;
  buyer: string;
  seller: string;
  arbiter?: string;
  quantity: number;
  price: { asset: string; amount: bigint };
  total: bigint;
  note?: Uint8Array;
  createdAt: number;
  settledAtMs?: number;
}

export const orderKey = (id: string): string => `order/${id}`;

export function encodeOrder(order: Order): CborValue {
  const record: { [key: string]: CborValue } = {
    listing: order.listing,
    version: order.version,
    buyer: order.buyer,
    seller: order.seller,
    quantity: order.quantity,
    price: { asset: order.price.asset, amount: order.price.amount },
    total: order.total,
    createdAt: order.createdAt,
  };
  if (order.arbiter !== undefined) record.arbiter = order.arbiter;
  if (order.note !== undefined) record.note = order.note;
  if (order.settledAtMs !== undefined) record.settledAtMs = order.settledAtMs;
  return record;
}

export function decodeOrder(id: string, value: CborValue): Order {
  const map = readMap(value, 'order', ['listing', 'version', 'buyer', 'seller', 'arbiter', 'quantity', 'price', 'total', 'note', 'createdAt', 'settledAtMs']);
  const price = readMap(map.price, 'order.price', ['asset', 'amount']);
  const order: Order = {
    id,
    listing: readString(map.listing, 'order.listing', 90),
    version: readSmallUint(map.version, 'order.version', HEIGHT_MAX),
    buyer: readString(map.buyer, 'order.buyer', 90),
    seller: readString(map.seller, 'order.seller', 90),
    quantity: readSmallUint(map.quantity, 'order.quantity', Number.MAX_SAFE_INTEGER),
    price: { asset: readString(price.asset, 'order.price.asset', 12), amount: readUint(price.amount, 'order.price.amount', AMOUNT_MAX) },
    total: readUint(map.total, 'order.total', AMOUNT_MAX),
    createdAt: readSmallUint(map.createdAt, 'order.createdAt', HEIGHT_MAX),
  };
  const arbiter = optional(map.arbiter, (v) => readString(v, 'order.arbiter', 90));
  const note = optional(map.note, (v) => {
    invariant(v instanceof Uint8Array && v.length <= MARKET_NOTE_BYTES_MAX, `order ${id}: its note is not 1 to ${MARKET_NOTE_BYTES_MAX} bytes`);
    return v;
  });
  const settledAtMs = optional(map.settledAtMs, (v) => readSmallUint(v, 'order.settledAtMs', TIME_MS_MAX));
  if (arbiter !== undefined) order.arbiter = arbiter;
  if (note !== undefined) order.note = note;
  if (settledAtMs !== undefined) order.settledAtMs = settledAtMs;
  return order;
}

export function getOrder(view: StateReader, id: string): Order | undefined {
  const value = getStateValue(view, orderKey(id));
  return value === undefined ? undefined : decodeOrder(id, value);
}

export function putOrder(view: Overlay, order: Order): void {
  putStateValue(view, orderKey(order.id), encodeOrder(order));
}
