import type { JobContractJson } from '../../client/types.ts';
import { ESCROW_TRANCHES_MAX } from '../../ledger/limits.ts';
import type { AmountFormatter } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { checkContractAddress, parseInteger } from './contracts-common.ts';
import { clientFor } from './node-client.ts';
import { keyValueLines } from './records-common.ts';

/**
 * A job as `agora job` shows it to people (spec/work.md, spec/api.md §10): its milestones numbered
 * from 1, its next step in words, and `--milestone N` read back to the ledger's index.
 */

/**
 * `--milestone N`: people count milestones from 1 (DESIGN.md's CLI forms); the ledger, its JSON and
 * the SDK from 0. Returns the ledger's index.
 */
export function parseMilestone(text: string): number {
  return parseInteger('--milestone', text, 1, ESCROW_TRANCHES_MAX) - 1;
}

/** A ledger milestone index as people count it. */
export const milestoneNumber = (index: number): number => index + 1;

export async function fetchJob(options: GlobalOptions, text: string): Promise<JobContractJson> {
  const address = checkContractAddress('--job', text);
  const contract = await clientFor(options).getContract(address);
  if (contract.type !== 'job') throw new CliError('unknown_contract', `${address} is a ${contract.type}, not a job`);
  return contract;
}

function time(ms: number): string {
  return `${new Date(ms).toISOString()} (${ms})`;
}

/** The next step of a job for people, from its state and its milestones' phases. */
export function nextStep(job: JobContractJson): string {
  if (job.state === 'closed') return 'none: the job is closed (applicants still holding a bond: agora job withdraw)';
  if (job.state === 'open') return job.mode === 'contest' ? 'submitters apply; the poster awards (agora job award)' : job.now.applyOpen ? 'workers apply; the poster assigns one (agora job assign)' : 'the poster assigns an applicant or cancels';
  const delivered = job.milestones.find((m) => m.phase === 'held' && m.deliveredAtMs !== null);
  if (delivered !== undefined) return `the poster approves milestone ${milestoneNumber(delivered.milestone)} (agora job approve) or disputes; it releases by itself from ${time(delivered.reviewEndsMs ?? 0)}`;
  const held = job.milestones.find((m) => m.phase === 'held');
  if (held !== undefined) return `the worker delivers milestone ${milestoneNumber(held.milestone)} (agora job deliver)${job.now.replaceable ? '; the poster may replace the worker (agora job replace)' : ''}`;
  return 'every milestone is settled: the poster may cancel to take back what is left';
}

export function describeJob(job: JobContractJson, format: AmountFormatter): string {
  const rows: [string, string][] = [
    ['job', job.address],
    ['state', job.state],
    ['mode', job.mode],
    ['poster', job.poster],
    ['budget', format(job.budget, job.asset)],
    ['available', format(job.available, job.asset)],
    ['bonds held', format(job.bonds, job.asset)],
  ];
  for (const m of job.milestones) {
    const delivered = m.deliveredAtMs === null ? '' : `, delivered ${time(m.deliveredAtMs)}, review until ${time(m.reviewEndsMs ?? 0)}`;
    rows.push([`milestone ${milestoneNumber(m.milestone)}`, `${format(m.amount, job.asset)} (${m.phase ?? 'no escrow'}${delivered})`]);
  }
  rows.push(['apply by', time(job.applyByMs)], ['deliver by', time(job.deliverByMs)], ['deadline', time(job.deadlineMs)], ['review window', `${job.reviewWindowMs} ms`]);
  if (job.bond !== null) rows.push(['bond', format(job.bond, job.asset)]);
  if (job.requires !== null) rows.push(['requires', `${job.requires.registry}:${job.requires.type}`]);
  for (const arbiter of job.arbiters) rows.push(['arbiter', `${arbiter.address} fee ${format(arbiter.fee, job.asset)}`]);
  for (const a of job.applicants) rows.push(['applicant', `${a.applicant} ${a.status}${a.bid === null ? '' : `, bid ${format(a.bid, job.asset)}`}, bond ${format(a.bond, job.asset)}${a.awarded === null ? '' : `, awarded ${format(a.awarded, job.asset)}`}`]);
  rows.push(['worker', job.worker ?? '(none)'], ['escrow', job.escrow ?? '(none)'], ['next', nextStep(job)], ['as of', `height ${job.at.height}, block time ${time(job.at.timeMs)}`]);
  return keyValueLines(rows);
}
