import { reject, type Rejection } from '../errors.ts';
import { consumedNonce } from '../records/item-log.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { heldTranches, isExpired, isLapsed, loadEscrow, putEscrow, trancheDefault, trancheDueMs, type Escrow, type Tranche } from './escrow-state.ts';
import type { EscrowCreatePayload, EscrowRefPayload, EscrowReleasePayload, EscrowResolvePayload } from './escrow-types.ts';
import { checkCanGive, checkHeldItems, give, hasItems } from './holding.ts';
import { checkRecipient } from '../accounts/payout.ts';
import { resolutionShares } from './escrow-resolve.ts';
import { checkStrays, returnStrays } from './stray.ts';
// org (spec/org.md)
import { creditTreasuryHolding } from '../org/treasury.ts';

/**
 * Escrow (spec/ledger.md §8.2): the payer locks assets and items, in one or more tranches, in a contract
 * account until the payer releases them to the payee (tranche by tranche), the payee refunds them, or
 * an arbiter resolves a dispute. From the deadline on an undisputed escrow follows the default chosen
 * at creation; nothing runs per block: the next escrow tx on it applies the default (isExpired).
 */

/** The parties' addresses, carried by every escrow event so that each event tells the whole escrow. */
export function parties(escrow: Pick<Escrow, 'address' | 'payer' | 'payee' | 'arbiter'>): { [key: string]: string } {
  const attributes: { [key: string]: string } = { escrow: escrow.address, payer: escrow.payer, payee: escrow.payee };
  if (escrow.arbiter !== undefined) attributes.arbiter = escrow.arbiter;
  return attributes;
}

/** Every tx on an escrow touches its account and all its parties: each follows the whole escrow. */
export function touchParties(view: Overlay, escrow: Pick<Escrow, 'address' | 'payer' | 'payee' | 'arbiter'>): void {
  view.touch(escrow.address, escrow.payer, escrow.payee, escrow.arbiter);
}

/**
 * Checks in order: the payee and the arbiter differ from the payer and from each other (`bad_parties`);
 * the deadline is after the block time (`deadline_passed`); the payee may receive the tranches
 * (`contract_recipient`: not a contract, or a split and no items); then the payer can give every
 * tranche (`unknown_asset`, `insufficient_balance`, `unknown_item`, `item_retired`, `item_locked`,
 * `not_owner`, `too_many_events`); then what the escrow's address already holds may move out
 * (stray.ts checkStrays). Effects: that goes to the payer (stray.ts); the record, open, every tranche
 * held; the tranches move from the payer to the escrow address.
 */
