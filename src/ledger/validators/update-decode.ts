import { encode, type CborValue } from '../../codec/cbor.ts';
import { readArray, readBytes, readMap, readUint } from '../../codec/shape.ts';
import { addressFromPublicKey } from '../../crypto/address.ts';
import { RejectError } from '../errors.ts';
import { NONCE_MAX, VALIDATOR_CHANGES_MAX, VALIDATOR_TOTAL_POWER_MAX, VALIDATORS_MAX } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import type { ValidatorApproval, ValidatorChange, ValidatorsUpdatePayload } from './update-types.ts';

/** Domain of an approval's signing bytes (spec/ledger.md §10.2). */
export const VALIDATORS_UPDATE_DOMAIN = 'agora/validators-update/v1';

/**
 * What each approving validator signs: ["agora/validators-update/v1", chainId, sequence, [[publicKey,
 * power], …]] in canonical CBOR, the changes in payload order. Browser-safe: the CLI and the SDK sign it.
 */
export function approvalBytes(chainId: string, sequence: bigint, changes: readonly ValidatorChange[]): Uint8Array {
  return encode([VALIDATORS_UPDATE_DOMAIN, chainId, sequence, changes.map((c) => [c.publicKey, c.power])]);
}

/** The codec half of `validators.update`: its stateless checks, in spec order (validators/update.ts applies it). */
export function decodeValidatorsUpdate(value: CborValue): ValidatorsUpdatePayload {
  const map = readMap(value, 'payload', ['sequence', 'changes', 'approvals']);
  const sequence = readUint(map.sequence, 'payload.sequence', NONCE_MAX);
  const changes = readArray(map.changes, 'payload.changes', 1, VALIDATOR_CHANGES_MAX).map((entry, i): ValidatorChange => {
    const change = readMap(entry, `payload.changes[${i}]`, ['publicKey', 'power']);
    return { publicKey: readBytes(change.publicKey, `payload.changes[${i}].publicKey`, 32), power: readUint(change.power, `payload.changes[${i}].power`, VALIDATOR_TOTAL_POWER_MAX) };
  });
  const keys = new Set(changes.map((c) => addressFromPublicKey(c.publicKey)));
  if (keys.size !== changes.length) throw new RejectError('bad_shape', 'payload.changes: a validator appears twice');
  const approvals = readArray(map.approvals, 'payload.approvals', 1, VALIDATORS_MAX).map((entry, i): ValidatorApproval => {
    const approval = readMap(entry, `payload.approvals[${i}]`, ['validator', 'signature']);
    return { validator: readAddress(approval.validator, `payload.approvals[${i}].validator`), signature: readBytes(approval.signature, `payload.approvals[${i}].signature`, 64) };
  });
  if (new Set(approvals.map((a) => a.validator)).size !== approvals.length) throw new RejectError('duplicate_approver', 'payload.approvals: a validator approves twice');
  return { sequence, changes, approvals };
}
