import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { ORG_DISTRIBUTION_ASSETS_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { payAsset } from '../accounts/payout.ts';
import { HALF, STEPS_PER_HALF_LIFE } from './decay.ts';
import { getLock, getOrg, putLock, putMember, putOrg, type MemberRecord, type OrgRecord } from './state.ts';
import { settleLock, withdrawLockDividends } from './holders.ts';
import { memberReputation, settleOrg } from './reputation.ts';

/**
 * Revenue shared by reputation (spec/org.md §4.1), with no per-member loop: a `distribute` action
 * moves an amount from the treasury to a pot and adds amount × 2^ACC_SHIFT / N to the org's
 * accumulator for that asset, N being the total reputation *normalised* to step 0 (reputation at step
 * s divided by the decay factor of s). A member's normalised reputation does not change while it
 * decays, so the dividends it earned since its last settlement are its normalised reputation × the
 * growth of the accumulator; they are settled whenever its record is read to be written (before its
 * reputation changes) and withdrawn with org.withdraw. Every division rounds down, and a withdrawal
 * never takes more than the pot holds: the members never take more than was distributed. The
 * accumulator's increment alone rounds up (see `distribute`).
 */
export const ACC_SHIFT = 128n;

/** `reputation` at decay step `step` divided by the decay factor of `step` (rounded down). */
export function normalised(reputation: bigint, step: number): bigint {
  const halvings = BigInt(Math.floor(step / STEPS_PER_HALF_LIFE));
  return ((reputation * 1_000_000n) << halvings) / HALF[step % STEPS_PER_HALF_LIFE];
}

/** The member with its dividends since its last settlement added to `owed` and its debts at the accumulators. */
export function settleDividends(org: OrgRecord, member: MemberRecord): MemberRecord {
  if (org.accs.size === 0) return member;
  const weight = normalised(member.reputation, member.step);
  const owed = new Map(member.owed);
  const debts = new Map(member.debts);
  for (const [asset, acc] of org.accs) {
    const debt = member.debts.get(asset) ?? 0n;
    invariant(acc >= debt, `a member's debt on ${asset} is above the accumulator`);
    const earned = (weight * (acc - debt)) >> ACC_SHIFT;
    if (earned > 0n) owed.set(asset, (owed.get(asset) ?? 0n) + earned);
    debts.set(asset, acc);
  }
  return { ...member, owed, debts };
}

/**
 * The `distribute` action: `insufficient_treasury`; `no_reputation` (nobody to share with);
 * `too_many_assets` past ORG_DISTRIBUTION_ASSETS_MAX distributed assets. Effects: the amount moves
 * from the treasury to the asset's pot; the accumulator grows. Writes the org.
 */
export function distribute(view: Overlay, orgAddress: string, org: OrgRecord, asset: string, amount: bigint): Rejection | LedgerEvent[] {
  const held = org.treasury.assets.get(asset) ?? 0n;
  if (held < amount) return reject('insufficient_treasury', `the treasury holds ${held} ${asset}, the distribution is ${amount}`);
  const total = normalised(org.reputation, org.step);
  if (total === 0n) return reject('no_reputation', 'nobody in the org holds reputation to share by');
  if (!org.accs.has(asset) && org.accs.size >= ORG_DISTRIBUTION_ASSETS_MAX) return reject('treasury_full', `an org distributes at most ${ORG_DISTRIBUTION_ASSETS_MAX} assets`);
  // Rounded up: a member's share then comes out exact when it is a whole number (rounded down it would
  // be one unit short); the excess is below w / 2^128 per distribution, and the pot caps every withdrawal.
  const accs = new Map(org.accs).set(asset, (org.accs.get(asset) ?? 0n) + ((amount << ACC_SHIFT) + total - 1n) / total);
  const pots = new Map(org.pots).set(asset, (org.pots.get(asset) ?? 0n) + amount);
  const assets = new Map(org.treasury.assets).set(asset, held - amount);
  putOrg(view, orgAddress, { ...org, accs, pots, treasury: { ...org.treasury, assets } });
  view.touch(orgAddress);
  return [{ type: 'org.distributed', attributes: { org: orgAddress, asset, amount: amount.toString(), to: 'reputation' } }];
}

/** Pays a settled member what it is owed, each asset capped by its pot; returns the org and member to write. */
export function withdrawDividends(view: Overlay, orgAddress: string, org: OrgRecord, address: string, member: MemberRecord): { org: OrgRecord; member: MemberRecord; events: LedgerEvent[] } {
  const pots = new Map(org.pots);
  const events: LedgerEvent[] = [];
  for (const [asset, due] of [...member.owed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const paid = due < (pots.get(asset) ?? 0n) ? due : (pots.get(asset) ?? 0n);
    if (paid === 0n) continue;
    pots.set(asset, (pots.get(asset) ?? 0n) - paid);
    events.push(...payAsset(view, orgAddress, address, asset, paid));
  }
  return { org: { ...org, pots }, member: { ...member, owed: new Map() }, events };
}

/**
 * org.withdraw (spec/org.md §4.1, §4.2). Checks in order: `unknown_org`; the signer is a member or has
 * a lock (`not_a_member`); something is owed and a pot can pay it (`nothing_due`). Effects: the
 * member's dividends, settled to the block, each asset capped by the reputation pot, then the lock's,
 * capped by the holders' pot, move from the org to the signer.
 */
export function applyOrgWithdraw(view: Overlay, signer: string, payload: { org: string }, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = getOrg(view, payload.org);
  if (org === undefined) return reject('unknown_org', `no organisation at ${payload.org}`);
  let settledOrg = settleOrg(org, ctx.timeMs);
  const found = memberReputation(view, payload.org, settledOrg, signer);
  const stored = getLock(view, payload.org, signer);
  if (found === undefined && stored === undefined) return reject('not_a_member', `${signer} is neither a member of ${payload.org} nor a holder with tokens locked in it`);
  const events: LedgerEvent[] = [];
  const withdrew: { [key: string]: string } = { org: payload.org, member: signer };
  if (found !== undefined) {
    const paid = withdrawDividends(view, payload.org, settledOrg, signer, found.member);
    events.push(...paid.events);
    settledOrg = paid.org;
    if (paid.events.length > 0) putMember(view, payload.org, signer, paid.member);
  }
  if (stored !== undefined) {
    const paid = withdrawLockDividends(view, payload.org, settledOrg, signer, settleLock(settledOrg, stored));
    events.push(...paid.events);
    // What came from the holders' pot, as asset:amount (spec/org.md §4.2); the rest came from the reputation pot.
    if (paid.events.length > 0) withdrew.holders = paid.paid.map(([asset, amount]) => `${asset}:${amount}`).join(',');
    settledOrg = paid.org;
    if (paid.events.length > 0) putLock(view, payload.org, signer, paid.lock);
  }
  if (events.length === 0) return reject('nothing_due', `${signer} has no dividends to withdraw from ${payload.org}`);
  putOrg(view, payload.org, settledOrg);
  return [...events, { type: 'org.withdrew', attributes: withdrew }];
}
