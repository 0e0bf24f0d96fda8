import type { ListingContractJson, OrderJson } from '../../client/types.ts';
import type { ListingTerms } from '../../client/market.ts';
import { fromHex } from '../../crypto/hash.ts';
import { ESCROW_WINDOW_MS_MAX } from '../../ledger/limits.ts';
import type { AmountFormatter } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { parseDuration } from './contracts-common.ts';
import { checkName, keyValueLines } from './records-common.ts';

/**
 * What the market commands (src/cli/commands/market.ts, spec/market.md) share: the terms of a listing
 * as the ledger takes them back from its JSON (an update changes only the flags given), the
 * `REGISTRY:TYPE` form of a credential, windows, and the human views of listings and orders.
 */

/** A window flag (handling, review, arbiter): a duration of 1 ms to 366 days (spec/market.md bounds). */
export function parseWindow(flag: string, text: string): number {
  const ms = parseDuration(flag, text);
  if (ms > ESCROW_WINDOW_MS_MAX) throw new CliError('bad_usage', `${flag} "${text}" is longer than 366 days`);
  return ms;
}

/** `REGISTRY:TYPE`, each a name (else `bad_name`). */
export function parseCredentialName(flag: string, text: string): { registry: string; type: string } {
  const [registry, type, ...rest] = text.split(':');
  if (type === undefined || rest.length > 0) throw new CliError('bad_usage', `${flag} "${text}": expected REGISTRY:TYPE (e.g. kyc-eu:kyc)`);
  return { registry: checkName(flag, registry), type: checkName(flag, type) };
}

/** A listing's terms as the ledger holds them, from its JSON: what market.update starts from. */
export function termsOf(listing: ListingContractJson): ListingTerms {
  const { terms } = listing;
  const out: ListingTerms = {
    title: terms.title,
    termsHash: fromHex(terms.termsHash),
    price: { asset: terms.price.asset, amount: BigInt(terms.price.amount) },
    stock: terms.stock,
    handlingMs: terms.handlingMs,
    reviewWindowMs: terms.reviewWindowMs,
    arbiterWindowMs: terms.arbiterWindowMs,
    arbiters: terms.arbiters.map((a) => ({ address: a.address, fee: BigInt(a.fee) })),
    expiresAtMs: terms.expiresAtMs,
  };
  if (terms.metadata !== null) out.metadata = terms.metadata;
  if (terms.requires !== null) out.requires = { ...terms.requires };
  return out;
}

function time(ms: number): string {
  return `${new Date(ms).toISOString()} (${ms})`;
}

function duration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function describeListing(listing: ListingContractJson, format: AmountFormatter): string {
  const { terms } = listing;
  const rows: [string, string][] = [
    ['listing', listing.address],
    ['title', terms.title],
    ['kind', listing.kind],
    ['seller', listing.seller],
    ['state', `${listing.state}${listing.now.expired ? ' (expired)' : ''}${listing.now.orderable ? ', orderable' : ''}`],
    ['version', String(listing.version)],
    ['price', format(terms.price.amount, terms.price.asset)],
    ['stock', String(terms.stock)],
    ['handling', duration(terms.handlingMs)],
    ['review window', duration(terms.reviewWindowMs)],
    ['arbiter window', duration(terms.arbiterWindowMs)],
  ];
  for (const arbiter of terms.arbiters) rows.push(['arbiter', `${arbiter.address} fee ${format(arbiter.fee, terms.price.asset)}`]);
  if (terms.requires !== null) rows.push(['requires', `${terms.requires.registry}:${terms.requires.type}`]);
  if (listing.target !== null) rows.push(['target', listing.target]);
  if (terms.metadata !== null) rows.push(['metadata', terms.metadata]);
  rows.push(['expires', time(terms.expiresAtMs)], ['bond', format(listing.bond, listing.bondAsset)], ['created at', `height ${listing.createdAt}`]);
  return keyValueLines(rows);
}

/** What to do next, in words, for the one who reads it. */
export function nextStepWords(order: OrderJson): string {
  if (order.next === null) return 'nothing: settled';
  const until = order.untilMs === null ? '' : ` (until ${new Date(order.untilMs).toISOString()})`;
  const command: { [kind: string]: string } = { 'escrow.deliver': 'market deliver', 'escrow.release': 'market confirm (or market dispute)', 'escrow.resolve': 'market resolve', 'escrow.settle': 'escrow settle' };
  return `${order.next.by}: ${command[order.next.kind]}${until}`;
}

/** One order in lines; `note` is the opened note (the seller's view), or undefined. */
export function describeOrder(order: OrderJson, format: AmountFormatter, note?: string): string {
  const rows: [string, string][] = [
    ['order', order.order],
    ['title', order.title],
    ['listing', `${order.listing} (version ${order.version})`],
    ['buyer', order.buyer],
    ['seller', order.seller],
    ['quantity', String(order.quantity)],
    ['total', format(order.total, order.price.asset)],
    ['arbiter', order.arbiter === null ? '(none)' : `${order.arbiter}${order.arbiterFee === null ? '' : ` fee ${format(order.arbiterFee, order.price.asset)}`}`],
    ['phase', order.phase],
    ['next', nextStepWords(order)],
  ];
  if (order.note !== null) rows.push(['note', note ?? '(sealed to the seller)']);
  return keyValueLines(rows);
}
