/**
 * Offline checks of evidence (spec/chain.md §6): given a piece as the API shows it (in
 * `GET /v1/blocks/:height`) and the validator set of its height (a genesis's, until sets change),
 * whether it proves that validator equivocated. No node, no network. Browser-safe.
 */
import { evidenceFromJson, offenceKey, offender, verifyEvidence, type EvidenceJson, type EvidenceProblemCode } from '../chain/evidence.ts';
import type { ChainValidator } from '../chain/validators.ts';
import type { Verify } from '../chain/votes.ts';
import { CodecError } from '../codec/errors.ts';
import { verifyEd25519 } from '../crypto/ed25519.ts';

export type { EvidenceJson } from '../chain/evidence.ts';

export type EvidenceVerdict =
  | { ok: true; id: string; offender: string; offence: string }
  /** `bad_shape`: not evidence at all (the message says which field); else why it proves nothing. */
  | { ok: false; code: EvidenceProblemCode | 'bad_shape'; message: string };

/** Checks one piece of evidence JSON against `chainId` and `validators` (the set of its height). */
export function verifyEvidenceJson(json: unknown, chainId: string, validators: readonly ChainValidator[], verify: Verify = verifyEd25519): EvidenceVerdict {
  let evidence;
  try {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CodecError('bad_shape', 'evidence: expected an object');
    evidence = evidenceFromJson(json as EvidenceJson);
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    return { ok: false, code: 'bad_shape', message: error.message };
  }
  const problem = verifyEvidence(evidence, chainId, validators, verify);
  if (problem !== null) return { ok: false, code: problem.code, message: problem.message };
  return { ok: true, id: (json as EvidenceJson).id, offender: offender(evidence), offence: offenceKey(evidence) };
}
