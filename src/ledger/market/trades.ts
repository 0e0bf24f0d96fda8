import { invariant } from '../../errors/base.ts';
import { putStateValue, type Overlay } from '../state.ts';
import type { LedgerEvent } from '../types.ts';
import { bumpAggregates } from './reputation-state.ts';
import { encodeTrade, tradeIdFor, tradeKey, type TradeInput } from './trades-state.ts';

export { decodeTrade, encodeTrade, getTrade, tradeIdFor, tradeKey, type TradeInput, type TradeKind, type TradeRecord } from './trades-state.ts';

/**
 * Writes the trade record of one settlement, in the settling tx (pure: state in, writes and an event
 * out). Each party's `trades` count grows by one and the loser's `disputesLost`. Callers have refused
 * self-trades already; a ref written twice is a bug, not bad input. An arbiter who is also a party (a
 * seller listing itself as an arbiter) is left out of the record: nobody reviews a party as its own
 * arbiter, and a settlement never halts the chain over it.
 */
export function recordTrade(view: Overlay, given: TradeInput): LedgerEvent {
  const { arbiter, ...rest } = given;
  const input: TradeInput = arbiter !== undefined && arbiter !== given.buyer && arbiter !== given.seller ? { ...rest, arbiter } : rest;
  invariant(input.buyer !== input.seller, `trade ${input.kind} ${input.ref}: the buyer is the seller`);
  invariant(input.loser === undefined || (input.disputed && (input.loser === input.buyer || input.loser === input.seller)), `trade ${input.ref}: the loser of a dispute is a party`);
  const id = tradeIdFor(input.kind, input.ref);
  invariant(view.get(tradeKey(id)) === undefined, `trade ${input.kind} ${input.ref} was recorded twice`);
  putStateValue(view, tradeKey(id), encodeTrade(input));
  bumpAggregates(view, input.buyer, { trades: 1n });
  bumpAggregates(view, input.seller, { trades: 1n });
  if (input.loser !== undefined) bumpAggregates(view, input.loser, { disputesLost: 1n });
  view.touch(input.buyer, input.seller, input.arbiter);
  const attributes: { [key: string]: string } = { trade: id, kind: input.kind, ref: input.ref, buyer: input.buyer, seller: input.seller };
  if (input.arbiter !== undefined) attributes.arbiter = input.arbiter;
  Object.assign(attributes, { asset: input.asset, amount: input.amount.toString(), disputed: String(input.disputed) });
  if (input.loser !== undefined) attributes.loser = input.loser;
  return { type: 'trade.recorded', attributes };
}
