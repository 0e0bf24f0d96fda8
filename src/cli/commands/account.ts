import type { Command } from 'commander';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';

/** `agora account ADDRESS_OR_NAME`: nonces and balances. */
export function registerAccountCommands(program: Command): void {
  program
    .command('account')
    .description('show the nonce and balances (in base units) of an address or of a key in HOME/keys')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .action(async (addressOrName: string, _options: unknown, command: Command) => {
      const options = globalOptions(command);
      const account = await clientFor(options).account(await resolveAddress(options.home, addressOrName));
      const balances = account.balances.length === 0 ? ['  (none)'] : account.balances.map((b) => `  ${b.asset.padEnd(12)} ${b.amount}`);
      if (account.moreBalances) balances.push('  … (more assets than shown)');
      const human = [`address:       ${account.address}`, `nonce:         ${account.nonce}`, `pending nonce: ${account.pendingNonce}`, 'balances (base units):', ...balances].join('\n');
      printResult(options, human, account);
    });
}
