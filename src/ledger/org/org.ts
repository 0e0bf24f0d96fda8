import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { ORG_MEMBERS_MAX, ORG_TREASURY_ASSETS_MAX, ORG_TREASURY_ITEMS_MAX } from '../limits.ts';
import { consumedNonce } from '../records/item-log.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, putAsset } from '../accounts/balances.ts';
import { contractAddressFor, isContract } from '../accounts/contract-account.ts';
import { splitShares } from '../accounts/split-state.ts';
import { checkCanGive, give } from '../contracts/holding.ts';
import { checkStrays, returnStrays } from '../contracts/stray.ts';
import type { Holding } from '../contracts/value-types.ts';
import { orgStep, settleOrg } from './reputation.ts';
import { NO_HOLDERS, getMember, getOrg, putMember, putOrg, type OrgRecord } from './state.ts';
import type { OrgCreatePayload, OrgFundPayload, OrgRefPayload } from './types.ts';

/** Founding, joining and funding an organisation (spec/org.md §5). */

export const isRejection = (value: object): value is Rejection => 'code' in value;

/** `unknown_org` when no org is at `address`; else the org with its total decayed to the block. */
export function loadOrg(view: Overlay, address: string, ctx: BlockContext): OrgRecord | Rejection {
  const org = getOrg(view, address);
  return org === undefined ? reject('unknown_org', `no organisation at ${address}`) : settleOrg(org, ctx.timeMs);
}

/**
 * Checks in order: the creator is not listed among the members (`bad_parties`); the token's symbol is
 * free (`asset_exists`); the fee asset exists (`unknown_asset`); the address checks of spec/ledger.md
 * §8.1. Effects: what the address held goes to the creator; the org token (supply 0, the org its mint
 * authority); the org; the creator and the members as members sharing the founding reputation by the
 * split rounding rule (creator first).
 */
export function applyOrgCreate(view: Overlay, creator: string, payload: OrgCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  if (payload.members.includes(creator)) return reject('bad_parties', 'the creator is a founding member already; list only the others');
  if (getAsset(view, payload.token.symbol) !== undefined) return reject('asset_exists', `asset ${payload.token.symbol} already exists`);
  if (getAsset(view, payload.charter.feeAsset) === undefined) return reject('unknown_asset', `no asset ${payload.charter.feeAsset} for the contribution fee`);
  // spec/work.md §2.1: the org curates no registry before it exists, so a founding charter names no approver role.
  if (payload.charter.approver !== undefined) return reject('bad_charter', 'a founding charter names no approver role: the org creates its registry by motion, then names the role by a charter motion');
  const address = contractAddressFor(ctx.chainId, creator, consumedNonce(view, creator), 0);
  invariant(!isContract(view, address), `contract ${address} already exists: an address was derived twice`);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const returned = returnStrays(view, address, creator, strays, ctx, 'org.create');
  putAsset(view, { symbol: payload.token.symbol, name: payload.token.name, decimals: payload.token.decimals, supply: 0n, mintAuthority: address, creator });
  const founders = [creator, ...payload.members];
  const shares = splitShares(payload.foundingReputation, founders.map(() => 1));
  founders.forEach((founder, i) => putMember(view, address, founder, { reputation: shares[i], step: 0, joinedAt: ctx.height, debts: new Map(), owed: new Map() }));
  putOrg(view, address, {
    type: 'org', name: payload.name, creator, token: payload.token.symbol, charter: payload.charter,
    treasury: { assets: new Map(), items: [] }, accs: new Map(), pots: new Map(), holders: NO_HOLDERS, reputation: payload.foundingReputation, step: 0, members: founders.length,
    nextContribution: 0, nextMotion: 0, createdMs: ctx.timeMs, createdAt: ctx.height,
  });
  view.touch(address, ...founders);
  return [
    ...returned,
    { type: 'asset.created', attributes: { asset: payload.token.symbol, creator, supply: '0', mintable: 'true' } },
    { type: 'org.created', attributes: { org: address, creator, name: payload.name, token: payload.token.symbol, members: founders.map((f, i) => `${f}:${shares[i]}`).join(','), open: String(payload.charter.open) } },
  ];
}

/** Checks in order: `unknown_org`; the charter is open (`membership_closed`); `already_member`; `too_many_members`. A joiner holds no reputation. */
export function applyOrgJoin(view: Overlay, signer: string, payload: OrgRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  if (!org.charter.open) return reject('membership_closed', `${payload.org} adds members by motion only`);
  return addMember(view, payload.org, org, signer, ctx);
}

/** `already_member`, `too_many_members`; then the member with reputation 0; writes the org. */
export function addMember(view: Overlay, orgAddress: string, org: OrgRecord, address: string, ctx: BlockContext): Rejection | LedgerEvent[] {
  if (getMember(view, orgAddress, address) !== undefined) return reject('already_member', `${address} is a member of ${orgAddress} already`);
  if (org.members >= ORG_MEMBERS_MAX) return reject('too_many_members', `${orgAddress} has ${ORG_MEMBERS_MAX} members`);
  // A joiner shares in no earlier distribution: its debts start at the accumulators.
  putMember(view, orgAddress, address, { reputation: 0n, step: orgStep(org, ctx.timeMs), joinedAt: ctx.height, debts: new Map(org.accs), owed: new Map() });
  putOrg(view, orgAddress, { ...org, members: org.members + 1 });
  view.touch(orgAddress, address);
  return [{ type: 'org.joined', attributes: { org: orgAddress, member: address } }];
}

/** The treasury with `holding` added, or `treasury_full` past ORG_TREASURY_ASSETS_MAX / ORG_TREASURY_ITEMS_MAX. */
export function treasuryPlus(org: OrgRecord, holding: Holding): OrgRecord['treasury'] | Rejection {
  const assets = new Map(org.treasury.assets);
  for (const { asset, amount } of holding.assets ?? []) assets.set(asset, (assets.get(asset) ?? 0n) + amount);
  const items = [...org.treasury.items, ...(holding.items ?? [])].sort();
  if (assets.size > ORG_TREASURY_ASSETS_MAX || items.length > ORG_TREASURY_ITEMS_MAX) return reject('treasury_full', `a treasury holds at most ${ORG_TREASURY_ASSETS_MAX} assets and ${ORG_TREASURY_ITEMS_MAX} items`);
  return { assets, items };
}

/** Checks in order: `unknown_org`; the giver checks (spec/ledger.md §8.1); `treasury_full`. Effects: the holding moves into the treasury. */
export function applyOrgFund(view: Overlay, signer: string, payload: OrgFundPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const holding: Holding = {};
  if (payload.assets !== undefined) holding.assets = payload.assets;
  if (payload.items !== undefined) holding.items = payload.items;
  const refused = checkCanGive(view, signer, [holding]);
  if (refused !== undefined) return refused;
  const treasury = treasuryPlus(org, holding);
  if (isRejection(treasury)) return treasury;
  const events = give(view, signer, payload.org, holding, signer, ctx, 'org.fund');
  putOrg(view, payload.org, { ...org, treasury });
  return [...events, { type: 'org.funded', attributes: { org: payload.org, from: signer } }];
}
