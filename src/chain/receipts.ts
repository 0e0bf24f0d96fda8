import { encode, decode, type CborValue } from '../codec/cbor.ts';
import { readArray, readMap, readString, readUint, optional } from '../codec/shape.ts';
import { AMOUNT_MAX } from '../ledger/limits.ts';
import type { Receipt } from '../ledger/types.ts';
import type { RejectCode } from '../ledger/errors.ts';

/**
 * The stored form of a receipt. Without a message it is the same map as the tx's result (results.ts
 * resultBytes), so the same bytes: the store then saves the result bytes the block execution made
 * for the results root (receiptBytes), and encodes only receipts that carry a message.
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const map: { [key: string]: CborValue } = {
    txId: receipt.txId,
    code: receipt.code,
    fee: receipt.fee,
    events: receipt.events.map((e) => ({ type: e.type, attributes: e.attributes })),
  };
  if (receipt.message !== undefined) map.message = receipt.message;
  return encode(map);
}

export function decodeReceipt(bytes: Uint8Array): Receipt {
  const map = readMap(decode(bytes), 'receipt', ['txId', 'code', 'message', 'fee', 'events']);
  return {
    txId: readString(map.txId, 'receipt.txId', 64),
    code: readString(map.code, 'receipt.code', 64) as 'ok' | RejectCode,
    message: optional(map.message, (v) => readString(v, 'receipt.message', 1000)),
    fee: readUint(map.fee, 'receipt.fee', AMOUNT_MAX),
    events: readArray(map.events, 'receipt.events', 0, 10_000).map((e) => {
      const event = readMap(e, 'event', ['type', 'attributes']);
      return { type: readString(event.type, 'event.type', 64), attributes: event.attributes as { [key: string]: string } };
    }),
  };
}

/** The bytes to store for `receipt`, whose result bytes are `result` (chain/execute.ts BlockExecution). */
export function receiptBytes(receipt: Receipt, result: Uint8Array): Uint8Array {
  return receipt.message === undefined ? result : encodeReceipt(receipt);
}
