import { reject, type Rejection } from '../errors.ts';
import { CONTRACT_STRAY_ASSETS_MAX, CONTRACT_STRAY_ITEMS_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { balanceKey, getBalance } from '../accounts/balances.ts';
import { checkItemsMovable } from './items.ts';
import { give } from './holding.ts';
import type { Holding } from './value-types.ts';

/**
 * Value sent ahead to a contract's address (spec/ledger.md §8.1, spec/decisions/0006). A contract's
 * address is known before the contract exists, and until then it is an ordinary address that anyone
 * may pay or give an item to (the ledger cannot tell it from a fresh key's). A contract account must
 * hold exactly what its contract owes from its first block on (§8.7), so the tx that creates a
 * contract first moves whatever its address already holds to the creator — the tx's first signer,
 * who chose the address by creating there — and only then lets the contract take what it owes.
 */

/** What the address holds before the contract is created: balances in symbol order, items in id order. */
export type Strays = Required<Holding>;

/** The `owneritem/` index prefix of `address` (spec/ledger.md §7.1). */
const ownedItemsPrefix = (address: string): string => `owneritem/${address}/`;

/**
 * The checks a creation makes on its address, in order: it holds at most CONTRACT_STRAY_ASSETS_MAX
 * balances and CONTRACT_STRAY_ITEMS_MAX items (`contract_address_crowded`: one creation moves a
 * bounded amount); each item passes the owner checks with the address as owner and has history room
 * (`unknown_item`, `item_retired`, `item_locked`, `not_owner`, `item_booked`, `item_offered`,
 * `too_many_events`: an item nobody can move stays where it is, and the contract is not created on top
 * of it). Two prefix reads of at most the bound + 1 entries.
 */
export function checkStrays(view: Overlay, address: string): Strays | Rejection {
  const balancePrefix = balanceKey(address, '');
  const balances = view.scanState(balancePrefix, CONTRACT_STRAY_ASSETS_MAX + 1);
  if (balances.length > CONTRACT_STRAY_ASSETS_MAX) return reject('contract_address_crowded', `${address} already holds more than ${CONTRACT_STRAY_ASSETS_MAX} assets, sent before any contract was there`);
  const owned = view.scanState(ownedItemsPrefix(address), CONTRACT_STRAY_ITEMS_MAX + 1);
  if (owned.length > CONTRACT_STRAY_ITEMS_MAX) return reject('contract_address_crowded', `${address} already owns more than ${CONTRACT_STRAY_ITEMS_MAX} items, given before any contract was there`);
  const items = owned.map(({ key }) => key.slice(ownedItemsPrefix(address).length));
  const refused = checkItemsMovable(view, items, address);
  if (refused !== undefined) return refused;
  const assets = balances.map(({ key }) => {
    const asset = key.slice(balancePrefix.length);
    return { asset, amount: getBalance(view, address, asset) };
  });
  return { assets, items };
}

/**
 * Moves `strays` from the new contract's `address` to its `creator`: one `transfer` per asset in
 * symbol order, then one `item.transferred` per item in id order (`by`: the creating kind, whose
 * history entry the item gets). Nothing when the address held nothing, as almost always.
 */
export function returnStrays(view: Overlay, address: string, creator: string, strays: Strays, ctx: BlockContext, kind: string): LedgerEvent[] {
  return give(view, address, creator, strays, creator, ctx, kind);
}
