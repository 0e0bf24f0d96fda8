// Chain types (src/chain/block.ts, votes.ts, validators.ts; spec/chain.md, spec/encoding.md): header,
// block and commit encodings both ways against the committed vectors, their decoders' refusals, vote and
// proposal sign bytes, and checkCommit's > 2/3 rule.
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { blockHash, decodeBlock, decodeCommit, decodeHeader, encodeBlock, encodeCommit, encodeHeader, type Commit, type Header } from '../../src/chain/block.ts';
import { parseGenesis, type GenesisJson } from '../../src/chain/genesis.ts';
import { BLOCK_TXS_MAX, EVIDENCE_BYTES_MAX, EVIDENCE_PER_BLOCK_MAX } from '../../src/chain/limits.ts';
import { TrieUpdate } from '../../src/chain/state-trie.ts';
import { merkleRoot } from '../../src/chain/merkle.ts';
import { normalizeValidators, totalPower, validatorsHash, validatorsToJson, type ChainValidator } from '../../src/chain/validators.ts';
import { checkCommit, proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import { decode, encode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { fromHex, sha256Hex, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { TX_BYTES_MAX } from '../../src/ledger/limits.ts';
import { txIdOf } from '../../src/ledger/tx.ts';
import { applyTx } from '../../src/ledger/apply.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, Overlay } from '../../src/ledger/state.ts';
import { checkValueInvariants, stateRootFromScratch } from '../helpers/invariants.ts';
import { makeTx } from '../ledger/fixtures.ts';

interface Objects {
  chainId: string;
  keys: { name: string; seed: string; address: string }[];
  txs: { hex: string; id: string }[];
  validators: { value: { address: string; publicKey: string; power: string }[]; hex: string; hash: string };
  header: { value: Header; hex: string; hash: string };
  block: { value: { header: Header; txs: string[] }; hex: string };
  commit: { value: { height: number; round: number; blockHash: string; signatures: { validator: string; signature: string }[] }; hex: string; precommitSignBytes: string };
  votes: { value: { type: 'prevote' | 'precommit'; height: number; round: number; blockHash: string | null }; signBytes: string }[];
  proposals: { value: { height: number; round: number; blockHash: string; polRound: number }; signBytes: string }[];
  genesis: { json: GenesisJson; hex: string; hash: string; stateRoot: string };
}
const objects = (JSON.parse(readFileSync(new URL('../codec/vectors/encoding.json', import.meta.url), 'utf8')) as { objects: Objects }).objects;
const CHAIN = objects.chainId;
const bytes = (hex: string): Uint8Array => fromHex(hex);

const validatorKeys = objects.keys.filter((k) => k.name.startsWith('validator')).map((k) => new KeyPair(bytes(k.seed)));
const validators: ChainValidator[] = objects.validators.value.map((v) => ({ address: v.address, publicKey: bytes(v.publicKey), power: BigInt(v.power) }));
const keyOf = (address: string): KeyPair => validatorKeys.find((k) => k.address === address)!;

function commitFromVector(value: Objects['commit']['value']): Commit {
  return { ...value, signatures: value.signatures.map((s) => ({ validator: s.validator, signature: bytes(s.signature) })) };
}

function codecCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return 'no error';
}

// ---------------------------------------------------------------------------------------------
// Vectors, both ways.

test('validator set vector: sorted by address, hash = SHA-256 of the canonical list', () => {
  assert.deepEqual(normalizeValidators([...validators].reverse()), validators);
  assert.deepEqual(validatorsToJson(validators), objects.validators.value);
  assert.equal(toHex(encode(validators.map((v) => ({ address: v.address, publicKey: v.publicKey, power: v.power })))), objects.validators.hex);
  assert.equal(validatorsHash(validators), objects.validators.hash);
  assert.equal(sha256Hex(bytes(objects.validators.hex)), objects.validators.hash);
  assert.equal(totalPower(validators), 100n);
});

test('header vector: value → hex → hash, and hex → value → hex', () => {
  const { value, hex, hash } = objects.header;
  assert.equal(toHex(encode(encodeHeader(value))), hex);
  assert.equal(blockHash(value), hash);
  assert.equal(sha256Hex(bytes(hex)), hash, 'the block hash is SHA-256 of the header encoding');
  const decoded = decodeHeader(decode(bytes(hex)));
  assert.deepEqual(decoded, value);
  assert.equal(toHex(encode(encodeHeader(decoded))), hex);
  assert.deepEqual(Object.keys(decode(bytes(hex)) as object).sort(), ['chainId', 'evidenceRoot', 'height', 'nextValidatorsHash', 'previousHash', 'proposer', 'resultsRoot', 'seedProof', 'stateRoot', 'timeMs', 'txCount', 'txRoot', 'validatorsHash', 'version']);
});

test('header vector: the hashes are byte strings in the encoding and lower-case hex in the value', () => {
  const map = decode(bytes(objects.header.hex)) as { [key: string]: CborValue };
  for (const field of ['previousHash', 'txRoot', 'resultsRoot', 'stateRoot', 'validatorsHash'] as const) {
    assert.ok(map[field] instanceof Uint8Array && map[field].length === 32, field);
    assert.equal(toHex(map[field] as Uint8Array), objects.header.value[field]);
  }
  assert.equal(objects.header.value.validatorsHash, objects.validators.hash);
});

test('block vector: value → hex and hex → value → hex; txRoot and txCount agree with the txs', () => {
  const { value, hex } = objects.block;
  const block = { header: value.header, txs: value.txs.map(bytes), evidence: [] };
  assert.equal(toHex(encodeBlock(block)), hex);
  const decoded = decodeBlock(bytes(hex));
  assert.deepEqual(decoded.header, value.header);
  assert.deepEqual(decoded.txs.map(toHex), value.txs);
  assert.equal(toHex(encodeBlock(decoded)), hex);
  assert.equal(toHex(merkleRoot(decoded.txs.map(txIdOf))), value.header.txRoot);
  assert.equal(decoded.txs.length, value.header.txCount);
  assert.deepEqual(value.txs, objects.txs.slice(0, 2).map((t) => t.hex));
});

test('commit vector: value → hex and hex → value → hex; its signatures are precommits of the block hash', () => {
  const { value, hex, precommitSignBytes } = objects.commit;
  const commit = commitFromVector(value);
  assert.equal(toHex(encode(encodeCommit(commit))), hex);
  const decoded = decodeCommit(decode(bytes(hex)));
  assert.deepEqual(decoded, commit);
  assert.equal(toHex(encode(encodeCommit(decoded))), hex);
  assert.equal(value.blockHash, objects.header.hash);
  const message = voteSignBytes(CHAIN, { type: 'precommit', height: value.height, round: value.round, blockHash: value.blockHash });
  assert.equal(toHex(message), precommitSignBytes);
  for (const s of commit.signatures) assert.ok(verifyEd25519(keyOf(s.validator).publicKey, message, s.signature));
  assert.equal(checkCommit(commit, CHAIN, 1, objects.header.hash, validators, verifyEd25519), null);
});

for (const vector of objects.votes) {
  test(`vote sign bytes vector: ${vector.value.type} ${vector.value.blockHash === null ? 'nil' : 'for a block'}`, () => {
    assert.equal(toHex(voteSignBytes(CHAIN, vector.value)), vector.signBytes);
    const [domain, chainId, type, height, round, hash] = decode(bytes(vector.signBytes)) as CborValue[];
    assert.deepEqual([domain, chainId, type, height, round], ['agora/vote/v1', CHAIN, vector.value.type, vector.value.height, vector.value.round]);
    assert.equal(hash === null ? null : toHex(hash as Uint8Array), vector.value.blockHash);
  });
}

for (const vector of objects.proposals) {
  test(`proposal sign bytes vector: polRound ${vector.value.polRound}`, () => {
    assert.equal(toHex(proposalSignBytes(CHAIN, vector.value)), vector.signBytes);
    const [domain, chainId, height, round, hash, polRound] = decode(bytes(vector.signBytes)) as CborValue[];
    assert.deepEqual([domain, chainId, height, round, toHex(hash as Uint8Array), polRound], ['agora/proposal/v1', CHAIN, vector.value.height, vector.value.round, vector.value.blockHash, vector.value.polRound]);
  });
}

test('sign bytes are domain-separated: a vote, a proposal and a tx never share bytes', () => {
  const hash = objects.header.hash;
  const prevote = toHex(voteSignBytes(CHAIN, { type: 'prevote', height: 1, round: 0, blockHash: hash }));
  const precommit = toHex(voteSignBytes(CHAIN, { type: 'precommit', height: 1, round: 0, blockHash: hash }));
  const proposal = toHex(proposalSignBytes(CHAIN, { height: 1, round: 0, blockHash: hash, polRound: -1 }));
  const otherChain = toHex(voteSignBytes('other', { type: 'precommit', height: 1, round: 0, blockHash: hash }));
  assert.equal(new Set([prevote, precommit, proposal, otherChain]).size, 4);
});

// ---------------------------------------------------------------------------------------------
// Round trips of arbitrary values.

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex);
const header = fc.record({
  version: fc.constant(HEADER_FORMAT_VERSION),
  chainId: fc.string({ maxLength: 64 }),
  height: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  timeMs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  previousHash: hash32,
  txRoot: hash32,
  resultsRoot: hash32,
  stateRoot: hash32,
  proposer: fc.constantFrom(...validators.map((v) => v.address)),
  seedProof: fc.uint8Array({ minLength: 80, maxLength: 80 }).map(toHex),
  validatorsHash: hash32,
  nextValidatorsHash: hash32,
  txCount: fc.integer({ min: 0, max: BLOCK_TXS_MAX }),
  evidenceRoot: hash32,
}, { noNullPrototype: true });

test('property: header and block encode → decode → encode round trips', () => {
  fc.assert(
    fc.property(header, fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (h, txs) => {
      const encoded = encode(encodeHeader(h));
      assert.deepEqual(decodeHeader(decode(encoded)), h);
      const blockBytes = encodeBlock({ header: h, txs, evidence: [] });
      const block = decodeBlock(blockBytes);
      assert.deepEqual(block.header, h);
      assert.deepEqual(block.txs.map(toHex), txs.map(toHex));
      assert.equal(toHex(encodeBlock(block)), toHex(blockBytes));
    }),
    { numRuns: 200 },
  );
});

test('property: commit encode → decode → encode round trips', () => {
  const commit = fc.record({
    height: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    round: fc.integer({ min: 0, max: 1_000_000 }),
    blockHash: hash32,
    signatures: fc.array(fc.record({ validator: fc.constantFrom(...validators.map((v) => v.address)), signature: fc.uint8Array({ minLength: 64, maxLength: 64 }) }, { noNullPrototype: true }), { minLength: 1, maxLength: 5 }),
  }, { noNullPrototype: true });
  fc.assert(
    fc.property(commit, (c) => {
      const encoded = encode(encodeCommit(c));
      const decoded = decodeCommit(decode(encoded));
      assert.deepEqual(decoded, c);
      assert.equal(toHex(encode(encodeCommit(decoded))), toHex(encoded));
    }),
    { numRuns: 200 },
  );
});

test('property: decodeBlock of random or mutated bytes throws only CodecError', () => {
  const valid = bytes(objects.block.hex);
  fc.assert(
    fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40 }), (at, byte, random) => {
      for (const input of [Uint8Array.from(valid).fill(byte, at, at + 1), valid.subarray(0, at), random]) {
        try {
          decodeBlock(input);
        } catch (error) {
          assert.ok(error instanceof CodecError, String(error));
        }
      }
    }),
    { numRuns: 500 },
  );
});