export function applyEscrowCreate(view: Overlay, payer: string, payload: EscrowCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const { payee, arbiter, deadlineMs, onExpiry, tranches } = payload;
  if (payee === payer || arbiter === payer || arbiter === payee) return reject('bad_parties', 'the payer, the payee and the arbiter must be three different addresses');
  if (deadlineMs <= ctx.timeMs) return reject('deadline_passed', `the deadline ${deadlineMs} is not after the block time ${ctx.timeMs}`);
  const fee = payload.arbiterFee;
  if (fee !== undefined && tranches.some((t) => (t.assets ?? []).reduce((sum, a) => (a.asset === fee.asset ? sum + a.amount : sum), 0n) < fee.amount)) {
    return reject('arbiter_fee_too_high', `the arbiter's fee ${fee.amount} ${fee.asset} is above what a tranche holds of ${fee.asset}`);
  }
  const refused = checkRecipient(view, payee, hasItems(tranches)) ?? checkCanGive(view, payer, tranches);
  if (refused !== undefined) return refused;
  const address = contractAddressFor(ctx.chainId, payer, consumedNonce(view, payer), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const escrow: Escrow = { address, payer, payee, arbiter, deadlineMs, onExpiry, state: 'open', tranches: tranches.map((t, i) => withDeliverBy({ ...t, status: 'held' }, payload.deliverByMs?.[i])), createdAt: ctx.height };
  if (payload.reviewWindowMs !== undefined) escrow.reviewWindowMs = payload.reviewWindowMs;
  if (payload.arbiterFee !== undefined) escrow.arbiterFee = payload.arbiterFee;
  if (payload.arbiterWindowMs !== undefined) escrow.arbiterWindowMs = payload.arbiterWindowMs;
  putEscrow(view, escrow);
  touchParties(view, escrow);
  const events: LedgerEvent[] = returnStrays(view, address, payer, strays, ctx, 'escrow.create');
  events.push({ type: 'escrow.created', attributes: { ...parties(escrow), deadlineMs: String(deadlineMs), onExpiry, tranches: String(tranches.length) } });
  for (const tranche of tranches) events.push(...give(view, payer, address, tranche, payer, ctx, 'escrow.create'));
  return events;
}

/** work (spec/ledger.md §8.2.8): a tranche with its own delivery deadline, when it has one. */
export function withDeliverBy(tranche: Tranche, deliverByMs: number | undefined): Tranche {
  return deliverByMs === undefined ? tranche : { ...tranche, deliverByMs };
}

/** Pays every held tranche to `to`, marking each `status`; the escrow closes. */
function payHeld(view: Overlay, escrow: Escrow, to: string, status: Tranche['status'], signer: string, ctx: BlockContext, kind: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const tranche of heldTranches(escrow)) events.push(...give(view, escrow.address, to, tranche, signer, ctx, kind));
  // org (spec/org.md): an escrow opened from an org's treasury refunds into it.
  if (to === escrow.payer) for (const tranche of heldTranches(escrow)) creditTreasuryHolding(view, to, tranche);
  putEscrow(view, { ...escrow, state: 'closed', tranches: escrow.tranches.map((t) => (t.status === 'held' ? { ...t, status } : t)) });
  return events;
}

/**
 * The defaults that are due, applied by whichever tx touches the escrow first (spec/ledger.md §8.1,
 * §8.2.7): on a lapsed dispute the escrow's default on every held tranche; else each held tranche that
 * is due gets its own default (a delivered one release, any other `onExpiry`), the rest stay held.
 */
function settle(view: Overlay, escrow: Escrow, signer: string, ctx: BlockContext, kind: string): Rejection | LedgerEvent[] {
  const lapsed = isLapsed(escrow, ctx.timeMs);
  const due = escrow.tranches.flatMap((t, i) => (t.status === 'held' && (lapsed || trancheDueMs(escrow, t) <= ctx.timeMs) ? [i] : []));
  const full = checkHeldItems(view, due.map((i) => escrow.tranches[i]));
  if (full !== undefined) return full;
  const outcomes = due.map((i) => (lapsed ? escrow.onExpiry : trancheDefault(escrow, escrow.tranches[i])));
  const released = due.filter((_, k) => outcomes[k] === 'release');
  const refunded = due.filter((_, k) => outcomes[k] === 'refund');
  const outcome = refunded.length === 0 ? 'released' : released.length === 0 ? 'refunded' : 'mixed';
  const attributes: { [key: string]: string } = { ...parties(escrow), outcome, by: signer, tranches: due.join(',') };
  if (outcome === 'mixed') Object.assign(attributes, { released: released.join(','), refunded: refunded.join(',') });
  if (lapsed) attributes.lapsed = 'true';
  touchParties(view, escrow);
  const events: LedgerEvent[] = [{ type: 'escrow.settled', attributes }];
  const tranches = escrow.tranches.map((t) => ({ ...t }));
  for (const [k, i] of due.entries()) {
    const release = outcomes[k] === 'release';
    events.push(...give(view, escrow.address, release ? escrow.payee : escrow.payer, tranches[i], signer, ctx, kind));
    if (!release) creditTreasuryHolding(view, escrow.payer, tranches[i]); // org (spec/org.md)
    tranches[i].status = release ? 'released' : 'refunded';
  }
  const open = tranches.some((t) => t.status === 'held');
  putEscrow(view, { ...escrow, state: open ? escrow.state : 'closed', tranches });
  return events;
}

