import { isAddress } from '../../crypto/address.ts';
import { tradeIdFor } from '../../ledger/market/trades-state.ts';
import { PAGE_LIMIT_MAX } from '../../wire/limits.ts';
import type { OrderJson } from '../../wire/market.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { clientFor } from './node-client.ts';

/**
 * The trade a `--trade` flag names, and whom a review of it is about by default (spec/reputation.md
 * §1, DESIGN.md "reviews": a settled order's trade id is its order id). `--trade` is either an order id
 * (an agora1… address: its trade id is `tradeIdFor('order', id)`) or a trade id (64 lower-case hex, the
 * `trade` of a trade.recorded event, as `agora market confirm` prints it).
 */
const TRADE_ID = /^[0-9a-f]{64}$/;

/**
 * Pages of the reviewer's orders read, per role, when looking for the order of a bare trade id: at most
 * ORDER_PAGES_MAX × PAGE_LIMIT_MAX (1 000) orders each as buyer and as seller; past that, --subject.
 */
const ORDER_PAGES_MAX = 10;

export interface TradeRef {
  /** The trade id, lower-case hex. */
  trade: string;
  /** The order id when --trade was one. */
  order?: string;
}

/** Parses --trade without asking the node. */
export function parseTrade(text: string): TradeRef {
  if (isAddress(text)) return { trade: tradeIdFor('order', text), order: text };
  if (TRADE_ID.test(text)) return { trade: text };
  throw new CliError('bad_usage', `--trade "${text}": expected an order id (agora1…) or a trade id (64 lower-case hex characters, the \`trade\` that \`agora market confirm\` prints)`);
}

/**
 * Whom `reviewer` reviews on `ref` when --subject is not given: the other party of its order (the buyer
 * reviews the seller and the seller the buyer). An arbiter is reviewed only when named with --subject,
 * since a disputed order's party could mean either. Refused before anything is sent: an order not
 * settled yet (`no_trade`), a reviewer who is neither its buyer nor its seller (`not_a_party`), a trade
 * id of no order of the reviewer (a rental, an offer, a job: `bad_usage`, naming --subject).
 */
export async function defaultSubject(options: GlobalOptions, ref: TradeRef, reviewer: string): Promise<{ subject: string; order: string }> {
  const order = ref.order === undefined ? await orderOfTrade(options, ref.trade, reviewer) : await clientFor(options).getOrder(ref.order);
  if (order === undefined) {
    throw new CliError('bad_usage', `trade ${ref.trade} is not an order of ${reviewer} (a rental, an offer, an item sale or a job, or more than ${ORDER_PAGES_MAX * PAGE_LIMIT_MAX} orders back): name whom the review is about with --subject`);
  }
  if (order.settledAtMs === null) throw new CliError('no_trade', `order ${order.order} is not settled yet (${order.phase}): it becomes a trade when it completes, is refunded or resolved`);
  if (reviewer === order.buyer) return { subject: order.seller, order: order.order };
  if (reviewer === order.seller) return { subject: order.buyer, order: order.order };
  throw new CliError('not_a_party', `${reviewer} is neither the buyer nor the seller of order ${order.order}${order.arbiter === null ? '' : ' (its arbiter reviews nobody)'}`);
}

async function orderOfTrade(options: GlobalOptions, trade: string, reviewer: string): Promise<OrderJson | undefined> {
  const client = clientFor(options);
  for (const role of ['buyer', 'seller'] as const) {
    let after: string | undefined;
    for (let page = 0; page < ORDER_PAGES_MAX; page += 1) {
      const orders = await client.getAccountOrders(reviewer, { role, limit: PAGE_LIMIT_MAX, after });
      const found = orders.orders.find((o) => tradeIdFor('order', o.order) === trade);
      if (found !== undefined) return found;
      if (orders.next === null) break;
      after = orders.next;
    }
  }
  return undefined;
}
