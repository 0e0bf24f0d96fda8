/**
 * The work txs, signed in this page with the unlocked key (spec/work.md §3): post a job (as the key,
 * or as an org it is a member of: the org's motion that posts it, spec/work.md §2), apply with a bid
 * and a proposal (its bond taken when the job asks one; a team's lead names its split, made here
 * first when asked), assign, deliver, approve, dispute, replace, award, cancel, settle a due
 * milestone, and take a bond back. The job's spec, a proposal and a delivery stay in the page: only
 * their SHA-256 goes on the ledger.
 */
import { useState } from 'preact/hooks';
import { AgoraError, parseAmount, type CommittedResult } from '../../../src/client/index.ts';
import { AccountLink, AddressSelect, Amount } from '../components/common.tsx';
import { assetInfo, chainParams, client } from '../node.ts';
import { getAccountOrgs } from '../org-api.ts';
import { useAsync } from '../use-async.ts';
import type { JobJson } from '../work-api.ts';
import {
  createdJob,
  createdSplit,
  jobApplyPayloadOf,
  jobPostPayloadOf,
  orgJobAddress,
  orgJobProposal,
  proposedMotion,
  resolutionToWorker,
  teamSplitMembersOf,
  textHash,
  type JobPostForm,
} from '../work-view.ts';
import { OrgButton } from './org-forms.tsx';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

async function decimalsOf(symbol: string): Promise<number> {
  const info = await assetInfo(symbol.trim().toUpperCase());
  if (info === undefined) throw new AgoraError('unknown_asset', `no asset ${symbol}`);
  return info.decimals;
}

const START: JobPostForm = { spec: '', milestones: '', asset: 'AGR', mode: 'single', applyWithin: '3 d', deliverWithin: '7 d', deadlineWithin: '30 d', reviewWindow: '14 d', bond: '', arbiter: '', arbiterFee: '' };

const POST_FIELDS: [keyof JobPostForm, string][] = [
  ['milestones', 'Milestones: one amount each, separated by commas (the budget, their sum, is locked when you post)'],
  ['asset', 'Asset'],
  ['applyWithin', 'Applications close in (e.g. 3 d, 6 h, 90 s)'],
  ['deliverWithin', 'The first milestone is due in'],
  ['deadlineWithin', 'The last milestones are due in'],
  ['reviewWindow', 'You have this long to approve or dispute a delivery, else it is paid'],
  ['bond', 'Bond each applicant puts up (optional; forfeited to you by a worker who vanishes)'],
  ['arbiter', 'Arbiter (optional address; without one nothing can be disputed)'],
  ['arbiterFee', 'Arbiter’s fee, out of a disputed milestone'],
];

/** A post proposed as an org's motion: the job it will be once the motion passes and is executed. */
interface OrgPost {
  org: string;
  motion: number;
  job: string;
}

export function PostJobForm({ session }: { session: Session }) {
  const [form, setForm] = useState<JobPostForm>(START);
  const [poster, setPoster] = useState('');
  const [orgPost, setOrgPost] = useState<OrgPost | undefined>(undefined);
  const orgs = useAsync(() => getAccountOrgs(session.entry.address), [session.entry.address]);
  const run = async (): Promise<CommittedResult> => {
    setOrgPost(undefined);
    const [decimals, status] = await Promise.all([decimalsOf(form.asset), client.status()]);
    const payload = jobPostPayloadOf(form, decimals, status.lastBlockTimeMs);
    if (poster === '') return client.sendTx(session.key, 'job.post', payload);
    // An org posts only by motion: its budget leaves the treasury when the motion passes and is executed.
    const result = await client.sendTx(session.key, 'org.propose', orgJobProposal(poster, { kind: 'post', payload }));
    const motion = proposedMotion(result.receipt.events);
    if (motion !== undefined) setOrgPost({ org: poster, motion, job: orgJobAddress((await chainParams()).chainId, poster, motion) });
    return result;
  };
  const asOrg = poster !== '';
  return (
    <TxForm
      title="Post a job"
      submitLabel={asOrg ? 'Sign and propose the org’s motion' : 'Sign and post (locks the budget)'}
      run={run}
      testId="job-post"
      outcome={(result) => {
        if (orgPost !== undefined) {
          return (
            <span data-testid="job-post-motion">
              Motion {orgPost.motion} of <a href={`/orgs/${orgPost.org}`}>the org</a> proposed: once it passes and is executed, the job is{' '}
              <a href={`/jobs/${orgPost.job}`} data-testid="new-job">{orgPost.job}</a>.
            </span>
          );
        }
        const job = createdJob(result.receipt.events);
        return job === undefined ? null : (
          <>
            Your job: <a href={`/jobs/${job}`} data-testid="new-job">{job}</a>.
          </>
        );
      }}
    >
      {(orgs.data?.length ?? 0) > 0 && (
        <label>
          Post as
          <select name="poster" value={poster} onChange={(e) => setPoster(inputValue(e))}>
            <option value="">yourself (the budget leaves your account now)</option>
            {orgs.data?.map((o) => (
              <option key={o.org} value={o.org}>
                {o.name}: the org’s motion (the budget from its treasury once passed)
              </option>
            ))}
          </select>
        </label>
      )}
      {asOrg && (
        <p class="muted" data-testid="job-post-org">
          You propose a motion of <AccountLink address={poster} />, staking its motion stake of reputation. Unless a member objects, it passes after the motion period; then anyone executes it on the org’s page, and the job is posted with the org as its client. The org assigns, approves and cancels by motion too.
        </p>
      )}
      <label>
        The job (only its SHA-256 goes on the ledger: keep the text to show applicants)
        <textarea name="spec" rows={3} value={form.spec} onInput={(e) => setForm({ ...form, spec: inputValue(e) })} />
      </label>
      <label>
        Mode
        <select name="mode" value={form.mode} onChange={(e) => setForm({ ...form, mode: inputValue(e) })}>
          <option value="single">one worker, paid by milestone</option>
          <option value="contest">a contest: several submit, you award</option>
          <option value="team">a team, paid through its split</option>
        </select>
      </label>
      {POST_FIELDS.map(([name, label]) => (
        <label key={name}>
          {label}
          <input name={name} class={name === 'arbiter' ? 'mono' : undefined} value={form[name]} onInput={(e) => setForm({ ...form, [name]: inputValue(e) })} />
        </label>
      ))}
    </TxForm>
  );
}

