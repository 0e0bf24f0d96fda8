import { encode as cborEncode, rfc8949EncodeOptions, Token, Type } from 'cborg';
import type { EncodeOptions } from 'cborg/interface';
import { decodeCanonical } from './cbor-decode.ts';
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

const UINT64_MAX = (1n << 64n) - 1n;
const BIGNUM_MAX = (1n << 256n) - 1n; // nothing in Agora needs more; bounds decoder work.

function encodeBigint(value: bigint): Token[] | null {
  if (value >= -UINT64_MAX - 1n && value <= UINT64_MAX) return null; // cborg's own integer encoding
  if (value < 0n || value > BIGNUM_MAX) throw new CodecError('unsupported_type', 'integer out of range');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
  return [new Token(Type.tag, 2), new Token(Type.bytes, bytes)];
}

function rejectFloat(value: number): null {
  if (!Number.isSafeInteger(value)) throw new CodecError('unsupported_type', 'numbers must be safe integers; use bigint');
  return null;
}

/** A lone UTF-16 surrogate has no UTF-8 form; writing it as U+FFFD would give two strings one encoding. */
function rejectIllFormedText(value: string): null {
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new CodecError('unsupported_type', 'text holds a lone UTF-16 surrogate');
  return null;
}

function rejectUndefined(): null {
  throw new CodecError('unsupported_type', 'undefined cannot be encoded');
}

const encodeOptions: EncodeOptions = {
  ...rfc8949EncodeOptions,
  typeEncoders: { bigint: encodeBigint, number: rejectFloat, string: rejectIllFormedText, undefined: rejectUndefined },
};

export function encode(value: CborValue): Uint8Array {
  try {
    return cborEncode(value, encodeOptions);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError('unsupported_type', `cannot encode: ${(error as Error).message}`);
  }
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
