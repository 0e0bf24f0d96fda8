import type { Command } from 'commander';
import type { CommittedResult } from '../../client/types.ts';
import type { JobArbiter, JobMode, JobPostPayload } from '../../ledger/work/types.ts';
import { sha256 } from '../../crypto/hash.ts';
import { ESCROW_TRANCHES_MAX, JOB_ARBITERS_MAX } from '../../ledger/limits.ts';
import { AMOUNT_HELP, AssetBook } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { checkContractAddress, checkSymbol, collect, parseDeadline, printContractTx, sendContractTx } from './contracts-common.ts';
import { parseCredentialName, parseWindow } from './market-common.ts';
import { ORG_JOB_FLAG, orgOf, proposeJobMotion } from './job-org.ts';
import { describeJob, fetchJob, milestoneNumber, nextStep, parseMilestone } from './job-view.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { documentHashes, parseCount, table } from './records-common.ts';

/**
 * `agora job …` (spec/work.md): post, show, apply, assign, deliver, approve, dispute, replace, award,
 * cancel, withdraw. Flags are checked before a key is unlocked; amounts are read with the job asset's
 * decimals (src/cli/amounts.ts); `--milestone N` counts from 1 (job-view.ts, which also shows a job to
 * people); every tx waits for its commit; a refusal exits 1 with the ledger's code (job_assigned,
 * already_delivered, wrong_party, over_budget, …) on stderr. The arbiter resolves a disputed job on
 * its escrow (`agora escrow resolve --escrow ESCROW`), and anyone settles it there. With `--org ORG`,
 * post, assign, approve, dispute, replace, award and cancel propose the org's motion that does it
 * instead (job-org.ts, spec/work.md §2).
 */

const EXAMPLES = `
Examples:
  agora job post --from alice --title "Port the parser to Rust" --milestone 300 --milestone 700 \\
      --apply-by 3d --deliver-by 7d --bond 50 --arbiter carol --arbiter-fee 20
  agora job list --mode contest                  (the jobs board: open jobs taking applications)
  agora job list --worker bob                     (my jobs as worker; --client alice: as client)
  agora job show JOB
  agora job apply --from bob --job JOB --bid 900 --proposal "two weeks, tests first"
  agora job assign --from alice --job JOB --worker bob   (the job's one arbiter, carol)
  agora job deliver --from bob --job JOB --milestone 1 --doc ./report.pdf   (milestones count from 1)
  agora job approve --from alice --job JOB --milestone 1
  agora job dispute --from alice --job JOB --milestone 2
  agora job replace --from alice --job JOB        (after the first-delivery deadline, nothing delivered)
  agora job award --from alice --job CONTEST --to bob --amount 600
  agora job cancel --from alice --job JOB         (before assignment only)
  agora job withdraw --from dave --job JOB        (an applicant takes its bond back)
  agora job list --arbiter carol                  (the jobs naming carol among their arbiters)
  agora job post --from alice --org ORG --spec "Route planner" --milestone 200 --milestone 300 \
      --apply-by 3d --deliver-by 7d --deadline 30d   (proposes the org's motion; prints motion, jobId)
  agora job assign --from alice --org ORG --job JOB --worker dave   (and approve, dispute, replace, award, cancel)
  agora org execute --from bob --org ORG --motion N  (once the motion passed: the job tx runs)`;

const MODES: readonly JobMode[] = ['single', 'contest', 'team'];

/** The deadlines of `job post` when not given, from the latest block (as the web's post form): a later given one wins (spec/api.md §10). */
const APPLY_BY_DEFAULT = '3d';
const DELIVER_BY_DEFAULT = '7d';
const DEADLINE_DEFAULT = '30d';

