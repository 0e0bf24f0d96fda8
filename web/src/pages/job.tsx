/**
 * A job (spec/work.md): its spec hash, budget, deadlines and arbiters; its milestones with their phase
 * and deadline from the escrow's tranches; its applicants; the next step for the unlocked key with the
 * actions open to it (web/src/wallet/work-forms.tsx; for a member of the org that posted it, the
 * org's motions: wallet/work-org-forms.tsx); and, for each settled milestone, the review of
 * the other side (commit, then reveal). Read again every few seconds and after each tx.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { toHex } from '../../../src/crypto/hash.ts';
import { AccountLink, Amount, Card, ContractLink, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { formatDuration, formatTime, untilWords } from '../format.ts';
import { useAsync } from '../use-async.ts';
import { useNow } from '../use-now.ts';
import { getJob, getJobEscrow, type JobJson } from '../work-api.ts';
import { jobReviewSubject, jobStep, milestoneStep, milestoneTradeId, textHash, type JobStep } from '../work-view.ts';
import { ReviewBox } from '../wallet/review-box.tsx';
import { useSession, type Session } from '../wallet/session.ts';
import { inputValue } from '../wallet/tx-form.tsx';
import { ApplyForm, AssignForm, AwardForm, DeliverForm, JobButton, ResolveForm } from '../wallet/work-forms.tsx';
import { OrgJobMotions } from '../wallet/work-org-forms.tsx';
import { getAccountOrgs } from '../org-api.ts';

const REFRESH_MS = 3_000;

interface LoadedJob {
  job: JobJson;
  disputed: boolean;
  /** The escrow's arbiter, what it holds of the job's asset and the arbiter's fee (base units). */
  arbiter: string | null;
  held: bigint;
  fee: bigint;
}

/** The job and, once assigned, its escrow's state, arbiter and holding (a dispute is the escrow's). */
async function loadJob(address: string): Promise<LoadedJob> {
  const job = await getJob(address);
  const escrow = await getJobEscrow(job);
  return escrow === undefined ? { job, disputed: false, arbiter: null, held: 0n, fee: 0n } : { job, ...escrow };
}

