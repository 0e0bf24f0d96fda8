import type { Rejection } from '../errors.ts';
import { applyItemRegister } from '../records/register.ts';
import { applyItemTransfer } from '../records/transfer.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, ItemRegisterPayload, ItemTransferPayload, LedgerEvent } from '../types.ts';
import { checkRecipient } from '../accounts/payout.ts';

/**
 * The records kinds that give an item to an address, with one check in front (spec/ledger.md §8.1):
 * a contract account holds exactly what its contract owes, so an item may not be given to one
 * (`contract_recipient`) except by that contract's own handlers.
 */

export function applyItemTransferGuarded(view: Overlay, signers: string[], payload: ItemTransferPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  return checkRecipient(view, payload.to, true) ?? applyItemTransfer(view, signers, payload, ctx);
}

export function applyItemRegisterGuarded(view: Overlay, signer: string, payload: ItemRegisterPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  return (payload.owner === undefined ? undefined : checkRecipient(view, payload.owner, true)) ?? applyItemRegister(view, signer, payload, ctx);
}
