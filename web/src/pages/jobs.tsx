/**
 * The jobs board (spec/work.md; GET /v1/jobs): the open jobs taking applications, by mode and asset
 * as the API filters them, and by text here (a spec is a hash on the ledger: see `jobMatches`); the
 * post form, signed in this page (as the key, or as the org's motion); and an address's jobs as client,
 * as worker and as arbiter with the next step (an arbiter's disputed jobs first: it decides the split).
 */
import { useEffect, useState } from 'preact/hooks';
import { AccountLink, AnyOfSelect, Amount, Card, ErrorBox, Loading } from '../components/common.tsx';
import { useTxEvents } from '../live.ts';
import { shortAddress, untilWords } from '../format.ts';
import { useAsync } from '../use-async.ts';
import { useNow } from '../use-now.ts';
import { getAccountJobs, getJobEscrow, searchJobs, type JobJson, type JobModeJson, type JobQuery } from '../work-api.ts';
import { JOB_MODES, arbiterJobs, jobMatches, jobStep, type ArbiterStep } from '../work-view.ts';
import { useSession } from '../wallet/session.ts';
import { inputValue } from '../wallet/tx-form.tsx';
import { PostJobForm } from '../wallet/work-forms.tsx';

const PAGE = 50;

export function JobsPage() {
  const session = useSession();
  const [form, setForm] = useState({ q: '', mode: '', asset: '' });
  const [text, setText] = useState('');
  const [query, setQuery] = useState<JobQuery>({});
  const [found, setFound] = useState<{ jobs: JobJson[]; next: string | null } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = async (criteria: JobQuery, after?: string): Promise<void> => {
    setError(undefined);
    try {
      const page = await searchJobs({ ...criteria, limit: PAGE, after });
      setFound((previous) => ({ jobs: after === undefined || previous === undefined ? page.jobs : [...previous.jobs, ...page.jobs], next: page.next }));
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => void load({}), []);
  const submit = (event: Event): void => {
    event.preventDefault();
    const criteria: JobQuery = {};
    if ((JOB_MODES as readonly string[]).includes(form.mode)) criteria.mode = form.mode as JobModeJson;
    if (form.asset.trim() !== '') criteria.asset = form.asset.trim().toUpperCase();
    setQuery(criteria);
    setText(form.q);
    setFound(undefined);
    void load(criteria);
  };
  const field = (name: keyof typeof form) => (event: Event) => setForm({ ...form, [name]: inputValue(event) });
  return (
    <>
      <Card title="Jobs" actions={<a href="/jobs/mine">My jobs</a>}>
        <p class="lead">Work paid by milestone: the budget is locked when a job is posted, each milestone is paid on approval (or by itself when the client stays silent), and both sides review each other.</p>
        <form class="form search" onSubmit={submit} data-testid="jobs-search" aria-label="Search jobs">
          <label>
            The job’s exact text, or the start of its address, client or spec hash (the ledger keeps only a hash of the text)
            <input name="q" type="search" value={form.q} onInput={field('q')} />
          </label>
          <div class="row">
            <AnyOfSelect label="Mode" name="mode" value={form.mode} choices={JOB_MODES} onChange={field('mode')} />
            <label>
              Asset
              <input name="asset" value={form.asset} onInput={field('asset')} placeholder="any" size={8} />
            </label>
          </div>
          <button type="submit" class="primary">
            Search
          </button>
        </form>
      </Card>
      <Card title="Open jobs taking applications">
        {error !== undefined && <ErrorBox error={error} />}
        {found === undefined ? error === undefined && <Loading /> : <JobsTable jobs={found.jobs.filter((job) => jobMatches(job, text))} testId="jobs" />}
        {found?.next != null && (
          <button type="button" class="more" onClick={() => void load(query, found.next ?? undefined)}>
            More
          </button>
        )}
      </Card>
      <Card title="Post a job">
        {session === undefined ? (
          <p class="muted">
            Unlock a key in the <a href="/wallet">wallet</a> first: the job is posted by a tx signed in this page.
          </p>
        ) : (
          <PostJobForm session={session} />
        )}
      </Card>
    </>
  );
}

/**
 * Jobs with their budget and deadlines; `who`: whose next step the last column says (my jobs, a
 * profile). Three or four columns, the details folded under the job, so that it fits a phone.
 */
export function JobsTable({ jobs, testId, who }: { jobs: JobJson[]; testId: string; who?: string }) {
  const now = useNow();
  if (jobs.length === 0) return <p class="muted" data-testid={testId}>No job.</p>;
  return (
    <table class="list" data-testid={testId}>
      <thead>
        <tr>
          <th>Job</th>
          <th class="number">Budget</th>
          {who === undefined ? (
            <>
              <th>Applications close</th>
              <th>Client</th>
            </>
          ) : (
            <th>Next step</th>
          )}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.address} data-job={job.address}>
            <td>
              <a href={`/jobs/${job.address}`}>{shortAddress(job.address)}</a>
              <div class="muted">
                {who !== undefined && <>{job.state}, </>}
                {job.mode}, {job.milestones.length} milestone{job.milestones.length === 1 ? '' : 's'}
                {job.bond !== null && <>, bond <Amount amount={job.bond} asset={job.asset} /></>}
              </div>
            </td>
            <td class="number">
              <Amount amount={job.budget} asset={job.asset} />
            </td>
            {who === undefined ? (
              <>
                <td>{untilWords(job.applyByMs, now)}</td>
                <td>
                  <AccountLink address={job.poster} />
                </td>
              </>
            ) : (
              <td data-testid="job-next">{jobStep(job, who, now).words}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The jobs naming `address` among their arbiters, each with what it asks of it: an assigned job's
 * escrow says which arbiter was chosen and whether it is disputed (at most one read per listed job).
 */
async function loadArbiterJobs(address: string): Promise<{ job: JobJson; step: ArbiterStep }[]> {
  const { jobs } = await getAccountJobs(address, 'arbiter');
  const withEscrows = await Promise.all(jobs.map(async (job) => ({ job, escrow: job.state === 'assigned' ? await getJobEscrow(job) : undefined })));
  return arbiterJobs(withEscrows, address);
}

/** `address`'s jobs as client, as worker and as arbiter, each with the next step for that address. */
export function JobsOf({ address }: { address: string }) {
  const found = useAsync(async () => {
    const [client, worker, arbiter] = await Promise.all([getAccountJobs(address, 'client'), getAccountJobs(address, 'worker'), loadArbiterJobs(address)]);
    return { client: client.jobs, worker: worker.jobs, arbiter };
  }, [address]);
  // A tx naming the address (the other side applied, delivered, approved…) refreshes the lists.
  useTxEvents((event) => event.addresses.includes(address) && found.reload(), [address]);
  if (found.error !== undefined) return <ErrorBox error={found.error} />;
  if (found.data === undefined) return <Loading />;
  return (
    <>
      <h3>As client</h3>
      <JobsTable jobs={found.data.client} testId="jobs-client" who={address} />
      <h3>As worker</h3>
      <JobsTable jobs={found.data.worker} testId="jobs-worker" who={address} />
      {found.data.arbiter.length > 0 && (
        <>
          <h3>As arbiter</h3>
          <ArbiterJobsTable rows={found.data.arbiter} who={address} />
        </>
      )}
    </>
  );
}

/** An arbiter's jobs, disputed first: each links to its page, where the chosen arbiter decides the split. */
function ArbiterJobsTable({ rows, who }: { rows: { job: JobJson; step: ArbiterStep }[]; who: string }) {
  return (
    <table class="list" data-testid="jobs-arbiter">
      <thead>
        <tr>
          <th>Job</th>
          <th class="number">Budget</th>
          <th>What it asks of you</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ job, step }) => (
          <tr key={job.address} data-job={job.address} data-duty={step.duty}>
            <td>
              <a href={`/jobs/${job.address}`}>{shortAddress(job.address)}</a>
              <div class="muted">
                {job.state}, {job.mode}, your fee <Amount amount={job.arbiters.find((a) => a.address === who)?.fee ?? '0'} asset={job.asset} />
              </div>
            </td>
            <td class="number">
              <Amount amount={job.budget} asset={job.asset} />
            </td>
            <td data-testid="job-next">
              {step.words}
              {step.duty === 'decide' && (
                <>
                  {' '}
                  <a href={`/jobs/${job.address}`} data-testid="job-decide">
                    Decide the split
                  </a>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MyJobsPage() {
  const session = useSession();
  return (
    <Card title="My jobs" actions={<a href="/jobs">Jobs board</a>}>
      {session === undefined ? (
        <p class="muted">
          Unlock a key in the <a href="/wallet">wallet</a> to see its jobs and what comes next in each.
        </p>
      ) : (
        <JobsOf address={session.entry.address} />
      )}
    </Card>
  );
}