// ---------------------------------------------------------------------------------------------
// Decoders' refusals: every one is CodecError('bad_shape') (or the codec's own codes).

const headerMap = (): { [key: string]: CborValue } => encodeHeader(objects.header.value) as { [key: string]: CborValue };
const headerCases: [string, (m: { [key: string]: CborValue }) => void][] = [
  ['a missing field', (m) => delete m.stateRoot],
  ['an extra field', (m) => (m.extra = 1)],
  ['a 31-byte hash', (m) => (m.txRoot = new Uint8Array(31))],
  ['a hash as hex text', (m) => (m.previousHash = objects.header.value.previousHash)],
  ['a negative height', (m) => (m.height = -1)],
  ['a height above 2^53-1', (m) => (m.height = 2n ** 53n)],
  ['a txCount above BLOCK_TXS_MAX', (m) => (m.txCount = BLOCK_TXS_MAX + 1)],
  ['a chainId of 65 characters', (m) => (m.chainId = 'c'.repeat(65))],
  ['a proposer of 91 characters', (m) => (m.proposer = 'p'.repeat(91))],
];
for (const [name, change] of headerCases) {
  test(`decodeHeader refuses ${name} → bad_shape`, () => {
    const map = headerMap();
    change(map);
    assert.equal(codecCode(() => decodeHeader(decode(encode(map)))), 'bad_shape');
  });
}

