import type { Command } from 'commander';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { amountOf, assetOrNative, clientFor, resolveAddress } from './node-client.ts';
import { checkAmountText, checkContractAddress, checkSymbol, createdContract, fetchContract, printContractTx, sendContractTx, showContract } from './contracts-common.ts';
import { CliError } from '../errors.ts';

/**
 * `agora stream …` (spec/ledger.md §8.6): open (prints the stream's address), withdraw, stop, show.
 * Accrual is by whole seconds of block time, capped by the deposit; `show` tells what has accrued at
 * the latest block time.
 */
export function registerStreamCommands(program: Command): Command {
  const stream = program.command('stream').description('pay by the second: a deposit that accrues to the payee at a rate, withdrawn at will, stopped by either side');

  stream
    .command('open')
    .description('lock a deposit that accrues to --to at --rate per second of block time; prints the stream address')
    .requiredOption('--from <name>', 'key name of the payer')
    .requiredOption('--to <address-or-name>', 'the payee (not a contract)')
    .requiredOption('--rate <amount>', 'base units (or with a decimal point) of --asset per second')
    .requiredOption('--deposit <amount>', 'what the payer locks: the most the stream pays')
    .option('--asset <symbol>', "the asset (default: the chain's native asset)")
    .action(async (flags: OpenFlags, command: Command) => streamOpen(globalOptions(command), flags));

  stream
    .command('withdraw')
    .description('by the payee: take what has accrued (all of it, or --amount)')
    .requiredOption('--from <name>', 'key name of the payee')
    .requiredOption('--stream <address>', 'the stream address')
    .option('--amount <amount>', 'at most what has accrued and is not withdrawn yet (default: all of it)')
    .action(async (flags: { from: string; stream: string; amount?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--stream', flags.stream);
      let amount: bigint | undefined;
      if (flags.amount !== undefined) {
        const text = checkAmountText('--amount', flags.amount);
        // Base units as given; with a decimal point, read with the decimals of the stream's asset.
        amount = text.includes('.') ? await amountOf(clientFor(options), text, await streamAsset(options, address)) : BigInt(text);
        if (amount === 0n) throw new CliError('bad_amount', '--amount must be above 0');
      }
      const { result } = await sendContractTx(options, flags.from, 'stream.withdraw', amount === undefined ? { stream: address } : { stream: address, amount });
      const event = result.receipt.events.find((e) => e.type === 'stream.withdrawn');
      const taken = event?.attributes.amount ?? '0';
      printContractTx(options, `withdrew ${taken} ${event?.attributes.asset ?? ''} from ${address} (${event?.attributes.withdrawn ?? '?'} so far)`, result, { stream: address, amount: taken, withdrawn: event?.attributes.withdrawn });
    });

  stream
    .command('stop')
    .description('by the payer or the payee: the accrued rest to the payee, the unaccrued rest back to the payer')
    .requiredOption('--from <name>', 'key name of the payer or the payee')
    .requiredOption('--stream <address>', 'the stream address')
    .action(async (flags: { from: string; stream: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--stream', flags.stream);
      const { result } = await sendContractTx(options, flags.from, 'stream.stop', { stream: address });
      const stopped = result.receipt.events.find((e) => e.type === 'stream.stopped')?.attributes ?? {};
      printContractTx(options, `stopped ${address}: ${stopped.toPayee} ${stopped.asset} to the payee, ${stopped.toPayer} back to the payer`, result, { stream: address, toPayee: stopped.toPayee, toPayer: stopped.toPayer });
    });

  stream
    .command('show')
    .description('a stream: its terms, what it holds, and what has accrued and may be withdrawn at the latest block time')
    .argument('<address>', 'the stream address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address, 'stream'));
  return stream;
}

interface OpenFlags {
  from: string;
  to: string;
  rate: string;
  deposit: string;
  asset?: string;
}

/** The asset of the stream at `address` (an amount with a decimal point is read with its decimals). */
async function streamAsset(options: GlobalOptions, address: string): Promise<string> {
  const stream = await fetchContract(options, address, 'stream');
  return stream.type === 'stream' ? stream.asset : '';
}

async function streamOpen(options: GlobalOptions, flags: OpenFlags): Promise<void> {
  checkAmountText('--rate', flags.rate);
  checkAmountText('--deposit', flags.deposit);
  if (flags.asset !== undefined) checkSymbol('--asset', flags.asset);
  const payee = await resolveAddress(options.home, flags.to);
  const client = clientFor(options);
  const asset = assetOrNative(flags.asset, await client.params());
  const ratePerSecond = await amountOf(client, flags.rate, asset);
  const deposit = await amountOf(client, flags.deposit, asset);
  if (ratePerSecond === 0n || deposit === 0n) throw new CliError('bad_amount', '--rate and --deposit must be above 0');
  const { result, signer } = await sendContractTx(options, flags.from, 'stream.open', { payee, asset, ratePerSecond, deposit });
  const stream = createdContract(result, 'stream');
  const summary = `stream: ${stream}\n${signer} pays ${payee} ${ratePerSecond} ${asset} per second, up to ${deposit}`;
  printContractTx(options, summary, result, { stream, payee, asset, ratePerSecond: ratePerSecond.toString(), deposit: deposit.toString() });
}
