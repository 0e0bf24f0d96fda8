import type { FeeSchedule, TxKind } from './types.ts';

/** The fee of a tx: the kind's fixed part plus a price per byte (DESIGN.md; spec/ledger.md §Fees). */
export function feeFor(schedule: FeeSchedule, kind: TxKind, txByteLength: number): bigint {
  return (schedule.base[kind] ?? 0n) + schedule.perByte * BigInt(txByteLength);
}
