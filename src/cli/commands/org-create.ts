import { readFile } from 'node:fs/promises';
import { AgoraError } from '../../client/errors.ts';
import type { Charter } from '../../client/org.ts';
import { ASSET_SYMBOL_PATTERN, ORG_FOUNDERS_MAX, ORG_NAME_LENGTH_MAX } from '../../ledger/limits.ts';
import { AssetBook, checkAmountText, parseAmountText } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { checkContractAddress, checkSymbol, parseDuration, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { describeContribution, describeMotion, describeOrg, eventAttribute, parseOrgRef, parsePercent, parseReputation } from './org-common.ts';
import { checkText } from './records-common.ts';

/**
 * `agora org create` and `agora org show` (spec/org.md), apart from the tx commands of ./org.ts: the
 * charter read from flags (percentages as parts per million, amounts in their asset's units), and the
 * views of an org, a contribution and a motion.
 */

export interface CreateFlags {
  from: string;
  name: string;
  symbol?: string;
  charter?: string;
  tokenName?: string;
  decimals: string;
  member: string[];
  reputation: string;
  evaluationWindow: string;
  quorum: string;
  threshold: string;
  tokenReward: string;
  reputationReward: string;
  evaluatorStake: string;
  feeAsset?: string;
  fee: string;
  halfLife: string;
  motionPeriod: string;
  motionStake: string;
  closed?: boolean;
}


/**
 * The charter fields `--charter FILE` may hold: the long flags' names in camelCase, each value as the
 * flag's text (a number is read as its decimal text; `closed` is a boolean). A flag given on the
 * command line wins over the file's field (spec/api.md §10).
 */
const CHARTER_FILE_FIELDS = ['evaluationWindow', 'quorum', 'threshold', 'tokenReward', 'reputationReward', 'evaluatorStake', 'feeAsset', 'fee', 'halfLife', 'motionPeriod', 'motionStake', 'closed'] as const;
type CharterFileField = (typeof CHARTER_FILE_FIELDS)[number];

/** `flags` with the fields of the charter file that no command-line flag gave; `fromCommandLine(field)`: the flag was typed. */
export async function withCharterFile(flags: CreateFlags, fromCommandLine: (field: CharterFileField) => boolean): Promise<CreateFlags> {
  if (flags.charter === undefined) return flags;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(flags.charter, 'utf8'));
  } catch (error) {
    throw new CliError('bad_file', `--charter ${flags.charter}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError('bad_file', `--charter ${flags.charter} is not a JSON object of charter fields (${CHARTER_FILE_FIELDS.join(', ')})`);
  const merged: CreateFlags = { ...flags };
  for (const [field, value] of Object.entries(json as { [field: string]: unknown })) {
    if (!(CHARTER_FILE_FIELDS as readonly string[]).includes(field)) throw new CliError('bad_file', `--charter ${flags.charter}: unknown field "${field}" (the fields are ${CHARTER_FILE_FIELDS.join(', ')})`);
    const name = field as CharterFileField;
    if (fromCommandLine(name)) continue;
    if (name === 'closed') {
      if (typeof value !== 'boolean') throw new CliError('bad_file', `--charter ${flags.charter}: "closed" is true or false`);
      merged.closed = value;
    } else {
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw new CliError('bad_file', `--charter ${flags.charter}: "${name}" is a text or a number, as its flag`);
      merged[name] = String(value);
    }
  }
  return merged;
}

/**
 * The org token's symbol when --symbol is not given: the name's ASCII letters and digits, upper-cased,
 * without leading digits, cut to 12 ("Ride Coop" → RIDECOOP); undefined when fewer than 2 remain.
 */
export function symbolFromName(name: string): string | undefined {
  const symbol = name.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^[0-9]+/, '').slice(0, 12);
  return ASSET_SYMBOL_PATTERN.test(symbol) ? symbol : undefined;
}

/** --symbol, or the one derived from --name, refused before anything is signed when it is taken. */
async function tokenSymbol(options: GlobalOptions, flags: CreateFlags): Promise<string> {
  if (flags.symbol !== undefined) return checkSymbol('--symbol', flags.symbol);
  const symbol = symbolFromName(flags.name);
  if (symbol === undefined) throw new CliError('bad_symbol', `no token symbol can be made of the name "${flags.name}" (2-12 letters or digits, a letter first): give --symbol`);
  try {
    await clientFor(options).asset(symbol);
  } catch (error) {
    if (error instanceof AgoraError && error.status === 404) return symbol;
    throw error;
  }
  throw new CliError('asset_exists', `the token symbol ${symbol}, made of the name, is taken: give another with --symbol`);
}

export async function orgCreate(options: GlobalOptions, given: CreateFlags, fromCommandLine: (field: string) => boolean): Promise<void> {
  checkText('--name', given.name, ORG_NAME_LENGTH_MAX);
  const flags = await withCharterFile(given, fromCommandLine);
  const decimals = parseInteger('--decimals', flags.decimals, 0, 18);
  const symbol = await tokenSymbol(options, flags);
  if (flags.member.length > ORG_FOUNDERS_MAX) throw new CliError('bad_usage', `at most ${ORG_FOUNDERS_MAX} --member`);
  checkAmountText('--token-reward', flags.tokenReward);
  checkAmountText('--fee', flags.fee);
  const charterFlags = {
    evaluationWindowMs: parseDuration('--evaluation-window', flags.evaluationWindow),
    quorumPpm: parsePercent('--quorum', flags.quorum),
    thresholdPpm: parsePercent('--threshold', flags.threshold),
    tokenReward: parseAmountText('--token-reward', flags.tokenReward, decimals, symbol),
    reputationReward: parseReputation('--reputation-reward', flags.reputationReward),
    evaluatorStakePpm: parsePercent('--evaluator-stake', flags.evaluatorStake),
    halfLifeMs: parseDuration('--half-life', flags.halfLife),
    motionPeriodMs: parseDuration('--motion-period', flags.motionPeriod),
    motionStake: parseReputation('--motion-stake', flags.motionStake),
    open: flags.closed !== true,
  };
  const foundingReputation = parseReputation('--reputation', flags.reputation);
  const client = clientFor(options);
  const feeAsset = flags.feeAsset === undefined ? (await client.params()).nativeAsset : checkSymbol('--fee-asset', flags.feeAsset);
  const contributionFee = await new AssetBook(client).amount('--fee', flags.fee, feeAsset);
  const members = await Promise.all(flags.member.map((m) => resolveAddress(options.home, m)));
  const charter: Charter = { ...charterFlags, feeAsset, contributionFee };
  const { result } = await sendContractTx(options, flags.from, 'org.create', { name: flags.name, token: { symbol, name: flags.tokenName ?? flags.name, decimals }, members, charter, foundingReputation });
  const org = eventAttribute(result, 'org.created', 'org');
  // `org` is DESIGN.md's name for it; `orgId` stays for the scripts written before.
  printContractTx(options, `created org ${org} (token ${symbol}); founders: ${eventAttribute(result, 'org.created', 'members')}`, result, { org, orgId: org, token: symbol });
}

export async function orgShow(options: GlobalOptions, text: string, flags: { contribution?: string; motion?: string }): Promise<void> {
  const address = checkContractAddress('org', text);
  if (flags.contribution !== undefined && flags.motion !== undefined) throw new CliError('bad_usage', 'give at most one of --contribution and --motion');
  const client = clientFor(options);
  const book = new AssetBook(client);
  if (flags.contribution !== undefined) {
    const found = await client.getOrgContribution(address, parseOrgRef('--contribution', flags.contribution, address).id);
    printResult(options, describeContribution(found), found);
    return;
  }
  if (flags.motion !== undefined) {
    const found = await client.getOrgMotion(address, parseOrgRef('--motion', flags.motion, address).id);
    const assets = (found.motion.action as { assets?: { asset: string }[]; asset?: string }).assets?.map((a) => a.asset) ?? [];
    // A job motion's post names its asset in the payload (spec/org.md §4 `job`).
    const action = found.motion.action as { asset?: unknown; payload?: { asset?: unknown } };
    const asset = action.asset ?? action.payload?.asset;
    printResult(options, describeMotion(found, await book.formatter(typeof asset === 'string' ? [...assets, asset] : assets)), found);
    return;
  }
  const view = await client.getOrg(address);
  const symbols = [view.org.token, view.org.charter.feeAsset, ...view.org.treasury.assets.map((a) => a.asset), ...view.org.pots.map((a) => a.asset), ...view.org.holders.pots.map((a) => a.asset), ...view.members.flatMap((m) => m.owed.map((a) => a.asset))];
  for (const motion of view.openMotions) {
    const action = motion.action as { assets?: { asset: string }[]; asset?: unknown; payload?: { asset?: unknown } };
    symbols.push(...(action.assets ?? []).map((a) => a.asset));
    if (typeof action.asset === 'string') symbols.push(action.asset);
    if (typeof action.payload?.asset === 'string') symbols.push(action.payload.asset);
  }
  printResult(options, describeOrg(view, await book.formatter(symbols)), view);
}
