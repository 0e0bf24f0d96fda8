import { AMOUNT_MAX } from '../ledger/limits.ts';
import { AgoraError } from './errors.ts';

/**
 * Amounts on the ledger are integers in base units; an asset's `decimals` only says where people
 * put the point. `parseAmount('1.5', 6)` is 1500000n; `parseAmount('1500000')` is 1500000n.
 */
export function parseAmount(text: string, decimals = 0): bigint {
  const match = /^([0-9]{1,78})(?:\.([0-9]{1,78}))?$/.exec(text.trim());
  if (match === null) throw new AgoraError('bad_amount', `"${text}" is not an amount: digits, optionally with a decimal point`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw new AgoraError('bad_amount', `"${text}" has ${fraction.length} decimals; the asset has ${decimals}`);
  }
  const amount = BigInt(match[1] + fraction.padEnd(decimals, '0'));
  if (amount > AMOUNT_MAX) throw new AgoraError('bad_amount', `"${text}" is above the largest amount, 2^128-1 base units`);
  return amount;
}

/** `formatAmount(1500000n, 6)` is "1.5"; with 0 decimals the integer itself. */
export function formatAmount(amount: bigint | string, decimals = 0): string {
  const digits = BigInt(amount).toString();
  if (decimals === 0) return digits;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, -decimals);
  const fraction = padded.slice(-decimals).replace(/0+$/, '');
  return fraction.length === 0 ? whole : `${whole}.${fraction}`;
}
