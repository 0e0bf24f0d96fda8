// The decoder Agora used until issue 13 (cborg's strict parse, then encode again and compare), kept
// as the reference the single-pass decoder (src/codec/cbor-decode.ts) is checked against.
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