/** `--x TEXT` hashed, or `--x-file FILE` hashed: the ledger keeps only the SHA-256 (spec/work.md §3). */
async function hashOf(flag: string, text: string | undefined, file: string | undefined, required: boolean): Promise<Uint8Array | undefined> {
  if (text !== undefined && file !== undefined) throw new CliError('bad_usage', `give --${flag} or --${flag}-file, not both`);
  if (text !== undefined) {
    if (text.length === 0) throw new CliError('bad_usage', `--${flag} is empty`);
    return sha256(new TextEncoder().encode(text));
  }
  if (file !== undefined) return (await documentHashes([file]))?.[0];
  if (required) throw new CliError('bad_usage', `give --${flag} TEXT or --${flag}-file FILE${flag === 'spec' ? ' (or --title TEXT)' : ''}`);
  return undefined;
}

interface PostFlags {
  from: string;
  title?: string;
  spec?: string;
  specFile?: string;
  milestone: string[];
  asset?: string;
  mode?: string;
  contest?: boolean;
  applyBy?: string;
  deliverBy?: string;
  deadline?: string;
  reviewWindow?: string;
  arbiter: string[];
  arbiterFee: string[];
  arbiterWindow?: string;
  bond?: string;
  requires?: string;
  org?: string;
}

async function jobPost(options: GlobalOptions, flags: PostFlags): Promise<void> {
  if (flags.contest === true && flags.mode !== undefined && flags.mode !== 'contest') throw new CliError('bad_usage', `--contest is --mode contest, not --mode ${flags.mode}`);
  const mode = flags.contest === true ? 'contest' : (flags.mode ?? 'single');
  if (!(MODES as readonly string[]).includes(mode)) throw new CliError('bad_usage', '--mode is single, contest or team');
  if (flags.title !== undefined && (flags.spec !== undefined || flags.specFile !== undefined)) throw new CliError('bad_usage', 'give one of --title, --spec and --spec-file: the ledger keeps one hash, of the specification');
  if (flags.milestone.length < 1 || flags.milestone.length > ESCROW_TRANCHES_MAX) throw new CliError('bad_usage', `give 1 to ${ESCROW_TRANCHES_MAX} --milestone`);
  if (flags.arbiter.length !== flags.arbiterFee.length) throw new CliError('bad_usage', 'give one --arbiter-fee for each --arbiter, in the same order');
  if (flags.arbiter.length > JOB_ARBITERS_MAX) throw new CliError('bad_usage', `at most ${JOB_ARBITERS_MAX} --arbiter`);
  if (flags.arbiterWindow !== undefined && flags.arbiter.length === 0) throw new CliError('bad_usage', '--arbiter-window only with --arbiter');
  const org = orgOf(flags.org);
  // The ledger keeps no title: a title given alone is the specification's text, hashed as --spec's.
  const spec = (await hashOf(flags.title !== undefined ? 'title' : 'spec', flags.spec ?? flags.title, flags.specFile, true))!;
  const client = clientFor(options);
  const [params, status] = await Promise.all([client.params(), client.status()]);
  const asset = flags.asset === undefined ? params.nativeAsset : checkSymbol('--asset', flags.asset);
  const book = new AssetBook(client);
  const now = status.lastBlockTimeMs;
  const payload: JobPostPayload = {
    spec,
    asset,
    milestones: [],
    mode: mode as JobMode,
    ...postDeadlines(flags, now),
  };
  if (payload.applyByMs > payload.deliverByMs || payload.deliverByMs > payload.deadlineMs) throw new CliError('bad_usage', '--apply-by ≤ --deliver-by ≤ --deadline');
  for (const text of flags.milestone) payload.milestones.push(await book.amount('--milestone', text, asset));
  if (flags.reviewWindow !== undefined) payload.reviewWindowMs = parseWindow('--review-window', flags.reviewWindow);
  if (flags.arbiter.length > 0) {
    const arbiters: JobArbiter[] = [];
    for (const [i, arbiter] of flags.arbiter.entries()) arbiters.push({ address: await resolveAddress(options.home, arbiter), fee: await book.amount('--arbiter-fee', flags.arbiterFee[i], asset) });
    payload.arbiters = arbiters;
  }
  if (flags.arbiterWindow !== undefined) payload.arbiterWindowMs = parseWindow('--arbiter-window', flags.arbiterWindow);
  if (flags.bond !== undefined) payload.bond = await book.amount('--bond', flags.bond, asset);
  if (flags.requires !== undefined) payload.requires = parseCredentialName('--requires', flags.requires);
  if (org !== undefined) return proposeJobMotion(options, flags.from, org, { kind: 'post', payload });
  const { result, signer } = await sendContractTx(options, flags.from, 'job.post', payload);
  const jobId = result.receipt.events.find((e) => e.type === 'job.posted')?.attributes.job;
  if (jobId === undefined) throw new CliError('internal', `tx ${result.id} committed without a job.posted event`);
  const budget = payload.milestones.reduce((sum, m) => sum + m, 0n);
  printContractTx(options, `job: ${jobId}\n${signer} posted a ${payload.mode} job of ${payload.milestones.length} milestone(s); ${await book.format(budget, asset)} locked`, result, { jobId, poster: signer, asset, budget: budget.toString() });
}

