import type { Command } from 'commander';
import { openNote, sealNote, type ListingKind, type ListingTerms } from '../../client/market.ts';
import type { CommittedResult, ListingContractJson, OrderJson } from '../../client/types.ts';
import { fromHex, sha256 } from '../../crypto/hash.ts';
import { keyExists } from '../../crypto/keystore.ts';
import { MARKET_ARBITERS_MAX, MARKET_METADATA_LENGTH_MAX, MARKET_QUANTITY_MAX, MARKET_STOCK_MAX, MARKET_TITLE_LENGTH_MAX } from '../../ledger/limits.ts';
import { AMOUNT_HELP, AssetBook } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { checkContractAddress, checkSymbol, collect, parseDeadline, printContractTx, sendContractTx } from './contracts-common.ts';
import { describeListing, describeOrder, nextStepWords, parseCredentialName, parseWindow, termsOf } from './market-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { checkText, documentHashes, parseCount, table } from './records-common.ts';

/**
 * `agora market …` (spec/market.md): list, show, create, update, pause, close, buy, deliver, confirm,
 * dispute, resolve, orders. A listing's later steps are the order's escrow txs (the order id is its
 * escrow's address). Flags are checked before a key is unlocked; every tx waits for its commit; a
 * refusal exits 1 with the ledger's code (self_trade, listing_changed, out_of_stock, …) on stderr.
 */

const EXAMPLES = `
Examples:
  agora market create --from bob --title "Hand made oak chair" --price 250 --stock 3 \\
      --arbiter carol --arbiter-fee 10 --handling 48h --review-window 72h
  agora market list --query "oak chair" --max-price 300
  agora market show LISTING_ID
  agora market buy --from alice --listing LISTING_ID --quantity 2 --arbiter carol --note "1 Main St"
  agora market orders bob --role seller      (opens the notes sealed to bob)
  agora market deliver --from bob --order ORDER_ID
  agora market confirm --from alice --order ORDER_ID
  agora market dispute --from alice --order ORDER_ID
  agora market resolve --from carol --order ORDER_ID --to-seller 150`;

interface TermsFlags {
  title?: string;
  price?: string;
  asset?: string;
  stock?: string;
  handling?: string;
  reviewWindow?: string;
  arbiterWindow?: string;
  arbiter: string[];
  arbiterFee: string[];
  requires?: string;
  expires?: string;
  metadata?: string;
  terms?: string;
}

function termsOptions(command: Command, creating: boolean): Command {
  const defaults = creating ? ' (default %s)' : '';
  return command
    .option('--title <text>', `1-${MARKET_TITLE_LENGTH_MAX} characters, 1-16 words: what search finds`)
    .option('--price <amount>', `per unit, in --asset: ${AMOUNT_HELP}`)
    .option('--asset <symbol>', "the price's asset (default: the chain's native asset)")
    .option('--stock <n>', `units for sale, 0-${MARKET_STOCK_MAX}${defaults.replace('%s', '1')}`)
    .option('--handling <duration>', `the seller delivers within this after an order, else the buyer is refunded${defaults.replace('%s', '48h')}`)
    .option('--review-window <duration>', `after delivery the buyer confirms or disputes within this, else it releases${defaults.replace('%s', '72h')}`)
    .option('--arbiter-window <duration>', `an arbiter resolves a dispute within this, else it lapses to a refund${defaults.replace('%s', '96h')}`)
    .option('--arbiter <address-or-name>', `an arbiter the buyer may choose; pair each with --arbiter-fee; repeat it (0-${MARKET_ARBITERS_MAX})`, collect, [])
    .option('--arbiter-fee <amount>', 'the fee of the --arbiter at the same place, in the price asset (0: none)', collect, [])
    .option('--requires <registry:type>', 'a credential the buyer must hold, e.g. kyc-eu:kyc (a rental or sale listing: the one its rental or offer requires, spec/decisions/0012)')
    .option('--expires <duration-or-date>', `when the listing stops taking orders${defaults.replace('%s', '90d')}`)
    .option('--metadata <text>', `up to ${MARKET_METADATA_LENGTH_MAX} characters shown with the listing`)
    .option('--terms <text>', 'the full terms; the ledger keeps their SHA-256 (default: of the title)');
}

