import type { Overlay } from '../state.ts';
import type { Holding } from '../contracts/value-types.ts';
import { getOrg, putOrg } from './state.ts';

/**
 * Value a contract opened from an org's treasury returns to the org (spec/org.md §4, the `stream`
 * action): the contract's own handler moves the balance to the org's address, then calls this so
 * that the treasury lists it and the org still holds exactly its treasury (spec/ledger.md §8.7).
 * Nothing when `address` is not an org. Never refused: a refund cannot wait on the treasury's bound,
 * so a returned asset may take the treasury past ORG_TREASURY_ASSETS_MAX (org.fund is then refused).
 */
export function creditTreasury(view: Overlay, address: string, asset: string, amount: bigint): void {
  const org = getOrg(view, address);
  if (org === undefined || amount === 0n) return;
  putOrg(view, address, { ...org, treasury: { ...org.treasury, assets: new Map([...org.treasury.assets, [asset, (org.treasury.assets.get(asset) ?? 0n) + amount]]) } });
}

/** As creditTreasury, for a holding (assets and items) an escrow opened from the treasury returns to it. */
export function creditTreasuryHolding(view: Overlay, address: string, holding: Holding): void {
  const org = getOrg(view, address);
  if (org === undefined) return;
  const assets = new Map(org.treasury.assets);
  for (const { asset, amount } of holding.assets ?? []) assets.set(asset, (assets.get(asset) ?? 0n) + amount);
  putOrg(view, address, { ...org, treasury: { assets, items: [...org.treasury.items, ...(holding.items ?? [])].sort() } });
}
