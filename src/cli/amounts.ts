import { formatAmount } from '../client/amounts.ts';
import type { AgoraClient } from '../client/client.ts';
import { AgoraError } from '../client/errors.ts';
import { AMOUNT_MAX } from '../ledger/limits.ts';
import { CliError } from './errors.ts';

/**
 * Amounts on the command line (spec/api.md §CLI amounts). As in every wallet people know, a bare or
 * decimal number is in whole units of its asset: `--amount 5` is 5 AGR, `--amount 12.5` is 12.5 AGR
 * (12,500,000 base units at 6 decimals). Base units only with the explicit suffix `base`:
 * `--amount 5000000base`. Printed amounts carry their decimals and unit ("12.5 AGR"); --json output
 * keeps amounts as base-unit strings, which scripts rely on.
 */
const BASE_UNITS_SUFFIX = 'base';

/** The rule, for `agora --help`. */
export const AMOUNTS_HELP = `
Amounts:
  A bare or decimal number is in whole units of its asset: --amount 5 is 5 AGR,
  --amount 12.5 is 12.5 AGR. Base units only with the suffix "${BASE_UNITS_SUFFIX}": --amount 5000000${BASE_UNITS_SUFFIX}
  (at 6 decimals, 5 AGR). Printed amounts carry their unit ("12.5 AGR"); with
  --json, amounts are strings of base units.`;

/** For the help of every amount flag. */
export const AMOUNT_HELP = `whole units of the asset (5, 12.5), or base units with the suffix "${BASE_UNITS_SUFFIX}" (5000000${BASE_UNITS_SUFFIX})`;

/** The largest amount, 2^128 − 1 base units, has 39 digits; a whole part longer than this is over it whatever the decimals (and is not turned into a bigint). */
const DIGITS_MAX = 78;
const AMOUNT_FORM = /^(?:([0-9]+)(?:\.([0-9]+))?|([0-9]+)base)$/u;

export type AmountText = { readonly units: string } | { readonly base: string };

/** The form of an amount flag, checked before anything is read or sent: whole units (`12.5`) or base units (`5000000base`). */
export function checkAmountText(flag: string, text: string): AmountText {
  const match = AMOUNT_FORM.exec(text);
  if (match === null) {
    throw new CliError('bad_amount', `${flag} "${clip(text)}" is not an amount: a number of whole units (5, 12.5) or of base units with the suffix "${BASE_UNITS_SUFFIX}" (5000000${BASE_UNITS_SUFFIX})`);
  }
  const wholeDigits = (match[1] ?? match[3]).replace(/^0+/u, '');
  if (wholeDigits.length > DIGITS_MAX) throw overLimit(flag, text);
  return match[3] !== undefined ? { base: match[3] } : { units: text };
}

/** An amount flag in base units of an asset with `decimals`; `symbol` names the asset in errors. */
export function parseAmountText(flag: string, text: string, decimals: number, symbol: string): bigint {
  const form = checkAmountText(flag, text);
  let amount: bigint;
  if ('base' in form) {
    amount = BigInt(form.base);
  } else {
    const [whole, fraction = ''] = form.units.split('.');
    if (fraction.length > decimals) {
      throw new CliError('bad_amount', `${flag} "${text}" has ${fraction.length} decimals; ${symbol} has ${decimals}${decimals === 0 ? ' (whole units only)' : ''}`);
    }
    amount = BigInt(whole + fraction.padEnd(decimals, '0'));
  }
  if (amount > AMOUNT_MAX) throw overLimit(flag, text, { decimals, symbol });
  return amount;
}

function overLimit(flag: string, text: string, asset?: { decimals: number; symbol: string }): CliError {
  const most = asset === undefined ? '' : ` ${formatAmount(AMOUNT_MAX, asset.decimals)} ${asset.symbol},`;
  return new CliError('bad_amount', `${flag} "${clip(text)}" is over the limit: an amount is at most${most} 2^128 − 1 base units`);
}

function clip(text: string): string {
  return text.length <= 48 ? text : `${text.slice(0, 24)}…${text.slice(-8)} (${text.length} characters)`;
}

/** "12.5 AGR": an amount in base units with its asset's decimals and symbol. */
export function amountWithUnit(amount: bigint | string, decimals: number, symbol: string): string {
  return `${formatAmount(amount, decimals)} ${symbol}`;
}

/**
 * The assets' decimals one command needs, each asked of the node once: to read amount flags and to
 * print amounts with their units.
 */
export class AssetBook {
  private readonly decimalsBySymbol = new Map<string, Promise<number>>();

  constructor(private readonly client: Pick<AgoraClient, 'asset'>) {}

  decimals(symbol: string): Promise<number> {
    let decimals = this.decimalsBySymbol.get(symbol);
    if (decimals === undefined) {
      decimals = this.client.asset(symbol).then(
        (asset) => asset.decimals,
        (error: unknown) => {
          // The ledger's own code for an asset it does not have (spec/ledger.md), before anything is signed.
          if (error instanceof AgoraError && error.status === 404) throw new CliError('unknown_asset', `there is no asset ${symbol} on this chain`);
          throw error;
        },
      );
      this.decimalsBySymbol.set(symbol, decimals);
    }
    return decimals;
  }

  /** An amount flag of `symbol`, in base units. The form is checked before the node is asked. */
  async amount(flag: string, text: string, symbol: string): Promise<bigint> {
    checkAmountText(flag, text);
    return parseAmountText(flag, text, await this.decimals(symbol), symbol);
  }

  /** "12.5 AGR". */
  async format(amount: bigint | string, symbol: string): Promise<string> {
    return amountWithUnit(amount, await this.decimals(symbol), symbol);
  }

  /** A synchronous formatter over `symbols` (fetched now), for views built in one pass. */
  async formatter(symbols: Iterable<string>): Promise<AmountFormatter> {
    const known = new Map<string, number>();
    for (const symbol of new Set(symbols)) known.set(symbol, await this.decimals(symbol));
    return (amount, symbol) => {
      const decimals = known.get(symbol);
      // Every symbol a view prints is fetched first; a miss is a bug in the view, shown plainly.
      return decimals === undefined ? formatBaseUnits(amount, symbol) : amountWithUnit(amount, decimals, symbol);
    };
  }
}

/** Amounts in base units with the explicit suffix ("5000000base AGR"): never mistaken for whole units. */
export const formatBaseUnits: AmountFormatter = (amount, symbol) => `${BigInt(amount)}${BASE_UNITS_SUFFIX} ${symbol}`;

export type AmountFormatter = (amount: bigint | string, symbol: string) => string;
