// The decoder and encoder Agora used until issue 13 (cborg: a strict parse, then encode again and
// compare; cborg's RFC 8949 encoder), kept as the references the hand-written ones are checked against.
import { decode as cborDecode } from 'cborg';
import type { DecodeOptions, TagDecodeControl } from 'cborg/interface';
import { encode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';

function decodeBignum(decode: TagDecodeControl): bigint {
  const bytes = decode();
  if (!(bytes instanceof Uint8Array) || bytes.length > 32) throw new CodecError('malformed', 'bad bignum');
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

const options: DecodeOptions = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
  rejectDuplicateMapKeys: true,
  tags: { 2: decodeBignum },
};

export function previousDecode(bytes: Uint8Array): CborValue {
  let value: CborValue;
  try {
    value = cborDecode(bytes, options) as CborValue;
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
  if (again.length !== bytes.length || again.some((byte, i) => byte !== bytes[i])) throw new CodecError('non_canonical', 'bytes are not the canonical encoding');
  return value;
}

// The encoder Agora used until issue 13: cborg with its RFC 8949 options, bignums as tag 2.
import { encode as cborEncode, rfc8949EncodeOptions, Token, Type } from 'cborg';
import type { EncodeOptions } from 'cborg/interface';

const UINT64_MAX = (1n << 64n) - 1n;
const BIGNUM_MAX = (1n << 256n) - 1n;

function encodeBigint(value: bigint): Token[] | null {
  if (value >= -UINT64_MAX - 1n && value <= UINT64_MAX) return null;
  if (value < 0n || value > BIGNUM_MAX) throw new CodecError('unsupported_type', 'integer out of range');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  return [new Token(Type.tag, 2), new Token(Type.bytes, Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16)))];
}

const encodeOptions: EncodeOptions = {
  ...rfc8949EncodeOptions,
  typeEncoders: {
    bigint: encodeBigint,
    number: (value: number) => {
      if (!Number.isSafeInteger(value)) throw new CodecError('unsupported_type', 'numbers must be safe integers');
      return null;
    },
    string: (value: string) => {
      if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new CodecError('unsupported_type', 'lone surrogate');
      return null;
    },
    undefined: () => {
      throw new CodecError('unsupported_type', 'undefined');
    },
  },
};

export function previousEncode(value: CborValue): Uint8Array {
  try {
    return cborEncode(value, encodeOptions);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError('unsupported_type', `cannot encode: ${(error as Error).message}`);
  }
}
