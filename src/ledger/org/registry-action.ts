import type { Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { applyRegistryCreate } from '../records/registry.ts';
import { applyCredentialIssue, applyCredentialRevoke } from '../market/credential.ts';
import { putOrg, type OrgRecord } from './state.ts';
import type { OrgAction } from './types.ts';

/**
 * The `registry`, `issue` and `revoke` actions (spec/org.md §4.3): registry.create, credential.issue
 * and credential.revoke with the org as signer, so the org curates a registry and issues its
 * credentials by motion only. The registry is curated (closed to items but the org's) and has no
 * attesters: the org cannot sign a registry.authorize, so no one but a motion ever issues in it. That
 * is what lets a charter's approver role (spec/work.md §2.1) name it.
 *
 * Refusals: `registry` — `registry_exists`; `issue` — `unknown_registry`, `not_authorised` (the org
 * does not curate it), `deadline_passed` (the expiry is not after the block time); `revoke` —
 * `unknown_registry`, `not_authorised`, `unknown_credential`, `credential_revoked`.
 */
export function runRegistryAction(view: Overlay, orgAddress: string, org: OrgRecord, action: Extract<OrgAction, { type: 'registry' | 'issue' | 'revoke' }>, ctx: BlockContext): Rejection | LedgerEvent[] {
  putOrg(view, orgAddress, org);
  switch (action.type) {
    case 'registry':
      return applyRegistryCreate(view, orgAddress, { name: action.name, open: false }, ctx);
    case 'issue': {
      const { registry, type } = action.credential;
      return applyCredentialIssue(view, orgAddress, { registry, type, to: action.to, ...(action.expiresAtMs === undefined ? {} : { expiresAtMs: action.expiresAtMs }) }, ctx);
    }
    case 'revoke':
      return applyCredentialRevoke(view, orgAddress, { ...action.credential, to: action.to }, ctx);
  }
}
