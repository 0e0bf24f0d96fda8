import type { Charter } from '../../client/org.ts';
import type { CommittedResult } from '../../client/types.ts';
import { ORG_FOUNDERS_MAX, ORG_NAME_LENGTH_MAX } from '../../ledger/limits.ts';
import { AssetBook, checkAmountText, parseAmountText } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { checkContractAddress, checkSymbol, parseDuration, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { describeContribution, describeMotion, describeOrg, parsePercent, parseReputation } from './org-common.ts';
import { checkText } from './records-common.ts';

/**
 * `agora org create` and `agora org show` (spec/org.md), apart from the tx commands of ./org.ts: the
 * charter read from flags (percentages as parts per million, amounts in their asset's units), and the
 * views of an org, a contribution and a motion.
 */

export interface CreateFlags {
  from: string;
  name: string;
  symbol: string;
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

function eventAttribute(result: CommittedResult, type: string, attribute: string): string {
  const value = result.receipt.events.find((e) => e.type === type)?.attributes[attribute];
  if (value === undefined) throw new CliError('internal', `tx ${result.id} committed without a ${type} event`);
  return value;
}

/** A contribution or motion number. */
function parseNumber(flag: string, text: string): number {
  return parseInteger(flag, text, 0, 999_999_999);
}

export async function orgCreate(options: GlobalOptions, flags: CreateFlags): Promise<void> {
  checkText('--name', flags.name, ORG_NAME_LENGTH_MAX);
  const symbol = checkSymbol('--symbol', flags.symbol);
  const decimals = parseInteger('--decimals', flags.decimals, 0, 18);
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
  const orgId = eventAttribute(result, 'org.created', 'org');
  printContractTx(options, `created org ${orgId} (token ${symbol}); founders: ${eventAttribute(result, 'org.created', 'members')}`, result, { orgId, token: symbol });
}

export async function orgShow(options: GlobalOptions, text: string, flags: { contribution?: string; motion?: string }): Promise<void> {
  const address = checkContractAddress('org', text);
  if (flags.contribution !== undefined && flags.motion !== undefined) throw new CliError('bad_usage', 'give at most one of --contribution and --motion');
  const client = clientFor(options);
  const book = new AssetBook(client);
  if (flags.contribution !== undefined) {
    const found = await client.getOrgContribution(address, parseNumber('--contribution', flags.contribution));
    printResult(options, describeContribution(found), found);
    return;
  }
  if (flags.motion !== undefined) {
    const found = await client.getOrgMotion(address, parseNumber('--motion', flags.motion));
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
