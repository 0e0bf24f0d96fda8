/**
 * Node and SDK error codes (spec/api.md §9, src/client/errors.ts) in words a person understands.
 * The node's own message is kept as a detail: it names the amounts and fields involved.
 */
import { isAgoraError } from '../../src/client/index.ts';

export const ERROR_WORDS: { readonly [code: string]: string } = {
  // the tx itself
  malformed: 'The transaction could not be read by the node. Please try again.',
  non_canonical: 'The transaction was not encoded the one way the ledger accepts.',
  bad_shape: 'The transaction is missing a field or has one of the wrong type.',
  tx_too_large: 'The transaction is too large.',
  unknown_kind: 'This node does not know that kind of transaction.',
  wrong_chain: 'The transaction was signed for another chain.',
  bad_signature: 'The signature does not match the transaction.',
  // admission
  expired: 'The transaction expired before it could be included in a block.',
  nonce_too_low: 'This transaction was already sent (its sequence number is used). Reload and try again.',
  nonce_gap: 'An earlier transaction from this account is still missing. Wait a moment and try again.',
  fee_too_low: 'The fee is too low for this transaction.',
  insufficient_fee_balance: 'You do not have enough of the native asset to pay the fee.',
  // payload
  bad_amount: 'That amount is not valid: use digits, with at most as many decimals as the asset has, and more than zero.',
  bad_address: 'That is not a valid Agora address (it starts with agora1…).',
  bad_symbol: 'A symbol is 2 to 12 capital letters or digits, starting with a letter.',
  unknown_asset: 'There is no asset with that symbol on this chain.',
  insufficient_balance: 'You do not have enough of that asset for this transaction.',
  supply_overflow: 'That would take the supply above the largest amount the ledger can hold.',
  asset_exists: 'An asset with that symbol already exists. Choose another symbol.',
  bad_asset_params: 'The asset settings are not valid (name, decimals, supply or maximum supply).',
  not_mint_authority: 'Only the asset’s mint authority can create more of it.',
  max_supply_exceeded: 'That would take the supply above the asset’s maximum supply.',
  not_mintable: 'This asset has a fixed supply: nobody can create more of it.',
  // records (spec/ledger.md §7.2)
  bad_name: 'A kind, event type or registry name is 1 to 32 small letters, digits, dots or dashes, starting with a letter (e.g. coffee-lot).',
  bad_item_id: 'That is not a valid item id (it starts with item1… and has 63 characters).',
  bad_metadata: 'The metadata, data or documents are too large: metadata up to 2,048 characters, event data up to 1,024, at most 16 documents.',
  unknown_registry: 'There is no registry with that name on this chain.',
  registry_exists: 'A registry with that name already exists. Choose another name.',
  not_curator: 'Only the registry’s curator (its creator) can change who may register or attest in it.',
  not_registrar: 'This registry is curated: only its curator and the registrars it named may register items in it.',
  unknown_item: 'There is no item with that id on this chain.',
  item_retired: 'This item is retired (split, merged or retired): nothing can change it any more.',
  item_locked: 'This item is locked in shares (fractionalised): it moves only when someone holding all its shares redeems it.',
  not_locked: 'This item is not fractionalised, so there are no shares to redeem it with.',
  not_owner: 'Only the item’s owner can do that, and this key is not its owner.',
  not_authorised: 'This key may not attest that on this item: only its owner, its current custodian, or an attester the registry allows for that event type may.',
  not_all_shares: 'Redeeming an item takes all of its shares, and this key does not hold them all.',
  locked_shares: 'These are shares of a locked item: they cannot be burnt while the item is locked.',
  too_many_events: 'This item’s history is full: it takes no more events.',
  report_too_large: 'This item’s provenance report would be too large for the node to build.',
  too_many_reports: 'The node is building as many reports of this kind (provenance or reputation) as it allows at once. Try again in a moment.',
  too_many_searches: 'The node is running as many listing searches as it allows at once. Try again in a moment.',
  too_many_reads: 'The node is reading as many arbiter queues, review lists or evidence documents as it allows at once. Try again in a moment.',
  before_base: 'This node started from a recent snapshot of the chain (state sync) and does not hold this older block, transaction or report. Ask a node that holds the whole chain.',
  // contracts (spec/ledger.md §8)
  unknown_contract: 'There is no contract at that address.',
  wrong_party: 'This key is not the party of the contract allowed to do that.',
  bad_parties: 'The parties of the contract are not valid (each once, and not the contract itself).',
  contract_closed: 'This contract is closed: it takes no more actions.',
  contract_recipient: 'Value and items cannot be sent to that contract account.',
  contract_address_crowded: 'So much was sent to this contract’s address before it existed that it cannot be created there. Try again: the next attempt uses a new address.',
  deadline_passed: 'The contract’s deadline has passed.',
  deadline_not_reached: 'The contract’s deadline has not come yet.',
  no_arbiter: 'This contract has no arbiter, so there is nobody to decide a dispute or a damage claim.',
  escrow_disputed: 'This escrow is in dispute: only its arbiter can settle it now.',
  not_disputed: 'There is no dispute or damage claim open to decide.',
  bad_tranche: 'That part of the escrow does not exist.',
  tranche_not_held: 'That part of the escrow was already paid out or refunded.',
  bad_resolution: 'That way of settling the dispute is not valid.',
  item_booked: 'The item is booked for a rental at that time.',
  item_offered: 'The item is offered for rent: withdraw the offer first.',
  bad_rental_terms: 'The rental terms are not valid (price, deposit or periods).',
  bad_periods: 'The rental periods are not valid.',
  bad_span: 'That time span is not valid for this rental.',
  booking_overlap: 'That time overlaps another booking of this item.',
  too_many_bookings: 'This item has as many bookings as it can take.',
  unknown_booking: 'There is no such booking.',
  booking_ended: 'This booking has ended.',
  booking_active: 'This booking is still running.',
  booking_claimed: 'This booking’s deposit was already claimed.',
  nothing_due: 'Nothing is due yet.',
  beyond_accrued: 'That is more than has been earned so far.',
  // market (spec/market.md) and the escrow additions it builds on (spec/ledger.md §8.2.7)
  no_review_window: 'This escrow has no review window, so delivery cannot be marked on it.',
  already_delivered: 'That part of the escrow was already marked delivered.',
  arbiter_fee_too_high: 'The arbiter’s fee is more than a part of the escrow holds.',
  dispute_lapsed: 'The arbiter’s time to decide has passed: the escrow now settles by its default.',
  unknown_credential: 'There is no such credential.',
  credential_revoked: 'That credential was revoked.',
  unknown_listing: 'There is no such listing.',
  unknown_order: 'There is no such order.',
  bad_listing_target: 'The listing must point at your own open rental or offer.',
  listing_closed: 'This listing is closed or has expired.',
  listing_paused: 'This listing is paused by its seller.',
  listing_changed: 'The listing changed since you looked at it: check the new terms and order again.',
  not_orderable: 'This listing cannot be ordered this way.',
  self_trade: 'You cannot trade with yourself: not your own listing, and not a job or milestone you are paid by.',
  out_of_stock: 'This listing is out of stock.',
  arbiter_not_offered: 'The seller does not accept that arbiter.',
  not_credentialed: 'This needs a credential (a listing’s, a job’s, or an org’s approver role) that is missing, expired or revoked.',
  no_seller_key: 'The seller’s public key is not known yet, so a note cannot be sealed to them. Order without a note, or try again later.',
  price_needs_asset: 'A price range needs the asset it is counted in: fill in the asset too.',
  bad_price_range: 'The lowest price is above the highest: swap them or widen the range.',
  bad_score: 'A seller’s score is 1 to 5 stars, or 0 to 100 percent, with at most 4 decimals.',
  credential_incomplete: 'A credential is named by its registry and its type: fill in both, or neither.',
  bad_dates: 'Pick the first and the last day of the rental: the last not before the first, the first not in the past nor more than 366 days ahead.',
  missing_target: 'A rental listing points at one of your open rentals, a sale at one of your open offers: choose it (create it in the wallet first).',
  dates_need_rental: 'Dates find rentals: choose the kind “rental” (or any kind) to search by dates.',
  bad_note: 'A note to the seller is 1 to 448 bytes of text (about 448 letters).',
  review_text_too_long: 'A review text is at most 1,024 bytes of UTF-8 (about 1,000 letters, fewer with accents or emoji): shorten it.',
  no_saved_review: 'This browser does not hold the review you committed (its secret is kept where you committed it), so it cannot be revealed here.',
  // reputation (spec/reputation.md)
  bad_rating: 'A rating is a whole number from 1 to 5.',
  no_trade: 'There is no such settled trade: only a real trade can be reviewed.',
  not_a_party: 'You can review only the other side of your own trade (or its arbiter after a dispute).',
  already_reviewed: 'You have already reviewed them for this trade.',
  window_closed: 'The window for that has closed (the time to review a trade, to evaluate or reveal, or to object).',
  reveal_too_early: 'The other side may still write their review: reveal yours once they have, or when their time is up.',
  reveal_mismatch: 'That is not what you committed: the rating, score, details or saved secret differ.',
  terms_not_enforced: 'A rental or sale listing can state only what its rental or offer itself enforces: the same price and credential, no arbiter, and a stock of 1 for a sale.',
  no_review: 'There is no such review.',
  already_replied: 'You have already replied to this review.',
  // work (spec/work.md)
  job_assigned: 'This job already has a worker: it can no longer be cancelled or applied to.',
  job_not_assigned: 'This job has no worker yet.',
  already_applied: 'You have already applied to this job.',
  too_many_applicants: 'This job has as many applications as it can take.',
  bad_payee: 'The worker must be an address, or a split whose creator (the lead) is among its members.',
  contest_job: 'This is a contest: workers submit and the client awards, nobody is assigned.',
  not_contest: 'This job is not a contest.',
  not_applied: 'That address has not applied to this job.',
  already_awarded: 'This contest was already awarded.',
  over_budget: 'That is more than the job’s budget.',
  worker_delivered: 'The worker has delivered, so they cannot be replaced.',
  // org (spec/org.md)
  bad_charter: 'The charter is out of range, or changes the half-life, which is fixed when the organisation is founded.',
  unknown_org: 'There is no organisation at that address.',
  not_a_member: 'Only members of this organisation can do that.',
  already_member: 'That address is already a member.',
  membership_closed: 'This organisation adds members by motion only.',
  too_many_members: 'This organisation has as many members as it can hold.',
  unknown_contribution: 'There is no such contribution.',
  own_contribution: 'You cannot evaluate your own contribution.',
  window_open: 'It is too early: the current window is still open.',
  already_evaluated: 'You have already evaluated this contribution.',
  no_reputation: 'You hold no reputation in this organisation yet: a contribution of yours must be accepted first.',
  too_many_evaluations: 'This contribution has all the evaluations it can take.',
  not_evaluated: 'You did not evaluate this contribution.',
  already_revealed: 'You have already revealed this.',
  contribution_closed: 'This contribution is already closed.',
  contribution_open: 'This contribution is not closed yet.',
  already_claimed: 'You have already claimed from this contribution.',
  insufficient_reputation: 'You do not hold enough reputation to stake on this motion.',
  unknown_motion: 'There is no such motion.',
  motion_not_open: 'This motion can no longer be objected to.',
  motion_not_voting: 'This motion is not at a vote.',
  already_voted: 'You have already voted on this motion.',
  not_voted: 'You did not vote on this motion.',
  motion_closed: 'This motion has already passed or failed.',
  motion_pending: 'This motion is not decided yet.',
  insufficient_treasury: 'The treasury does not hold enough for that.',
  treasury_full: 'The treasury holds as many kinds of assets and items as it can.',
  insufficient_locked: 'You have fewer of the organisation’s tokens locked than that.',
  nothing_locked: 'Nobody has locked the organisation’s tokens: there are no holders to share with.',
  // validator set (spec/ledger.md §10)
  no_validator_set: 'This chain keeps no validator set in its state.',
  stale_update: 'The validator update was approved for an earlier state of the set: propose it again.',
  duplicate_approver: 'A validator approves the update twice.',
  unknown_approver: 'An approval comes from someone who is not a current validator.',
  bad_approval: 'An approval’s signature does not match the update.',
  insufficient_approval: 'The approvals hold two thirds of the voting power or less: more validators must approve.',
  unknown_validator: 'That validator is not in the set.',
  empty_validator_set: 'The update would leave no validator.',
  too_many_validators: 'The update would make more validators than a set may hold.',
  power_overflow: 'The total voting power would be too large.',
  // the node
  not_found: 'Nothing was found there.',
  duplicate_tx: 'This transaction is already waiting to be included in a block.',
  already_committed: 'This transaction is already on the ledger.',
  mempool_full: 'The node is busy right now. Try again in a few seconds.',
  sender_limit: 'You have too many transactions waiting. Wait for some to be included, then try again.',
  too_many_subscribers: 'The node has too many live connections; live updates are paused.',
  shutting_down: 'The node is shutting down.',
  bad_request: 'The node refused the request as malformed.',
  body_too_large: 'The request is too large for the node.',
  unsupported_media_type: 'The node refused the request format.',
  internal: 'The node had an internal error. Try again later.',
  // the SDK
  network_error: 'The node cannot be reached. Check that it is running.',
  timeout: 'The node did not answer in time.',
  commit_timeout: 'The transaction was accepted but is not in a block yet. Check its page in a moment.',
  tx_dropped: 'The transaction left the node’s queue without being included. It did not happen; try again.',
  bad_response: 'The node answered with something unexpected.',
  bad_signers: 'The transaction does not have the right signers.',
  // the wallet
  bad_mnemonic: 'Those words are not a valid recovery phrase (check each word and their number: 12 to 24).',
  wrong_passphrase: 'Wrong passphrase.',
  weak_passphrase: 'Use a passphrase of at least 8 characters.',
  passphrase_mismatch: 'The two passphrases differ.',
  key_exists: 'This key is already in the wallet.',
  too_many_keys: 'This browser already keeps the most keys it allows. Remove one first.',
  corrupt_key: 'The stored key is damaged: it does not match its address.',
  no_secure_context: 'The wallet needs a secure page (https, or the node on localhost) to encrypt keys.',
  bad_json: 'That is not valid JSON. Check the quotes, commas and braces (e.g. {"grade": "AA"}).',
  bad_document: 'A document could not be read from this device.',
  missing_field: 'A required field is empty.',
  no_action: 'There is nothing this key may do on that contract now.',
};

export interface HumanError {
  /** For people. */
  text: string;
  /** The stable code, shown small, useful when reporting a problem. */
  code: string;
  /** The node's own message, when it adds something. */
  detail?: string;
}

export function humanError(error: unknown): HumanError {
  const code = isAgoraError(error) || hasCode(error) ? error.code : 'unexpected';
  const message = error instanceof Error ? error.message : String(error);
  const words = ERROR_WORDS[code];
  if (words === undefined) return { text: message.length > 0 ? message : 'Something went wrong.', code };
  return { text: words, code, detail: message !== words ? message : undefined };
}

function hasCode(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** The words for a receipt code of a committed tx ('ok' is success). */
export function receiptWords(code: string): string {
  return code === 'ok' ? 'Success' : (ERROR_WORDS[code] ?? code);
}
