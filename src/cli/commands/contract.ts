import type { Command } from 'commander';
import { PAGE_LIMIT_MAX } from '../../node/limits.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { parseInteger, showContract } from './contracts-common.ts';
import { table } from './records-common.ts';

/**
 * `agora contract show ADDRESS` (any contract type) and `agora contract list ADDRESS_OR_NAME` (the
 * contracts in which an address has a role, GET /v1/accounts/:address/contracts).
 */
export function registerContractCommands(program: Command): Command {
  const contract = program.command('contract').description('read any contract, and the contracts of an address');
  contract
    .command('show')
    .description('a contract of any type, with what the latest block time makes of it')
    .argument('<address>', 'the contract address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address));
  contract
    .command('list')
    .description('contracts in which an address has a role, newest first (follow `next` with --after)')
    .argument('<address-or-name>', 'an address or a key name')
    .option('--limit <n>', `page size, 1-${PAGE_LIMIT_MAX}`, '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .action(async (who: string, flags: { limit: string; after?: string }, command: Command) => {
      const options = globalOptions(command);
      const limit = parseInteger('--limit', flags.limit, 1, PAGE_LIMIT_MAX);
      const address = await resolveAddress(options.home, who);
      const page = await clientFor(options).getAccountContracts(address, { limit, ...(flags.after === undefined ? {} : { after: flags.after }) });
      const rows = page.contracts.map((entry) => [entry.address, entry.type, entry.status, entry.roles.join(','), String(entry.height)]);
      const human = `${rows.length === 0 ? 'no contracts' : table(['contract', 'type', 'status', 'roles', 'height'], rows)}${page.next === null ? '' : `\nmore: --after ${page.next}`}`;
      printResult(options, human, page);
    });
  return contract;
}
