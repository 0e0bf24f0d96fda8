import type { Holding } from '../contracts/value-types.ts';
import type { TradeInput } from './trades.ts';

/**
 * How each existing settlement reads as a trade (spec/reputation.md §1 table): who bought, who sold,
 * what was paid. The settlements call recordTrade with these; market orders (spec/market.md) build
 * their own input.
 */

/**
 * An accepted offer. The side paying in the native asset is the buyer: `ask` holds it → the maker
 * sells; else `give` holds it → the maker buys; else the maker sells for `ask`'s first asset, else
 * `give`'s, else for nothing (an item for an item: native asset, amount 0).
 */
export function offerTrade(offer: { address: string; maker: string; give: Holding; ask: Holding }, taker: string, nativeAsset: string, height: number): TradeInput {
  const native = (holding: Holding) => holding.assets?.find((entry) => entry.asset === nativeAsset);
  const base = { kind: 'offer' as const, ref: offer.address, disputed: false, height };
  const asked = native(offer.ask);
  if (asked !== undefined) return { ...base, buyer: taker, seller: offer.maker, asset: asked.asset, amount: asked.amount };
  const given = native(offer.give);
  if (given !== undefined) return { ...base, buyer: offer.maker, seller: taker, asset: given.asset, amount: given.amount };
  const payment = offer.ask.assets?.[0] ?? offer.give.assets?.[0];
  const buyer = payment !== undefined && offer.ask.assets === undefined ? offer.maker : taker;
  const seller = buyer === taker ? offer.maker : taker;
  return { ...base, buyer, seller, asset: payment?.asset ?? nativeAsset, amount: payment?.amount ?? 0n };
}

/** An item sold with a payment in the same `item.transfer`: the recipient pays the owner. */
export function itemSaleTrade(item: string, seq: number, owner: string, to: string, payment: { asset: string; amount: bigint }, height: number): TradeInput {
  return { kind: 'item', ref: `${item}/${seq}`, buyer: to, seller: owner, asset: payment.asset, amount: payment.amount, disputed: false, height };
}

export interface RentalSettlement {
  rental: string;
  booking: number;
  owner: string;
  renter: string;
  arbiter?: string;
  asset: string;
  /** What the owner got for the periods used. */
  paid: bigint;
  /** A claim was filed on the deposit. */
  claimed: boolean;
  /** With a resolution: what the arbiter gave the owner of `deposit`. */
  resolution?: { toOwner: bigint; deposit: bigint };
}

/**
 * A rental booking that leaves its record paid. The loser of a resolved claim is the renter when the
 * owner got more than half the deposit, the owner when less, nobody at exactly half or when the claim
 * lapsed unresolved.
 */
export function rentalTrade(settled: RentalSettlement, height: number): TradeInput {
  let loser: string | undefined;
  if (settled.resolution !== undefined) {
    const twice = 2n * settled.resolution.toOwner;
    if (twice > settled.resolution.deposit) loser = settled.renter;
    else if (twice < settled.resolution.deposit) loser = settled.owner;
  }
  const trade: TradeInput = { kind: 'rental', ref: `${settled.rental}/${settled.booking}`, buyer: settled.renter, seller: settled.owner, asset: settled.asset, amount: settled.paid, disputed: settled.claimed, height };
  if (settled.arbiter !== undefined) trade.arbiter = settled.arbiter;
  if (loser !== undefined) trade.loser = loser;
  return trade;
}

/**
 * What a settled market order tells (branch market-core, `TradeFacts` of market/order-settled.ts; typed
 * here by shape so that neither branch imports the other before the merge). Its call site is then
 * `events.push(recordTrade(view, orderTrade(facts)))`, after `market.settled`.
 */
export interface OrderTradeFacts {
  order: string;
  buyer: string;
  seller: string;
  arbiter?: string;
  asset: string;
  toSeller: bigint;
  toBuyer: bigint;
  disputed: boolean;
  /** As market-core computes it (the rental-claim rule); computed the same way here when absent. */
  loser?: string;
  height: number;
}

/**
 * A settled order: the value paid is what the seller got (all of it released, nothing refunded, its
 * part of a division), as for every other settlement; a refunded order is still a trade, weighing 0, so
 * the buyer may review a seller who never shipped (a negative counts). The loser of a resolution is the
 * buyer when the seller got more than half of what was divided, the seller when less, nobody at half.
 */
export function orderTrade(facts: OrderTradeFacts): TradeInput {
  const trade: TradeInput = { kind: 'order', ref: facts.order, buyer: facts.buyer, seller: facts.seller, asset: facts.asset, amount: facts.toSeller, disputed: facts.disputed, height: facts.height };
  if (facts.arbiter !== undefined) trade.arbiter = facts.arbiter;
  if (facts.disputed) {
    const divided = facts.toSeller + facts.toBuyer;
    const loser = facts.loser ?? (2n * facts.toSeller > divided ? facts.buyer : 2n * facts.toSeller < divided ? facts.seller : undefined);
    if (loser !== undefined) trade.loser = loser;
  }
  return trade;
}
