/** A misuse of the p2p layer by its caller (bad options, a request out of range). `code` is stable. */
export class P2PError extends Error {
  readonly code: 'bad_seed' | 'bad_address' | 'bad_peer' | 'bad_request' | 'bad_state';
  constructor(code: P2PError['code'], message: string) {
    super(message);
    this.name = 'P2PError';
    this.code = code;
  }
}
