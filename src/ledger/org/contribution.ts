import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX, ORG_EVALUATIONS_MAX, ORG_SCORE_MAX, ORG_UP_SCORE, PPM } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, getBalance, putAsset, setBalance } from '../accounts/balances.ts';
import { payAsset } from '../accounts/payout.ts';
import { evaluationCommitment, sameBytes } from './commitment.ts';
import { isRejection, loadOrg, treasuryPlus } from './org.ts';
import { addReputation, memberReputation } from './reputation.ts';
import { getContribution, getEvaluation, putContribution, putEvaluation, putOrg, type ContributionRecord, type OrgRecord } from './state.ts';
import type { OrgContributePayload, OrgContributionRefPayload, OrgEvaluatePayload, OrgRevealPayload } from './types.ts';

/**
 * Contributions valued by peers (spec/org.md §3): submit, commit, reveal, close, claim. Every
 * quantity is an integer; each division rounds down, and what it leaves is destroyed reputation,
 * never created.
 */

const MILLION = BigInt(PPM);
const EARLINESS_BASE = BigInt(ORG_EVALUATIONS_MAX);

/** Checks in order: `unknown_org`; `not_a_member`; the fee (`insufficient_balance`); `treasury_full`. */
export function applyOrgContribute(view: Overlay, signer: string, payload: OrgContributePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  if (memberReputation(view, payload.org, org, signer) === undefined) return reject('not_a_member', `${signer} is not a member of ${payload.org}`);
  const { feeAsset, contributionFee } = org.charter;
  const balance = getBalance(view, signer, feeAsset);
  if (balance < contributionFee) return reject('insufficient_balance', `the contribution fee is ${contributionFee} ${feeAsset}; ${signer} holds ${balance}`);
  const events: LedgerEvent[] = [];
  let treasury = org.treasury;
  if (contributionFee > 0n) {
    const plus = treasuryPlus(org, { assets: [{ asset: feeAsset, amount: contributionFee }] });
    if (isRejection(plus)) return plus;
    treasury = plus;
    events.push(...payAsset(view, signer, payload.org, feeAsset, contributionFee));
  }
  const id = org.nextContribution;
  putContribution(view, payload.org, id, {
    contributor: signer, document: payload.document, description: payload.description, domain: payload.domain, submittedMs: ctx.timeMs, base: org.reputation,
    evaluations: 0, upWeight: 0n, downWeight: 0n, scoreSum: 0n, upPoints: 0n, downPoints: 0n, upStake: 0n, downStake: 0n, committedStake: 0n, status: 'open',
  });
  putOrg(view, payload.org, { ...org, treasury, nextContribution: id + 1 });
  view.touch(payload.org);
  return [...events, { type: 'org.contributed', attributes: { org: payload.org, contribution: String(id), contributor: signer } }];
}

/** `unknown_contribution` when the org has no contribution `id`. */
function loadContribution(view: Overlay, org: string, id: number): ContributionRecord | Rejection {
  return getContribution(view, org, id) ?? reject('unknown_contribution', `${org} has no contribution ${id}`);
}

/**
 * Checks in order: `unknown_org`; `unknown_contribution`; `not_a_member`; `own_contribution`; the
 * commit window is open (`window_closed`); `already_evaluated`; the evaluator holds reputation
 * (`no_reputation`); `too_many_evaluations`. Effects: the stake leaves the evaluator's reputation.
 */
export function applyOrgEvaluate(view: Overlay, signer: string, payload: OrgEvaluatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const contribution = loadContribution(view, payload.org, payload.contribution);
  if (isRejection(contribution)) return contribution;
  const found = memberReputation(view, payload.org, org, signer);
  if (found === undefined) return reject('not_a_member', `${signer} is not a member of ${payload.org}`);
  if (signer === contribution.contributor) return reject('own_contribution', 'a contributor does not evaluate their own contribution');
  if (ctx.timeMs >= contribution.submittedMs + org.charter.evaluationWindowMs || contribution.status !== 'open') return reject('window_closed', `the commit window of contribution ${payload.contribution} has closed`);
  if (getEvaluation(view, payload.org, payload.contribution, signer) !== undefined) return reject('already_evaluated', `${signer} has evaluated contribution ${payload.contribution} already`);
  if (found.reputation === 0n) return reject('no_reputation', `${signer} holds no reputation in ${payload.org}: nothing to weigh or stake`);
  if (contribution.evaluations >= ORG_EVALUATIONS_MAX) return reject('too_many_evaluations', `a contribution takes at most ${ORG_EVALUATIONS_MAX} evaluations`);
  const weight = found.reputation;
  const stake = (weight * BigInt(org.charter.evaluatorStakePpm)) / MILLION;
  const after = addReputation(view, payload.org, org, signer, found.member, -stake);
  putEvaluation(view, payload.org, payload.contribution, signer, { commitment: payload.commitment, weight, stake, order: contribution.evaluations, claimed: false });
  putContribution(view, payload.org, payload.contribution, { ...contribution, evaluations: contribution.evaluations + 1, committedStake: contribution.committedStake + stake });
  putOrg(view, payload.org, after);
  view.touch(payload.org);
  return [{ type: 'org.evaluated', attributes: { org: payload.org, contribution: String(payload.contribution), evaluator: signer, weight: weight.toString(), stake: stake.toString() } }];
}

