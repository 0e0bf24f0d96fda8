/**
 * The evidence document of a block (spec/chain.md §6.5): the block's evidence with what proves the
 * validator set of each piece's height from the genesis — the sets, the hand-over blocks from the
 * genesis set on, and the block of each piece's height — so that evidence against a validator that
 * joined by `validators.update` checks offline, with the genesis as the only trust anchor. The node
 * serves it at `GET /v1/blocks/:height/evidence`; `agora evidence verify` and the SDK check it.
 * Browser-safe.
 */
import type { EvidenceProblemCode } from '../chain/evidence.ts';
import { EVIDENCE_PER_BLOCK_MAX } from '../chain/limits.ts';
import type { Verify } from '../chain/votes.ts';
import { verifyEd25519 } from '../crypto/ed25519.ts';
import { verifyEvidenceJson, type EvidenceJson, type EvidenceVerdict } from './evidence.ts';
import { walkHandOvers, type HandOverProblemCode } from './hand-overs.ts';
import { checkAnchor, type TrustAnchor } from './provenance/anchor.ts';
import { list, object, readBlock, readValidatorSet, ReportShapeError, text } from './provenance/read.ts';
import { REPORT_BLOCKS_MAX, type ReportBlock, type ValidatorSetJson } from './provenance/report.ts';

export const EVIDENCE_DOCUMENT_FORMAT = 'agora-evidence/1';

export interface EvidenceDocument {
  format: typeof EVIDENCE_DOCUMENT_FORMAT;
  chainId: string;
  /** The block's evidence, in block order, as GET /v1/blocks/:height shows it (each piece read by verifyEvidenceJson). */
  evidence: EvidenceJson[];
  /** The genesis set first, then each set a hand-over block names, once each. */
  validatorSets: ValidatorSetJson[];
  /** For each set that starts at a height s ≤ the last piece's height, block s − 1 (signed by the set before), by height. */
  handOvers: ReportBlock[];
  /** The block of each piece's height that is not a hand-over block, by height: signed by the set of that height. */
  blocks: ReportBlock[];
}

export type EvidenceDocumentProblemCode =
  | HandOverProblemCode
  /** Not an evidence document (the place says which field). */
  | 'bad_shape'
  /** A piece's height has no proven block in the document: the set it is to be checked against is unknown. */
  | 'no_validator_set'
  /** A piece that proves nothing: why (spec/chain.md §6.2). */
  | EvidenceProblemCode;

export interface EvidenceDocumentProblem {
  /** A JSON path into the document, e.g. `$.evidence[0]` or `$.handOvers[0].commit`. */
  place: string;
  message: string;
  code: EvidenceDocumentProblemCode;
}

export type EvidenceDocumentVerdict =
  | (Extract<EvidenceVerdict, { ok: true }> & { validatorsHash: string })
  | { ok: false; code: EvidenceDocumentProblemCode; message: string; validatorsHash: string | null };

export interface EvidenceDocumentResult {
  /** True only when every piece proves its offender equivocated, against the set of its height proven from the anchor. */
  ok: boolean;
  anchor: TrustAnchor;
  chainId: string | null;
  /** One verdict per piece, in order, naming the set (its hash) it was checked against, when there was one. */
  results: EvidenceDocumentVerdict[];
  problems: EvidenceDocumentProblem[];
}

