import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset } from '../accounts/balances.ts';
import { checkRecipient, payAsset } from '../accounts/payout.ts';
import { contractAddressFor, isContract } from '../accounts/contract-account.ts';
import { moveBalance } from '../accounts/balances.ts';
import { putStream } from '../contracts/stream-state.ts';
import { putSplit } from '../accounts/split-state.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import { give } from '../contracts/holding.ts';
import { checkItemsMovable } from '../contracts/items.ts';
import { addMember } from './org.ts';
import { openEscrow, runEscrowAct } from './escrow-action.ts';
import { runRegistryAction } from './registry-action.ts';
import { distribute } from './dividends.ts';
import { distributeToHolders } from './holders.ts';
import { memberReputation } from './reputation.ts';
import { mintToken } from './contribution.ts';
import { memberKey, putOrg, type OrgRecord } from './state.ts';
import type { Charter, OrgAction } from './types.ts';
// work (spec/work.md)
import { runJobAction } from '../work/org-action.ts';
import { charterApproverRefusal } from '../work/roles.ts';

/**
 * A passed motion's action (spec/org.md §4), run inside org.execute: its checks first, then its
 * effects; a refusal refuses the whole tx, so nothing of the motion or the action is written. The
 * org is given settled and after the motion's own stake moves; the action writes it.
 */
export function runAction(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, motion: number, action: OrgAction, ctx: BlockContext): Rejection | LedgerEvent[] {
  switch (action.type) {
    case 'pay':
      return pay(view, signer, orgAddress, org, action, ctx);
    case 'mint': {
      const refused = checkRecipient(view, action.to, false);
      if (refused !== undefined) return refused;
      putOrg(view, orgAddress, org);
      return mintToken(view, orgAddress, org.token, action.to, action.amount);
    }
    case 'charter':
      return setCharter(view, orgAddress, org, action.charter);
    case 'member':
      return addMember(view, orgAddress, org, action.address, ctx);
    case 'remove':
      return removeMember(view, orgAddress, org, action.address);
    case 'split':
      return openSplit(view, signer, orgAddress, org, motion, action, ctx);
    case 'stream':
      return openStream(view, signer, orgAddress, org, motion, action, ctx);
    case 'distribute':
      return action.to === 'holders' ? distributeToHolders(view, orgAddress, org, action.asset, action.amount) : distribute(view, orgAddress, org, action.asset, action.amount);
    case 'escrow': {
      const { type: _type, ...payload } = action;
      return openEscrow(view, signer, orgAddress, org, motion, payload, ctx);
    }
    case 'registry':
    case 'issue':
    case 'revoke':
      return runRegistryAction(view, orgAddress, org, action, ctx);
    case 'release':
    case 'dispute':
      return runEscrowAct(view, orgAddress, org, action, ctx);
    // work (spec/work.md §2)
    case 'job':
      return runJobAction(view, signer, orgAddress, org, motion, action, ctx);
  }
}

/** `bad_charter`: a different `halfLifeMs`, an unknown fee asset, an approver role in a registry the org does not curate (spec/work.md §2.1). */
function setCharter(view: Overlay, orgAddress: string, org: OrgRecord, charter: Charter): Rejection | LedgerEvent[] {
  if (charter.halfLifeMs !== org.charter.halfLifeMs) return reject('bad_charter', 'the half-life is fixed at creation: the decay steps are cut from it');
  if (getAsset(view, charter.feeAsset) === undefined) return reject('bad_charter', `no asset ${charter.feeAsset} for the contribution fee`);
  const refused = charterApproverRefusal(view, orgAddress, charter.approver);
  if (refused !== undefined) return refused;
  putOrg(view, orgAddress, { ...org, charter });
  return [{ type: 'org.chartered', attributes: { org: orgAddress } }];
}

/** `insufficient_treasury` (assets, then items in the treasury), `contract_recipient`, the item codes. */
function pay(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, action: Extract<OrgAction, { type: 'pay' }>, ctx: BlockContext): Rejection | LedgerEvent[] {
  const assets = new Map(org.treasury.assets);
  for (const { asset, amount } of action.assets ?? []) {
    const held = assets.get(asset) ?? 0n;
    if (held < amount) return reject('insufficient_treasury', `the treasury holds ${held} ${asset}, the motion pays ${amount}`);
    assets.set(asset, held - amount);
  }
  const items = action.items ?? [];
  const missing = items.find((id) => !org.treasury.items.includes(id));
  if (missing !== undefined) return reject('insufficient_treasury', `the treasury does not hold ${missing}`);
  const refused = checkRecipient(view, action.to, items.length > 0) ?? checkItemsMovable(view, items, orgAddress);
  if (refused !== undefined) return refused;
  putOrg(view, orgAddress, { ...org, treasury: { assets, items: org.treasury.items.filter((id) => !items.includes(id)) } });
  const holding = { ...(action.assets === undefined ? {} : { assets: action.assets }), ...(items.length === 0 ? {} : { items }) };
  return give(view, orgAddress, action.to, holding, signer, ctx, 'org.execute');
}

