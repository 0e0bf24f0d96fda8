import type { Command } from 'commander';
import type { HistoryEntryJson, ItemLineageResponse } from '../../client/types.ts';
import { PAGE_LIMIT_MAX } from '../../node/limits.ts';
import { AssetBook, type AmountFormatter } from '../amounts.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { checkItemId, describeItem, entryDetails, parseCount, table } from './records-common.ts';

/** `agora item show|history|lineage|list`: reads over GET /v1/items/… and /v1/accounts/:address/items. */
export function registerItemQueryCommands(item: Command): void {
  item
    .command('show')
    .description('show an item: kind, status, owner, custodian, registry, metadata, documents, lineage links')
    .argument('<id>', 'item id')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const found = await clientFor(options).getItem(checkItemId('item id', id));
      printResult(options, describeItem(found), found);
    });

  item
    .command('history')
    .description('an item’s history, oldest first: every tx that touched it')
    .argument('<id>', 'item id')
    .option('--from <n>', 'first entry (a sequence number)', '0')
    .option('--limit <n>', `entries to show, 1-${PAGE_LIMIT_MAX}`, String(PAGE_LIMIT_MAX))
    .action(async (id: string, flags: { from: string; limit: string }, command: Command) => itemHistory(globalOptions(command), id, flags));

  item
    .command('lineage')
    .description('the items an item came from (split or merged), back to the first; --descendants for what it became')
    .argument('<id>', 'item id')
    .option('--descendants', 'follow children instead of parents', false)
    .action(async (id: string, flags: { descendants: boolean }, command: Command) => {
      const options = globalOptions(command);
      const lineage = await clientFor(options).getItemLineage(checkItemId('item id', id), flags.descendants ? 'descendants' : 'ancestors');
      printResult(options, describeLineage(lineage), lineage);
    });

  item
    .command('list')
    .description('the items an address owns (any status), in id order')
    .requiredOption('--owner <address-or-name>', 'an agora1… address or a key name')
    .option('--limit <n>', `items per page, 1-${PAGE_LIMIT_MAX}`, String(PAGE_LIMIT_MAX))
    .option('--after <id>', 'the `next` of the previous page')
    .action(async (flags: { owner: string; limit: string; after?: string }, command: Command) => {
      const options = globalOptions(command);
      const limit = parseCount('--limit', flags.limit, 1, PAGE_LIMIT_MAX);
      const after = flags.after === undefined ? undefined : checkItemId('--after', flags.after);
      const owner = await resolveAddress(options.home, flags.owner);
      const page = await clientFor(options).getItemsByOwner(owner, { limit, ...(after === undefined ? {} : { after }) });
      const rows = page.items.map((found) => [found.id, found.kind, found.status, found.registry ?? '-']);
      const lines = page.items.length === 0 ? [`${owner} owns no item`] : [table(['ITEM', 'KIND', 'STATUS', 'REGISTRY'], rows)];
      if (page.next !== null) lines.push(`more: --after ${page.next}`);
      printResult(options, lines.join('\n'), page);
    });
}

async function itemHistory(options: GlobalOptions, id: string, flags: { from: string; limit: string }): Promise<void> {
  const from = parseCount('--from', flags.from, 0, 999_999_999);
  const limit = parseCount('--limit', flags.limit, 1, PAGE_LIMIT_MAX);
  const client = clientFor(options);
  const history = await client.getItemHistory(checkItemId('item id', id), { from, limit });
  const format = await new AssetBook(client).formatter(history.entries.flatMap((entry) => (entry.payment === undefined ? [] : [entry.payment.asset])));
  const lines = [`history of ${history.item}`, table(['SEQ', 'HEIGHT', 'TIME (UTC)', 'ACTION', 'SIGNER', 'DETAILS'], history.entries.map((entry) => historyRow(entry, format)))];
  if (history.next !== null) lines.push(`more: --from ${history.next}`);
  printResult(options, lines.join('\n'), history);
}

function historyRow(entry: HistoryEntryJson, format: AmountFormatter): string[] {
  const time = new Date(entry.timeMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  return [String(entry.seq), String(entry.height), time, entry.action, entry.signer, entryDetails(entry, format)];
}

function describeLineage(lineage: ItemLineageResponse): string {
  const word = lineage.direction === 'ancestors' ? 'ancestors' : 'descendants';
  if (lineage.items.length === 0) return `${lineage.item} has no ${word}`;
  const lines = [`${word} of ${lineage.item}`];
  for (const found of lineage.items) lines.push(`${'  '.repeat(found.depth)}${found.id}  ${found.kind}  ${found.status}  owner ${found.owner}`);
  if (lineage.truncated) lines.push('… (cut at the lineage bound)');
  return lines.join('\n');
}
