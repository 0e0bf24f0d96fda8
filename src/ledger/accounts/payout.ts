import { reject, type Rejection } from '../errors.ts';
import type { Overlay, StateReader } from '../state.ts';
import type { LedgerEvent } from '../types.ts';
import { moveBalance } from './balances.ts';
import { getContractRecord } from './contract-account.ts';
import { getSplit, splitShares } from './split-state.ts';

/**
 * Who may receive value (spec/ledger.md §8.1). A contract address holds exactly what its contract
 * owes, so nothing may be sent to one from outside its contract's handlers, with one exception: a
 * revenue split takes assets (not items) and forwards them at once to its members.
 */

/**
 * `contract_recipient` when `to` is a contract address, unless it is a split and `withItems` is false.
 * One read of `contract/<to>`.
 */
export function checkRecipient(view: StateReader, to: string, withItems: boolean): Rejection | undefined {
  const contract = getContractRecord(view, to);
  if (contract === undefined) return undefined;
  if (contract.type === 'split' && !withItems) return undefined;
  const what = contract.type === 'split' ? 'a revenue split forwards assets only; it takes no items' : `${to} is the account of a ${contract.type} contract; only its contract moves value into it`;
  return reject('contract_recipient', what);
}

/**
 * The `amount` of `asset` that just reached split `address`, forwarded to its members by the rounding
 * rule of splitShares, in member order. One `transfer` event per member with a share above 0.
 */
export function forwardFromSplit(view: Overlay, address: string, asset: string, amount: bigint): LedgerEvent[] {
  const split = getSplit(view, address);
  if (split === undefined) return [];
  const shares = splitShares(amount, split.members.map((member) => member.weight));
  const events: LedgerEvent[] = [];
  split.members.forEach((member, i) => {
    if (shares[i] === 0n) return;
    moveBalance(view, address, member.address, asset, shares[i]);
    view.touch(member.address);
    events.push({ type: 'transfer', attributes: { asset, from: address, to: member.address, amount: shares[i].toString() } });
  });
  return events;
}

/**
 * Moves `amount` of `asset` from `from` to `to` (the caller has checked the balance and checkRecipient)
 * with its `transfer` event; when `to` is a split, the forwarding follows at once.
 */
export function payAsset(view: Overlay, from: string, to: string, asset: string, amount: bigint): LedgerEvent[] {
  moveBalance(view, from, to, asset, amount);
  view.touch(from, to);
  return [{ type: 'transfer', attributes: { asset, from, to, amount: amount.toString() } }, ...forwardFromSplit(view, to, asset, amount)];
}
