/**
 * Evidence of equivocation (spec/chain.md §6): two messages signed by one validator that no correct
 * validator signs together. Pure and browser-safe: the node gossips and commits it, and anyone
 * holding the validator set of its height checks it offline with `verifyEvidence`.
 *
 *   duplicateVote          two votes of one validator for one (height, round, type), different blocks
 *                          (nil counts as a block here: a nil and a non-nil vote conflict too);
 *   proposalEquivocation   two proposals of one proposer for one (height, round), different blocks.
 *
 * One canonical CBOR encoding: the two signed halves sorted by block hash (nil first), so the same
 * pair seen in either order by two nodes has one id. The *offence* (`offenceKey`) names what is
 * proven, whichever pair proves it: a block commits each offence at most once.
 */
import { decode, encode, type CborValue } from '../codec/cbor.ts';
import { CodecError } from '../codec/errors.ts';
import { readMap, readSmallUint, readString, readBytes } from '../codec/shape.ts';
import { fromHex, sha256Hex, toHex } from '../crypto/hash.ts';
import { CHAIN_ID_LENGTH_MAX, HEIGHT_MAX } from '../ledger/limits.ts';
import { COMMIT_ROUND_MAX, EVIDENCE_AGE_MAX_HEIGHTS, EVIDENCE_BYTES_MAX } from './limits.ts';
import type { ChainValidator } from './validators.ts';
import { proposalSignBytes, voteSignBytes, type Verify } from './votes.ts';

const ADDRESS_LENGTH_MAX = 90;

/** One signed vote of a duplicate-vote piece: what differs between the two. */
export interface VoteHalf {
  /** Lower-case hex, or null for a nil vote. */
  blockHash: string | null;
  signature: Uint8Array;
}

/** One signed proposal of a proposal-equivocation piece. */
export interface ProposalHalf {
  blockHash: string;
  polRound: number;
  signature: Uint8Array;
}

export interface DuplicateVoteEvidence {
  kind: 'duplicateVote';
  chainId: string;
  validator: string;
  type: 'prevote' | 'precommit';
  height: number;
  round: number;
  first: VoteHalf;
  second: VoteHalf;
}

export interface ProposalEquivocationEvidence {
  kind: 'proposalEquivocation';
  chainId: string;
  proposer: string;
  height: number;
  round: number;
  first: ProposalHalf;
  second: ProposalHalf;
}

export type Evidence = DuplicateVoteEvidence | ProposalEquivocationEvidence;

export type EvidenceProblemCode = 'wrong_chain' | 'from_future' | 'too_old' | 'same_block' | 'not_a_validator' | 'bad_signature';

/** Why a piece of evidence proves nothing (here, now): the first failed check of `verifyEvidence`. */
export interface EvidenceProblem {
  readonly code: EvidenceProblemCode;
  readonly message: string;
}

/** The validator the evidence accuses. */
export function offender(evidence: Evidence): string {
  return evidence.kind === 'duplicateVote' ? evidence.validator : evidence.proposer;
}

/** What the evidence proves, whichever pair proves it; the state key of a committed offence is `evidence/<offenceKey>`. */
export function offenceKey(evidence: Evidence): string {
  return evidence.kind === 'duplicateVote'
    ? `vote/${evidence.validator}/${evidence.height}/${evidence.round}/${evidence.type}`
    : `proposal/${evidence.proposer}/${evidence.height}/${evidence.round}`;
}

