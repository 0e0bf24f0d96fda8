import { BaseError } from '../errors/base.ts';

/**
 * A rejection is a value, not an exception (STYLE.md rule 3): every check returns `{ code, message }`
 * with a code from this list. spec/ledger.md documents, per tx kind, the order in which they are made.
 */
export type RejectCode =
  // decoding and shape (stateless)
  | 'malformed'
  | 'non_canonical'
  | 'bad_shape'
  | 'tx_too_large'
  | 'unknown_kind'
  | 'wrong_chain'
  | 'bad_signature'
  // admission (against state)
  | 'expired'
  | 'nonce_too_low'
  | 'nonce_gap'
  | 'fee_too_low'
  | 'insufficient_fee_balance'
  // payload
  | 'bad_amount'
  | 'bad_address'
  | 'unknown_asset'
  | 'insufficient_balance'
  | 'supply_overflow'
  | 'asset_exists'
  | 'bad_symbol'
  | 'bad_asset_params'
  | 'not_mint_authority'
  | 'max_supply_exceeded'
  | 'not_mintable'
  // records (src/ledger/records; spec/ledger.md §7)
  | 'bad_name'
  | 'bad_item_id'
  | 'bad_metadata'
  | 'unknown_registry'
  | 'registry_exists'
  | 'not_curator'
  | 'not_registrar'
  | 'unknown_item'
  | 'item_retired'
  | 'item_locked'
  | 'not_locked'
  | 'not_owner'
  | 'not_authorised'
  | 'bad_signers'
  | 'not_all_shares'
  | 'locked_shares'
  | 'too_many_events'
  // contracts: escrow, swap, offer, split (src/ledger/contracts; spec/ledger.md §8.1–§8.4)
  | 'unknown_contract'
  | 'wrong_party'
  | 'bad_parties'
  | 'contract_closed'
  | 'contract_recipient'
  | 'contract_address_crowded'
  | 'deadline_passed'
  | 'deadline_not_reached'
  | 'no_arbiter'
  | 'escrow_disputed'
  | 'not_disputed'
  | 'bad_tranche'
  | 'tranche_not_held'
  | 'bad_resolution'
  // contracts: rental and stream (src/ledger/contracts/rental/, stream*.ts; spec/ledger.md §8.5, §8.6)
  | 'item_booked'
  | 'item_offered'
  | 'bad_rental_terms'
  | 'bad_periods'
  | 'bad_span'
  | 'booking_overlap'
  | 'too_many_bookings'
  | 'unknown_booking'
  | 'booking_ended'
  | 'booking_active'
  | 'booking_claimed'
  | 'nothing_due'
  | 'beyond_accrued'
  // market (spec/market.md) and the escrow additions it builds on (spec/ledger.md §8.2.7)
  | 'no_review_window'
  | 'already_delivered'
  | 'arbiter_fee_too_high'
  | 'dispute_lapsed'
  | 'unknown_credential'
  | 'credential_revoked'
  | 'unknown_listing'
  | 'bad_listing_target'
  | 'listing_closed'
  | 'listing_paused'
  | 'listing_changed'
  | 'not_orderable'
  | 'self_trade'
  | 'out_of_stock'
  | 'arbiter_not_offered'
  | 'not_credentialed'
  | 'terms_not_enforced'
  // reputation (spec/reputation.md)
  | 'bad_rating'
  | 'no_trade'
  | 'not_a_party'
  | 'already_reviewed'
  | 'window_closed'
  | 'reveal_too_early'
  | 'reveal_mismatch'
  | 'no_review'
  | 'already_replied'
  // org (spec/org.md)
  | 'bad_charter'
  | 'unknown_org'
  | 'not_a_member'
  | 'already_member'
  | 'membership_closed'
  | 'too_many_members'
  | 'unknown_contribution'
  | 'own_contribution'
  | 'window_open'
  | 'already_evaluated'
  | 'no_reputation'
  | 'too_many_evaluations'
  | 'not_evaluated'
  | 'already_revealed'
  | 'contribution_closed'
  | 'contribution_open'
  | 'already_claimed'
  | 'insufficient_reputation'
  | 'unknown_motion'
  | 'motion_not_open'
  | 'motion_not_voting'
  | 'already_voted'
  | 'not_voted'
  | 'motion_closed'
  | 'motion_pending'
  | 'insufficient_treasury'
  | 'treasury_full'
  | 'insufficient_locked'
  | 'nothing_locked'
  // work (spec/work.md)
  | 'job_assigned'
  | 'job_not_assigned'
  | 'already_applied'
  | 'too_many_applicants'
  | 'bad_payee'
  | 'contest_job'
  | 'not_contest'
  | 'not_applied'
  | 'already_awarded'
  | 'over_budget'
  | 'worker_delivered'
  // validator set (src/ledger/validators; spec/ledger.md §10)
  | 'no_validator_set'
  | 'stale_update'
  | 'duplicate_approver'
  | 'unknown_approver'
  | 'bad_approval'
  | 'insufficient_approval'
  | 'unknown_validator'
  | 'empty_validator_set'
  | 'too_many_validators'
  | 'power_overflow';

export interface Rejection {
  readonly code: RejectCode;
  readonly message: string;
}

export function reject(code: RejectCode, message: string): Rejection {
  return { code, message };
}

/** Thrown inside payload decoders only, and turned into a Rejection at the decoder's boundary. */
export class RejectError extends BaseError<RejectCode> {
  override name = 'RejectError';
  readonly rejection: Rejection;
  constructor(code: RejectCode, message: string) {
    super(code, message);
    this.rejection = { code, message };
  }
}
