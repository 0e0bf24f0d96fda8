import type { Holding } from './value-types.ts';

/** Escrow payloads (src/ledger/contracts/escrow.ts; spec/ledger.md §8.2). The payer is the signer of escrow.create. */

/** What the escrow does at its deadline when nobody disputed it: pay the payee, or return to the payer. */
export type EscrowDefault = 'release' | 'refund';

export interface EscrowCreatePayload {
  payee: string;
  /** Who settles a dispute; without one, the escrow cannot be disputed. */
  arbiter?: string;
  /** Block time (ms) from which the default applies and disputes are refused. */
  deadlineMs: number;
  onExpiry: EscrowDefault;
  /** 1 … ESCROW_TRANCHES_MAX milestones, released one by one; a plain escrow has one. */
  tranches: Holding[];
  /** How long a delivered tranche waits for the payer before it releases by itself (§8.2.7); without it, escrow.deliver is refused. */
  reviewWindowMs?: number;
  /** Paid to the arbiter out of the held value when it resolves a dispute (§8.2.7); only with an arbiter. */
  arbiterFee?: ArbiterFee;
  /** How long the arbiter has to resolve a dispute before it lapses to the default (§8.2.7); only with an arbiter. */
  arbiterWindowMs?: number;
  /** work (spec/ledger.md §8.2.8): per tranche, the block time by which it must be delivered, else it refunds; only with a review window. */
  deliverByMs?: number[];
}

export interface ArbiterFee {
  asset: string;
  amount: bigint;
}

/** By the payee: marks tranche `tranche` delivered, which starts its review window (§8.2.7). */
export interface EscrowDeliverPayload {
  escrow: string;
  tranche: number;
  /** SHA-256 of a delivery document kept off-chain. */
  document?: Uint8Array;
}

/** By the payer: pays tranche `tranche` to the payee. */
export interface EscrowReleasePayload {
  escrow: string;
  tranche: number;
}

/** By the payee (refund), by a party (dispute), or by anyone (settle, after the deadline). */
export interface EscrowRefPayload {
  escrow: string;
}

/** By the arbiter of a disputed escrow: `toPayee` goes to the payee, the rest of the held tranches to the payer. */
export interface EscrowResolvePayload {
  escrow: string;
  toPayee?: Holding;
}
