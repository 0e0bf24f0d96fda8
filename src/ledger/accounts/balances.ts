import type { CborValue } from '../../codec/cbor.ts';
import { readMap, readUint, readString, readSmallUint, optional } from '../../codec/shape.ts';
import { AMOUNT_MAX, NONCE_MAX, ASSET_NAME_LENGTH_MAX, ASSET_DECIMALS_MAX } from '../limits.ts';
import { decodeTrusted } from '../../codec/cbor.ts';
import { Overlay, getStateValue, putStateValue, type StateReader } from '../state.ts';
import { invariant } from '../../errors/base.ts';

/**
 * What every address holds, read and written by every module (value, records, contracts), and the
 * keys (spec/ledger.md §State):
 *   acct/<address>            → { nonce }
 *   bal/<address>/<asset>     → amount (absent means 0; a zero balance is deleted)
 *   asset/<symbol>            → Asset
 */
export interface Asset {
  symbol: string;
  name: string;
  decimals: number;
  supply: bigint;
  maxSupply?: bigint;
  /** The address allowed to mint; absent means the supply is fixed. */
  mintAuthority?: string;
  creator: string;
}

export const accountKey = (address: string): string => `acct/${address}`;
export const balanceKey = (address: string, asset: string): string => `bal/${address}/${asset}`;
export const assetKey = (symbol: string): string => `asset/${symbol}`;

export function getNonce(view: StateReader, address: string): bigint {
  const record = getStateValue(view, accountKey(address));
  if (record === undefined) return 0n;
  return readUint(readMap(record, 'account', ['nonce']).nonce, 'account.nonce', NONCE_MAX);
}

export function setNonce(view: Overlay, address: string, nonce: bigint): void {
  putStateValue(view, accountKey(address), { nonce });
}

export function getBalance(view: StateReader, address: string, asset: string): bigint {
  const record = getStateValue(view, balanceKey(address, asset));
  return record === undefined ? 0n : readUint(record, 'balance', AMOUNT_MAX);
}

export function setBalance(view: Overlay, address: string, asset: string, amount: bigint): void {
  invariant(amount >= 0n && amount <= AMOUNT_MAX, `balance out of range for ${asset}`);
  if (amount === 0n) view.delete(balanceKey(address, asset));
  else putStateValue(view, balanceKey(address, asset), amount);
}

export function encodeAsset(asset: Asset): CborValue {
  const record: { [key: string]: CborValue } = {
    symbol: asset.symbol,
    name: asset.name,
    decimals: asset.decimals,
    supply: asset.supply,
    creator: asset.creator,
  };
  if (asset.maxSupply !== undefined) record.maxSupply = asset.maxSupply;
  if (asset.mintAuthority !== undefined) record.mintAuthority = asset.mintAuthority;
  return record;
}

export function decodeAsset(value: CborValue): Asset {
  const map = readMap(value, 'asset', ['symbol', 'name', 'decimals', 'supply', 'maxSupply', 'mintAuthority', 'creator']);
  return {
    symbol: readString(map.symbol, 'asset.symbol', 12),
    name: readString(map.name, 'asset.name', ASSET_NAME_LENGTH_MAX),
    decimals: readSmallUint(map.decimals, 'asset.decimals', ASSET_DECIMALS_MAX),
    supply: readUint(map.supply, 'asset.supply', AMOUNT_MAX),
    maxSupply: optional(map.maxSupply, (v) => readUint(v, 'asset.maxSupply', AMOUNT_MAX)),
    mintAuthority: optional(map.mintAuthority, (v) => readString(v, 'asset.mintAuthority', 90)),
    creator: readString(map.creator, 'asset.creator', 90),
  };
}

/**
 * Asset records decoded, by the bytes they were decoded from: a transfer reads its asset's record,
 * and a block reads the same bytes object each time (ledger/state.ts ReadCache), as does the mempool
 * from one block to the next, so it is decoded once instead of once a tx (issue 13). Keyed by
 * identity, so a write (new bytes) is never answered from here; weak, so it holds nothing the block
 * has dropped. A function of the bytes alone: no effect on determinism.
 *
 * The record is shared by every reader, so it is frozen and handed out as it is, not copied for each
 * (a transfer only asks whether its asset exists): a handler that changes an asset writes a new
 * record (`putAsset(view, { ...asset, supply })`), and a write into the shared one throws.
 */
const decodedAssets = new WeakMap<Uint8Array, Readonly<Asset>>();

export function getAsset(view: StateReader, symbol: string): Readonly<Asset> | undefined {
  const bytes = view.get(assetKey(symbol));
  if (bytes === undefined) return undefined;
  let asset = decodedAssets.get(bytes);
  if (asset === undefined) {
    asset = Object.freeze(decodeAsset(decodeTrusted(bytes)));
    decodedAssets.set(bytes, asset);
  }
  return asset;
}

export function putAsset(view: Overlay, asset: Asset): void {
  putStateValue(view, assetKey(asset.symbol), encodeAsset(asset));
}

/** Moves `amount` of `asset`; the caller has checked the balance. Returns false on overflow of `to`. */
export function moveBalance(view: Overlay, from: string, to: string, asset: string, amount: bigint): void {
  const fromBalance = getBalance(view, from, asset);
  invariant(fromBalance >= amount, 'moveBalance without a balance check');
  setBalance(view, from, asset, fromBalance - amount);
  // The recipient's balance cannot pass AMOUNT_MAX: it is at most the supply, which is bounded.
  setBalance(view, to, asset, getBalance(view, to, asset) + amount);
}
