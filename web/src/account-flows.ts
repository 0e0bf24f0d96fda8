/**
 * What a committed tx did to one account's balances, read from its receipt's events: the ledger
 * guarantees that `fee`, `transfer`, `mint`, `burn` and `asset.created` say every balance change
 * (spec/ledger.md §6, invariant 6), so nothing else needs reading. Pure; tested in
 * test/web/account-flows-pure.test.ts.
 */
import type { LedgerEventJson } from '../../src/client/index.ts';
import { displayAmount } from './format.ts';

/** Relative to the account viewed: value came in, went out, both (a swap), or did not move. */
export type Direction = 'in' | 'out' | 'in and out' | 'none';

export interface AssetChange {
  asset: string;
  /** Net base units: positive in, negative out; never 0. */
  amount: bigint;
}

export interface AccountFlows {
  /** Net change per asset, the fee apart, in symbol order. */
  changes: AssetChange[];
  /** The fee this account paid, in the native asset (0n when another signer paid, or none). */
  feePaid: bigint;
  direction: Direction;
}

/** The net change of `account`'s balances that `events` record, fees apart. */
export function accountFlows(events: readonly LedgerEventJson[], account: string, nativeAsset: string): AccountFlows {
  const net = new Map<string, bigint>();
  const add = (asset: string | undefined, amount: string | undefined, sign: 1n | -1n): void => {
    if (asset === undefined || amount === undefined || !/^[0-9]{1,78}$/.test(amount)) return;
    net.set(asset, (net.get(asset) ?? 0n) + sign * BigInt(amount));
  };
  let feePaid = 0n;
  for (const { type, attributes: a } of events) {
    if (type === 'fee') {
      // The fee event names no asset: fees are always in the chain's native asset (spec/ledger.md §3).
      if (a.from === account && a.amount !== undefined) feePaid += BigInt(a.amount);
      if (a.to === account) add(nativeAsset, a.amount, 1n);
    } else if (type === 'transfer') {
      if (a.from === account) add(a.asset, a.amount, -1n);
      if (a.to === account) add(a.asset, a.amount, 1n);
    } else if (type === 'mint' && a.to === account) add(a.asset, a.amount, 1n);
    else if (type === 'burn' && a.from === account) add(a.asset, a.amount, -1n);
    else if (type === 'asset.created' && a.creator === account) add(a.asset, a.supply, 1n);
  }
  const changes = [...net].filter(([, amount]) => amount !== 0n).map(([asset, amount]) => ({ asset, amount })).sort((x, y) => (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0));
  return { changes, feePaid, direction: directionOf(changes) };
}

function directionOf(changes: readonly AssetChange[]): Direction {
  const incoming = changes.some((c) => c.amount > 0n);
  const outgoing = changes.some((c) => c.amount < 0n);
  if (incoming && outgoing) return 'in and out';
  if (incoming) return 'in';
  return outgoing ? 'out' : 'none';
}

/** `+12.5 AGR`, `−1,000 GOLD`: a change with its sign, decimals and unit. The minus is U+2212, read as "minus". */
export function signedAmount(amount: bigint, decimals: number, symbol: string): string {
  const magnitude = amount < 0n ? -amount : amount;
  return `${amount < 0n ? '−' : '+'}${displayAmount(magnitude, decimals)} ${symbol}`;
}