/** --apply-by, --deliver-by and --deadline, each defaulting to its default or the one before it, whichever is later. */
function postDeadlines(flags: PostFlags, now: number): Pick<JobPostPayload, 'applyByMs' | 'deliverByMs' | 'deadlineMs'> {
  const applyByMs = parseDeadline('--apply-by', flags.applyBy ?? APPLY_BY_DEFAULT, now);
  const deliverByMs = flags.deliverBy !== undefined ? parseDeadline('--deliver-by', flags.deliverBy, now) : Math.max(parseDeadline('--deliver-by', DELIVER_BY_DEFAULT, now), applyByMs);
  const deadlineMs = flags.deadline !== undefined ? parseDeadline('--deadline', flags.deadline, now) : Math.max(parseDeadline('--deadline', DEADLINE_DEFAULT, now), deliverByMs);
  return { applyByMs, deliverByMs, deadlineMs };
}

interface ListFlags {
  mode?: string;
  asset?: string;
  client?: string;
  worker?: string;
  arbiter?: string;
  limit: string;
  after?: string;
}

async function jobList(options: GlobalOptions, flags: ListFlags): Promise<void> {
  if (flags.mode !== undefined && !(MODES as readonly string[]).includes(flags.mode)) throw new CliError('bad_usage', '--mode is single, contest or team');
  const roles = (['client', 'worker', 'arbiter'] as const).filter((role) => flags[role] !== undefined);
  if (roles.length > 1) throw new CliError('bad_usage', 'give one of --client, --worker and --arbiter');
  const role = roles[0];
  const mine = role === undefined ? undefined : flags[role];
  if (mine !== undefined && (flags.mode !== undefined || flags.asset !== undefined)) throw new CliError('bad_usage', '--mode and --asset search the board; not with --client, --worker or --arbiter');
  const limit = parseCount('--limit', flags.limit, 1, 100);
  const client = clientFor(options);
  const page =
    mine === undefined
      ? await client.searchJobs({ mode: flags.mode as JobMode | undefined, asset: flags.asset === undefined ? undefined : checkSymbol('--asset', flags.asset), limit, after: flags.after })
      : await client.getAccountJobs(await resolveAddress(options.home, mine), { role, limit, after: flags.after });
  const format = await new AssetBook(client).formatter(page.jobs.map((j) => j.asset));
  const rows = page.jobs.map((j) => [j.address, j.mode, j.state, format(j.budget, j.asset), String(j.milestones.length), nextStep(j)]);
  const human = page.jobs.length === 0 ? 'no job found' : table(['job', 'mode', 'state', 'budget', 'milestones', 'next'], rows);
  printResult(options, page.next === null ? human : `${human}\nmore: --after ${page.next}`, page);
}