/**
 * Checks in order: `unknown_contribution`; `not_evaluated`; `window_open` (commits still open);
 * `window_closed`; `already_revealed`; `reveal_mismatch`. Effects: the score counts, up at 50 or more.
 */
export function revealEvaluation(view: Overlay, signer: string, org: OrgRecord, payload: OrgRevealPayload & { contribution: number }, ctx: BlockContext): Rejection | LedgerEvent[] {
  const contribution = loadContribution(view, payload.org, payload.contribution);
  if (isRejection(contribution)) return contribution;
  const evaluation = getEvaluation(view, payload.org, payload.contribution, signer);
  if (evaluation === undefined) return reject('not_evaluated', `${signer} committed no evaluation of contribution ${payload.contribution}`);
  const revealFrom = contribution.submittedMs + org.charter.evaluationWindowMs;
  if (ctx.timeMs < revealFrom) return reject('window_open', `reveals open at ${revealFrom}, when commits close`);
  if (ctx.timeMs >= revealFrom + org.charter.evaluationWindowMs || contribution.status !== 'open') return reject('window_closed', `the reveal window of contribution ${payload.contribution} has closed`);
  if (evaluation.score !== undefined) return reject('already_revealed', `${signer} revealed a score for contribution ${payload.contribution} already`);
  if (!sameBytes(evaluationCommitment(payload.org, payload.contribution, signer, payload.value, payload.salt), evaluation.commitment)) return reject('reveal_mismatch', 'the score and salt do not match the commitment');
  const score = payload.value;
  const points = evaluation.stake * (EARLINESS_BASE - BigInt(evaluation.order));
  const up = score >= ORG_UP_SCORE;
  putEvaluation(view, payload.org, payload.contribution, signer, { ...evaluation, score });
  putContribution(view, payload.org, payload.contribution, {
    ...contribution,
    scoreSum: contribution.scoreSum + evaluation.weight * BigInt(score),
    upWeight: contribution.upWeight + (up ? evaluation.weight : 0n),
    downWeight: contribution.downWeight + (up ? 0n : evaluation.weight),
    upPoints: contribution.upPoints + (up ? points : 0n),
    downPoints: contribution.downPoints + (up ? 0n : points),
    upStake: contribution.upStake + (up ? evaluation.stake : 0n),
    downStake: contribution.downStake + (up ? 0n : evaluation.stake),
  });
  view.touch(payload.org);
  return [{ type: 'org.revealed', attributes: { org: payload.org, contribution: String(payload.contribution), evaluator: signer, score: String(score) } }];
}

/** The outcome of a contribution whose reveal window closed (spec/org.md §3 step 4). */
export function outcomeOf(org: OrgRecord, c: ContributionRecord): { status: ContributionRecord['status']; score: bigint; pool: bigint; points: bigint } {
  const revealed = c.upWeight + c.downWeight;
  const quorum = revealed > 0n && revealed * MILLION >= BigInt(org.charter.quorumPpm) * c.base;
  if (!quorum) return { status: 'no_quorum', score: 0n, pool: 0n, points: 0n };
  const unrevealed = c.committedStake - c.upStake - c.downStake;
  const accepted = c.upWeight * MILLION >= BigInt(org.charter.thresholdPpm) * revealed;
  const score = c.scoreSum / revealed;
  return accepted
    ? { status: 'accepted', score, pool: c.downStake + unrevealed, points: c.upPoints }
    : { status: 'rejected', score, pool: c.upStake + unrevealed, points: c.downPoints };
}

/**
 * Anyone. Checks in order: `unknown_org`; `unknown_contribution`; `contribution_closed`; the reveal
 * window has closed (`window_open`); for an accepted one the mint fits (`supply_overflow`). Effects:
 * the outcome; accepted, the contributor's tokens (minted) and reputation.
 */
