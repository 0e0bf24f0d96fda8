/**
 * Every failure the SDK reports (STYLE.md rule 4): `code` is stable — the node's error code for an
 * HTTP error body or a failed receipt, `network_error` when the node cannot be reached, `timeout`
 * when it does not answer in time, `bad_response` for an answer that is not the API's.
 */
export class AgoraError extends Error {
  readonly code: string;
  /** The HTTP status, or 0 when no HTTP answer was received. */
  readonly status: number;
  readonly details: { [key: string]: unknown };

  constructor(code: string, message: string, options: { status?: number; details?: { [key: string]: unknown }; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgoraError';
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details ?? {};
  }
}

export function isAgoraError(error: unknown): error is AgoraError {
  return error instanceof AgoraError;
}
