// The canonical encoding (src/codec/cbor.ts, spec/encoding.md): committed vectors both ways, the
// decoder's refusals with their codes, and properties over random values and random bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { encode, encodeEach, decode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { CBOR_DEPTH_MAX } from '../../src/codec/cbor-decode.ts';
import { previousDecode, previousEncode } from './previous-codec.ts';
import { bytesToHex, fromVector, hexToBytes, normalize, referenceEncode, LONE_SURROGATE, type VectorValue } from './data-model.ts';

interface ValueVector {
  name: string;
  value: VectorValue;
  hex: string;
}
interface InvalidVector {
  name: string;
  hex: string;
  code: CodecError['code'];
  why: string;
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/encoding.json', import.meta.url), 'utf8')) as {
  values: ValueVector[];
  invalid: InvalidVector[];
};

function codecErrorCode(run: () => unknown): CodecError['code'] | 'no error' {
  try {
    run();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return 'no error';
}

test('the vector files are not empty', () => {
  assert.ok(vectors.values.length >= 60);
  assert.ok(vectors.invalid.length >= 40);
});

for (const vector of vectors.values) {
  test(`vector ${vector.name}: value → hex and hex → value → hex`, () => {
    const value = fromVector(vector.value);
    assert.equal(bytesToHex(encode(value)), vector.hex, 'encode');
    assert.equal(bytesToHex(referenceEncode(value)), vector.hex, 'reference encoder (written from RFC 8949 alone)');
    const decoded = decode(hexToBytes(vector.hex));
    assert.deepEqual(normalize(decoded), normalize(value), 'decode');
    assert.equal(bytesToHex(encode(decoded)), vector.hex, 're-encode');
  });
}

test('integers decode as number up to 2^53-1 and as bigint from 2^53', () => {
  assert.equal(decode(hexToBytes('1b001fffffffffffff')), Number.MAX_SAFE_INTEGER);
  assert.equal(decode(hexToBytes('1b0020000000000000')), 2n ** 53n);
  assert.equal(decode(hexToBytes('3b001ffffffffffffe')), Number.MIN_SAFE_INTEGER);
  assert.equal(decode(hexToBytes('c249010000000000000000')), 2n ** 64n);
  // A small bigint and the same number encode alike.
  assert.deepEqual(encode(7n), encode(7));
});

for (const vector of vectors.invalid) {
  test(`refused: ${vector.name} → ${vector.code}`, () => {
    assert.equal(codecErrorCode(() => decode(hexToBytes(vector.hex))), vector.code, vector.why);
  });
}

test('decode refuses anything but a Uint8Array', () => {
  for (const input of [null, undefined, 'a0', [0xa0], new ArrayBuffer(1)]) {
    assert.equal(codecErrorCode(() => decode(input as unknown as Uint8Array)), 'malformed');
  }
});

test('a Buffer is accepted like any Uint8Array', () => {
  assert.deepEqual(decode(Buffer.from('83010203', 'hex')), [1, 2, 3]);
});

test('byte strings decoded from a Buffer (as LMDB returns) are plain Uint8Array copies', () => {
  const input = Buffer.from('a1616144010203ff', 'hex');
  const value = (decode(input) as { a: Uint8Array }).a;
  assert.equal(Object.getPrototypeOf(value), Uint8Array.prototype);
  input[4] = 0;
  assert.deepEqual(value, Uint8Array.from([1, 2, 3, 0xff]));
});

test('decoded byte strings are copies, not views of the input', () => {
  const input = hexToBytes('4401020304');
  const value = decode(input) as Uint8Array;
  input[1] = 0xff;
  assert.deepEqual([...value], [1, 2, 3, 4]);
});

const unencodable: [string, unknown][] = [
  ['the float 1.5', 1.5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['2^53 as a number', 2 ** 53],
  ['-(2^53) as a number', -(2 ** 53)],
  ['undefined', undefined],
  ['undefined in an array', [1, undefined]],
  ['undefined as a map value', { a: undefined }],
  ['2^256 (past the largest bignum)', 2n ** 256n],
  ['-(2^64)-1 (negative bignums are not in the data model)', -(2n ** 64n) - 1n],
  ['a Date', new Date(0)],
  ['a symbol', Symbol('s')],
  ['a function', () => 1],
];
for (const [name, value] of unencodable) {
  test(`encode refuses ${name} with unsupported_type`, () => {
    assert.equal(codecErrorCode(() => encode(value as CborValue)), 'unsupported_type');
  });
}

// Text with a lone UTF-16 surrogate has no UTF-8 form; written as U+FFFD two strings would share one
// encoding, so `encode` refuses it.
test('encode refuses text with a lone surrogate', () => {
  assert.equal(codecErrorCode(() => encode('\uD800')), 'unsupported_type');
});


test('nesting is bounded: 2,000 levels decode, deeper than CBOR_DEPTH_MAX is malformed before the JS stack runs out', () => {
  assert.equal(codecErrorCode(() => decode(hexToBytes('81'.repeat(2000) + '00'))), 'no error');
  assert.equal(codecErrorCode(() => decode(hexToBytes('81'.repeat(CBOR_DEPTH_MAX) + '00'))), 'no error');
  assert.equal(codecErrorCode(() => decode(hexToBytes('81'.repeat(CBOR_DEPTH_MAX + 1) + '00'))), 'malformed');
  assert.equal(codecErrorCode(() => decode(hexToBytes('81'.repeat(100_000) + '00'))), 'malformed');
});

// ---------------------------------------------------------------------------------------------
// Properties.

const integer = fc.oneof(
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
  fc.bigInt({ min: 2n ** 64n, max: 2n ** 256n - 1n }),
  fc.constantFrom(0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2n ** 64n - 1n, 2n ** 64n, 2n ** 128n - 1n, -(2n ** 64n)),
);
const text = fc.string({ unit: 'binary', maxLength: 30 });
const { value: dataModel } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    integer,
    text,
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(text, tie('value'), { maxKeys: 5 }),
  ),
}));

