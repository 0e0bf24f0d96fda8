import { formatAmount } from '../../src/client/index.ts';

/** `1234567.5` → `1,234,567.5`: digit groups for people; the amount itself is untouched. */
export function groupDigits(text: string): string {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Base units as whole units of an asset with `decimals` (display metadata only). */
export function displayAmount(amount: string | bigint, decimals: number): string {
  return groupDigits(formatAmount(amount, decimals));
}

/** `abcdef12…7890`: enough of a hash to recognise it; the full value is in the title and the link. */
export function shortHash(hex: string, head = 8, tail = 4): string {
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** `agora1qx3f…7k2m` */
export function shortAddress(address: string): string {
  return address.length <= 20 ? address : `${address.slice(0, 12)}…${address.slice(-4)}`;
}

export function timeAgo(timeMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - timeMs) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** A block time in the reader's time zone, to the second. */
export function formatTime(timeMs: number): string {
  return new Date(timeMs).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(2);
  return groupDigits(Math.round(perSecond).toString());
}

const DURATION_UNITS: [number, string, string][] = [
  [86_400_000, 'day', 'days'],
  [3_600_000, 'h', 'h'],
  [60_000, 'min', 'min'],
  [1_000, 's', 's'],
];

/** `5400000` → `1 h 30 min`: the two largest units, for periods, windows and "in …" (no rounding up). */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.floor(ms))} ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [size, one, many] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) parts.push(`${count} ${count === 1 ? one : many}`);
    if (count > 0) rest -= count * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A deadline against block time `nowMs`: `in 2 h 5 min` or `passed 3 min ago`. */
export function untilWords(deadlineMs: number, nowMs: number): string {
  return deadlineMs > nowMs ? `in ${formatDuration(deadlineMs - nowMs)}` : `passed ${formatDuration(nowMs - deadlineMs)} ago`;
}
