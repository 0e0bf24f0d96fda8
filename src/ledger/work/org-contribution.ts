import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { isRejection, loadOrg } from '../org/org.ts';
import { getOrg, putContribution, putOrg } from '../org/state.ts';

/**
 * A released milestone of an org's job enters the org as a contribution of the worker (spec/work.md
 * §3.5; spec/org.md §3): the members evaluate it as any other, and its close mints the worker's tokens
 * and, for a member, reputation by the org's formula — no other path creates reputation. The job paid
 * for it, so no contribution fee is taken. Nothing when the poster is not an org.
 */
export function milestoneContribution(view: Overlay, poster: string, worker: string, job: string, milestone: number, document: Uint8Array, ctx: BlockContext): LedgerEvent[] {
  if (getOrg(view, poster) === undefined) return [];
  const org = loadOrg(view, poster, ctx);
  if (isRejection(org)) return [];
  const id = org.nextContribution;
  putContribution(view, poster, id, {
    contributor: worker, document, description: `job ${job} milestone ${milestone + 1}`, domain: undefined, submittedMs: ctx.timeMs, base: org.reputation,
    evaluations: 0, upWeight: 0n, downWeight: 0n, scoreSum: 0n, upPoints: 0n, downPoints: 0n, upStake: 0n, downStake: 0n, committedStake: 0n, status: 'open',
  });
  putOrg(view, poster, { ...org, nextContribution: id + 1 });
  view.touch(poster, worker);
  return [{ type: 'org.contributed', attributes: { org: poster, contribution: String(id), contributor: worker, job, milestone: String(milestone) } }];
}
