/**
 * What the market pages show and offer, without a browser (test/web/market-pure.test.ts): the quote
 * shown before a buyer signs, each order's next step in words with the actions this key may take, who this key may review after a trade (the review kept between commit
 * and reveal is web/src/review-view.ts), and a reputation score in words (spec/market.md §3, spec/reputation.md §2–3).
 */
import { AgoraError, verifyReputationReport, type ReputationVerifyResult } from '../../src/client/index.ts';
import type { PageTrust } from './provenance-trust.ts';
import { tradeIdFor } from '../../src/ledger/market/trades-state.ts';
import { displayAmount, formatDuration } from './format.ts';
import type { ListingTermsJson, OrderJson, OrderPhaseJson } from './market-api.ts';

export interface BuyQuote {
  /** price × quantity: what the buyer's escrow holds. */
  total: bigint;
  /** The named arbiter's fee (0 when it has none), paid out of the total only if it resolves a dispute. */
  arbiterFee: bigint;
  /** Why the ledger would refuse it, checked here before signing; undefined when it would not on these grounds. */
  problem?: 'bad_shape' | 'out_of_stock' | 'arbiter_not_offered' | 'arbiter_fee_too_high';
}

/** The quote for `quantity` with `arbiter` (or none), from the listing's terms (spec/market.md §3 checks 7, 8, 12). */
export function buyQuote(terms: ListingTermsJson, quantity: number, arbiter: string | undefined): BuyQuote {
  const valid = Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= 1_000_000;
  const total = valid ? BigInt(terms.price.amount) * BigInt(quantity) : 0n;
  const offered = arbiter === undefined ? undefined : terms.arbiters.find((a) => a.address === arbiter);
  const arbiterFee = offered === undefined ? 0n : BigInt(offered.fee);
  if (!valid) return { total, arbiterFee, problem: 'bad_shape' };
  if (quantity > terms.stock) return { total, arbiterFee, problem: 'out_of_stock' };
  if (arbiter !== undefined && offered === undefined) return { total, arbiterFee, problem: 'arbiter_not_offered' };
  if (arbiterFee > total) return { total, arbiterFee, problem: 'arbiter_fee_too_high' };
  return { total, arbiterFee };
}

/** `12.50 USD` */
export const amountWords = (amount: string | bigint, asset: string, decimals: number): string => `${displayAmount(amount, decimals)} ${asset}`;

/** The quote in sentences, read before signing. */
export function quoteWords(quote: BuyQuote, terms: ListingTermsJson, decimals: number, arbiter: string | undefined): string[] {
  const asset = terms.price.asset;
  const lines = [`You pay ${amountWords(quote.total, asset, decimals)} into the order’s escrow: the ledger holds it, not the seller.`];
  lines.push(`The seller delivers within ${formatDuration(terms.handlingMs)}, else it comes back to you; after delivery you have ${formatDuration(terms.reviewWindowMs)} to confirm or dispute, else it goes to the seller.`);
  if (arbiter === undefined) lines.push('No arbiter: this order cannot be disputed.');
  else if (quote.arbiterFee === 0n) lines.push('The arbiter charges no fee.');
  else lines.push(`If the arbiter decides a dispute, its fee of ${amountWords(quote.arbiterFee, asset, decimals)} comes out of the ${amountWords(quote.total, asset, decimals)}.`);
  return lines;
}

export type OrderAction = 'deliver' | 'confirm' | 'dispute' | 'resolve' | 'settle';

export interface OrderStep {
  /** Who this key is on the order. */
  role: 'buyer' | 'seller' | 'arbiter' | 'other';
  /** The next step in words, for this key. */
  words: string;
  actions: OrderAction[];
}

const SETTLED: readonly OrderPhaseJson[] = ['completed', 'refunded', 'resolved'];

export const isSettled = (phase: OrderPhaseJson): boolean => SETTLED.includes(phase);

function roleOf(order: OrderJson, me: string): OrderStep['role'] {
  if (order.buyer === me) return 'buyer';
  if (order.seller === me) return 'seller';
  if (order.arbiter === me) return 'arbiter';
  return 'other';
}

