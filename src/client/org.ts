import { addressFromPublicKey } from '../crypto/address.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import { evaluationCommitment, voteCommitment } from '../ledger/org/commitment.ts';
import type { Charter, OrgAction, OrgCreatePayload, OrgFundPayload } from '../ledger/org/types.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon } from './builders.ts';

/**
 * SDK builders of the organisation kinds (spec/org.md §5). Browser-safe. Evaluations and votes are
 * commit-then-reveal: a wallet draws a salt (`newOrgSalt`), sends the commitment
 * (`buildOrgEvaluate`, `buildOrgVote`), keeps the score or vote and the salt, and reveals them in the
 * reveal window (`buildOrgRevealScore`, `buildOrgRevealVote`): the reveal must hash to the commitment
 * (`reveal_mismatch`). The getters are on AgoraClient: getOrg, getOrgMembers, getOrgContributions,
 * getOrgContribution, getOrgMotions, getOrgMotion, getAccountOrgs.
 */
export type { Charter, OrgAction };
export { evaluationCommitment, voteCommitment };

/** 32 random bytes (Web Crypto): the salt of an evaluation or a vote. */
export function newOrgSalt(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

/** The address the org of `body` will have: a contract address (spec/ledger.md §8.1). */
export function orgAddressOf(body: TxBody<'org.create'>): string {
  const creator = body.signers[0];
  return contractAddressFor(body.chainId, addressFromPublicKey(creator.publicKey), creator.nonce, 0);
}

export function buildOrgCreate(params: TxCommon & OrgCreatePayload): TxBody<'org.create'> {
  const { name, token, members, charter, foundingReputation } = params;
  return buildTx('org.create', params, { name, token: { ...token }, members: [...members], charter: { ...charter }, foundingReputation });
}

export function buildOrgJoin(params: TxCommon & { org: string }): TxBody<'org.join'> {
  return buildTx('org.join', params, { org: params.org });
}

export function buildOrgFund(params: TxCommon & OrgFundPayload): TxBody<'org.fund'> {
  const payload: TxBody<'org.fund'>['payload'] = { org: params.org };
  if (params.assets !== undefined) payload.assets = params.assets.map((a) => ({ ...a }));
  if (params.items !== undefined) payload.items = [...params.items];
  return buildTx('org.fund', params, payload);
}

export function buildOrgContribute(params: TxCommon & { org: string; document: Uint8Array; description: string; domain?: string }): TxBody<'org.contribute'> {
  const payload: TxBody<'org.contribute'>['payload'] = { org: params.org, document: params.document, description: params.description };
  if (params.domain !== undefined) payload.domain = params.domain;
  return buildTx('org.contribute', params, payload);
}

/** Commits the signer's score (0…100) of a contribution with `salt`: only its hash goes on chain. */
export function buildOrgEvaluate(params: TxCommon & { org: string; contribution: number; score: number; salt: Uint8Array }): TxBody<'org.evaluate'> {
  const commitment = evaluationCommitment(params.org, params.contribution, addressFromPublicKey(params.from), params.score, params.salt);
  return buildTx('org.evaluate', params, { org: params.org, contribution: params.contribution, commitment });
}

/** Reveals what `buildOrgEvaluate` committed: the same score and salt. */
export function buildOrgRevealScore(params: TxCommon & { org: string; contribution: number; score: number; salt: Uint8Array }): TxBody<'org.reveal'> {
  return buildTx('org.reveal', params, { org: params.org, contribution: params.contribution, value: params.score, salt: params.salt });
}

export function buildOrgClose(params: TxCommon & { org: string; contribution: number }): TxBody<'org.close'> {
  return buildTx('org.close', params, { org: params.org, contribution: params.contribution });
}

export function buildOrgClaim(params: TxCommon & { org: string; contribution: number }): TxBody<'org.claim'> {
  return buildTx('org.claim', params, { org: params.org, contribution: params.contribution });
}

export function buildOrgPropose(params: TxCommon & { org: string; action: OrgAction }): TxBody<'org.propose'> {
  return buildTx('org.propose', params, { org: params.org, action: params.action });
}

/**
 * Proposes to share `amount` of `asset` from the treasury by reputation (a `distribute` motion,
 * spec/org.md §4.1) or, with `to: 'holders'`, among holders by the org tokens they locked (§4.2).
 */
export function buildOrgDistribute(params: TxCommon & { org: string; asset: string; amount: bigint; to?: 'reputation' | 'holders' }): TxBody<'org.propose'> {
  const action: OrgAction = { type: 'distribute', asset: params.asset, amount: params.amount };
  // By reputation is the field's absence: the one encoding such a motion has (spec/decisions/0011).
  return buildOrgPropose({ ...params, action: params.to === 'holders' ? { ...action, to: 'holders' } : action });
}

/** Locks `amount` of the org's token into the org, to share in distributions to holders (spec/org.md §4.2). */
export function buildOrgLock(params: TxCommon & { org: string; amount: bigint }): TxBody<'org.lock'> {
  return buildTx('org.lock', params, { org: params.org, amount: params.amount });
}

/** Takes locked org tokens back; what they earned stays owed, for `buildOrgWithdraw`. */
export function buildOrgUnlock(params: TxCommon & { org: string; amount: bigint }): TxBody<'org.unlock'> {
  return buildTx('org.unlock', params, { org: params.org, amount: params.amount });
}

export function buildOrgObject(params: TxCommon & { org: string; motion: number }): TxBody<'org.object'> {
  return buildTx('org.object', params, { org: params.org, motion: params.motion });
}

/** Commits the signer's vote (true: yes) on an objected motion with `salt`. */
export function buildOrgVote(params: TxCommon & { org: string; motion: number; yes: boolean; salt: Uint8Array }): TxBody<'org.vote'> {
  const commitment = voteCommitment(params.org, params.motion, addressFromPublicKey(params.from), params.yes ? 1 : 0, params.salt);
  return buildTx('org.vote', params, { org: params.org, motion: params.motion, commitment });
}

/** Reveals what `buildOrgVote` committed: the same vote and salt. */
export function buildOrgRevealVote(params: TxCommon & { org: string; motion: number; yes: boolean; salt: Uint8Array }): TxBody<'org.reveal'> {
  return buildTx('org.reveal', params, { org: params.org, motion: params.motion, value: params.yes ? 1 : 0, salt: params.salt });
}

export function buildOrgExecute(params: TxCommon & { org: string; motion: number }): TxBody<'org.execute'> {
  return buildTx('org.execute', params, { org: params.org, motion: params.motion });
}

/** Withdraws what the signer is owed as a member (by reputation) and as a holder (by locked tokens). */
export function buildOrgWithdraw(params: TxCommon & { org: string }): TxBody<'org.withdraw'> {
  return buildTx('org.withdraw', params, { org: params.org });
}