export function ApplyForm({ job, session, onDone }: { job: JobJson; session: Session; onDone: () => void }) {
  const [form, setForm] = useState({ proposal: '', bid: '', payee: '', team: '' });
  const run = async (): Promise<CommittedResult> => {
    const decimals = await decimalsOf(job.asset);
    let payee = form.payee.trim();
    if (job.mode === 'team' && payee === '' && form.team.trim() !== '') {
      // The lead makes the team's split first (spec/work.md §2 `team`); kept in the form, so a retry does not make another.
      const made = await client.sendTx(session.key, 'split.create', { members: teamSplitMembersOf(form.team, session.entry.address) });
      payee = createdSplit(made.receipt.events) ?? '';
      setForm((previous) => ({ ...previous, payee }));
    }
    const result = await client.sendTx(session.key, 'job.apply', jobApplyPayloadOf(job.address, { ...form, payee }, decimals));
    onDone();
    return result;
  };
  const contest = job.mode === 'contest';
  return (
    <TxForm title={contest ? 'Submit' : 'Apply'} submitLabel={job.bond === null ? 'Sign and apply' : 'Sign, apply and put up the bond'} run={run} testId="job-apply">
      {job.bond !== null && (
        <p class="muted" data-testid="job-apply-bond">
          You put up a bond of <Amount amount={job.bond} asset={job.asset} />: yours again when you are not assigned or when the job ends; the client’s if you are assigned and deliver nothing by the first deadline.
        </p>
      )}
      <label>
        {contest ? 'Your submission' : 'Your proposal'} (only its SHA-256 goes on the ledger)
        <textarea name="proposal" rows={3} value={form.proposal} onInput={(e) => setForm({ ...form, proposal: inputValue(e) })} />
      </label>
      <label>
        Your bid in {job.asset} (optional)
        <input name="bid" inputMode="decimal" value={form.bid} onInput={(e) => setForm({ ...form, bid: inputValue(e) })} size={10} />
      </label>
      {job.mode === 'team' && (
        <>
          <p class="muted">The job pays your team through a split that forwards each payment to its members by weight. You lead it: you made it, you are among its members, and you sign for the team.</p>
          <label>
            Your team’s split, if you made one
            <input name="payee" class="mono" value={form.payee} onInput={(e) => setForm({ ...form, payee: inputValue(e) })} />
          </label>
          <label>
            Or make it now: one member a line, its address and weight (you among them)
            <textarea name="team" class="mono" rows={3} value={form.team} disabled={form.payee.trim() !== ''} placeholder={`${session.entry.address} 1`} onInput={(e) => setForm({ ...form, team: inputValue(e) })} />
          </label>
        </>
      )}
    </TxForm>
  );
}

/** Assigns `worker`, with the arbiter of the client's choice among the job's (spec/work.md §3.3). */
export function AssignForm({ job, worker, session, onDone }: { job: JobJson; worker: string; session: Session; onDone: () => void }) {
  const [arbiter, setArbiter] = useState(job.arbiters[0]?.address ?? '');
  const run = async (): Promise<CommittedResult> => {
    const result = await client.sendTx(session.key, 'job.assign', arbiter === '' ? { job: job.address, worker } : { job: job.address, worker, arbiter });
    onDone();
    return result;
  };
  return (
    <TxForm title="Assign" submitLabel="Assign (opens the escrow)" run={run} testId="job-assign">
      {job.arbiters.length > 0 && (
        <AddressSelect label="Arbiter" name="arbiter" value={arbiter} addresses={job.arbiters.map((a) => a.address)} none="none (nothing can be disputed)" onChange={setArbiter} />
      )}
    </TxForm>
  );
}

