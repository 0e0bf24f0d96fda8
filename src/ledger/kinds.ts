import type { CborValue } from '../codec/cbor.ts';
import type { Rejection } from './errors.ts';
import type { Overlay } from './state.ts';
import type { BlockContext, LedgerEvent, TxKind, TxPayloads } from './types.ts';
import { applyTransfer, decodeTransfer } from './value/transfer.ts';
import { applyAssetCreate, applyAssetMint, decodeAssetBurn, decodeAssetCreate, decodeAssetMint } from './value/asset.ts';
import { applyItemAttest, decodeItemAttest } from './records/attest.ts';
import { applyAssetBurnGuarded, applyItemFractionalize, applyItemRedeem, decodeItemFractionalize, decodeItemRedeem } from './records/fractional.ts';
import { applyItemMerge, applyItemRetire, applyItemSplit, decodeItemMerge, decodeItemRetire, decodeItemSplit } from './records/lineage.ts';
import { decodeItemRegister } from './records/register.ts';
import { applyRegistryAuthorize, applyRegistryCreate, decodeRegistryAuthorize, decodeRegistryCreate } from './records/registry.ts';
import { decodeItemTransfer } from './records/transfer.ts';
import { applyEscrowCreate, applyEscrowDispute, applyEscrowRefund, applyEscrowRelease, applyEscrowResolve, applyEscrowSettle, decodeEscrowCreate, decodeEscrowRef, decodeEscrowRelease, decodeEscrowResolve } from './contracts/escrow.ts';
import { applyOfferAccept, applyOfferCancel, applyOfferCreate, decodeOfferCreate, decodeOfferRef } from './contracts/offer.ts';
import { applySwap, decodeSwap } from './contracts/swap.ts';
import { applySplitCreate, decodeSplitCreate } from './contracts/split.ts';
import { applyItemRegisterGuarded, applyItemTransferGuarded } from './contracts/guards.ts';
import { TX_SIGNERS_MAX } from './limits.ts';
import { decodeRentalBook, decodeRentalBooking, decodeRentalClaim, decodeRentalOffer, decodeRentalRef, decodeRentalResolve } from './contracts/rental-decode.ts';
import { applyRentalClaim, applyRentalClose, applyRentalResolve, applyRentalSettle } from './contracts/rental-settle.ts';
import { applyRentalBook, applyRentalOffer, applyRentalReturn } from './contracts/rental.ts';
import { applyStreamOpen, applyStreamStop, applyStreamWithdraw, decodeStreamOpen, decodeStreamStop, decodeStreamWithdraw } from './contracts/stream.ts';

/** What the ledger knows of one tx kind: its payload decoder, its signer count and its effects. */
export interface KindHandler<K extends TxKind> {
  /** Stateless checks; throws RejectError or CodecError('bad_shape'). */
  decode(value: CborValue): TxPayloads[K];
  signers: { min: number; max: number };
  /** Stateful checks, in the order of spec/ledger.md, then effects. No write survives a rejection. */
  apply(view: Overlay, signers: string[], payload: TxPayloads[K], ctx: BlockContext): Rejection | LedgerEvent[];
}

type Handlers = { [K in TxKind]: KindHandler<K> };

const ONE_SIGNER = { min: 1, max: 1 };
/** The owner alone, or the owner then the recipient who pays (item.transfer with a payment). */
const OWNER_AND_BUYER = { min: 1, max: 2 };
/** A swap: two or more parties, each of which gives something (contracts/swap.ts). */
const EVERY_GIVER = { min: 2, max: TX_SIGNERS_MAX };

