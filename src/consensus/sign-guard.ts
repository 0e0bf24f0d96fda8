/**
 * Double-sign protection, pure. The node keeps one `LastSigned` record per validator key, writes it
 * durably BEFORE a signature leaves the process, and asks `checkSign` before every signature.
 *
 * Order: (height, round, step) compared lexicographically, step 0 = proposal, 1 = prevote,
 * 2 = precommit. A correct process signs at most one message per (h, r, step) and moves only
 * forward, so "strictly greater" allows every honest signature and refuses every conflicting one.
 *
 * The record also carries the lock of its height: a correct process locks exactly when it signs a
 * non-nil precommit (paper lines 36–41), so "last non-nil precommit at this height" IS lockedValue /
 * lockedRound. Restoring it after a crash (`resumeAt`) keeps the restarted validator correct;
 * without it a restarted validator could prevote against its own lock (amnesia), which counts
 * against the f < n/3 fault budget.
 */
import { ConsensusError } from './errors.ts';
import type { BlockHash, HeightLock } from './types.ts';

export type SignStep = 0 | 1 | 2;
export const SIGN_STEP_PROPOSAL: SignStep = 0;
export const SIGN_STEP_PREVOTE: SignStep = 1;
export const SIGN_STEP_PRECOMMIT: SignStep = 2;

export interface SignRequest {
  height: number;
  round: number;
  step: SignStep;
  /** Hex SHA-256 of the exact bytes to be signed. */
  signBytesHash: string;
}

export interface LastSigned extends SignRequest {
  /** The lock at `height`: the last non-nil precommit signed at this height, if any. */
  lock?: HeightLock | null;
}

export type SignDecision = 'sign' | 'resign-same' | 'refuse';

/**
 * 'sign' when (height, round, step) strictly increases over `last`; 'resign-same' when it is equal
 * and the bytes are identical (a crash between persisting and broadcasting); 'refuse' otherwise.
 */
export function checkSign(last: LastSigned | null, next: SignRequest): SignDecision {
  assertRequest(next);
  if (last === null) return 'sign';
  assertRequest(last);
  const order = compareHrs(next, last);
  if (order > 0) return 'sign';
  if (order === 0 && next.signBytesHash === last.signBytesHash) return 'resign-same';
  return 'refuse';
}

/**
 * The record to persist once `checkSign` said 'sign' (or 'resign-same'). `precommitFor` is the
 * block hash of a precommit (null for nil, undefined for other steps); it moves the lock.
 */
export function recordSigned(last: LastSigned | null, next: SignRequest, precommitFor?: BlockHash | null): LastSigned {
  assertRequest(next);
  let lock: HeightLock | null = last !== null && last.height === next.height ? (last.lock ?? null) : null;
  if (next.step === SIGN_STEP_PRECOMMIT && typeof precommitFor === 'string') {
    lock = { round: next.round, blockHash: precommitFor };
  }
  return { height: next.height, round: next.round, step: next.step, signBytesHash: next.signBytesHash, lock };
}

/**
 * Where a restarted validator re-enters `height`: the round of its last signature there, with its
 * lock. Pass both in the `startHeight` event (`startRound`, `lock`). Re-entering that same round
 * (not the next) matters for liveness: the others may still need this validator's votes of that
 * round, and the core recomputes them; the guard lets identical bytes through ('resign-same') and
 * refuses anything that differs. The node should also replay the messages it signed at this height
 * (kept with LastSigned) as events, as a write-ahead log would.
 */
export function resumeAt(last: LastSigned | null, height: number): { startRound: number; lock: HeightLock | null } {
  if (last === null || last.height !== height) return { startRound: 0, lock: null };
  return { startRound: last.round, lock: last.lock ?? null };
}

function compareHrs(a: SignRequest, b: SignRequest): number {
  if (a.height !== b.height) return a.height < b.height ? -1 : 1;
  if (a.round !== b.round) return a.round < b.round ? -1 : 1;
  if (a.step !== b.step) return a.step < b.step ? -1 : 1;
  return 0;
}

function assertRequest(request: SignRequest): void {
  if (!Number.isSafeInteger(request.height) || request.height < 0) {
    throw new ConsensusError('bad_height', `height ${request.height} is not a non-negative integer`);
  }
  if (!Number.isSafeInteger(request.round) || request.round < 0) {
    throw new ConsensusError('bad_round', `round ${request.round} is not a non-negative integer`);
  }
  if (request.step !== 0 && request.step !== 1 && request.step !== 2) {
    throw new ConsensusError('bad_step', `step ${String(request.step)} is not 0, 1 or 2`);
  }
  if (typeof request.signBytesHash !== 'string' || !/^[0-9a-f]{64}$/.test(request.signBytesHash)) {
    throw new ConsensusError('bad_sign_bytes_hash', 'signBytesHash must be 64 lower-case hex characters');
  }
}
