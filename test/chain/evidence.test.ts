// Evidence of equivocation (spec/chain.md §6): the committed vectors both ways, every decode refusal,
// every problem code of verifyEvidence, and a block's evidence checked and recorded once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decode, encode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { decodeEvidence, duplicateVoteEvidence, encodeEvidence, evidenceFromJson, evidenceId, evidenceToJson, offenceKey, proposalEvidence, verifyEvidence, type Evidence, type EvidenceJson } from '../../src/chain/evidence.ts';
import { checkBlockEvidence, committedOffence, recordEvidence, selectBlockEvidence, type EvidenceContext } from '../../src/chain/evidence-block.ts';
import { EVIDENCE_AGE_MAX_HEIGHTS, EVIDENCE_PER_BLOCK_MAX } from '../../src/chain/limits.ts';
import { merkleRootOf } from '../../src/chain/merkle.ts';
import { normalizeValidators, type ChainValidator } from '../../src/chain/validators.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { fromHex, sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';
import { MemoryState, Overlay } from '../../src/ledger/state.ts';
import { keyFromByte } from '../ledger/fixtures.ts';

interface Vectors {
  chainId: string;
  evidence: { pieces: { json: EvidenceJson; hex: string; offence: string }[]; root: string };
  validators: { value: { address: string; publicKey: string; power: string }[] };
}
const objects = (JSON.parse(readFileSync(new URL('../codec/vectors/encoding.json', import.meta.url), 'utf8')) as { objects: Vectors }).objects;
const CHAIN = objects.chainId;
const validators: ChainValidator[] = objects.validators.value.map((v) => ({ address: v.address, publicKey: fromHex(v.publicKey), power: BigInt(v.power) }));
const keys = [0x11, 0x12, 0x13, 0x14].map(keyFromByte);
const outsider = keyFromByte(0x42);
const blockA = sha256Hex(utf8('A'));
const blockB = sha256Hex(utf8('B'));

function vote(key: typeof outsider, blockHash: string | null, height = 5, round = 0, chainId = CHAIN) {
  return { type: 'prevote' as const, height, round, blockHash, validator: key.address, signature: key.sign(voteSignBytes(chainId, { type: 'prevote', height, round, blockHash })) };
}
function proposal(key: typeof outsider, blockHash: string, height = 5, round = 0) {
  return { height, round, blockHash, polRound: -1, proposer: key.address, signature: key.sign(proposalSignBytes(CHAIN, { height, round, blockHash, polRound: -1 })) };
}
const doubleVote = (key = keys[0], height = 5): Evidence => duplicateVoteEvidence(CHAIN, vote(key, blockA, height), vote(key, blockB, height));

for (const [i, vector] of objects.evidence.pieces.entries()) {
  test(`evidence vector ${i} (${vector.json.kind}): json → bytes → json, id, offence, verifies against the vector set`, () => {
    const evidence = evidenceFromJson(vector.json);
    assert.equal(toHex(encodeEvidence(evidence)), vector.hex);
    assert.deepEqual(evidenceToJson(decodeEvidence(fromHex(vector.hex))), vector.json);
    assert.equal(evidenceId(fromHex(vector.hex)), vector.json.id);
    assert.equal(offenceKey(evidence), vector.offence);
    assert.equal(verifyEvidence(evidence, CHAIN, validators, verifyEd25519), null);
  });
}

test('evidence vectors: their Merkle root is the committed one', () => {
  assert.equal(toHex(merkleRootOf(objects.evidence.pieces.map((p) => fromHex(p.hex)))), objects.evidence.root);
});

