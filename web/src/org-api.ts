/**
 * The org read routes (spec/api.md §4 "Organisations", src/wire/org.ts) as the pages use them: the
 * SDK's calls under the names the pages know, and the wire types under shorter names. A motion's
 * action is plain JSON on the wire; here it is typed by its `type` (spec/org.md §4).
 */
import type {
  ContributionPhaseJson,
  MotionPhaseJson,
  OrgCharterJson,
  OrgContractJson,
  OrgContributionJson,
  OrgContributionResponse,
  OrgEvaluationJson,
  OrgMemberJson,
  OrgMembershipJson,
  OrgMotionJson,
  OrgHolderResponse,
  OrgMotionResponse,
  OrgResponse as WireOrgResponse,
} from '../../src/client/index.ts';
import { client } from './node.ts';

export type { ContributionPhaseJson, MotionPhaseJson, OrgContractJson };
export type CharterJson = OrgCharterJson;
export type MemberJson = OrgMemberJson;
export type ContributionJson = OrgContributionJson;
export type EvaluationJson = OrgEvaluationJson;
export type ContributionResponse = OrgContributionResponse;
export type MembershipJson = OrgMembershipJson;
export type HolderResponse = OrgHolderResponse;

type AssetAmountsJson = { asset: string; amount: string }[];

/** A motion's action as JSON: the ledger's OrgAction with amounts as decimal strings. */
export type OrgActionJson =
  | { type: 'pay'; to: string; assets?: AssetAmountsJson; items?: string[] }
  | { type: 'mint'; to: string; amount: string }
  | { type: 'charter'; charter: CharterJson }
  | { type: 'member'; address: string }
  | { type: 'remove'; address: string }
  | { type: 'distribute'; asset: string; amount: string; to?: 'holders' }
  | { type: 'registry'; name: string }
  | { type: 'issue' | 'revoke'; credential: { registry: string; type: string }; to: string; expiresAtMs?: number }
  | { type: 'release'; escrow: string; tranche: number }
  | { type: 'dispute'; escrow: string }
  | { type: 'job'; kind: string; payload: { [field: string]: unknown } }
  | { type: 'split' | 'stream' | 'escrow'; [field: string]: unknown };

export type MotionJson = Omit<OrgMotionJson, 'action'> & { action: OrgActionJson };
export type MotionResponse = Omit<OrgMotionResponse, 'motion'> & { motion: MotionJson };
export type OrgResponse = Omit<WireOrgResponse, 'openMotions'> & { openMotions: MotionJson[] };

// The node builds `action` from the ledger's OrgAction (src/ledger/org/types.ts): the cast names it.
const typed = (motion: OrgMotionJson): MotionJson => motion as unknown as MotionJson;

export const getOrg = async (org: string): Promise<OrgResponse> => {
  const view = await client.getOrg(org);
  return { ...view, openMotions: view.openMotions.map(typed) };
};

export const getOrgMembers = async (org: string): Promise<MemberJson[]> => (await client.getOrgMembers(org, { limit: 100 })).members;

export const getOrgContributions = async (org: string): Promise<ContributionJson[]> => (await client.getOrgContributions(org, { limit: 50 })).contributions;

export const getOrgContribution = (org: string, id: number): Promise<ContributionResponse> => client.getOrgContribution(org, id);

export const getOrgMotions = async (org: string): Promise<MotionJson[]> => (await client.getOrgMotions(org, { limit: 50 })).motions.map(typed);

export const getOrgMotion = async (org: string, id: number): Promise<MotionResponse> => {
  const found = await client.getOrgMotion(org, id);
  return { ...found, motion: typed(found.motion) };
};

/** The orgs `address` is a member of. */
export const getAccountOrgs = async (address: string): Promise<MembershipJson[]> => (await client.getAccountOrgs(address)).orgs;

/** `holder`'s org tokens locked into the org and its claimable share (spec/org.md §4.2); locked 0 when it never locked. */
export const getOrgHolder = (org: string, holder: string): Promise<HolderResponse> => client.getOrgHolder(org, holder);