test('property: encode agrees with the reference encoder, and decode(encode(v)) is v', () => {
  fc.assert(
    fc.property(dataModel, (value) => {
      const bytes = encode(value);
      assert.equal(bytesToHex(bytes), bytesToHex(referenceEncode(value)));
      const decoded = decode(bytes);
      assert.deepEqual(normalize(decoded), normalize(value));
      assert.equal(bytesToHex(encode(decoded)), bytesToHex(bytes));
    }),
    { numRuns: 500 },
  );
});

test('property: decode of random bytes throws only CodecError, and what it accepts re-encodes to itself', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      let value: CborValue;
      try {
        value = decode(bytes);
      } catch (error) {
        assert.ok(error instanceof CodecError, `threw ${String(error)}`);
        assert.ok(['malformed', 'non_canonical'].includes(error.code), error.code);
        return;
      }
      assert.equal(bytesToHex(encode(value)), bytesToHex(bytes));
    }),
    { numRuns: 3000 },
  );
});

/** Valid encodings with one change: most of these are near-misses the decoder must sort out. */
const mutated = fc
  .tuple(dataModel, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'truncate', 'append', 'insert'))
  .map(([value, at, byte, how]) => {
    const bytes = [...encode(value)];
    const i = at % (bytes.length + 1);
    if (how === 'flip' && i < bytes.length) bytes[i] = byte;
    if (how === 'truncate') bytes.length = i;
    if (how === 'append') bytes.push(byte);
    if (how === 'insert') bytes.splice(i, 0, byte);
    return Uint8Array.from(bytes);
  });

test('property: decode of mutated encodings throws only CodecError, and what it accepts re-encodes to itself', () => {
  fc.assert(
    fc.property(mutated, (bytes) => {
      let value: CborValue;
      try {
        value = decode(bytes);
      } catch (error) {
        assert.ok(error instanceof CodecError, `threw ${String(error)}`);
        return;
      }
      assert.equal(bytesToHex(encode(value)), bytesToHex(bytes));
      assert.equal(bytesToHex(referenceEncode(value)), bytesToHex(bytes));
    }),
    { numRuns: 3000 },
  );
});

/** A text that is equal for equal values; bigints become objects so that they cannot pass for text. */
function canonicalText(value: CborValue): string {
  return JSON.stringify(normalize(value), (_, item: unknown) => (typeof item === 'bigint' ? { integer: item.toString() } : item));
}

test('property: the encoding is injective on the data model (different values, different bytes)', () => {
  fc.assert(
    fc.property(dataModel, dataModel, (a, b) => {
      const same = canonicalText(a) === canonicalText(b);
      assert.equal(bytesToHex(encode(a)) === bytesToHex(encode(b)), same);
    }),
    { numRuns: 500 },
  );
});

test('property: map keys come out in RFC 8949 §4.2.1 order whatever the insertion order', () => {
  fc.assert(
    fc.property(fc.uniqueArray(text, { maxLength: 8 }), fc.nat(), (keys, seed) => {
      const shuffled = [...keys].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
      const forward: { [key: string]: CborValue } = {};
      const backward: { [key: string]: CborValue } = {};
      keys.forEach((key, i) => (forward[key] = i));
      [...shuffled].reverse().forEach((key) => (backward[key] = keys.indexOf(key)));
      assert.equal(bytesToHex(encode(forward)), bytesToHex(encode(backward)));
    }),
    { numRuns: 300 },
  );
});