/**
 * `not_a_member`. Effects: the member record goes, and its reputation leaves the total; what it had
 * staked is not returned to it later (a claim or a won motion stake finds no member, spec/org.md §4).
 */
function removeMember(view: Overlay, orgAddress: string, org: OrgRecord, address: string): Rejection | LedgerEvent[] {
  const found = memberReputation(view, orgAddress, org, address);
  if (found === undefined) return reject('not_a_member', `${address} is not a member of ${orgAddress}`);
  view.delete(memberKey(orgAddress, address));
  const total = org.reputation - found.reputation;
  putOrg(view, orgAddress, { ...org, members: org.members - 1, reputation: total < 0n ? 0n : total });
  view.touch(orgAddress, address);
  return [{ type: 'org.removed', attributes: { org: orgAddress, member: address, reputation: found.reputation.toString() } }];
}

/**
 * `insufficient_treasury`; a member is a contract (`contract_recipient`); the address checks of
 * spec/ledger.md §8.1 (what was sent ahead goes to the executing tx's signer, its creating signer).
 * Effects: a split at the contract address of (chain, org, motion number, 0), created by the org, and
 * `amount` of `asset` paid into it from the treasury, forwarded at once to its members.
 */
function openSplit(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, motion: number, action: Extract<OrgAction, { type: 'split' }>, ctx: BlockContext): Rejection | LedgerEvent[] {
  const held = org.treasury.assets.get(action.asset) ?? 0n;
  if (held < action.amount) return reject('insufficient_treasury', `the treasury holds ${held} ${action.asset}, the split is paid ${action.amount}`);
  for (const member of action.members) {
    const refused = checkRecipient(view, member.address, true);
    if (refused !== undefined) return refused;
  }
  const address = contractAddressFor(ctx.chainId, orgAddress, BigInt(motion), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const returned = returnStrays(view, address, signer, strays, ctx, 'org.execute');
  putSplit(view, { address, creator: orgAddress, members: action.members, createdAt: ctx.height });
  putOrg(view, orgAddress, { ...org, treasury: { ...org.treasury, assets: new Map([...org.treasury.assets, [action.asset, held - action.amount]]) } });
  view.touch(address, ...action.members.map((m) => m.address));
  return [
    ...returned,
    { type: 'split.created', attributes: { split: address, creator: orgAddress, members: action.members.map((m) => `${m.address}:${m.weight}`).join(',') } },
    ...payAsset(view, orgAddress, address, action.asset, action.amount),
  ];
}

/**
 * `insufficient_treasury`; the payee is a contract (`contract_recipient`); the address checks of
 * spec/ledger.md §8.1. Effects: a stream at the contract address of (chain, org, motion number, 0)
 * with the org as payer, its deposit moved from the treasury; when the payee stops it, the rest comes
 * back into the treasury (org/treasury.ts). The org cannot sign, so only the payee stops it.
 */
function openStream(view: Overlay, signer: string, orgAddress: string, org: OrgRecord, motion: number, action: Extract<OrgAction, { type: 'stream' }>, ctx: BlockContext): Rejection | LedgerEvent[] {
  const held = org.treasury.assets.get(action.asset) ?? 0n;
  if (held < action.deposit) return reject('insufficient_treasury', `the treasury holds ${held} ${action.asset}, the stream's deposit is ${action.deposit}`);
  if (isContract(view, action.payee)) return reject('contract_recipient', `the payee ${action.payee} is a contract account, which cannot withdraw`);
  const address = contractAddressFor(ctx.chainId, orgAddress, BigInt(motion), 0);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const returned = returnStrays(view, address, signer, strays, ctx, 'org.execute');
  putStream(view, address, { type: 'stream', payer: orgAddress, payee: action.payee, asset: action.asset, ratePerSecond: action.ratePerSecond, deposit: action.deposit, startMs: ctx.timeMs, withdrawn: 0n, status: 'open', createdAt: ctx.height });
  putOrg(view, orgAddress, { ...org, treasury: { ...org.treasury, assets: new Map([...org.treasury.assets, [action.asset, held - action.deposit]]) } });
  moveBalance(view, orgAddress, address, action.asset, action.deposit);
  view.touch(address, action.payee, orgAddress);
  return [
    ...returned,
    { type: 'transfer', attributes: { asset: action.asset, from: orgAddress, to: address, amount: action.deposit.toString() } },
    { type: 'stream.opened', attributes: { stream: address, payer: orgAddress, payee: action.payee, asset: action.asset, ratePerSecond: action.ratePerSecond.toString(), deposit: action.deposit.toString(), startMs: String(ctx.timeMs) } },
  ];
}