/** `unknown_contract`, then `wrong_party` (the signer is not one of `allowed`), then `contract_closed`. */
export function loadOpenEscrow(view: Overlay, address: string, signer: string, allowed: (escrow: Escrow) => (string | undefined)[], role: string): Escrow | Rejection {
  const escrow = loadEscrow(view, address);
  if ('code' in escrow) return escrow;
  if (!allowed(escrow).includes(signer)) return reject('wrong_party', `only the ${role} of escrow ${address} may do this`);
  if (escrow.state === 'closed') return reject('contract_closed', `escrow ${address} is closed`);
  return escrow;
}

/**
 * By the payer. Checks in order: `unknown_contract`, `wrong_party`, `contract_closed`; on an expired
 * escrow the default applies instead (escrow.settled) and the tx succeeds; else the tranche exists
 * (`bad_tranche`), is held (`tranche_not_held`), and its items have history room (`too_many_events`).
 * Effects: the tranche goes to the payee; the escrow closes when no tranche is held. Allowed while
 * disputed: the payer may always give up what it locked.
 */
export function applyEscrowRelease(view: Overlay, signer: string, payload: EscrowReleasePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadOpenEscrow(view, payload.escrow, signer, (e) => [e.payer], 'payer');
  if ('code' in escrow) return escrow;
  if (isExpired(escrow, ctx.timeMs)) return settle(view, escrow, signer, ctx, 'escrow.release');
  const tranche = escrow.tranches[payload.tranche];
  if (tranche === undefined) return reject('bad_tranche', `escrow ${escrow.address} has ${escrow.tranches.length} tranches; there is no tranche ${payload.tranche}`);
  if (tranche.status !== 'held') return reject('tranche_not_held', `tranche ${payload.tranche} of escrow ${escrow.address} is already ${tranche.status}`);
  const full = checkHeldItems(view, [tranche]);
  if (full !== undefined) return full;
  const events = give(view, escrow.address, escrow.payee, tranche, signer, ctx, 'escrow.release');
  const tranches = escrow.tranches.map((t, i) => (i === payload.tranche ? { ...t, status: 'released' as const } : t));
  const state = tranches.some((t) => t.status === 'held') ? escrow.state : 'closed';
  putEscrow(view, { ...escrow, state, tranches });
  touchParties(view, escrow);
  return [{ type: 'escrow.released', attributes: { ...parties(escrow), tranche: String(payload.tranche), closed: String(state === 'closed') } }, ...events];
}

/**
 * By the payee. Checks in order: `unknown_contract`, `wrong_party`, `contract_closed`; on an expired
 * escrow the default applies instead; else `too_many_events`. Effects: every held tranche returns to
 * the payer; the escrow closes. Allowed while disputed: the payee may always give up its claim.
 */
export function applyEscrowRefund(view: Overlay, signer: string, payload: EscrowRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadOpenEscrow(view, payload.escrow, signer, (e) => [e.payee], 'payee');
  if ('code' in escrow) return escrow;
  if (isExpired(escrow, ctx.timeMs)) return settle(view, escrow, signer, ctx, 'escrow.refund');
  const full = checkHeldItems(view, heldTranches(escrow));
  if (full !== undefined) return full;
  const held = escrow.tranches.flatMap((t, i) => (t.status === 'held' ? [i] : []));
  touchParties(view, escrow);
  return [{ type: 'escrow.refunded', attributes: { ...parties(escrow), tranches: held.join(',') } }, ...payHeld(view, escrow, escrow.payer, 'refunded', signer, ctx, 'escrow.refund')];
}

/**
 * By the payer or the payee. Checks in order: `unknown_contract`, `wrong_party`, `contract_closed`,
 * the escrow has an arbiter (`no_arbiter`), it is not disputed already (`escrow_disputed`), the
 * deadline has not come (`deadline_passed`). Effects: the escrow is disputed; it no longer expires.
 */
export function applyEscrowDispute(view: Overlay, signer: string, payload: EscrowRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadOpenEscrow(view, payload.escrow, signer, (e) => [e.payer, e.payee], 'payer or the payee');
  if ('code' in escrow) return escrow;
  if (escrow.arbiter === undefined) return reject('no_arbiter', `escrow ${escrow.address} has no arbiter to settle a dispute`);
  if (escrow.state === 'disputed') return reject('escrow_disputed', `escrow ${escrow.address} is already disputed`);
  if (heldTranches(escrow).some((t) => trancheDueMs(escrow, t) <= ctx.timeMs)) return reject('deadline_passed', `a tranche of escrow ${escrow.address} is due (deadline or review window passed); its default applies`);
  putEscrow(view, { ...escrow, state: 'disputed', disputedAtMs: ctx.timeMs });
  touchParties(view, escrow);
  return [{ type: 'escrow.disputed', attributes: { ...parties(escrow), by: signer } }];
}

