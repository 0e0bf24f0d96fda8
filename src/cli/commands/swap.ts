import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { expectCommittedOk } from '../../client/client.ts';
import { buildSwap, type SwapLeg } from '../../client/contracts.ts';
import { feeScheduleFromJson, settleFee } from '../../client/builders.ts';
import { addressFromPublicKey } from '../../crypto/address.ts';
import { bytesEqual, fromHex, toHex } from '../../crypto/hash.ts';
import { isValidKeyName, keyExists, readKeyInfo } from '../../crypto/keystore.ts';
import { SWAP_LEGS_MAX, TX_SIGNERS_MAX } from '../../ledger/limits.ts';
import { decodeTx, encodeTx, isRejection } from '../../ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../ledger/types.ts';
import { AssetBook, formatBaseUnits, type AmountFormatter } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { encodeJson, printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { parseCredentialName } from './market-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import {
  checkContractAddress,
  collect,
  createdContract,
  holdingOf,
  holdingText,
  parseDeadline,
  parseHoldingPart,
  printContractTx,
  sendContractTx,
  showContract,
  type HoldingPart,
} from './contracts-common.ts';

/**
 * `agora swap …` and `agora offer …` (spec/ledger.md §8.3).
 *
 * A swap is one tx signed by every party that gives, all or nothing. Signed apart, it travels as a
 * file (format `agora-swap/1`): `swap propose` fixes the body — legs, every giver's public key and
 * next nonce, the fee — and writes it unsigned; each party checks the legs and adds its signature
 * with `swap sign FILE --from NAME` (its key never leaves its machine); `swap submit FILE` sends it
 * once every signature is in. The file holds the canonical tx bytes with placeholder signatures, so
 * what each party signs is exactly what is sent. A party that sends another tx before the submit
 * uses up the nonce in the body: propose again. `swap send` does it all at once when every giver's
 * key is in HOME/keys.
 *
 * An offer locks what its maker gives until someone (or the named counterparty) accepts by giving
 * what it asks, before the deadline, or the maker cancels.
 */
export function registerSwapCommands(program: Command): Command {
  const swap = program.command('swap').description('exchange assets and items among parties in one tx signed by every giver: all or nothing');
  const legHelp = 'FROM,TO,WHAT[,WHAT…]: FROM a key name or a giver’s public key (hex), TO an address or key name, WHAT = AMOUNT, AMOUNT:SYMBOL or an item id; repeat it for each leg';

  swap
    .command('propose')
    .description('write the unsigned swap to --out for the parties to sign apart')
    .requiredOption('--leg <leg>', legHelp, collect, [])
    .requiredOption('--out <file>', 'where to write it')
    .action(async (flags: { leg: string[]; out: string }, command: Command) => {
      const options = globalOptions(command);
      const proposal = await propose(options, flags.leg);
      await writeProposal(flags.out, proposal);
      const human = `${legsText(proposal, await legsFormatter(options, proposal))}\nwrote ${flags.out}; each giver signs it: agora swap sign ${flags.out} --from NAME (${proposal.parties.join(', ')})`;
      printResult(options, human, summaryJson(proposal, flags.out));
    });

  swap
    .command('sign')
    .description('add the signature of --from (a giver) to a proposed swap file, after showing its legs')
    .argument('<file>', 'the swap file')
    .requiredOption('--from <name>', 'key name of one giver')
    .action(async (file: string, flags: { from: string }, command: Command) => {
      const options = globalOptions(command);
      const proposal = await readProposal(file);
      const key = await unlockKeyPair(options.home, flags.from);
      const index = proposal.decoded.tx.body.signers.findIndex((signer) => bytesEqual(signer.publicKey, key.publicKey));
      if (index < 0) throw new CliError('bad_signers', `${flags.from} (${key.address}) is not a giver of this swap; its givers are ${proposal.parties.join(', ')}`);
      proposal.signatures[index] = key.sign(proposal.decoded.signBytes);
      await writeProposal(file, proposal);
      const missing = missingParties(proposal);
      const human = `${legsText(proposal, await legsFormatter(options, proposal))}\nsigned by ${key.address}; ${missing.length === 0 ? `complete: agora swap submit ${file}` : `still to sign: ${missing.join(', ')}`}`;
      printResult(options, human, { ...summaryJson(proposal, file), signed: key.address });
    });

  swap
    .command('submit')
    .description('send a swap file once every giver has signed; waits for the commit')
    .argument('<file>', 'the swap file')
    .action(async (file: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const proposal = await readProposal(file);
      const missing = missingParties(proposal);
      if (missing.length > 0) throw new CliError('bad_signers', `not signed yet by ${missing.join(', ')} (agora swap sign ${file} --from NAME)`);
      await submitSwap(options, proposal);
    });

  swap
    .command('send')
    .description('propose, sign with every giver’s key in HOME/keys and submit, at once')
    .requiredOption('--leg <leg>', legHelp, collect, [])
    .action(async (flags: { leg: string[] }, command: Command) => {
      const options = globalOptions(command);
      const proposal = await propose(options, flags.leg);
      for (const [index, signer] of proposal.decoded.tx.body.signers.entries()) {
        const name = proposal.keyNames[index];
        if (name === undefined) throw new CliError('bad_usage', `${addressFromPublicKey(signer.publicKey)} gives but has no key here: use swap propose and sign apart`);
        proposal.signatures[index] = (await unlockKeyPair(options.home, name)).sign(proposal.decoded.signBytes);
      }
      await submitSwap(options, proposal);
    });

  registerOfferCommands(program);
  return swap;
}