test('the generated text never holds a lone surrogate (so the round trip above is meaningful)', () => {
  fc.assert(
    fc.property(text, (s) => !LONE_SURROGATE.test(s)),
    { numRuns: 500 },
  );
});

// The single-pass decoder (src/codec/cbor-decode.ts) replaced "cborg's strict parse, then encode
// again and compare". It must accept exactly what that did, with the same values and the same codes.
function outcome(run: () => CborValue): string {
  try {
    return `value ${canonicalText(run())}`;
  } catch (error) {
    if (error instanceof CodecError) return `error ${error.code}`;
    throw error;
  }
}

test('property: the single-pass decoder agrees with the former decoder on random bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      assert.equal(outcome(() => decode(bytes)), outcome(() => previousDecode(bytes)));
    }),
    { numRuns: 5000 },
  );
});

test('property: the single-pass decoder agrees with the former decoder on mutated encodings', () => {
  fc.assert(
    fc.property(mutated, (bytes) => {
      assert.equal(outcome(() => decode(bytes)), outcome(() => previousDecode(bytes)));
    }),
    { numRuns: 5000 },
  );
});

test('property: the single-pass decoder agrees with the former decoder on valid encodings', () => {
  fc.assert(
    fc.property(dataModel, (value) => {
      const bytes = encode(value);
      assert.equal(outcome(() => decode(bytes)), outcome(() => previousDecode(bytes)));
    }),
    { numRuns: 1000 },
  );
});

test('property: the hand-written encoder gives cborg’s bytes (the encoder before issue 13) for every data-model value', () => {
  fc.assert(
    fc.property(dataModel, (value) => {
      assert.equal(bytesToHex(encode(value)), bytesToHex(previousEncode(value)));
    }),
    { numRuns: 3000 },
  );
});

test('property: map keys of any text (non-ASCII, long, 24+ bytes) sort as cborg sorts them', () => {
  const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ minLength: 20, maxLength: 300 }));
  fc.assert(
    fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 12 }), (map) => {
      assert.equal(bytesToHex(encode(map)), bytesToHex(previousEncode(map)));
    }),
    { numRuns: 2000 },
  );
});

test('encode refuses a Map, a class instance and a null-free nested undefined; accepts a null-prototype object', () => {
  class Thing {
    a = 1;
  }
  assert.equal(codecErrorCode(() => encode(new Map([['a', 1]]) as unknown as CborValue)), 'unsupported_type');
  assert.equal(codecErrorCode(() => encode(new Thing() as unknown as CborValue)), 'unsupported_type');
  assert.equal(codecErrorCode(() => encode({ a: { b: [undefined] } } as unknown as CborValue)), 'unsupported_type');
  const bare = Object.assign(Object.create(null) as { [key: string]: CborValue }, { b: 2, a: 1 });
  assert.equal(bytesToHex(encode(bare)), 'a2616101616202');
});

test('an encode made from inside another (a getter that encodes) gets its own bytes and leaves the outer intact', () => {
  const inner = { b: 2 };
  const outer = {
    a: 1,
    get c(): Uint8Array {
      return encode(inner);
    },
  };
  assert.equal(bytesToHex(encode(outer as unknown as CborValue)), 'a26161016163' + '44a16162' + '02');
});

test('property: encodeEach gives each value the bytes encode gives it, in views that do not overlap', () => {
  fc.assert(
    fc.property(fc.array(dataModel, { maxLength: 12 }), (values) => {
      const each = encodeEach(values);
      assert.deepEqual(each.map(bytesToHex), values.map((value) => bytesToHex(encode(value))));
      for (let i = 1; i < each.length; i++) assert.equal(each[i].byteOffset, each[i - 1].byteOffset + each[i - 1].length);
    }),
    { numRuns: 300 },
  );
});

test('short texts whose decoder cache hashes collide each decode to themselves, as values and as map keys, in any order', () => {
  // The decoder keeps short ASCII texts by an FNV-1a hash seeded with the length (cbor-decode.ts):
  // find two 6-letter texts with the same hash, and decode them in turn.
  const hashOf = (text: string): number => {
    let hash = text.length;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return hash;
  };
  const seen = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (let n = 0; n < 2_000_000 && pair === undefined; n++) {
    const text = n.toString(36).padStart(6, 'a');
    const earlier = seen.get(hashOf(text));
    if (earlier !== undefined) pair = [earlier, text];
    else seen.set(hashOf(text), text);
  }
  assert.ok(pair !== undefined, 'two texts collide');
  const [a, b] = pair;
  for (const text of [a, b, a, a, b, b]) {
    assert.equal(decode(encode(text)), text);
    assert.deepEqual(Object.keys(decode(encode({ [text]: 1 })) as object), [text]);
  }
});
