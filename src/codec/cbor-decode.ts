import { CodecError } from './errors.ts';
import type { CborValue } from './cbor.ts';

/**
 * A single-pass decoder for Agora's canonical CBOR data model (spec/encoding.md §Decoding): it reads
 * the bytes once and refuses, as it goes, everything the model leaves out. It replaces "parse with
 * cborg's strict mode, then encode again and compare", which cost a second full encode of every tx
 * and message (issue 13's profile: CBOR decode + re-encode check 10% of the main thread).
 *
 * Two kinds of fault, kept apart as before: `malformed` when the bytes are not strict CBOR of the
 * data model (truncated, trailing bytes, non-minimal heads, indefinite lengths, duplicate keys,
 * undefined, tags other than 2, non-text keys, NaN/Infinity, bignums over 32 bytes), and
 * `non_canonical` when they are well-formed but not the one canonical form (keys out of order,
 * finite floats, a bignum that should be a plain integer or has a leading zero, invalid UTF-8).
 * A `malformed` fault anywhere wins over a `non_canonical` one, so the code does not depend on
 * which fault comes first in the bytes: the decoder records the first non-canonical fault and goes
 * on, and throws it only once the whole input has parsed.
 */

/** Nesting beyond this is refused as `malformed` (JS stack safety; nothing in Agora nests past ~10). */
export const CBOR_DEPTH_MAX = 4_096;

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const UINT64_LIMIT = 1n << 64n;
const BIGNUM_BYTES_MAX = 32;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Short ASCII texts decoded before, by an FNV-1a hash of their bytes: map keys and addresses recur in
 * every record and tx, and each decode made a view and a new string of them (issue 13). An entry is
 * used only when its characters equal the bytes; texts whose hashes collide take turns in one slot.
 * Cleared whole when full: bounded memory.
 */
const TEXTS_MAX = 4_096;
const TEXT_INTERNED_LENGTH_MAX = 64;
const texts = new Map<number, string>();

