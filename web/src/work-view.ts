/**
 * What the work pages show and offer, without a browser (test/web/work-pure.test.ts): the post and
 * apply forms as payloads (a post by an org as its motion, a team's split), the board's text filter,
 * each milestone's phase with its deadline, a job's next step in words for one key with the actions
 * open to it (spec/work.md §3), an arbiter's jobs with what it must do, and the trades of the settled
 * milestones that its two sides may review (spec/reputation.md §1).
 */
import { AgoraError, parseAmount } from '../../src/client/index.ts';
import { sha256, toHex, utf8 } from '../../src/crypto/hash.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import type { SplitMember } from '../../src/ledger/accounts/split-state.ts';
import { ESCROW_TRANCHES_MAX, SPLIT_MEMBERS_MAX, SPLIT_WEIGHT_MAX } from '../../src/ledger/limits.ts';
import type { OrgAction } from '../../src/ledger/org/types.ts';
import { tradeIdFor } from '../../src/ledger/market/trades-state.ts';
import type { JobAction as LedgerJobAction, JobApplyPayload, JobMode, JobPostPayload } from '../../src/ledger/work/types.ts';
import { displayAmount } from './format.ts';
import { parseDuration } from './org-view.ts';
import type { ApplicantJson, JobJson, MilestoneJson } from './work-api.ts';

export const JOB_MODES: readonly JobMode[] = ['single', 'contest', 'team'];

/** What only its SHA-256 puts on the ledger: a job's spec, a proposal, a delivery. */
export const textHash = (text: string): Uint8Array => sha256(utf8(text.trim()));

/**
 * The board's text filter. The ledger holds a job's spec as a hash only, so words cannot be searched:
 * the text matches a job whose spec is exactly that text, or whose address, poster or spec hash
 * begins with it.
 */
export function jobMatches(job: JobJson, text: string): boolean {
  const q = text.trim();
  if (q === '') return true;
  if (job.spec === toHex(textHash(q))) return true;
  const lower = q.toLowerCase();
  return [job.address, job.poster, job.spec].some((field) => field.startsWith(lower));
}

export interface JobPostForm {
  /** The job's description; only its SHA-256 leaves the page. */
  spec: string;
  /** Whole units of `asset`, one per milestone, separated by commas or spaces. */
  milestones: string;
  asset: string;
  mode: string;
  /** Durations from now, e.g. `3 d`, `90 s`. */
  applyWithin: string;
  deliverWithin: string;
  deadlineWithin: string;
  reviewWindow: string;
  bond: string;
  arbiter: string;
  arbiterFee: string;
}

/** The post form as a `job.post` payload (spec/work.md §3.1); `decimals` are the asset's, `nowMs` the latest block time. */
export function jobPostPayloadOf(form: JobPostForm, decimals: number, nowMs: number): JobPostPayload {
  if (form.spec.trim() === '') throw new AgoraError('missing_field', 'describe the job: its SHA-256 is the job’s spec');
  if (!(JOB_MODES as readonly string[]).includes(form.mode)) throw new AgoraError('bad_shape', `no job mode ${form.mode}`);
  const amounts = form.milestones.split(/[\s,;]+/).filter((a) => a !== '');
  if (amounts.length < 1 || amounts.length > ESCROW_TRANCHES_MAX) throw new AgoraError('bad_shape', `give 1 to ${ESCROW_TRANCHES_MAX} milestone amounts`);
  const payload: JobPostPayload = {
    spec: textHash(form.spec),
    asset: form.asset.trim().toUpperCase(),
    milestones: amounts.map((a) => parseAmount(a, decimals)),
    mode: form.mode as JobMode,
    applyByMs: nowMs + parseDuration(form.applyWithin, 'applications close in'),
    deliverByMs: nowMs + parseDuration(form.deliverWithin, 'the first delivery is due in'),
    deadlineMs: nowMs + parseDuration(form.deadlineWithin, 'the last delivery is due in'),
  };
  if (payload.applyByMs > payload.deliverByMs || payload.deliverByMs > payload.deadlineMs) throw new AgoraError('bad_shape', 'applications close before the first delivery is due, and that before the last');
  if (form.reviewWindow.trim() !== '') payload.reviewWindowMs = parseDuration(form.reviewWindow, 'the review window');
  if (form.bond.trim() !== '') payload.bond = parseAmount(form.bond.trim(), decimals);
  if (form.arbiter.trim() !== '') payload.arbiters = [{ address: form.arbiter.trim(), fee: form.arbiterFee.trim() === '' ? 0n : parseAmount(form.arbiterFee.trim(), decimals) }];
  else if (form.arbiterFee.trim() !== '') throw new AgoraError('bad_shape', 'an arbiter’s fee needs the arbiter');
  return payload;
}

