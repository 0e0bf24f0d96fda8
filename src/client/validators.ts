import { addressFromPublicKey, isAddress } from '../crypto/address.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import type { KeyPair } from '../crypto/keys.ts';
import { VALIDATOR_CHANGES_MAX, VALIDATOR_TOTAL_POWER_MAX, VALIDATORS_MAX } from '../ledger/limits.ts';
import { approvalBytes } from '../ledger/validators/update-decode.ts';
import type { ValidatorChange, ValidatorsUpdatePayload } from '../ledger/validators/update-types.ts';
import { AgoraError } from './errors.ts';

/**
 * A `validators.update` passed around for approvals (spec/ledger.md §10.2; spec/api.md §CLI): the
 * changes and the sequence they are for, fixed by `propose`; each validator adds its approval with
 * `sign` (its key never leaves its machine); anyone submits it once the approvals hold more than 2/3
 * of the current power. Browser-safe.
 */
export const VALIDATORS_UPDATE_FORMAT = 'agora-validators-update/1';

export interface ValidatorsUpdateFile {
  format: typeof VALIDATORS_UPDATE_FORMAT;
  chainId: string;
  /** Decimal: `validators/sequence` when proposed (GET /v1/validators). */
  sequence: string;
  /** In the order they are applied and signed; power "0" removes. */
  changes: { address: string; publicKey: string; power: string }[];
  approvals: { validator: string; signature: string }[];
}

export { approvalBytes as validatorsApprovalBytes };

export function proposeValidatorsUpdate(chainId: string, sequence: bigint, changes: readonly ValidatorChange[]): ValidatorsUpdateFile {
  if (changes.length === 0 || changes.length > VALIDATOR_CHANGES_MAX) throw new AgoraError('bad_request', `an update has 1 to ${VALIDATOR_CHANGES_MAX} changes`);
  const addresses = changes.map((c) => addressFromPublicKey(c.publicKey));
  if (new Set(addresses).size !== addresses.length) throw new AgoraError('bad_request', 'a validator appears twice in the changes');
  return {
    format: VALIDATORS_UPDATE_FORMAT,
    chainId,
    sequence: sequence.toString(),
    changes: changes.map((c, i) => ({ address: addresses[i], publicKey: toHex(c.publicKey), power: c.power.toString() })),
    approvals: [],
  };
}

/** Reads a file's JSON value; `bad_request` names what is wrong. */
export function readValidatorsUpdateFile(value: unknown): ValidatorsUpdateFile {
  const fail = (what: string): never => {
    throw new AgoraError('bad_request', `not an ${VALIDATORS_UPDATE_FORMAT} file: ${what}`);
  };
  const file = value as ValidatorsUpdateFile;
  if (typeof file !== 'object' || file === null || file.format !== VALIDATORS_UPDATE_FORMAT) fail('format');
  if (typeof file.chainId !== 'string' || typeof file.sequence !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(file.sequence)) fail('chainId or sequence');
  if (!Array.isArray(file.changes) || file.changes.length === 0 || file.changes.length > VALIDATOR_CHANGES_MAX) fail('changes');
  for (const c of file.changes) {
    if (typeof c?.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(c.publicKey) || addressFromPublicKey(fromHex(c.publicKey)) !== c.address) fail(`change of ${String(c?.address)}: key and address`);
    if (typeof c.power !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(c.power) || BigInt(c.power) > VALIDATOR_TOTAL_POWER_MAX) fail(`change of ${c.address}: power`);
  }
  if (!Array.isArray(file.approvals) || file.approvals.length > VALIDATORS_MAX) fail('approvals');
  for (const a of file.approvals) {
    if (typeof a?.validator !== 'string' || !isAddress(a.validator) || typeof a.signature !== 'string' || !/^[0-9a-f]{128}$/.test(a.signature)) fail('an approval');
  }
  return file;
}

function changesOf(file: ValidatorsUpdateFile): ValidatorChange[] {
  return file.changes.map((c) => ({ publicKey: fromHex(c.publicKey), power: BigInt(c.power) }));
}

/** Adds (or replaces) `key`'s approval: its signature over the update's approval bytes. */
export function approveValidatorsUpdate(file: ValidatorsUpdateFile, key: Pick<KeyPair, 'address' | 'sign'>): ValidatorsUpdateFile {
  const signature = toHex(key.sign(approvalBytes(file.chainId, BigInt(file.sequence), changesOf(file))));
  const approvals = [...file.approvals.filter((a) => a.validator !== key.address), { validator: key.address, signature }];
  return { ...file, approvals };
}

/** The tx payload of a file. */
export function validatorsUpdatePayload(file: ValidatorsUpdateFile): ValidatorsUpdatePayload {
  return { sequence: BigInt(file.sequence), changes: changesOf(file), approvals: file.approvals.map((a) => ({ validator: a.validator, signature: fromHex(a.signature) })) };
}