export function DeliverForm({ job, milestone, session, onDone }: { job: JobJson; milestone: number; session: Session; onDone: () => void }) {
  const [document, setDocument] = useState('');
  const run = async (): Promise<CommittedResult> => {
    const payload = document.trim() === '' ? { job: job.address, milestone } : { job: job.address, milestone, document: textHash(document) };
    const result = await client.sendTx(session.key, 'job.deliver', payload);
    onDone();
    return result;
  };
  return (
    <TxForm title={`Deliver milestone ${milestone + 1}`} submitLabel={`Deliver milestone ${milestone + 1}`} run={run} testId="job-deliver">
      <label>
        What you deliver (optional; only its SHA-256 goes on the ledger)
        <textarea name="delivery" rows={2} value={document} onInput={(e) => setDocument(inputValue(e))} />
      </label>
    </TxForm>
  );
}

export function AwardForm({ job, session, onDone }: { job: JobJson; session: Session; onDone: () => void }) {
  const open = job.applicants.filter((a) => a.status === 'applied' && a.awarded === null);
  const [to, setTo] = useState(open[0]?.applicant ?? '');
  const [amount, setAmount] = useState('');
  const run = async (): Promise<CommittedResult> => {
    const result = await client.sendTx(session.key, 'job.award', { job: job.address, to, amount: parseAmount(amount.trim(), await decimalsOf(job.asset)) });
    onDone();
    return result;
  };
  return (
    <TxForm title="Award" submitLabel="Award" run={run} testId="job-award">
      <div class="row">
        <AddressSelect label="To" name="award-to" value={to} addresses={open.map((a) => a.applicant)} grow onChange={setTo} />
        <label>
          Amount ({job.asset})
          <input name="award-amount" inputMode="decimal" value={amount} onInput={(e) => setAmount(inputValue(e))} size={10} />
        </label>
      </div>
    </TxForm>
  );
}

/** The arbiter of a disputed job divides what its escrow holds: its fee first, then the worker's part, the rest back to the job. */
export function ResolveForm({ job, held, fee, session, onDone }: { job: JobJson; held: bigint; fee: bigint; session: Session; onDone: () => void }) {
  const [toWorker, setToWorker] = useState('');
  const run = async (): Promise<CommittedResult> => {
    const decimals = await decimalsOf(job.asset);
    const amount = parseAmount(toWorker.trim() === '' ? '0' : toWorker.trim(), decimals);
    const result = await client.sendTx(session.key, 'escrow.resolve', { escrow: job.escrow ?? '', toPayee: resolutionToWorker(job.asset, decimals, held, fee, amount) });
    onDone();
    return result;
  };
  return (
    <TxForm title="Resolve the dispute" submitLabel="Resolve the dispute" run={run} testId="job-resolve">
      <label>
        To the worker, in {job.asset} (your fee comes off first; the job gets the rest back)
        <input name="to-worker" inputMode="decimal" value={toWorker} onInput={(e) => setToWorker(inputValue(e))} size={10} />
      </label>
    </TxForm>
  );
}

/** The one-click actions: approve a milestone, dispute, replace, cancel, settle, withdraw a bond. */
export function JobButton({ job, session, action, milestone, onDone }: { job: JobJson; session: Session; action: 'approve' | 'dispute' | 'replace' | 'cancel' | 'settle' | 'withdraw'; milestone?: number; onDone: () => void }) {
  const address = job.address;
  const [label, run]: [string, () => Promise<CommittedResult>] = (() => {
    switch (action) {
      case 'approve':
        return [`Approve milestone ${(milestone ?? 0) + 1} (pay the worker)`, () => client.sendTx(session.key, 'job.approve', { job: address, milestone: milestone ?? 0 })];
      case 'dispute':
        return ['Dispute (the arbiter divides the held milestones)', () => client.sendTx(session.key, 'job.dispute', { job: address })];
      case 'replace':
        return ['Replace the worker (their bond comes to you)', () => client.sendTx(session.key, 'job.replace', { job: address })];
      case 'cancel':
        return ['Close the job (what is left comes back to you)', () => client.sendTx(session.key, 'job.cancel', { job: address })];
      case 'settle':
        return ['Settle what is due', () => client.sendTx(session.key, 'escrow.settle', { escrow: job.escrow ?? '' })];
      case 'withdraw':
        return ['Take your bond back', () => client.sendTx(session.key, 'job.withdraw', { job: address })];
    }
  })();
  return <OrgButton title={label} label={label} testId={`job-${action}`} run={run} onDone={onDone} />;
}