test('decodeBlock refusals: non-canonical bytes, a tx that is not bytes, a tx over TX_BYTES_MAX, too many txs, evidence missing, not bytes, too large or too many', () => {
  const header = encodeHeader(objects.header.value);
  assert.equal(codecCode(() => decodeBlock(Uint8Array.of(...bytes(objects.block.hex), 0))), 'malformed');
  const evidence: Uint8Array[] = [];
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: ['ab'], evidence }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [new Uint8Array(TX_BYTES_MAX + 1)], evidence }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [new Uint8Array(TX_BYTES_MAX)], evidence }))), 'no error');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: Array.from({ length: BLOCK_TXS_MAX + 1 }, () => new Uint8Array(0)), evidence }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, evidence }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [] }))), 'bad_shape', 'evidence is not optional');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [], evidence, commit: null }))), 'bad_shape');
  // Evidence: bytes only, each at most EVIDENCE_BYTES_MAX, at most EVIDENCE_PER_BLOCK_MAX of them.
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [], evidence: ['ab'] }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [], evidence: [new Uint8Array(EVIDENCE_BYTES_MAX + 1)] }))), 'bad_shape');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [], evidence: Array.from({ length: EVIDENCE_PER_BLOCK_MAX }, () => new Uint8Array(EVIDENCE_BYTES_MAX)) }))), 'no error');
  assert.equal(codecCode(() => decodeBlock(encode({ header, txs: [], evidence: Array.from({ length: EVIDENCE_PER_BLOCK_MAX + 1 }, () => new Uint8Array(1)) }))), 'bad_shape');
});