export const KINDS: Handlers = {
  transfer: { decode: decodeTransfer, signers: ONE_SIGNER, apply: (view, signers, payload) => applyTransfer(view, signers[0], payload) },
  'asset.create': { decode: decodeAssetCreate, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetCreate(view, signers[0], payload) },
  'asset.mint': { decode: decodeAssetMint, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetMint(view, signers[0], payload) },
  // The shares of a fractionalised item cannot be burnt while it is locked (records/fractional.ts).
  'asset.burn': { decode: decodeAssetBurn, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetBurnGuarded(view, signers[0], payload) },
  'registry.create': { decode: decodeRegistryCreate, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRegistryCreate(view, signers[0], payload, ctx) },
  'registry.authorize': { decode: decodeRegistryAuthorize, signers: ONE_SIGNER, apply: (view, signers, payload) => applyRegistryAuthorize(view, signers[0], payload) },
  // Items may not be given to a contract account (contracts/guards.ts; spec/ledger.md §8.1).
  'item.register': { decode: decodeItemRegister, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemRegisterGuarded(view, signers[0], payload, ctx) },
  'item.transfer': { decode: decodeItemTransfer, signers: OWNER_AND_BUYER, apply: applyItemTransferGuarded },
  'item.attest': { decode: decodeItemAttest, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemAttest(view, signers[0], payload, ctx) },
  'item.split': { decode: decodeItemSplit, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemSplit(view, signers[0], payload, ctx) },
  'item.merge': { decode: decodeItemMerge, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemMerge(view, signers[0], payload, ctx) },
  'item.retire': { decode: decodeItemRetire, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemRetire(view, signers[0], payload, ctx) },
  'item.fractionalize': { decode: decodeItemFractionalize, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemFractionalize(view, signers[0], payload, ctx) },
  'item.redeem': { decode: decodeItemRedeem, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyItemRedeem(view, signers[0], payload, ctx) },
  // contracts: escrow (spec/ledger.md §8.2)
  'escrow.create': { decode: decodeEscrowCreate, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowCreate(view, signers[0], payload, ctx) },
  'escrow.release': { decode: decodeEscrowRelease, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowRelease(view, signers[0], payload, ctx) },
  'escrow.refund': { decode: decodeEscrowRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowRefund(view, signers[0], payload, ctx) },
  'escrow.dispute': { decode: decodeEscrowRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowDispute(view, signers[0], payload, ctx) },
  'escrow.resolve': { decode: decodeEscrowResolve, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowResolve(view, signers[0], payload, ctx) },
  'escrow.settle': { decode: decodeEscrowRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyEscrowSettle(view, signers[0], payload, ctx) },
  // contracts: swap, signed by every party that gives, and offers (spec/ledger.md §8.3)
  swap: { decode: decodeSwap, signers: EVERY_GIVER, apply: applySwap },
  'offer.create': { decode: decodeOfferCreate, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyOfferCreate(view, signers[0], payload, ctx) },
  'offer.accept': { decode: decodeOfferRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyOfferAccept(view, signers[0], payload, ctx) },
  'offer.cancel': { decode: decodeOfferRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyOfferCancel(view, signers[0], payload, ctx) },
  // contracts: revenue split; transfers and mints to it are forwarded (spec/ledger.md §8.4)
  'split.create': { decode: decodeSplitCreate, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applySplitCreate(view, signers[0], payload, ctx) },
  // Rentals (contracts/rental*.ts; spec/ledger.md §8.5); rental.settle may be sent by anyone
  'rental.offer': { decode: decodeRentalOffer, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalOffer(view, signers[0], payload, ctx) },
  'rental.book': { decode: decodeRentalBook, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalBook(view, signers[0], payload, ctx) },
  'rental.return': { decode: decodeRentalBooking, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalReturn(view, signers[0], payload, ctx) },
  'rental.claim': { decode: decodeRentalClaim, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalClaim(view, signers[0], payload, ctx) },
  'rental.resolve': { decode: decodeRentalResolve, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalResolve(view, signers[0], payload, ctx) },
  'rental.settle': { decode: decodeRentalRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalSettle(view, signers[0], payload, ctx) },
  'rental.close': { decode: decodeRentalRef, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyRentalClose(view, signers[0], payload, ctx) },
  // Payment streams (contracts/stream.ts; spec/ledger.md §8.6)
  'stream.open': { decode: decodeStreamOpen, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyStreamOpen(view, signers[0], payload, ctx) },
  'stream.withdraw': { decode: decodeStreamWithdraw, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyStreamWithdraw(view, signers[0], payload, ctx) },
  'stream.stop': { decode: decodeStreamStop, signers: ONE_SIGNER, apply: (view, signers, payload, ctx) => applyStreamStop(view, signers[0], payload, ctx) },
};

export function isTxKind(kind: string): kind is TxKind {
  return Object.hasOwn(KINDS, kind);
}

export function kindHandler<K extends TxKind>(kind: K): KindHandler<K> {
  return KINDS[kind] as KindHandler<K>;
}