/** The budget a post locks: the sum of the milestones. */
export const budgetOf = (payload: JobPostPayload): bigint => payload.milestones.reduce((sum, m) => sum + m, 0n);

/** The apply form as a `job.apply` payload (spec/work.md §3.2). */
export function jobApplyPayloadOf(job: string, form: { proposal: string; bid: string; payee: string }, decimals: number): JobApplyPayload {
  if (form.proposal.trim() === '') throw new AgoraError('missing_field', 'write your proposal: its SHA-256 goes with the application');
  const payload: JobApplyPayload = { job, proposal: textHash(form.proposal) };
  if (form.bid.trim() !== '') payload.bid = parseAmount(form.bid.trim(), decimals);
  if (form.payee.trim() !== '') payload.payee = form.payee.trim();
  return payload;
}

/**
 * An org posts and acts on its jobs only by motion (spec/work.md §2, spec/org.md §4 `job`): the
 * `org.propose` payload whose action runs that job kind with the org as signer once the motion passes
 * and is executed (a post: its budget from the treasury).
 */
export const orgJobProposal = (org: string, action: LedgerJobAction): { org: string; action: OrgAction } => ({ org, action: { type: 'job', ...action } });

/** The milestones an org's member may propose to approve: delivered and still held. */
export const approvableMilestones = (job: JobJson): number[] => job.milestones.filter((m) => m.phase === 'held' && m.deliveredAtMs !== null).map((m) => m.milestone);

/** The address an org's job posted by motion `motion` will have: the contract address of (chain, org, motion number, 0). */
export const orgJobAddress = (chainId: string, org: string, motion: number): string => contractAddressFor(chainId, org, BigInt(motion), 0);

/** The motion a committed `org.propose` made, from its event. */
export function proposedMotion(events: readonly { type: string; attributes: { [name: string]: string } }[]): number | undefined {
  const motion = events.find((event) => event.type === 'org.proposed')?.attributes.motion;
  return motion === undefined ? undefined : Number(motion);
}

/**
 * A team's split (spec/work.md §2 `team`, spec/ledger.md §8.4) from lines `ADDRESS WEIGHT` (or
 * `ADDRESS:WEIGHT`; a bare address weighs 1). The lead applies naming it, so it must be among its
 * members (`bad_payee`, checked here before a split is made for nothing).
 */
export function teamSplitMembersOf(text: string, lead: string): SplitMember[] {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length < 1 || lines.length > SPLIT_MEMBERS_MAX) throw new AgoraError('bad_shape', `name 1 to ${SPLIT_MEMBERS_MAX} members, one a line`);
  const members = lines.map((line): SplitMember => {
    const [address, weightText = '1', ...rest] = line.split(/[\s:]+/);
    const weight = Number(weightText);
    if (rest.length > 0 || !/^[0-9]+$/.test(weightText) || weight < 1 || weight > SPLIT_WEIGHT_MAX) throw new AgoraError('bad_shape', `“${line}”: an address and a whole weight from 1 to ${SPLIT_WEIGHT_MAX}`);
    return { address, weight };
  });
  if (new Set(members.map((m) => m.address)).size !== members.length) throw new AgoraError('bad_shape', 'a member is named twice');
  if (!members.some((m) => m.address === lead)) throw new AgoraError('bad_payee', 'you lead the team: name yourself among its members');
  return members;
}

/** The split a committed `split.create` made, from its event. */
export function createdSplit(events: readonly { type: string; attributes: { [name: string]: string } }[]): string | undefined {
  return events.find((event) => event.type === 'split.created')?.attributes.split;
}

