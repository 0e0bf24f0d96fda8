import { BaseError } from '../errors/base.ts';

/** Codes of CodecError: stable, listed in spec/encoding.md. */
export type CodecErrorCode = 'malformed' | 'non_canonical' | 'unsupported_type' | 'too_large' | 'bad_shape' | 'unsupported_version';

/** A value could not be encoded or bytes could not be decoded. */
export class CodecError extends BaseError<CodecErrorCode> {
  override name = 'CodecError';
  constructor(code: CodecErrorCode, message: string) {
    super(code, message);
  }
}
