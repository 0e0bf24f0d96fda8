/**
 * An org's job acted on by its members (spec/work.md §2, spec/org.md §4 `job`): the org is the job's
 * client and signs nothing itself, so each client act — assign, approve, dispute, replace, award,
 * cancel — is a motion a member proposes here, signed with the unlocked key; it runs once the motion
 * passes and someone executes it on the org's page. What is offered is what the client could do now
 * (`jobStep` for the org).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { AgoraError, parseAmount, type CommittedResult } from '../../../src/client/index.ts';
import { AccountLink, AddressSelect } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import type { JobAction } from '../../../src/ledger/work/types.ts';
import type { JobJson } from '../work-api.ts';
import { approvableMilestones, orgJobProposal, proposedMotion, type JobStep } from '../work-view.ts';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

/** Proposes `action` as a motion of `org`, signed by the member's key. */
function propose(session: Session, org: string, action: JobAction): Promise<CommittedResult> {
  return client.sendTx(session.key, 'org.propose', orgJobProposal(org, action));
}

/** A motion's form: on success, its number and where it is executed. */
function MotionForm({ title, label, testId, run, onDone, org, children }: { title: string; label: string; testId: string; run: () => Promise<CommittedResult>; onDone: () => void; org: string; children?: ComponentChildren }) {
  const send = async (): Promise<CommittedResult> => {
    const result = await run();
    onDone();
    return result;
  };
  return (
    <TxForm title={title} submitLabel={label} run={send} testId={testId} outcome={(result) => <>Motion {proposedMotion(result.receipt.events)} proposed: it runs once passed and executed on <a href={`/orgs/${org}`}>the org’s page</a>.</>}>
      {children ?? null}
    </TxForm>
  );
}

export function OrgJobMotions({ job, step, session, onDone }: { job: JobJson; step: JobStep; session: Session; onDone: () => void }) {
  const org = job.poster;
  const has = (action: JobStep['actions'][number]): boolean => step.actions.includes(action);
  const applied = job.applicants.filter((a) => a.status === 'applied');
  const [worker, setWorker] = useState(applied[0]?.applicant ?? '');
  const [arbiter, setArbiter] = useState(job.arbiters[0]?.address ?? '');
  const [awardTo, setAwardTo] = useState(applied.find((a) => a.awarded === null)?.applicant ?? '');
  const [amount, setAmount] = useState('');
  const assign = (): Promise<CommittedResult> => propose(session, org, { kind: 'assign', payload: arbiter === '' ? { job: job.address, worker } : { job: job.address, worker, arbiter } });
  const award = async (): Promise<CommittedResult> => {
    const info = await assetInfo(job.asset);
    if (info === undefined) throw new AgoraError('unknown_asset', `no asset ${job.asset}`);
    return propose(session, org, { kind: 'award', payload: { job: job.address, to: awardTo, amount: parseAmount(amount.trim(), info.decimals) } });
  };
  return (
    <div data-testid="job-org-motions">
      <p>
        The client is the org <AccountLink address={org} />: as its member you propose its motions here. Next for the org: {step.words}
      </p>
      {has('assign') && applied.length > 0 && (
        <MotionForm title="Propose assigning" label="Propose the motion to assign" testId="job-org-assign" run={assign} onDone={onDone} org={org}>
          <AddressSelect label="Worker" name="org-worker" value={worker} addresses={applied.map((a) => a.applicant)} onChange={setWorker} />
          {job.arbiters.length > 0 && <AddressSelect label="Arbiter" name="org-arbiter" value={arbiter} addresses={job.arbiters.map((a) => a.address)} none="none (nothing can be disputed)" onChange={setArbiter} />}
        </MotionForm>
      )}
      {has('award') && (
        <MotionForm title="Propose an award" label="Propose the motion to award" testId="job-org-award" run={award} onDone={onDone} org={org}>
          <div class="row">
            <AddressSelect label="To" name="org-award-to" value={awardTo} addresses={applied.map((a) => a.applicant)} grow onChange={setAwardTo} />
            <label>
              Amount ({job.asset})
              <input name="org-award-amount" inputMode="decimal" value={amount} onInput={(e) => setAmount(inputValue(e))} size={10} />
            </label>
          </div>
        </MotionForm>
      )}
      {has('approve') &&
        approvableMilestones(job).map((milestone) => (
          <MotionForm key={milestone} title={`Propose approving milestone ${milestone + 1}`} label={`Propose the motion to approve milestone ${milestone + 1}`} testId="job-org-approve" run={() => propose(session, org, { kind: 'approve', payload: { job: job.address, milestone } })} onDone={onDone} org={org} />
        ))}
      {(['dispute', 'replace', 'cancel'] as const).filter(has).map((kind) => (
        <MotionForm key={kind} title={`Propose to ${kind}`} label={`Propose the motion to ${kind === 'cancel' ? 'close the job' : kind === 'replace' ? 'replace the worker' : 'dispute'}`} testId={`job-org-${kind}`} run={() => propose(session, org, { kind, payload: { job: job.address } })} onDone={onDone} org={org} />
      ))}
    </div>
  );
}
