import type { Command } from 'commander';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { assetOrNative, clientFor, resolveAddress } from './node-client.ts';
import { checkContractAddress, checkSymbol, createdContract, fetchContract, printContractTx, sendContractTx, showContract } from './contracts-common.ts';
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
    .requiredOption('--rate <amount>', `of --asset per second: ${AMOUNT_HELP}`)
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
      if (flags.amount !== undefined) checkAmountText('--amount', flags.amount);
      const book = new AssetBook(clientFor(options));
      const asset = await streamAsset(options, address);
      const amount = flags.amount === undefined ? undefined : await book.amount('--amount', flags.amount, asset);
      if (amount === 0n) throw new CliError('bad_amount', '--amount must be above 0');
      const { result } = await sendContractTx(options, flags.from, 'stream.withdraw', amount === undefined ? { stream: address } : { stream: address, amount });
      const event = result.receipt.events.find((e) => e.type === 'stream.withdrawn');
      const taken = event?.attributes.amount ?? '0';
      const withdrawn = event?.attributes.withdrawn ?? '0';
      printContractTx(options, `withdrew ${await book.format(taken, asset)} from ${address} (${await book.format(withdrawn, asset)} so far)`, result, { stream: address, amount: taken, withdrawn: event?.attributes.withdrawn });
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
      const book = new AssetBook(clientFor(options));
      const [toPayee, toPayer] = [await book.format(stopped.toPayee ?? '0', stopped.asset), await book.format(stopped.toPayer ?? '0', stopped.asset)];
      printContractTx(options, `stopped ${address}: ${toPayee} to the payee, ${toPayer} back to the payer`, result, { stream: address, toPayee: stopped.toPayee, toPayer: stopped.toPayer });
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

/** The asset of the stream at `address`: its amounts are read and printed with that asset's decimals. */
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
  const book = new AssetBook(client);
  const ratePerSecond = await book.amount('--rate', flags.rate, asset);
  const deposit = await book.amount('--deposit', flags.deposit, asset);
  if (ratePerSecond === 0n || deposit === 0n) throw new CliError('bad_amount', '--rate and --deposit must be above 0');
  const { result, signer } = await sendContractTx(options, flags.from, 'stream.open', { payee, asset, ratePerSecond, deposit });
  const stream = createdContract(result, 'stream');
  const summary = `stream: ${stream}\n${signer} pays ${payee} ${await book.format(ratePerSecond, asset)} per second, up to ${await book.format(deposit, asset)}`;
  printContractTx(options, summary, result, { stream, payee, asset, ratePerSecond: ratePerSecond.toString(), deposit: deposit.toString() });
}
