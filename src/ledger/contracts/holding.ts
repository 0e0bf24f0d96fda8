import { reject, type Rejection } from '../errors.ts';
import { checkHistoryRoom } from '../records/checks.ts';
import { getItem } from '../records/item-state.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, getBalance } from '../accounts/balances.ts';
import { assetTotals } from './payload-fields.ts';
import { checkItemsMovable, moveItem } from './items.ts';
import { payAsset } from '../accounts/payout.ts';
import type { Holding } from './value-types.ts';

/** Checking and moving holdings (value-types.ts) between accounts and contract accounts (spec/ledger.md §8.1). */

/**
 * What `from` must pass before it gives `holdings`, in order: every asset exists, in entry order
 * (`unknown_asset`); for each asset in symbol order, `from` holds the sum over all holdings
 * (`insufficient_balance`); every item, in order, passes the owner checks with `from` as owner and has
 * history room (`unknown_item`, `item_retired`, `item_locked`, `not_owner`, `item_booked`,
 * `item_offered`, `too_many_events`).
 */
export function checkCanGive(view: Overlay, from: string, holdings: readonly Holding[]): Rejection | undefined {
  for (const holding of holdings) {
    for (const { asset } of holding.assets ?? []) if (getAsset(view, asset) === undefined) return reject('unknown_asset', `no asset ${asset}`);
  }
  for (const [asset, needed] of assetTotals(holdings)) {
    const balance = getBalance(view, from, asset);
    if (balance < needed) return reject('insufficient_balance', `${from} holds ${balance} ${asset}, ${needed} are needed`);
  }
  for (const holding of holdings) {
    const refused = checkItemsMovable(view, holding.items ?? [], from);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

/**
 * What a contract must pass before it pays out its own items: history room (`too_many_events`). A
 * contract's items cannot otherwise change while it holds them (only their owner moves them, and no
 * key signs for a contract), but attesters and custodians may still add events to them.
 */
export function checkHeldItems(view: Overlay, holdings: readonly Holding[]): Rejection | undefined {
  for (const holding of holdings) {
    for (const id of holding.items ?? []) {
      const item = getItem(view, id);
      if (item !== undefined) {
        const full = checkHistoryRoom(item);
        if (full !== undefined) return full;
      }
    }
  }
  return undefined;
}

/** Moves `holding` from `from` to `to`, assets first (entry order), then items; its events in that order. */
export function give(view: Overlay, from: string, to: string, holding: Holding, signer: string, ctx: BlockContext, kind: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const { asset, amount } of holding.assets ?? []) events.push(...payAsset(view, from, to, asset, amount));
  for (const id of holding.items ?? []) events.push(moveItem(view, id, from, to, signer, ctx, kind));
  return events;
}

export function hasItems(holdings: readonly Holding[]): boolean {
  return holdings.some((holding) => (holding.items ?? []).length > 0);
}
