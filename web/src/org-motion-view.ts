/**
 * The motion form without a browser (test/web/org-pure.test.ts): what it proposes as the ledger's
 * `OrgAction` (spec/org.md §4) — a payment from the treasury, a distribution by reputation or to
 * holders (§4.1, §4.2), and the role motions (§4.3): a registry the org curates, a credential of it
 * granted or revoked. Only the form's own gaps are refused here (`missing_field`, amounts by
 * `parseAmount`); names and addresses are the ledger's to judge, and its refusal is shown as it is.
 */
import { AgoraError, parseAmount } from '../../src/client/index.ts';
import type { OrgAction } from '../../src/ledger/org/types.ts';
import { parseDuration } from './org-view.ts';

/** The actions the form offers, in the order of its select. */
export const MOTION_KINDS = ['pay', 'distribute', 'registry', 'issue', 'revoke'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

export const MOTION_KIND_WORDS: { readonly [kind in MotionKind]: string } = {
  pay: 'Pay from the treasury',
  distribute: 'Share revenue from the treasury',
  registry: 'Create a registry the org curates',
  issue: 'Grant a role (issue a credential)',
  revoke: 'Revoke a role (revoke a credential)',
};

/** The form as typed; each kind reads only its own fields. */
export interface MotionForm {
  kind: MotionKind;
  /** pay: the recipient; issue, revoke: the credential's holder. */
  to: string;
  /** pay, distribute: in whole units of `asset` (with its decimals). */
  amount: string;
  asset: string;
  /** distribute: among members by reputation (§4.1) or among holders by the tokens they locked (§4.2). */
  share: 'reputation' | 'holders';
  /** registry: the new registry's name; issue, revoke: the registry the credential is of. */
  registry: string;
  /** issue, revoke: the credential's type, e.g. `approver`. */
  credentialType: string;
  /** issue: how long the grant lasts from now (`90 d`), empty for no expiry. */
  validFor: string;
}

export const EMPTY_MOTION_FORM: MotionForm = { kind: 'pay', to: '', amount: '', asset: 'AGR', share: 'reputation', registry: '', credentialType: '', validFor: '' };

/** The asset whose decimals the amount needs, upper-cased; undefined for a kind without an amount. */
export function motionAssetOf(form: MotionForm): string | undefined {
  return form.kind === 'pay' || form.kind === 'distribute' ? form.asset.trim().toUpperCase() : undefined;
}

function filled(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new AgoraError('missing_field', `${what} is empty`);
  return trimmed;
}

/**
 * The action the form proposes. `assetDecimals` are those of `motionAssetOf(form)` (undefined: no such
 * asset, `unknown_asset`); `nowMs` starts a grant's `validFor`, which has to outlast the motion period
 * to be executable (`deadline_passed` otherwise, at execute).
 */
export function motionActionOf(form: MotionForm, assetDecimals: number | undefined, nowMs: number): OrgAction {
  const asset = motionAssetOf(form);
  const amount = (): bigint => {
    if (asset === undefined || asset === '' || assetDecimals === undefined) throw new AgoraError('unknown_asset', `no asset ${asset ?? ''}`);
    return parseAmount(filled(form.amount, 'the amount'), assetDecimals);
  };
  const credential = (): { registry: string; type: string } => ({ registry: filled(form.registry, 'the registry'), type: filled(form.credentialType, 'the credential type') });
  switch (form.kind) {
    case 'pay':
      return { type: 'pay', to: filled(form.to, 'the recipient'), assets: [{ asset: asset ?? '', amount: amount() }] };
    case 'distribute': {
      // By reputation is the field's absence (spec/decisions/0011), as the SDK's buildOrgDistribute sends it.
      const action: OrgAction = { type: 'distribute', asset: asset ?? '', amount: amount() };
      return form.share === 'holders' ? { ...action, to: 'holders' } : action;
    }
    case 'registry':
      return { type: 'registry', name: filled(form.registry, 'the registry’s name') };
    case 'issue': {
      const action: OrgAction = { type: 'issue', credential: credential(), to: filled(form.to, 'the holder') };
      return form.validFor.trim() === '' ? action : { ...action, expiresAtMs: nowMs + parseDuration(form.validFor, 'how long the role lasts') };
    }
    case 'revoke':
      return { type: 'revoke', credential: credential(), to: filled(form.to, 'the holder') };
  }
}
