import { reject, type Rejection } from '../errors.ts';
import { assetTotals, holdingOf } from './payload-fields.ts';
import type { Holding } from './value-types.ts';

/**
 * How an arbiter's resolution divides the held tranches (spec/ledger.md §8.2): `toPayee` names what the
 * payee gets (any amount of each held asset, any of the held items); everything else goes back to the
 * payer. `bad_resolution` when it names an asset or an item the held tranches do not hold, or more of
 * an asset than they hold.
 */
export function resolutionShares(held: readonly Holding[], toPayee: Holding): { toPayee: Holding; toPayer: Holding } | Rejection {
  const heldAssets = assetTotals(held);
  const heldItems = held.flatMap((tranche) => tranche.items ?? []);
  const left = new Map(heldAssets);
  for (const { asset, amount } of toPayee.assets ?? []) {
    const available = heldAssets.get(asset) ?? 0n;
    if (amount > available) return reject('bad_resolution', `the escrow holds ${available} ${asset}; the resolution gives the payee ${amount}`);
    left.set(asset, available - amount);
  }
  const payeeItems = toPayee.items ?? [];
  for (const id of payeeItems) if (!heldItems.includes(id)) return reject('bad_resolution', `the escrow does not hold item ${id}`);
  const payeeAssets = new Map((toPayee.assets ?? []).map(({ asset, amount }) => [asset, amount] as const));
  return {
    toPayee: holdingOf(payeeAssets, payeeItems),
    toPayer: holdingOf(left, heldItems.filter((id) => !payeeItems.includes(id))),
  };
}
