import { reject, type Rejection } from '../errors.ts';
import type { ArbiterFee } from './escrow-types.ts';
import { assetTotals, holdingOf } from './payload-fields.ts';
import type { Holding } from './value-types.ts';

/**
 * How an arbiter's resolution divides the held tranches (spec/ledger.md §8.2, §8.2.7): the arbiter's
 * fee, when the escrow fixed one, comes off the held value first; `toPayee` names what the payee gets
 * (any amount of each held asset left, any of the held items); everything else goes back to the payer.
 * `bad_resolution` when it names an asset or an item the held tranches do not hold, or more of an
 * asset than is left of it.
 */
export function resolutionShares(held: readonly Holding[], toPayee: Holding, fee?: ArbiterFee): { toArbiter: Holding; toPayee: Holding; toPayer: Holding } | Rejection {
  const heldAssets = assetTotals(held);
  const heldItems = held.flatMap((tranche) => tranche.items ?? []);
  const left = new Map(heldAssets);
  const toArbiter = new Map<string, bigint>();
  if (fee !== undefined) {
    const available = left.get(fee.asset) ?? 0n;
    // escrow.create refused a fee above any tranche (arbiter_fee_too_high), and a dispute holds one tranche at least.
    if (fee.amount > available) return reject('bad_resolution', `the escrow holds ${available} ${fee.asset}, less than the arbiter's fee ${fee.amount}`);
    left.set(fee.asset, available - fee.amount);
    toArbiter.set(fee.asset, fee.amount);
  }
  const available = new Map(left);
  for (const { asset, amount } of toPayee.assets ?? []) {
    const free = available.get(asset) ?? 0n;
    if (amount > free) return reject('bad_resolution', `the escrow holds ${free} ${asset} after the arbiter's fee; the resolution gives the payee ${amount}`);
    left.set(asset, free - amount);
  }
  const payeeItems = toPayee.items ?? [];
  for (const id of payeeItems) if (!heldItems.includes(id)) return reject('bad_resolution', `the escrow does not hold item ${id}`);
  const payeeAssets = new Map((toPayee.assets ?? []).map(({ asset, amount }) => [asset, amount] as const));
  return {
    toArbiter: holdingOf(toArbiter, []),
    toPayee: holdingOf(payeeAssets, payeeItems),
    toPayer: holdingOf(left, heldItems.filter((id) => !payeeItems.includes(id))),
  };
}
