/** Error thrown by crypto helpers on malformed input. `code` is stable and documented. */
export class CryptoError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}
