import { invariant } from '../../errors/base.ts';
import type { Overlay } from '../state.ts';
import { decay, stepAt } from './decay.ts';
import { settleDividends } from './dividends.ts';
import { getMember, putMember, type MemberRecord, type OrgRecord } from './state.ts';

/**
 * Reputation as a tx reads it (spec/org.md §2): decayed lazily to the block's step. Reputation moves
 * only through these functions, and none of them moves it from one member to another: it is added
 * by founding, rewards and returned stakes, and removed by stakes.
 */

/** The org's decay step at `timeMs`. */
export const orgStep = (org: OrgRecord, timeMs: number): number => stepAt(org.createdMs, org.charter.halfLifeMs, timeMs);

/** The org with its total decayed to `timeMs`. */
export function settleOrg(org: OrgRecord, timeMs: number): OrgRecord {
  const step = orgStep(org, timeMs);
  return { ...org, reputation: decay(org.reputation, step - org.step), step };
}

/** The member with its reputation decayed to the org's step (the org already settled). */
export function settleMember(org: OrgRecord, member: MemberRecord): MemberRecord {
  invariant(member.step <= org.step, 'a member ahead of its org');
  // Dividends first, by the reputation they were earned with (org/dividends.ts).
  const settled = settleDividends(org, member);
  return { ...settled, reputation: decay(member.reputation, org.step - member.step), step: org.step };
}

/** A member's reputation now, or undefined for a non-member (the org settled). */
export function memberReputation(view: Overlay, orgAddress: string, org: OrgRecord, address: string): { member: MemberRecord; reputation: bigint } | undefined {
  const stored = getMember(view, orgAddress, address);
  if (stored === undefined) return undefined;
  const member = settleMember(org, stored);
  return { member, reputation: member.reputation };
}

/**
 * Adds `delta` (positive: a reward or a returned stake; negative: a stake) to a member and to the org's
 * total; writes the member and returns the org to be written by the caller. The total never goes below
 * zero: rounding can make it a few units smaller than the sum of the members (spec/org.md §1), so a
 * removal larger than it leaves 0.
 */
export function addReputation(view: Overlay, orgAddress: string, org: OrgRecord, address: string, member: MemberRecord, delta: bigint): OrgRecord {
  const reputation = member.reputation + delta;
  invariant(reputation >= 0n, `reputation of ${address} would be negative`);
  putMember(view, orgAddress, address, { ...member, reputation, step: org.step });
  const total = org.reputation + delta;
  return { ...org, reputation: total < 0n ? 0n : total };
}
