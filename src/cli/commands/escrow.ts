import type { Command } from 'commander';
import type { Holding } from '../../client/contracts.ts';
import { ESCROW_TRANCHES_MAX } from '../../ledger/limits.ts';
import { AMOUNT_HELP, AssetBook } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { optionalAddress } from './records-common.ts';
import {
  checkContractAddress,
  collect,
  createdContract,
  holdingOf,
  holdingText,
  parseDeadline,
  parseHoldingPart,
  parseInteger,
  printContractTx,
  sendContractTx,
  showContract,
  type HoldingPart,
} from './contracts-common.ts';

/**
 * `agora escrow …` (spec/ledger.md §8.2): create (prints the escrow's address), release, refund,
 * dispute, resolve, settle, show. Flags are checked before a key is unlocked; each tx waits for its
 * commit, and a refusal exits 1 with the node's (or the receipt's) code on stderr.
 */
export function registerEscrowCommands(program: Command): Command {
  const escrow = program.command('escrow').description('lock value in an escrow: the payer releases, the payee refunds, an arbiter settles disputes, a default applies at the deadline');

  escrow
    .command('create')
    .description('lock assets and items for --payee until released, refunded or settled; prints the escrow address')
    .requiredOption('--from <name>', 'key name of the payer, who signs and locks the value')
    .requiredOption('--payee <address-or-name>', 'who is paid on release')
    .option('--arbiter <address-or-name>', 'who settles a dispute (without one, no dispute is possible)')
    .option('--amount <amount>', `one tranche of this amount of --asset: ${AMOUNT_HELP}`)
    .option('--asset <symbol>', "the asset of --amount and --tranche (default: the chain's native asset)")
    .option('--tranche <amount>', `a milestone of this amount of --asset, released one by one; repeat it (1-${ESCROW_TRANCHES_MAX}), instead of --amount`, collect, [])
    .option('--item <id>', 'an item locked with the first tranche; repeat it for more', collect, [])
    .requiredOption('--deadline <duration-or-date>', 'from the latest block time (90s, 2h, 7d) or an ISO date; disputes close and the default applies then')
    .requiredOption('--default <release|refund>', 'what happens at the deadline without a dispute: release to the payee or refund the payer')
    .action(async (flags: CreateFlags, command: Command) => escrowCreate(globalOptions(command), flags));

  escrow
    .command('release')
    .description('by the payer: pay a tranche to the payee (after the deadline, the default applies instead)')
    .requiredOption('--from <name>', 'key name of the payer')
    .requiredOption('--escrow <address>', 'the escrow address')
    .option('--tranche <n>', 'the tranche (default 0)', '0')
    .action(async (flags: { from: string; escrow: string; tranche: string }, command: Command) => {
      const options = globalOptions(command);
      const escrowAddress = checkContractAddress('--escrow', flags.escrow);
      const tranche = parseInteger('--tranche', flags.tranche, 0, ESCROW_TRANCHES_MAX - 1);
      const { result } = await sendContractTx(options, flags.from, 'escrow.release', { escrow: escrowAddress, tranche });
      printContractTx(options, `${outcome(result.receipt.events, `released tranche ${tranche} of`)} ${escrowAddress}`, result, { escrow: escrowAddress, tranche, outcome: outcomeCode(result.receipt.events, 'released') });
    });

  for (const [name, kind, description, who] of [
    ['refund', 'escrow.refund', 'by the payee: return every held tranche to the payer', 'key name of the payee'],
    ['dispute', 'escrow.dispute', 'by the payer or the payee, before the deadline: the arbiter decides from then on', 'key name of the payer or the payee'],
    ['settle', 'escrow.settle', 'by anyone, from the deadline on: apply the default', 'key name of any funded key (it pays the fee)'],
  ] as const) {
    escrow
      .command(name)
      .description(description)
      .requiredOption('--from <name>', who)
      .requiredOption('--escrow <address>', 'the escrow address')
      .action(async (flags: { from: string; escrow: string }, command: Command) => {
        const options = globalOptions(command);
        const escrowAddress = checkContractAddress('--escrow', flags.escrow);
        const { result } = await sendContractTx(options, flags.from, kind, { escrow: escrowAddress });
        const done = name === 'refund' ? 'refunded' : name === 'dispute' ? 'disputed' : 'settled';
        printContractTx(options, `${outcome(result.receipt.events, done)} ${escrowAddress}`, result, { escrow: escrowAddress, outcome: outcomeCode(result.receipt.events, done) });
      });
  }

  escrow
    .command('resolve')
    .description('by the arbiter of a disputed escrow: what the payee gets; the rest returns to the payer')
    .requiredOption('--from <name>', 'key name of the arbiter')
    .requiredOption('--escrow <address>', 'the escrow address')
    .option('--to-payee <amount-or-item>', 'AMOUNT, AMOUNT:SYMBOL or an item id for the payee; repeat it; none: everything back to the payer', collect, [])
    .action(async (flags: { from: string; escrow: string; toPayee: string[] }, command: Command) => {
      const options = globalOptions(command);
      const escrowAddress = checkContractAddress('--escrow', flags.escrow);
      const parts = flags.toPayee.map((text) => parseHoldingPart('--to-payee', text));
      const client = clientFor(options);
      const toPayee = parts.length === 0 ? undefined : await holdingOf(new AssetBook(client), '--to-payee', parts, (await client.params()).nativeAsset);
      const { result } = await sendContractTx(options, flags.from, 'escrow.resolve', toPayee === undefined ? { escrow: escrowAddress } : { escrow: escrowAddress, toPayee });
      printContractTx(options, `resolved ${escrowAddress}`, result, { escrow: escrowAddress, outcome: 'resolved' });
    });

  escrow
    .command('show')
    .description('an escrow: parties, tranches, what it holds, and whether its deadline passed and which default is due')
    .argument('<address>', 'the escrow address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address, 'escrow'));
  return escrow;
}

interface CreateFlags {
  from: string;
  payee: string;
  arbiter?: string;
  amount?: string;
  asset?: string;
  tranche: string[];
  item: string[];
  deadline: string;
  default: string;
}

async function escrowCreate(options: GlobalOptions, flags: CreateFlags): Promise<void> {
  if (flags.default !== 'release' && flags.default !== 'refund') throw new CliError('bad_usage', '--default is release or refund');
  if (flags.amount !== undefined && flags.tranche.length > 0) throw new CliError('bad_usage', 'give either --amount (one tranche) or --tranche per milestone, not both');
  if (flags.tranche.length > ESCROW_TRANCHES_MAX) throw new CliError('bad_usage', `at most ${ESCROW_TRANCHES_MAX} --tranche`);
  const suffix = flags.asset === undefined ? '' : `:${flags.asset}`;
  const amounts = flags.amount !== undefined ? [flags.amount] : flags.tranche;
  const trancheParts: HoldingPart[][] = amounts.map((text) => [parseHoldingPart(flags.amount !== undefined ? '--amount' : '--tranche', `${text}${suffix}`)]);
  const items = flags.item.map((id) => parseHoldingPart('--item', id));
  if (items.some((part) => !('item' in part))) throw new CliError('bad_item_id', '--item takes item ids');
  if (trancheParts.length === 0 && items.length === 0) throw new CliError('bad_usage', 'give --amount, --tranche or --item: what the escrow holds');
  if (trancheParts.length === 0) trancheParts.push([]);
  trancheParts[0].push(...items);
  const payee = await resolveAddress(options.home, flags.payee);
  const arbiter = await optionalAddress(options.home, flags.arbiter);
  const client = clientFor(options);
  const [params, status] = await Promise.all([client.params(), client.status()]);
  const deadlineMs = parseDeadline('--deadline', flags.deadline, status.lastBlockTimeMs);
  const book = new AssetBook(client);
  const tranches: Holding[] = [];
  for (const parts of trancheParts) tranches.push(await holdingOf(book, '--tranche', parts, params.nativeAsset));
  const payload = { payee, deadlineMs, onExpiry: flags.default, tranches, ...(arbiter === undefined ? {} : { arbiter }) } as const;
  const { result, signer } = await sendContractTx(options, flags.from, 'escrow.create', payload);
  const escrow = createdContract(result, 'escrow');
  const format = await book.formatter(tranches.flatMap((tranche) => (tranche.assets ?? []).map(({ asset }) => asset)));
  const locked = tranches.map((tranche) => holdingText(tranche, format)).join('; ');
  const summary = `escrow: ${escrow}\n${signer} locked ${locked} (${tranches.length} tranche(s)) for ${payee} until ${new Date(deadlineMs).toISOString()} (then: ${flags.default})`;
  printContractTx(options, summary, result, { escrow, payee, deadlineMs, tranches: tranches.length });
}

/** What an escrow tx did: `fallback`, or "settled (released|refunded)" when the deadline had passed (lazy settlement). */
function outcome(events: readonly { type: string; attributes: { [key: string]: string } }[], fallback: string): string {
  const settled = events.find((e) => e.type === 'escrow.settled');
  return settled === undefined ? fallback : `deadline passed: settled (${settled.attributes.outcome})`;
}

function outcomeCode(events: readonly { type: string; attributes: { [key: string]: string } }[], fallback: string): string {
  return events.find((e) => e.type === 'escrow.settled')?.attributes.outcome ?? fallback;
}