function sameText(text: string, bytes: Uint8Array, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

class Reader {
  pos = 0;
  nonCanonical: string | null = null;

  readonly bytes: Uint8Array;

  constructor(input: Uint8Array) {
    // A plain Uint8Array view, so that `slice` copies into a Uint8Array even when given a Buffer
    // (whose `slice` is a view and whose copies are Buffers).
    this.bytes = Object.getPrototypeOf(input) === Uint8Array.prototype ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }

  malformed(message: string): never {
    throw new CodecError('malformed', `not valid CBOR: ${message} at byte ${this.pos}`);
  }

  noteNonCanonical(message: string): void {
    if (this.nonCanonical === null) this.nonCanonical = `${message} at byte ${this.pos}`;
  }

  /** The argument of a head with additional info `info`, minimal by RFC 8949 §4.2.1 rule 1. */
  argument(info: number): number | bigint {
    const b = this.bytes;
    if (info < 24) return info;
    switch (info) {
      case 24: {
        this.need(1);
        const v = b[this.pos++];
        if (v < 24) this.malformed('non-minimal head');
        return v;
      }
      case 25: {
        this.need(2);
        const v = (b[this.pos] << 8) | b[this.pos + 1];
        this.pos += 2;
        if (v < 0x100) this.malformed('non-minimal head');
        return v;
      }
      case 26: {
        this.need(4);
        const v = b[this.pos] * 0x1000000 + ((b[this.pos + 1] << 16) | (b[this.pos + 2] << 8) | b[this.pos + 3]);
        this.pos += 4;
        if (v < 0x10000) this.malformed('non-minimal head');
        return v;
      }
      case 27: {
        this.need(8);
        const hi = b[this.pos] * 0x1000000 + ((b[this.pos + 1] << 16) | (b[this.pos + 2] << 8) | b[this.pos + 3]);
        const lo = b[this.pos + 4] * 0x1000000 + ((b[this.pos + 5] << 16) | (b[this.pos + 6] << 8) | b[this.pos + 7]);
        this.pos += 8;
        if (hi === 0) this.malformed('non-minimal head'); // below 2^32 fits four bytes
        if (hi < 0x200000) return hi * 0x100000000 + lo; // below 2^53: exact as a number
        return (BigInt(hi) << 32n) | BigInt(lo);
      }
      default:
        return this.malformed(info === 31 ? 'indefinite length or break' : 'reserved additional info');
    }
  }

  need(count: number): void {
    if (this.bytes.length - this.pos < count) this.malformed('truncated');
  }

  length(info: number): number {
    const n = this.argument(info);
    if (typeof n === 'bigint' || n > this.bytes.length - this.pos) this.malformed('truncated');
    return n as number;
  }

  item(depth: number): CborValue {
    if (depth > CBOR_DEPTH_MAX) this.malformed(`nesting deeper than ${CBOR_DEPTH_MAX}`);
    this.need(1);
    const head = this.bytes[this.pos++];
    const major = head >> 5;
    const info = head & 0x1f;
    switch (major) {
      case 0: {
        const n = this.argument(info);
        return typeof n === 'bigint' && n <= SAFE_MAX ? Number(n) : n;
      }
      case 1: {
        const n = this.argument(info);
        if (typeof n === 'number' && n < Number.MAX_SAFE_INTEGER) return -1 - n;
        const value = -1n - BigInt(n);
        return value >= -SAFE_MAX ? Number(value) : value;
      }
      case 2: {
        const len = this.length(info);
        const out = this.bytes.slice(this.pos, this.pos + len);
        this.pos += len;
        return out;
      }
      case 3:
        return this.text(info);
      case 4: {
        const count = this.length(info); // each element takes at least one byte
        const out: CborValue[] = new Array(count);
        for (let i = 0; i < count; i++) out[i] = this.item(depth + 1);
        return out;
      }
      case 5:
        return this.map(info, depth);
      case 6:
        return this.tag(info, depth);
      default:
        return this.simple(info);
    }
  }

  text(info: number): string {
    const len = this.length(info);
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    const b = this.bytes;
    let ascii = true;
    let hash = len;
    for (let i = start; i < end; i++) {
      const byte = b[i];
      if (byte >= 0x80) {
        ascii = false;
        break;
      }
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    if (ascii) {
      if (len >= TEXT_INTERNED_LENGTH_MAX) return utf8Decoder.decode(b.subarray(start, end));
      const known = texts.get(hash);
      if (known !== undefined && sameText(known, b, start, len)) return known;
      const text = String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
      if (texts.size >= TEXTS_MAX) texts.clear();
      texts.set(hash, text);
      return text;
    }
    try {
      return utf8Decoder.decode(b.subarray(start, end));
    } catch {
      this.noteNonCanonical('invalid UTF-8 in text');
      return '';
    }
  }

  map(info: number, depth: number): { [key: string]: CborValue } {
    const count = this.length(info);
    const out: { [key: string]: CborValue } = {};
    let previousStart = -1;
    let previousEnd = -1;
    for (let i = 0; i < count; i++) {
      this.need(1);
      const keyStart = this.pos;
      if (this.bytes[keyStart] >> 5 !== 3) this.malformed('a map key that is not text');
      const key = this.text(this.bytes[this.pos++] & 0x1f);
      const keyEnd = this.pos;
      if (previousStart >= 0) {
        const order = compareBytes(this.bytes, previousStart, previousEnd, keyStart, keyEnd);
        if (order === 0) this.malformed(`duplicate map key "${key}"`);
        if (order > 0) this.noteNonCanonical('map keys out of order');
      }
      previousStart = keyStart;
      previousEnd = keyEnd;
      const value = this.item(depth + 1);
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }

  tag(info: number, depth: number): bigint {
    const tag = this.argument(info);
    if (tag !== 2) this.malformed(`tag ${tag} is not in the data model`);
    this.need(1);
    if (this.bytes[this.pos] >> 5 !== 2) this.malformed('tag 2 around something other than bytes');
    const bytes = this.item(depth + 1) as Uint8Array;
    if (bytes.length > BIGNUM_BYTES_MAX) this.malformed(`a bignum of more than ${BIGNUM_BYTES_MAX} bytes`);
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    if (bytes.length > 0 && bytes[0] === 0) this.noteNonCanonical('a bignum with a leading zero byte');
    else if (value < UINT64_LIMIT) this.noteNonCanonical('a bignum below 2^64 (a plain integer)');
    return value;
  }

  simple(info: number): CborValue {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 25:
      case 26:
      case 27:
        return this.float(info);
      default:
        return this.malformed(info === 23 ? 'undefined is not in the data model' : info === 31 ? 'a lone break' : `simple value ${info === 24 ? this.bytes[this.pos] : info}`);
    }
  }

  /** Finite floats parse but are never canonical (no floats in the model); NaN and ±Infinity are malformed, as cborg's strict mode has them. */
  float(info: number): number {
    const size = info === 25 ? 2 : info === 26 ? 4 : 8;
    this.need(size);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, size);
    const value = size === 2 ? halfFloat(view.getUint16(0)) : size === 4 ? view.getFloat32(0) : view.getFloat64(0);
    this.pos += size;
    if (!Number.isFinite(value)) this.malformed('NaN or Infinity');
    this.noteNonCanonical('a float');
    return value;
  }
}

function halfFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function compareBytes(b: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) {
    const d = b[aStart + i] - b[bStart + i];
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

/**
 * Decodes one item that must fill `bytes`. `canonical` false accepts well-formed non-canonical bytes
 * (for `decodeTrusted`, bytes this process wrote); `malformed` faults are refused either way.
 */
export function decodeCanonical(bytes: Uint8Array, canonical = true): CborValue {
  const reader = new Reader(bytes);
  if (bytes.length === 0) reader.malformed('empty input');
  const value = reader.item(0);
  if (reader.pos !== bytes.length) reader.malformed('trailing bytes after the item');
  if (canonical && reader.nonCanonical !== null) throw new CodecError('non_canonical', `bytes are not the canonical encoding: ${reader.nonCanonical}`);
  return value;
}
