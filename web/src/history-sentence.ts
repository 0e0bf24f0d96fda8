/**
 * What one entry of an item's history (spec/ledger.md §7.1) did, as a sentence: "Transferred from A
 * to B for 5 AGR", "Attested: inspection, by C". The timeline shows it above the entry's labelled
 * fields (history-details.ts), so a reader need not work out from raw addresses who did what. Pure;
 * tested in test/web/history-sentence-pure.test.ts.
 */
import type { HistoryEntryJson } from '../../src/client/index.ts';

/** A piece of a sentence: words, or a ledger object the page shows as a link (amounts with their decimals). */
export type Phrase =
  | string
  | { kind: 'address'; value: string }
  | { kind: 'contract'; value: string }
  | { kind: 'items'; value: string[] }
  | { kind: 'amount'; amount: string; asset: string };

const address = (value: string): Phrase => ({ kind: 'address', value });
const items = (value: string[]): Phrase => ({ kind: 'items', value });

/** `parts` without the undefined ones: optional clauses ("for 5 AGR") are written inline. */
const words = (...parts: (Phrase | false | undefined)[]): Phrase[] => parts.filter((part): part is Phrase => part !== false && part !== undefined);

export function entrySentence(entry: HistoryEntryJson): Phrase[] {
  const { signer, from, to, custodian, user, contract, payment, asset, shares, reason, booking } = entry;
  const inBooking = booking === undefined ? undefined : ` (booking ${booking})`;
  switch (entry.action) {
    case 'register':
      return words('Registered by ', address(signer), to !== undefined && to !== signer && ', owned by ', to !== undefined && to !== signer && address(to), custodian !== undefined && ', held by ', custodian !== undefined && address(custodian));
    case 'create':
      return words((entry.items?.length ?? 0) > 1 ? 'Made by merging ' : 'Made by splitting ', items(entry.items ?? []), to !== undefined && ', owned by ', to !== undefined && address(to));
    case 'transfer':
      return words('Transferred from ', address(from ?? signer), ' to ', to !== undefined && address(to), payment !== undefined && ' for ', payment !== undefined && { kind: 'amount', ...payment });
    case 'attest':
      if (entry.type === 'custody') return words('Custody handed to ', custodian !== undefined && address(custodian), ' by ', address(signer));
      return words(`Attested: ${entry.type ?? 'event'}, by `, address(signer));
    case 'split':
      return words('Split into ', items(entry.items ?? []), ' by ', address(signer));
    case 'merge':
      return words('Merged into ', items(entry.items ?? []), ' by ', address(signer));
    case 'retire':
      return words('Retired by ', address(signer), reason !== undefined && `: ${reason}`);
    case 'fractionalize':
      return words('Fractionalised by ', address(signer), ' into ', asset !== undefined && shares !== undefined && { kind: 'amount', amount: shares, asset });
    case 'redeem':
      return words('Redeemed by ', address(to ?? signer), ' with all its shares', from !== undefined && ', from ', from !== undefined && address(from));
    case 'rental-offer':
      return words('Offered for rent by ', address(signer), contract !== undefined && ' in ', contract !== undefined && { kind: 'contract', value: contract });
    case 'rental-book':
      return words('Booked by ', address(user ?? signer), inBooking);
    case 'rental-return':
      return words('Returned by ', address(user ?? signer), inBooking);
    case 'rental-claim':
      return words('Damage claimed by ', address(signer), booking !== undefined && ` on booking ${booking}`, user !== undefined && ' (renter ', user !== undefined && address(user), user !== undefined && ')', reason !== undefined && `: ${reason}`);
    case 'rental-resolve':
      return words('Claim resolved by ', address(signer), inBooking);
    case 'rental-close':
      return words('Rental closed by ', address(signer));
    default:
      // An action added after this table: its name, and who did it.
      return words(`${String(entry.action)} by `, address(signer));
  }
}