/** After a job tx: the job as it now is, and the trade a settled milestone recorded (what `agora review commit` takes). */
async function printJobTx(options: GlobalOptions, done: string, address: string, result: CommittedResult): Promise<void> {
  const job = await fetchJob(options, address);
  const trade = result.receipt.events.find((event) => event.type === 'trade.recorded')?.attributes.trade;
  const reviewHint = trade === undefined ? '' : `; trade ${trade}: review the other side with agora review commit --trade ${trade}`;
  const phases = job.milestones.map((m) => m.phase ?? 'no escrow').join(', ');
  printContractTx(options, `${done} job ${address}: ${job.state}, milestones ${phases}; next: ${nextStep(job)}${reviewHint}`, result, {
    jobId: address,
    state: job.state,
    milestones: job.milestones.map((m) => m.phase),
    worker: job.worker,
    escrow: job.escrow,
    trade: trade ?? null,
  });
}

const MILESTONE_FLAG = ['--milestone <n>', `the milestone, 1-${ESCROW_TRANCHES_MAX} (the first is 1)`] as const;

/** `job assign`'s arbiter: --arbiter, none with --no-arbiter, else the job's only arbiter when it offers exactly one (and it is not the worker). */
async function assignedArbiter(options: GlobalOptions, job: string, worker: string, flag: string | false | undefined): Promise<string | undefined> {
  if (flag === false) return undefined;
  if (flag !== undefined) return resolveAddress(options.home, flag);
  const { arbiters } = await fetchJob(options, job);
  return arbiters.length === 1 && arbiters[0].address !== worker ? arbiters[0].address : undefined;
}

/** `job dispute --milestone N`: N is a milestone of the job, held in its escrow (else the dispute would not be about it). */
async function checkHeld(options: GlobalOptions, job: string, milestone: number): Promise<void> {
  const found = await fetchJob(options, job);
  const held = found.milestones[milestone];
  if (held === undefined) throw new CliError('bad_tranche', `the job has ${found.milestones.length} milestone(s): --milestone ${milestoneNumber(milestone)} is none of them`);
  if (held.phase !== 'held') throw new CliError('tranche_not_held', `milestone ${milestoneNumber(milestone)} is ${held.phase ?? 'in no escrow'}, not held: there is nothing of it to dispute`);
}

