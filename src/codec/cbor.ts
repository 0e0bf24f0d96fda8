import { encode as cborEncode, decode as cborDecode, rfc8949EncodeOptions, Token, Type } from 'cborg';
import type { EncodeOptions, DecodeOptions, TagDecodeControl } from 'cborg/interface';
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

function decodeBignum(decode: TagDecodeControl): bigint {
  const bytes = decode();
  if (!(bytes instanceof Uint8Array) || bytes.length > 32) throw new CodecError('malformed', 'bad bignum');
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

const decodeOptions: DecodeOptions = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
  rejectDuplicateMapKeys: true,
  tags: { 2: decodeBignum },
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
 * Decodes canonical bytes; every accepted byte string re-encodes to itself. Throws only CodecError:
 * `malformed` when cborg's strict parser refuses the bytes (not CBOR, trailing bytes, non-minimal
 * integers, indefinite lengths, duplicate keys, undefined), `non_canonical` when they parse but are
 * not the canonical form (unsorted keys, floats, a small bignum, invalid UTF-8). spec/encoding.md
 * lists the cases.
 */
export function decode(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('malformed', 'expected bytes');
  let value: CborValue;
  try {
    value = cborDecode(bytes, decodeOptions) as CborValue;
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError('malformed', `not valid CBOR: ${(error as Error).message}`);
  }
  let again: Uint8Array;
  try {
    again = encode(value);
  } catch {
    throw new CodecError('non_canonical', 'value is outside the canonical data model');
  }
  if (!sameBytes(again, bytes)) throw new CodecError('non_canonical', 'bytes are not the canonical encoding');
  return value;
}

/**
 * Decodes bytes this process or its own store wrote (state records, stored blocks): the same strict
 * parser, without the canonical re-encoding check, which measured ~40% of reading a state record.
 * Never use it on bytes from the network or a client.
 */
export function decodeTrusted(bytes: Uint8Array): CborValue {
  try {
    return cborDecode(bytes, decodeOptions) as CborValue;
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError('malformed', `not valid CBOR: ${(error as Error).message}`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