/** The order's next step for `me` and the actions open to it (spec/market.md §3 "Phases"). */
export function orderStep(order: OrderJson, me: string): OrderStep {
  const role = roleOf(order, me);
  const party = role === 'buyer' || role === 'seller';
  const disputable = party && order.arbiter !== null;
  switch (order.phase) {
    case 'awaiting_delivery':
      if (role === 'seller') return { role, words: 'Deliver the order, then mark it delivered.', actions: disputable ? ['deliver', 'dispute'] : ['deliver'] };
      return { role, words: 'Waiting for the seller to deliver; if they do not in time, the total comes back to the buyer.', actions: disputable ? ['dispute'] : [] };
    case 'delivered':
      if (role === 'buyer') return { role, words: 'Delivered: confirm to pay the seller, or dispute.', actions: disputable ? ['confirm', 'dispute'] : ['confirm'] };
      return { role, words: 'Delivered: waiting for the buyer to confirm; without an answer it is paid to the seller when the review window ends.', actions: disputable ? ['dispute'] : [] };
    case 'disputed':
      if (role === 'arbiter') return { role, words: 'Disputed: decide how the total is divided.', actions: ['resolve'] };
      return { role, words: 'Disputed: waiting for the arbiter; without a decision in time it goes back to the buyer.', actions: [] };
    case 'release_due':
      return { role, words: 'Due to the seller: anyone may settle it now.', actions: ['settle'] };
    case 'refund_due':
      return { role, words: 'Due back to the buyer: anyone may settle it now.', actions: ['settle'] };
    case 'lapsed':
      return { role, words: 'The arbiter did not decide in time: it goes back to the buyer; anyone may settle it now.', actions: ['settle'] };
    case 'completed':
      return { role, words: 'Completed: the seller was paid. Both sides may review each other.', actions: [] };
    case 'refunded':
      return { role, words: 'Refunded: the buyer got the total back. Both sides may review each other.', actions: [] };
    case 'resolved':
      return { role, words: 'Resolved by the arbiter. Both sides may review each other and the arbiter.', actions: [] };
  }
}

export const ACTION_LABELS: { readonly [A in OrderAction]: string } = {
  deliver: 'Mark delivered',
  confirm: 'Confirm receipt (pay the seller)',
  dispute: 'Open a dispute',
  resolve: 'Resolve the dispute',
  settle: 'Settle now',
};

/** The trade id of a settled order (spec/reputation.md §1: SHA-256 of ["agora/trade/v1", "order", order id]). */
export const orderTradeId = (orderId: string): string => tradeIdFor('order', orderId);

/** Whom `me` may review on a settled order: the other side, and the arbiter after a resolution (spec/reputation.md §2). */
export function reviewSubjects(order: OrderJson, me: string): string[] {
  if (!isSettled(order.phase)) return [];
  const subjects: string[] = [];
  if (order.buyer === me) subjects.push(order.seller);
  else if (order.seller === me) subjects.push(order.buyer);
  else return [];
  if (order.phase === 'resolved' && order.arbiter !== null && order.arbiter !== me) subjects.push(order.arbiter);
  return subjects;
}

/** A score in parts per million as the mean rating it stands for: `812500` → `4.25 of 5`; null → none yet. */
export function scoreWords(scorePpm: string | null): string {
  if (scorePpm === null) return 'no score yet: no review of a trade paid in the native asset';
  // rating = 1 + ppm × 4 / 10^6, to two decimals, rounded down (integers only).
  const hundredths = 100n + (BigInt(scorePpm) * 400n) / 1_000_000n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} of 5`;
}

/** `★★★★☆` for a rating of 4. */
export const stars = (rating: number): string => '★'.repeat(Math.max(0, Math.min(5, rating))) + '☆'.repeat(Math.max(0, 5 - Math.min(5, rating)));

/**
 * What an arbiter's resolution gives the seller: `toSeller` of the price's asset, at most the total
 * less the arbiter's fee (the fee comes off first, spec/ledger.md §8.2.7); the buyer gets the rest.
 * An empty holding gives the seller nothing.
 */
export function resolutionToSeller(order: OrderJson, toSeller: bigint): { assets?: { asset: string; amount: bigint }[] } {
  const rest = BigInt(order.total) - BigInt(order.arbiterFee ?? '0');
  if (toSeller < 0n || toSeller > rest) throw new AgoraError('bad_resolution', `the seller may get 0 to ${rest} base units (the total less the arbiter’s fee)`);
  return toSeller === 0n ? {} : { assets: [{ asset: order.price.asset, amount: toSeller }] };
}

/** Verifies a reputation report's text against the page's anchor (spec/reputation.md §4); without one, never ok. */
export function checkReputation(text: string, trust: PageTrust): ReputationVerifyResult {
  return verifyReputationReport(text, { anchor: trust?.anchor ?? null });
}
