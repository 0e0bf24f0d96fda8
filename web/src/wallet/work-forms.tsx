/**
 * The work txs, signed in this page with the unlocked key (spec/work.md §3): post a job, apply with
 * a bid and a proposal (its bond taken when the job asks one), assign, deliver, approve, dispute,
 * replace, award, cancel, settle a due milestone, and take a bond back. The job's spec, a proposal and
 * a delivery stay in the page: only their SHA-256 goes on the ledger.
 */
import { useState } from 'preact/hooks';
import { AgoraError, parseAmount, type CommittedResult } from '../../../src/client/index.ts';
import { Amount } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import type { JobJson } from '../work-api.ts';
import { createdJob, jobApplyPayloadOf, jobPostPayloadOf, resolutionToWorker, textHash, type JobPostForm } from '../work-view.ts';
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

export function PostJobForm({ session }: { session: Session }) {
  const [form, setForm] = useState<JobPostForm>(START);
  const run = async (): Promise<CommittedResult> => {
    const [decimals, status] = await Promise.all([decimalsOf(form.asset), client.status()]);
    return client.sendTx(session.key, 'job.post', jobPostPayloadOf(form, decimals, status.lastBlockTimeMs));
  };
  return (
    <TxForm
      title="Post a job"
      submitLabel="Sign and post (locks the budget)"
      run={run}
      testId="job-post"
      outcome={(result) => {
        const job = createdJob(result.receipt.events);
        return job === undefined ? null : (
          <>
            Your job: <a href={`/jobs/${job}`} data-testid="new-job">{job}</a>.
          </>
        );
      }}
    >
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
  const [form, setForm] = useState({ proposal: '', bid: '', payee: '' });
  const run = async (): Promise<CommittedResult> => {
    const result = await client.sendTx(session.key, 'job.apply', jobApplyPayloadOf(job.address, form, await decimalsOf(job.asset)));
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
        <label>
          Your team’s split (you created it and are among its members: you sign for the team)
          <input name="payee" class="mono" value={form.payee} onInput={(e) => setForm({ ...form, payee: inputValue(e) })} />
        </label>
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
        <label>
          Arbiter
          <select name="arbiter" value={arbiter} onChange={(e) => setArbiter(inputValue(e))}>
            {job.arbiters.map((a) => (
              <option key={a.address} value={a.address}>
                {a.address}
              </option>
            ))}
            <option value="">none (nothing can be disputed)</option>
          </select>
        </label>
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
        <label class="grow">
          To
          <select name="award-to" value={to} onChange={(e) => setTo(inputValue(e))}>
            {open.map((a) => (
              <option key={a.applicant} value={a.applicant}>
                {a.applicant}
              </option>
            ))}
          </select>
        </label>
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