/** nil sorts first, then hashes by their hex (= bytewise). */
function compareBlock(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function sorted<T extends { blockHash: string | null }>(a: T, b: T): [T, T] {
  return compareBlock(a.blockHash, b.blockHash) <= 0 ? [a, b] : [b, a];
}

/** Builds duplicate-vote evidence from two signed votes (in any order). Throws on votes of different slots. */
export function duplicateVoteEvidence(chainId: string, a: { type: 'prevote' | 'precommit'; height: number; round: number; blockHash: string | null; validator: string; signature: Uint8Array }, b: typeof a): DuplicateVoteEvidence {
  if (a.validator !== b.validator || a.type !== b.type || a.height !== b.height || a.round !== b.round) throw new RangeError('two votes of one validator for one (height, round, type) are needed');
  const [first, second] = sorted({ blockHash: a.blockHash, signature: a.signature }, { blockHash: b.blockHash, signature: b.signature });
  return { kind: 'duplicateVote', chainId, validator: a.validator, type: a.type, height: a.height, round: a.round, first, second };
}

/** Builds proposal-equivocation evidence from two signed proposals (in any order). */
export function proposalEvidence(chainId: string, a: { height: number; round: number; blockHash: string; polRound: number; proposer: string; signature: Uint8Array }, b: typeof a): ProposalEquivocationEvidence {
  if (a.proposer !== b.proposer || a.height !== b.height || a.round !== b.round) throw new RangeError('two proposals of one proposer for one (height, round) are needed');
  const [first, second] = sorted({ blockHash: a.blockHash, polRound: a.polRound, signature: a.signature }, { blockHash: b.blockHash, polRound: b.polRound, signature: b.signature });
  return { kind: 'proposalEquivocation', chainId, proposer: a.proposer, height: a.height, round: a.round, first, second };
}

function encodeValue(evidence: Evidence): CborValue {
  if (evidence.kind === 'duplicateVote') {
    const half = (h: VoteHalf): CborValue => ({ blockHash: h.blockHash === null ? null : fromHex(h.blockHash), signature: h.signature });
    return { kind: evidence.kind, chainId: evidence.chainId, validator: evidence.validator, type: evidence.type, height: evidence.height, round: evidence.round, first: half(evidence.first), second: half(evidence.second) };
  }
  const half = (h: ProposalHalf): CborValue => ({ blockHash: fromHex(h.blockHash), polRound: h.polRound, signature: h.signature });
  return { kind: evidence.kind, chainId: evidence.chainId, proposer: evidence.proposer, height: evidence.height, round: evidence.round, first: half(evidence.first), second: half(evidence.second) };
}

/** The canonical bytes. Throws CodecError for halves out of order or past EVIDENCE_BYTES_MAX (what decode refuses). */
export function encodeEvidence(evidence: Evidence): Uint8Array {
  if (compareBlock(evidence.first.blockHash, evidence.second.blockHash) > 0) throw new CodecError('non_canonical', 'evidence halves must be sorted by block hash (nil first)');
  const bytes = encode(encodeValue(evidence));
  if (bytes.length > EVIDENCE_BYTES_MAX) throw new CodecError('too_large', `evidence is ${bytes.length} bytes, the limit is ${EVIDENCE_BYTES_MAX}`);
  return bytes;
}

/** SHA-256 of the canonical bytes, lower-case hex. */
export function evidenceId(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

function readHash(value: CborValue | undefined, path: string): string {
  return toHex(readBytes(value, path, 32));
}

/**
 * Throws CodecError on anything but canonical evidence within EVIDENCE_BYTES_MAX: unknown kind or
 * field, a field of the wrong type or size, halves not sorted by block hash (`non_canonical`).
 * Two halves of one block decode (that is `same_block` of `verifyEvidence`, a reason, not a shape).
 */
export function decodeEvidence(bytes: Uint8Array): Evidence {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('malformed', 'expected bytes');
  if (bytes.length > EVIDENCE_BYTES_MAX) throw new CodecError('too_large', `evidence is ${bytes.length} bytes, the limit is ${EVIDENCE_BYTES_MAX}`);
  const value = decode(bytes);
  const kind = readMap(value, 'evidence', Object.keys(value ?? {})).kind;
  let evidence: Evidence;
  if (kind === 'duplicateVote') {
    const map = readMap(value, 'evidence', ['kind', 'chainId', 'validator', 'type', 'height', 'round', 'first', 'second']);
    if (map.type !== 'prevote' && map.type !== 'precommit') throw new CodecError('bad_shape', 'evidence.type: expected "prevote" or "precommit"');
    const half = (v: CborValue | undefined, path: string): VoteHalf => {
      const h = readMap(v, path, ['blockHash', 'signature']);
      return { blockHash: h.blockHash === null ? null : readHash(h.blockHash, `${path}.blockHash`), signature: readBytes(h.signature, `${path}.signature`, 64) };
    };
    evidence = {
      kind,
      chainId: readString(map.chainId, 'evidence.chainId', CHAIN_ID_LENGTH_MAX),
      validator: readString(map.validator, 'evidence.validator', ADDRESS_LENGTH_MAX),
      type: map.type,
      height: readSmallUint(map.height, 'evidence.height', HEIGHT_MAX),
      round: readSmallUint(map.round, 'evidence.round', COMMIT_ROUND_MAX),
      first: half(map.first, 'evidence.first'),
      second: half(map.second, 'evidence.second'),
    };
  } else if (kind === 'proposalEquivocation') {
    const map = readMap(value, 'evidence', ['kind', 'chainId', 'proposer', 'height', 'round', 'first', 'second']);
    const round = readSmallUint(map.round, 'evidence.round', COMMIT_ROUND_MAX);
    const half = (v: CborValue | undefined, path: string): ProposalHalf => {
      const h = readMap(v, path, ['blockHash', 'polRound', 'signature']);
      const polRound = h.polRound === -1 ? -1 : readSmallUint(h.polRound, `${path}.polRound`, COMMIT_ROUND_MAX);
      if (polRound >= round) throw new CodecError('bad_shape', `${path}.polRound: expected -1 or a round below evidence.round`);
      return { blockHash: readHash(h.blockHash, `${path}.blockHash`), polRound, signature: readBytes(h.signature, `${path}.signature`, 64) };
    };
    evidence = {
      kind,
      chainId: readString(map.chainId, 'evidence.chainId', CHAIN_ID_LENGTH_MAX),
      proposer: readString(map.proposer, 'evidence.proposer', ADDRESS_LENGTH_MAX),
      height: readSmallUint(map.height, 'evidence.height', HEIGHT_MAX),
      round,
      first: half(map.first, 'evidence.first'),
      second: half(map.second, 'evidence.second'),
    };
  } else {
    throw new CodecError('bad_shape', 'evidence.kind: expected "duplicateVote" or "proposalEquivocation"');
  }
  if (compareBlock(evidence.first.blockHash, evidence.second.blockHash) > 0) throw new CodecError('non_canonical', 'evidence halves must be sorted by block hash (nil first)');
  return evidence;
}

function problem(code: EvidenceProblemCode, message: string): EvidenceProblem {
  return { code, message };
}

/**
 * Whether `evidence` proves an offence on chain `chainId` against `validators`, the validator set of
 * the evidence's height. Returns null, or the first failed check in this order (spec/chain.md §6.2):
 * wrong_chain, from_future, too_old (both only when `atHeight`, the height of the block that would
 * commit it, is given), same_block, not_a_validator, bad_signature. Offline checks leave `atHeight` out.
 */
export function verifyEvidence(evidence: Evidence, chainId: string, validators: readonly ChainValidator[], verify: Verify, atHeight?: number): EvidenceProblem | null {
  if (evidence.chainId !== chainId) return problem('wrong_chain', `evidence is for chain ${evidence.chainId}, not ${chainId}`);
  if (atHeight !== undefined && evidence.height >= atHeight) return problem('from_future', `evidence of height ${evidence.height} cannot be committed at height ${atHeight}`);
  if (atHeight !== undefined && atHeight - evidence.height > EVIDENCE_AGE_MAX_HEIGHTS) return problem('too_old', `evidence of height ${evidence.height} is more than ${EVIDENCE_AGE_MAX_HEIGHTS} heights before ${atHeight}`);
  if (evidence.first.blockHash === evidence.second.blockHash) return problem('same_block', 'both halves are for one block: no conflict');
  const accused = offender(evidence);
  const member = validators.find((v) => v.address === accused);
  if (member === undefined) return problem('not_a_validator', `${accused} is not in the validator set`);
  for (const [name, bytes, signature] of signedHalves(evidence)) {
    if (!verify(member.publicKey, bytes, signature)) return problem('bad_signature', `the ${name} signature is not ${accused}'s`);
  }
  return null;
}

function signedHalves(evidence: Evidence): [string, Uint8Array, Uint8Array][] {
  const { chainId, height, round } = evidence;
  if (evidence.kind === 'duplicateVote') {
    return [evidence.first, evidence.second].map((h, i) => [i === 0 ? 'first' : 'second', voteSignBytes(chainId, { type: evidence.type, height, round, blockHash: h.blockHash }), h.signature]);
  }
  return [evidence.first, evidence.second].map((h, i) => [i === 0 ? 'first' : 'second', proposalSignBytes(chainId, { height, round, blockHash: h.blockHash, polRound: h.polRound }), h.signature]);
}

/** JSON of evidence for the API and offline checks: hashes and signatures as lower-case hex. */
export type EvidenceJson =
  | { kind: 'duplicateVote'; id: string; chainId: string; validator: string; type: 'prevote' | 'precommit'; height: number; round: number; first: { blockHash: string | null; signature: string }; second: { blockHash: string | null; signature: string } }
  | { kind: 'proposalEquivocation'; id: string; chainId: string; proposer: string; height: number; round: number; first: { blockHash: string; polRound: number; signature: string }; second: { blockHash: string; polRound: number; signature: string } };

export function evidenceToJson(evidence: Evidence): EvidenceJson {
  const id = evidenceId(encodeEvidence(evidence));
  if (evidence.kind === 'duplicateVote') {
    const half = (h: VoteHalf): { blockHash: string | null; signature: string } => ({ blockHash: h.blockHash, signature: toHex(h.signature) });
    return { ...evidence, id, first: half(evidence.first), second: half(evidence.second) };
  }
  const half = (h: ProposalHalf): { blockHash: string; polRound: number; signature: string } => ({ blockHash: h.blockHash, polRound: h.polRound, signature: toHex(h.signature) });
  return { ...evidence, id, first: half(evidence.first), second: half(evidence.second) };
}

/**
 * Evidence from its JSON (an API answer or a file), by way of its canonical bytes: throws
 * CodecError for any field decodeEvidence would refuse, or when `id` is not the id of the rest.
 */
export function evidenceFromJson(json: EvidenceJson): Evidence {
  const fromHexChecked = (hex: unknown, path: string): Uint8Array => {
    if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) throw new CodecError('bad_shape', `${path}: expected lower-case hex`);
    return fromHex(hex);
  };
  const value: { [key: string]: CborValue } = {};
  for (const [key, field] of Object.entries(json)) {
    if (key === 'id') continue;
    if (key === 'first' || key === 'second') {
      if (typeof field !== 'object' || field === null || Array.isArray(field)) throw new CodecError('bad_shape', `evidence.${key}: expected an object`);
      const half = field as { [k: string]: unknown };
      const out: { [k: string]: CborValue } = {};
      for (const [k, v] of Object.entries(half)) out[k] = k === 'signature' || (k === 'blockHash' && v !== null) ? fromHexChecked(v, `evidence.${key}.${k}`) : (v as CborValue);
      value[key] = out;
    } else {
      value[key] = field as CborValue;
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = encode(value);
  } catch (error) {
    throw new CodecError('bad_shape', `evidence: ${(error as Error).message}`);
  }
  const evidence = decodeEvidence(bytes);
  if (json.id !== evidenceId(bytes)) throw new CodecError('bad_shape', 'evidence.id: not the SHA-256 of the evidence\'s canonical bytes');
  return evidence;
}
