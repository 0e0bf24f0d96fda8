import type { Command } from 'commander';
import { expectCommittedOk } from '../../client/client.ts';
import { buildItemSale, newItemIds } from '../../client/records.ts';
import { feeScheduleFromJson, settleFee, signTx } from '../../client/builders.ts';
import type { ItemPart, TxPayloads } from '../../ledger/types.ts';
import { ASSET_SYMBOL_PATTERN, EVENT_DATA_LENGTH_MAX, ITEM_METADATA_LENGTH_MAX, MERGE_PARENTS_MAX, RETIRE_REASON_LENGTH_MAX, SPLIT_CHILDREN_MAX } from '../../ledger/limits.ts';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { registerItemQueryCommands } from './item-queries.ts';
import { addItemReportCommand } from './item-report.ts';
import { assetOrNative, clientFor, resolveAddress } from './node-client.ts';
import { checkItemId, checkJsonText, checkName, checkText, documentHashes, optionalAddress, parseCount, printRecordTx } from './records-common.ts';

/**
 * `agora item …`: the records tx kinds (spec/ledger.md §7.2) and the item queries. Every flag is
 * checked before a key is unlocked or anything is sent; a tx is built and signed with the SDK, waited
 * for until committed, and a refusal exits 1 with the node's (or the receipt's) code on stderr.
 *
 * To add a sub-command (e.g. `item report`), add a `registerXCommand(item)` call in
 * registerItemCommands below, next to registerItemQueryCommands.
 */
