import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { contractAddressFor } from '../accounts/contract-account.ts';
import { putOrg, type OrgRecord } from '../org/state.ts';
import { postJob } from './post.ts';
import { applyJobAssign, applyJobReplace } from './assign.ts';
import { applyJobApprove, applyJobAward, applyJobDispute } from './milestone.ts';
import { applyJobCancel } from './close.ts';
import type { JobAction } from './types.ts';

/**
 * An org's `job` action (spec/work.md §2), run by org.execute once its motion passed: the org is the
 * poster. `post` pays the budget from the treasury (`insufficient_treasury`) into a job at the contract
 * address of (chain, org, motion number, 0); every other kind runs the job kind with the org as its
 * signer, so approvals, disputes, replacements, awards and cancellations of an org's job are motions.
 * What comes back to the org (a cancelled budget, a forfeited bond) re-enters its treasury
 * (org/treasury.ts creditTreasury, called by the job kinds).
 */
export function runJobAction(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, motion: number, action: { type: 'job' } & JobAction, ctx: BlockContext): Rejection | LedgerEvent[] {
  if (action.kind !== 'post') {
    putOrg(view, orgAddress, org);
    switch (action.kind) {
      case 'assign':
        return applyJobAssign(view, orgAddress, action.payload, ctx, signer);
      case 'approve':
        return applyJobApprove(view, orgAddress, action.payload, ctx);
      case 'dispute':
        return applyJobDispute(view, orgAddress, action.payload, ctx);
      case 'replace':
        return applyJobReplace(view, orgAddress, action.payload, ctx);
      case 'award':
        return applyJobAward(view, orgAddress, action.payload, ctx);
      case 'cancel':
        return applyJobCancel(view, orgAddress, action.payload, ctx);
    }
  }
  const { payload } = action;
  const address = contractAddressFor(ctx.chainId, orgAddress, BigInt(motion), 0);
  let remaining = 0n;
  const events = postJob(view, orgAddress, address, signer, payload, ctx, (budget) => {
    const held = org.treasury.assets.get(payload.asset) ?? 0n;
    remaining = held - budget;
    return held < budget ? reject('insufficient_treasury', `the treasury holds ${held} ${payload.asset}, the job's budget is ${budget}`) : undefined;
  });
  if ('code' in events) return events;
  putOrg(view, orgAddress, { ...org, treasury: { ...org.treasury, assets: new Map([...org.treasury.assets, [payload.asset, remaining]]) } });
  return events;
}
