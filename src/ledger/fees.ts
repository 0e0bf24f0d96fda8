import type { FeeSchedule, TxKind } from './types.ts';

/** The fee of a tx: the kind's fixed part plus a price per byte (DESIGN.md; spec/ledger.md §Fees). */
export function feeFor(schedule: FeeSchedule, kind: TxKind, txByteLength: number): bigint {
  return (schedule.base[kind] ?? 0n) + schedule.perByte * BigInt(txByteLength);
}

// market (spec/market.md): the recommended base fees of the market kinds, in base units of the native
// asset, which a genesis copies into params.fees.base so that listings, orders and credentials are not
// free spam (a schedule is fixed per chain in genesis, spec/ledger.md §3).
export const MARKET_FEE_BASE: { [K in TxKind]?: bigint } = {
  'market.list': 10_000n,
  'market.update': 2_000n,
  'market.pause': 1_000n,
  'market.close': 1_000n,
  'market.buy': 5_000n,
  'escrow.deliver': 1_000n,
  'credential.issue': 2_000n,
  'credential.revoke': 1_000n,
};

// reputation (spec/reputation.md): the recommended base fees of the review kinds, in base units of
// the native asset, which a genesis copies into params.fees.base (a schedule is fixed per chain in
// genesis, spec/ledger.md §3). A commitment is the spam a review window invites: it costs the most.
export const REVIEW_FEE_BASE: { [K in TxKind]?: bigint } = {
  'review.commit': 2_000n,
  'review.reveal': 1_000n,
  'review.reply': 1_000n,
};

// org (spec/org.md): the recommended base fees of the org kinds, copied into params.fees.base by a
// genesis like MARKET_FEE_BASE. Founding and contributing cost the most: each writes new records.
export const ORG_FEE_BASE: { [K in TxKind]?: bigint } = {
  'org.create': 20_000n,
  'org.join': 2_000n,
  'org.fund': 1_000n,
  'org.contribute': 5_000n,
  'org.evaluate': 1_000n,
  'org.reveal': 1_000n,
  'org.close': 1_000n,
  'org.claim': 1_000n,
  'org.propose': 5_000n,
  'org.object': 2_000n,
  'org.vote': 1_000n,
  'org.execute': 2_000n,
  'org.withdraw': 1_000n,
  'org.lock': 1_000n,
  'org.unlock': 1_000n,
};

// work (spec/work.md §5): the recommended base fees of the job kinds, copied into params.fees.base by
// a genesis like MARKET_FEE_BASE. Posting writes the job and locks its budget: it costs the most.
export const WORK_FEE_BASE: { [K in TxKind]?: bigint } = {
  'job.post': 10_000n,
  'job.apply': 2_000n,
  'job.assign': 5_000n,
  'job.deliver': 1_000n,
  'job.approve': 1_000n,
  'job.dispute': 1_000n,
  'job.replace': 2_000n,
  'job.award': 2_000n,
  'job.cancel': 1_000n,
  'job.withdraw': 1_000n,
};

/**
 * The base fees a new chain's genesis gets (`agora init`'s dev chain, `agora testnet init`): the
 * market's, the reviews' and the organisations' recommended fees, so that listings, orders, reviews,
 * contributions and motions are not free spam (issue 14); every older kind stays free on a dev chain.
 */
export const RECOMMENDED_FEE_BASE: { [K in TxKind]?: bigint } = { ...MARKET_FEE_BASE, ...REVIEW_FEE_BASE, ...ORG_FEE_BASE, ...WORK_FEE_BASE };
