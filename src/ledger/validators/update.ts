import { encode } from '../../codec/cbor.ts';
import { addressFromPublicKey } from '../../crypto/address.ts';
import { verifyEd25519 } from '../../crypto/ed25519.ts';
import { reject, type Rejection } from '../errors.ts';
import { VALIDATOR_TOTAL_POWER_MAX, VALIDATORS_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { latestScheduledSet, putPendingSet, readValidatorSchedule, SEQUENCE_KEY } from './schedule.ts';
import { byAddress, validatorSetPower, type LedgerValidator } from './set.ts';
import { approvalBytes } from './update-decode.ts';
import type { ValidatorChange, ValidatorsUpdatePayload } from './update-types.ts';

/**
 * `validators.update` (spec/ledger.md §10.2): approved by more than 2/3 of the power of the set that
 * signs this block, it schedules the changed set for two blocks ahead. Checks in spec order; the
 * tx's signer only submits and pays.
 */
export function applyValidatorsUpdate(view: Overlay, payload: ValidatorsUpdatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const schedule = readValidatorSchedule(view);
  if (schedule === undefined) return reject('no_validator_set', 'this state holds no validator set');
  if (payload.sequence !== schedule.sequence) return reject('stale_update', `the approvals are for update ${payload.sequence}; the next update is ${schedule.sequence}`);
  const approved = checkApprovals(payload, schedule.current.validators, ctx.chainId);
  if (approved !== null) return approved;
  const result = applyChanges(latestScheduledSet(view) ?? schedule.next.validators, payload.changes);
  if (!Array.isArray(result)) return result;
  const hash = putPendingSet(view, result);
  view.put(SEQUENCE_KEY, encode(schedule.sequence + 1n));
  for (const change of payload.changes) view.touch(addressFromPublicKey(change.publicKey));
  return [{
    type: 'validators.updated',
    attributes: { sequence: payload.sequence.toString(), validatorsHash: hash, effectiveHeight: String(ctx.height + 2), changes: String(payload.changes.length) },
  }];
}

/** Steps 3–5: every approver in the current set, every signature good, more than 2/3 of its power. */
function checkApprovals(payload: ValidatorsUpdatePayload, current: LedgerValidator[], chainId: string): Rejection | null {
  const members = new Map(current.map((v) => [v.address, v]));
  for (const approval of payload.approvals) {
    if (!members.has(approval.validator)) return reject('unknown_approver', `${approval.validator} is not in the current validator set`);
  }
  const message = approvalBytes(chainId, payload.sequence, payload.changes);
  let power = 0n;
  for (const approval of payload.approvals) {
    const member = members.get(approval.validator)!;
    if (!verifyEd25519(member.publicKey, message, approval.signature)) return reject('bad_approval', `the approval of ${approval.validator} does not verify for this update`);
    power += member.power;
  }
  const total = validatorSetPower(current);
  if (power * 3n <= total * 2n) return reject('insufficient_approval', `the approvals hold ${power} of ${total} power: more than 2/3 is needed`);
  return null;
}

/** Steps 6–7: the changes over the latest scheduled set, sorted by address. */
function applyChanges(base: LedgerValidator[], changes: ValidatorChange[]): LedgerValidator[] | Rejection {
  const members = new Map(base.map((v) => [v.address, v]));
  for (const change of changes) {
    const address = addressFromPublicKey(change.publicKey);
    if (change.power === 0n) {
      if (!members.delete(address)) return reject('unknown_validator', `${address} is not in the scheduled validator set: nothing to remove`);
    } else {
      members.set(address, { address, publicKey: change.publicKey, power: change.power });
    }
  }
  const result = [...members.values()].sort(byAddress);
  if (result.length === 0) return reject('empty_validator_set', 'the update would leave no validator');
  if (result.length > VALIDATORS_MAX) return reject('too_many_validators', `the update would make ${result.length} validators; at most ${VALIDATORS_MAX}`);
  const total = validatorSetPower(result);
  if (total > VALIDATOR_TOTAL_POWER_MAX) return reject('power_overflow', `the total power ${total} would pass 2^64 - 1`);
  return result;
}
