import { isLapsed, trancheDueMs, type Escrow } from '../contracts/escrow-state.ts';

/**
 * Where an order stands at a block time, and its next step (spec/market.md §3, "Phases"): read from
 * its escrow alone, with the escrow's own pure functions, writing nothing — for "my orders" with the
 * next step for each, and an arbiter's queue. OpenBazaar's states map as: awaiting_delivery =
 * awaiting fulfilment, delivered = fulfilled, completed, disputed, resolved; what OpenBazaar finalised
 * on a timeout is here release_due, refund_due and lapsed, which anyone's escrow.settle ends.
 */
export type OrderPhase = 'awaiting_delivery' | 'delivered' | 'disputed' | 'release_due' | 'refund_due' | 'lapsed' | 'completed' | 'refunded' | 'resolved';

export interface OrderStanding {
  phase: OrderPhase;
  /** The tx that moves the order on, and who may send it; null once settled. */
  next: { kind: 'escrow.deliver' | 'escrow.release' | 'escrow.resolve' | 'escrow.settle'; by: 'seller' | 'buyer' | 'arbiter' | 'anyone' } | null;
  /** When the phase ends by itself (a deadline, a review or arbiter window); null when it does not. */
  untilMs: number | null;
}

export function orderStanding(escrow: Escrow, timeMs: number): OrderStanding {
  const tranche = escrow.tranches[0];
  if (escrow.state === 'closed') {
    const phase = tranche.status === 'released' ? 'completed' : tranche.status === 'resolved' ? 'resolved' : 'refunded';
    return { phase, next: null, untilMs: null };
  }
  if (escrow.state === 'disputed') {
    if (isLapsed(escrow, timeMs)) return { phase: 'lapsed', next: { kind: 'escrow.settle', by: 'anyone' }, untilMs: null };
    const untilMs = escrow.arbiterWindowMs === undefined || escrow.disputedAtMs === undefined ? null : escrow.disputedAtMs + escrow.arbiterWindowMs;
    return { phase: 'disputed', next: { kind: 'escrow.resolve', by: 'arbiter' }, untilMs };
  }
  const dueMs = trancheDueMs(escrow, tranche);
  if (tranche.deliveredAtMs !== undefined) {
    return dueMs <= timeMs ? { phase: 'release_due', next: { kind: 'escrow.settle', by: 'anyone' }, untilMs: null } : { phase: 'delivered', next: { kind: 'escrow.release', by: 'buyer' }, untilMs: dueMs };
  }
  return dueMs <= timeMs ? { phase: 'refund_due', next: { kind: 'escrow.settle', by: 'anyone' }, untilMs: null } : { phase: 'awaiting_delivery', next: { kind: 'escrow.deliver', by: 'seller' }, untilMs: dueMs };
}
