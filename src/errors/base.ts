/**
 * The one base of every error Agora throws (spec/decisions/0005-one-error-base.md; Lodestar's
 * `LodestarError<{code}>`, viem's `BaseError`): a stable `code` from the layer's own union, a short
 * `message`, optional `details`. Each layer declares its subclass with its codes typed, so a caller's
 * `switch (error.code)` is checked by the compiler. Browser-safe and pure: it imports nothing.
 */
export type ErrorDetails = { readonly [key: string]: unknown };

export class BaseError<Code extends string = string> extends Error {
  override name = 'BaseError';
  readonly code: Code;
  readonly details?: ErrorDetails;

  constructor(code: Code, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
  }
}

/**
 * Thrown only when an internal invariant breaks (STYLE.md rule 3): a bug, never bad input. The node
 * stops rather than continue wrong. Every layer asserts through `invariant` below.
 */
export class InvariantError extends BaseError<'invariant'> {
  override name = 'InvariantError';
  constructor(message: string) {
    super('invariant', message);
  }
}

/** An assertion that stays on in production (TigerBeetle's style): one condition a call. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
