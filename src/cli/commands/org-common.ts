import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommittedResult, OrgContributionResponse, OrgMotionJson, OrgMotionResponse, OrgResponse } from '../../client/types.ts';
import { fromHex, toHex } from '../../crypto/hash.ts';
import type { AmountFormatter } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { checkContractAddress, holdingText, parseInteger } from './contracts-common.ts';
import { keyValueLines, table } from './records-common.ts';

/**
 * What the org commands (src/cli/commands/org.ts, spec/org.md) share: ratios given in percent, the
 * salts of commit-then-reveal kept in the home, and the human views of an org, a contribution and a
 * motion.
 */

/** A ratio flag in percent, `50`, `12.5` or `50%` (at most 4 decimals), as parts per million. */
export function parsePercent(flag: string, text: string): number {
  const match = /^([0-9]{1,3})(?:\.([0-9]{1,4}))?%?$/.exec(text);
  const ppm = match === null ? NaN : Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  if (!Number.isSafeInteger(ppm) || ppm > 1_000_000) throw new CliError('bad_usage', `${flag} "${text}" is not a percentage from 0 to 100 (at most 4 decimals)`);
  return ppm;
}

/**
 * A contribution's or a motion's id as printed under `contributionId` and `motionId`: `ORG/N`, the org's
 * address and the number, so that the next command needs no `--org` (DESIGN.md's forms name none).
 */
export function orgRefId(org: string, id: number): string {
  return `${org}/${id}`;
}

/** An attribute of the committed tx's first event of `type`; its absence is an internal fault. */
export function eventAttribute(result: CommittedResult, type: string, attribute: string): string {
  const value = result.receipt.events.find((e) => e.type === type)?.attributes[attribute];
  if (value === undefined) throw new CliError('internal', `tx ${result.id} committed without a ${type} event`);
  return value;
}

/** A contribution or motion number. */
export function parseOrgNumber(flag: string, text: string): number {
  return parseInteger(flag, text, 0, 999_999_999);
}

/**
 * `--contribution`/`--motion`: `ORG/N` as printed (then `--org` may be left out, and if given must be
 * the same org), or a number N with `--org ORG`.
 */
export function parseOrgRef(flag: string, text: string, orgFlag: string | undefined): { org: string; id: number } {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (orgFlag === undefined) throw new CliError('bad_usage', `${flag} ${text} names no org: give --org ORG, or ${flag} ORG/N as printed (contributionId, motionId)`);
    return { org: checkContractAddress('--org', orgFlag), id: parseOrgNumber(flag, text) };
  }
  const org = checkContractAddress(flag, text.slice(0, slash));
  const id = parseOrgNumber(flag, text.slice(slash + 1));
  if (orgFlag !== undefined && checkContractAddress('--org', orgFlag) !== org) throw new CliError('bad_usage', `${flag} ${text} is a ${flag.slice(2)} of another org than --org ${orgFlag}`);
  return { org, id };
}

/** A reputation amount: a whole number (reputation has no decimals). */
export function parseReputation(flag: string, text: string): bigint {
  if (!/^(0|[1-9][0-9]{0,38})$/.test(text) || BigInt(text) >= 2n ** 128n) throw new CliError('bad_amount', `${flag} "${text}" is not a whole number of reputation`);
  return BigInt(text);
}

/** What `agora org evaluate` or `vote` keeps for its reveal: the value committed and its salt. */
export interface KeptCommit {
  value: number;
  salt: Uint8Array;
}

/** HOME/org-salts/ORG-c3-ADDRESS.json (a contribution) or …-m1-… (a motion), mode 600. */
export function keptCommitFile(home: string, org: string, target: { contribution: number } | { motion: number }, signer: string): string {
  const what = 'contribution' in target ? `c${target.contribution}` : `m${target.motion}`;
  return join(home, 'org-salts', `${org}-${what}-${signer}.json`);
}

/** Keeps a commit before it is sent; never overwrites one (a second commit is refused by the ledger anyway). */
export async function keepCommit(options: GlobalOptions, file: string, kept: KeptCommit, code: 'already_evaluated' | 'already_voted'): Promise<void> {
  if (existsSync(file)) throw new CliError(code, `a commit is kept at ${file}: reveal it with \`agora org reveal\``);
  await mkdir(join(options.home, 'org-salts'), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify({ value: kept.value, salt: toHex(kept.salt) }, null, 2)}\n`, { mode: 0o600 });
}

export async function forgetCommit(file: string): Promise<void> {
  await rm(file, { force: true });
}

export async function keptCommit(file: string): Promise<KeptCommit> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { value: number; salt: string };
    return { value: json.value, salt: fromHex(json.salt) };
  } catch (error) {
    throw new CliError('bad_file', `no commit kept at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): reveal what \`agora org evaluate\` or \`vote\` committed from this home, or give --salt`);
  }
}