export function registerJobCommands(program: Command): Command {
  const job = program.command('job').description('hire and be hired: jobs and bounties whose budget the ledger holds, paid by milestone through an escrow').addHelpText('after', EXAMPLES);

  job
    .command('post')
    .description('post a job: its budget (the sum of the milestones) leaves you now and is held by the job; prints jobId')
    .requiredOption('--from <name>', 'key name of the poster (the client); with --org, of the member proposing the motion')
    .option(...ORG_JOB_FLAG)
    .option('--title <text>', "the job's title, its specification when no --spec or --spec-file is given (the ledger keeps its SHA-256, no title)")
    .option('--spec <text>', "the job's specification; the ledger keeps its SHA-256")
    .option('--spec-file <file>', 'the specification as a file (its SHA-256 goes on the ledger)')
    .option('--milestone <amount>', `one milestone's pay, in --asset: ${AMOUNT_HELP}; repeat it (1-${ESCROW_TRANCHES_MAX})`, collect, [])
    .option('--asset <symbol>', "the job's asset (default: the chain's native asset)")
    .option('--mode <mode>', 'single (one worker), contest (several submit, the poster awards) or team (a split is paid); default single')
    .option('--contest', 'the same as --mode contest')
    .option('--apply-by <duration-or-date>', `applications close then (a duration from the latest block, or an ISO 8601 date); default ${APPLY_BY_DEFAULT}`)
    .option('--deliver-by <duration-or-date>', `milestone 1 is due then; a worker who delivered nothing may be replaced; default ${DELIVER_BY_DEFAULT}, or --apply-by when later`)
    .option('--deadline <duration-or-date>', `the last delivery deadline (a contest: the award deadline); default ${DEADLINE_DEFAULT}, or --deliver-by when later`)
    .option('--review-window <duration>', 'after a delivery the poster approves or disputes within this, else it releases (default 14d)')
    .option('--arbiter <address-or-name>', `an arbiter the job accepts; pair each with --arbiter-fee; repeat it (0-${JOB_ARBITERS_MAX})`, collect, [])
    .option('--arbiter-fee <amount>', 'the fee of the --arbiter at the same place, in the job asset (0: none; at most the smallest milestone)', collect, [])
    .option('--arbiter-window <duration>', 'an arbiter resolves a dispute within this, else it lapses to a refund')
    .option('--bond <amount>', 'what each applicant puts up, returned unless the worker is replaced')
    .option('--requires <registry:type>', 'a credential an applicant must hold, e.g. kyc-eu:kyc')
    .addHelpText('after', '\nExamples:\n  agora job post --from alice --title "Logo, 3 drafts" --milestone 300 --milestone 700 --bond 50 --arbiter carol --arbiter-fee 20\n  agora job post --from alice --title "A logo" --milestone 100 --contest\n  agora job post --from alice --spec "Logo, 3 drafts" --milestone 300 --milestone 700 --apply-by 3d --deliver-by 7d --deadline 30d --bond 50\n  agora job post --from alice --org ORG --spec "Route planner" --milestone 500 --apply-by 3d --deliver-by 7d --deadline 30d   (the org\'s motion; its budget from the treasury)')
    .action(async (flags: PostFlags, command: Command) => jobPost(globalOptions(command), flags));

  job
    .command('list')
    .description('the open jobs taking applications (the jobs board), or with --client/--worker the jobs of an address with each one\'s next step')
    .option('--mode <mode>', 'single, contest or team (the board only)')
    .option('--asset <symbol>', "the job's asset (the board only)")
    .option('--client <address-or-name>', 'the jobs this address posted, newest first, in every state')
    .option('--worker <address-or-name>', 'the jobs this address applied to')
    .option('--arbiter <address-or-name>', 'the jobs naming this address among their arbiters (a disputed one: agora escrow resolve on its escrow)')
    .option('--limit <n>', 'jobs per page (1-100)', '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .addHelpText('after', '\nExamples:\n  agora job list --mode single --json\n  agora job list --worker bob')
    .action(async (flags: ListFlags, command: Command) => jobList(globalOptions(command), flags));

  job
    .command('show')
    .description('a job: its budget, milestones and their phase, applicants with bids and bonds, worker, escrow and next step')
    .argument('<job>', 'the job id')
    .addHelpText('after', '\nExample:\n  agora job show JOB --json')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const found = await fetchJob(options, id);
      printResult(options, describeJob(found, await new AssetBook(clientFor(options)).formatter([found.asset])), found);
    });

  job
    .command('apply')
    .description("apply to a job with a proposal (a contest: your submission) and a bid; the job's bond, if any, is held until you withdraw")
    .requiredOption('--from <name>', 'key name of the applicant (a team: its lead)')
    .requiredOption('--job <id>', 'the job')
    .option('--proposal <text>', 'the proposal; the ledger keeps its SHA-256 (default: the SHA-256 of the empty text, no proposal)')
    .option('--proposal-file <file>', 'the proposal as a file')
    .option('--bid <amount>', `what you ask, in the job asset: ${AMOUNT_HELP}`)
    .option('--payee <split>', 'a team job: the split you created that the escrow pays')
    .addHelpText('after', '\nExample:\n  agora job apply --from bob --job JOB --bid 900 --proposal "two weeks, tests first"')
    .action(async (flags: { from: string; job: string; proposal?: string; proposalFile?: string; bid?: string; payee?: string }, command: Command) => {
      const options = globalOptions(command);
      const proposal = (await hashOf('proposal', flags.proposal, flags.proposalFile, false)) ?? sha256(new Uint8Array(0));
      const payee = flags.payee === undefined ? undefined : checkContractAddress('--payee', flags.payee);
      const found = await fetchJob(options, flags.job);
      const bid = flags.bid === undefined ? undefined : await new AssetBook(clientFor(options)).amount('--bid', flags.bid, found.asset);
      const { result } = await sendContractTx(options, flags.from, 'job.apply', { job: found.address, proposal, ...(bid === undefined ? {} : { bid }), ...(payee === undefined ? {} : { payee }) });
      await printJobTx(options, 'applied to', found.address, result);
    });

  job
    .command('assign')
    .description('by the poster: assign an applicant; the budget moves into an escrow, a tranche per milestone; other applicants may withdraw their bonds')
    .requiredOption('--from <name>', 'key name of the poster; with --org, of the member proposing the motion')
    .option(...ORG_JOB_FLAG)
    .requiredOption('--job <id>', 'the job')
    .requiredOption('--worker <address-or-name>', 'the applicant')
    .option('--arbiter <address-or-name>', 'one of the arbiters the job accepts (default: the job\'s only arbiter when it offers one; without one, no dispute is possible)')
    .option('--no-arbiter', 'no arbiter, even when the job offers one: no dispute is possible')
    .addHelpText('after', '\nExamples:\n  agora job assign --from alice --job JOB --worker bob\n  agora job assign --from alice --job JOB --worker bob --arbiter carol')
    .action(async (flags: { from: string; org?: string; job: string; worker: string; arbiter?: string | false }, command: Command) => {
      const options = globalOptions(command);
      const id = checkContractAddress('--job', flags.job);
      const org = orgOf(flags.org);
      const worker = await resolveAddress(options.home, flags.worker);
      const arbiter = await assignedArbiter(options, id, worker, flags.arbiter);
      const payload = { job: id, worker, ...(arbiter === undefined ? {} : { arbiter }) };
      if (org !== undefined) return proposeJobMotion(options, flags.from, org, { kind: 'assign', payload });
      const { result } = await sendContractTx(options, flags.from, 'job.assign', payload);
      await printJobTx(options, 'assigned', id, result);
    });

  job
    .command('deliver')
    .description("by the worker (a team's lead): deliver a milestone; the poster's review window starts, after which it releases by itself")
    .requiredOption('--from <name>', 'key name of the worker')
    .requiredOption('--job <id>', 'the job')
    .requiredOption(...MILESTONE_FLAG)
    .option('--doc <file>', 'a delivery document: its SHA-256 goes on the ledger, the file stays with you')
    .addHelpText('after', '\nExample:\n  agora job deliver --from bob --job JOB --milestone 1 --doc ./draft.pdf')
    .action(async (flags: { from: string; job: string; milestone: string; doc?: string }, command: Command) => {
      const options = globalOptions(command);
      const id = checkContractAddress('--job', flags.job);
      const milestone = parseMilestone(flags.milestone);
      const document = (await documentHashes(flags.doc === undefined ? undefined : [flags.doc]))?.[0];
      const { result } = await sendContractTx(options, flags.from, 'job.deliver', { job: id, milestone, ...(document === undefined ? {} : { document }) });
      await printJobTx(options, `delivered milestone ${milestoneNumber(milestone)} of`, id, result);
    });

  job
    .command('approve')
    .description('by the poster, or for an org\'s job by a holder of its approver role (spec/work.md §2.1): approve a milestone; the worker is paid it now')
    .requiredOption('--from <name>', 'key name of the poster (or of a holder of the poster org\'s approver role); with --org, of the member proposing the motion')
    .option(...ORG_JOB_FLAG)
    .requiredOption('--job <id>', 'the job')
    .requiredOption(...MILESTONE_FLAG)
    .addHelpText('after', '\nExample:\n  agora job approve --from alice --job JOB --milestone 1')
    .action(async (flags: { from: string; org?: string; job: string; milestone: string }, command: Command) => {
      const options = globalOptions(command);
      const id = checkContractAddress('--job', flags.job);
      const org = orgOf(flags.org);
      const milestone = parseMilestone(flags.milestone);
      if (org !== undefined) return proposeJobMotion(options, flags.from, org, { kind: 'approve', payload: { job: id, milestone } });
      const { result } = await sendContractTx(options, flags.from, 'job.approve', { job: id, milestone });
      await printJobTx(options, `approved milestone ${milestoneNumber(milestone)} of`, id, result);
    });

  for (const [name, description, who, done] of [
    ['dispute', "by the poster (for an org's job, a holder of its approver role) or the worker: every held milestone goes to the job's arbiter (agora escrow resolve on the job's escrow)", 'key name of the poster, the approver or the worker', 'disputed'],
    ['replace', 'by the poster, after the first-delivery deadline with nothing delivered: the budget returns to the job, the bond to you; assign another applicant', 'key name of the poster', 'replaced the worker of'],
    ['cancel', 'by the poster, before assignment (a contest past its deadline: anyone): what is left of the budget returns to the poster', 'key name of the poster', 'cancelled'],
    ['withdraw', 'by an applicant: take your bond back (not while you are the worker of an open escrow)', 'key name of the applicant', 'withdrew from'],
  ] as const) {
    const sub = job
      .command(name)
      .description(description)
      .requiredOption('--from <name>', name === 'withdraw' ? who : `${who}; with --org, of the member proposing the motion`);
    // An applicant withdraws its own bond: no org motion does that (spec/org.md §4 `job`).
    if (name !== 'withdraw') sub.option(...ORG_JOB_FLAG);
    // A dispute takes every held milestone to the arbiter (spec/work.md §3.4); DESIGN.md's form names one, checked to be held.
    if (name === 'dispute') sub.option('--milestone <n>', `a held milestone, 1-${ESCROW_TRANCHES_MAX} (checked; every held milestone goes to the arbiter with it)`);
    sub
      .requiredOption('--job <id>', 'the job')
      .addHelpText('after', `\nExample:\n  agora job ${name} --from ${name === 'withdraw' ? 'dave' : 'alice'} --job JOB${name === 'withdraw' ? '' : `\n  agora job ${name} --from alice --org ORG --job JOB   (the org's motion)`}`)
      .action(async (flags: { from: string; org?: string; job: string; milestone?: string }, command: Command) => {
        const options = globalOptions(command);
        const id = checkContractAddress('--job', flags.job);
        const org = orgOf(flags.org);
        if (flags.milestone !== undefined) await checkHeld(options, id, parseMilestone(flags.milestone));
        if (org !== undefined && name !== 'withdraw') return proposeJobMotion(options, flags.from, org, { kind: name, payload: { job: id } });
        const kind = `job.${name}` as const;
        const { result } = await sendContractTx(options, flags.from, kind, { job: id });
        await printJobTx(options, done, id, result);
      });
  }

  job
    .command('award')
    .description('by the poster of a contest: pay an applicant out of the budget (never more than what is left: over_budget)')
    .requiredOption('--from <name>', 'key name of the poster; with --org, of the member proposing the motion')
    .option(...ORG_JOB_FLAG)
    .requiredOption('--job <id>', 'the contest')
    .requiredOption('--to <address-or-name>', 'the applicant awarded')
    .requiredOption('--amount <amount>', `in the job asset: ${AMOUNT_HELP}`)
    .addHelpText('after', '\nExample:\n  agora job award --from alice --job CONTEST --to bob --amount 600')
    .action(async (flags: { from: string; org?: string; job: string; to: string; amount: string }, command: Command) => {
      const options = globalOptions(command);
      const org = orgOf(flags.org);
      const found = await fetchJob(options, flags.job);
      const to = await resolveAddress(options.home, flags.to);
      const amount = await new AssetBook(clientFor(options)).amount('--amount', flags.amount, found.asset);
      if (org !== undefined) return proposeJobMotion(options, flags.from, org, { kind: 'award', payload: { job: found.address, to, amount } }, found.asset);
      const { result } = await sendContractTx(options, flags.from, 'job.award', { job: found.address, to, amount });
      await printJobTx(options, 'awarded', found.address, result);
    });
  return job;
}
