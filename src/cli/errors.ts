import { BaseError } from '../errors/base.ts';
import type { RejectCode } from '../ledger/errors.ts';

/**
 * An error the CLI reports to its user: `code` is stable (scripts match on it), `message` says what
 * to do. main.ts prints it as `error: <code>: <message>` (or `{"error":{code,message}}` with --json)
 * on stderr and exits 1.
 */
export type CliErrorCode =
  | 'all_nodes_exited'
  | 'bad_address'
  | 'bad_amount'
  | 'bad_document'
  | 'bad_file'
  | 'bad_genesis'
  | 'bad_height'
  | 'bad_item_id'
  | 'bad_json'
  | 'bad_key_name'
  | 'bad_metadata'
  | 'bad_name'
  | 'bad_node_url'
  | 'bad_port'
  | 'bad_request'
  | 'bad_signers'
  | 'bad_symbol'
  | 'bad_tx_id'
  | 'bad_usage'
  | 'bad_validators'
  | 'cancelled'
  | 'internal'
  | 'key_exists'
  | 'no_trust_anchor'
  | 'not_proven'
  | 'passphrase_mismatch'
  | 'passphrase_required'
  | 'port_in_use'
  | 'unknown_asset'
  | 'unknown_contract'
  // a payload the ledger would refuse, found before sending (agora swap)
  | RejectCode;

export class CliError extends BaseError<CliErrorCode> {
  override name = 'CliError';
  constructor(code: CliErrorCode, message: string) {
    super(code, message);
  }
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
}

/**
 * The `{code, message}` reported for anything thrown. Errors carrying a string `code` (CliError,
 * CryptoError, node's system errors, commander's) keep it; anything else is `internal`.
 */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code.length > 0 ? code : 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}
