import type { CborValue } from '../codec/cbor.ts';
import type { Rejection } from './errors.ts';
import type { Overlay } from './state.ts';
import type { BlockContext, LedgerEvent, TxKind, TxPayloads } from './types.ts';
import { applyTransfer, decodeTransfer } from './value/transfer.ts';
import { applyAssetBurn, applyAssetCreate, applyAssetMint, decodeAssetBurn, decodeAssetCreate, decodeAssetMint } from './value/asset.ts';

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

export const KINDS: Handlers = {
  transfer: { decode: decodeTransfer, signers: ONE_SIGNER, apply: (view, signers, payload) => applyTransfer(view, signers[0], payload) },
  'asset.create': { decode: decodeAssetCreate, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetCreate(view, signers[0], payload) },
  'asset.mint': { decode: decodeAssetMint, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetMint(view, signers[0], payload) },
  'asset.burn': { decode: decodeAssetBurn, signers: ONE_SIGNER, apply: (view, signers, payload) => applyAssetBurn(view, signers[0], payload) },
};

export function isTxKind(kind: string): kind is TxKind {
  return Object.hasOwn(KINDS, kind);
}

export function kindHandler<K extends TxKind>(kind: K): KindHandler<K> {
  return KINDS[kind] as KindHandler<K>;
}