function time(ms: number): string {
  return new Date(ms).toISOString();
}

/** A motion's action in words. */
export function actionWords(action: OrgMotionJson['action'], format: AmountFormatter): string {
  const a = action as { [key: string]: unknown };
  switch (a.type) {
    case 'pay':
      return `pay ${String(a.to)} ${holdingText(a as { assets?: { asset: string; amount: string }[]; items?: string[] }, format)}`;
    case 'mint':
      return `mint ${String(a.amount)}base of the org token to ${String(a.to)}`;
    case 'distribute':
      return `distribute ${format(String(a.amount), String(a.asset))} ${a.to === 'holders' ? 'to holders by locked tokens' : 'by reputation'}`;
    case 'member':
      return `add member ${String(a.address)}`;
    case 'remove':
      return `remove member ${String(a.address)}`;
    case 'registry':
      return `create the registry ${String(a.name)}, curated by the org`;
    case 'issue':
    case 'revoke': {
      const credential = a.credential as { registry: string; type: string };
      return `${a.type === 'issue' ? 'grant' : 'revoke'} ${credential.registry}:${credential.type} ${a.type === 'issue' ? 'to' : 'of'} ${String(a.to)}`;
    }
    case 'release':
      return `release tranche ${String(a.tranche)} of the escrow ${String(a.escrow)}`;
    case 'dispute':
      return `dispute the escrow ${String(a.escrow)}`;
    case 'job':
      return jobActionWords(String(a.kind), a.payload as { [key: string]: unknown }, format);
    case 'charter': {
      const approver = (a.charter as { approver?: { registry: string; type: string } }).approver;
      return approver === undefined ? 'change the charter (no approver role)' : `change the charter (approver role ${approver.registry}:${approver.type})`;
    }
    default:
      return `${String(a.type)} ${JSON.stringify(action)}`;
  }
}

/**
 * A job motion's action in words (spec/org.md §4 `job`): its kind and payload as JSON. An award's
 * amount is in the job's asset, which the motion does not name: `jobAsset` when the caller read it,
 * else base units.
 */
export function jobActionWords(kind: string, payload: { [key: string]: unknown }, format: AmountFormatter, jobAsset?: string): string {
  switch (kind) {
    case 'post': {
      const milestones = (payload.milestones as string[]).map(String);
      const budget = milestones.reduce((sum, m) => sum + BigInt(m), 0n);
      return `post a ${String(payload.mode)} job of ${milestones.length} milestone(s), ${format(budget.toString(), String(payload.asset))} from the treasury`;
    }
    case 'assign':
      return `assign the job ${String(payload.job)} to ${String(payload.worker)}${payload.arbiter === undefined ? '' : `, arbiter ${String(payload.arbiter)}`}`;
    case 'approve':
      // People count milestones from 1 (spec/api.md §10); the payload, as the ledger, from 0.
      return `approve milestone ${Number(payload.milestone) + 1} of the job ${String(payload.job)}`;
    case 'award':
      return `award ${jobAsset === undefined ? `${String(payload.amount)} base units` : format(String(payload.amount), jobAsset)} of the job ${String(payload.job)} to ${String(payload.to)}`;
    default:
      return `${kind} the job ${String(payload.job)}`;
  }
}

function motionUntil(motion: OrgMotionJson): string {
  switch (motion.phase) {
    case 'objectable':
      return `objections until ${time(motion.objectionEndsMs)}`;
    case 'voting':
      return `votes until ${time(motion.voteEndsMs ?? 0)}`;
    case 'revealing':
      return `reveals until ${time(motion.revealEndsMs ?? 0)}`;
    case 'passable':
    case 'decidable':
      return 'anyone may execute it now';
    default:
      return '';
  }
}

