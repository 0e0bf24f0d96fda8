import { encode, type CborValue } from '../../codec/cbor.ts';
import { readArray, readBytes, readMap, readString, readUint } from '../../codec/shape.ts';
import { sha256Hex } from '../../crypto/hash.ts';
import { VALIDATOR_TOTAL_POWER_MAX, VALIDATORS_MAX } from '../limits.ts';

/**
 * A validator set as the ledger keeps it (spec/ledger.md §10.1): members sorted by address, each with
 * its key and power. Its hash is what headers name (`validatorsHash`, `nextValidatorsHash`).
 */
export interface LedgerValidator {
  address: string;
  publicKey: Uint8Array;
  power: bigint;
}

export function encodeValidatorSet(validators: readonly LedgerValidator[]): CborValue {
  return validators.map((v) => ({ address: v.address, publicKey: v.publicKey, power: v.power }));
}

/** Reads a stored set (trusted bytes: the ledger wrote them); throws CodecError on a malformed one. */
export function decodeValidatorSet(value: CborValue): LedgerValidator[] {
  return readArray(value, 'validators', 1, VALIDATORS_MAX).map((entry, i) => {
    const map = readMap(entry, `validators[${i}]`, ['address', 'publicKey', 'power']);
    return {
      address: readString(map.address, `validators[${i}].address`, 90),
      publicKey: readBytes(map.publicKey, `validators[${i}].publicKey`, 32),
      power: readUint(map.power, `validators[${i}].power`, VALIDATOR_TOTAL_POWER_MAX),
    };
  });
}

/** SHA-256 of the set's canonical encoding (spec/encoding.md §8), lower-case hex. */
export function validatorSetHash(validators: readonly LedgerValidator[]): string {
  return sha256Hex(encode(encodeValidatorSet(validators)));
}

export function validatorSetPower(validators: readonly LedgerValidator[]): bigint {
  return validators.reduce((sum, v) => sum + v.power, 0n);
}

export function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}
