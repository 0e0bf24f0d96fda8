import { toHex } from '../../crypto/hash.ts';
import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { putEscrow } from './escrow-state.ts';
import type { EscrowDeliverPayload } from './escrow-types.ts';
import { loadOpenEscrow, parties, touchParties } from './escrow.ts';

/**
 * `escrow.deliver` (spec/ledger.md §8.2.7), by the payee: marks a held tranche delivered, which starts
 * its review window; from its end the tranche releases to the payee by itself (lazy settlement), unless
 * the payer released it or disputed before. Checks in order: `unknown_contract`, `wrong_party`,
 * `contract_closed`, `no_review_window`, `escrow_disputed`, `bad_tranche`, `tranche_not_held`,
 * `already_delivered`, `deadline_passed`. Effects: the tranche's deliveredAtMs (and document).
 */
export function applyEscrowDeliver(view: Overlay, signer: string, payload: EscrowDeliverPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const escrow = loadOpenEscrow(view, payload.escrow, signer, (e) => [e.payee], 'payee');
  if ('code' in escrow) return escrow;
  if (escrow.reviewWindowMs === undefined) return reject('no_review_window', `escrow ${escrow.address} has no review window; its payer releases each tranche`);
  if (escrow.state === 'disputed') return reject('escrow_disputed', `escrow ${escrow.address} is disputed; its arbiter decides`);
  const tranche = escrow.tranches[payload.tranche];
  if (tranche === undefined) return reject('bad_tranche', `escrow ${escrow.address} has ${escrow.tranches.length} tranches; there is no tranche ${payload.tranche}`);
  if (tranche.status !== 'held') return reject('tranche_not_held', `tranche ${payload.tranche} of escrow ${escrow.address} is already ${tranche.status}`);
  if (tranche.deliveredAtMs !== undefined) return reject('already_delivered', `tranche ${payload.tranche} of escrow ${escrow.address} was delivered at ${tranche.deliveredAtMs}`);
  const deliverByMs = tranche.deliverByMs ?? escrow.deadlineMs; // work (spec/ledger.md §8.2.8)
  if (ctx.timeMs >= deliverByMs) return reject('deadline_passed', `the delivery deadline ${deliverByMs} of tranche ${payload.tranche} of escrow ${escrow.address} has passed; its default is due`);
  const delivered = { ...tranche, deliveredAtMs: ctx.timeMs };
  if (payload.document !== undefined) delivered.document = payload.document;
  putEscrow(view, { ...escrow, tranches: escrow.tranches.map((t, i) => (i === payload.tranche ? delivered : t)) });
  touchParties(view, escrow);
  const attributes: { [key: string]: string } = { ...parties(escrow), tranche: String(payload.tranche), reviewEndsMs: String(ctx.timeMs + escrow.reviewWindowMs) };
  if (payload.document !== undefined) attributes.document = toHex(payload.document);
  return [{ type: 'escrow.delivered', attributes }];
}