export function registerItemCommands(program: Command): Command {
  const item = program.command('item').description('register unique things, move them, record their life, and read their history and lineage');
  registerItemTxCommands(item);
  registerItemQueryCommands(item);
  addItemReportCommand(item);
  return item;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface RegisterFlags {
  from: string;
  kind: string;
  registry?: string;
  meta?: string;
  owner?: string;
  custodian?: string;
  doc?: string[];
}

interface TransferFlags {
  from: string;
  item: string;
  to: string;
  price?: string;
  asset?: string;
  buyer?: string;
}

interface AttestFlags {
  from: string;
  item: string;
  type: string;
  data?: string;
  custodian?: string;
  doc?: string[];
}

interface SplitFlags {
  from: string;
  item: string;
  into?: string;
  kind?: string;
  child: string[];
}

interface MergeFlags {
  from: string;
  items: string;
  kind: string;
  registry?: string;
  meta?: string;
}

function registerItemTxCommands(item: Command): void {
  item
    .command('register')
    .description('register a unique thing; prints its new item id')
    .requiredOption('--from <name>', 'key name in HOME/keys that signs (the owner unless --owner)')
    .requiredOption('--kind <kind>', 'what it is: deed, car, lot, drill … (a-z, 0-9, ".", "-")')
    .option('--registry <name>', 'the registry it belongs to (open, or one where --from may register)')
    .option('--meta <json>', `metadata, a JSON text of at most ${ITEM_METADATA_LENGTH_MAX} characters`)
    .option('--owner <address-or-name>', 'owner (default: --from), e.g. a registrar registering for someone')
    .option('--custodian <address-or-name>', 'who holds the thing, when not its owner')
    .option('--doc <file...>', 'files whose SHA-256 is recorded (photos, titles, certificates)')
    .action(async (flags: RegisterFlags, command: Command) => itemRegister(globalOptions(command), flags));

  item
    .command('transfer')
    .description('give an item to an address; with --price, a sale co-signed by the buyer, paid in the same tx')
    .requiredOption('--from <name>', 'key name of the owner')
    .requiredOption('--item <id>', 'item id')
    .requiredOption('--to <address-or-name>', 'the new owner')
    .option('--price <amount>', `what the buyer pays the owner: ${AMOUNT_HELP}`)
    .option('--asset <symbol>', "the asset of --price (default: the chain's native asset)")
    .option('--buyer <name>', 'key name of the buyer (= --to), who co-signs a sale')
    .action(async (flags: TransferFlags, command: Command) => itemTransfer(globalOptions(command), flags));

  item
    .command('attest')
    .description('append a life event: custody, location, inspection, certification, repair, reading')
    .requiredOption('--from <name>', 'key name: the owner, the custodian, or an attester of --type in the registry')
    .requiredOption('--item <id>', 'item id')
    .requiredOption('--type <type>', 'event type; `custody` hands the item to --custodian')
    .option('--data <json>', `event data, a JSON text of at most ${EVENT_DATA_LENGTH_MAX} characters`)
    .option('--custodian <address-or-name>', 'the new custodian (with --type custody only)')
    .option('--doc <file...>', 'files whose SHA-256 is recorded with the event')
    .action(async (flags: AttestFlags, command: Command) => itemAttest(globalOptions(command), flags));

  item
    .command('split')
    .description('split an item into new ones (a lot into bags); prints the child ids; the item is retired')
    .requiredOption('--from <name>', 'key name of the owner')
    .requiredOption('--item <id>', 'item id')
    .option('--into <n>', `number of parts, 2-${SPLIT_CHILDREN_MAX}`)
    .option('--kind <kind>', "kind of the parts made by --into (default: the item's kind)")
    .option('--child <json>', 'one part, {"kind":"bag","metadata":"…"}; repeat it for each part (instead of --into)', collect, [])
    .action(async (flags: SplitFlags, command: Command) => itemSplit(globalOptions(command), flags));

  item
    .command('merge')
    .description('merge items one owns into a new one (lots into a blend); prints the new id; the items are retired')
    .requiredOption('--from <name>', 'key name of the owner of every item')
    .requiredOption('--items <ids>', `item ids separated by commas, 2-${MERGE_PARENTS_MAX}`)
    .requiredOption('--kind <kind>', 'kind of the new item')
    .option('--registry <name>', 'registry of the new item')
    .option('--meta <json>', 'metadata of the new item, a JSON text')
    .action(async (flags: MergeFlags, command: Command) => itemMerge(globalOptions(command), flags));

  item
    .command('fractionalize')
    .description('lock an item and issue N shares of it as a new asset; whoever holds all N may redeem it')
    .requiredOption('--from <name>', 'key name of the owner')
    .requiredOption('--item <id>', 'item id')
    .requiredOption('--symbol <symbol>', 'symbol of the new share asset')
    .requiredOption('--shares <n>', 'number of shares (an integer)')
    .action(async (flags: { from: string; item: string; symbol: string; shares: string }, command: Command) => itemFractionalize(globalOptions(command), flags));

  item
    .command('redeem')
    .description('burn all N shares of a locked item and take it')
    .requiredOption('--from <name>', 'key name of the holder of every share')
    .requiredOption('--item <id>', 'item id')
    .action(async (flags: { from: string; item: string }, command: Command) => {
      const options = globalOptions(command);
      const id = checkItemId('--item', flags.item);
      await sendItemTx(options, flags.from, 'item.redeem', { item: id }, (key) => `${key} redeemed ${id}`, { itemId: id });
    });

  item
    .command('retire')
    .description('end an item’s life (destroyed, consumed, withdrawn); its record stays')
    .requiredOption('--from <name>', 'key name of the owner')
    .requiredOption('--item <id>', 'item id')
    .option('--reason <text>', `why, at most ${RETIRE_REASON_LENGTH_MAX} characters`)
    .action(async (flags: { from: string; item: string; reason?: string }, command: Command) => {
      const options = globalOptions(command);
      const id = checkItemId('--item', flags.item);
      const reason = flags.reason === undefined ? undefined : checkText('--reason', flags.reason, RETIRE_REASON_LENGTH_MAX);
      await sendItemTx(options, flags.from, 'item.retire', { item: id, ...(reason === undefined ? {} : { reason }) }, () => `retired ${id}`, { itemId: id });
    });
}

type ItemKind = 'item.register' | 'item.transfer' | 'item.attest' | 'item.split' | 'item.merge' | 'item.retire' | 'item.fractionalize' | 'item.redeem';

/** Unlocks `from`, sends a one-signer records tx, waits for the commit and prints `json` plus txId and height. */
async function sendItemTx<K extends ItemKind>(
  options: GlobalOptions,
  from: string,
  kind: K,
  payload: TxPayloads[K],
  summary: (signer: string, newItems: string[]) => string,
  json: { [key: string]: unknown } | ((newItems: string[]) => { [key: string]: unknown }),
): Promise<void> {
  const key = await unlockKeyPair(options.home, from);
  const result = await clientFor(options).sendTx(key, kind, payload);
  const newItems = newItemIds(result.receipt.events);
  printRecordTx(options, summary(key.address, newItems), result, typeof json === 'function' ? json(newItems) : json);
}

async function itemRegister(options: GlobalOptions, flags: RegisterFlags): Promise<void> {
  const kind = checkName('--kind', flags.kind);
  const registry = flags.registry === undefined ? undefined : checkName('--registry', flags.registry);
  const metadata = flags.meta === undefined ? undefined : checkJsonText('--meta', flags.meta, ITEM_METADATA_LENGTH_MAX);
  const owner = await optionalAddress(options.home, flags.owner);
  const custodian = await optionalAddress(options.home, flags.custodian);
  const documents = await documentHashes(flags.doc);
  const payload = definedOnly({ kind, registry, owner, custodian, metadata, documents });
  await sendItemTx(options, flags.from, 'item.register', payload, (_signer, [itemId]) => `itemId: ${itemId}\nregistered a ${kind}${registry === undefined ? '' : ` in ${registry}`}`, ([itemId]) => ({ itemId }));
}

async function itemTransfer(options: GlobalOptions, flags: TransferFlags): Promise<void> {
  const id = checkItemId('--item', flags.item);
  const to = await resolveAddress(options.home, flags.to);
  const sale = flags.price !== undefined || flags.buyer !== undefined || flags.asset !== undefined;
  if (!sale) {
    await sendItemTx(options, flags.from, 'item.transfer', { item: id, to }, (signer) => `transferred ${id}\nfrom ${signer} to ${to}`, { itemId: id, to });
    return;
  }
  if (flags.price === undefined || flags.buyer === undefined) throw new CliError('bad_usage', 'a sale needs both --price and --buyer (the buyer co-signs); --asset defaults to the native asset');
  checkAmountText('--price', flags.price);
  const client = clientFor(options);
  const book = new AssetBook(client);
  const params = await client.params();
  const asset = assetOrNative(flags.asset, params);
  if (!ASSET_SYMBOL_PATTERN.test(asset)) throw new CliError('bad_symbol', `--asset "${asset}" is not an asset symbol`);
  const amount = await book.amount('--price', flags.price, asset);
  const seller = await unlockKeyPair(options.home, flags.from);
  const buyer = await unlockKeyPair(options.home, flags.buyer);
  if (buyer.address !== to) throw new CliError('bad_usage', `--to must be the buyer: --buyer ${flags.buyer} is ${buyer.address}`);
  const [sellerAccount, buyerAccount] = await Promise.all([client.account(seller.address), client.account(buyer.address)]);
  const draft = buildItemSale({
    chainId: params.chainId,
    from: seller.publicKey,
    nonce: BigInt(sellerAccount.pendingNonce),
    fee: 0n,
    item: id,
    buyer: { publicKey: buyer.publicKey, nonce: BigInt(buyerAccount.pendingNonce) },
    price: { asset, amount },
  });
  // Both parties sign the same bytes (spec/ledger.md §7.2.4); the seller signs first and pays the fee.
  const signed = signTx({ ...draft, fee: settleFee(feeScheduleFromJson(params.fees), draft) }, [seller, buyer]);
  const result = expectCommittedOk(await client.submit(signed.bytes, { wait: 'commit' }));
  const summary = `sold ${id}\nfrom ${seller.address} to ${to} for ${await book.format(amount, asset)}`;
  printRecordTx(options, summary, result, { itemId: id, to, payment: { asset, amount: amount.toString() } });
}

async function itemAttest(options: GlobalOptions, flags: AttestFlags): Promise<void> {
  const id = checkItemId('--item', flags.item);
  const type = checkName('--type', flags.type);
  const data = flags.data === undefined ? undefined : checkJsonText('--data', flags.data, EVENT_DATA_LENGTH_MAX);
  if ((type === 'custody') !== (flags.custodian !== undefined)) throw new CliError('bad_usage', '--custodian goes with --type custody, and --type custody needs --custodian');
  const custodian = await optionalAddress(options.home, flags.custodian);
  const documents = await documentHashes(flags.doc);
  const payload = definedOnly({ item: id, type, data, documents, custodian });
  await sendItemTx(options, flags.from, 'item.attest', payload, (signer) => `attested ${type} on ${id}\nby ${signer}`, { itemId: id, type });
}

async function itemSplit(options: GlobalOptions, flags: SplitFlags): Promise<void> {
  const id = checkItemId('--item', flags.item);
  if ((flags.into === undefined) === (flags.child.length === 0)) throw new CliError('bad_usage', 'give either --into N (with an optional --kind) or one --child JSON per part');
  if (flags.kind !== undefined && flags.into === undefined) throw new CliError('bad_usage', '--kind goes with --into; a --child names its own kind');
  let children: ItemPart[];
  if (flags.into !== undefined) {
    const count = parseCount('--into', flags.into, 2, SPLIT_CHILDREN_MAX);
    const kind = flags.kind === undefined ? (await clientFor(options).getItem(id)).kind : checkName('--kind', flags.kind);
    children = Array.from({ length: count }, () => ({ kind }));
  } else {
    if (flags.child.length < 2 || flags.child.length > SPLIT_CHILDREN_MAX) throw new CliError('bad_usage', `give 2 to ${SPLIT_CHILDREN_MAX} --child parts`);
    children = flags.child.map(parseChild);
  }
  await sendItemTx(options, flags.from, 'item.split', { item: id, children }, (_signer, ids) => `split ${id} into ${ids.length} items:\n${ids.map((child) => `  ${child}`).join('\n')}`, (ids) => ({ itemId: id, children: ids }));
}

/** One `--child` part: `{"kind": KIND, "metadata"?: text or any JSON}`. */
function parseChild(text: string): ItemPart {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError('bad_json', `--child is not valid JSON: expected {"kind":"bag","metadata":"…"}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError('bad_json', '--child must be a JSON object {"kind": …, "metadata"?: …}');
  const { kind, metadata, ...rest } = value as { kind?: unknown; metadata?: unknown };
  if (Object.keys(rest).length > 0) throw new CliError('bad_json', `--child has unknown fields: ${Object.keys(rest).join(', ')}`);
  if (typeof kind !== 'string') throw new CliError('bad_name', '--child needs a "kind"');
  const part: ItemPart = { kind: checkName('--child kind', kind) };
  if (metadata !== undefined) part.metadata = checkText('--child metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata), ITEM_METADATA_LENGTH_MAX);
  return part;
}

async function itemMerge(options: GlobalOptions, flags: MergeFlags): Promise<void> {
  const items = flags.items.split(',').map((text) => checkItemId('--items', text.trim()));
  if (items.length < 2 || items.length > MERGE_PARENTS_MAX) throw new CliError('bad_usage', `--items takes 2 to ${MERGE_PARENTS_MAX} ids separated by commas`);
  if (new Set(items).size !== items.length) throw new CliError('bad_usage', '--items names an item twice');
  const kind = checkName('--kind', flags.kind);
  const registry = flags.registry === undefined ? undefined : checkName('--registry', flags.registry);
  const metadata = flags.meta === undefined ? undefined : checkJsonText('--meta', flags.meta, ITEM_METADATA_LENGTH_MAX);
  const payload = definedOnly({ items, kind, registry, metadata });
  await sendItemTx(options, flags.from, 'item.merge', payload, (_signer, [itemId]) => `itemId: ${itemId}\nmerged ${items.length} items into a ${kind}`, ([itemId]) => ({ itemId, parents: items }));
}

async function itemFractionalize(options: GlobalOptions, flags: { from: string; item: string; symbol: string; shares: string }): Promise<void> {
  const id = checkItemId('--item', flags.item);
  if (!ASSET_SYMBOL_PATTERN.test(flags.symbol)) throw new CliError('bad_symbol', '--symbol: 2-12 upper-case letters or digits, starting with a letter');
  if (!/^[1-9][0-9]{0,38}$/.test(flags.shares)) throw new CliError('bad_amount', '--shares must be a positive integer');
  const shares = BigInt(flags.shares);
  const payload = { item: id, symbol: flags.symbol, shares };
  await sendItemTx(options, flags.from, 'item.fractionalize', payload, (signer) => `locked ${id}\nissued ${shares} ${flags.symbol} shares to ${signer}`, { itemId: id, symbol: flags.symbol, shares: shares.toString() });
}

/** The object without its undefined fields, so that the payload holds only what was given. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
