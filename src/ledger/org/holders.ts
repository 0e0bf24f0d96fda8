import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { ORG_DISTRIBUTION_ASSETS_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getBalance } from '../accounts/balances.ts';
import { payAsset } from '../accounts/payout.ts';
import { ACC_SHIFT } from './dividends.ts';
import { isRejection, loadOrg } from './org.ts';
import { getLock, putLock, putOrg, type LockRecord, type OrgRecord } from './state.ts';
import type { OrgLockPayload } from './types.ts';

/**
 * Revenue shared by holders of the org's token (spec/org.md §4.2, spec/decisions/0011). A holder who
 * wants a share locks org tokens into the org (org.lock); a distribution to holders adds
 * amount × 2^ACC_SHIFT / locked to the holders' accumulator of the asset, so that the snapshot is the
 * locked amounts at that moment, read in O(1): no loop over holders, no hook in token transfers (a
 * locked token is held by the org, so it cannot move while it earns). A lock is settled —
 * owed += ⌊amount × (acc − debt) / 2^ACC_SHIFT⌋, debt = acc — before its amount changes and when it
 * withdraws; the increment rounds up and the pot caps each withdrawal, exactly as for reputation
 * (org/dividends.ts).
 */

const EMPTY_LOCK: LockRecord = Object.freeze({ amount: 0n, debts: new Map<string, bigint>(), owed: new Map<string, bigint>() }) as LockRecord;

/** The lock with what it earned since its last settlement added to `owed` and its debts at the accumulators. */
export function settleLock(org: OrgRecord, lock: LockRecord): LockRecord {
  if (org.holders.accs.size === 0) return lock;
  const owed = new Map(lock.owed);
  const debts = new Map(lock.debts);
  for (const [asset, acc] of org.holders.accs) {
    const debt = lock.debts.get(asset) ?? 0n;
    invariant(acc >= debt, `a lock's debt on ${asset} is above the holders' accumulator`);
    const earned = (lock.amount * (acc - debt)) >> ACC_SHIFT;
    if (earned > 0n) owed.set(asset, (owed.get(asset) ?? 0n) + earned);
    debts.set(asset, acc);
  }
  return { ...lock, owed, debts };
}

/** The holder's lock settled to now; a holder without one starts at the accumulators (it earned nothing before). */
export function loadLock(view: Overlay, orgAddress: string, org: OrgRecord, holder: string): LockRecord {
  const stored = getLock(view, orgAddress, holder);
  return stored === undefined ? { ...EMPTY_LOCK, debts: new Map(org.holders.accs) } : settleLock(org, stored);
}

/**
 * The `distribute` action with `to: 'holders'`: `insufficient_treasury`; `nothing_locked` (no holder to
 * share with); `treasury_full` past ORG_DISTRIBUTION_ASSETS_MAX assets distributed to holders. Effects:
 * the amount moves from the treasury to the holders' pot; their accumulator grows. Writes the org.
 */
export function distributeToHolders(view: Overlay, orgAddress: string, org: OrgRecord, asset: string, amount: bigint): Rejection | LedgerEvent[] {
  const held = org.treasury.assets.get(asset) ?? 0n;
  if (held < amount) return reject('insufficient_treasury', `the treasury holds ${held} ${asset}, the distribution is ${amount}`);
  const locked = org.holders.locked;
  if (locked === 0n) return reject('nothing_locked', `no ${org.token} is locked into ${orgAddress}: no holder to share with`);
  const { accs: holderAccs, pots: holderPots } = org.holders;
  if (!holderAccs.has(asset) && holderAccs.size >= ORG_DISTRIBUTION_ASSETS_MAX) return reject('treasury_full', `an org distributes at most ${ORG_DISTRIBUTION_ASSETS_MAX} assets to holders`);
  // Rounded up, as for reputation (org/dividends.ts distribute): a whole share comes out whole.
  const accs = new Map(holderAccs).set(asset, (holderAccs.get(asset) ?? 0n) + ((amount << ACC_SHIFT) + locked - 1n) / locked);
  const pots = new Map(holderPots).set(asset, (holderPots.get(asset) ?? 0n) + amount);
  const assets = new Map(org.treasury.assets).set(asset, held - amount);
  putOrg(view, orgAddress, { ...org, holders: { locked, accs, pots }, treasury: { ...org.treasury, assets } });
  view.touch(orgAddress);
  return [{ type: 'org.distributed', attributes: { org: orgAddress, asset, amount: amount.toString(), to: 'holders', locked: locked.toString() } }];
}

