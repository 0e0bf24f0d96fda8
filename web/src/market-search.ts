/**
 * The market's search form as GET /v1/listings criteria (spec/api.md §4 "Market", spec/market.md §6),
 * without a browser (test/web/market-pure.test.ts): words, kind, asset and price range; the seller's
 * reputation typed as stars or a percentage and sent in parts per million, exactly; a required
 * credential by registry and type; and the rental dates a person picks, sent as block times in ms.
 * Every mistake is refused here with its own code (web/src/errors.ts has its words), before a request.
 */
import { AgoraError, parseAmount } from '../../src/client/index.ts';
import { RECORD_NAME_PATTERN } from '../../src/ledger/limits.ts';
import type { ListingKindJson, ListingQuery } from './market-api.ts';

export const LISTING_KINDS: readonly ListingKindJson[] = ['goods', 'service', 'rental', 'sale'];

export type ScoreUnit = 'stars' | 'percent';

export interface SearchForm {
  q: string;
  kind: string;
  asset: string;
  /** Whole units of `asset`, as typed. */
  minPrice: string;
  maxPrice: string;
  /** The seller's score at least this, in `scoreUnit`: 1 to 5 stars or 0 to 100 percent, up to 4 decimals. */
  minScore: string;
  scoreUnit: ScoreUnit;
  /** A credential the listing requires, named by registry and type (both or neither). */
  registry: string;
  type: string;
  /** Rental dates as `<input type="date">` gives them (YYYY-MM-DD), both days included. */
  availableFrom: string;
  availableUntil: string;
}

export const EMPTY_SEARCH: SearchForm = { q: '', kind: '', asset: '', minPrice: '', maxPrice: '', minScore: '', scoreUnit: 'stars', registry: '', type: '', availableFrom: '', availableUntil: '' };

/**
 * What the dates are read against: now, and the first ms of a local day (month 1-12); in the browser
 * `new Date(year, month - 1, day).getTime()`, which follows the time zone's daylight-saving changes
 * (a day is then 23 or 25 hours long).
 */
export interface SearchClock {
  nowMs: number;
  localMidnightMs(year: number, month: number, day: number): number;
}

/** The browser's clock: its time zone's local days. */
export function browserSearchClock(now: Date = new Date()): SearchClock {
  return { nowMs: now.getTime(), localMidnightMs: (year, month, day) => new Date(year, month - 1, day).getTime() };
}

/** The form as GET /v1/listings criteria; prices become base units of the asset (`decimals`). */
export function searchQueryOf(form: SearchForm, decimals: number | undefined, clock: SearchClock): ListingQuery {
  const query: ListingQuery = {};
  const q = form.q.trim().replace(/\s+/g, ' ');
  if (q !== '') query.q = q;
  if (form.kind !== '') {
    if (!(LISTING_KINDS as readonly string[]).includes(form.kind)) throw new AgoraError('bad_request', `no listing kind ${form.kind}`);
    query.kind = form.kind as ListingKindJson;
  }
  Object.assign(query, priceCriteria(form, decimals));
  const minScore = scorePpmOf(form.minScore, form.scoreUnit);
  if (minScore !== undefined) query.minScore = minScore.toString();
  Object.assign(query, credentialCriteria(form.registry, form.type));
  const span = availableSpanOf(form.availableFrom, form.availableUntil, clock);
  if (span !== undefined) {
    if (query.kind !== undefined && query.kind !== 'rental') throw new AgoraError('dates_need_rental', `rental dates find rental listings, not ${query.kind}`);
    query.availableFrom = span.fromMs.toString();
    query.availableUntil = span.untilMs.toString();
  }
  return query;
}

function priceCriteria(form: SearchForm, decimals: number | undefined): ListingQuery {
  const query: ListingQuery = {};
  const asset = form.asset.trim().toUpperCase();
  const prices = [form.minPrice.trim(), form.maxPrice.trim()];
  if (asset === '' && prices.some((p) => p !== '')) throw new AgoraError('price_needs_asset', 'a price range needs the asset it is in');
  if (asset === '') return query;
  query.asset = asset;
  if (prices.some((p) => p !== '') && decimals === undefined) throw new AgoraError('unknown_asset', `no asset ${asset}`);
  if (prices[0] !== '') query.minPrice = parseAmount(prices[0], decimals ?? 0).toString();
  if (prices[1] !== '') query.maxPrice = parseAmount(prices[1], decimals ?? 0).toString();
  if (query.minPrice !== undefined && query.maxPrice !== undefined && BigInt(query.minPrice) > BigInt(query.maxPrice)) {
    throw new AgoraError('bad_price_range', `the lowest price ${prices[0]} is above the highest ${prices[1]}`);
  }
  return query;
}

