/**
 * What an item's history entry records (spec/ledger.md §7.1), listed once in the ledger: the type is
 * derived from the list. The wire contract carries no ledger code, so it keeps its own copy for its
 * enum, held equal to this one by test/wire/contract.test.ts.
 */
export const HISTORY_ACTIONS = [
  'register',
  'create',
  'transfer',
  'attest',
  'split',
  'merge',
  'retire',
  'fractionalize',
  'redeem',
  // rentals (contracts/rental/; spec/ledger.md §8.5): who may use the item when, and what became of it
  'rental-offer',
  'rental-book',
  'rental-return',
  'rental-claim',
  'rental-resolve',
  'rental-close',
] as const;

export type HistoryAction = (typeof HISTORY_ACTIONS)[number];
