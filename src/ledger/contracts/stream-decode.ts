import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';
import type { StreamOpenPayload, StreamStopPayload, StreamWithdrawPayload } from './stream-types.ts';

/** The payloads of the stream kinds (spec/ledger.md §8.6): the codec half (contracts/stream.ts applies them). */

export function decodeStreamOpen(value: CborValue): StreamOpenPayload {
  const map = readMap(value, 'payload', ['payee', 'asset', 'ratePerSecond', 'deposit']);
  return {
    payee: readAddress(map.payee, 'payload.payee'),
    asset: readSymbol(map.asset, 'payload.asset'),
    ratePerSecond: readAmount(map.ratePerSecond, 'payload.ratePerSecond'),
    deposit: readAmount(map.deposit, 'payload.deposit'),
  };
}

export function decodeStreamWithdraw(value: CborValue): StreamWithdrawPayload {
  const map = readMap(value, 'payload', ['stream', 'amount']);
  return { stream: readAddress(map.stream, 'payload.stream'), amount: optional(map.amount, (v) => readAmount(v, 'payload.amount')) };
}

export function decodeStreamStop(value: CborValue): StreamStopPayload {
  const map = readMap(value, 'payload', ['stream']);
  return { stream: readAddress(map.stream, 'payload.stream') };
}
