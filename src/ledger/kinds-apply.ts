import type { Rejection } from './errors.ts';
import type { Overlay } from './state.ts';
import type { BlockContext, LedgerEvent, TxKind, TxPayloads } from './types.ts';
import { applyTransfer } from './value/transfer.ts';
import { applyAssetCreate, applyAssetMint } from './value/asset.ts';
import { applyItemAttest } from './records/attest.ts';
import { applyAssetBurnGuarded, applyItemFractionalize, applyItemRedeem } from './records/fractional.ts';
import { applyItemMerge, applyItemRetire, applyItemSplit } from './records/lineage.ts';
import { applyRegistryAuthorize, applyRegistryCreate } from './records/registry.ts';
import { applyEscrowCreate, applyEscrowDispute, applyEscrowRefund, applyEscrowRelease, applyEscrowResolve, applyEscrowSettle } from './contracts/escrow.ts';
import { applyOfferAccept, applyOfferCancel, applyOfferCreate } from './contracts/offer.ts';
import { applySwap } from './contracts/swap.ts';
import { applySplitCreate } from './contracts/split.ts';
import { applyItemRegisterGuarded, applyItemTransferGuarded } from './contracts/guards.ts';
import { applyRentalClaim, applyRentalClose, applyRentalResolve, applyRentalSettle } from './contracts/rental/settle.ts';
import { applyRentalBook, applyRentalOffer, applyRentalReturn } from './contracts/rental/rental.ts';
import { applyStreamOpen, applyStreamStop, applyStreamWithdraw } from './contracts/stream.ts';
// org (spec/org.md)
import { applyOrgClaim, applyOrgClose, applyOrgContribute, applyOrgEvaluate } from './org/contribution.ts';
import { applyOrgExecute, applyOrgObject, applyOrgPropose, applyOrgVote } from './org/motion.ts';
import { applyOrgCreate, applyOrgFund, applyOrgJoin } from './org/org.ts';
import { applyOrgReveal } from './org/reveal.ts';
import { applyOrgWithdraw } from './org/dividends.ts';
import { applyOrgLock, applyOrgUnlock } from './org/holders.ts';
import { applyValidatorsUpdate } from './validators/update.ts';
// market (spec/market.md)
import { applyEscrowDeliver } from './contracts/escrow-deliver.ts';
import { applyCredentialIssue, applyCredentialRevoke } from './market/credential.ts';
import { applyMarketClose, applyMarketList, applyMarketPause, applyMarketUpdate } from './market/listing.ts';
import { applyMarketBuy } from './market/order.ts';
import { settleOrder } from './market/order-settled.ts';
// reputation (spec/reputation.md)
import { applyReviewCommit, applyReviewReply, applyReviewReveal } from './market/reviews.ts';
// work (spec/work.md)
import { applyJobApply, applyJobPost } from './work/post.ts';
import { applyJobAssign, applyJobReplace } from './work/assign.ts';
import { applyJobApprove, applyJobAward, applyJobDeliver, applyJobDispute } from './work/milestone.ts';
import { applyJobCancel, applyJobWithdraw } from './work/close.ts';
import { withJobSettlement } from './work/settlement.ts';

/**
 * market (spec/market.md §4): an escrow tx that closes an order's escrow settles the order in the same
 * tx (market/order-settled.ts: orderSettled gives the trade facts, settleOrder is the call site of
 * the trade record, recordTrade of spec/reputation.md).
 */
function settlingOrders<K extends 'escrow.release' | 'escrow.refund' | 'escrow.resolve' | 'escrow.settle'>(handler: KindApply<K>): KindApply<K> {
  return (view, signers, payload, ctx) => {
    const events = handler(view, signers, payload, ctx);
    return 'code' in events ? events : [...events, ...settleOrder(view, payload.escrow, ctx)];
  };
}

/**
 * The apply half of every tx kind: its stateful checks, in the order of spec/ledger.md, then its
 * effects; no write survives a rejection (apply.ts runs it in a child overlay). Keyed by the same
 * names as CODECS (kinds-codec.ts), which decoded the payload; only the node's side (apply.ts, the
 * chain, the mempool) imports this table, so the SDK and the browser bundle never hold it. Each
 * handler touches (Overlay.touch) every address it involves besides its signers (spec/ledger.md §2.4).
 */
export type KindApply<K extends TxKind> = (view: Overlay, signers: string[], payload: TxPayloads[K], ctx: BlockContext) => Rejection | LedgerEvent[];

type Handlers = { [K in TxKind]: KindApply<K> };

