import type { Holding } from '../contracts/value-types.ts';
import type { SplitMember } from '../accounts/split-state.ts';
import type { EscrowCreatePayload } from '../contracts/escrow-types.ts';
import type { CredentialName } from '../market/types.ts';
// work (spec/work.md)
import type { JobAction } from '../work/types.ts';

/**
 * Organisation payloads (spec/org.md §5). An org's id is its contract address; a contribution and a
 * motion are numbered within their org from 0.
 */

/** The parameters an org runs by (spec/org.md §1); every ratio in parts per million. */
export interface Charter {
  evaluationWindowMs: number;
  quorumPpm: number;
  thresholdPpm: number;
  tokenReward: bigint;
  reputationReward: bigint;
  evaluatorStakePpm: number;
  feeAsset: string;
  contributionFee: bigint;
  /** Fixed at creation: the decay steps are cut from it (org/decay.ts). */
  halfLifeMs: number;
  motionPeriodMs: number;
  motionStake: bigint;
  /** Anyone may join; when false, members are added by motion. */
  open: boolean;
  /**
   * The approver role (spec/work.md §2.1): a holder of this credential signs `job.approve` and
   * `job.dispute` for the org's jobs. Its registry must be curated by the org (`bad_charter`).
   */
  approver?: CredentialName;
}

export interface OrgTokenParams {
  symbol: string;
  name: string;
  decimals: number;
}

export interface OrgCreatePayload {
  name: string;
  token: OrgTokenParams;
  /** Founding members besides the creator, each once. */
  members: string[];
  charter: Charter;
  /** Shared by the creator and the members, by the split rounding rule (spec/ledger.md §8.4). */
  foundingReputation: bigint;
}

export interface OrgRefPayload {
  org: string;
}

/** org.lock and org.unlock: `amount` base units of the org's token (spec/org.md §4.2). */
export interface OrgLockPayload {
  org: string;
  amount: bigint;
}

export interface OrgFundPayload extends Holding {
  org: string;
}

export interface OrgContributePayload {
  org: string;
  document: Uint8Array;
  description: string;
  domain?: string;
}

export interface OrgContributionRefPayload {
  org: string;
  contribution: number;
}

export interface OrgCommitPayload {
  org: string;
  commitment: Uint8Array;
}

export interface OrgEvaluatePayload extends OrgCommitPayload {
  contribution: number;
}

export interface OrgVotePayload extends OrgCommitPayload {
  motion: number;
}

/** Exactly one of `contribution` (value: a score 0…100) and `motion` (value: 1 yes, 0 no). */
export interface OrgRevealPayload {
  org: string;
  contribution?: number;
  motion?: number;
  value: number;
  salt: Uint8Array;
}

export interface OrgMotionRefPayload {
  org: string;
  motion: number;
}

/** What a motion does when it passes (spec/org.md §4). */
export type OrgAction =
  | { type: 'pay'; to: string; assets?: Holding['assets']; items?: Holding['items'] }
  | { type: 'mint'; to: string; amount: bigint }
  | { type: 'charter'; charter: Charter }
  | { type: 'member'; address: string }
  | { type: 'remove'; address: string }
  /** Opens a revenue split paid from the treasury: `amount` of `asset` goes through it at once. */
  | { type: 'split'; members: SplitMember[]; asset: string; amount: bigint }
  /** Opens a payment stream with the org as payer, its deposit from the treasury (spec/ledger.md §8.6). */
  | { type: 'stream'; payee: string; asset: string; ratePerSecond: bigint; deposit: bigint }
  /** Opens an escrow with the org as payer, its tranches from the treasury (spec/ledger.md §8.2). */
  | ({ type: 'escrow' } & EscrowCreatePayload)
  /**
   * Moves `amount` of `asset` from the treasury to be shared by reputation (org/dividends.ts) or, with
   * `to: 'holders'`, by the org tokens locked into the org (org/holders.ts). Absent means reputation:
   * the encoding of a distribution by reputation is the one it had before holders could share.
   */
  | { type: 'distribute'; asset: string; amount: bigint; to?: 'holders' }
  /** Creates a registry curated by the org (spec/org.md §4.3): the only way an org controls one. */
  | { type: 'registry'; name: string }
  /** Issues or revokes a credential of a registry the org curates, the org as issuer (spec/org.md §4.3). */
  | { type: 'issue'; credential: CredentialName; to: string; expiresAtMs?: number }
  | { type: 'revoke'; credential: CredentialName; to: string }
  /** Acts on an escrow the org pays (its `escrow` action's): escrow.release / escrow.dispute as the payer. */
  | { type: 'release'; escrow: string; tranche: number }
  | { type: 'dispute'; escrow: string }
  // work (spec/work.md §2): posts a job paid from the treasury, or acts on one as its poster.
  | ({ type: 'job' } & JobAction);

export interface OrgProposePayload {
  org: string;
  action: OrgAction;
}
