import { encode, encodeEach, type CborValue } from '../codec/cbor.ts';
import type { Receipt } from '../ledger/types.ts';
import { merkleRootOf } from './merkle.ts';

/**
 * The results root (spec/chain.md §1): what each tx of a block did, committed in the header, so that
 * a client holding a header can be shown that a tx succeeded and which events it emitted, not only
 * that it was included (a tx whose payload fails is in its block too, with its fee charged).
 *
 * A tx's result is its receipt without the human-readable `message`:
 *   canonical CBOR { txId: text (hex), code: text, fee: uint, events: [ { type, attributes } ] }
 * Messages are left out so that rewording one is never a consensus change. The root is the RFC 6962
 * Merkle Tree Hash over the results in block order (merkle.ts).
 */
export function resultBytes(receipt: Receipt): Uint8Array {
  return encode(resultValue(receipt));
}

/** Each receipt's result bytes, as resultBytes gives them, in one buffer (the block's results are stored and dropped together). */
export function resultsBytes(receipts: Receipt[]): Uint8Array[] {
  return encodeEach(receipts.map(resultValue));
}

function resultValue(receipt: Receipt): CborValue {
  return {
    txId: receipt.txId,
    code: receipt.code,
    fee: receipt.fee,
    events: receipt.events.map((e) => ({ type: e.type, attributes: e.attributes })),
  };
}

export function resultsRoot(receipts: Receipt[]): Uint8Array {
  return merkleRootOf(resultsBytes(receipts));
}
