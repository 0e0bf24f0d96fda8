import { CodecError } from './errors.ts';
import type { CborValue } from './cbor.ts';

/**
 * The canonical encoder of Agora's CBOR data model (spec/encoding.md §3), written out by hand: RFC
 * 8949 §4.2.1 core deterministic encoding — minimal heads, definite lengths, map keys sorted
 * bytewise by their encoding (for text keys: shorter UTF-8 first, then bytewise) — with integers of
 * 2^64 and above as tag 2 bignums. It gives the same bytes as cborg with its rfc8949 options (the
 * encoder before issue 13; test/codec/cbor.test.ts compares them and an encoder written from the RFC
 * alone over random values), in one pass over the value with no token list, which made cborg the
 * largest single cost of committing a block (issue 13's profile: encode 15% of the main thread).
 *
 * Refused with `unsupported_type`: numbers that are not safe integers, bigints below −2^64 or above
 * 2^256 − 1, undefined, text with a lone UTF-16 surrogate, and any object that is not an array, a
 * Uint8Array or a plain object (a Date, a Map, a class instance, a symbol, a function).
 */

const UINT64_MAX = (1n << 64n) - 1n;
const BIGNUM_MAX = (1n << 256n) - 1n;
const textEncoder = new TextEncoder();

/** Encoded text keys, by key: field names repeat in every record. Bounded, ASCII keys only. */
const keyCache = new Map<string, Uint8Array>();
const KEY_CACHE_MAX = 4_096;
const KEY_CACHE_LENGTH_MAX = 64;
/** Maps of more keys than this are sorted by Array.prototype.sort, not by insertion. */
const INSERTION_SORT_KEYS_MAX = 16;

class Writer {
  buf: Uint8Array;
  pos = 0;

