/**
 * An organisation (spec/org.md): its charter, treasury and token, its members by reputation, its
 * contributions and motions with their phases and deadlines; with an unlocked key, what that key may
 * do in each (web/src/wallet/org-forms.tsx), the motions it may propose (org-propose-form.tsx) and,
 * when it holds the org's token, its lock and share (org-holder-forms.tsx). The phases move on with the clock here; the data is read
 * again every few seconds and after each tx.
 */
import { useEffect } from 'preact/hooks';
import { AccountLink, Amount, Card, ErrorBox, Fields, Loading, useDecimals } from '../components/common.tsx';
import { displayAmount, formatDuration, formatTime, untilWords } from '../format.ts';
import { getOrg, getOrgContribution, getOrgContributions, getOrgHolder, getOrgMembers, getOrgMotions, type ContributionJson, type MemberJson, type MotionJson, type OrgContractJson, type OrgResponse } from '../org-api.ts';
import { actionWords, contributionStep, holderStandingOf, membersByReputation, motionStep, ppmWords } from '../org-view.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useNow } from '../use-now.ts';
import { ContributeForm, EvaluateForm, JoinForm, OrgButton, RevealButton, VoteForm } from '../wallet/org-forms.tsx';
import { HolderPlace } from '../wallet/org-holder-forms.tsx';
import { ProposeForm } from '../wallet/org-propose-form.tsx';
import { useSession, type Session } from '../wallet/session.ts';

const REFRESH_MS = 3_000;

