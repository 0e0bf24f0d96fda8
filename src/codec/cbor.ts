import { decodeCanonical } from './cbor-decode.ts';
import { encodeCanonical, encodeCanonicalEach } from './cbor-encode.ts';
import { CodecError } from './errors.ts';

/**
 * The one canonical byte encoding of Agora: deterministic CBOR (RFC 8949 §4.2.1 core deterministic
 * encoding — preferred serialization, definite lengths, map keys sorted bytewise by their encoding).
 *
 * Data model (spec/encoding.md): null, booleans, integers (`bigint`, or safe-integer `number`),
 * text strings, byte strings (`Uint8Array`), arrays, maps with text keys. No floats, no undefined.
 * Integers of 2^64 and above use the bignum tag 2 (RFC 8949 §3.4.3); below, the plain major type.
 */
export type CborValue = null | boolean | number | bigint | string | Uint8Array | CborValue[] | { [key: string]: CborValue };

/**
 * The canonical bytes of a data-model value (cbor-encode.ts). Throws CodecError('unsupported_type')
 * for anything outside the model: floats and unsafe numbers, undefined, out-of-range bigints, text
 * with a lone surrogate, non-plain objects.
 */
export function encode(value: CborValue): Uint8Array {
  return encodeCanonical(value);
}

/** `values.map(encode)`, the bytes as views into one buffer (cbor-encode.ts encodeCanonicalEach): for bytes that live and die together. */
export function encodeEach(values: CborValue[]): Uint8Array[] {
  return encodeCanonicalEach(values);
}

/**
 * Decodes canonical bytes in one pass (cbor-decode.ts); every accepted byte string re-encodes to
 * itself. Throws only CodecError: `malformed` when the bytes are not strict CBOR of the data model
 * (not CBOR, trailing bytes, non-minimal integers, indefinite lengths, duplicate keys, undefined),
 * `non_canonical` when they are well-formed but not the canonical form (unsorted keys, floats, a
 * small bignum, invalid UTF-8). spec/encoding.md lists the cases.
 */
export function decode(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('malformed', 'expected bytes');
  return decodeCanonical(bytes);
}

/**
 * Decodes bytes this process or its own store wrote (state records, stored blocks): the same strict
 * parser, accepting well-formed bytes that are not canonical. Never use it on bytes from the network
 * or a client.
 */
export function decodeTrusted(bytes: Uint8Array): CborValue {
  return decodeCanonical(bytes, false);
}
