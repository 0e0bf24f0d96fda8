/**
 * How one history entry of an item (spec/ledger.md §7.1) reads on its timeline: its fields as
 * labelled details, below the sentence that says what happened (history-sentence.ts). Pure; tested
 * in test/web/records-pure.test.ts. Fields this table does not know (a module added since) are
 * still shown, as text, so nothing is hidden.
 */
import type { HistoryEntryJson } from '../../src/client/index.ts';

export type Detail =
  | { kind: 'text'; label: string; value: string }
  /** Text that parsed as JSON, indented for reading. */
  | { kind: 'json'; label: string; value: string }
  | { kind: 'address'; label: string; value: string }
  /** A contract account (a rental's `contract`): links to its contract page. */
  | { kind: 'contract'; label: string; value: string }
  | { kind: 'items'; label: string; value: string[] }
  | { kind: 'amount'; label: string; amount: string; asset: string }
  | { kind: 'hashes'; label: string; value: string[] }
  | { kind: 'time'; label: string; value: number };

/** The fields every entry has: shown in the timeline's line, not as details. */
const COMMON = new Set(['seq', 'action', 'signer', 'nonce', 'height', 'timeMs']);

/**
 * `{"a":1}` → indented JSON; anything else is text as it is. JSON whose one-line form is at most
 * `inlineMax` characters stays on one line (`{ "celsius": 18 }`): a sensor reading needs no box.
 */
export function prettyJson(text: string, inlineMax = 0): { json: boolean; text: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { json: false, text };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { json: false, text };
  }
  // Newlines in JSON.stringify's output are only layout (a newline inside a string is escaped).
  const oneLine = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return { json: true, text: oneLine.length <= inlineMax ? oneLine : JSON.stringify(value, null, 2) };
}

/** Event data up to this long reads on one line in the timeline. */
const DATA_INLINE_MAX = 60;

/** Per action, what `to`, `from`, `items` and `custodian` mean. */
function label(action: string, field: string): string {
  const labels: { [field: string]: { [action: string]: string } } = {
    to: { register: 'owner', create: 'owner', transfer: 'new owner', redeem: 'new owner' },
    from: { transfer: 'previous owner', redeem: 'previous owner' },
    items: { create: 'made from', split: 'into', merge: 'into' },
    custodian: { attest: 'new custodian', register: 'custodian', create: 'custodian' },
  };
  return labels[field]?.[action] ?? field;
}

export function entryDetails(entry: HistoryEntryJson): Detail[] {
  const details: Detail[] = [];
  const { action } = entry;
  // Read loosely: fields of later modules (rentals' `user`, `contract`, …) may be newer than these types.
  const loose = entry as unknown as { [field: string]: unknown };
  const text = (field: string): string | undefined => (typeof loose[field] === 'string' ? (loose[field] as string) : undefined);
  const number = (field: string): number | undefined => (typeof loose[field] === 'number' ? (loose[field] as number) : undefined);
  if (entry.type !== undefined && !(action === 'attest' && entry.type === 'custody')) details.push({ kind: 'text', label: 'type', value: entry.type });
  for (const field of ['from', 'to', 'custodian', 'user']) {
    const value = text(field);
    if (value !== undefined) details.push({ kind: 'address', label: label(action, field), value });
  }
  const contract = text('contract');
  if (contract !== undefined) details.push({ kind: 'contract', label: action.startsWith('rental-') ? 'rental' : 'contract', value: contract });
  if (entry.payment !== undefined) details.push({ kind: 'amount', label: 'price paid', amount: entry.payment.amount, asset: entry.payment.asset });
  if (entry.asset !== undefined && entry.shares !== undefined) details.push({ kind: 'amount', label: 'shares', amount: entry.shares, asset: entry.asset });
  if (entry.items !== undefined) details.push({ kind: 'items', label: label(action, 'items'), value: entry.items });
  if (entry.data !== undefined) {
    const data = prettyJson(entry.data, DATA_INLINE_MAX);
    details.push({ kind: data.json ? 'json' : 'text', label: 'data', value: data.text });
  }
  if (entry.documents !== undefined && entry.documents.length > 0) details.push({ kind: 'hashes', label: 'documents (SHA-256)', value: entry.documents });
  if (entry.reason !== undefined) details.push({ kind: 'text', label: 'reason', value: entry.reason });
  const booking = number('booking');
  const startMs = number('startMs');
  const endMs = number('endMs');
  if (booking !== undefined) details.push({ kind: 'text', label: 'booking', value: String(booking) });
  if (startMs !== undefined) details.push({ kind: 'time', label: 'use from', value: startMs });
  if (endMs !== undefined) details.push({ kind: 'time', label: 'use until', value: endMs });
  const shown = new Set([...COMMON, 'type', 'from', 'to', 'custodian', 'user', 'contract', 'payment', 'asset', 'shares', 'items', 'data', 'documents', 'reason', 'booking', 'startMs', 'endMs']);
  for (const [field, value] of Object.entries(loose)) {
    if (shown.has(field) || value === undefined) continue;
    details.push({ kind: 'text', label: field, value: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return details;
}
