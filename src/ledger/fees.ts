import type { FeeSchedule, TxKind } from './types.ts';

/** The fee of a tx: the kind's fixed part plus a price per byte (DESIGN.md; spec/ledger.md §Fees). */
export function feeFor(schedule: FeeSchedule, kind: TxKind, txByteLength: number): bigint {
  return (schedule.base[kind] ?? 0n) + schedule.perByte * BigInt(txByteLength);
}

// reputation (spec/reputation.md): the recommended base fees of the review kinds, in base units of
// the native asset, which a genesis copies into params.fees.base (a schedule is fixed per chain in
// genesis, spec/ledger.md §3). A commitment is the spam a review window invites: it costs the most.
export const REVIEW_FEE_BASE: { [K in TxKind]?: bigint } = {
  'review.commit': 2_000n,
  'review.reveal': 1_000n,
  'review.reply': 1_000n,
};