/** The job a committed `job.post` made, from its event. */
export function createdJob(events: readonly { type: string; attributes: { [name: string]: string } }[]): string | undefined {
  return events.find((event) => event.type === 'job.posted')?.attributes.job;
}

export type MilestonePhase = 'open' | 'awaiting_delivery' | 'overdue' | 'delivered' | 'release_due' | 'disputed' | 'released' | 'refunded' | 'resolved';

export interface MilestoneStep {
  phase: MilestonePhase;
  words: string;
  /** When the phase ends by itself; undefined when settled or when nothing ends it. */
  deadlineMs?: number;
}

/** Milestone 0 is due by the first-delivery deadline, the others by the job's deadline (spec/work.md §3.3). */
export const milestoneDueMs = (job: JobJson, milestone: number): number => (milestone === 0 ? job.deliverByMs : job.deadlineMs);

/**
 * A milestone's phase at block time `nowMs` (spec/ledger.md §8.2.7–8): before assignment it waits for
 * a worker; then it is delivered by its deadline, approved or released by itself when the review
 * window ends, refunded to the job when not delivered in time, or divided by the arbiter.
 */
export function milestoneStep(job: JobJson, m: MilestoneJson, nowMs: number, disputed = false): MilestoneStep {
  switch (m.phase) {
    case 'released':
      return { phase: 'released', words: 'Paid to the worker.' };
    case 'refunded':
      return { phase: 'refunded', words: 'Not delivered in time: back to the job.' };
    case 'resolved':
      return { phase: 'resolved', words: 'Divided by the arbiter.' };
    case null:
      return job.state === 'closed' ? { phase: 'open', words: 'The job is closed.' } : { phase: 'open', words: 'Waiting for a worker.', deadlineMs: milestoneDueMs(job, m.milestone) };
    case 'held':
      break;
  }
  if (disputed) return { phase: 'disputed', words: 'Disputed: the arbiter decides how it is divided.' };
  if (m.deliveredAtMs !== null) {
    const endsMs = m.reviewEndsMs ?? m.deliveredAtMs;
    if (nowMs < endsMs) return { phase: 'delivered', words: 'Delivered: the client approves or disputes; else it is paid to the worker when the review window ends.', deadlineMs: endsMs };
    return { phase: 'release_due', words: 'Delivered and the review window is over: due to the worker, anyone may settle it.' };
  }
  const dueMs = m.dueMs ?? milestoneDueMs(job, m.milestone);
  if (nowMs < dueMs) return { phase: 'awaiting_delivery', words: 'The worker delivers it by its deadline.', deadlineMs: dueMs };
  return { phase: 'overdue', words: 'Not delivered by its deadline: it goes back to the job when settled.' };
}

export type JobRole = 'client' | 'worker' | 'applicant' | 'other';
export type JobAction = 'apply' | 'assign' | 'award' | 'cancel' | 'deliver' | 'approve' | 'dispute' | 'replace' | 'settle' | 'withdraw';

export interface JobStep {
  role: JobRole;
  /** The next step in words, for this key. */
  words: string;
  actions: JobAction[];
}

export function jobRole(job: JobJson, me: string | undefined): JobRole {
  if (me === undefined) return 'other';
  if (job.poster === me) return 'client';
  if (job.worker === me && job.state === 'assigned') return 'worker';
  if (job.applicants.some((a) => a.applicant === me)) return 'applicant';
  return 'other';
}

const settled = (m: MilestoneJson): boolean => m.phase === 'released' || m.phase === 'refunded' || m.phase === 'resolved';

/** `me`'s application when its bond can be taken back (spec/work.md §3.9: not while its escrow holds a milestone). */
const bondBack = (job: JobJson, me: string | undefined): ApplicantJson | undefined =>
  job.applicants.find((a) => a.applicant === me && a.bond !== '0' && !(job.state === 'assigned' && job.worker === me && job.milestones.some((m) => m.phase === 'held')));

