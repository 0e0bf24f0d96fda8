// Helpers shared by the codec tests: the JSON form of data-model values used in the vector files,
// a normaliser for comparing decoded values, and an independent reference encoder of RFC 8949 §4.2.1
// written from the RFC alone (not from cborg), so that the vectors are checked against two codes.
import type { CborValue } from '../../src/codec/cbor.ts';

/**
 * A data-model value as written in test/codec/vectors/encoding.json. JSON cannot tell an integer from
 * a float, bytes from text or an ordered map from an object, so each non-literal carries its type:
 *   null | true | false | {"int": "decimal"} | {"text": "…"} | {"bytes": "hex"}
 *   | {"array": [VectorValue…]} | {"map": [["key", VectorValue]…]}   (pairs in insertion order)
 */
export type VectorValue =
  | null
  | boolean
  | { int: string }
  | { text: string }
  | { bytes: string }
  | { array: VectorValue[] }
  | { map: [string, VectorValue][] };

export function hexToBytes(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error(`bad hex in a vector: ${hex.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The CborValue a vector describes. Integers in the safe range become numbers, the others bigints. */
export function fromVector(value: VectorValue): CborValue {
  if (value === null || typeof value === 'boolean') return value;
  if ('int' in value) {
    const big = BigInt(value.int);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if ('text' in value) return value.text;
  if ('bytes' in value) return hexToBytes(value.bytes);
  if ('array' in value) return value.array.map(fromVector);
  const map: { [key: string]: CborValue } = {};
  for (const [key, item] of value.map) map[key] = fromVector(item);
  return map;
}

/**
 * A comparable form of a value: every integer as a bigint (the decoder gives numbers below 2^53 and
 * bigints above), bytes as a tagged hex string, maps as key-sorted pair lists.
 */
export type Normal = null | boolean | bigint | string | { bytes: string } | Normal[] | { map: [string, Normal][] };

export function normalize(value: CborValue): Normal {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'bigint') return value;
  if (value instanceof Uint8Array) return { bytes: bytesToHex(value) };
  if (Array.isArray(value)) return value.map(normalize);
  const keys = Object.keys(value).sort();
  return { map: keys.map((key) => [key, normalize(value[key])]) };
}

// ---------------------------------------------------------------------------------------------
// Reference encoder (RFC 8949 §3 and §4.2.1), independent of src/codec.

const UINT64_LIMIT = 1n << 64n;
const BIGNUM_LIMIT = 1n << 256n;
/** A UTF-16 surrogate without its pair: text that has no UTF-8 form (RFC 3629 §3). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The head of a data item: major type and argument, in the shortest form (§4.2.1 rule 1). */
function head(major: number, argument: bigint): number[] {
  const m = major << 5;
  if (argument < 24n) return [m | Number(argument)];
  const widths: [number, number][] = [
    [24, 1],
    [25, 2],
    [26, 4],
    [27, 8],
  ];
  for (const [additional, byteCount] of widths) {
    if (argument < 1n << BigInt(8 * byteCount)) return [m | additional, ...bigEndian(argument, byteCount)];
  }
  throw new Error('argument does not fit 64 bits');
}

function bigEndian(value: bigint, byteCount: number): number[] {
  const out: number[] = [];
  for (let i = byteCount - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
}

function minimalBigEndian(value: bigint): number[] {
  const out: number[] = [];
  while (value > 0n) {
    out.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  return out;
}

function compareBytes(a: number[], b: number[]): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function referenceItem(value: CborValue): number[] {
  if (value === null) return [0xf6];
  if (value === false) return [0xf4];
  if (value === true) return [0xf5];
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('not a safe integer');
    return referenceItem(BigInt(value));
  }
  if (typeof value === 'bigint') {
    if (value >= 0n && value < UINT64_LIMIT) return head(0, value);
    if (value < 0n && value >= -UINT64_LIMIT) return head(1, -1n - value);
    if (value >= UINT64_LIMIT && value < BIGNUM_LIMIT) {
      const magnitude = minimalBigEndian(value);
      return [...head(6, 2n), ...head(2, BigInt(magnitude.length)), ...magnitude]; // §3.4.3 bignum
    }
    throw new Error('integer outside the data model');
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new Error('text with a lone surrogate');
    const utf8 = [...Buffer.from(value, 'utf8')];
    return [...head(3, BigInt(utf8.length)), ...utf8];
  }
  if (value instanceof Uint8Array) return [...head(2, BigInt(value.length)), ...value];
  if (Array.isArray(value)) return [...head(4, BigInt(value.length)), ...value.flatMap(referenceItem)];
  const entries = Object.keys(value).map((key) => ({ key: referenceItem(key), item: referenceItem(value[key]) }));
  entries.sort((a, b) => compareBytes(a.key, b.key)); // §4.2.1: bytewise lexicographic order of encoded keys
  return [...head(5, BigInt(entries.length)), ...entries.flatMap((e) => [...e.key, ...e.item])];
}

export function referenceEncode(value: CborValue): Uint8Array {
  return Uint8Array.from(referenceItem(value));
}
