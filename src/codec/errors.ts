/** A value could not be encoded or bytes could not be decoded. `code` is stable (spec/encoding.md). */
export class CodecError extends Error {
  readonly code: 'malformed' | 'non_canonical' | 'unsupported_type' | 'too_large' | 'bad_shape';
  constructor(code: CodecError['code'], message: string) {
    super(message);
    this.name = 'CodecError';
    this.code = code;
  }
}
