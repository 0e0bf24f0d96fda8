import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemPayment, ItemTransferPayload, LedgerEvent } from '../types.ts';
import { getAsset, getBalance, moveBalance } from '../accounts/balances.ts';
import { checkHistoryRoom, isRejection, loadOwnedItem } from './checks.ts';
import { appendHistory } from './item-log.ts';
import { custodianFor, updateItem } from './item-state.ts';
// reputation (spec/reputation.md): an item sold with a payment is a trade
import { recordTrade } from '../market/trades.ts';
import { itemSaleTrade } from '../market/trades-settlements.ts';

/** Without a payment the owner signs alone; with one, the recipient co-signs as the second signer. */
function checkSigners(signers: string[], payload: ItemTransferPayload): Rejection | undefined {
  if (payload.payment === undefined) {
    return signers.length === 1 ? undefined : reject('bad_signers', 'a transfer without a payment has one signer, the owner');
  }
  if (signers.length !== 2 || signers[1] !== payload.to || signers[0] === payload.to) {
    return reject('bad_signers', 'a transfer with a payment is signed by the owner, then by the recipient, who pays');
  }
  return undefined;
}

function checkPayment(view: Overlay, payer: string, payment: ItemPayment): Rejection | undefined {
  if (getAsset(view, payment.asset) === undefined) return reject('unknown_asset', `no asset ${payment.asset}`);
  const balance = getBalance(view, payer, payment.asset);
  if (balance < payment.amount) return reject('insufficient_balance', `${payer} holds ${balance} ${payment.asset}, the price is ${payment.amount}`);
  return undefined;
}

/**
 * Gives an item to `to`, optionally against a payment from `to` in the same tx (a sale: both sign,
 * so neither can be cheated). Checks in order: `unknown_item`, `item_retired`, `item_locked`,
 * `not_owner` (the first signer), `bad_signers`, `too_many_events`, then for a payment
 * `unknown_asset`, `insufficient_balance` (of the recipient). The custodian stays.
 */
export function applyItemTransfer(view: Overlay, signers: string[], payload: ItemTransferPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const item = loadOwnedItem(view, payload.item, signers[0]);
  if (isRejection(item)) return item;
  const refused = checkSigners(signers, payload) ?? checkHistoryRoom(item) ?? (payload.payment === undefined ? undefined : checkPayment(view, payload.to, payload.payment));
  if (refused !== undefined) return refused;
  const events: LedgerEvent[] = [];
  if (payload.payment !== undefined) {
    const { asset, amount } = payload.payment;
    moveBalance(view, payload.to, item.owner, asset, amount);
    events.push({ type: 'transfer', attributes: { asset, from: payload.to, to: item.owner, amount: amount.toString() } });
  }
  const logged = appendHistory(view, item, signers[0], ctx, { action: 'transfer', from: item.owner, to: payload.to, payment: payload.payment });
  updateItem(view, item, { ...logged, owner: payload.to, custodian: custodianFor(payload.to, item.custodian) });
  view.touch(item.owner, payload.to);
  const attributes: { [key: string]: string } = { item: item.id, from: item.owner, to: payload.to, seq: String(item.events) };
  if (payload.payment !== undefined) Object.assign(attributes, { asset: payload.payment.asset, amount: payload.payment.amount.toString() });
  events.push({ type: 'item.transferred', attributes });
  if (payload.payment !== undefined) events.push(recordTrade(view, itemSaleTrade(item.id, item.events, item.owner, payload.to, payload.payment, ctx.height)));
  return events;
}
