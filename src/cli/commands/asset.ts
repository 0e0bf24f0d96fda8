import type { Command } from 'commander';
import { AMOUNT_HELP, AssetBook, amountWithUnit, checkAmountText, parseAmountText } from '../amounts.ts';
import type { AssetCreatePayload } from '../../ledger/types.ts';
import { ASSET_DECIMALS_MAX } from '../../ledger/limits.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { clientFor, printCommitted, resolveAddress } from './node-client.ts';

interface CreateOptions {
  from: string;
  symbol: string;
  name: string;
  decimals: string;
  supply: string;
  maxSupply?: string;
  mintable: boolean;
}

interface MintOptions {
  from: string;
  asset: string;
  amount: string;
  to?: string;
}

interface BurnOptions {
  from: string;
  asset: string;
  amount: string;
}

/** `agora asset create|mint|burn|show`. Amounts are whole units of the asset unless suffixed `base` (src/cli/amounts.ts). */
export function registerAssetCommands(program: Command): void {
  const asset = program.command('asset').description('create, mint, burn and show assets');

  asset
    .command('create')
    .description('create an asset; with --mintable the creator may mint more later, else the supply is fixed')
    .requiredOption('--from <name>', 'key name in HOME/keys: the creator, who receives the initial supply')
    .requiredOption('--symbol <symbol>', '2-12 upper-case letters or digits, starting with a letter')
    .requiredOption('--name <name>', 'display name')
    .option('--decimals <d>', `display decimals, 0-${ASSET_DECIMALS_MAX}`, '0')
    .option('--supply <amount>', `initial supply minted to the creator: ${AMOUNT_HELP}`, '0')
    .option('--max-supply <amount>', 'cap on the supply (needs --mintable), like --supply')
    .option('--mintable', 'the creator may mint later (mint authority)', false)
    .action(async (flags: CreateOptions, command: Command) => assetCreate(globalOptions(command), flags));

  asset
    .command('mint')
    .description('mint more of an asset (only its mint authority may)')
    .requiredOption('--from <name>', 'key name in HOME/keys: the mint authority')
    .requiredOption('--asset <symbol>', 'asset symbol')
    .requiredOption('--amount <amount>', AMOUNT_HELP)
    .option('--to <address-or-name>', 'recipient (default: the signer)')
    .action(async (flags: MintOptions, command: Command) => assetMint(globalOptions(command), flags));

  asset
    .command('burn')
    .description("destroy some of the signer's balance of an asset")
    .requiredOption('--from <name>', 'key name in HOME/keys')
    .requiredOption('--asset <symbol>', 'asset symbol')
    .requiredOption('--amount <amount>', AMOUNT_HELP)
    .action(async (flags: BurnOptions, command: Command) => assetBurn(globalOptions(command), flags));

  asset
    .command('show')
    .description('show an asset: supply, decimals, mint authority')
    .argument('<symbol>', 'asset symbol')
    .action(async (symbol: string, _options: unknown, command: Command) => assetShow(globalOptions(command), symbol));
}

function parseDecimals(text: string): number {
  if (!/^[0-9]{1,2}$/.test(text) || Number(text) > ASSET_DECIMALS_MAX) throw new CliError('bad_usage', `--decimals must be an integer from 0 to ${ASSET_DECIMALS_MAX}`);
  return Number(text);
}

async function assetCreate(options: GlobalOptions, flags: CreateOptions): Promise<void> {
  const decimals = parseDecimals(flags.decimals);
  const payload: AssetCreatePayload = { symbol: flags.symbol, name: flags.name, decimals, supply: parseAmountText('--supply', flags.supply, decimals, flags.symbol) };
  if (flags.maxSupply !== undefined) payload.maxSupply = parseAmountText('--max-supply', flags.maxSupply, decimals, flags.symbol);
  const client = clientFor(options);
  const key = await unlockKeyPair(options.home, flags.from);
  if (flags.mintable) payload.mintAuthority = key.address;
  const result = await client.sendTx(key, 'asset.create', payload);
  const supply = flags.mintable ? `mintable by ${key.address}` : 'fixed supply';
  printCommitted(options, `created ${flags.symbol} (${flags.name}), initial supply ${amountWithUnit(payload.supply, decimals, flags.symbol)}, ${supply}`, result);
}

async function assetMint(options: GlobalOptions, flags: MintOptions): Promise<void> {
  checkAmountText('--amount', flags.amount);
  const client = clientFor(options);
  const book = new AssetBook(client);
  const to = flags.to === undefined ? undefined : await resolveAddress(options.home, flags.to);
  const amount = await book.amount('--amount', flags.amount, flags.asset);
  const key = await unlockKeyPair(options.home, flags.from);
  const result = await client.sendTx(key, 'asset.mint', { asset: flags.asset, to: to ?? key.address, amount });
  printCommitted(options, `minted ${await book.format(amount, flags.asset)} to ${to ?? key.address}`, result);
}

async function assetBurn(options: GlobalOptions, flags: BurnOptions): Promise<void> {
  checkAmountText('--amount', flags.amount);
  const client = clientFor(options);
  const book = new AssetBook(client);
  const amount = await book.amount('--amount', flags.amount, flags.asset);
  const key = await unlockKeyPair(options.home, flags.from);
  const result = await client.sendTx(key, 'asset.burn', { asset: flags.asset, amount });
  printCommitted(options, `burned ${await book.format(amount, flags.asset)} from ${key.address}`, result);
}

async function assetShow(options: GlobalOptions, symbol: string): Promise<void> {
  const asset = await clientFor(options).asset(symbol);
  const amount = (value: string): string => amountWithUnit(value, asset.decimals, asset.symbol);
  const human = [
    `symbol:         ${asset.symbol}`,
    `name:           ${asset.name}`,
    `decimals:       ${asset.decimals}`,
    `supply:         ${amount(asset.supply)}`,
    `max supply:     ${asset.maxSupply === null ? '(none)' : amount(asset.maxSupply)}`,
    `mint authority: ${asset.mintAuthority ?? '(none: fixed supply)'}`,
    `creator:        ${asset.creator}`,
  ].join('\n');
  printResult(options, human, asset);
}