/** The job's next step for `me` and the actions open to it (spec/work.md §3). */
export function jobStep(job: JobJson, me: string | undefined, nowMs: number, disputed = false): JobStep {
  const role = jobRole(job, me);
  const withdraw: JobAction[] = bondBack(job, me) === undefined ? [] : ['withdraw'];
  if (job.state === 'closed') return { role, words: withdraw.length > 0 ? 'Closed: take your bond back.' : 'Closed: nothing is left to do.', actions: withdraw };
  if (job.state === 'open') return openStep(job, role, nowMs, withdraw);
  const steps = job.milestones.map((m) => ({ m, step: milestoneStep(job, m, nowMs, disputed) }));
  const due = steps.some(({ step }) => step.phase === 'release_due' || step.phase === 'overdue');
  const settle: JobAction[] = due ? ['settle'] : [];
  const disputable: JobAction[] = job.arbiters.length > 0 && !disputed && (role === 'client' || role === 'worker') ? ['dispute'] : [];
  if (disputed) return { role, words: 'Disputed: the arbiter divides the held milestones; without a decision in time they follow their default.', actions: [...settle, ...withdraw] };
  const delivered = steps.find(({ step }) => step.phase === 'delivered');
  const next = steps.find(({ step }) => step.phase === 'awaiting_delivery');
  if (steps.every(({ m }) => settled(m))) {
    if (role === 'client') return { role, words: 'Every milestone is settled: review the worker, and close the job to take back what is left.', actions: ['cancel'] };
    if (role === 'worker') return { role, words: withdraw.length > 0 ? 'Every milestone is settled: review the client, and take your bond back.' : 'Every milestone is settled: review the client.', actions: withdraw };
    return { role, words: 'Every milestone is settled: the two sides review each other.', actions: withdraw };
  }
  if (role === 'client') {
    const actions: JobAction[] = [...(delivered !== undefined ? (['approve'] as JobAction[]) : []), ...disputable, ...(job.now.replaceable ? (['replace'] as JobAction[]) : []), ...settle];
    if (delivered !== undefined) return { role, words: `Milestone ${delivered.m.milestone + 1} is delivered: approve it to pay the worker, or dispute it.`, actions };
    if (job.now.replaceable) return { role, words: 'The worker delivered nothing by the first deadline: you may replace them and assign another applicant.', actions };
    return { role, words: next === undefined ? 'Waiting for the held milestones to be settled.' : `Waiting for the worker to deliver milestone ${next.m.milestone + 1}.`, actions };
  }
  if (role === 'worker') {
    const actions: JobAction[] = [...(next !== undefined ? (['deliver'] as JobAction[]) : []), ...disputable, ...settle];
    if (next !== undefined) return { role, words: `Deliver milestone ${next.m.milestone + 1} by its deadline.`, actions };
    return { role, words: delivered === undefined ? 'Waiting for the held milestones to be settled.' : `Milestone ${delivered.m.milestone + 1} is delivered: waiting for the client’s approval; without an answer it is paid to you when the review window ends.`, actions };
  }
  return { role, words: role === 'applicant' ? 'Another worker was assigned.' : 'A worker is assigned and delivering.', actions: [...settle, ...withdraw] };
}

function openStep(job: JobJson, role: JobRole, nowMs: number, withdraw: JobAction[]): JobStep {
  const applied = job.applicants.filter((a) => a.status === 'applied').length;
  const canApply = job.now.applyOpen && nowMs < job.applyByMs;
  if (job.mode === 'contest') {
    const pastDeadline = nowMs >= job.deadlineMs;
    if (role === 'client') {
      if (pastDeadline) return { role, words: 'The contest is over: close it to take back what was not awarded.', actions: ['cancel'] };
      return { role, words: applied === 0 ? 'Waiting for submissions; you may cancel while there is none.' : `${applied} submitted: award amounts among them within the budget.`, actions: applied === 0 ? ['cancel'] : ['award'] };
    }
    if (pastDeadline) return { role, words: 'The contest is over: anyone may close it.', actions: ['cancel', ...withdraw] };
    if (role === 'applicant') return { role, words: 'You submitted: waiting for the client to award.', actions: withdraw };
    return { role, words: canApply ? 'Open to submissions.' : 'Submissions are closed.', actions: canApply ? ['apply'] : [] };
  }
  if (role === 'client') {
    if (applied === 0) return { role, words: 'Waiting for applications; you may cancel and take the budget back.', actions: ['cancel'] };
    return { role, words: `${applied} applied: assign one (their bonds come back to the others), or cancel.`, actions: nowMs < job.deadlineMs ? ['assign', 'cancel'] : ['cancel'] };
  }
  if (role === 'applicant') return { role, words: withdraw.length > 0 ? 'You applied: waiting for the client to assign; you may take your bond back and leave.' : 'You applied: waiting for the client to assign.', actions: withdraw };
  return { role, words: canApply ? 'Open to applications.' : 'Applications are closed.', actions: canApply ? ['apply'] : [] };
}