export function describeOrg(view: OrgResponse, format: AmountFormatter): string {
  const { org } = view;
  const c = org.charter;
  const rows: [string, string][] = [
    ['org', org.address],
    ['name', org.name],
    ['creator', org.creator],
    ['token', `${org.token} (supply ${format(view.tokenSupply, org.token)})`],
    ['membership', c.open ? 'open: anyone may join' : 'closed: members are added by motion'],
    ['members', String(org.members)],
    ['reputation', `${org.reputation} in all, decayed to now`],
    ['treasury', holdingText(org.treasury, format)],
    ['pots', org.pots.length === 0 ? 'nothing' : holdingText({ assets: org.pots }, format)],
    ['locked', `${format(org.holders.locked, org.token)} by holders; their pot ${org.holders.pots.length === 0 ? 'nothing' : holdingText({ assets: org.holders.pots }, format)}`],
    ['evaluation', `window ${c.evaluationWindowMs} ms, quorum ${c.quorumPpm / 10_000}%, threshold ${c.thresholdPpm / 10_000}%, stake ${c.evaluatorStakePpm / 10_000}% of reputation`],
    ['rewards', `${format(c.tokenReward, org.token)} and ${c.reputationReward} reputation at score 100`],
    ['contribution fee', format(c.contributionFee, c.feeAsset)],
    ['motions', `period ${c.motionPeriodMs} ms, stake ${c.motionStake} reputation`],
    ['half-life', `${c.halfLifeMs} ms`],
    ['approver role', c.approver === undefined ? 'none: approvals of its jobs are motions' : `${c.approver.registry}:${c.approver.type} (its holders approve and dispute the org's job milestones)`],
  ];
  const lines = [keyValueLines(rows), '', 'members by reputation:', table(['address', 'reputation', 'owed'], view.members.map((m) => [m.address, m.reputation, m.owed.length === 0 ? '-' : holdingText({ assets: m.owed }, format)]))];
  lines.push('', 'open contributions:', view.openContributions.length === 0 ? '(none)' : table(['id', 'contributor', 'phase', 'until', 'description'], view.openContributions.map((k) => [String(k.id), k.contributor, k.phase, k.phase === 'committing' ? time(k.commitEndsMs) : k.phase === 'revealing' ? time(k.revealEndsMs) : 'close it now', k.description])));
  lines.push('', 'open motions:', view.openMotions.length === 0 ? '(none)' : table(['id', 'proposer', 'phase', 'when', 'action'], view.openMotions.map((m) => [String(m.id), m.proposer, m.phase, motionUntil(m), actionWords(m.action, format)])));
  return lines.join('\n');
}

export function describeContribution(found: OrgContributionResponse): string {
  const k = found.contribution;
  const rows: [string, string][] = [
    ['contribution', `${k.id} of ${k.org}`],
    ['contributor', k.contributor],
    ['description', k.description],
    ['document', k.document],
    ['status', k.status],
    ['phase', k.phase],
    ['commits until', time(k.commitEndsMs)],
    ['reveals until', time(k.revealEndsMs)],
    ['weights', `up ${k.upWeight}, down ${k.downWeight}, base ${k.base}`],
  ];
  if (k.domain !== null) rows.push(['domain', k.domain]);
  if (k.score !== null) rows.push(['score', String(k.score)]);
  if (k.pool !== null) rows.push(['pool', `${k.pool} reputation shared by ${k.points} points`]);
  const evaluations = table(['order', 'evaluator', 'weight', 'stake', 'score', 'claimed'], found.evaluations.map((e) => [String(e.order), e.evaluator, e.weight, e.stake, e.score === null ? '(sealed)' : String(e.score), e.claimed ? 'yes' : 'no']));
  return `${keyValueLines(rows)}\n\nevaluations:\n${found.evaluations.length === 0 ? '(none)' : evaluations}`;
}

export function describeMotion(found: OrgMotionResponse, format: AmountFormatter): string {
  const m = found.motion;
  const rows: [string, string][] = [
    ['motion', `${m.id} of ${m.org}`],
    ['proposer', `${m.proposer} (stake ${m.stake} reputation)`],
    ['action', actionWords(m.action, format)],
    ['status', m.status],
    ['phase', m.phase],
    ['objections until', time(m.objectionEndsMs)],
  ];
  if (m.objector !== null) rows.push(['objector', m.objector], ['votes until', time(m.voteEndsMs ?? 0)], ['reveals until', time(m.revealEndsMs ?? 0)], ['tally', `yes ${m.yes}, no ${m.no} of base ${m.base}`]);
  const votes = table(['voter', 'weight', 'vote'], found.votes.map((v) => [v.voter, v.weight, v.vote ?? '(sealed)']));
  return `${keyValueLines(rows)}${found.votes.length === 0 ? '' : `\n\nvotes:\n${votes}`}`;
}
