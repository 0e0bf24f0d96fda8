import { BaseError, type ErrorDetails } from '../errors/base.ts';
import type { RejectCode } from '../ledger/errors.ts';

/** Codes the node adds to the ledger's rejections (spec/api.md §Errors). */
export type NodeErrorCode =
  | RejectCode
  | 'mempool_full'
  | 'sender_limit'
  | 'duplicate_tx'
  | 'already_committed'
  | 'not_found'
  | 'before_base'
  | 'unknown_order'
  | 'bad_request'
  | 'body_too_large'
  | 'too_many_subscribers'
  | 'shutting_down'
  | 'report_too_large'
  | 'too_many_reports'
  | 'too_many_searches'
  | 'too_many_reads'
  | 'home_in_use'
  | 'internal';

/**
 * What a node started by state sync never held (spec/node.md §State sync): blocks before its base
 * height H, and the txs and receipts of blocks up to H, so provenance and reputation reports that need
 * them. HTTP 410; the message names the base, so a client knows to ask a node that replayed from genesis.
 */
export function beforeBase(what: string, baseHeight: number): NodeError {
  return new NodeError('before_base', `${what} is not held here: this node started from a state snapshot at height ${baseHeight} (state sync) and holds no block before it, nor the txs and receipts of block ${baseHeight}; ask a node that replayed from genesis`, { baseHeight });
}

/** An error that crosses the node's boundary: a stable code, a short message, optional details. */
export class NodeError extends BaseError<NodeErrorCode> {
  override name = 'NodeError';
  constructor(code: NodeErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, { details });
  }
}

/** A refusal as a value (STYLE.md rule 3): the ledger's Rejection widened to the node's codes. */
export interface Refusal {
  readonly code: NodeErrorCode;
  readonly message: string;
}
