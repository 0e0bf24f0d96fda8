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