test('decodeCommit refusals: no signatures, a 63-byte signature, an extra field, a round above ROUND_MAX (2^31 - 2)', () => {
  const base = (): { [key: string]: CborValue } => encodeCommit(commitFromVector(objects.commit.value)) as { [key: string]: CborValue };
  const cases: [string, (m: { [key: string]: CborValue }) => void][] = [
    ['no signatures', (m) => (m.signatures = [])],
    ['a 63-byte signature', (m) => (m.signatures = [{ validator: validators[0].address, signature: new Uint8Array(63) }])],
    ['an extra field', (m) => (m.extra = true)],
    ['a round above 2^31 - 2', (m) => (m.round = 2 ** 31 - 1)],
    ['a 31-byte block hash', (m) => (m.blockHash = new Uint8Array(31))],
  ];
  for (const [name, change] of cases) {
    const map = base();
    change(map);
    assert.equal(codecCode(() => decodeCommit(decode(encode(map)))), 'bad_shape', name);
  }
});

// ---------------------------------------------------------------------------------------------
// checkCommit: > 2/3 of the power, distinct members, valid precommit signatures.

const HASH = objects.header.hash;

function precommit(key: KeyPair, options: { chainId?: string; height?: number; round?: number; blockHash?: string | null; type?: 'prevote' | 'precommit' } = {}): { validator: string; signature: Uint8Array } {
  const message = voteSignBytes(options.chainId ?? CHAIN, {
    type: options.type ?? 'precommit',
    height: options.height ?? 1,
    round: options.round ?? 0,
    blockHash: options.blockHash === undefined ? HASH : options.blockHash,
  });
  return { validator: key.address, signature: key.sign(message) };
}

