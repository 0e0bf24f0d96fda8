import type { Command } from 'commander';
import { globalOptions } from '../options.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { assetOrNative, clientFor, printCommitted, resolveAddress } from './node-client.ts';

interface SendOptions {
  from: string;
  to: string;
  amount: string;
  asset?: string;
}

/** `agora send`: a transfer, waited for until committed. */
export function registerSendCommands(program: Command): void {
  program
    .command('send')
    .description('transfer an asset and wait for the commit; --amount 5 is 5 whole units of the asset (5000000base: base units)')
    .requiredOption('--from <name>', 'key name in HOME/keys that signs and pays')
    .requiredOption('--to <address-or-name>', 'recipient: an agora1… address or a key name')
    .requiredOption('--amount <amount>', AMOUNT_HELP)
    .option('--asset <symbol>', "asset symbol (default: the chain's native asset)")
    .action(async (flags: SendOptions, command: Command) => {
      const options = globalOptions(command);
      checkAmountText('--amount', flags.amount);
      const client = clientFor(options);
      const to = await resolveAddress(options.home, flags.to);
      const params = await client.params();
      const asset = assetOrNative(flags.asset, params);
      const book = new AssetBook(client);
      const amount = await book.amount('--amount', flags.amount, asset);
      const key = await unlockKeyPair(options.home, flags.from);
      const result = await client.sendTx(key, 'transfer', { transfers: [{ to, asset, amount }] }, { params });
      printCommitted(options, `sent ${await book.format(amount, asset)} from ${key.address} to ${to}`, result);
    });
}
