import type { CborValue } from '../codec/cbor.ts';
import { TX_SIGNERS_MAX } from './limits.ts';
import type { TxKind, TxPayloads } from './types.ts';
import { decodeTransfer } from './value/transfer-decode.ts';
import { decodeAssetBurn, decodeAssetCreate, decodeAssetMint } from './value/asset-decode.ts';
import { decodeItemAttest } from './records/attest-decode.ts';
import { decodeItemFractionalize, decodeItemRedeem } from './records/fractional-decode.ts';
import { decodeItemMerge, decodeItemRetire, decodeItemSplit } from './records/lineage-decode.ts';
import { decodeItemRegister } from './records/register-decode.ts';
import { decodeRegistryAuthorize, decodeRegistryCreate } from './records/registry-decode.ts';
import { decodeItemTransfer } from './records/transfer-decode.ts';
import { decodeEscrowCreate, decodeEscrowRef, decodeEscrowRelease, decodeEscrowResolve } from './contracts/escrow-decode.ts';
import { decodeOfferCreate, decodeOfferRef } from './contracts/offer-decode.ts';
import { decodeSwap } from './contracts/swap-decode.ts';
import { decodeSplitCreate } from './contracts/split-decode.ts';
import { decodeRentalBook, decodeRentalBooking, decodeRentalClaim, decodeRentalOffer, decodeRentalRef, decodeRentalResolve } from './contracts/rental/decode.ts';
import { decodeStreamOpen, decodeStreamStop, decodeStreamWithdraw } from './contracts/stream-decode.ts';
// org (spec/org.md)
import { decodeOrgContribute, decodeOrgContributionRef, decodeOrgCreate, decodeOrgEvaluate, decodeOrgFund, decodeOrgLock, decodeOrgMotionRef, decodeOrgPropose, decodeOrgRef, decodeOrgReveal, decodeOrgVote } from './org/decode.ts';
// market (spec/market.md)
import { decodeEscrowDeliver } from './contracts/escrow-decode.ts';
import { decodeCredentialIssue, decodeCredentialRevoke } from './market/credential-decode.ts';
import { decodeMarketClose, decodeMarketList, decodeMarketPause, decodeMarketUpdate } from './market/listing-decode.ts';
import { decodeMarketBuy } from './market/order-decode.ts';
// reputation (spec/reputation.md)
import { decodeReviewCommit, decodeReviewReply, decodeReviewReveal } from './market/reviews-decode.ts';
import { decodeValidatorsUpdate } from './validators/update-decode.ts';
// work (spec/work.md)
import { decodeJobApply, decodeJobAssign, decodeJobAward, decodeJobMilestone, decodeJobPost, decodeJobRef } from './work/decode.ts';

/**
 * The codec half of every tx kind: what tx.ts needs to decode a tx, and all the SDK and the browser
 * get of a kind. Its other half, the state effects, is kinds-apply.ts, keyed by the same names; the
 * mapped types make the compiler refuse a kind missing from either table, and
 * test/ledger/kinds.test.ts checks that both list exactly the same kinds. Nothing reachable from here
 * may import an apply module (test/architecture/codec-apply-split.test.ts).
 */
export interface KindCodec<K extends TxKind> {
  /** Stateless checks; throws RejectError or CodecError('bad_shape'). */
  decode(value: CborValue): TxPayloads[K];
  signers: { min: number; max: number };
}

type Codecs = { [K in TxKind]: KindCodec<K> };

const ONE_SIGNER = { min: 1, max: 1 };
/** The owner alone, or the owner then the recipient who pays (item.transfer with a payment). */
const OWNER_AND_BUYER = { min: 1, max: 2 };
/** A swap: two or more parties, each of which gives something (contracts/swap.ts). */
const EVERY_GIVER = { min: 2, max: TX_SIGNERS_MAX };