export function applyOrgClose(view: Overlay, signer: string, payload: OrgContributionRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const contribution = loadContribution(view, payload.org, payload.contribution);
  if (isRejection(contribution)) return contribution;
  if (contribution.status !== 'open') return reject('contribution_closed', `contribution ${payload.contribution} is ${contribution.status}`);
  const closesAt = contribution.submittedMs + 2 * org.charter.evaluationWindowMs;
  if (ctx.timeMs < closesAt) return reject('window_open', `contribution ${payload.contribution} may be closed from ${closesAt}`);
  const outcome = outcomeOf(org, contribution);
  const events: LedgerEvent[] = [];
  let after = org;
  if (outcome.status === 'accepted') {
    const tokens = (org.charter.tokenReward * outcome.score) / BigInt(ORG_SCORE_MAX);
    const reputation = (org.charter.reputationReward * outcome.score) / BigInt(ORG_SCORE_MAX);
    const minted = mintToken(view, payload.org, org.token, contribution.contributor, tokens);
    if (isRejection(minted)) return minted;
    events.push(...minted);
    const found = memberReputation(view, payload.org, org, contribution.contributor);
    if (found !== undefined) after = addReputation(view, payload.org, org, contribution.contributor, found.member, reputation);
    events.push({ type: 'org.rewarded', attributes: { org: payload.org, contribution: String(payload.contribution), contributor: contribution.contributor, tokens: tokens.toString(), reputation: found === undefined ? '0' : reputation.toString() } });
  }
  putContribution(view, payload.org, payload.contribution, { ...contribution, status: outcome.status, pool: outcome.pool, points: outcome.points });
  putOrg(view, payload.org, after);
  view.touch(payload.org, contribution.contributor);
  return [
    { type: 'org.closed', attributes: { org: payload.org, contribution: String(payload.contribution), contributor: contribution.contributor, by: signer, outcome: outcome.status, score: outcome.score.toString() } },
    ...events,
  ];
}

/** Mints `amount` of the org's token to `to` (a key: never a contract); `supply_overflow` past 2^128 − 1. */
export function mintToken(view: Overlay, orgAddress: string, symbol: string, to: string, amount: bigint): Rejection | LedgerEvent[] {
  if (amount === 0n) return [];
  const asset = getAsset(view, symbol);
  invariant(asset !== undefined && asset.mintAuthority === orgAddress, `org ${orgAddress} lost its token ${symbol}`);
  const supply = asset.supply + amount;
  if (supply > AMOUNT_MAX || (asset.maxSupply !== undefined && supply > asset.maxSupply)) return reject('supply_overflow', `minting ${amount} ${symbol} would pass its supply bound`);
  putAsset(view, { ...asset, supply });
  setBalance(view, to, symbol, getBalance(view, to, symbol) + amount);
  view.touch(to);
  return [{ type: 'mint', attributes: { asset: symbol, to, amount: amount.toString() } }];
}

/**
 * Each evaluator, once. Checks in order: `unknown_org`; `unknown_contribution`; `not_evaluated`;
 * closed (`contribution_open`); `already_claimed`. Effects: the stake and share back (spec/org.md §3 step 5).
 */
export function applyOrgClaim(view: Overlay, signer: string, payload: OrgContributionRefPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const org = loadOrg(view, payload.org, ctx);
  if (isRejection(org)) return org;
  const contribution = loadContribution(view, payload.org, payload.contribution);
  if (isRejection(contribution)) return contribution;
  const evaluation = getEvaluation(view, payload.org, payload.contribution, signer);
  if (evaluation === undefined) return reject('not_evaluated', `${signer} did not evaluate contribution ${payload.contribution}`);
  if (contribution.status === 'open') return reject('contribution_open', `contribution ${payload.contribution} is not closed yet`);
  if (evaluation.claimed) return reject('already_claimed', `${signer} has claimed from contribution ${payload.contribution} already`);
  const amount = claimable(contribution, evaluation.stake, evaluation.order, evaluation.score);
  putEvaluation(view, payload.org, payload.contribution, signer, { ...evaluation, claimed: true });
  const found = memberReputation(view, payload.org, org, signer);
  const after = found === undefined || amount === 0n ? org : addReputation(view, payload.org, org, signer, found.member, amount);
  putOrg(view, payload.org, after);
  view.touch(payload.org);
  return [{ type: 'org.claimed', attributes: { org: payload.org, contribution: String(payload.contribution), evaluator: signer, reputation: (found === undefined ? 0n : amount).toString() } }];
}

/** What an evaluator gets back from a closed contribution (spec/org.md §3 step 5). */
export function claimable(c: ContributionRecord, stake: bigint, order: number, score: number | undefined): bigint {
  if (score === undefined) return 0n;
  if (c.status === 'no_quorum') return stake;
  const agreeing = c.status === 'accepted' ? score >= ORG_UP_SCORE : score < ORG_UP_SCORE;
  if (!agreeing) return 0n;
  const points = stake * (EARLINESS_BASE - BigInt(order));
  const share = c.points === undefined || c.points === 0n ? 0n : ((c.pool ?? 0n) * points) / c.points;
  return stake + share;
}
