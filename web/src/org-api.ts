/**
 * The org read routes (spec/api.md §4 "Organisations") as the pages use them. Their shapes are those
 * of src/wire/org.ts (branch org-api, not merged when these pages were written), repeated here by
 * hand; when it lands these become re-exports of its types and the fetches the SDK's calls, as
 * market-api.ts does for the market.
 */
import { AgoraError } from '../../src/client/index.ts';

export interface CharterJson {
  evaluationWindowMs: number;
  quorumPpm: number;
  thresholdPpm: number;
  tokenReward: string;
  reputationReward: string;
  evaluatorStakePpm: number;
  feeAsset: string;
  contributionFee: string;
  halfLifeMs: number;
  motionPeriodMs: number;
  motionStake: string;
  open: boolean;
}

/** The block whose time "now" means. */
export interface OrgClockJson {
  height: number;
  timeMs: number;
}

type AssetAmountsJson = { asset: string; amount: string }[];

export interface OrgContractJson {
  type: 'org';
  address: string;
  createdAt: number;
  holds: { assets: AssetAmountsJson; items: string[] };
  at: OrgClockJson;
  name: string;
  creator: string;
  /** The org token's symbol: the org is its mint authority. */
  token: string;
  charter: CharterJson;
  treasury: { assets: AssetAmountsJson; items: string[] };
  pots: AssetAmountsJson;
  /** Total reputation decayed to the latest block's step: the quorum base. */
  reputation: string;
  step: number;
  members: number;
  contributions: number;
  motions: number;
  createdMs: number;
}

export interface MemberJson {
  address: string;
  /** Decayed to the latest block's step; staked reputation not included. */
  reputation: string;
  joinedAt: number;
  owed: AssetAmountsJson;
}

export type ContributionStatusJson = 'open' | 'accepted' | 'rejected' | 'no_quorum';
export type ContributionPhaseJson = 'committing' | 'revealing' | 'closable' | 'accepted' | 'rejected' | 'no_quorum';

export interface ContributionJson {
  org: string;
  id: number;
  contributor: string;
  /** Hex of the document's SHA-256. */
  document: string;
  description: string;
  domain: string | null;
  submittedMs: number;
  commitEndsMs: number;
  revealEndsMs: number;
  base: string;
  evaluations: number;
  upWeight: string;
  downWeight: string;
  scoreSum: string;
  status: ContributionStatusJson;
  phase: ContributionPhaseJson;
  score: number | null;
  pool: string | null;
  points: string | null;
}

export interface EvaluationJson {
  evaluator: string;
  order: number;
  commitment: string;
  weight: string;
  stake: string;
  score: number | null;
  claimed: boolean;
}

export interface ContributionResponse {
  contribution: ContributionJson;
  evaluations: EvaluationJson[];
  at: OrgClockJson;
}

export type MotionStatusJson = 'proposed' | 'voting' | 'passed' | 'failed';
export type MotionPhaseJson = 'objectable' | 'passable' | 'voting' | 'revealing' | 'decidable' | 'passed' | 'failed';

/** A motion's action as JSON: the ledger's OrgAction with amounts as decimal strings. */
export type OrgActionJson =
  | { type: 'pay'; to: string; assets?: AssetAmountsJson; items?: string[] }
  | { type: 'mint'; to: string; amount: string }
  | { type: 'charter'; charter: CharterJson }
  | { type: 'member'; address: string }
  | { type: 'remove'; address: string }
  | { type: 'distribute'; asset: string; amount: string }
  | { type: 'split' | 'stream' | 'escrow'; [field: string]: unknown };

export interface MotionJson {
  org: string;
  id: number;
  proposer: string;
  action: OrgActionJson;
  proposedMs: number;
  stake: string;
  status: MotionStatusJson;
  phase: MotionPhaseJson;
  objectionEndsMs: number;
  objector: string | null;
  objectedMs: number | null;
  voteEndsMs: number | null;
  revealEndsMs: number | null;
  base: string | null;
  yes: string;
  no: string;
}

export interface VoteJson {
  voter: string;
  weight: string;
  vote: 'yes' | 'no' | null;
}

export interface MotionResponse {
  motion: MotionJson;
  votes: VoteJson[];
  at: OrgClockJson;
}

/** GET /v1/orgs/:address */
export interface OrgResponse {
  org: OrgContractJson;
  tokenSupply: string;
  tokenDecimals: number;
  /** The first members by reputation, at most 20. */
  members: MemberJson[];
  openContributions: ContributionJson[];
  openMotions: MotionJson[];
  at: OrgClockJson;
}

export interface MembershipJson {
  org: string;
  name: string;
  token: string;
  reputation: string;
  joinedAt: number;
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AgoraError('network_error', `GET ${path}: cannot reach the node`, { cause: error });
  }
  const json = (await response.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (json === null) throw new AgoraError('bad_response', `GET ${path}: the answer is not JSON`, { status: response.status });
  if (!response.ok) throw new AgoraError(json.error?.code ?? 'bad_response', json.error?.message ?? `HTTP ${response.status}`, { status: response.status });
  return json;
}

const base = (org: string): string => `/v1/orgs/${encodeURIComponent(org)}`;

export const getOrg = (org: string): Promise<OrgResponse> => getJson<OrgResponse>(base(org));

export const getOrgMembers = async (org: string): Promise<MemberJson[]> => (await getJson<{ members: MemberJson[] }>(`${base(org)}/members?limit=100`)).members;

export const getOrgContributions = async (org: string): Promise<ContributionJson[]> => (await getJson<{ contributions: ContributionJson[] }>(`${base(org)}/contributions?limit=50`)).contributions;

export const getOrgContribution = (org: string, id: number): Promise<ContributionResponse> => getJson<ContributionResponse>(`${base(org)}/contributions/${id}`);

export const getOrgMotions = async (org: string): Promise<MotionJson[]> => (await getJson<{ motions: MotionJson[] }>(`${base(org)}/motions?limit=50`)).motions;

export const getOrgMotion = (org: string, id: number): Promise<MotionResponse> => getJson<MotionResponse>(`${base(org)}/motions/${id}`);

/** The orgs `address` is a member of. */
export const getAccountOrgs = async (address: string): Promise<MembershipJson[]> => (await getJson<{ orgs: MembershipJson[] }>(`/v1/accounts/${encodeURIComponent(address)}/orgs`)).orgs;
