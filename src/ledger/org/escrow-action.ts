import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { checkRecipient } from '../accounts/payout.ts';
import { applyEscrowDispute, applyEscrowRelease, parties, touchParties } from '../contracts/escrow.ts';
import { putEscrow, type Escrow } from '../contracts/escrow-state.ts';
import type { EscrowCreatePayload } from '../contracts/escrow-types.ts';
import { give, hasItems } from '../contracts/holding.ts';
import { checkItemsMovable } from '../contracts/items.ts';
import { assetTotals } from '../contracts/payload-fields.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import { putOrg, type OrgRecord } from './state.ts';
import type { OrgAction } from './types.ts';

/**
 * The `escrow` action (spec/org.md §4): an escrow with the org as payer, its tranches taken from the
 * treasury, at the contract address of (chain, org, motion number, 0). The org cannot sign, so the
 * escrow pays out by its payee's delivery and review window, by its default at the deadline, or by
 * its arbiter; what it refunds comes back into the treasury (org/treasury.ts, called by escrow.ts).
 *
 * Checks in order, as escrow.create's (spec/ledger.md §8.2.1) with the treasury as the giver:
 * `bad_parties`; `deadline_passed`; `arbiter_fee_too_high`; `contract_recipient`; the treasury holds
 * every tranche (`insufficient_treasury`) and its items can move (the item codes); the address checks.
 */
export function openEscrow(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, motion: number, payload: EscrowCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const { payee, arbiter, deadlineMs, onExpiry, tranches } = payload;
  if (payee === orgAddress || arbiter === orgAddress || (arbiter !== undefined && arbiter === payee)) return reject('bad_parties', 'the org, the payee and the arbiter must be three different addresses');
  if (deadlineMs <= ctx.timeMs) return reject('deadline_passed', `the deadline ${deadlineMs} is not after the block time ${ctx.timeMs}`);
  const fee = payload.arbiterFee;
  if (fee !== undefined && tranches.some((t) => (t.assets ?? []).reduce((sum, a) => (a.asset === fee.asset ? sum + a.amount : sum), 0n) < fee.amount)) {
    return reject('arbiter_fee_too_high', `the arbiter's fee ${fee.amount} ${fee.asset} is above what a tranche holds of ${fee.asset}`);
  }
  const refused = checkRecipient(view, payee, hasItems(tranches));
  if (refused !== undefined) return refused;
  const assets = new Map(org.treasury.assets);
  for (const [asset, needed] of assetTotals(tranches)) {
    const held = assets.get(asset) ?? 0n;
    if (held < needed) return reject('insufficient_treasury', `the treasury holds ${held} ${asset}, the escrow takes ${needed}`);
    assets.set(asset, held - needed);
  }
  const items = tranches.flatMap((t) => t.items ?? []);
  const missing = items.find((id) => !org.treasury.items.includes(id));
  if (missing !== undefined) return reject('insufficient_treasury', `the treasury does not hold ${missing}`);
  const stuck = checkItemsMovable(view, items, orgAddress);
  if (stuck !== undefined) return stuck;
  const address = contractAddressFor(ctx.chainId, orgAddress, BigInt(motion), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const escrow: Escrow = { address, payer: orgAddress, payee, arbiter, deadlineMs, onExpiry, state: 'open', tranches: tranches.map((t) => ({ ...t, status: 'held' })), createdAt: ctx.height };
  if (payload.reviewWindowMs !== undefined) escrow.reviewWindowMs = payload.reviewWindowMs;
  if (payload.arbiterFee !== undefined) escrow.arbiterFee = payload.arbiterFee;
  if (payload.arbiterWindowMs !== undefined) escrow.arbiterWindowMs = payload.arbiterWindowMs;
  const events: LedgerEvent[] = returnStrays(view, address, signer, strays, ctx, 'org.execute');
  putEscrow(view, escrow);
  putOrg(view, orgAddress, { ...org, treasury: { assets, items: org.treasury.items.filter((id) => !items.includes(id)) } });
  touchParties(view, escrow);
  events.push({ type: 'escrow.created', attributes: { ...parties(escrow), deadlineMs: String(deadlineMs), onExpiry, tranches: String(tranches.length) } });
  for (const tranche of tranches) events.push(...give(view, orgAddress, address, tranche, signer, ctx, 'org.execute'));
  return events;
}

/**
 * The `release` and `dispute` actions (spec/org.md §4): escrow.release and escrow.dispute with the
 * org as signer, on an escrow whose payer is the org (its `escrow` action's), with escrow.release's or
 * escrow.dispute's checks in their order (`unknown_contract`, `wrong_party` when the org is not the
 * payer, ...). What a resolution later refunds enters the treasury (org/treasury.ts).
 */
export function runEscrowAct(view: Overlay, orgAddress: string, org: OrgRecord, action: Extract<OrgAction, { type: 'release' | 'dispute' }>, ctx: BlockContext): Rejection | LedgerEvent[] {
  putOrg(view, orgAddress, org);
  if (action.type === 'release') return applyEscrowRelease(view, orgAddress, { escrow: action.escrow, tranche: action.tranche }, ctx);
  return applyEscrowDispute(view, orgAddress, { escrow: action.escrow }, ctx);
}
