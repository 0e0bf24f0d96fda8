import type { Command } from 'commander';
import type { RentalOfferPayload } from '../../client/rental.ts';
import { RENTAL_CLAIM_REASON_LENGTH_MAX, RENTAL_PERIODS_MAX } from '../../ledger/limits.ts';
import type { TxKind, TxPayloads } from '../../ledger/types.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { assetOrNative, clientFor } from './node-client.ts';
import { parseCredentialName } from './market-common.ts';
import { checkItemId, checkText, optionalAddress } from './records-common.ts';
import {
  checkContractAddress,
  checkSymbol,
  createdContract,
  fetchContract,
  parseDeadline,
  parseDuration,
  parseInteger,
  printContractTx,
  sendContractTx,
  showContract,
} from './contracts-common.ts';

/**
 * `agora rental …` (spec/ledger.md §8.5): offer (prints the rental's address), book (prints the
 * booking number), return, claim, resolve, settle, close, show. The renter is the item's user within
 * its booking; `show` tells each booking's phase and the user at the latest block time.
 */
export function registerRentalCommands(program: Command): Command {
  const rental = program.command('rental').description('rent out an item by the period with a deposit: bookings, returns, damage claims settled by an arbiter');

  rental
    .command('offer')
    .description('offer an item one owns for rent; prints the rental address')
    .requiredOption('--from <name>', 'key name of the item’s owner')
    .requiredOption('--item <id>', 'the item')
    .requiredOption('--price <amount>', `price per period, of --asset: ${AMOUNT_HELP}`)
    .option('--asset <symbol>', "the asset of the price and deposit (default: the chain's native asset)")
    .requiredOption('--period <duration>', 'one period of use: 30m, 1h, 1d …')
    .option('--deposit <amount>', 'held for each booking until its claim window closes (default: none)')
    .requiredOption('--min <n>', 'fewest periods a booking takes')
    .requiredOption('--max <n>', 'most periods a booking takes')
    .option('--arbiter <address-or-name>', 'who settles damage claims (with --claim-window)')
    .option('--claim-window <duration>', 'how long after a booking ends the owner may claim on its deposit (with --arbiter)')
    .option('--requires <registry:type>', 'a credential the renter must hold to book, e.g. kyc-eu:kyc (others are refused not_credentialed)')
    .action(async (flags: OfferFlags, command: Command) => rentalOffer(globalOptions(command), flags));

  rental
    .command('book')
    .description('book --periods periods from --start (default: now); price and deposit are paid at once; prints the booking number')
    .requiredOption('--from <name>', 'key name of the renter')
    .requiredOption('--rental <address>', 'the rental address')
    .requiredOption('--periods <n>', 'number of periods')
    .option('--start <duration-or-date>', 'from the latest block time (2h, 1d) or an ISO date; default: the block time of the booking')
    .action(async (flags: { from: string; rental: string; periods: string; start?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--rental', flags.rental);
      const periods = parseInteger('--periods', flags.periods, 1, RENTAL_PERIODS_MAX);
      const startMs = flags.start === undefined ? undefined : parseDeadline('--start', flags.start, (await clientFor(options).status()).lastBlockTimeMs);
      const { result } = await sendContractTx(options, flags.from, 'rental.book', startMs === undefined ? { rental: address, periods } : { rental: address, periods, startMs });
      const booked = result.receipt.events.find((e) => e.type === 'rental.booked')?.attributes ?? {};
      const format = await rentalFormatter(options, address);
      const summary = `booking: ${booked.booking}\n${booked.renter} uses ${booked.item} from ${iso(booked.startMs)} to ${iso(booked.endMs)}; paid ${format(booked.price ?? '0')} + ${format(booked.deposit ?? '0')} deposit`;
      printContractTx(options, summary, result, { rental: address, booking: Number(booked.booking), startMs: Number(booked.startMs), endMs: Number(booked.endMs), price: booked.price, deposit: booked.deposit });
    });

  rental
    .command('return')
    .description('by the renter: end a booking now (the periods not begun are refunded; before its start, everything)')
    .requiredOption('--from <name>', 'key name of the renter')
    .requiredOption('--rental <address>', 'the rental address')
    .requiredOption('--booking <n>', 'the booking number')
    .action(async (flags: BookingFlags, command: Command) => sendBookingTx(globalOptions(command), flags, 'rental.return', (address, booking) => ({ rental: address, booking }), 'returned'));

  rental
    .command('claim')
    .description('by the owner, within the claim window after a booking ended: claim on its deposit; the arbiter decides')
    .requiredOption('--from <name>', 'key name of the owner')
    .requiredOption('--rental <address>', 'the rental address')
    .requiredOption('--booking <n>', 'the booking number')
    .option('--reason <text>', `what was damaged, at most ${RENTAL_CLAIM_REASON_LENGTH_MAX} characters`)
    .action(async (flags: { from: string; rental: string; booking: string; reason?: string }, command: Command) => {
      const reason = flags.reason === undefined ? undefined : checkText('--reason', flags.reason, RENTAL_CLAIM_REASON_LENGTH_MAX);
      await sendBookingTx(globalOptions(command), flags, 'rental.claim', (rental, booking) => ({ rental, booking, ...(reason === undefined ? {} : { reason }) }), 'claimed on');
    });

  rental
    .command('resolve')
    .description('by the arbiter: --to-owner of the claimed deposit goes to the owner, the rest to the renter')
    .requiredOption('--from <name>', 'key name of the arbiter')
    .requiredOption('--rental <address>', 'the rental address')
    .requiredOption('--booking <n>', 'the booking number')
    .requiredOption('--to-owner <amount>', 'what the owner gets of the deposit (0 to all of it)')
    .action(async (flags: { from: string; rental: string; booking: string; toOwner: string }, command: Command) => {
      const options = globalOptions(command);
      checkAmountText('--to-owner', flags.toOwner);
      const address = checkContractAddress('--rental', flags.rental);
      const toOwner = await new AssetBook(clientFor(options)).amount('--to-owner', flags.toOwner, await rentalAsset(options, address));
      await sendBookingTx(options, flags, 'rental.resolve', (rental, booking) => ({ rental, booking, toOwner }), 'resolved');
    });

  for (const [name, kind, description, who] of [
    ['settle', 'rental.settle', 'by anyone: pay out what block time has made due on the bookings', 'key name of any funded key (it pays the fee)'],
    ['close', 'rental.close', 'by the owner, once no booking is unsettled: withdraw the offer; the item moves freely again', 'key name of the owner'],
  ] as const) {
    rental
      .command(name)
      .description(description)
      .requiredOption('--from <name>', who)
      .requiredOption('--rental <address>', 'the rental address')
      .action(async (flags: { from: string; rental: string }, command: Command) => {
        const options = globalOptions(command);
        const address = checkContractAddress('--rental', flags.rental);
        const { result } = await sendContractTx(options, flags.from, kind, { rental: address });
        const settled = result.receipt.events.filter((e) => e.type === 'rental.settled').map((e) => Number(e.attributes.booking));
        const summary = `${name === 'close' ? 'closed' : 'settled'} ${address}${settled.length > 0 ? ` (bookings settled: ${settled.join(', ')})` : ''}`;
        printContractTx(options, summary, result, { rental: address, settled });
      });
  }

  rental
    .command('show')
    .description('a rental: its terms, bookings with their phase now, who uses the item now, and what is due')
    .argument('<address>', 'the rental address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address, 'rental'));
  return rental;
}

interface OfferFlags {
  from: string;
  item: string;
  price: string;
  asset?: string;
  period: string;
  deposit?: string;
  min: string;
  max: string;
  arbiter?: string;
  claimWindow?: string;
  requires?: string;
}

interface BookingFlags {
  from: string;
  rental: string;
  booking: string;
}

type BookingKind = Extract<TxKind, 'rental.return' | 'rental.claim' | 'rental.resolve'>;

/** The event each booking kind emits (spec/ledger.md §8.5.3–§8.5.5). */
const EVENT_OF: { [K in BookingKind]: string } = { 'rental.return': 'rental.returned', 'rental.claim': 'rental.claimed', 'rental.resolve': 'rental.resolved' };

async function sendBookingTx<K extends BookingKind>(options: GlobalOptions, flags: BookingFlags, kind: K, payload: (rental: string, booking: number) => TxPayloads[K], done: string): Promise<void> {
  const address = checkContractAddress('--rental', flags.rental);
  const booking = parseInteger('--booking', flags.booking, 0, Number.MAX_SAFE_INTEGER);
  const { result } = await sendContractTx(options, flags.from, kind, payload(address, booking));
  const event = result.receipt.events.find((e) => e.type === EVENT_OF[kind]);
  const attributes = event?.attributes ?? {};
  const format = await rentalFormatter(options, address);
  const paid = attributes.toOwner === undefined ? '' : `: ${format(attributes.toOwner)} to the owner, ${format(attributes.toRenter ?? '0')} to the renter${attributes.depositHeld !== undefined && attributes.depositHeld !== '0' ? `, deposit ${format(attributes.depositHeld)} held for the claim window` : ''}`;
  printContractTx(options, `${done} booking ${booking} of ${address}${paid}`, result, { rental: address, booking, ...attributes });
}

async function rentalAsset(options: GlobalOptions, address: string): Promise<string> {
  const rental = await fetchContract(options, address, 'rental');
  return rental.type === 'rental' ? rental.asset : '';
}

/** Amounts of the rental at `address`, with its asset's decimals and symbol. */
async function rentalFormatter(options: GlobalOptions, address: string): Promise<(amount: string) => string> {
  const asset = await rentalAsset(options, address);
  const format = await new AssetBook(clientFor(options)).formatter([asset]);
  return (amount) => format(amount, asset);
}

function iso(ms: string | undefined): string {
  return ms === undefined ? '?' : new Date(Number(ms)).toISOString();
}

async function rentalOffer(options: GlobalOptions, flags: OfferFlags): Promise<void> {
  const item = checkItemId('--item', flags.item);
  checkAmountText('--price', flags.price);
  if (flags.deposit !== undefined) checkAmountText('--deposit', flags.deposit);
  if (flags.asset !== undefined) checkSymbol('--asset', flags.asset);
  const periodMs = parseDuration('--period', flags.period);
  const minPeriods = parseInteger('--min', flags.min, 1, RENTAL_PERIODS_MAX);
  const maxPeriods = parseInteger('--max', flags.max, 1, RENTAL_PERIODS_MAX);
  if (minPeriods > maxPeriods) throw new CliError('bad_usage', '--min must not be above --max');
  if ((flags.arbiter === undefined) !== (flags.claimWindow === undefined)) throw new CliError('bad_usage', '--arbiter and --claim-window go together');
  const claimWindowMs = flags.claimWindow === undefined ? undefined : parseDuration('--claim-window', flags.claimWindow);
  const requires = flags.requires === undefined ? undefined : parseCredentialName('--requires', flags.requires);
  const arbiter = await optionalAddress(options.home, flags.arbiter);
  const client = clientFor(options);
  const asset = assetOrNative(flags.asset, await client.params());
  const book = new AssetBook(client);
  const pricePerPeriod = await book.amount('--price', flags.price, asset);
  const deposit = flags.deposit === undefined ? undefined : await book.amount('--deposit', flags.deposit, asset);
  if (pricePerPeriod === 0n || deposit === 0n) throw new CliError('bad_amount', '--price and --deposit must be above 0');
  const payload: RentalOfferPayload = { item, asset, pricePerPeriod, periodMs, minPeriods, maxPeriods };
  if (deposit !== undefined) payload.deposit = deposit;
  if (arbiter !== undefined && claimWindowMs !== undefined) Object.assign(payload, { arbiter, claimWindowMs });
  if (requires !== undefined) payload.requires = requires;
  const { result } = await sendContractTx(options, flags.from, 'rental.offer', payload);
  const rental = createdContract(result, 'rental');
  const summary = `rental: ${rental}\n${item} for rent at ${await book.format(pricePerPeriod, asset)} per ${flags.period}, ${minPeriods}-${maxPeriods} periods${deposit === undefined ? '' : `, deposit ${await book.format(deposit, asset)}`}${requires === undefined ? '' : `, to holders of ${requires.registry}:${requires.type}`}`;
  printContractTx(options, summary, result, { rental, item, ...(requires === undefined ? {} : { requires }) });
}
