import { readFile } from 'node:fs/promises';
import { documentHash, isItemId } from '../../client/records.ts';
import type { CommittedResult, HistoryEntryJson, ItemResponse } from '../../client/types.ts';
import { RECORD_NAME_PATTERN } from '../../ledger/limits.ts';
import type { AmountFormatter } from '../amounts.ts';
import { bech32mProblem } from '../../crypto/bech32m-problem.ts';
import { ITEM_ID_BYTES, ITEM_ID_LENGTH, ITEM_ID_PREFIX } from '../../ledger/records/ids.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { resolveAddress } from './node-client.ts';

/**
 * What `agora item` and `agora registry` share: checks of names, ids, JSON texts, document files and
 * addresses, made before anything is sent (a bad flag exits 1 and sends nothing), and the human
 * output of items and histories. The ledger checks everything again (spec/ledger.md §7.2); these
 * checks only give a clear message early.
 */

/** A registry name, item kind or event type (spec/ledger.md §7.2 "name"). */
export function checkName(flag: string, value: string): string {
  if (!RECORD_NAME_PATTERN.test(value)) throw new CliError('bad_name', `${flag} "${value}": 1-32 characters of a-z, 0-9, "." and "-", starting with a letter`);
  return value;
}

export function checkItemId(flag: string, value: string): string {
  if (isItemId(value)) return value;
  const problem = bech32mProblem(value, ITEM_ID_PREFIX, ITEM_ID_BYTES) ?? 'it does not hold an item id';
  throw new CliError('bad_item_id', `${flag} "${value}" is not an item id (item1… of ${ITEM_ID_LENGTH} lower-case characters): ${problem}`);
}

/** A JSON text kept as given (metadata and event data are opaque text on the ledger), at most `lengthMax` characters. */
export function checkJsonText(flag: string, text: string, lengthMax: number): string {
  try {
    JSON.parse(text);
  } catch {
    throw new CliError('bad_json', `${flag} is not valid JSON (quote it for the shell: ${flag} '{"key":"value"}')`);
  }
  if (text.length > lengthMax) throw new CliError('bad_metadata', `${flag} is ${text.length} characters; at most ${lengthMax}`);
  return text;
}

/** Plain text (a retirement reason) of at most `lengthMax` characters. */
export function checkText(flag: string, text: string, lengthMax: number): string {
  if (text.length > lengthMax) throw new CliError('bad_metadata', `${flag} is ${text.length} characters; at most ${lengthMax}`);
  return text;
}

/** A positive integer flag within [min, max]. */
export function parseCount(flag: string, text: string, min: number, max: number): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError('bad_usage', `${flag} must be an integer from ${min} to ${max}`);
  return Number(text);
}

/** The SHA-256 of each `--doc` file: the ledger keeps the hashes, the files stay with their owners. */
export async function documentHashes(files: readonly string[] | undefined): Promise<Uint8Array[] | undefined> {
  if (files === undefined || files.length === 0) return undefined;
  return Promise.all(
    files.map(async (file) => {
      try {
        return documentHash(new Uint8Array(await readFile(file)));
      } catch (error) {
        throw new CliError('bad_document', `--doc ${file}: cannot read it (${(error as { code?: string }).code ?? 'error'})`);
      }
    }),
  );
}

/** An address flag that may also name a key in HOME/keys; absent stays absent. */
export async function optionalAddress(home: string, value: string | undefined): Promise<string | undefined> {
  return value === undefined ? undefined : resolveAddress(home, value);
}

/** Prints a committed records tx: `json` with --json, else the summary and the tx line. */
export function printRecordTx(options: GlobalOptions, summary: string, result: CommittedResult, json: { [key: string]: unknown }): void {
  const human = `${summary}\ntx ${result.id} committed at height ${result.height} (index ${result.index})`;
  printResult(options, human, { ...json, txId: result.id, height: result.height });
}

/** `key: value` lines with the values aligned after the longest key. */
export function keyValueLines(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([key]) => key.length)) + 2;
  return rows.map(([key, value]) => `${`${key}:`.padEnd(width)}${value}`).join('\n');
}

export function describeItem(item: ItemResponse): string {
  const rows: [string, string][] = [
    ['item', item.id],
    ['kind', item.kind],
    ['status', item.status],
    ['owner', item.owner],
    ['custodian', item.custodian ?? '(the owner)'],
    ['registry', item.registry ?? '(none)'],
    ['created at', `height ${item.createdAt}`],
    ['events', String(item.events)],
  ];
  if (item.metadata !== null) rows.push(['metadata', item.metadata]);
  for (const hash of item.documents) rows.push(['document', hash]);
  if (item.lock !== null) rows.push(['locked', `${item.lock.shares} shares of ${item.lock.asset}`]);
  for (const parent of item.parents) rows.push(['parent', parent]);
  for (const child of item.children) rows.push(['child', child]);
  return keyValueLines(rows);
}

/** What an entry says beyond its action and signer, in a few words. */
export function entryDetails(entry: HistoryEntryJson, format: AmountFormatter): string {
  const parts: string[] = [];
  if (entry.type !== undefined) parts.push(entry.type);
  const moves = [entry.from === undefined ? '' : `from ${entry.from}`, entry.to === undefined ? '' : `to ${entry.to}`].filter((part) => part !== '');
  if (moves.length > 0) parts.push(moves.join(' '));
  if (entry.payment !== undefined) parts.push(`for ${format(entry.payment.amount, entry.payment.asset)}`);
  if (entry.custodian !== undefined) parts.push(`custodian ${entry.custodian}`);
  if (entry.items !== undefined) parts.push(entry.items.join(', '));
  if (entry.shares !== undefined) parts.push(`${entry.shares} shares of ${entry.asset ?? '?'}`);
  if (entry.data !== undefined) parts.push(`data ${entry.data}`);
  if (entry.reason !== undefined) parts.push(`reason ${entry.reason}`);
  if (entry.documents !== undefined) parts.push(`${entry.documents.length} document(s)`);
  // Fields of actions added by other modules (e.g. rentals) are shown as they come.
  for (const [field, value] of Object.entries(entry)) if (!ENTRY_FIELDS_SHOWN.has(field)) parts.push(`${field} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.join('; ');
}

/** The entry fields entryDetails words itself, or that have their own column. */
const ENTRY_FIELDS_SHOWN = new Set(['seq', 'action', 'signer', 'nonce', 'height', 'timeMs', 'type', 'from', 'to', 'payment', 'custodian', 'items', 'shares', 'asset', 'data', 'reason', 'documents']);

/** A table with a header row, columns padded to their widest cell; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
