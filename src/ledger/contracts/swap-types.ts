import type { CredentialName } from '../market/types.ts';
import type { Holding } from './value-types.ts';

/** Swap and offer payloads (src/ledger/contracts/swap.ts, offer.ts; spec/ledger.md §8.3). */

/** One giver hands assets and items to one receiver. */
export interface SwapLeg extends Holding {
  from: string;
  to: string;
}

/** Signed by every giver (`from`) and by nobody else; all legs move, or none. */
export interface SwapPayload {
  legs: SwapLeg[];
}

/** By the maker (the signer): `give` is locked in the offer until it is accepted or cancelled. */
export interface OfferCreatePayload {
  /** Only this address may accept; absent means anyone but the maker. */
  counterparty?: string;
  give: Holding;
  /** What the acceptor gives the maker in return. */
  ask: Holding;
  /** Block time (ms) from which the offer can no longer be accepted. */
  deadlineMs: number;
  /** A credential the acceptor must hold, valid, at offer.accept (decision 0012). */
  requires?: CredentialName;
}

/** `offer.accept` (by the counterparty, or anyone) and `offer.cancel` (by the maker). */
export interface OfferRefPayload {
  offer: string;
}