/** Pays a settled lock what it is owed, each asset capped by the holders' pot; returns the org and the lock to write. */
export function withdrawLockDividends(view: Overlay, orgAddress: string, org: OrgRecord, holder: string, lock: LockRecord): { org: OrgRecord; lock: LockRecord; events: LedgerEvent[]; paid: [string, bigint][] } {
  const pots = new Map(org.holders.pots);
  const events: LedgerEvent[] = [];
  const paidOut: [string, bigint][] = [];
  for (const [asset, due] of [...lock.owed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pot = pots.get(asset) ?? 0n;
    const paid = due < pot ? due : pot;
    if (paid === 0n) continue;
    pots.set(asset, pot - paid);
    paidOut.push([asset, paid]);
    events.push(...payAsset(view, orgAddress, holder, asset, paid));
  }
  return { org: { ...org, holders: { ...org.holders, pots } }, lock: { ...lock, owed: new Map() }, events, paid: paidOut };
}

/**
 * org.lock (spec/org.md §4.2). Checks in order: `unknown_org`; the holder holds `amount` of the org's
 * token (`insufficient_balance`). Effects: the lock is settled, then `amount` moves from the holder to
 * the org's address and is added to the lock and to the org's locked total: it earns from the next
 * distribution to holders on, never from an earlier one.
 */
export function applyOrgLock(view: Overlay, signer: string, payload: OrgLockPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const balance = getBalance(view, signer, org.token);
  if (balance < payload.amount) return reject('insufficient_balance', `${signer} holds ${balance} ${org.token}, the lock is ${payload.amount}`);
  const lock = loadLock(view, payload.org, org, signer);
  putLock(view, payload.org, signer, { ...lock, amount: lock.amount + payload.amount });
  putOrg(view, payload.org, { ...org, holders: { ...org.holders, locked: org.holders.locked + payload.amount } });
  return [
    ...payAsset(view, signer, payload.org, org.token, payload.amount),
    { type: 'org.locked', attributes: { org: payload.org, holder: signer, amount: payload.amount.toString(), locked: (lock.amount + payload.amount).toString() } },
  ];
}

/**
 * org.unlock (spec/org.md §4.2). Checks in order: `unknown_org`; the holder has `amount` locked
 * (`insufficient_locked`). Effects: the lock is settled (what it earned stays owed, to withdraw with
 * org.withdraw), then `amount` returns from the org's address to the holder and leaves the lock and
 * the locked total: it earns nothing from a later distribution.
 */
export function applyOrgUnlock(view: Overlay, signer: string, payload: OrgLockPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const stored = getLock(view, payload.org, signer);
  const locked = stored?.amount ?? 0n;
  if (stored === undefined || locked < payload.amount) return reject('insufficient_locked', `${signer} has ${locked} ${org.token} locked in ${payload.org}, the unlock is ${payload.amount}`);
  invariant(org.holders.locked >= payload.amount, 'the org locks less than one of its holders');
  const lock = settleLock(org, stored);
  putLock(view, payload.org, signer, { ...lock, amount: locked - payload.amount });
  putOrg(view, payload.org, { ...org, holders: { ...org.holders, locked: org.holders.locked - payload.amount } });
  return [
    ...payAsset(view, payload.org, signer, org.token, payload.amount),
    { type: 'org.unlocked', attributes: { org: payload.org, holder: signer, amount: payload.amount.toString(), locked: (locked - payload.amount).toString() } },
  ];
}
