import type { Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { revealEvaluation } from './contribution.ts';
import { revealVote } from './motion.ts';
import { isRejection, loadOrg } from './org.ts';
import type { OrgRevealPayload } from './types.ts';

/** org.reveal (spec/org.md §5): `unknown_org`, then an evaluation's or a vote's reveal. */
export function applyOrgReveal(view: Overlay, signer: string, payload: OrgRevealPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  if (payload.contribution !== undefined) return revealEvaluation(view, signer, org, { ...payload, contribution: payload.contribution }, ctx);
  return revealVote(view, signer, org, { ...payload, motion: payload.motion as number }, ctx);
}
