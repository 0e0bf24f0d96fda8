import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { putStateValue, type Overlay, type StateReader } from '../state.ts';
import type { AssetBurnPayload, BlockContext, ItemFractionalizePayload, ItemRedeemPayload, LedgerEvent } from '../types.ts';
import { applyAssetBurn } from '../value/asset.ts';
import { getAsset, getBalance, putAsset, setBalance } from '../accounts/balances.ts';
import { checkHistoryRoom, isRejection, loadOwnedItem, loadUnretiredItem } from './checks.ts';
import { appendHistory } from './item-log.ts';
import { custodianFor, sharesKey, updateItem } from './item-state.ts';

/**
 * Fractional ownership (spec/ledger.md §7.2): an item is locked and N shares of a new asset go to its
 * owner. The shares are an ordinary asset (accounts/balances.ts) with a fixed supply of N: they move by
 * `transfer`, and whoever holds all N redeems the item. They cannot be burnt while the item is locked,
 * so N shares always exist to redeem it.
 */

/**
 * Checks in order: `unknown_item`, `item_retired`, `item_locked`, `not_owner`, the symbol is free
 * (`asset_exists`), `too_many_events`. Effects: the asset (decimals 0, supply N, no mint authority,
 * creator the owner) with all N shares to the owner; `shares/<symbol>`; the item locked.
 */
export function applyItemFractionalize(view: Overlay, signer: string, payload: ItemFractionalizePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadOwnedItem(view, payload.item, signer);
  if (isRejection(item)) return item;
  if (getAsset(view, payload.symbol) !== undefined) return reject('asset_exists', `asset ${payload.symbol} already exists`);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const { symbol, shares } = payload;
  putAsset(view, { symbol, name: payload.name ?? `Shares of ${item.kind}`, decimals: 0, supply: shares, creator: signer });
  setBalance(view, signer, symbol, shares);
  putStateValue(view, sharesKey(symbol), item.id);
  const logged = appendHistory(view, item, signer, ctx, { action: 'fractionalize', asset: symbol, shares });
  updateItem(view, item, { ...logged, status: 'locked', lock: { asset: symbol, shares } });
  return [
    { type: 'asset.created', attributes: { asset: symbol, creator: signer, supply: shares.toString(), mintable: 'false' } },
    { type: 'item.locked', attributes: { item: item.id, owner: signer, asset: symbol, shares: shares.toString(), seq: String(item.events) } },
  ];
}

/**
 * Checks in order: `unknown_item`, `item_retired`, the item is locked (`not_locked`), the signer holds
 * all N shares (`not_all_shares`), `too_many_events`. Effects: the N shares are burnt (the asset stays,
 * with supply 0), `shares/<symbol>` is deleted, the item is unlocked and the signer owns it.
 */
export function applyItemRedeem(view: Overlay, signer: string, payload: ItemRedeemPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadUnretiredItem(view, payload.item);
  if (isRejection(item)) return item;
  if (item.status !== 'locked' || item.lock === undefined) return reject('not_locked', `item ${item.id} is not fractionalised`);
  const { asset: symbol, shares } = item.lock;
  const held = getBalance(view, signer, symbol);
  if (held !== shares) return reject('not_all_shares', `${signer} holds ${held} of the ${shares} shares ${symbol}`);
  const full = checkHistoryRoom(item);
  if (full !== undefined) return full;
  const asset = getAsset(view, symbol);
  invariant(asset !== undefined && asset.supply === shares, `the shares ${symbol} of ${item.id} no longer total ${shares}`);
  setBalance(view, signer, symbol, 0n);
  putAsset(view, { ...asset, supply: 0n });
  view.delete(sharesKey(symbol));
  const logged = appendHistory(view, item, signer, ctx, { action: 'redeem', from: item.owner, to: signer, asset: symbol, shares });
  updateItem(view, item, { ...logged, status: 'live', lock: undefined, owner: signer, custodian: custodianFor(signer, item.custodian) });
  view.touch(item.owner);
  return [
    { type: 'burn', attributes: { asset: symbol, from: signer, amount: shares.toString() } },
    { type: 'item.redeemed', attributes: { item: item.id, from: item.owner, to: signer, asset: symbol, shares: shares.toString(), seq: String(item.events) } },
  ];
}

function isLockedShares(view: StateReader, symbol: string): boolean {
  return view.get(sharesKey(symbol)) !== undefined;
}

/**
 * `asset.burn` with one check in front (spec/ledger.md §4.4): the shares of a locked item cannot be
 * burnt (`locked_shares`), else fewer than N would exist and nobody could redeem the item.
 */
export function applyAssetBurnGuarded(view: Overlay, signer: string, payload: AssetBurnPayload): Rejection | LedgerEvent[] {
  if (isLockedShares(view, payload.asset)) return reject('locked_shares', `${payload.asset} are the shares of a locked item; they can only be redeemed`);
  return applyAssetBurn(view, signer, payload);
}
