import type { Command } from 'commander';
import type { ItemsResponse, RegistryResponse } from '../../client/types.ts';
import type { RegistryRole } from '../../ledger/types.ts';
import { PAGE_LIMIT_MAX } from '../../node/limits.ts';
import { REGISTRY_ROLES_PER_TX_MAX } from '../../ledger/limits.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { checkName, keyValueLines, printRecordTx, table } from './records-common.ts';

/**
 * `agora registry create|authorize|show` (spec/ledger.md §7.2.1, §7.2.2): named classes of items with
 * their curator, registrars and attesters. Roles are checked before a key is unlocked.
 */
export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('create registries of items and decide who registers and who attests what');
  const collect = (value: string, previous: string[]): string[] => [...previous, value];

  registry
    .command('create')
    .description('create a registry; you are its curator. Curated unless --open')
    .requiredOption('--from <name>', 'key name in HOME/keys: the curator')
    .requiredOption('--name <name>', 'registry name (a-z, 0-9, ".", "-"), first come first served')
    .option('--open', 'anyone may register items in it', false)
    .option('--attester <type=address...>', 'who may attest an event type on its items (repeatable)', collect, [])
    .option('--registrar <address...>', 'who may register items in it (repeatable)', collect, [])
    .action(async (flags: CreateFlags, command: Command) => registryCreate(globalOptions(command), flags));

  registry
    .command('authorize')
    .description('grant or revoke roles in a registry you curate')
    .requiredOption('--from <name>', 'key name of the curator')
    .requiredOption('--registry <name>', 'registry name')
    .option('--grant-attester <type=address...>', 'let an address attest an event type (repeatable)', collect, [])
    .option('--revoke-attester <type=address...>', 'take that right back (repeatable)', collect, [])
    .option('--grant-registrar <address...>', 'let an address register items (repeatable)', collect, [])
    .option('--revoke-registrar <address...>', 'take that right back (repeatable)', collect, [])
    .action(async (flags: AuthorizeFlags, command: Command) => registryAuthorize(globalOptions(command), flags));

  registry
    .command('show')
    .description('show a registry: curator, open or curated, registrars, attesters; --items lists its items')
    .argument('<name>', 'registry name')
    .option('--items', `also list its first ${PAGE_LIMIT_MAX} items`, false)
    .action(async (name: string, flags: { items: boolean }, command: Command) => registryShow(globalOptions(command), name, flags.items));
}

interface CreateFlags {
  from: string;
  name: string;
  open: boolean;
  attester: string[];
  registrar: string[];
}

interface AuthorizeFlags {
  from: string;
  registry: string;
  grantAttester: string[];
  revokeAttester: string[];
  grantRegistrar: string[];
  revokeRegistrar: string[];
}

/** `TYPE=ADDRESS_OR_NAME` as an attester role. */
async function attesterRole(home: string, flag: string, text: string): Promise<RegistryRole> {
  const at = text.indexOf('=');
  if (at < 0) throw new CliError('bad_usage', `${flag} "${text}": expected TYPE=ADDRESS, e.g. ${flag} certified-organic=agora1…`);
  return { role: 'attester', eventType: checkName(`${flag} type`, text.slice(0, at)), address: await resolveAddress(home, text.slice(at + 1)) };
}

async function registrarRole(home: string, text: string): Promise<RegistryRole> {
  return { role: 'registrar', address: await resolveAddress(home, text) };
}

async function roles(home: string, attesterFlag: string, attesters: string[], registrars: string[]): Promise<RegistryRole[]> {
  const list = [...(await Promise.all(registrars.map((text) => registrarRole(home, text)))), ...(await Promise.all(attesters.map((text) => attesterRole(home, attesterFlag, text))))];
  if (list.length > REGISTRY_ROLES_PER_TX_MAX) throw new CliError('bad_usage', `at most ${REGISTRY_ROLES_PER_TX_MAX} roles per command`);
  return list;
}

async function registryCreate(options: GlobalOptions, flags: CreateFlags): Promise<void> {
  const name = checkName('--name', flags.name);
  const list = await roles(options.home, '--attester', flags.attester, flags.registrar);
  const key = await unlockKeyPair(options.home, flags.from);
  const result = await clientFor(options).sendTx(key, 'registry.create', { name, open: flags.open, ...(list.length === 0 ? {} : { roles: list }) });
  const summary = `created registry ${name} (${flags.open ? 'open' : 'curated'}), curator ${key.address}, ${list.length} role(s)`;
  printRecordTx(options, summary, result, { registry: name });
}

async function registryAuthorize(options: GlobalOptions, flags: AuthorizeFlags): Promise<void> {
  const name = checkName('--registry', flags.registry);
  const grant = await roles(options.home, '--grant-attester', flags.grantAttester, flags.grantRegistrar);
  const revoke = await roles(options.home, '--revoke-attester', flags.revokeAttester, flags.revokeRegistrar);
  if (grant.length === 0 && revoke.length === 0) throw new CliError('bad_usage', 'give at least one --grant-… or --revoke-… role');
  const key = await unlockKeyPair(options.home, flags.from);
  const payload = { registry: name, ...(grant.length === 0 ? {} : { grant }), ...(revoke.length === 0 ? {} : { revoke }) };
  const result = await clientFor(options).sendTx(key, 'registry.authorize', payload);
  printRecordTx(options, `registry ${name}: granted ${grant.length} role(s), revoked ${revoke.length}`, result, { registry: name, granted: grant.length, revoked: revoke.length });
}

async function registryShow(options: GlobalOptions, name: string, withItems: boolean): Promise<void> {
  const client = clientFor(options);
  const registry = await client.getRegistry(checkName('registry name', name));
  const items = withItems ? await client.getRegistryItems(name, { limit: PAGE_LIMIT_MAX }) : undefined;
  printResult(options, describeRegistry(registry, items), items === undefined ? registry : { ...registry, items: items.items, next: items.next });
}

function describeRegistry(registry: RegistryResponse, items: ItemsResponse | undefined): string {
  const rows: [string, string][] = [
    ['registry', registry.name],
    ['curator', registry.curator],
    ['open', registry.open ? 'yes: anyone registers items' : 'no: the curator and its registrars register items'],
    ['created at', `height ${registry.createdAt}`],
  ];
  for (const address of registry.registrars) rows.push(['registrar', address]);
  for (const { eventType, address } of registry.attesters) rows.push(['attester', `${eventType} = ${address}`]);
  if (registry.moreRoles) rows.push(['…', 'more roles than shown']);
  const lines = [keyValueLines(rows)];
  if (items !== undefined) {
    lines.push('', items.items.length === 0 ? 'no items' : table(['ITEM', 'KIND', 'STATUS', 'OWNER'], items.items.map((item) => [item.id, item.kind, item.status, item.owner])));
    if (items.next !== null) lines.push(`more items: agora registry show … (next after ${items.next})`);
  }
  return lines.join('\n');
}
