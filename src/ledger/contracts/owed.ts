import type { CborMap } from '../../codec/shape.ts';
import { InvariantError } from '../../errors/base.ts';
import type { ContractType } from '../accounts/contract-account.ts';
import { decodeEscrow, heldTranches } from './escrow-state.ts';
import { assetTotals } from './payload-fields.ts';
import { decodeOffer } from './offer-state.ts';
import { decodeRental, rentalOwed } from './rental/state.ts';
import { decodeStream, streamOwed } from './stream-state.ts';
import type { Holding } from './value-types.ts';
// org (spec/org.md)
import { decodeOrg, orgOwed } from '../org/state.ts';
// market (spec/market.md)
import { decodeListing } from '../market/listing-state.ts';
// work (spec/work.md)
import { decodeJob, jobOwed } from '../work/state.ts';

/**
 * What each contract's record says its address must hold (spec/ledger.md §8.7): the invariant
 * "a contract account holds exactly what its open contract owes" compares this with the balances and
 * items of the address (test/helpers/invariants.ts checkContractInvariants), and a node may check it
 * at cheap points.
 *
 * One entry per ContractType, each added by its module: a new type without an entry is a compile
 * error (and a record whose type has none still fails the invariant, owedBy throws).
 */
export interface Owed {
  /** Per asset, in symbol order; no zero amounts. */
  assets: Map<string, bigint>;
  /** Item ids, sorted. */
  items: string[];
}

export type OwedReader = (address: string, record: CborMap) => Owed;

const NOTHING_OWED: Owed = Object.freeze({ assets: new Map<string, bigint>(), items: [] as string[] }) as Owed;

/** The sum of some holdings, as an Owed. */
function owedOf(holdings: readonly Holding[]): Owed {
  return { assets: assetTotals(holdings), items: holdings.flatMap((h) => h.items ?? []).sort() };
}

const OWED_BY_TYPE: { [T in ContractType]: OwedReader } = {
  // Escrow (§8.2): the tranches still held, while open or disputed; nothing once closed.
  escrow: (address, record) => owedOf(heldTranches(decodeEscrow(address, record))),
  // Split (§8.4): forwards every payment in the tx that brings it, so it holds nothing between txs.
  split: () => NOTHING_OWED,
  // Offer (§8.3): what the maker gives, while open; nothing once accepted or cancelled.
  offer: (address, record) => {
    const offer = decodeOffer(address, record);
    return offer.state === 'open' ? owedOf([offer.give]) : NOTHING_OWED;
  },
  // Rental (§8.5): per unsettled booking, its price while booked and its deposit; nothing once closed.
  rental: (_address, record) => rentalOwed(decodeRental(record)),
  // Stream (§8.6): the deposit less what the payee took, while open; nothing once stopped or done.
  stream: (_address, record) => streamOwed(decodeStream(record)),
  // market (spec/market.md §2): a listing holds its bond while not closed.
  listing: (address, record) => {
    const listing = decodeListing(address, record);
    return listing.state === 'closed' ? NOTHING_OWED : { assets: new Map([[listing.bondAsset, listing.bond]]), items: [] };
  },
  // org (spec/org.md §1): an organisation holds exactly its treasury.
  org: (_address, record) => orgOwed(decodeOrg(record)),
  // work (spec/work.md §1): a job holds its available budget and its applicants' bonds.
  job: (address, record) => ({ assets: jobOwed(decodeJob(address, record)), items: [] }),
};

/** What the contract at `address`, of `type`, owes; throws InvariantError for a type without an entry. */
export function owedBy(type: ContractType, address: string, record: CborMap): Owed {
  const reader = OWED_BY_TYPE[type];
  if (reader === undefined) throw new InvariantError(`contracts/owed.ts has no entry for contract type "${type}" (contract ${address})`);
  return reader(address, record);
}
