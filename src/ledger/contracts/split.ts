import { type Rejection } from '../errors.ts';
import { consumedNonce } from '../records/item-log.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { checkRecipient } from '../accounts/payout.ts';
import { putSplit } from '../accounts/split-state.ts';
import type { SplitCreatePayload } from './split-types.ts';
import { checkStrays, returnStrays } from './stray.ts';

/**
 * Revenue splits (spec/ledger.md §8.4): an address that forwards every payment it receives, in any
 * asset, to its members by fixed integer weights, in the tx that brings it (accounts/payout.ts
 * forwardFromSplit, called by `transfer`, `asset.mint` and every contract payout). It holds nothing
 * between txs and has no state to settle.
 */

/**
 * Checks: no member is a contract account (`contract_recipient`; a split paying a split could be
 * chained without bound); what the split's address already holds may move out (stray.ts
 * checkStrays). Effects: that goes to the creator (a split holds nothing); the record; the split's address is derived as every contract's
 * (spec/ledger.md §8.1). Event: `split.created { split, creator, members }`, members as
 * `address:weight` joined by commas, in order.
 */
export function applySplitCreate(view: Overlay, creator: string, payload: SplitCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  for (const member of payload.members) {
    const refused = checkRecipient(view, member.address, true);
    if (refused !== undefined) return refused;
  }
  const address = contractAddressFor(ctx.chainId, creator, consumedNonce(view, creator), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const returned = returnStrays(view, address, creator, strays, ctx, 'split.create');
  putSplit(view, { address, creator, members: payload.members, createdAt: ctx.height });
  view.touch(address, ...payload.members.map((m) => m.address));
  return [...returned, { type: 'split.created', attributes: { split: address, creator, members: payload.members.map((m) => `${m.address}:${m.weight}`).join(',') } }];
}