const SCORE_DECIMALS = 4;

/**
 * A score typed in stars (1 to 5) or percent (0 to 100) as parts per million, exactly: the score maps
 * the weighted mean rating 1…5 to 0…1 000 000 (spec/reputation.md §3), so s stars are
 * (s − 1) × 250 000 ppm and p percent p × 10 000 ppm. With at most 4 decimals both are whole ppm:
 * 4.25 stars is 812 500, 81.25 % is 812 500. Undefined when the field is empty.
 */
export function scorePpmOf(text: string, unit: ScoreUnit): bigint | undefined {
  const typed = text.trim().replace(/[%★]$/, '').trim();
  if (typed === '') return undefined;
  let tenThousandths: bigint;
  try {
    tenThousandths = parseAmount(typed, SCORE_DECIMALS);
  } catch {
    throw new AgoraError('bad_score', `"${text}" is not a score: digits with at most ${SCORE_DECIMALS} decimals`);
  }
  if (unit === 'percent') {
    if (tenThousandths > 100n * 10_000n) throw new AgoraError('bad_score', `${typed} % is above 100 %`);
    return tenThousandths; // 1/10 000 of a percent is one part per million
  }
  if (tenThousandths < 10_000n || tenThousandths > 50_000n) throw new AgoraError('bad_score', `${typed} stars is not from 1 to 5`);
  return (tenThousandths - 10_000n) * 25n; // (s − 1) × 250 000, s in 1/10 000 of a star
}

/** The stars a ppm score stands for, as typed back (812500 → "4.25"). */
export function starsOfPpm(ppm: bigint): string {
  const tenThousandths = 10_000n + ppm / 25n;
  const fraction = (tenThousandths % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction === '' ? `${tenThousandths / 10_000n}` : `${tenThousandths / 10_000n}.${fraction}`;
}

/** A required credential: registry and type together, each a record name (spec/ledger.md §7.1), or neither. */
export function credentialCriteria(registryText: string, typeText: string): { registry?: string; type?: string } {
  const registry = registryText.trim();
  const type = typeText.trim();
  if (registry === '' && type === '') return {};
  if (registry === '' || type === '') throw new AgoraError('credential_incomplete', 'a credential is named by its registry and its type: fill in both, or neither');
  for (const name of [registry, type]) {
    if (!RECORD_NAME_PATTERN.test(name)) throw new AgoraError('bad_name', `"${name}" is not a registry or credential type name`);
  }
  return { registry, type };
}

const DAY_MS = 86_400_000;
/** spec/ledger.md §8.5.2: a booking starts at most 366 days after the block time. */
const BOOKING_AHEAD_DAYS_MAX = 366;

/** The local day `text` (YYYY-MM-DD) as [its first ms, the first ms of the next day), or undefined when it is not a date. */
export function localDayMs(text: string, clock: SearchClock): { startMs: number; endMs: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(year, month - 1, day));
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined; // 2026-02-30
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { startMs: clock.localMidnightMs(year, month, day), endMs: clock.localMidnightMs(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) };
}

/**
 * Two picked days, both included, as the node's span [from, until) in block time: from the start of
 * the first day (or now, when it is today: a booking cannot start in the past) to the end of the last.
 */
export function availableSpanOf(fromText: string, untilText: string, clock: SearchClock): { fromMs: number; untilMs: number } | undefined {
  if (fromText.trim() === '' && untilText.trim() === '') return undefined;
  if (fromText.trim() === '' || untilText.trim() === '') throw new AgoraError('bad_dates', 'rental dates need the first day and the last day');
  const firstDay = localDayMs(fromText, clock);
  const lastDay = localDayMs(untilText, clock);
  if (firstDay === undefined || lastDay === undefined) throw new AgoraError('bad_dates', `"${firstDay === undefined ? fromText : untilText}" is not a date`);
  const [first, untilMs] = [firstDay.startMs, lastDay.endMs];
  if (untilMs <= first) throw new AgoraError('bad_dates', 'the last day is before the first day');
  if (firstDay.endMs <= clock.nowMs) throw new AgoraError('bad_dates', 'the first day is in the past');
  const fromMs = Math.max(first, clock.nowMs);
  if (fromMs > clock.nowMs + BOOKING_AHEAD_DAYS_MAX * DAY_MS) throw new AgoraError('bad_dates', `a rental can be booked at most ${BOOKING_AHEAD_DAYS_MAX} days ahead`);
  return { fromMs, untilMs };
}
