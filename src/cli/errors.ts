/**
 * An error the CLI reports to its user: `code` is stable (scripts match on it), `message` says what
 * to do. main.ts prints it as `error: <code>: <message>` (or `{"error":{code,message}}` with --json)
 * on stderr and exits 1.
 */
export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
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