export function registerMarketCommands(program: Command): Command {
  const market = program.command('market').description('list, find and buy goods and services with the money held by an escrow').addHelpText('after', EXAMPLES);

  termsOptions(market.command('create').description('list goods or a service; prints listingId (a bond of 1000 base units of the native asset is held until close)'), true)
    .requiredOption('--from <name>', 'key name of the seller')
    .option('--kind <kind>', 'goods, service, rental or sale (default goods)', 'goods')
    .option('--target <address>', 'the rental (kind rental) or offer (kind sale) listed; the terms state its price and credential, no arbiter (terms_not_enforced)')
    .addHelpText('after', '\nExample:\n  agora market create --from bob --title "Oak chair" --price 250 --stock 3 --arbiter carol --arbiter-fee 10')
    .action(async (flags: TermsFlags & { from: string; kind: string; target?: string }, command: Command) => marketCreate(globalOptions(command), flags));

  termsOptions(market.command('update').description('change a listing\'s terms (only the flags given); bumps its version, so orders signed for the old terms are refused (listing_changed)'), false)
    .requiredOption('--from <name>', 'key name of the seller')
    .requiredOption('--listing <id>', 'the listing')
    .addHelpText('after', '\nExample:\n  agora market update --from bob --listing LISTING_ID --price 240 --stock 10')
    .action(async (flags: TermsFlags & { from: string; listing: string }, command: Command) => marketUpdate(globalOptions(command), flags));

  for (const [name, description] of [
    ['pause', 'stop taking orders for a while (--resume to take them again)'],
    ['close', 'close a listing for good; its bond returns to the seller'],
  ] as const) {
    const sub = market.command(name).description(description).requiredOption('--from <name>', 'key name of the seller').requiredOption('--listing <id>', 'the listing');
    if (name === 'pause') sub.option('--resume', 'take orders again');
    sub.action(async (flags: { from: string; listing: string; resume?: boolean }, command: Command) => {
      const options = globalOptions(command);
      const listing = checkContractAddress('--listing', flags.listing);
      const { result } = name === 'close' ? await sendContractTx(options, flags.from, 'market.close', { listing }) : await sendContractTx(options, flags.from, 'market.pause', { listing, paused: flags.resume !== true });
      const done = name === 'close' ? 'closed' : flags.resume === true ? 'resumed' : 'paused';
      printContractTx(options, `${done} listing ${listing}`, result, { listingId: listing, state: done === 'resumed' ? 'active' : done });
    });
  }

  market
    .command('buy')
    .description('order from a listing: the total goes into an escrow (refunded if the seller does not deliver in time); prints orderId')
    .requiredOption('--from <name>', 'key name of the buyer')
    .requiredOption('--listing <id>', 'the listing')
    .option('--quantity <n>', `units, 1-${MARKET_QUANTITY_MAX}`, '1')
    .option('--arbiter <address-or-name>', 'one of the listing\'s arbiters, who settles a dispute for its fee (without one, no dispute is possible)')
    .option('--note <text>', 'a note to the seller (a shipping address), sealed to the seller\'s key: only the seller can read it')
    .option('--listing-version <n>', 'the listing version you read (default: the current one); refused (listing_changed) if the seller changed the terms since')
    .option('--dry-run', 'show the total and the arbiter\'s fee, sign nothing')
    .addHelpText('after', '\nThe total and the arbiter\'s fee are shown (on stderr; in the --json answer) before the order is signed.\nExample:\n  agora market buy --from alice --listing LISTING_ID --quantity 2 --arbiter carol --note "1 Main St, Springfield"')
    .action(async (flags: BuyFlags, command: Command) => marketBuy(globalOptions(command), flags));

  for (const [name, kind, description, who] of [
    ['deliver', 'escrow.deliver', 'by the seller: the order is delivered; the buyer\'s review window starts, after which it releases by itself', 'key name of the seller'],
    ['confirm', 'escrow.release', 'by the buyer: confirm receipt; the seller is paid now', 'key name of the buyer'],
    ['dispute', 'escrow.dispute', 'by the buyer or the seller: the order\'s arbiter decides', 'key name of the buyer or the seller'],
  ] as const) {
    const sub = market.command(name).description(description).requiredOption('--from <name>', who).requiredOption('--order <id>', 'the order id');
    if (name === 'deliver') sub.option('--doc <file>', 'a delivery document: its SHA-256 goes on the ledger, the file stays with you');
    sub.action(async (flags: { from: string; order: string; doc?: string }, command: Command) => {
      const options = globalOptions(command);
      const escrow = checkContractAddress('--order', flags.order);
      const document = (await documentHashes(flags.doc === undefined ? undefined : [flags.doc]))?.[0];
      const sent =
        kind === 'escrow.deliver' ? await sendContractTx(options, flags.from, kind, document === undefined ? { escrow, tranche: 0 } : { escrow, tranche: 0, document })
        : kind === 'escrow.release' ? await sendContractTx(options, flags.from, kind, { escrow, tranche: 0 })
        : await sendContractTx(options, flags.from, kind, { escrow });
      await printOrderTx(options, name === 'deliver' ? 'delivered' : name === 'confirm' ? 'confirmed' : 'disputed', escrow, sent.result);
    });
  }

  market
    .command('resolve')
    .description('by the arbiter of a disputed order: what the seller gets; the arbiter takes its fee, the buyer gets the rest')
    .requiredOption('--from <name>', 'key name of the arbiter')
    .requiredOption('--order <id>', 'the order id')
    .requiredOption('--to-seller <amount>', `for the seller, in the order's asset: ${AMOUNT_HELP}`)
    .addHelpText('after', '\nExample:\n  agora market resolve --from carol --order ORDER_ID --to-seller 300')
    .action(async (flags: { from: string; order: string; toSeller: string }, command: Command) => {
      const options = globalOptions(command);
      const id = checkContractAddress('--order', flags.order);
      const client = clientFor(options);
      const order = await client.getOrder(id);
      const amount = await new AssetBook(client).amount('--to-seller', flags.toSeller, order.price.asset);
      // Nothing for the seller: no toPayee, everything but the fee back to the buyer.
      const { result } = await sendContractTx(options, flags.from, 'escrow.resolve', amount === 0n ? { escrow: id } : { escrow: id, toPayee: { assets: [{ asset: order.price.asset, amount }] } });
      await printOrderTx(options, 'resolved', id, result);
    });

  market
    .command('show')
    .description('a listing (with its terms and arbiters) or an order (with its phase and next step)')
    .argument('<id>', 'a listing or an order id')
    .action(async (id: string, _flags: unknown, command: Command) => marketShow(globalOptions(command), id));

  market
    .command('list')
    .description('search the active listings; all criteria must hold')
    .option('--query <text>', 'words of the title (all of them, any case)')
    .option('--kind <kind>', 'goods, service, rental or sale')
    .option('--asset <symbol>', 'the price asset')
    .option('--min-price <amount>', `per unit, in --asset (default: the native asset): ${AMOUNT_HELP}`)
    .option('--max-price <amount>', 'per unit, in --asset')
    .option('--requires <registry:type>', 'listings that require this credential')
    .option('--seller <address-or-name>', 'listings of this seller')
    .option('--available-from <duration-or-date>', 'with --available-until: rental listings whose rental is free to book for the whole span (a duration from the latest block, or an ISO 8601 date)')
    .option('--available-until <duration-or-date>', 'the end of that span')
    .option('--min-score <ppm>', "listings whose seller's reputation score is at least this, in ppm of the 1-5 scale (0-1000000, as `agora reputation` shows it); a seller without a score meets none")
    .option('--limit <n>', 'listings per page (1-100)', '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .addHelpText('after', '\nExample:\n  agora market list --query "oak chair" --max-price 300 --json')
    .action(async (flags: ListFlags, command: Command) => marketList(globalOptions(command), flags));

  market
    .command('orders')
    .description('orders of an address as buyer (default), seller or arbiter, newest first, each with its phase and next step; as the seller, with a local key, the notes are opened')
    .argument('<address-or-name>', 'an address or a key name')
    .option('--role <role>', 'buyer, seller or arbiter', 'buyer')
    .option('--limit <n>', 'orders per page (1-100)', '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .addHelpText('after', '\nExample:\n  agora market orders bob --role seller')
    .action(async (who: string, flags: { role: string; limit: string; after?: string }, command: Command) => marketOrders(globalOptions(command), who, flags));
  return market;
}

async function termsFrom(options: GlobalOptions, flags: TermsFlags, base: ListingTerms | undefined): Promise<ListingTerms> {
  if (flags.arbiter.length !== flags.arbiterFee.length) throw new CliError('bad_usage', 'give one --arbiter-fee for each --arbiter, in the same order');
  if (flags.arbiter.length > MARKET_ARBITERS_MAX) throw new CliError('bad_usage', `at most ${MARKET_ARBITERS_MAX} --arbiter`);
  if (base === undefined && (flags.title === undefined || flags.price === undefined)) throw new CliError('bad_usage', 'give --title and --price');
  if (flags.title !== undefined) checkText('--title', flags.title, MARKET_TITLE_LENGTH_MAX);
  if (flags.metadata !== undefined) checkText('--metadata', flags.metadata, MARKET_METADATA_LENGTH_MAX);
  const client = clientFor(options);
  const [params, status] = await Promise.all([client.params(), client.status()]);
  const asset = flags.asset === undefined ? (base?.price.asset ?? params.nativeAsset) : checkSymbol('--asset', flags.asset);
  const book = new AssetBook(client);
  const title = flags.title ?? base!.title;
  const terms: ListingTerms = {
    title,
    termsHash: flags.terms !== undefined ? sha256(new TextEncoder().encode(flags.terms)) : flags.title !== undefined || base === undefined ? sha256(new TextEncoder().encode(title)) : base.termsHash,
    price: { asset, amount: flags.price === undefined ? base!.price.amount : await book.amount('--price', flags.price, asset) },
    stock: flags.stock === undefined ? (base?.stock ?? 1) : parseCount('--stock', flags.stock, 0, MARKET_STOCK_MAX),
    handlingMs: flags.handling === undefined ? (base?.handlingMs ?? 48 * 3_600_000) : parseWindow('--handling', flags.handling),
    reviewWindowMs: flags.reviewWindow === undefined ? (base?.reviewWindowMs ?? 72 * 3_600_000) : parseWindow('--review-window', flags.reviewWindow),
    arbiterWindowMs: flags.arbiterWindow === undefined ? (base?.arbiterWindowMs ?? 96 * 3_600_000) : parseWindow('--arbiter-window', flags.arbiterWindow),
    arbiters: base?.arbiters ?? [],
    expiresAtMs: flags.expires === undefined ? (base?.expiresAtMs ?? status.lastBlockTimeMs + 90 * 86_400_000) : parseDeadline('--expires', flags.expires, status.lastBlockTimeMs),
  };
  if (flags.arbiter.length > 0) {
    terms.arbiters = [];
    for (const [i, arbiter] of flags.arbiter.entries()) terms.arbiters.push({ address: await resolveAddress(options.home, arbiter), fee: await book.amount('--arbiter-fee', flags.arbiterFee[i], asset) });
  }
  const metadata = flags.metadata ?? base?.metadata;
  if (metadata !== undefined) terms.metadata = metadata;
  const requires = flags.requires === undefined ? base?.requires : parseCredentialName('--requires', flags.requires);
  if (requires !== undefined) terms.requires = requires;
  return terms;
}

const KINDS: readonly ListingKind[] = ['goods', 'service', 'rental', 'sale'];

async function marketCreate(options: GlobalOptions, flags: TermsFlags & { from: string; kind: string; target?: string }): Promise<void> {
  if (!(KINDS as readonly string[]).includes(flags.kind)) throw new CliError('bad_usage', '--kind is goods, service, rental or sale');
  const kind = flags.kind as ListingKind;
  if ((kind === 'rental' || kind === 'sale') !== (flags.target !== undefined)) throw new CliError('bad_usage', '--target names the rental or offer of a rental or sale listing, and only then');
  const terms = await termsFrom(options, flags, undefined);
  const payload = flags.target === undefined ? { kind, terms } : { kind, terms, target: checkContractAddress('--target', flags.target) };
  const { result, signer } = await sendContractTx(options, flags.from, 'market.list', payload);
  const listingId = result.receipt.events.find((e) => e.type === 'market.listed')?.attributes.listing;
  if (listingId === undefined) throw new CliError('internal', `tx ${result.id} committed without a market.listed event`);
  const price = await new AssetBook(clientFor(options)).format(terms.price.amount, terms.price.asset);
  printContractTx(options, `listing: ${listingId}\n${signer} listed "${terms.title}" at ${price} (stock ${terms.stock})`, result, { listingId, version: 1, seller: signer });
}

async function marketUpdate(options: GlobalOptions, flags: TermsFlags & { from: string; listing: string }): Promise<void> {
  const id = checkContractAddress('--listing', flags.listing);
  const { listing } = await clientFor(options).getListing(id);
  const terms = await termsFrom(options, flags, termsOf(listing));
  const { result } = await sendContractTx(options, flags.from, 'market.update', { listing: id, terms });
  printContractTx(options, `updated listing ${id}: version ${listing.version + 1}`, result, { listingId: id, version: listing.version + 1 });
}

interface BuyFlags {
  from: string;
  listing: string;
  quantity: string;
  arbiter?: string;
  note?: string;
  listingVersion?: string;
  dryRun?: boolean;
}

/** The total and the arbiter's fee of an order, shown before it is signed (spec/market.md §3). */
async function marketBuy(options: GlobalOptions, flags: BuyFlags): Promise<void> {
  const id = checkContractAddress('--listing', flags.listing);
  const quantity = parseCount('--quantity', flags.quantity, 1, MARKET_QUANTITY_MAX);
  const version = flags.listingVersion === undefined ? undefined : parseCount('--listing-version', flags.listingVersion, 1, 999_999_999);
  if (flags.note !== undefined && flags.note.length === 0) throw new CliError('bad_usage', '--note is empty');
  const client = clientFor(options);
  const { listing, sellerPublicKey } = await client.getListing(id);
  const arbiter = flags.arbiter === undefined ? undefined : await resolveAddress(options.home, flags.arbiter);
  const offered = arbiter === undefined ? undefined : listing.terms.arbiters.find((a) => a.address === arbiter);
  // The ledger's own code, found before anything is signed: the fee shown must be the one the order would carry.
  if (arbiter !== undefined && offered === undefined) throw new CliError('arbiter_not_offered', `listing ${id} does not offer ${arbiter} as an arbiter; it offers ${listing.terms.arbiters.map((a) => a.address).join(', ') || 'none'}`);
  let note: Uint8Array | undefined;
  if (flags.note !== undefined) {
    if (sellerPublicKey === null) throw new CliError('bad_request', `the seller's public key of listing ${id} is not known to this node: no note can be sealed`);
    note = sealNote(fromHex(sellerPublicKey), flags.note);
  }
  const { asset, amount } = listing.terms.price;
  const total = BigInt(amount) * BigInt(quantity);
  const arbiterFee = offered === undefined ? 0n : BigInt(offered.fee);
  const book = new AssetBook(client);
  const format = await book.formatter([asset]);
  const quote = { listingId: id, version: version ?? listing.version, quantity, asset, price: amount, total: total.toString(), arbiter: arbiter ?? null, arbiterFee: arbiterFee.toString() };
  const words = `${quantity} × "${listing.terms.title}" at ${format(amount, asset)}: total ${format(total, asset)} held in escrow; ${arbiter === undefined ? 'no arbiter (no dispute possible)' : `arbiter ${arbiter}, fee ${format(arbiterFee, asset)} out of the total if it resolves a dispute`}`;
  if (flags.dryRun === true) {
    printResult(options, words, quote);
    return;
  }
  if (!options.json) cliIo().writeErr(`${words}\n`);
  const payload = { listing: id, version: quote.version, quantity, ...(arbiter === undefined ? {} : { arbiter }), ...(note === undefined ? {} : { note }) };
  const { result, signer } = await sendContractTx(options, flags.from, 'market.buy', payload);
  const orderId = result.receipt.events.find((e) => e.type === 'market.ordered')?.attributes.order;
  if (orderId === undefined) throw new CliError('internal', `tx ${result.id} committed without a market.ordered event`);
  printContractTx(options, `order: ${orderId}\n${signer} ordered: ${words}`, result, { orderId, ...quote, buyer: signer });
}

async function printOrderTx(options: GlobalOptions, done: string, id: string, result: CommittedResult): Promise<void> {
  const order = await clientFor(options).getOrder(id);
  // A settlement records a trade (spec/reputation.md §1); `agora review write --trade` takes the order id
  // for it (the DESIGN form) as well as the trade id.
  const trade = result.receipt.events.find((event) => event.type === 'trade.recorded')?.attributes.trade;
  const reviewHint = trade === undefined ? '' : `; trade ${trade}: review the other side with agora review write --from NAME --trade ${id} --rating 1..5`;
  printContractTx(options, `${done} order ${id}: now ${order.phase}; next ${nextStepWords(order)}${reviewHint}`, result, { orderId: id, phase: order.phase, next: order.next, trade: trade ?? null });
}

async function marketShow(options: GlobalOptions, id: string): Promise<void> {
  const address = checkContractAddress('id', id);
  const client = clientFor(options);
  const contract = await client.getContract(address);
  if (contract.type === 'listing') {
    const found = await client.getListing(address);
    printResult(options, describeListing(found.listing, await new AssetBook(client).formatter([found.listing.terms.price.asset, found.listing.bondAsset])), found);
    return;
  }
  const order = contract.type === 'escrow' ? await client.getOrder(address).catch(() => undefined) : undefined;
  if (order === undefined) throw new CliError('unknown_contract', `${address} is neither a listing nor an order`);
  printResult(options, describeOrder(order, await new AssetBook(client).formatter([order.price.asset])), order);
}

interface ListFlags {
  query?: string;
  kind?: string;
  asset?: string;
  minPrice?: string;
  maxPrice?: string;
  requires?: string;
  seller?: string;
  minScore?: string;
  availableFrom?: string;
  availableUntil?: string;
  limit: string;
  after?: string;
}

async function marketList(options: GlobalOptions, flags: ListFlags): Promise<void> {
  if (flags.kind !== undefined && !(KINDS as readonly string[]).includes(flags.kind)) throw new CliError('bad_usage', '--kind is goods, service, rental or sale');
  const limit = parseCount('--limit', flags.limit, 1, 100);
  const minScore = flags.minScore === undefined ? undefined : parseCount('--min-score', flags.minScore, 0, 1_000_000);
  const requires = flags.requires === undefined ? undefined : parseCredentialName('--requires', flags.requires);
  if ((flags.availableFrom === undefined) !== (flags.availableUntil === undefined)) throw new CliError('bad_usage', 'give --available-from and --available-until together');
  const client = clientFor(options);
  const now = flags.availableFrom === undefined ? 0 : (await client.status()).lastBlockTimeMs;
  const span = flags.availableFrom === undefined || flags.availableUntil === undefined ? undefined : [parseDeadline('--available-from', flags.availableFrom, now), parseDeadline('--available-until', flags.availableUntil, now)];
  const book = new AssetBook(client);
  const priced = flags.minPrice !== undefined || flags.maxPrice !== undefined;
  const asset = flags.asset !== undefined ? checkSymbol('--asset', flags.asset) : priced ? (await client.params()).nativeAsset : undefined;
  const page = await client.searchListings({
    q: flags.query,
    kind: flags.kind as ListingKind | undefined,
    asset,
    minPrice: flags.minPrice === undefined ? undefined : (await book.amount('--min-price', flags.minPrice, asset!)).toString(),
    maxPrice: flags.maxPrice === undefined ? undefined : (await book.amount('--max-price', flags.maxPrice, asset!)).toString(),
    registry: requires?.registry,
    type: requires?.type,
    seller: flags.seller === undefined ? undefined : await resolveAddress(options.home, flags.seller),
    minScore: minScore?.toString(),
    availableFrom: span?.[0].toString(),
    availableUntil: span?.[1].toString(),
    limit,
    after: flags.after,
  });
  const format = await book.formatter(page.listings.map((l) => l.terms.price.asset));
  const rows = page.listings.map((l: ListingContractJson) => [l.address, l.kind, format(l.terms.price.amount, l.terms.price.asset), String(l.terms.stock), l.terms.title]);
  const human = page.listings.length === 0 ? 'no listing found' : table(['listing', 'kind', 'price', 'stock', 'title'], rows);
  printResult(options, page.next === null ? human : `${human}\nmore: --after ${page.next}`, page);
}

async function marketOrders(options: GlobalOptions, who: string, flags: { role: string; limit: string; after?: string }): Promise<void> {
  if (flags.role !== 'buyer' && flags.role !== 'seller' && flags.role !== 'arbiter') throw new CliError('bad_usage', '--role is buyer, seller or arbiter');
  const limit = parseCount('--limit', flags.limit, 1, 100);
  const address = await resolveAddress(options.home, who);
  const client = clientFor(options);
  const page = flags.role === 'arbiter' ? await client.getArbiterDisputes(address, { limit, after: flags.after }) : await client.getAccountOrders(address, { role: flags.role, limit, after: flags.after });
  // The seller's own key opens the notes sealed to it; nobody else's can (spec/market.md §3 "The note").
  const opener = flags.role === 'seller' && address !== who && page.orders.some((o) => o.note !== null) && (await keyExists(options.home, who)) ? await unlockKeyPair(options.home, who) : undefined;
  const notes = page.orders.map((order: OrderJson) => (order.note === null || opener === undefined ? undefined : openOrNot(opener.secretKey, order.note)));
  const format = await new AssetBook(client).formatter(page.orders.map((o) => o.price.asset));
  const human = page.orders.length === 0 ? `no orders as ${flags.role}` : page.orders.map((order, i) => describeOrder(order, format, notes[i])).join('\n\n');
  const json = { ...page, orders: page.orders.map((order, i) => (notes[i] === undefined ? order : { ...order, noteText: notes[i] })) };
  printResult(options, page.next === null ? human : `${human}\n\nmore: --after ${page.next}`, json);
}

/** The note opened with the seller's key; a note this key does not open (sealed to another key) is said so, not fatal. */
function openOrNot(secretKey: Uint8Array, note: string): string {
  try {
    return openNote(secretKey, fromHex(note));
  } catch {
    return '(does not open with this key)';
  }
}
