/**
 * The org read routes as the pages use them. The node's org routes (src/wire/org.ts, branch org-api)
 * were not merged when these pages were written: the JSON shapes below follow the ledger's records
 * (src/ledger/org/state.ts, spec/org.md §1) with amounts as decimal strings and bytes as hex, the
 * encoding of every other route (spec/api.md). When src/wire/org.ts lands, these become re-exports
 * of its types and the fetches calls of the SDK, as market-api.ts does for the market.
 */
import { AgoraError } from '../../src/client/index.ts';
import type { Holding } from '../../src/ledger/contracts/value-types.ts';

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

export interface OrgJson {
  address: string;
  type: 'org';
  name: string;
  creator: string;
  /** The org token's symbol: the org is its mint authority. */
  token: string;
  charter: CharterJson;
  treasury: { assets: { asset: string; amount: string }[]; items: string[] };
  /** Total reputation as stored at decay step `step` (the quorum base). */
  reputation: string;
  step: number;
  members: number;
  nextContribution: number;
  nextMotion: number;
  createdMs: number;
  createdAt: number;
}

export interface MemberJson {
  address: string;
  /** As stored at decay step `step`: read it now with `reputationNow`. */
  reputation: string;
  step: number;
  joinedAt: number;
}

export type ContributionStatusJson = 'open' | 'accepted' | 'rejected' | 'no_quorum';

export interface ContributionJson {
  id: number;
  contributor: string;
  /** Hex of the document's hash. */
  document: string;
  description: string;
  domain?: string;
  submittedMs: number;
  base: string;
  evaluations: number;
  upWeight: string;
  downWeight: string;
  scoreSum: string;
  status: ContributionStatusJson;
}

export interface EvaluationJson {
  evaluator: string;
  weight: string;
  stake: string;
  order: number;
  score?: number;
  claimed: boolean;
}

export type MotionStatusJson = 'proposed' | 'voting' | 'passed' | 'failed';

/** A motion's action as JSON: the ledger's OrgAction with amounts as decimal strings. */
export type OrgActionJson =
  | { type: 'pay'; to: string; assets?: { asset: string; amount: string }[]; items?: Holding['items'] }
  | { type: 'mint'; to: string; amount: string }
  | { type: 'charter'; charter: CharterJson }
  | { type: 'member'; address: string }
  | { type: 'remove'; address: string }
  | { type: 'distribute'; asset: string; amount: string }
  | { type: 'split' | 'stream' | 'escrow'; [field: string]: unknown };

export interface MotionJson {
  id: number;
  proposer: string;
  action: OrgActionJson;
  proposedMs: number;
  stake: string;
  status: MotionStatusJson;
  objector?: string;
  objectedMs?: number;
  base?: string;
  yes: string;
  no: string;
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

export const getOrg = (org: string): Promise<OrgJson> => getJson<OrgJson>(base(org));

export const getOrgMembers = async (org: string): Promise<MemberJson[]> => (await getJson<{ members: MemberJson[] }>(`${base(org)}/members`)).members;

export const getOrgContributions = async (org: string): Promise<ContributionJson[]> => (await getJson<{ contributions: ContributionJson[] }>(`${base(org)}/contributions`)).contributions;

export const getOrgEvaluations = async (org: string, contribution: number): Promise<EvaluationJson[]> =>
  (await getJson<{ evaluations: EvaluationJson[] }>(`${base(org)}/contributions/${contribution}/evaluations`)).evaluations;

export const getOrgMotions = async (org: string): Promise<MotionJson[]> => (await getJson<{ motions: MotionJson[] }>(`${base(org)}/motions`)).motions;