/** The trade of a settled milestone (spec/reputation.md §1: kind `job`, ref `<escrow>/<tranche>`), or undefined before it settles. */
export function milestoneTradeId(job: JobJson, m: MilestoneJson): string | undefined {
  if (job.escrow === null || !settled(m)) return undefined;
  return tradeIdFor('job', `${job.escrow}/${m.milestone}`);
}

/** Whom `me` reviews on a job's settled milestones: the client its worker, the worker its client. */
export function jobReviewSubject(job: JobJson, me: string | undefined): string | undefined {
  if (me === undefined || job.worker === null) return undefined;
  if (me === job.poster) return job.worker;
  if (me === job.worker) return job.poster;
  return undefined;
}

/**
 * What the arbiter gives the worker out of a disputed job's held milestones (spec/work.md §4: the fee
 * comes off first, the job gets the rest), as `escrow.resolve`'s `toPayee`.
 */
export function resolutionToWorker(asset: string, decimals: number, held: bigint, fee: bigint, toWorker: bigint): { assets?: { asset: string; amount: bigint }[] } {
  const rest = held > fee ? held - fee : 0n;
  if (toWorker < 0n || toWorker > rest) throw new AgoraError('bad_resolution', `the worker may get 0 to ${displayAmount(rest, decimals)} ${asset} (what is held less the arbiter’s fee)`);
  return toWorker === 0n ? {} : { assets: [{ asset, amount: toWorker }] };
}

/** What a job's escrow says that the job does not: whether it is disputed and whom it names as arbiter. */
export interface JobEscrowFacts {
  disputed: boolean;
  arbiter: string | null;
}

export type ArbiterDuty = 'decide' | 'watch' | 'offered' | 'not_chosen' | 'closed';

export interface ArbiterStep {
  duty: ArbiterDuty;
  words: string;
}

/**
 * What a job asks of `me`, one of its arbiters (spec/work.md §3.3–3.4): an assignment chooses one of
 * them, named by the escrow (`escrow`: its facts, undefined before assignment); the chosen one decides
 * the split of a disputed job (escrow.resolve), which its page offers.
 */
export function arbiterStep(job: JobJson, me: string, escrow: JobEscrowFacts | undefined): ArbiterStep {
  if (job.state === 'closed') return { duty: 'closed', words: 'Closed: nothing is left to decide.' };
  if (job.state === 'open' || escrow === undefined) return { duty: 'offered', words: 'Offered as its arbiter: the client may choose you when it assigns a worker.' };
  if (escrow.arbiter !== me) return { duty: 'not_chosen', words: 'The client chose another arbiter, or none: nothing for you here.' };
  if (escrow.disputed) return { duty: 'decide', words: 'Disputed: decide the split of the held milestones — your fee first, the worker’s part, the rest back to the job.' };
  return { duty: 'watch', words: 'You are its arbiter: nothing to decide unless a side disputes.' };
}

const DUTY_ORDER: readonly ArbiterDuty[] = ['decide', 'watch', 'offered', 'not_chosen', 'closed'];

/** An arbiter's jobs with their step, disputed ones first, then in the order given (the API's). */
export function arbiterJobs(jobs: readonly { job: JobJson; escrow?: JobEscrowFacts }[], me: string): { job: JobJson; step: ArbiterStep }[] {
  const rows = jobs.map(({ job, escrow }) => ({ job, step: arbiterStep(job, me, escrow) }));
  return rows.map((row, i) => ({ row, i })).sort((a, b) => DUTY_ORDER.indexOf(a.row.step.duty) - DUTY_ORDER.indexOf(b.row.step.duty) || a.i - b.i).map(({ row }) => row);
}