export function JobPage({ address }: { address: string }) {
  const session = useSession();
  const now = useNow();
  const found = useAsync(() => loadJob(address), [address]);
  const me = session?.entry.address;
  // A member of the org that posted the job proposes the org's motions for it (wallet/work-org-forms.tsx).
  const memberships = useAsync(async () => (me === undefined ? [] : getAccountOrgs(me)), [me]);
  // `reload` is a new function each render, and the clock renders every second: the timer reads the latest one.
  const reload = useRef(found.reload);
  reload.current = found.reload;
  useEffect(() => {
    const timer = setInterval(() => reload.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [address]);
  if (found.data === undefined) return found.error !== undefined ? <Card title="Job"><ErrorBox error={found.error} /></Card> : <Loading />;
  const { job, disputed, arbiter, held, fee } = found.data;
  const step = jobStep(job, me, now, disputed);
  const orgMember = memberships.data?.some((o) => o.org === job.poster) === true;
  return (
    <>
      <JobSummary job={job} arbiter={arbiter} />
      <Card title="Next step">
        <p data-testid="job-step" data-role={step.role}>
          {step.words}
        </p>
        {disputed && arbiter === me && session !== undefined && (
          <>
            <p>You are its arbiter: divide what is held, <Amount amount={String(held)} asset={job.asset} />.</p>
            <ResolveForm job={job} held={held} fee={fee} session={session} onDone={found.reload} />
          </>
        )}
        {session === undefined ? (
          <p class="muted">
            Unlock a key in the <a href="/wallet">wallet</a> to apply or act on this job: it signs here, in this page.
          </p>
        ) : (
          <JobActions job={job} step={step} session={session} onDone={found.reload} />
        )}
        {session !== undefined && orgMember && <OrgJobMotions job={job} step={jobStep(job, job.poster, now, disputed)} session={session} onDone={found.reload} />}
      </Card>
      <Card title="Milestones">
        <Milestones job={job} disputed={disputed} now={now} session={session} step={step} onDone={found.reload} />
      </Card>
      <Card title={`Applicants (${job.applicants.length})`}>
        <Applicants job={job} session={session} step={step} onDone={found.reload} />
      </Card>
      {session !== undefined && <Reviews job={job} session={session} />}
    </>
  );
}

function JobSummary({ job, arbiter }: { job: JobJson; arbiter: string | null }) {
  return (
    <Card title={<span class="wrap" data-testid="job-title">Job {job.address}</span>}>
      <Fields
        rows={[
          ['State', <span data-testid="job-state">{job.state}</span>],
          ['Mode', job.mode === 'single' ? 'one worker, paid by milestone' : job.mode === 'contest' ? 'a contest: the client awards submitters' : 'a team, paid through its split'],
          ['Client', <><AccountLink address={job.poster} /> · <a href={`/profile/${job.poster}`}>profile and reviews</a></>],
          ['Budget', <span data-testid="job-budget"><Amount amount={job.budget} asset={job.asset} /> locked at posting; <Amount amount={job.available} asset={job.asset} /> not in an escrow</span>],
          ['Spec', <SpecCheck spec={job.spec} />],
          ['Applications close', `${formatTime(job.applyByMs)}`],
          ['First milestone due', formatTime(job.deliverByMs)],
          ['Last milestones due', formatTime(job.deadlineMs)],
          ['Review window', `${formatDuration(job.reviewWindowMs)} to approve or dispute a delivery, else it is paid`],
          ['Bond', job.bond === null ? 'none' : <><Amount amount={job.bond} asset={job.asset} /> from each applicant, who takes it back when not working on the job (the worker: once every milestone is settled); a replaced worker’s goes to the client</>],
          ['Requires', job.requires === null ? 'no credential' : `a ${job.requires.type} credential of registry ${job.requires.registry}`],
          ['Arbiters', job.arbiters.length === 0 ? 'none: nothing can be disputed' : <>{job.arbiters.map((a) => <div key={a.address}><AccountLink address={a.address} /> fee <Amount amount={a.fee} asset={job.asset} /></div>)}</>],
          ['Worker', job.worker === null ? 'none yet' : <><AccountLink address={job.worker} /> · <a href={`/profile/${job.worker}`}>profile</a></>],
          ['Escrow', job.escrow === null ? 'none yet' : <><ContractLink address={job.escrow} />{arbiter !== null && <> (arbiter <AccountLink address={arbiter} />)</>}</>],
        ]}
      />
    </Card>
  );
}

/** Checks a text against the spec hash, here: the ledger keeps only the hash. */
function SpecCheck({ spec }: { spec: string }) {
  const [text, setText] = useState('');
  const matches = text.trim() !== '' && toHex(textHash(text)) === spec;
  return (
    <div>
      <div>
        <code class="wrap" data-testid="job-spec">{spec}</code>
      </div>
      <label class="muted">
        Paste the job’s text to check it against this hash
        <textarea name="spec-check" rows={2} value={text} onInput={(e) => setText(inputValue(e))} />
      </label>
      {text.trim() !== '' && <p data-testid="spec-check">{matches ? 'This is the job’s text.' : 'This is not the job’s text.'}</p>}
    </div>
  );
}

function JobActions({ job, step, session, onDone }: { job: JobJson; step: JobStep; session: Session; onDone: () => void }) {
  const has = (action: JobStep['actions'][number]): boolean => step.actions.includes(action);
  return (
    <>
      {has('apply') && <ApplyForm job={job} session={session} onDone={onDone} />}
      {has('award') && <AwardForm job={job} session={session} onDone={onDone} />}
      {(['dispute', 'replace', 'settle', 'cancel', 'withdraw'] as const).filter(has).map((action) => (
        <JobButton key={action} job={job} session={session} action={action} onDone={onDone} />
      ))}
    </>
  );
}

function Milestones({ job, disputed, now, session, step, onDone }: { job: JobJson; disputed: boolean; now: number; session: Session | undefined; step: JobStep; onDone: () => void }) {
  return (
    <table class="list" data-testid="job-milestones">
      <thead>
        <tr>
          <th>#</th>
          <th class="number">Amount</th>
          <th>Phase</th>
        </tr>
      </thead>
      <tbody>
        {job.milestones.map((m) => {
          const ms = milestoneStep(job, m, now, disputed);
          return (
            <tr key={m.milestone} data-testid="milestone" data-milestone={m.milestone} data-phase={ms.phase}>
              <td>{m.milestone + 1}</td>
              <td class="number">
                <Amount amount={m.amount} asset={job.asset} />
              </td>
              <td>
                <span data-testid="milestone-words">{ms.words}</span>
                {ms.deadlineMs !== undefined && <> Ends {untilWords(ms.deadlineMs, now)}.</>}
                {m.document !== null && <div class="muted mono">delivery SHA-256 {m.document.slice(0, 16)}…</div>}
                {session !== undefined && step.actions.includes('deliver') && ms.phase === 'awaiting_delivery' && <DeliverForm job={job} milestone={m.milestone} session={session} onDone={onDone} />}
                {session !== undefined && step.actions.includes('approve') && ms.phase === 'delivered' && <JobButton job={job} session={session} action="approve" milestone={m.milestone} onDone={onDone} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Applicants({ job, session, step, onDone }: { job: JobJson; session: Session | undefined; step: JobStep; onDone: () => void }) {
  if (job.applicants.length === 0) return <p class="muted" data-testid="job-applicants">Nobody has applied yet.</p>;
  return (
    <table class="list" data-testid="job-applicants">
      <thead>
        <tr>
          <th>Applicant</th>
          <th class="number">Bid</th>
          <th class="number">Bond held</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {job.applicants.map((a) => (
          <tr key={a.applicant} data-applicant={a.applicant}>
            <td>
              <AccountLink address={a.applicant} /> · <a href={`/profile/${a.applicant}`}>profile</a>
              <div class="muted mono">proposal SHA-256 {a.proposal.slice(0, 16)}…</div>
            </td>
            <td class="number">{a.bid === null ? '—' : <Amount amount={a.bid} asset={job.asset} />}</td>
            <td class="number">
              <Amount amount={a.bond} asset={job.asset} />
            </td>
            <td>
              {a.status}
              {a.awarded !== null && <> — awarded <Amount amount={a.awarded} asset={job.asset} /></>}
              {session !== undefined && step.actions.includes('assign') && a.status === 'applied' && <AssignForm job={job} worker={a.applicant} session={session} onDone={onDone} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each settled milestone is a trade: the client reviews the worker and the worker the client (spec/reputation.md §2). */
function Reviews({ job, session }: { job: JobJson; session: Session }) {
  const subject = jobReviewSubject(job, session.entry.address);
  const trades = job.milestones.flatMap((m) => {
    const trade = milestoneTradeId(job, m);
    return trade === undefined ? [] : [{ milestone: m.milestone, trade }];
  });
  if (subject === undefined || trades.length === 0) return null;
  const label = subject === job.worker ? 'worker' : 'client';
  return (
    <Card title="Reviews of the settled milestones">
      {trades.map(({ milestone, trade }) => (
        <div key={trade} data-testid="milestone-review" data-milestone={milestone}>
          <h3>Milestone {milestone + 1}</h3>
          <ReviewBox trade={trade} subject={subject} session={session} label={label} />
        </div>
      ))}
    </Card>
  );
}