test('evidence: the same pair in either order has one encoding and one id', () => {
  const a = vote(keys[0], blockA);
  const b = vote(keys[0], null);
  assert.equal(toHex(encodeEvidence(duplicateVoteEvidence(CHAIN, a, b))), toHex(encodeEvidence(duplicateVoteEvidence(CHAIN, b, a))));
  assert.equal(duplicateVoteEvidence(CHAIN, a, b).first.blockHash, null, 'nil sorts first');
  const p = proposal(keys[1], blockA);
  const q = proposal(keys[1], blockB);
  assert.equal(toHex(encodeEvidence(proposalEvidence(CHAIN, p, q))), toHex(encodeEvidence(proposalEvidence(CHAIN, q, p))));
});

test('evidence: building from messages of two slots throws', () => {
  assert.throws(() => duplicateVoteEvidence(CHAIN, vote(keys[0], blockA, 5), vote(keys[0], blockB, 6)), RangeError);
  assert.throws(() => duplicateVoteEvidence(CHAIN, vote(keys[0], blockA), vote(keys[1], blockB)), RangeError);
  assert.throws(() => proposalEvidence(CHAIN, proposal(keys[0], blockA, 5, 0), proposal(keys[0], blockB, 5, 1)), RangeError);
});

const decodeRefusals: [string, (m: { [key: string]: CborValue }) => void, string][] = [
  ['an unknown kind', (m) => (m.kind = 'doubleSpend'), 'bad_shape'],
  ['an unknown field', (m) => (m.extra = 1), 'bad_shape'],
  ['a missing signature', (m) => delete (m.first as { [key: string]: CborValue }).signature, 'bad_shape'],
  ['a short block hash', (m) => ((m.second as { [key: string]: CborValue }).blockHash = new Uint8Array(31)), 'bad_shape'],
  ['a vote type that is not one', (m) => (m.type = 'propose'), 'bad_shape'],
  ['halves out of order', (m) => ([m.first, m.second] = [m.second, m.first]), 'non_canonical'],
];
for (const [what, change, code] of decodeRefusals) {
  test(`decodeEvidence refuses ${what} (${code})`, () => {
    const value = decode(encodeEvidence(doubleVote())) as { [key: string]: CborValue };
    change(value);
    assert.throws(() => decodeEvidence(encode(value)), (error: unknown) => error instanceof CodecError && error.code === code);
  });
}

test('decodeEvidence refuses bytes past EVIDENCE_BYTES_MAX and non-canonical bytes', () => {
  assert.throws(() => decodeEvidence(new Uint8Array(1025)), (e: unknown) => e instanceof CodecError && e.code === 'too_large');
  const bytes = encodeEvidence(doubleVote());
  assert.throws(() => decodeEvidence(Uint8Array.from([...bytes, 0])), (e: unknown) => e instanceof CodecError);
});

test('evidenceFromJson refuses a wrong id', () => {
  const json = evidenceToJson(doubleVote());
  assert.throws(() => evidenceFromJson({ ...json, id: '00'.repeat(32) }), (e: unknown) => e instanceof CodecError);
});

const problems: [string, () => Evidence, number | undefined][] = [
  ['wrong_chain', () => ({ ...doubleVote(), chainId: 'another-chain' }), undefined],
  ['from_future', () => doubleVote(keys[0], 9), 9],
  ['too_old', () => doubleVote(keys[0], 5), 5 + EVIDENCE_AGE_MAX_HEIGHTS + 1],
  ['same_block', () => duplicateVoteEvidence(CHAIN, vote(keys[0], blockA), vote(keys[0], blockA)), undefined],
  ['not_a_validator', () => doubleVote(outsider), undefined],
  ['bad_signature', () => {
    const e = doubleVote() as Extract<Evidence, { kind: 'duplicateVote' }>;
    return { ...e, second: { ...e.second, signature: vote(keys[0], e.second.blockHash, 6).signature } };
  }, undefined],
  ['bad_signature', () => {
    // Signed on another chain: one chain's votes prove nothing on another.
    const e = duplicateVoteEvidence('another-chain', vote(keys[0], blockA, 5, 0, 'another-chain'), vote(keys[0], blockB, 5, 0, 'another-chain'));
    return { ...e, chainId: CHAIN };
  }, undefined],
  ['bad_signature', () => ({ ...proposalEvidence(CHAIN, proposal(keys[1], blockA), proposal(keys[1], blockB)), proposer: keys[2].address }), undefined],
];
for (const [code, make, atHeight] of problems) {
  test(`verifyEvidence: ${code}`, () => {
    const problem = verifyEvidence(make(), CHAIN, validators, verifyEd25519, atHeight);
    assert.equal(problem?.code, code, problem?.message);
  });
}