function commitOf(signatures: { validator: string; signature: Uint8Array }[], round = 0): Commit {
  return { height: 1, round, blockHash: HASH, signatures };
}

function check(commit: Commit, set: ChainValidator[] = validators): string | null {
  return checkCommit(commit, CHAIN, 1, HASH, set, verifyEd25519);
}

const byPower = (power: bigint): KeyPair => keyOf(validators.find((v) => v.power === power)!.address);

test('checkCommit: accepts more than 2/3 of the power (70 of 100, 100 of 100, in any order)', () => {
  assert.equal(check(commitOf([precommit(byPower(40n)), precommit(byPower(30n))])), null);
  assert.equal(check(commitOf(validatorKeys.map((k) => precommit(k)))), null);
  assert.equal(check(commitOf([...validatorKeys].reverse().map((k) => precommit(k)))), null);
  assert.equal(check(commitOf([precommit(byPower(10n), { round: 3 }), precommit(byPower(20n), { round: 3 }), precommit(byPower(40n), { round: 3 })], 3)), null);
});

test('checkCommit: refuses 2/3 of the power or less (exactly 2/3 with three equal validators; 60 of 100)', () => {
  const three = validatorKeys.slice(0, 3);
  const equal = normalizeValidators(three.map((k) => ({ address: k.address, publicKey: k.publicKey, power: 5n })));
  assert.match(check(commitOf(three.slice(0, 2).map((k) => precommit(k))), equal) ?? '', /2\/3 of the power or less/);
  assert.equal(check(commitOf(three.map((k) => precommit(k))), equal), null);
  assert.match(check(commitOf([precommit(byPower(40n)), precommit(byPower(20n))])) ?? '', /2\/3 of the power or less/);
  assert.match(check(commitOf([precommit(byPower(40n))])) ?? '', /2\/3/);
});

test('checkCommit: refuses a validator counted twice, even where the power would then suffice', () => {
  const big = precommit(byPower(40n));
  assert.match(check(commitOf([big, precommit(byPower(30n)), big])) ?? '', /signed twice/);
  assert.match(check(commitOf([big, big])) ?? '', /signed twice/);
});

test('checkCommit: refuses a signer outside the validator set', () => {
  const outsider = new KeyPair(new Uint8Array(32).fill(0x99));
  assert.match(check(commitOf([...validatorKeys.map((k) => precommit(k)), precommit(outsider)])) ?? '', /is not a validator/);
});

test('checkCommit: refuses bad signatures — another block, height, round, chain, a prevote, a nil precommit, a forged signer', () => {
  const good = [precommit(byPower(40n)), precommit(byPower(30n))];
  const key = byPower(20n);
  const bad = [
    precommit(key, { blockHash: '00'.repeat(32) }),
    precommit(key, { height: 2 }),
    precommit(key, { round: 1 }),
    precommit(key, { chainId: 'other-chain' }),
    precommit(key, { type: 'prevote' }),
    precommit(key, { blockHash: null }),
    { validator: key.address, signature: byPower(10n).sign(voteSignBytes(CHAIN, { type: 'precommit', height: 1, round: 0, blockHash: HASH })) },
    { validator: key.address, signature: new Uint8Array(64) },
  ];
  for (const signature of bad) {
    assert.match(check(commitOf([...good, signature])) ?? '', /bad signature/);
  }
});