export const CODECS: Codecs = {
  transfer: { decode: decodeTransfer, signers: ONE_SIGNER },
  'asset.create': { decode: decodeAssetCreate, signers: ONE_SIGNER },
  'asset.mint': { decode: decodeAssetMint, signers: ONE_SIGNER },
  'asset.burn': { decode: decodeAssetBurn, signers: ONE_SIGNER },
  'registry.create': { decode: decodeRegistryCreate, signers: ONE_SIGNER },
  'registry.authorize': { decode: decodeRegistryAuthorize, signers: ONE_SIGNER },
  'item.register': { decode: decodeItemRegister, signers: ONE_SIGNER },
  'item.transfer': { decode: decodeItemTransfer, signers: OWNER_AND_BUYER },
  'item.attest': { decode: decodeItemAttest, signers: ONE_SIGNER },
  'item.split': { decode: decodeItemSplit, signers: ONE_SIGNER },
  'item.merge': { decode: decodeItemMerge, signers: ONE_SIGNER },
  'item.retire': { decode: decodeItemRetire, signers: ONE_SIGNER },
  'item.fractionalize': { decode: decodeItemFractionalize, signers: ONE_SIGNER },
  'item.redeem': { decode: decodeItemRedeem, signers: ONE_SIGNER },
  // contracts: escrow (spec/ledger.md §8.2)
  'escrow.create': { decode: decodeEscrowCreate, signers: ONE_SIGNER },
  'escrow.release': { decode: decodeEscrowRelease, signers: ONE_SIGNER },
  'escrow.refund': { decode: decodeEscrowRef, signers: ONE_SIGNER },
  'escrow.dispute': { decode: decodeEscrowRef, signers: ONE_SIGNER },
  'escrow.resolve': { decode: decodeEscrowResolve, signers: ONE_SIGNER },
  'escrow.settle': { decode: decodeEscrowRef, signers: ONE_SIGNER },
  // contracts: swap, signed by every party that gives, and offers (spec/ledger.md §8.3)
  swap: { decode: decodeSwap, signers: EVERY_GIVER },
  'offer.create': { decode: decodeOfferCreate, signers: ONE_SIGNER },
  'offer.accept': { decode: decodeOfferRef, signers: ONE_SIGNER },
  'offer.cancel': { decode: decodeOfferRef, signers: ONE_SIGNER },
  // contracts: revenue split (spec/ledger.md §8.4)
  'split.create': { decode: decodeSplitCreate, signers: ONE_SIGNER },
  // Rentals (spec/ledger.md §8.5); rental.settle may be sent by anyone
  'rental.offer': { decode: decodeRentalOffer, signers: ONE_SIGNER },
  'rental.book': { decode: decodeRentalBook, signers: ONE_SIGNER },
  'rental.return': { decode: decodeRentalBooking, signers: ONE_SIGNER },
  'rental.claim': { decode: decodeRentalClaim, signers: ONE_SIGNER },
  'rental.resolve': { decode: decodeRentalResolve, signers: ONE_SIGNER },
  'rental.settle': { decode: decodeRentalRef, signers: ONE_SIGNER },
  'rental.close': { decode: decodeRentalRef, signers: ONE_SIGNER },
  // Payment streams (spec/ledger.md §8.6)
  'stream.open': { decode: decodeStreamOpen, signers: ONE_SIGNER },
  'stream.withdraw': { decode: decodeStreamWithdraw, signers: ONE_SIGNER },
  'stream.stop': { decode: decodeStreamStop, signers: ONE_SIGNER },
  // market (spec/market.md) and the escrow addition it builds on (spec/ledger.md §8.2.7)
  'escrow.deliver': { decode: decodeEscrowDeliver, signers: ONE_SIGNER },
  'credential.issue': { decode: decodeCredentialIssue, signers: ONE_SIGNER },
  'credential.revoke': { decode: decodeCredentialRevoke, signers: ONE_SIGNER },
  'market.list': { decode: decodeMarketList, signers: ONE_SIGNER },
  'market.update': { decode: decodeMarketUpdate, signers: ONE_SIGNER },
  'market.pause': { decode: decodeMarketPause, signers: ONE_SIGNER },
  'market.close': { decode: decodeMarketClose, signers: ONE_SIGNER },
  'market.buy': { decode: decodeMarketBuy, signers: ONE_SIGNER },
  // reputation (spec/reputation.md)
  'review.commit': { decode: decodeReviewCommit, signers: ONE_SIGNER },
  'review.reveal': { decode: decodeReviewReveal, signers: ONE_SIGNER },
  'review.reply': { decode: decodeReviewReply, signers: ONE_SIGNER },
  // org (spec/org.md)
  'org.create': { decode: decodeOrgCreate, signers: ONE_SIGNER },
  'org.join': { decode: decodeOrgRef, signers: ONE_SIGNER },
  'org.fund': { decode: decodeOrgFund, signers: ONE_SIGNER },
  'org.contribute': { decode: decodeOrgContribute, signers: ONE_SIGNER },
  'org.evaluate': { decode: decodeOrgEvaluate, signers: ONE_SIGNER },
  'org.reveal': { decode: decodeOrgReveal, signers: ONE_SIGNER },
  'org.close': { decode: decodeOrgContributionRef, signers: ONE_SIGNER },
  'org.claim': { decode: decodeOrgContributionRef, signers: ONE_SIGNER },
  'org.propose': { decode: decodeOrgPropose, signers: ONE_SIGNER },
  'org.object': { decode: decodeOrgMotionRef, signers: ONE_SIGNER },
  'org.vote': { decode: decodeOrgVote, signers: ONE_SIGNER },
  'org.execute': { decode: decodeOrgMotionRef, signers: ONE_SIGNER },
  'org.withdraw': { decode: decodeOrgRef, signers: ONE_SIGNER },
  'org.lock': { decode: decodeOrgLock, signers: ONE_SIGNER },
  'org.unlock': { decode: decodeOrgLock, signers: ONE_SIGNER },
  // Validator set (spec/ledger.md §10.2): one signer submits and pays; the validators approve in the payload
  'validators.update': { decode: decodeValidatorsUpdate, signers: ONE_SIGNER },
  // work (spec/work.md)
  'job.post': { decode: decodeJobPost, signers: ONE_SIGNER },
  'job.apply': { decode: decodeJobApply, signers: ONE_SIGNER },
  'job.assign': { decode: decodeJobAssign, signers: ONE_SIGNER },
  'job.deliver': { decode: decodeJobMilestone, signers: ONE_SIGNER },
  'job.approve': { decode: decodeJobMilestone, signers: ONE_SIGNER },
  'job.dispute': { decode: decodeJobRef, signers: ONE_SIGNER },
  'job.replace': { decode: decodeJobRef, signers: ONE_SIGNER },
  'job.award': { decode: decodeJobAward, signers: ONE_SIGNER },
  'job.cancel': { decode: decodeJobRef, signers: ONE_SIGNER },
  'job.withdraw': { decode: decodeJobRef, signers: ONE_SIGNER },
};

export function isTxKind(kind: string): kind is TxKind {
  return Object.hasOwn(CODECS, kind);
}

export function kindCodec<K extends TxKind>(kind: K): KindCodec<K> {
  return CODECS[kind] as KindCodec<K>;
}