/**
 * By the arbiter. Checks in order: `unknown_contract`, `wrong_party`, `contract_closed`, the escrow is
 * disputed (`not_disputed`), `toPayee` takes only what the held tranches hold (`bad_resolution`),
 * `too_many_events`. Effects: `toPayee` goes to the payee and the rest of the held tranches to the
 * payer; every held tranche is resolved; the escrow closes.
 */
export function applyEscrowResolve(view: Overlay, signer: string, payload: EscrowResolvePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadOpenEscrow(view, payload.escrow, signer, (e) => (e.arbiter === undefined ? [] : [e.arbiter]), 'arbiter');
  if ('code' in escrow) return escrow;
  if (escrow.state !== 'disputed') return reject('not_disputed', `escrow ${escrow.address} is not disputed; only a dispute is resolved`);
  if (isLapsed(escrow, ctx.timeMs)) return reject('dispute_lapsed', `the arbiter's window on escrow ${escrow.address} has passed; the dispute lapsed to the default (escrow.settle)`);
  const held = heldTranches(escrow);
  const shares = resolutionShares(held, payload.toPayee ?? {}, escrow.arbiterFee);
  if ('code' in shares) return shares;
  const full = checkHeldItems(view, held);
  if (full !== undefined) return full;
  const attributes: { [key: string]: string } = { ...parties(escrow), by: signer };
  if (escrow.arbiterFee !== undefined) Object.assign(attributes, { fee: String(escrow.arbiterFee.amount), feeAsset: escrow.arbiterFee.asset });
  const events: LedgerEvent[] = [{ type: 'escrow.resolved', attributes }];
  events.push(...give(view, escrow.address, signer, shares.toArbiter, signer, ctx, 'escrow.resolve'));
  events.push(...give(view, escrow.address, escrow.payee, shares.toPayee, signer, ctx, 'escrow.resolve'));
  events.push(...give(view, escrow.address, escrow.payer, shares.toPayer, signer, ctx, 'escrow.resolve'));
  creditTreasuryHolding(view, escrow.payer, shares.toPayer); // org (spec/org.md)
  const resolved: Escrow = { ...escrow, state: 'closed', tranches: escrow.tranches.map((t) => (t.status === 'held' ? { ...t, status: 'resolved' } : t)) };
  if (shares.toPayee.assets !== undefined || shares.toPayee.items !== undefined) resolved.resolvedToPayee = shares.toPayee;
  putEscrow(view, resolved);
  touchParties(view, escrow);
  return events;
}

/**
 * By anyone. Checks in order: `unknown_contract`, `contract_closed`, the escrow is not disputed
 * (`escrow_disputed`: the arbiter decides), the deadline has come (`deadline_not_reached`),
 * `too_many_events`. Effects: the default (release to the payee, or refund to the payer) on every held
 * tranche; the escrow closes.
 */
export function applyEscrowSettle(view: Overlay, signer: string, payload: EscrowRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadEscrow(view, payload.escrow);
  if ('code' in escrow) return escrow;
  if (escrow.state === 'closed') return reject('contract_closed', `escrow ${escrow.address} is closed`);
  if (escrow.state === 'disputed' && !isLapsed(escrow, ctx.timeMs)) return reject('escrow_disputed', `escrow ${escrow.address} is disputed; its arbiter settles it`);
  const due = escrow.state === 'disputed' || heldTranches(escrow).some((t) => trancheDueMs(escrow, t) <= ctx.timeMs);
  if (!due) return reject('deadline_not_reached', `no tranche of escrow ${escrow.address} is due yet (deadline ${escrow.deadlineMs}); the block time is ${ctx.timeMs}`);
  return settle(view, escrow, signer, ctx, 'escrow.settle');
}
