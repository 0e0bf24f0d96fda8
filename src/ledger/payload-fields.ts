import type { CborValue } from '../codec/cbor.ts';
import { isAddress } from '../crypto/address.ts';
import { RejectError } from './errors.ts';
import { AMOUNT_MAX, ASSET_SYMBOL_PATTERN } from './limits.ts';

/**
 * Payload fields every module reads (amount, address, symbol), each check with its own rejection code.
 * Module-specific readers sit beside their kinds: records/payload-fields.ts, contracts/payload-fields.ts.
 */
export function readAmount(value: CborValue | undefined, path: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) value = BigInt(value);
  if (typeof value !== 'bigint') throw new RejectError('bad_amount', `${path}: expected an integer amount`);
  if (value <= 0n || value > AMOUNT_MAX) throw new RejectError('bad_amount', `${path}: amount must be between 1 and 2^128-1`);
  return value;
}

export function readAddress(value: CborValue | undefined, path: string): string {
  if (typeof value !== 'string' || !isAddress(value)) throw new RejectError('bad_address', `${path}: expected an agora1… address`);
  return value;
}

export function readSymbol(value: CborValue | undefined, path: string): string {
  if (typeof value !== 'string' || !ASSET_SYMBOL_PATTERN.test(value)) {
    throw new RejectError('bad_symbol', `${path}: a symbol is 2-12 upper-case letters or digits, starting with a letter`);
  }
  return value;
}
