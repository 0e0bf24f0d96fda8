import { BaseError } from '../errors/base.ts';

/**
 * Every failure the SDK reports (STYLE.md rule 4): `code` is stable — the node's error code for an
 * HTTP error body or a failed receipt, `network_error` when the node cannot be reached, `timeout`
 * when it does not answer in time, `bad_response` for an answer that is not the API's. `code` stays a
 * string, not a union: a newer node may answer with a code this SDK does not know yet. It extends
 * the one BaseError of every layer (spec/decisions/0005-one-error-base.md).
 */
export class AgoraError extends BaseError<string> {
  override name = 'AgoraError';
  /** The HTTP status, or 0 when no HTTP answer was received. */
  readonly status: number;
  declare readonly details: { [key: string]: unknown };

  constructor(code: string, message: string, options: { status?: number; details?: { [key: string]: unknown }; cause?: unknown } = {}) {
    super(code, message, { details: options.details ?? {}, cause: options.cause });
    this.status = options.status ?? 0;
  }
}

export function isAgoraError(error: unknown): error is AgoraError {
  return error instanceof AgoraError;
}
