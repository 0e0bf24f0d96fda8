/**
 * One form for the actions a key may take on a contract now (release, refund, dispute, withdraw, stop…):
 * a choice of the actions and one submit. It stays on screen as the contract changes underneath it, so
 * the outcome of the last action stays readable after that action is no longer offered.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { TxForm } from './tx-form.tsx';
import { WalletError } from './vault.ts';

export interface ContractAction {
  id: string;
  label: string;
  run: () => Promise<CommittedResult>;
}

/** `loaded`: the contract was read (until then there is no action to offer, and nothing to say about it). */
export function ContractActionForm({ title, testId, actions, loaded, children }: { title: string; testId: string; actions: ContractAction[]; loaded: boolean; children?: ComponentChildren }) {
  const [chosen, setChosen] = useState('');
  const action = actions.find((a) => a.id === chosen) ?? actions[0];
  const run = async (): Promise<CommittedResult> => {
    if (action === undefined) throw new WalletError('no_action', 'no action is open to this key on this contract now');
    return action.run();
  };
  return (
    <TxForm title={title} submitLabel="Sign and send" run={run} testId={testId}>
      {children}
      {!loaded ? null : actions.length === 0 ? (
        <p class="muted" data-testid="no-action">Nothing for this key to do on it now.</p>
      ) : (
        <label>
          Action
          <select name="contract-action" value={action?.id} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
            {actions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </TxForm>
  );
}