function registerOfferCommands(program: Command): void {
  const offer = program.command('offer').description('the two-step swap: lock what you give until someone accepts by giving what you ask');
  offer
    .command('create')
    .description('lock --give until --counterparty (or anyone) accepts by giving --ask, before --deadline; prints the offer address')
    .requiredOption('--from <name>', 'key name of the maker')
    .requiredOption('--give <what>', 'AMOUNT, AMOUNT:SYMBOL or an item id; repeat it', collect, [])
    .requiredOption('--ask <what>', 'AMOUNT, AMOUNT:SYMBOL or an item id; repeat it', collect, [])
    .option('--counterparty <address-or-name>', 'only this address may accept (default: anyone but the maker)')
    .requiredOption('--deadline <duration-or-date>', 'from the latest block time (90s, 2h, 7d) or an ISO date')
    .option('--requires <registry:type>', 'a credential the acceptor must hold, e.g. kyc-eu:kyc (others are refused not_credentialed)')
    .action(async (flags: { from: string; give: string[]; ask: string[]; counterparty?: string; deadline: string; requires?: string }, command: Command) => {
      const options = globalOptions(command);
      const requires = flags.requires === undefined ? undefined : parseCredentialName('--requires', flags.requires);
      const giveParts = flags.give.map((text) => parseHoldingPart('--give', text));
      const askParts = flags.ask.map((text) => parseHoldingPart('--ask', text));
      const counterparty = flags.counterparty === undefined ? undefined : await resolveAddress(options.home, flags.counterparty);
      const client = clientFor(options);
      const [params, status] = await Promise.all([client.params(), client.status()]);
      const deadlineMs = parseDeadline('--deadline', flags.deadline, status.lastBlockTimeMs);
      const book = new AssetBook(client);
      const give = await holdingOf(book, '--give', giveParts, params.nativeAsset);
      const ask = await holdingOf(book, '--ask', askParts, params.nativeAsset);
      const { result } = await sendContractTx(options, flags.from, 'offer.create', { give, ask, deadlineMs, ...(counterparty === undefined ? {} : { counterparty }), ...(requires === undefined ? {} : { requires }) });
      const address = createdContract(result, 'offer');
      const format = await book.formatter([...(give.assets ?? []), ...(ask.assets ?? [])].map(({ asset }) => asset));
      printContractTx(options, `offer: ${address}\ngives ${holdingText(give, format)} for ${holdingText(ask, format)}, open until ${new Date(deadlineMs).toISOString()}${requires === undefined ? '' : `, to holders of ${requires.registry}:${requires.type}`}`, result, { offer: address, deadlineMs, ...(requires === undefined ? {} : { requires }) });
    });
  for (const [name, kind, who] of [
    ['accept', 'offer.accept', 'key name of the acceptor, who gives what the offer asks'],
    ['cancel', 'offer.cancel', 'key name of the maker (after the deadline, this reclaims what the offer holds)'],
  ] as const) {
    offer
      .command(name)
      .description(name === 'accept' ? 'give what the offer asks and take what it holds' : 'take back what the offer holds')
      .requiredOption('--from <name>', who)
      .requiredOption('--offer <address>', 'the offer address')
      .action(async (flags: { from: string; offer: string }, command: Command) => {
        const options = globalOptions(command);
        const address = checkContractAddress('--offer', flags.offer);
        const { result, signer } = await sendContractTx(options, flags.from, kind, { offer: address });
        printContractTx(options, `${name === 'accept' ? 'accepted' : 'cancelled'} ${address} (${signer})`, result, { offer: address, state: name === 'accept' ? 'accepted' : 'cancelled' });
      });
  }
  offer
    .command('show')
    .description('an offer: what it gives and asks, its state, and whether it may still be accepted')
    .argument('<address>', 'the offer address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address, 'offer'));
}

// ---------------------------------------------------------------------------------------------
// The swap file.

const FORMAT = 'agora-swap/1';
const SIGNATURE_BYTES = 64;

interface Proposal {
  decoded: DecodedTx;
  /** One per signer, in signer order; undefined until that party signs. */
  signatures: (Uint8Array | undefined)[];
  /** The givers' addresses, in signer order. */
  parties: string[];
  legs: SwapLeg[];
  /** Key names in HOME/keys of the givers proposed by name (swap send signs with them). */
  keyNames: (string | undefined)[];
}

interface SwapFile {
  format: typeof FORMAT;
  /** For people: what moves. The bytes below are what is signed. */
  legs: { from: string; to: string; assets: { asset: string; amount: string }[]; items: string[] }[];
  parties: string[];
  /** Canonical tx bytes (hex), with 64 zero bytes for every signature. */
  tx: string;
  /** Hex, or null while that party has not signed; in signer order. */
  signatures: (string | null)[];
}

/** A giver: a key in HOME/keys, or a 32-byte Ed25519 public key in hex. */
async function giverKey(home: string, text: string): Promise<{ publicKey: Uint8Array; name?: string }> {
  if (isValidKeyName(text) && (await keyExists(home, text))) return { publicKey: fromHex((await readKeyInfo(home, text)).publicKey), name: text };
  if (/^[0-9a-f]{64}$/.test(text)) return { publicKey: fromHex(text) };
  throw new CliError('bad_usage', `--leg: the giver "${text}" is neither a key in HOME/keys nor a public key (64 hex characters; agora keys show NAME prints one)`);
}

async function propose(options: GlobalOptions, legTexts: readonly string[]): Promise<Proposal> {
  if (legTexts.length < 2 || legTexts.length > SWAP_LEGS_MAX) throw new CliError('bad_usage', `a swap has 2 to ${SWAP_LEGS_MAX} --leg`);
  const parsed = legTexts.map((text) => {
    const [from, to, ...whats] = text.split(',').map((part) => part.trim());
    if (from === undefined || to === undefined || whats.length === 0) throw new CliError('bad_usage', `--leg "${text}": expected FROM,TO,WHAT[,WHAT…]`);
    return { from, to, parts: whats.map((what): HoldingPart => parseHoldingPart('--leg', what)) };
  });
  const client = clientFor(options);
  const book = new AssetBook(client);
  const params = await client.params();
  const givers = new Map<string, { publicKey: Uint8Array; name?: string }>();
  const legs: SwapLeg[] = [];
  for (const leg of parsed) {
    const giver = await giverKey(options.home, leg.from);
    const from = addressFromPublicKey(giver.publicKey);
    if (!givers.has(from)) givers.set(from, giver);
    legs.push({ from, to: await resolveAddress(options.home, leg.to), ...(await holdingOf(book, '--leg', leg.parts, params.nativeAsset)) });
  }
  if (givers.size < 2 || givers.size > TX_SIGNERS_MAX) throw new CliError('bad_usage', `a swap has 2 to ${TX_SIGNERS_MAX} givers`);
  const parties = [...givers.keys()];
  const nonces = await Promise.all(parties.map(async (address) => BigInt((await client.account(address)).pendingNonce)));
  const draft = buildSwap({ chainId: params.chainId, parties: parties.map((address, i) => ({ publicKey: givers.get(address)!.publicKey, nonce: nonces[i] })), legs, fee: 0n });
  const body: TxBody<'swap'> = { ...draft, fee: settleFee(feeScheduleFromJson(params.fees), draft) };
  const decoded = decodeBytes(encodeTx({ body, signatures: body.signers.map(() => new Uint8Array(SIGNATURE_BYTES)) }), 'the proposed swap');
  return { decoded, signatures: parties.map(() => undefined), parties, legs, keyNames: parties.map((address) => givers.get(address)!.name) };
}

function decodeBytes(bytes: Uint8Array, what: string): DecodedTx {
  const decoded = decodeTx(bytes);
  if (isRejection(decoded)) throw new CliError(decoded.code, `${what}: ${decoded.message}`);
  if (decoded.tx.body.kind !== 'swap') throw new CliError('bad_file', `${what} is a ${decoded.tx.body.kind} tx, not a swap`);
  return decoded;
}

function legsOf(decoded: DecodedTx): SwapLeg[] {
  return (decoded.tx.body.payload as { legs: SwapLeg[] }).legs;
}

async function writeProposal(file: string, proposal: Proposal): Promise<void> {
  const content: SwapFile = {
    format: FORMAT,
    legs: proposal.legs.map((leg) => ({ from: leg.from, to: leg.to, assets: (leg.assets ?? []).map(({ asset, amount }) => ({ asset, amount: amount.toString() })), items: [...(leg.items ?? [])] })),
    parties: proposal.parties,
    tx: toHex(proposal.decoded.bytes),
    signatures: proposal.signatures.map((signature) => (signature === undefined ? null : toHex(signature))),
  };
  try {
    await writeFile(file, `${encodeJson(content)}\n`);
  } catch (error) {
    throw new CliError('bad_file', `cannot write ${file} (${(error as { code?: string }).code ?? 'error'})`);
  }
}

/** Reads a swap file; the legs people read are taken from the signed bytes, never from the file's own summary. */
async function readProposal(file: string): Promise<Proposal> {
  let content: SwapFile;
  try {
    content = JSON.parse(await readFile(file, 'utf8')) as SwapFile;
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${file} as a swap file (${(error as { code?: string }).code ?? 'not JSON'})`);
  }
  if (content?.format !== FORMAT || typeof content.tx !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(content.tx) || !Array.isArray(content.signatures)) throw new CliError('bad_file', `${file} is not an ${FORMAT} file`);
  const decoded = decodeBytes(fromHex(content.tx), file);
  const signers = decoded.tx.body.signers;
  if (content.signatures.length !== signers.length) throw new CliError('bad_file', `${file}: ${content.signatures.length} signatures for ${signers.length} givers`);
  const signatures = content.signatures.map((signature, i) => {
    if (signature === null) return undefined;
    if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/.test(signature)) throw new CliError('bad_file', `${file}: signature ${i} is not 64 bytes of hex`);
    return fromHex(signature);
  });
  const parties = decoded.signerAddresses;
  return { decoded, signatures, parties, legs: legsOf(decoded), keyNames: parties.map(() => undefined) };
}

function missingParties(proposal: Proposal): string[] {
  return proposal.parties.filter((_party, i) => proposal.signatures[i] === undefined);
}

function legsText(proposal: Proposal, format: AmountFormatter): string {
  return proposal.legs.map((leg, i) => `leg ${i}: ${leg.from} → ${leg.to}: ${holdingText(leg, format)}`).join('\n');
}

/**
 * Amounts of the legs with their assets' decimals from the node; a giver may sign a swap file with
 * no node in reach, and then sees base units with their suffix, which cannot be misread.
 */
async function legsFormatter(options: GlobalOptions, proposal: Proposal): Promise<AmountFormatter> {
  const symbols = proposal.legs.flatMap((leg) => (leg.assets ?? []).map(({ asset }) => asset));
  try {
    return await new AssetBook(clientFor(options)).formatter(symbols);
  } catch {
    return formatBaseUnits;
  }
}

function summaryJson(proposal: Proposal, file: string): { [key: string]: unknown } {
  return { file, parties: proposal.parties, missing: missingParties(proposal), legs: proposal.legs.length };
}

async function submitSwap(options: GlobalOptions, proposal: Proposal): Promise<void> {
  const body = proposal.decoded.tx.body;
  const bytes = encodeTx({ body, signatures: proposal.signatures.map((signature) => signature!) });
  const result = expectCommittedOk(await clientFor(options).submit(bytes, { wait: 'commit' }));
  printContractTx(options, `swapped: ${proposal.legs.length} legs among ${proposal.parties.join(', ')}`, result, { parties: proposal.parties, legs: proposal.legs.length });
}
