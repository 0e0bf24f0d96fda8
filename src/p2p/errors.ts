import { BaseError } from '../errors/base.ts';

export type P2PErrorCode = 'bad_seed' | 'bad_address' | 'bad_peer' | 'bad_request' | 'bad_state';

/** A misuse of the p2p layer by its caller (bad options, a request out of range). `code` is stable. */
export class P2PError extends BaseError<P2PErrorCode> {
  override name = 'P2PError';
  constructor(code: P2PErrorCode, message: string) {
    super(code, message);
  }
}
