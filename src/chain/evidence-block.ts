/**
 * A block's evidence (spec/chain.md §6.3): which pieces a block may carry, and what committing them
 * writes to the state. Pure: the state, the validator sets and the verifier arrive as arguments.
 */
import { decodeTrusted, encode } from '../codec/cbor.ts';
import { CodecError } from '../codec/errors.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import type { Overlay, StateReader } from '../ledger/state.ts';
import { decodeEvidence, evidenceId, offenceKey, offender, verifyEvidence, type Evidence, type EvidenceProblemCode } from './evidence.ts';
import { EVIDENCE_PER_BLOCK_MAX } from './limits.ts';
import type { ChainValidator } from './validators.ts';
import type { Verify } from './votes.ts';

/** A piece of evidence checked for a block at `height`. */
export interface CheckedEvidence {
  id: string;
  /** offenceKey(evidence): a block commits each offence at most once, ever. */
  offence: string;
  offender: string;
  evidence: Evidence;
  bytes: Uint8Array;
}

export type BlockEvidenceCode = EvidenceProblemCode | 'malformed' | 'too_many' | 'duplicate' | 'already_committed';

export interface BlockEvidenceRefusal {
  readonly code: BlockEvidenceCode;
  readonly message: string;
}

export interface EvidenceContext {
  chainId: string;
  /** The height of the block that carries the evidence. */
  height: number;
  /** The validator set at a past height (the genesis set until validator sets change). */
  validatorsAt: (height: number) => readonly ChainValidator[];
  verify: Verify;
}

/** State key of a committed offence: `evidence/<offenceKey>` → `{ id, height }` (spec/ledger.md §State). */
export function evidenceStateKey(offence: string): string {
  return `evidence/${offence}`;
}

/** Whether `offence` is committed in `state`, and at which height. */
export function committedOffence(state: StateReader, offence: string): { id: string; height: number } | undefined {
  const bytes = state.get(evidenceStateKey(offence));
  if (bytes === undefined) return undefined;
  const value = decodeTrusted(bytes) as { id: Uint8Array; height: number };
  return { id: toHex(value.id), height: value.height };
}

/**
 * One piece for a block at ctx.height: decodes, proves an offence (verifyEvidence with `atHeight`),
 * is not an offence already in `seen` (earlier in the block) or in the state. Checks in that order;
 * the cheap state and duplicate checks run before the signatures.
 */
export function checkEvidencePiece(state: StateReader, ctx: EvidenceContext, bytes: Uint8Array, seen: ReadonlySet<string>): CheckedEvidence | BlockEvidenceRefusal {
  let evidence: Evidence;
  try {
    evidence = decodeEvidence(bytes);
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    return { code: 'malformed', message: `${error.code}: ${error.message}` };
  }
  const offence = offenceKey(evidence);
  if (seen.has(offence)) return { code: 'duplicate', message: `offence ${offence} appears twice in the block` };
  const committed = committedOffence(state, offence);
  if (committed !== undefined) return { code: 'already_committed', message: `offence ${offence} was committed at height ${committed.height}` };
  const problem = verifyEvidence(evidence, ctx.chainId, ctx.validatorsAt(evidence.height), ctx.verify, ctx.height);
  if (problem !== null) return problem;
  return { id: evidenceId(bytes), offence, offender: offender(evidence), evidence, bytes };
}

/** The validator's side: every piece must check, else the block is invalid (the first refusal, with its index). */
export function checkBlockEvidence(state: StateReader, ctx: EvidenceContext, pieces: readonly Uint8Array[]): CheckedEvidence[] | BlockEvidenceRefusal {
  if (pieces.length > EVIDENCE_PER_BLOCK_MAX) return { code: 'too_many', message: `${pieces.length} pieces of evidence, the limit is ${EVIDENCE_PER_BLOCK_MAX}` };
  const seen = new Set<string>();
  const checked: CheckedEvidence[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const result = checkEvidencePiece(state, ctx, pieces[i], seen);
    if (!('offence' in result)) return { code: result.code, message: `evidence ${i}: ${result.message}` };
    seen.add(result.offence);
    checked.push(result);
  }
  return checked;
}

/** The proposer's side: the candidates that check, in order, at most EVIDENCE_PER_BLOCK_MAX; the rest left out. */
export function selectBlockEvidence(state: StateReader, ctx: EvidenceContext, candidates: readonly Uint8Array[]): CheckedEvidence[] {
  const seen = new Set<string>();
  const chosen: CheckedEvidence[] = [];
  for (const bytes of candidates) {
    if (chosen.length >= EVIDENCE_PER_BLOCK_MAX) break;
    const result = checkEvidencePiece(state, ctx, bytes, seen);
    if (!('offence' in result)) continue;
    seen.add(result.offence);
    chosen.push(result);
  }
  return chosen;
}

/**
 * Writes each committed offence to the state (so it is never committed again) and returns the
 * offenders of the block, sorted, without repeats.
 */
export function recordEvidence(view: Overlay, pieces: readonly CheckedEvidence[], height: number): string[] {
  for (const piece of pieces) view.put(evidenceStateKey(piece.offence), encode({ id: fromHex(piece.id), height }));
  return [...new Set(pieces.map((p) => p.offender))].sort();
}
