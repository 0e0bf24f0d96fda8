import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap } from '../../codec/shape.ts';
import { TRANSFER_ENTRIES_MAX } from '../limits.ts';
import type { TransferPayload } from '../types.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';

/** The payload of `transfer` (spec/ledger.md §4.1): the codec half, shipped to the SDK and the browser. */

export function decodeTransfer(value: CborValue): TransferPayload {
  const map = readMap(value, 'payload', ['transfers']);
  const entries = readArray(map.transfers, 'payload.transfers', 1, TRANSFER_ENTRIES_MAX);
  return {
    transfers: entries.map((entry, i) => {
      const path = `payload.transfers[${i}]`;
      const fields = readMap(entry, path, ['to', 'asset', 'amount']);
      return { to: readAddress(fields.to, `${path}.to`), asset: readSymbol(fields.asset, `${path}.asset`), amount: readAmount(fields.amount, `${path}.amount`) };
    }),
  };
}
