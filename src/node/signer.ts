import { sha256Hex } from '../crypto/hash.ts';
import type { KeyPair } from '../crypto/keys.ts';
import { checkSign, recordSigned, SIGN_STEP_PRECOMMIT, SIGN_STEP_PREVOTE, SIGN_STEP_PROPOSAL, type LastSigned } from '../consensus/sign-guard.ts';
import type { Proposal, SignedProposal, SignedVote, Vote } from '../consensus/types.ts';
import { proposalSignBytes, voteSignBytes } from '../chain/votes.ts';
import type { ChainStore } from '../store/chain-store.ts';

/**
 * The validator's signer (a "privval"): asks the sign guard, writes the new LastSigned durably, and
 * only then signs (DESIGN.md §Consensus). A refused request returns null and nothing is signed.
 */
export class ValidatorSigner {
  private readonly key: KeyPair;
  private readonly store: ChainStore;
  private readonly chainId: string;
  private last: LastSigned | null;

  constructor(key: KeyPair, store: ChainStore, chainId: string) {
    this.key = key;
    this.store = store;
    this.chainId = chainId;
    const saved = store.loadLastSigned();
    this.last = saved === undefined ? null : (JSON.parse(saved) as LastSigned);
  }

  get address(): string {
    return this.key.address;
  }

  lastSigned(): LastSigned | null {
    return this.last;
  }

  async signVote(vote: Vote): Promise<SignedVote | null> {
    const bytes = voteSignBytes(this.chainId, vote);
    const step = vote.type === 'prevote' ? SIGN_STEP_PREVOTE : SIGN_STEP_PRECOMMIT;
    const signature = await this.guardedSign(vote.height, vote.round, step, bytes, vote.type === 'precommit' ? vote.blockHash : undefined);
    return signature === null ? null : { ...vote, signature };
  }

  async signProposal(proposal: Proposal): Promise<SignedProposal | null> {
    const bytes = proposalSignBytes(this.chainId, proposal);
    const signature = await this.guardedSign(proposal.height, proposal.round, SIGN_STEP_PROPOSAL, bytes, undefined);
    return signature === null ? null : { ...proposal, signature };
  }

  private async guardedSign(height: number, round: number, step: 0 | 1 | 2, bytes: Uint8Array, precommitFor: string | null | undefined): Promise<Uint8Array | null> {
    const request = { height, round, step, signBytesHash: sha256Hex(bytes) };
    const decision = checkSign(this.last, request);
    if (decision === 'refuse') return null;
    if (decision === 'sign') {
      const next = recordSigned(this.last, request, precommitFor);
      await this.store.saveLastSigned(JSON.stringify(next));
      this.last = next;
    }
    return this.key.sign(bytes);
  }
}
