import { addressFromPublicKey } from '../crypto/address.ts';
import { toHex } from '../crypto/hash.ts';
import { validatorSetHash } from '../ledger/validators/set.ts';
import { invariant } from '../errors/base.ts';

export interface ChainValidator {
  address: string;
  publicKey: Uint8Array;
  power: bigint;
}

/** Sorted by address; checked: address matches key, power > 0, no duplicates. */
export function normalizeValidators(validators: ChainValidator[]): ChainValidator[] {
  invariant(validators.length > 0, 'the validator set must not be empty');
  const sorted = [...validators].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    invariant(addressFromPublicKey(sorted[i].publicKey) === sorted[i].address, `validator ${sorted[i].address} does not match its key`);
    invariant(sorted[i].power > 0n, `validator ${sorted[i].address} has no power`);
    invariant(i === 0 || sorted[i - 1].address !== sorted[i].address, `validator ${sorted[i].address} appears twice`);
  }
  return sorted;
}

export function totalPower(validators: ChainValidator[]): bigint {
  return validators.reduce((sum, v) => sum + v.power, 0n);
}

/** SHA-256 of the canonical encoding of the sorted set: the ledger's one definition (spec/ledger.md §10.1). */
export function validatorsHash(validators: ChainValidator[]): string {
  return validatorSetHash(validators);
}

export function validatorsToJson(validators: ChainValidator[]): { address: string; publicKey: string; power: string }[] {
  return validators.map((v) => ({ address: v.address, publicKey: toHex(v.publicKey), power: v.power.toString() }));
}
