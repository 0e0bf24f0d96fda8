import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { LedgerEvent, TransferPayload } from '../types.ts';
import { getAsset, getBalance } from '../accounts/balances.ts';
import { checkRecipient, payAsset } from '../accounts/payout.ts';

/**
 * Moves several assets to several recipients, all or nothing. Checks in order (spec/ledger.md):
 * every asset exists (`unknown_asset`); for each asset, the sender holds the sum of its entries
 * (`insufficient_balance`); no recipient is a contract account other than a revenue split
 * (`contract_recipient`, spec/ledger.md §8.1). Anyone else may receive any asset; no opt-in. A payment
 * to a split is forwarded to its members at once (accounts/payout.ts).
 */
export function applyTransfer(view: Overlay, from: string, payload: TransferPayload): Rejection | LedgerEvent[] {
  const totals = new Map<string, bigint>();
  for (const { asset, amount } of payload.transfers) {
    if (getAsset(view, asset) === undefined) return reject('unknown_asset', `no asset ${asset}`);
    totals.set(asset, (totals.get(asset) ?? 0n) + amount);
  }
  for (const asset of [...totals.keys()].sort()) {
    const balance = getBalance(view, from, asset);
    const needed = totals.get(asset) ?? 0n;
    if (balance < needed) return reject('insufficient_balance', `balance of ${asset} is ${balance}, transfer needs ${needed}`);
  }
  for (const { to } of payload.transfers) {
    const refused = checkRecipient(view, to, false);
    if (refused !== undefined) return refused;
  }
  return payload.transfers.flatMap(({ to, asset, amount }) => payAsset(view, from, to, asset, amount));
}
