import { invariant } from '../../errors/base.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { loadEscrow, type Escrow } from '../contracts/escrow-state.ts';
import { getOrder, putOrder, type Order } from './order-state.ts';
// reputation (spec/reputation.md)
import { recordTrade } from './trades.ts';
import { orderTrade } from './trades-settlements.ts';

/**
 * What a settled order tells the reputation module (spec/market.md §4; spec/reputation.md): who traded
 * with whom, in which asset, and how the total was divided. toSeller + toBuyer + arbiterFee = total.
 */
export interface TradeFacts {
  order: string;
  listing: string;
  buyer: string;
  seller: string;
  arbiter?: string;
  asset: string;
  total: bigint;
  toSeller: bigint;
  toBuyer: bigint;
  arbiterFee: bigint;
  /** The arbiter decided (a resolution); a lapsed dispute is not one. */
  disputed: boolean;
  /**
   * With a resolution: the seller when it got less than half of what the arbiter divided (the total
   * less the fee), the buyer when more, nobody at exactly half — the rule of rental claims
   * (spec/reputation.md), so that "disputes lost" counts the same way for both.
   */
  loser?: string;
  settledAtMs: number;
  height: number;
}

function amountOf(holding: { assets?: { asset: string; amount: bigint }[] } | undefined, asset: string): bigint {
  return (holding?.assets ?? []).reduce((sum, a) => (a.asset === asset ? sum + a.amount : sum), 0n);
}

/** The division of a closed order escrow's one tranche. */
export function tradeFacts(order: Order, escrow: Escrow, ctx: BlockContext): TradeFacts {
  invariant(escrow.state === 'closed' && escrow.tranches.length === 1, `order ${order.id}: its escrow is not a closed one-tranche escrow`);
  const status = escrow.tranches[0].status;
  const disputed = status === 'resolved';
  const arbiterFee = disputed ? (escrow.arbiterFee?.amount ?? 0n) : 0n;
  const toSeller = status === 'released' ? order.total : disputed ? amountOf(escrow.resolvedToPayee, order.price.asset) : 0n;
  const facts: TradeFacts = {
    order: order.id, listing: order.listing, buyer: order.buyer, seller: order.seller, asset: order.price.asset, total: order.total,
    toSeller, toBuyer: order.total - toSeller - arbiterFee, arbiterFee, disputed, settledAtMs: ctx.timeMs, height: ctx.height,
  };
  if (order.arbiter !== undefined) facts.arbiter = order.arbiter;
  if (disputed) {
    const twice = 2n * toSeller;
    const divided = order.total - arbiterFee;
    if (twice < divided) facts.loser = order.seller;
    else if (twice > divided) facts.loser = order.buyer;
  }
  invariant(facts.toBuyer >= 0n, `order ${order.id}: the division exceeds the total`);
  return facts;
}

/**
 * The facts of the trade when the escrow at `escrowAddress` is an order's and has just closed, after
 * marking the order settled; undefined for an escrow that is no order's, still open, or an order
 * already settled. Pure over the view, in the tx that closed the escrow.
 */
export function orderSettled(view: Overlay, escrowAddress: string, ctx: BlockContext): TradeFacts | undefined {
  const order = getOrder(view, escrowAddress);
  if (order === undefined || order.settledAtMs !== undefined) return undefined;
  const escrow = loadEscrow(view, escrowAddress);
  if ('code' in escrow || escrow.state !== 'closed') return undefined;
  putOrder(view, { ...order, settledAtMs: ctx.timeMs });
  return tradeFacts(order, escrow, ctx);
}

/**
 * Called in the same tx as every escrow tx that may close an order's escrow (kinds-apply.ts
 * settlingOrders): settles the order and reports the trade. Release never waits for a review, and
 * nothing here can refuse a settlement.
 */
export function settleOrder(view: Overlay, escrowAddress: string, ctx: BlockContext): LedgerEvent[] {
  const facts = orderSettled(view, escrowAddress, ctx);
  if (facts === undefined) return [];
  const settled: LedgerEvent = { type: 'market.settled', attributes: { order: facts.order, buyer: facts.buyer, seller: facts.seller, asset: facts.asset, toSeller: String(facts.toSeller), toBuyer: String(facts.toBuyer), fee: String(facts.arbiterFee) } };
  // reputation (spec/reputation.md §1): the settled order is a trade its parties may review.
  return [settled, recordTrade(view, orderTrade(facts))];
}
