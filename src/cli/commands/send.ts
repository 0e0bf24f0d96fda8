import type { Command } from 'commander';
import { globalOptions } from '../options.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { amountOf, assetOrNative, clientFor, printCommitted, resolveAddress } from './node-client.ts';

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
    .description('transfer an asset and wait for the commit; amounts are integers in base units, or decimals like 1.5 read with the asset’s decimals')
    .requiredOption('--from <name>', 'key name in HOME/keys that signs and pays')
    .requiredOption('--to <address-or-name>', 'recipient: an agora1… address or a key name')
    .requiredOption('--amount <amount>', 'amount in base units (or with a decimal point)')
    .option('--asset <symbol>', "asset symbol (default: the chain's native asset)")
    .action(async (flags: SendOptions, command: Command) => {
      const options = globalOptions(command);
      const client = clientFor(options);
      const to = await resolveAddress(options.home, flags.to);
      const params = await client.params();
      const asset = assetOrNative(flags.asset, params);
      const amount = await amountOf(client, flags.amount, asset);
      const key = await unlockKeyPair(options.home, flags.from);
      const result = await client.sendTx(key, 'transfer', { transfers: [{ to, asset, amount }] }, { params });
      printCommitted(options, `sent ${amount} ${asset} (base units) from ${key.address} to ${to}`, result);
    });
}
