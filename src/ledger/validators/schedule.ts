import { decodeTrusted, encode } from '../../codec/cbor.ts';
import { bytesEqual, fromHex, toHex } from '../../crypto/hash.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import type { Overlay, StateReader } from '../state.ts';
import { decodeValidatorSet, encodeValidatorSet, validatorSetHash, type LedgerValidator } from './set.ts';

/**
 * The validator set's schedule in the state (spec/ledger.md §10.1): the set signing the block being
 * executed (`current`), the one signing the block after it (`next`), the set being built for two
 * blocks ahead (`pending`), every set ever scheduled by hash, and the height each change starts.
 */
export const CURRENT_KEY = 'validators/current';
export const NEXT_KEY = 'validators/next';
export const PENDING_KEY = 'validators/pending';
export const SEQUENCE_KEY = 'validators/sequence';
export const SET_PREFIX = 'validators/set/';
export const SINCE_PREFIX = 'validators/since/';

export function setKey(hash: string): string {
  return `${SET_PREFIX}${hash}`;
}

/** `validators/since/<height>`, the height in 16 digits so that keys sort by height. */
export function sinceKey(height: number): string {
  invariant(Number.isSafeInteger(height) && height >= 1, 'a set starts at a block height');
  return `${SINCE_PREFIX}${String(height).padStart(16, '0')}`;
}

function readHash(state: StateReader, key: string): string | undefined {
  const bytes = state.get(key);
  return bytes === undefined ? undefined : toHex(decodeTrusted(bytes) as Uint8Array);
}

/** The set stored under `hash`, or undefined. */
export function validatorSetByHash(state: StateReader, hash: string): LedgerValidator[] | undefined {
  const bytes = state.get(setKey(hash));
  return bytes === undefined ? undefined : decodeValidatorSet(decodeTrusted(bytes));
}

function requireSet(state: StateReader, hash: string): LedgerValidator[] {
  const set = validatorSetByHash(state, hash);
  invariant(set !== undefined, `validator set ${hash} is scheduled but not stored`);
  return set;
}

export interface ValidatorSchedule {
  /** The set signing the block being executed (after block h is committed: block h + 1). */
  current: { hash: string; validators: LedgerValidator[] };
  /** The set signing the block after it. */
  next: { hash: string; validators: LedgerValidator[] };
  /** Accepted validators.update txs so far: what the next update's approvals sign. */
  sequence: bigint;
}

/** The hashes of `current` and `next` alone (no set decoded), or undefined without a validator set. */
export function readScheduledHashes(state: StateReader): { current: string; next: string } | undefined {
  const current = readHash(state, CURRENT_KEY);
  const next = readHash(state, NEXT_KEY);
  return current === undefined || next === undefined ? undefined : { current, next };
}

/** The schedule, or undefined in a state without a validator set (ledger unit tests). */
export function readValidatorSchedule(state: StateReader): ValidatorSchedule | undefined {
  const current = readHash(state, CURRENT_KEY);
  const next = readHash(state, NEXT_KEY);
  if (current === undefined || next === undefined) return undefined;
  return { current: { hash: current, validators: requireSet(state, current) }, next: { hash: next, validators: requireSet(state, next) }, sequence: readSequence(state) };
}

export function readSequence(state: StateReader): bigint {
  const bytes = state.get(SEQUENCE_KEY);
  return bytes === undefined ? 0n : BigInt(decodeTrusted(bytes) as number | bigint);
}

/** The latest scheduled set: the one being built in this block, else `next`. */
export function latestScheduledSet(state: StateReader): LedgerValidator[] | undefined {
  const pending = state.get(PENDING_KEY);
  if (pending !== undefined) return decodeValidatorSet(decodeTrusted(pending));
  const next = readHash(state, NEXT_KEY);
  return next === undefined ? undefined : requireSet(state, next);
}

/** Makes `validators` the set for two blocks ahead, and keeps it by hash. */
export function putPendingSet(view: Overlay, validators: LedgerValidator[]): string {
  const hash = validatorSetHash(validators);
  const bytes = encode(encodeValidatorSet(validators));
  view.put(PENDING_KEY, bytes);
  view.put(setKey(hash), bytes);
  return hash;
}

/** Height 0: the genesis set signs blocks 1 and 2 (spec/ledger.md §5, §9.1). */
export function genesisValidatorWrites(view: Overlay, validators: LedgerValidator[]): void {
  invariant(validators.length > 0, 'the genesis validator set is not empty');
  const hash = validatorSetHash(validators);
  view.put(setKey(hash), encode(encodeValidatorSet(validators)));
  view.put(CURRENT_KEY, encode(fromHex(hash)));
  view.put(NEXT_KEY, encode(fromHex(hash)));
  view.put(sinceKey(1), encode(fromHex(hash)));
}

/**
 * The end of block `height` (spec/ledger.md §10.1): current := next; next := pending, if any; a change
 * of next is logged under since/<height + 2>. Writes only what changes, so most blocks write nothing.
 */
export function endBlockValidators(view: Overlay, height: number): void {
  const current = view.get(CURRENT_KEY);
  const next = view.get(NEXT_KEY);
  if (current === undefined || next === undefined) return;
  if (!bytesEqual(current, next)) view.put(CURRENT_KEY, next);
  const pending = view.get(PENDING_KEY);
  if (pending === undefined) return;
  view.delete(PENDING_KEY);
  const hash = validatorSetHash(decodeValidatorSet(decodeTrusted(pending)));
  const hashBytes = encode(fromHex(hash));
  if (bytesEqual(hashBytes, next)) return;
  view.put(NEXT_KEY, hashBytes);
  view.put(sinceKey(height + 2), hashBytes);
}

/**
 * Removes `address` from the latest scheduled set, so that it signs no block after h + 1 when called
 * while block h executes (spec/ledger.md §10.4): the call evidence of equivocation makes. A rejection,
 * and no write, when the address is in no scheduled set or when it is the set's last member.
 */
export function scheduleValidatorRemoval(view: Overlay, address: string): Rejection | null {
  const latest = latestScheduledSet(view);
  if (latest === undefined) return reject('no_validator_set', 'the state holds no validator set');
  const rest = latest.filter((v) => v.address !== address);
  if (rest.length === latest.length) return reject('unknown_validator', `${address} is not in the scheduled validator set`);
  if (rest.length === 0) return reject('empty_validator_set', `removing ${address} would leave no validator`);
  putPendingSet(view, rest);
  view.touch(address);
  return null;
}
