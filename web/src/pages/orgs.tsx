/**
 * Organisations (spec/org.md): open one by its address, the orgs of the unlocked key, and the form
 * that founds one (signed in this page).
 */
import { useState } from 'preact/hooks';
import { AgoraError, type CommittedResult } from '../../../src/client/index.ts';
import { Card, ErrorBox, Loading } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import { getAccountOrgs, type MembershipJson } from '../org-api.ts';
import { createdOrg, orgCreatePayloadOf, type OrgCreateForm } from '../org-view.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';
import { useSession, type Session } from '../wallet/session.ts';
import { TxForm, inputValue } from '../wallet/tx-form.tsx';

export function OrgsPage() {
  const session = useSession();
  const [address, setAddress] = useState('');
  const open = (event: Event): void => {
    event.preventDefault();
    if (address.trim() !== '') navigate(`/orgs/${address.trim()}`);
  };
  return (
    <>
      <Card title="Organisations">
        <p class="lead">Members value each other’s contributions with sealed scores and share a treasury; motions pass unless objected.</p>
        <form class="form row" onSubmit={open} data-testid="org-open">
          <label class="grow">
            An organisation’s address
            <input name="org-address" class="mono" placeholder="agora1…" value={address} onInput={(e) => setAddress(inputValue(e))} />
          </label>
          <button type="submit">Open</button>
        </form>
      </Card>
      {session !== undefined && (
        <>
          <Card title="Your organisations">
            <Memberships address={session.entry.address} />
          </Card>
          <Card title="Found an organisation">
            <CreateOrgForm session={session} />
          </Card>
        </>
      )}
      {session === undefined && (
        <Card title="Found an organisation">
          <p class="muted">
            Unlock a key in the <a href="/wallet">wallet</a> first: the organisation is founded by a tx signed in this page.
          </p>
        </Card>
      )}
    </>
  );
}

/** The orgs `address` is a member of, with its reputation in each: on the orgs page and on a profile. */
export function Memberships({ address }: { address: string }) {
  const found = useAsync(() => getAccountOrgs(address), [address]);
  if (found.error !== undefined) return <ErrorBox error={found.error} />;
  if (found.data === undefined) return <Loading />;
  if (found.data.length === 0) return <p class="muted" data-testid="memberships">Not a member of any organisation.</p>;
  return (
    <table class="list" data-testid="memberships">
      <thead>
        <tr>
          <th>Organisation</th>
          <th>Token</th>
          <th class="number">Reputation</th>
        </tr>
      </thead>
      <tbody>
        {found.data.map((m: MembershipJson) => (
          <tr key={m.org}>
            <td>
              <a href={`/orgs/${m.org}`}>{m.name}</a>
            </td>
            <td>{m.token}</td>
            <td class="number">{m.reputation}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const START: OrgCreateForm = {
  name: '', symbol: '', tokenName: '', tokenDecimals: '2', members: '', foundingReputation: '3000',
  evaluationWindow: '1 d', quorumPercent: '50', thresholdPercent: '60', tokenReward: '10', reputationReward: '300', evaluatorStakePercent: '10',
  feeAsset: 'AGR', contributionFee: '0', halfLife: '90 d', motionPeriod: '2 d', motionStake: '100', open: true,
};

const FIELDS: [keyof OrgCreateForm, string][] = [
  ['name', 'Name'],
  ['symbol', 'Token symbol (2 to 12 capitals or digits)'],
  ['tokenDecimals', 'Token decimals'],
  ['foundingReputation', 'Reputation shared by the founders'],
  ['evaluationWindow', 'Evaluation window (e.g. 1 d, 6 h, 30 s): commits, then as long for reveals'],
  ['quorumPercent', 'Quorum, % of reputation taking part'],
  ['thresholdPercent', 'Threshold, % of it for'],
  ['tokenReward', 'Tokens per contribution at score 100'],
  ['reputationReward', 'Reputation per contribution at score 100'],
  ['evaluatorStakePercent', 'Evaluator’s stake, % of their reputation'],
  ['feeAsset', 'Contribution fee asset'],
  ['contributionFee', 'Contribution fee'],
  ['halfLife', 'Reputation half-life (fixed for good)'],
  ['motionPeriod', 'Motion period'],
  ['motionStake', 'Motion stake (reputation)'],
];

function CreateOrgForm({ session }: { session: Session }) {
  const [form, setForm] = useState<OrgCreateForm>(START);
  const run = async (): Promise<CommittedResult> => {
    const fee = await assetInfo(form.feeAsset.trim().toUpperCase());
    if (fee === undefined) throw new AgoraError('unknown_asset', `no asset ${form.feeAsset}`);
    return client.sendTx(session.key, 'org.create', orgCreatePayloadOf(form, fee.decimals));
  };
  return (
    <TxForm
      title="Found an organisation"
      submitLabel="Sign and found"
      run={run}
      testId="org-create"
      outcome={(result) => {
        const org = createdOrg(result.receipt.events);
        return org === undefined ? null : (
          <>
            Your organisation: <a href={`/orgs/${org}`} data-testid="new-org">{org}</a>.
          </>
        );
      }}
    >
      {FIELDS.map(([name, label]) => (
        <label key={name}>
          {label}
          <input name={name} value={form[name] as string} onInput={(e) => setForm({ ...form, [name]: inputValue(e) })} />
        </label>
      ))}
      <label>
        Founding members besides you (addresses, one a line)
        <textarea name="members" class="mono" rows={3} value={form.members} onInput={(e) => setForm({ ...form, members: inputValue(e) })} />
      </label>
      <label class="check">
        <input type="checkbox" name="open" checked={form.open} onChange={(e) => setForm({ ...form, open: (e.target as HTMLInputElement).checked })} /> Anyone may join
      </label>
    </TxForm>
  );
}
