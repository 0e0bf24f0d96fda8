import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { checkCanGive, give, hasItems } from './holding.ts';
import { checkRecipient } from '../accounts/payout.ts';
import type { SwapLeg, SwapPayload } from './swap-types.ts';

/**
 * Atomic swap (spec/ledger.md §8.3): one tx, signed by every party that gives, moves any assets and
 * items among two or more parties. All legs move or none does: a refusal drops every write (apply.ts),
 * so a missing signature or a short balance moves nothing. No contract account is involved.
 */

/** `bad_signers` unless the signers are exactly the givers: each giver signed, and nobody signed who gives nothing. */
function checkSigners(signers: readonly string[], legs: readonly SwapLeg[]): Rejection | undefined {
  const givers = new Set(legs.map((leg) => leg.from));
  const missing = [...givers].find((giver) => !signers.includes(giver));
  if (missing !== undefined) return reject('bad_signers', `${missing} gives in this swap but did not sign it`);
  const idle = signers.find((signer) => !givers.has(signer));
  if (idle !== undefined) return reject('bad_signers', `${idle} signed the swap but gives nothing`);
  return undefined;
}

/**
 * Checks in order: the signers are exactly the givers (`bad_signers`); each leg's receiver may receive
 * it (`contract_recipient`); then for each signer in order, it can give all its legs together, as the
 * state stood before the swap (`unknown_asset`, `insufficient_balance`, `unknown_item`, `item_retired`,
 * `item_locked`, `not_owner`, `too_many_events`). Effects: every leg in order. Events: `swap.executed
 * { parties, legs }`, then each leg's `transfer` and `item.transferred` events.
 */
export function applySwap(view: Overlay, signers: string[], payload: SwapPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const { legs } = payload;
  const refused = checkSigners(signers, legs);
  if (refused !== undefined) return refused;
  for (const leg of legs) {
    const recipient = checkRecipient(view, leg.to, hasItems([leg]));
    if (recipient !== undefined) return recipient;
  }
  for (const signer of signers) {
    const short = checkCanGive(view, signer, legs.filter((leg) => leg.from === signer));
    if (short !== undefined) return short;
  }
  const events: LedgerEvent[] = [{ type: 'swap.executed', attributes: { parties: signers.join(','), legs: String(legs.length) } }];
  for (const leg of legs) events.push(...give(view, leg.from, leg.to, leg, signers[0], ctx, 'swap'));
  return events;
}
