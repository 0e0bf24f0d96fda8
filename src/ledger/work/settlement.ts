import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import type { Rejection } from '../errors.ts';
import { getBalance } from '../accounts/balances.ts';
import { getContractRecord } from '../accounts/contract-account.ts';
import { loadEscrow, type Escrow } from '../contracts/escrow-state.ts';
import { recordTrade, tradeIdFor, tradeKey, type TradeInput } from '../market/trades.ts';
import { loadJob, putJob, type Job } from './state.ts';
import { milestoneContribution } from './org-contribution.ts';

/**
 * Settlement of a job's milestones (spec/work.md §3.5), run in the same tx as every escrow tx on an
 * escrow whose payer is a job: what the escrow paid back joins the job's `available`, and each tranche
 * no longer held gets its trade (spec/reputation.md §1), so each settled milestone can be reviewed
 * both ways. Bounded: at most ESCROW_TRANCHES_MAX tranches.
 */

/** The job paying `escrowAddress`, when it is a job's escrow. */
function jobOf(view: Overlay, escrowAddress: string): { job: Job; escrow: Escrow } | undefined {
  const escrow = loadEscrow(view, escrowAddress);
  if ('code' in escrow || getContractRecord(view, escrow.payer)?.type !== 'job') return undefined;
  const job = loadJob(view, escrow.payer);
  return 'code' in job ? undefined : { job, escrow };
}

const amountOf = (holding: { assets?: { asset: string; amount: bigint }[] } | undefined, asset: string): bigint =>
  (holding?.assets ?? []).reduce((sum, a) => (a.asset === asset ? sum + a.amount : sum), 0n);

/**
 * Runs `action` (an escrow rule) on `escrowAddress`; when it succeeds and the escrow is a job's, credits
 * what came back to the job and records the trades of the newly settled tranches. `abandoned`: the
 * first of them is recorded as lost by the worker (job.replace).
 */
export function withJobSettlement(view: Overlay, escrowAddress: string, ctx: BlockContext, action: () => Rejection | LedgerEvent[], abandoned = false): Rejection | LedgerEvent[] {
  const found = jobOf(view, escrowAddress);
  const before = found === undefined ? 0n : getBalance(view, found.job.address, found.job.asset);
  const events = action();
  if ('code' in events || found === undefined) return events;
  return [...events, ...settleJobEscrow(view, escrowAddress, before, ctx, abandoned)];
}

function settleJobEscrow(view: Overlay, escrowAddress: string, before: bigint, ctx: BlockContext, abandoned: boolean): LedgerEvent[] {
  const found = jobOf(view, escrowAddress);
  if (found === undefined) return [];
  const { job, escrow } = found;
  const returned = getBalance(view, job.address, job.asset) - before;
  if (returned > 0n) putJob(view, { ...job, available: job.available + returned });
  const worker = job.escrow === escrow.address ? job.worker : undefined;
  if (worker === undefined) return [];
  const events: LedgerEvent[] = [];
  const resolved = escrow.tranches.flatMap((t, i) => (t.status === 'resolved' ? [i] : []));
  const fee = resolved.length > 0 ? (escrow.arbiterFee?.amount ?? 0n) : 0n;
  let first = abandoned;
  escrow.tranches.forEach((tranche, i) => {
    if (tranche.status === 'held') return;
    const ref = `${escrow.address}/${i}`;
    if (view.get(tradeKey(tradeIdFor('job', ref))) !== undefined) return;
    const trade: TradeInput = { kind: 'job', ref, buyer: job.poster, seller: worker, asset: job.asset, amount: 0n, disputed: false, height: ctx.height };
    if (escrow.arbiter !== undefined) trade.arbiter = escrow.arbiter;
    if (tranche.status === 'released') trade.amount = amountOf(tranche, job.asset);
    if (tranche.status === 'resolved') {
      trade.disputed = true;
      if (i === resolved[0]) {
        trade.amount = amountOf(escrow.resolvedToPayee, job.asset);
        const divided = resolved.reduce((sum, k) => sum + amountOf(escrow.tranches[k], job.asset), 0n) - fee;
        if (2n * trade.amount < divided) trade.loser = worker;
        else if (2n * trade.amount > divided) trade.loser = job.poster;
      }
    }
    if (first) {
      Object.assign(trade, { disputed: true, loser: worker });
      first = false;
    }
    events.push(recordTrade(view, trade));
    // an org's job: the approved (released) milestone is the worker's contribution to the org
    if (tranche.status === 'released') events.push(...milestoneContribution(view, job.poster, worker, job.address, i, tranche.document ?? job.spec, ctx));
  });
  return events;
}