export const APPLY: Handlers = {
  transfer: (view, signers, payload) => applyTransfer(view, signers[0], payload),
  'asset.create': (view, signers, payload) => applyAssetCreate(view, signers[0], payload),
  'asset.mint': (view, signers, payload) => applyAssetMint(view, signers[0], payload),
  // The shares of a fractionalised item cannot be burnt while it is locked (records/fractional.ts).
  'asset.burn': (view, signers, payload) => applyAssetBurnGuarded(view, signers[0], payload),
  'registry.create': (view, signers, payload, ctx) => applyRegistryCreate(view, signers[0], payload, ctx),
  'registry.authorize': (view, signers, payload) => applyRegistryAuthorize(view, signers[0], payload),
  // Items may not be given to a contract account (contracts/guards.ts; spec/ledger.md §8.1).
  'item.register': (view, signers, payload, ctx) => applyItemRegisterGuarded(view, signers[0], payload, ctx),
  'item.transfer': applyItemTransferGuarded,
  'item.attest': (view, signers, payload, ctx) => applyItemAttest(view, signers[0], payload, ctx),
  'item.split': (view, signers, payload, ctx) => applyItemSplit(view, signers[0], payload, ctx),
  'item.merge': (view, signers, payload, ctx) => applyItemMerge(view, signers[0], payload, ctx),
  'item.retire': (view, signers, payload, ctx) => applyItemRetire(view, signers[0], payload, ctx),
  'item.fractionalize': (view, signers, payload, ctx) => applyItemFractionalize(view, signers[0], payload, ctx),
  'item.redeem': (view, signers, payload, ctx) => applyItemRedeem(view, signers[0], payload, ctx),
  // contracts: escrow (spec/ledger.md §8.2)
  'escrow.create': (view, signers, payload, ctx) => applyEscrowCreate(view, signers[0], payload, ctx),
  'escrow.release': settlingOrders((view, signers, payload, ctx) => applyEscrowRelease(view, signers[0], payload, ctx)),
  'escrow.refund': settlingOrders((view, signers, payload, ctx) => applyEscrowRefund(view, signers[0], payload, ctx)),
  'escrow.dispute': (view, signers, payload, ctx) => applyEscrowDispute(view, signers[0], payload, ctx),
  'escrow.resolve': settlingOrders((view, signers, payload, ctx) => applyEscrowResolve(view, signers[0], payload, ctx)),
  'escrow.settle': settlingOrders((view, signers, payload, ctx) => applyEscrowSettle(view, signers[0], payload, ctx)),
  // contracts: swap, signed by every party that gives, and offers (spec/ledger.md §8.3)
  swap: applySwap,
  'offer.create': (view, signers, payload, ctx) => applyOfferCreate(view, signers[0], payload, ctx),
  'offer.accept': (view, signers, payload, ctx) => applyOfferAccept(view, signers[0], payload, ctx),
  'offer.cancel': (view, signers, payload, ctx) => applyOfferCancel(view, signers[0], payload, ctx),
  // contracts: revenue split; transfers and mints to it are forwarded (spec/ledger.md §8.4)
  'split.create': (view, signers, payload, ctx) => applySplitCreate(view, signers[0], payload, ctx),
  // Rentals (contracts/rental/; spec/ledger.md §8.5); rental.settle may be sent by anyone
  'rental.offer': (view, signers, payload, ctx) => applyRentalOffer(view, signers[0], payload, ctx),
  'rental.book': (view, signers, payload, ctx) => applyRentalBook(view, signers[0], payload, ctx),
  'rental.return': (view, signers, payload, ctx) => applyRentalReturn(view, signers[0], payload, ctx),
  'rental.claim': (view, signers, payload, ctx) => applyRentalClaim(view, signers[0], payload, ctx),
  'rental.resolve': (view, signers, payload, ctx) => applyRentalResolve(view, signers[0], payload, ctx),
  'rental.settle': (view, signers, payload, ctx) => applyRentalSettle(view, signers[0], payload, ctx),
  'rental.close': (view, signers, payload, ctx) => applyRentalClose(view, signers[0], payload, ctx),
  // Payment streams (contracts/stream.ts; spec/ledger.md §8.6)
  'stream.open': (view, signers, payload, ctx) => applyStreamOpen(view, signers[0], payload, ctx),
  'stream.withdraw': (view, signers, payload, ctx) => applyStreamWithdraw(view, signers[0], payload, ctx),
  'stream.stop': (view, signers, payload, ctx) => applyStreamStop(view, signers[0], payload, ctx),
  // market (spec/market.md) and the escrow addition it builds on (spec/ledger.md §8.2.7)
  'escrow.deliver': (view, signers, payload, ctx) => applyEscrowDeliver(view, signers[0], payload, ctx),
  'credential.issue': (view, signers, payload, ctx) => applyCredentialIssue(view, signers[0], payload, ctx),
  'credential.revoke': (view, signers, payload, ctx) => applyCredentialRevoke(view, signers[0], payload, ctx),
  'market.list': (view, signers, payload, ctx) => applyMarketList(view, signers[0], payload, ctx),
  'market.update': (view, signers, payload, ctx) => applyMarketUpdate(view, signers[0], payload, ctx),
  'market.pause': (view, signers, payload) => applyMarketPause(view, signers[0], payload),
  'market.close': (view, signers, payload) => applyMarketClose(view, signers[0], payload),
  'market.buy': (view, signers, payload, ctx) => applyMarketBuy(view, signers[0], payload, ctx),
  // reputation (spec/reputation.md)
  'review.commit': (view, signers, payload, ctx) => applyReviewCommit(view, signers[0], payload, ctx),
  'review.reveal': (view, signers, payload, ctx) => applyReviewReveal(view, signers[0], payload, ctx),
  'review.reply': (view, signers, payload, ctx) => applyReviewReply(view, signers[0], payload, ctx),
  // org (spec/org.md)
  'org.create': (view, signers, payload, ctx) => applyOrgCreate(view, signers[0], payload, ctx),
  'org.join': (view, signers, payload, ctx) => applyOrgJoin(view, signers[0], payload, ctx),
  'org.fund': (view, signers, payload, ctx) => applyOrgFund(view, signers[0], payload, ctx),
  'org.contribute': (view, signers, payload, ctx) => applyOrgContribute(view, signers[0], payload, ctx),
  'org.evaluate': (view, signers, payload, ctx) => applyOrgEvaluate(view, signers[0], payload, ctx),
  'org.reveal': (view, signers, payload, ctx) => applyOrgReveal(view, signers[0], payload, ctx),
  'org.close': (view, signers, payload, ctx) => applyOrgClose(view, signers[0], payload, ctx),
  'org.claim': (view, signers, payload, ctx) => applyOrgClaim(view, signers[0], payload, ctx),
  'org.propose': (view, signers, payload, ctx) => applyOrgPropose(view, signers[0], payload, ctx),
  'org.object': (view, signers, payload, ctx) => applyOrgObject(view, signers[0], payload, ctx),
  'org.vote': (view, signers, payload, ctx) => applyOrgVote(view, signers[0], payload, ctx),
  'org.execute': (view, signers, payload, ctx) => applyOrgExecute(view, signers[0], payload, ctx),
  'org.withdraw': (view, signers, payload, ctx) => applyOrgWithdraw(view, signers[0], payload, ctx),
  'org.lock': (view, signers, payload, ctx) => applyOrgLock(view, signers[0], payload, ctx),
  'org.unlock': (view, signers, payload, ctx) => applyOrgUnlock(view, signers[0], payload, ctx),
  // Validator set (validators/update.ts; spec/ledger.md §10.2)
  'validators.update': (view, _signers, payload, ctx) => applyValidatorsUpdate(view, payload, ctx),
  // work (spec/work.md)
  'job.post': (view, signers, payload, ctx) => applyJobPost(view, signers[0], payload, ctx),
  'job.apply': (view, signers, payload, ctx) => applyJobApply(view, signers[0], payload, ctx),
  'job.assign': (view, signers, payload, ctx) => applyJobAssign(view, signers[0], payload, ctx),
  'job.deliver': (view, signers, payload, ctx) => applyJobDeliver(view, signers[0], payload, ctx),
  'job.approve': (view, signers, payload, ctx) => applyJobApprove(view, signers[0], payload, ctx),
  'job.dispute': (view, signers, payload, ctx) => applyJobDispute(view, signers[0], payload, ctx),
  'job.replace': (view, signers, payload, ctx) => applyJobReplace(view, signers[0], payload, ctx),
  'job.award': (view, signers, payload, ctx) => applyJobAward(view, signers[0], payload, ctx),
  'job.cancel': (view, signers, payload, ctx) => applyJobCancel(view, signers[0], payload, ctx),
  'job.withdraw': (view, signers, payload) => applyJobWithdraw(view, signers[0], payload),
};

// work (spec/work.md §3.5): an escrow tx on a job's escrow (its payer is a job) credits what it paid
// back to the job and records the trades of the milestones it settled, in the same tx, as
// settlingOrders does for orders. Wrapped here, after the table, so that the escrow rows stay as they are.
for (const kind of ['escrow.release', 'escrow.refund', 'escrow.resolve', 'escrow.settle'] as const) {
  const handler = APPLY[kind] as KindApply<typeof kind>;
  (APPLY as { [K in typeof kind]: KindApply<K> })[kind] = (view, signers, payload, ctx) => withJobSettlement(view, payload.escrow, ctx, () => handler(view, signers, payload, ctx));
}

export function kindApply<K extends TxKind>(kind: K): KindApply<K> {
  return APPLY[kind] as KindApply<K>;
}
