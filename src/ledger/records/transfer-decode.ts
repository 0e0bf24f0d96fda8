import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import type { ItemTransferPayload } from '../types.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import { readItemId } from './payload-fields.ts';

/** The payload of `item.transfer`: the codec half (records/transfer.ts applies it). */

export function decodeItemTransfer(value: CborValue): ItemTransferPayload {
  const map = readMap(value, 'payload', ['item', 'to', 'payment']);
  return {
    item: readItemId(map.item, 'payload.item'),
    to: readAddress(map.to, 'payload.to'),
    payment: optional(map.payment, (v) => {
      const payment = readMap(v, 'payload.payment', ['asset', 'amount']);
      return { asset: readSymbol(payment.asset, 'payload.payment.asset'), amount: readAmount(payment.amount, 'payload.payment.amount') };
    }),
  };
}
