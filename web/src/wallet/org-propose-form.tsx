/**
 * The motion form (spec/org.md §4), signed in this page with the unlocked key: pay from the treasury,
 * share revenue by reputation or with the token's holders (§4.1, §4.2), create a registry the org
 * curates, grant or revoke a role in it (§4.3). What each kind sends is web/src/org-motion-view.ts.
 */
import { useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { assetInfo, client } from '../node.ts';
import { EMPTY_MOTION_FORM, MOTION_KINDS, MOTION_KIND_WORDS, motionActionOf, motionAssetOf, type MotionForm, type MotionKind } from '../org-motion-view.ts';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

const HINTS: { readonly [kind in MotionKind]: string } = {
  pay: 'The treasury pays the recipient when the motion passes.',
  distribute: 'Moved from the treasury when the motion passes, to be withdrawn: by reputation among members, or among holders by the org tokens they have locked then (refused while nobody has locked any).',
  registry: 'The org becomes the registry’s curator: its credentials are granted and revoked by motions only, so a credential of it is the members’ grant (a role such as the charter’s approver).',
  issue: 'The registry must be one the org curates (created by a registry motion).',
  revoke: 'The registry must be one the org curates.',
};

export function ProposeForm({ org, session, stake, onDone }: { org: string; session: Session; stake: string; onDone: () => void }) {
  const [form, setForm] = useState<MotionForm>(EMPTY_MOTION_FORM);
  // The selects offer only their kind's values, so a field holds what MotionForm says it does.
  const field = (name: keyof MotionForm) => (event: Event) => {
    const value = inputValue(event);
    setForm((before) => ({ ...before, [name]: value }));
  };
  const run = async (): Promise<CommittedResult> => {
    const symbol = motionAssetOf(form);
    const info = symbol === undefined || symbol === '' ? undefined : await assetInfo(symbol);
    const action = motionActionOf(form, info?.decimals, Date.now());
    const result = await client.sendTx(session.key, 'org.propose', { org, action });
    onDone();
    return result;
  };
  const { kind } = form;
  return (
    <TxForm title="Propose a motion" submitLabel="Sign and propose" run={run} testId="org-propose">
      <p class="muted">You stake {stake} reputation; it passes unless a member objects within the motion period.</p>
      <label>
        The motion
        <select name="motion-kind" value={kind} onChange={field('kind')}>
          {MOTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {MOTION_KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </label>
      <p class="muted">{HINTS[kind]}</p>
      {kind === 'distribute' && (
        <label>
          Shared among
          <select name="motion-share" value={form.share} onChange={field('share')}>
            <option value="reputation">members, by reputation</option>
            <option value="holders">holders, by the org tokens they locked</option>
          </select>
        </label>
      )}
      {(kind === 'registry' || kind === 'issue' || kind === 'revoke') && (
        <div class="row">
          <label class="grow">
            {kind === 'registry' ? 'The new registry’s name' : 'Registry'}
            <input name="motion-registry" placeholder="coop-roles" value={form.registry} onInput={field('registry')} />
          </label>
          {kind !== 'registry' && (
            <label>
              Credential type
              <input name="motion-credential-type" placeholder="approver" value={form.credentialType} onInput={field('credentialType')} size={14} />
            </label>
          )}
        </div>
      )}
      <div class="row">
        {(kind === 'pay' || kind === 'issue' || kind === 'revoke') && (
          <label class="grow">
            {kind === 'pay' ? 'Pay to' : kind === 'issue' ? 'Grant it to' : 'Revoke it from'}
            <input name="motion-to" class="mono" placeholder="agora1…" value={form.to} onInput={field('to')} />
          </label>
        )}
        {(kind === 'pay' || kind === 'distribute') && (
          <>
            <label>
              Amount
              <input name="motion-amount" inputMode="decimal" value={form.amount} onInput={field('amount')} size={10} />
            </label>
            <label>
              Asset
              <input name="motion-asset" value={form.asset} onInput={field('asset')} size={8} />
            </label>
          </>
        )}
        {kind === 'issue' && (
          <label>
            Lasts (e.g. 90 d; empty: no expiry)
            <input name="motion-valid-for" value={form.validFor} onInput={field('validFor')} size={8} />
          </label>
        )}
      </div>
    </TxForm>
  );
}