/** Reads a document's JSON value; throws ReportShapeError naming the place. */
export function readEvidenceDocument(value: unknown): EvidenceDocument {
  const map = object(value, '$', ['format', 'chainId', 'evidence', 'validatorSets', 'handOvers', 'blocks']);
  if (map.format !== EVIDENCE_DOCUMENT_FORMAT) throw new ReportShapeError('$.format', `expected "${EVIDENCE_DOCUMENT_FORMAT}"`);
  return {
    format: EVIDENCE_DOCUMENT_FORMAT,
    chainId: text(map.chainId, '$.chainId', 64),
    // Each piece's shape is checked with its signatures (verifyEvidenceJson), naming its field.
    evidence: list(map.evidence, '$.evidence', EVIDENCE_PER_BLOCK_MAX) as EvidenceJson[],
    validatorSets: list(map.validatorSets, '$.validatorSets', REPORT_BLOCKS_MAX + 1, 1).map((s, i) => readValidatorSet(s, `$.validatorSets[${i}]`)),
    handOvers: list(map.handOvers, '$.handOvers', REPORT_BLOCKS_MAX).map((b, i) => readBlock(b, `$.handOvers[${i}]`)),
    blocks: list(map.blocks, '$.blocks', EVIDENCE_PER_BLOCK_MAX).map((b, i) => readBlock(b, `$.blocks[${i}]`)),
  };
}

/** True for a JSON value that says it is an evidence document (then read it with readEvidenceDocument). */
export function isEvidenceDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === EVIDENCE_DOCUMENT_FORMAT;
}

/**
 * Checks a document against `anchor` (spec/chain.md §6.5): its chain is the anchor's; its blocks,
 * walked by height from the genesis set, prove the set of each piece's height (hand-overs.ts); each
 * piece proves its offender equivocated against that set (§6.2). Problems name their place.
 */
export function verifyEvidenceDocument(value: unknown, anchor: TrustAnchor, verify: Verify = verifyEd25519): EvidenceDocumentResult {
  checkAnchor(anchor);
  let document: EvidenceDocument;
  try {
    document = readEvidenceDocument(value);
  } catch (error) {
    if (!(error instanceof ReportShapeError)) throw error;
    return { ok: false, anchor, chainId: null, results: [], problems: [{ place: error.place, message: error.detail, code: 'bad_shape' }] };
  }
  const problems: EvidenceDocumentProblem[] = [];
  const result = (ok: boolean): EvidenceDocumentResult => ({ ok, anchor, chainId: document.chainId, results, problems });
  const results: EvidenceDocumentResult['results'] = [];
  if (anchor.chainId !== undefined && document.chainId !== anchor.chainId) {
    problems.push({ place: '$.chainId', message: `the document is for chain "${document.chainId}", not the trusted chain "${anchor.chainId}"`, code: 'not_trusted' });
    return result(false);
  }
  // The hand-overs and the pieces' blocks may come in any order: walked by height (a height twice stops the walk).
  const blocks = [...document.handOvers.map((block, i) => ({ block, place: `$.handOvers[${i}]` })), ...document.blocks.map((block, i) => ({ block, place: `$.blocks[${i}]` }))];
  blocks.sort((a, b) => a.block.header.height - b.block.header.height);
  const walk = walkHandOvers({ chainId: document.chainId, anchor, validatorSets: document.validatorSets, blocks, verify, noun: 'document' });
  problems.push(...walk.problems);
  document.evidence.forEach((piece, i) => {
    const place = `$.evidence[${i}]`;
    const height = (piece as { height?: unknown } | null)?.height;
    const set = typeof height === 'number' ? walk.setAt.get(height) : undefined;
    if (set === undefined) {
      const message = typeof height !== 'number' ? 'expected a piece of evidence with a height' : `no proven block ${height} in the document: the validator set of height ${height} is not proven from the genesis`;
      results.push({ ok: false, code: typeof height !== 'number' ? 'bad_shape' : 'no_validator_set', message, validatorsHash: null });
      problems.push({ place: typeof height !== 'number' ? place : `${place}.height`, message, code: typeof height !== 'number' ? 'bad_shape' : 'no_validator_set' });
      return;
    }
    const verdict = verifyEvidenceJson(piece, document.chainId, set.validators, verify);
    results.push({ ...verdict, validatorsHash: set.hash });
    if (!verdict.ok) problems.push({ place, message: verdict.message, code: verdict.code });
  });
  if (document.evidence.length === 0) problems.push({ place: '$.evidence', message: 'no evidence', code: 'bad_shape' });
  return result(problems.length === 0);
}