  constructor(size = 256) {
    this.buf = new Uint8Array(size);
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** A head: major type and argument, in the fewest bytes. `n` is a non-negative safe integer. */
  head(major: number, n: number): void {
    const m = major << 5;
    this.ensure(9);
    const b = this.buf;
    if (n < 24) b[this.pos++] = m | n;
    else if (n < 0x100) {
      b[this.pos++] = m | 24;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = m | 25;
      b[this.pos++] = n >>> 8;
      b[this.pos++] = n & 0xff;
    } else if (n < 0x100000000) {
      b[this.pos++] = m | 26;
      b[this.pos++] = n >>> 24;
      b[this.pos++] = (n >>> 16) & 0xff;
      b[this.pos++] = (n >>> 8) & 0xff;
      b[this.pos++] = n & 0xff;
    } else {
      const hi = Math.floor(n / 0x100000000);
      const lo = n >>> 0;
      b[this.pos++] = m | 27;
      b[this.pos++] = hi >>> 24;
      b[this.pos++] = (hi >>> 16) & 0xff;
      b[this.pos++] = (hi >>> 8) & 0xff;
      b[this.pos++] = hi & 0xff;
      b[this.pos++] = lo >>> 24;
      b[this.pos++] = (lo >>> 16) & 0xff;
      b[this.pos++] = (lo >>> 8) & 0xff;
      b[this.pos++] = lo & 0xff;
    }
  }

  /** A head whose argument is a bigint below 2^64. */
  bigHead(major: number, n: bigint): void {
    if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return this.head(major, Number(n));
    this.ensure(9);
    this.buf[this.pos++] = (major << 5) | 27;
    for (let shift = 56n; shift >= 0n; shift -= 8n) this.buf[this.pos++] = Number((n >> shift) & 0xffn);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  value(value: unknown): void {
    switch (typeof value) {
      case 'number':
        if (!Number.isSafeInteger(value)) throw new CodecError('unsupported_type', 'numbers must be safe integers; use bigint');
        if (value >= 0) this.head(0, value);
        else this.head(1, -1 - value);
        return;
      case 'bigint':
        return this.bigint(value);
      case 'string':
        return this.text(value);
      case 'boolean':
        this.ensure(1);
        this.buf[this.pos++] = value ? 0xf5 : 0xf4;
        return;
      case 'object':
        return this.object(value);
      default:
        throw new CodecError('unsupported_type', `cannot encode a value of type ${typeof value}`);
    }
  }

  bigint(value: bigint): void {
    if (value >= 0n) {
      if (value <= UINT64_MAX) return this.bigHead(0, value);
      if (value > BIGNUM_MAX) throw new CodecError('unsupported_type', 'integer out of range');
      let hex = value.toString(16);
      if (hex.length % 2 === 1) hex = '0' + hex;
      this.ensure(1);
      this.buf[this.pos++] = 0xc2; // tag 2
      this.head(2, hex.length / 2);
      this.ensure(hex.length / 2);
      for (let i = 0; i < hex.length; i += 2) this.buf[this.pos++] = parseInt(hex.slice(i, i + 2), 16);
      return;
    }
    if (value < -UINT64_MAX - 1n) throw new CodecError('unsupported_type', 'integer out of range');
    this.bigHead(1, -1n - value);
  }

  text(value: string): void {
    const n = value.length;
    let ascii = n < 4_096;
    if (ascii) {
      for (let i = 0; i < n; i++) {
        if (value.charCodeAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
    }
    if (ascii) {
      this.head(3, n);
      this.ensure(n);
      const b = this.buf;
      for (let i = 0; i < n; i++) b[this.pos++] = value.charCodeAt(i);
      return;
    }
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new CodecError('unsupported_type', 'text holds a lone UTF-16 surrogate');
    const bytes = textEncoder.encode(value);
    this.head(3, bytes.length);
    this.raw(bytes);
  }

  object(value: object | null): void {
    if (value === null) {
      this.ensure(1);
      this.buf[this.pos++] = 0xf6;
      return;
    }
    if (value instanceof Uint8Array) {
      this.head(2, value.length);
      this.raw(value);
      return;
    }
    if (Array.isArray(value)) {
      this.head(4, value.length);
      for (let i = 0; i < value.length; i++) this.value(value[i]);
      return;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new CodecError('unsupported_type', `cannot encode a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object`);
    const record = value as { [key: string]: unknown };
    const keys = Object.keys(record);
    const encoded = keys.map(encodeKey);
    this.head(5, keys.length);
    // Most maps arrive with their keys in canonical order (records are built field by field in that
    // order): those are written as they are, without an index array and a sort.
    let sorted = true;
    for (let i = 1; i < encoded.length && sorted; i++) sorted = compareBytes(encoded[i - 1], encoded[i]) < 0;
    if (sorted) {
      for (let i = 0; i < keys.length; i++) this.entry(encoded[i], record[keys[i]]);
      return;
    }
    // Otherwise by insertion, on indexes: a record has a handful of keys, and Array.prototype.sort
    // allocated a work array and a closure for each (issue 13, sampled heap profile of the replay).
    if (keys.length > INSERTION_SORT_KEYS_MAX) {
      const order = keys.map((_, i) => i);
      order.sort((a, b) => compareBytes(encoded[a], encoded[b]));
      for (const i of order) this.entry(encoded[i], record[keys[i]]);
      return;
    }
    const order: number[] = [];
    for (let i = 0; i < encoded.length; i++) {
      let j = i - 1;
      for (; j >= 0 && compareBytes(encoded[order[j]], encoded[i]) > 0; j--) order[j + 1] = order[j];
      order[j + 1] = i;
    }
    for (let k = 0; k < order.length; k++) this.entry(encoded[order[k]], record[keys[order[k]]]);
  }

  private entry(key: Uint8Array, item: unknown): void {
    if (item === undefined) throw new CodecError('unsupported_type', 'undefined cannot be encoded');
    this.raw(key);
    this.value(item);
  }
}

/** A text key's whole encoding (head and UTF-8), what RFC 8949 sorts by. */
function encodeKey(key: string): Uint8Array {
  const cached = keyCache.get(key);
  if (cached !== undefined) return cached;
  const writer = new Writer(key.length * 3 + 9);
  writer.text(key);
  const bytes = writer.buf.slice(0, writer.pos);
  if (key.length <= KEY_CACHE_LENGTH_MAX && bytes.length === key.length + 1 && keyCache.size < KEY_CACHE_MAX) keyCache.set(key, bytes);
  return bytes;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * One writer reused by every call, so that encoding a small record allocates only its result; its
 * buffer grows to the largest value encoded, and is dropped past SCRATCH_KEEP_MAX. A call made while
 * it is in use (a getter on a value that encodes something) gets a writer of its own.
 */
const scratch = new Writer(4_096);
let scratchBusy = false;
const SCRATCH_KEEP_MAX = 1 << 20;

/** The canonical bytes of `value`; throws CodecError('unsupported_type') for anything outside the data model. */
export function encodeCanonical(value: CborValue): Uint8Array {
  if (scratchBusy) {
    const writer = new Writer();
    writer.value(value);
    return writer.buf.slice(0, writer.pos);
  }
  scratchBusy = true;
  scratch.pos = 0;
  try {
    scratch.value(value);
    return scratch.buf.slice(0, scratch.pos);
  } finally {
    scratchBusy = false;
    if (scratch.buf.length > SCRATCH_KEEP_MAX) scratch.buf = new Uint8Array(4_096);
  }
}

/**
 * The canonical bytes of each value, as views into one buffer: for values whose bytes live and die
 * together (a block's tx results, chain/results.ts). A result is ~200 bytes, and a typed array over
 * 64 bytes gets its own off-heap buffer (0.75 µs measured, Node 20.20): one per block, not one per tx.
 */
export function encodeCanonicalEach(values: CborValue[]): Uint8Array[] {
  if (scratchBusy) return values.map(encodeCanonical);
  scratchBusy = true;
  scratch.pos = 0;
  try {
    const ends: number[] = [];
    for (const value of values) {
      scratch.value(value);
      ends.push(scratch.pos);
    }
    const all = scratch.buf.slice(0, scratch.pos);
    return ends.map((end, i) => all.subarray(i === 0 ? 0 : ends[i - 1], end));
  } finally {
    scratchBusy = false;
    if (scratch.buf.length > SCRATCH_KEEP_MAX) scratch.buf = new Uint8Array(4_096);
  }
}