test('verifyEvidence: within the age bound, a proven offence is null; one height past it, too_old', () => {
  assert.equal(verifyEvidence(doubleVote(keys[0], 5), CHAIN, validators, verifyEd25519, 5 + EVIDENCE_AGE_MAX_HEIGHTS), null);
  assert.equal(verifyEvidence(doubleVote(keys[0], 5), CHAIN, validators, verifyEd25519, 6), null);
});

const ctx = (height: number): EvidenceContext => ({ chainId: CHAIN, height, validatorsAt: () => normalizeValidators(validators), verify: verifyEd25519 });

test('block evidence: checked, recorded once in the state, then already_committed; offenders sorted', () => {
  const state = new MemoryState();
  const pieces = [doubleVote(keys[2]), doubleVote(keys[0]), proposalEvidence(CHAIN, proposal(keys[0], blockA), proposal(keys[0], blockB))].map(encodeEvidence);
  const checked = checkBlockEvidence(state, ctx(10), pieces);
  assert.ok(Array.isArray(checked), JSON.stringify(checked));
  const view = new Overlay(state);
  const offenders = recordEvidence(view, checked, 10);
  assert.deepEqual(offenders, [keys[0].address, keys[2].address].sort());
  state.apply(view.writes());
  assert.deepEqual(committedOffence(state, offenceKey(doubleVote(keys[0]))), { id: evidenceId(pieces[1]), height: 10 });
  // Another pair proving the same offence is refused too: what counts is the offence, not the bytes.
  const samePairAgain = checkBlockEvidence(state, ctx(11), [pieces[1]]);
  assert.equal(!Array.isArray(samePairAgain) && samePairAgain.code, 'already_committed');
  const otherPair = encodeEvidence(duplicateVoteEvidence(CHAIN, vote(keys[0], blockA), vote(keys[0], null)));
  const refused = checkBlockEvidence(state, ctx(11), [otherPair]);
  assert.equal(!Array.isArray(refused) && refused.code, 'already_committed');
  assert.deepEqual(selectBlockEvidence(state, ctx(11), [pieces[1], otherPair]), [], 'the proposer leaves committed offences out');
});

test('block evidence refusals: duplicate, malformed, too_many, a verify problem (with the index)', () => {
  const state = new MemoryState();
  const piece = encodeEvidence(doubleVote());
  const check = (list: Uint8Array[]): string => {
    const result = checkBlockEvidence(state, ctx(10), list);
    return Array.isArray(result) ? 'ok' : `${result.code}: ${result.message}`;
  };
  assert.match(check([piece, piece]), /^duplicate: evidence 1/);
  assert.match(check([piece, new Uint8Array([1, 2])]), /^malformed: evidence 1/);
  assert.match(check(Array.from({ length: EVIDENCE_PER_BLOCK_MAX + 1 }, () => piece)), /^too_many/);
  assert.match(check([encodeEvidence(doubleVote(outsider))]), /^not_a_validator: evidence 0/);
  assert.match(check([encodeEvidence(doubleVote(keys[0], 10))]), /^from_future/);
  assert.equal(check([piece]), 'ok');
  // The proposer's side keeps what checks, in order, and leaves the rest out.
  const chosen = selectBlockEvidence(state, ctx(10), [new Uint8Array([1]), piece, piece, encodeEvidence(doubleVote(keys[1]))]);
  assert.deepEqual(chosen.map((c) => c.offender), [keys[0].address, keys[1].address]);
});
