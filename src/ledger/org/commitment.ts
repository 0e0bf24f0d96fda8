import { encode } from '../../codec/cbor.ts';
import { sha256 } from '../../crypto/hash.ts';

/**
 * The commitments of commit-then-reveal (spec/org.md §3, §4): what a wallet computes before it sends
 * org.evaluate or org.vote, and what org.reveal checks. Domain-separated so that an evaluation can
 * never be replayed as a vote.
 */
export function evaluationCommitment(org: string, contribution: number, evaluator: string, score: number, salt: Uint8Array): Uint8Array {
  return sha256(encode(['agora/org/evaluate/v1', org, contribution, evaluator, score, salt]));
}

export function voteCommitment(org: string, motion: number, voter: string, value: number, salt: Uint8Array): Uint8Array {
  return sha256(encode(['agora/org/vote/v1', org, motion, voter, value, salt]));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
