import type { Command } from 'commander';
import { AssetBook } from '../amounts.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';

/** `agora account ADDRESS_OR_NAME`: nonces and balances. */
export function registerAccountCommands(program: Command): void {
  program
    .command('account')
    .description('show the nonce and balances of an address or of a key in HOME/keys')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .action(async (addressOrName: string, _options: unknown, command: Command) => {
      const options = globalOptions(command);
      const client = clientFor(options);
      const account = await client.account(await resolveAddress(options.home, addressOrName));
      const format = await new AssetBook(client).formatter(account.balances.map((b) => b.asset));
      const balances = account.balances.length === 0 ? ['  (none)'] : account.balances.map((b) => `  ${format(b.amount, b.asset)}`);
      if (account.moreBalances) balances.push('  … (more assets than shown)');
      const human = [`address:       ${account.address}`, `nonce:         ${account.nonce}`, `pending nonce: ${account.pendingNonce}`, 'balances:', ...balances].join('\n');
      printResult(options, human, account);
    });
}