test('checkCommit: refuses a commit for another height or another block', () => {
  const signatures = validatorKeys.map((k) => precommit(k));
  assert.match(checkCommit({ ...commitOf(signatures), height: 2 }, CHAIN, 1, HASH, validators, verifyEd25519) ?? '', /height 2, expected 1/);
  assert.match(checkCommit(commitOf(signatures), CHAIN, 1, '11'.repeat(32), validators, verifyEd25519) ?? '', /another block/);
});

// ---------------------------------------------------------------------------------------------
// Genesis (src/chain/genesis.ts; spec/chain.md §Genesis).

test('genesis vector: hash = SHA-256 of the canonical CBOR of genesis.json as written; the genesis state and its root', () => {
  const { json, hex, hash, stateRoot } = objects.genesis;
  assert.equal(toHex(encode(json as unknown as CborValue)), hex);
  const genesis = parseGenesis(structuredClone(json));
  assert.equal(genesis.hash, hash);
  assert.equal(sha256Hex(bytes(hex)), hash);
  assert.deepEqual(genesis.validators, validators);
  assert.deepEqual(genesis.params, { nativeAsset: 'AGR', fees: { perByte: 1n, base: { transfer: 100n, 'asset.create': 1_000_000n } } });
  const state = new MemoryState();
  const writes = genesisWrites(EMPTY_STATE, genesis.ledger).writes();
  state.apply(writes);
  checkValueInvariants(state.entries);
  const trie = new TrieUpdate({ getNode: () => undefined });
  trie.applyWrites(writes);
  assert.equal(toHex(trie.finish().root), stateRoot);
  assert.equal(stateRootFromScratch(state.entries), stateRoot);
});

test('genesis: parseGenesis refusals', () => {
  const base = (): GenesisJson => structuredClone(objects.genesis.json);
  const cases: [string, (g: GenesisJson) => void][] = [
    ['an upper-case chain id', (g) => (g.chainId = 'Agora')],
    ['a chain id of 65 characters', (g) => (g.chainId = 'a'.repeat(65))],
    ['a negative genesis time', (g) => (g.genesisTimeMs = -1)],
    ['a bad native symbol', (g) => (g.nativeAsset.symbol = 'agr')],
    ['a bad allocation address', (g) => (g.allocations[0].address = 'agora1xyz')],
    ['an amount with a leading zero', (g) => (g.allocations[0].amount = '01')],
    ['an amount above 2^128-1', (g) => (g.allocations[0].amount = (2n ** 128n).toString())],
    ['a fee for an unknown kind', (g) => (g.params.fees.base = { 'record.register': '1' })],
    ['a negative per-byte fee', (g) => (g.params.fees.perByte = '-1')],
    ['a total power above 2^64 - 1', (g) => (g.validators[0].power = (2n ** 64n).toString())],
    [
      '65 validators',
      (g) => {
        g.validators = Array.from({ length: 65 }, (_, i) => {
          const key = new KeyPair(new Uint8Array(32).fill(i + 1));
          return { address: key.address, publicKey: toHex(key.publicKey), power: '1' };
        });
      },
    ],
  ];
  for (const [name, change] of cases) {
    const json = base();
    change(json);
    assert.throws(() => parseGenesis(json), (error: Error) => (error as Error & { code?: string }).code === 'bad_genesis', name);
  }
});

// The native asset's fields get the same bounds as a created asset's: stored unchecked, a bad one would
// make every later read of the asset record fail.
test('genesis: a native asset with decimals above 18 or a name above 64 characters is refused', () => {
  for (const change of [(g: GenesisJson) => (g.nativeAsset.decimals = 40), (g: GenesisJson) => (g.nativeAsset.name = 'n'.repeat(65))]) {
    const json = structuredClone(objects.genesis.json);
    change(json);
    assert.throws(() => parseGenesis(json), (error: Error) => (error as Error & { code?: string }).code === 'bad_genesis');
  }
});

