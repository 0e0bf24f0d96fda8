import { reject, type Rejection } from '../errors.ts';
import { ITEM_EVENTS_MAX } from '../limits.ts';
import type { StateReader } from '../state.ts';
import { getItem, type Item } from './item-state.ts';
import { getRegistry, mayRegister } from './registry-state.ts';
import { getRentalMark } from './rented.ts';

/** Stateful checks shared by the item kinds, each returning the rejection of spec/ledger.md §7.2. */

export function isRejection(value: object): value is Rejection {
  return 'code' in value;
}

/** `unknown_item`, then `item_retired`. */
export function loadUnretiredItem(view: StateReader, id: string): Item | Rejection {
  const item = getItem(view, id);
  if (item === undefined) return reject('unknown_item', `no item ${id}`);
  if (item.status === 'retired') return reject('item_retired', `item ${id} is retired`);
  return item;
}

/**
 * What the owner-only kinds check first: `unknown_item`, `item_retired`, `item_locked`, `not_owner`,
 * then `item_booked` / `item_offered` (an item under a rental offer stays as it is, checkNotRented).
 */
export function loadOwnedItem(view: StateReader, id: string, signer: string): Item | Rejection {
  const item = loadUnretiredItem(view, id);
  if (isRejection(item)) return item;
  if (item.status === 'locked') return reject('item_locked', `item ${id} is locked by its shares ${item.lock?.asset ?? ''}; only item.redeem moves it`);
  if (item.owner !== signer) return reject('not_owner', `${signer} does not own item ${id}`);
  return checkNotRented(view, id) ?? item;
}

/** `too_many_events`: the item's history has ITEM_EVENTS_MAX entries. */
export function checkHistoryRoom(item: Item): Rejection | undefined {
  if (item.events >= ITEM_EVENTS_MAX) return reject('too_many_events', `item ${item.id} has ${item.events} history entries, the most one item may have`);
  return undefined;
}

/** For a new item in `registry`: `unknown_registry`, then `not_registrar`. Nothing to check without a registry. */
export function checkMayRegister(view: StateReader, registry: string | undefined, signer: string): Rejection | undefined {
  if (registry === undefined) return undefined;
  const record = getRegistry(view, registry);
  if (record === undefined) return reject('unknown_registry', `no registry ${registry}`);
  if (!mayRegister(view, record, signer)) return reject('not_registrar', `registry ${registry} is curated; ${signer} is neither its curator nor a registrar`);
  return undefined;
}

/**
 * The owner check added by rentals: an item with an unsettled booking → `item_booked`; an item offered
 * for rent without one → `item_offered` (its owner closes the offer first, `rental.close`). So an item
 * is never transferred, split, merged, retired, fractionalised or put in another contract while a
 * renter may use it or a deposit for it is held.
 */
export function checkNotRented(view: StateReader, id: string): Rejection | undefined {
  const mark = getRentalMark(view, id);
  if (mark === undefined) return undefined;
  if (mark.bookings > 0) return reject('item_booked', `item ${id} has ${mark.bookings} unsettled booking(s) in rental ${mark.rental}`);
  return reject('item_offered', `item ${id} is offered for rent by ${mark.rental}; its owner closes the offer (rental.close) first`);
}
