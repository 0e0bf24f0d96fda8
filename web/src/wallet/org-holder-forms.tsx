/**
 * A holder of the org's token, signed in this page with the unlocked key (spec/org.md §4.2, decision
 * 0011): what it has locked into the org and its claimable share of distributions to holders; lock
 * tokens (`org.lock`), unlock them (`org.unlock`), and claim the share (`org.withdraw`, which pays a
 * member's and a holder's dividends alike: the ledger has no other claim for holders).
 */
import { useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { Amount } from '../components/common.tsx';
import { displayAmount } from '../format.ts';
import { client } from '../node.ts';
import type { HolderStanding } from '../org-view.ts';
import { amountOf } from './amounts.ts';
import { OrgButton } from './org-forms.tsx';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

interface HolderProps {
  org: string;
  token: string;
  tokenDecimals: number;
  session: Session;
  onDone: () => void;
}

export function HolderPlace({ standing, ...props }: HolderProps & { standing: HolderStanding }) {
  const { org, token, tokenDecimals, session, onDone } = props;
  return (
    <>
      <p data-testid="holder-standing">
        You hold <span data-testid="holder-balance">{displayAmount(standing.balance, tokenDecimals)}</span> {token} and have{' '}
        <span data-testid="holder-locked">{displayAmount(standing.locked, tokenDecimals)}</span> {token} locked into the organisation. Locked tokens share in
        its distributions to holders, in proportion, from the moment they are locked until they are unlocked.
      </p>
      <div data-testid="holder-share">
        {standing.owed.length === 0 ? (
          <p class="muted">Nothing to claim from distributions to holders.</p>
        ) : (
          <>
            <p>
              Your claimable share:{' '}
              {standing.owed.map((a, i) => (
                <span key={a.asset} data-testid="holder-owed">
                  {i > 0 && ', '}
                  <Amount amount={a.amount} asset={a.asset} />
                </span>
              ))}
            </p>
            <OrgButton title="Claim" label="Claim your share" testId="org-holder-claim" run={() => client.sendTx(session.key, 'org.withdraw', { org })} onDone={onDone} />
          </>
        )}
      </div>
      {/* Both stay while the key stands here, so that a form's outcome stays in sight after it emptied one side. */}
      <h3>Lock {token} into the organisation</h3>
      <LockForm {...props} kind="org.lock" />
      <h3>Unlock {token}</h3>
      <LockForm {...props} kind="org.unlock" />
    </>
  );
}

/** Lock or unlock an amount of the org's token, typed in whole tokens (with the token's decimals). */
function LockForm({ org, token, session, onDone, kind }: HolderProps & { kind: 'org.lock' | 'org.unlock' }) {
  const [amount, setAmount] = useState('');
  const locking = kind === 'org.lock';
  const run = async (): Promise<CommittedResult> => {
    const result = await client.sendTx(session.key, kind, { org, amount: await amountOf(token, amount.trim()) });
    onDone();
    return result;
  };
  return (
    <TxForm title={locking ? 'Lock' : 'Unlock'} submitLabel={locking ? `Lock ${token}` : `Unlock ${token}`} run={run} testId={locking ? 'org-lock' : 'org-unlock'}>
      <label>
        {locking ? `${token} to lock into the organisation` : `${token} to take back (what they earned stays yours to claim)`}
        <input name={locking ? 'lock-amount' : 'unlock-amount'} inputMode="decimal" value={amount} onInput={(e) => setAmount(inputValue(e))} size={12} />
      </label>
    </TxForm>
  );
}
