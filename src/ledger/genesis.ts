import { invariant } from '../errors/base.ts';
import { AMOUNT_MAX } from './limits.ts';
import { Overlay, type StateReader } from './state.ts';
import { putAsset, setBalance } from './accounts/balances.ts';
import { genesisValidatorWrites } from './validators/schedule.ts';
import type { LedgerValidator } from './validators/set.ts';

export interface GenesisLedger {
  nativeAsset: { symbol: string; name: string; decimals: number };
  allocations: { address: string; amount: bigint }[];
  /** The genesis validator set, sorted by address (spec/ledger.md §10.1); absent in ledger unit tests. */
  validators?: LedgerValidator[];
}

/**
 * The state at height 0: the native asset, with a fixed supply equal to the sum of the allocations
 * (no mint authority: new native value can only come from a chain upgrade).
 */
export function genesisWrites(base: StateReader, genesis: GenesisLedger): Overlay {
  const view = new Overlay(base);
  let supply = 0n;
  const seen = new Set<string>();
  for (const { address, amount } of genesis.allocations) {
    invariant(!seen.has(address), `genesis allocates twice to ${address}`);
    invariant(amount > 0n, 'genesis allocations must be positive');
    seen.add(address);
    supply += amount;
    setBalance(view, address, genesis.nativeAsset.symbol, amount);
  }
  invariant(supply <= AMOUNT_MAX, 'genesis supply passes 2^128-1');
  putAsset(view, { ...genesis.nativeAsset, supply, creator: 'genesis' });
  if (genesis.validators !== undefined) genesisValidatorWrites(view, genesis.validators);
  return view;
}