export function OrgPage({ address }: { address: string }) {
  const session = useSession();
  const me = session?.entry.address;
  const found = useAsync(async () => {
    const [view, members, contributions, motions, account, lock] = await Promise.all([
      getOrg(address),
      getOrgMembers(address),
      getOrgContributions(address),
      getOrgMotions(address),
      me === undefined ? undefined : client.account(me),
      me === undefined ? undefined : getOrgHolder(address, me),
    ]);
    // Where the key stands as a holder of the org's token (spec/org.md §4.2), read with the rest.
    const holder = account === undefined || lock === undefined ? undefined : holderStandingOf(account.balances, view.org.token, lock);
    return { view, members, contributions, motions, holder };
  }, [address, me]);
  useEffect(() => {
    const timer = setInterval(found.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [found.reload]);
  if (found.data === undefined) return found.error !== undefined ? <Card title="Organisation"><ErrorBox error={found.error} /></Card> : <Loading />;
  const { view, members, contributions, motions, holder } = found.data;
  return (
    <>
      <OrgSummary view={view} />
      <Card title="Treasury">
        <Treasury org={view.org} />
      </Card>
      <Card title={`Members (${view.org.members})`}>
        <Members members={members} />
      </Card>
      {session !== undefined && (
        <Card title="You">
          <YourPlace view={view} session={session} member={members.find((m) => m.address === me)} onDone={found.reload} />
        </Card>
      )}
      {session !== undefined && holder !== undefined && (
        <Card title={`Your ${view.org.token}`}>
          <HolderPlace org={address} token={view.org.token} tokenDecimals={view.tokenDecimals} session={session} standing={holder} onDone={found.reload} />
        </Card>
      )}
      <Card title="Contributions">
        {contributions.length === 0 ? <p class="muted">None yet.</p> : contributions.map((c) => <ContributionCard key={c.id} org={view.org} contribution={c} session={session} onDone={found.reload} />)}
      </Card>
      <Card title="Motions">
        {motions.length === 0 ? <p class="muted">None yet.</p> : motions.map((m) => <MotionCard key={m.id} org={view.org} tokenDecimals={view.tokenDecimals} motion={m} session={session} onDone={found.reload} />)}
      </Card>
    </>
  );
}

function OrgSummary({ view }: { view: OrgResponse }) {
  const { org } = view;
  const c = org.charter;
  return (
    <Card title={<span data-testid="org-name">{org.name}</span>}>
      <Fields
        rows={[
          ['Address', <span class="mono wrap" data-testid="org-address">{org.address}</span>],
          ['Token', <span data-testid="org-token">{org.token}: {displayAmount(view.tokenSupply, view.tokenDecimals)} {org.token} minted, only to contributors and by motion</span>],
          ['Founded by', <><AccountLink address={org.creator} /> at {formatTime(org.createdMs)}</>],
          ['Total reputation', <span data-testid="org-reputation">{org.reputation}</span>],
          ['Membership', c.open ? 'open: anyone may join (a joiner holds no reputation until a contribution of theirs is accepted)' : 'closed: members are added by motion'],
          ['Evaluation', `members commit scores for ${formatDuration(c.evaluationWindowMs)}, then reveal for as long; accepted with ${ppmWords(c.quorumPpm)} of the reputation taking part and ${ppmWords(c.thresholdPpm)} of it for`],
          ['Reward at score 100', <>{displayAmount(c.tokenReward, view.tokenDecimals)} {org.token} and {c.reputationReward} reputation</>],
          ['Evaluator’s stake', `${ppmWords(c.evaluatorStakePpm)} of their reputation`],
          ['Contribution fee', <Amount amount={c.contributionFee} asset={c.feeAsset} />],
          ['Reputation half-life', formatDuration(c.halfLifeMs)],
          ['Motions', `pass after ${formatDuration(c.motionPeriodMs)} unless objected; stake ${c.motionStake} reputation`],
        ]}
      />
    </Card>
  );
}

function Treasury({ org }: { org: OrgContractJson }) {
  if (org.treasury.assets.length === 0 && org.treasury.items.length === 0) return <p class="muted" data-testid="org-treasury">Empty.</p>;
  return (
    <ul data-testid="org-treasury">
      {org.treasury.assets.map((a) => (
        <li key={a.asset}>
          <Amount amount={a.amount} asset={a.asset} />
        </li>
      ))}
      {org.treasury.items.map((id) => (
        <li key={id}>
          <a href={`/items/${id}`}>{id}</a>
        </li>
      ))}
    </ul>
  );
}

function Members({ members }: { members: MemberJson[] }) {
  return (
    <table class="list" data-testid="org-members">
      <thead>
        <tr>
          <th>Member</th>
          <th class="number">Reputation</th>
        </tr>
      </thead>
      <tbody>
        {membersByReputation(members).map((m) => (
          <tr key={m.address} data-member={m.address}>
            <td>
              <AccountLink address={m.address} /> · <a href={`/profile/${m.address}`}>profile</a>
            </td>
            <td class="number" data-testid="member-reputation">
              {m.reputation}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function YourPlace({ view, session, member, onDone }: { view: OrgResponse; session: Session; member: MemberJson | undefined; onDone: () => void }) {
  const { org } = view;
  const feeDecimals = useDecimals(org.charter.feeAsset);
  const fee = `${feeDecimals === undefined ? '…' : displayAmount(org.charter.contributionFee, feeDecimals)} ${org.charter.feeAsset}`;
  if (member === undefined) {
    return org.charter.open ? <JoinForm org={org.address} session={session} onDone={onDone} /> : <p class="muted">You are not a member; this organisation adds members by motion.</p>;
  }
  return (
    <>
      <p data-testid="your-reputation">
        Your reputation: {member.reputation}
        {member.reputation === '0' && ' (it comes only from a contribution of yours that members accept)'}.
      </p>
      {member.owed.length > 0 && (
        <div data-testid="your-dividends">
          <p>
            Revenue shared with you:{' '}
            {member.owed.map((a, i) => (
              <span key={a.asset}>
                {i > 0 && ', '}
                <Amount amount={a.amount} asset={a.asset} />
              </span>
            ))}
          </p>
          <OrgButton title="Withdraw" label="Withdraw your share" testId="org-withdraw" run={() => client.sendTx(session.key, 'org.withdraw', { org: org.address })} onDone={onDone} />
        </div>
      )}
      <h3>Submit a contribution</h3>
      <ContributeForm org={org.address} session={session} fee={fee} onDone={onDone} />
      <h3>Propose a motion</h3>
      <ProposeForm org={org.address} session={session} stake={org.charter.motionStake} onDone={onDone} />
    </>
  );
}

function ContributionCard({ org, contribution, session, onDone }: { org: OrgContractJson; contribution: ContributionJson; session: Session | undefined; onDone: () => void }) {
  const now = useNow();
  const me = session?.entry.address;
  const step = contributionStep(contribution, me, now);
  const detail = useAsync(() => getOrgContribution(org.address, contribution.id), [org.address, contribution.id, contribution.evaluations, contribution.status, contribution.upWeight, contribution.downWeight]);
  const mine = detail.data?.evaluations.find((e) => e.evaluator === me);
  const done = (): void => {
    detail.reload();
    onDone();
  };
  return (
    <article class="order" data-testid="contribution" data-id={contribution.id} data-phase={step.phase}>
      <p>
        <strong>#{contribution.id}</strong> {contribution.description} — by <AccountLink address={contribution.contributor} />
      </p>
      <p data-testid="contribution-step">
        {step.words}
        {step.deadlineMs !== undefined && <> Ends {untilWords(step.deadlineMs, now)}.</>}
      </p>
      <p class="muted">
        {contribution.evaluations} evaluation{contribution.evaluations === 1 ? '' : 's'}; revealed for {contribution.upWeight}, against {contribution.downWeight} (reputation; quorum base {contribution.base})
      </p>
      {session !== undefined && <ContributionActions org={org.address} contribution={contribution} session={session} actions={step.actions} mine={mine} onDone={done} />}
    </article>
  );
}

function ContributionActions({ org, contribution, session, actions, mine, onDone }: { org: string; contribution: ContributionJson; session: Session; actions: string[]; mine: { score: number | null; claimed: boolean } | undefined; onDone: () => void }) {
  const id = contribution.id;
  return (
    <>
      {actions.includes('evaluate') && mine === undefined && <EvaluateForm org={org} contribution={id} session={session} onDone={onDone} />}
      {actions.includes('evaluate') && mine !== undefined && <p class="muted">Your score is sealed; reveal it when the reveal window opens.</p>}
      {actions.includes('reveal') && mine !== undefined && mine.score === null && <RevealButton org={org} what="contribution" id={id} session={session} onDone={onDone} />}
      {mine?.score !== null && mine?.score !== undefined && <p class="muted" data-testid="your-score">You scored it {mine.score}.</p>}
      {actions.includes('close') && <OrgButton title="Close" label="Close and count" testId="org-close" run={() => client.sendTx(session.key, 'org.close', { org, contribution: id })} onDone={onDone} />}
      {actions.includes('claim') && mine !== undefined && !mine.claimed && <OrgButton title="Claim" label="Claim your stake and share" testId="org-claim" run={() => client.sendTx(session.key, 'org.claim', { org, contribution: id })} onDone={onDone} />}
      {mine?.claimed === true && <p class="muted">Claimed.</p>}
    </>
  );
}

function MotionCard({ org, tokenDecimals, motion, session, onDone }: { org: OrgContractJson; tokenDecimals: number; motion: MotionJson; session: Session | undefined; onDone: () => void }) {
  const now = useNow();
  const step = motionStep(motion, session?.entry.address, now);
  const feeDecimals = useDecimals(org.charter.feeAsset);
  const decimals = (symbol: string): number | undefined => (symbol === org.token ? tokenDecimals : symbol === org.charter.feeAsset ? feeDecimals : undefined);
  const id = motion.id;
  return (
    <article class="order" data-testid="motion" data-id={id} data-phase={step.phase}>
      <p class="wrap">
        <strong>#{id}</strong> {actionWords(motion.action, org.token, decimals)} — proposed by <AccountLink address={motion.proposer} />
      </p>
      <p data-testid="motion-step">
        {step.words}
        {step.deadlineMs !== undefined && <> Ends {untilWords(step.deadlineMs, now)}.</>}
        {motion.objector !== null && <> Objected by <AccountLink address={motion.objector} />; yes {motion.yes}, no {motion.no} (reputation).</>}
      </p>
      {session !== undefined && (
        <>
          {step.actions.includes('object') && <OrgButton title="Object" label="Object (stake to send it to a vote)" testId="org-object" run={() => client.sendTx(session.key, 'org.object', { org: org.address, motion: id })} onDone={onDone} />}
          {step.actions.includes('vote') && <VoteForm org={org.address} motion={id} session={session} onDone={onDone} />}
          {step.actions.includes('reveal') && <RevealButton org={org.address} what="motion" id={id} session={session} onDone={onDone} />}
        </>
      )}
      {step.actions.includes('execute') && session !== undefined && <OrgButton title="Execute" label="Execute" testId="org-execute" run={() => client.sendTx(session.key, 'org.execute', { org: org.address, motion: id })} onDone={onDone} />}
    </article>
  );
}
