import { readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';

/**
 * Items under a rental offer (spec/ledger.md §7.1, §8.5):
 *   rentalitem/<item id>  → { rental: the rental's contract address, bookings: its unsettled bookings }
 * written by the rental kinds (contracts/rental/) while the offer is open, deleted when it closes.
 * It lives with the records module because the owner checks read it (checks.ts checkNotRented): an item
 * offered for rent stays with its owner, live and whole, for the renters who book it. One read per owner check.
 */
export interface RentalMark {
  rental: string;
  /** Bookings of the rental not yet settled (price or deposit still held by the contract). */
  bookings: number;
}

export const rentalMarkKey = (id: string): string => `rentalitem/${id}`;

export function getRentalMark(view: StateReader, id: string): RentalMark | undefined {
  const record = getStateValue(view, rentalMarkKey(id));
  if (record === undefined) return undefined;
  const map = readMap(record, 'rentalitem', ['rental', 'bookings']);
  return { rental: readString(map.rental, 'rentalitem.rental', 90), bookings: readSmallUint(map.bookings, 'rentalitem.bookings', Number.MAX_SAFE_INTEGER) };
}

export function putRentalMark(view: Overlay, id: string, mark: RentalMark): void {
  putStateValue(view, rentalMarkKey(id), { rental: mark.rental, bookings: mark.bookings });
}

export function deleteRentalMark(view: Overlay, id: string): void {
  view.delete(rentalMarkKey(id));
}
