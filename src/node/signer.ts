import { fromHex, sha256Hex, toHex } from '../crypto/hash.ts';
import { checkSign, recordSigned, SIGN_STEP_PRECOMMIT, SIGN_STEP_PREVOTE, SIGN_STEP_PROPOSAL, type LastSigned } from '../consensus/sign-guard.ts';
import type { Proposal, SignedProposal, SignedVote, Vote } from '../consensus/types.ts';
import { proposalSignBytes, voteSignBytes } from '../chain/votes.ts';
import type { NodeStore } from './store-port.ts';
import { invariant } from '../errors/base.ts';

/** What the signer needs of a key: its address, Ed25519 signing and its VRF (the simulator may fake both). */
export interface SigningKey {
  readonly address: string;
  sign(message: Uint8Array): Uint8Array;
  /** RFC 9381 ECVRF proof (pi) over `alpha` with the same seed (decision 0004 §Keys, choice 2). */
  proveSeed(alpha: Uint8Array): Uint8Array;
}

/**
 * Decision 0004 §Keys: the VRF and Ed25519 share the validator's seed, and so the nonce of a VRF
 * proof over alpha equals that of an Ed25519 signature over the 32-byte h_string of alpha. A
 * signature over any 32-byte message could therefore complete a key-recovering pair. Every message a
 * validator signs is a CBOR array led by an "agora/…/v1" domain (spec/encoding.md §6, §8), longer
 * than 32 bytes: asserted here, before the key is asked.
 */
export const VRF_HAZARD_MESSAGE_BYTES = 32;

/** Votes of the current height kept with LastSigned: ours, and the polka behind our lock. */
const LOG_VOTES_MAX = 256;

interface SavedVote {
  type: 'prevote' | 'precommit';
  height: number;
  round: number;
  blockHash: string | null;
  validator: string;
  signature: string;
}

interface SavedSigner {
  last: LastSigned | null;
  log: SavedVote[];
}

/**
 * The validator's signer (a "privval"): asks the sign guard, writes the new LastSigned durably, and
 * only then signs (DESIGN.md §Consensus; spec/consensus.md C3). With it, durably, the write-ahead log
 * of the current height (C4): the votes this validator signed and the polka that justifies its lock,
 * which the driver replays after a restart (C5) and re-broadcasts while no progress is made (C9). A
 * refused request returns null and nothing is signed.
 */
export class ValidatorSigner {
  private readonly key: SigningKey;
  private readonly store: NodeStore;
  private readonly chainId: string;
  private last: LastSigned | null;
  private log: SignedVote[];

  constructor(key: SigningKey, store: NodeStore, chainId: string) {
    this.key = key;
    this.store = store;
    this.chainId = chainId;
    const saved = store.loadLastSigned();
    const parsed = saved === undefined ? { last: null, log: [] } : (JSON.parse(saved) as SavedSigner);
    this.last = parsed.last;
    this.log = parsed.log.map((v) => ({ ...v, signature: fromHex(v.signature) }));
  }

  /** The write-ahead log's votes of `height` (empty for any other height). */
  votesAt(height: number): SignedVote[] {
    return this.log.filter((vote) => vote.height === height);
  }

  private async save(): Promise<void> {
    const log: SavedVote[] = this.log.map((v) => ({ type: v.type, height: v.height, round: v.round, blockHash: v.blockHash, validator: v.validator, signature: toHex(v.signature) }));
    await this.store.saveLastSigned(JSON.stringify({ last: this.last, log } satisfies SavedSigner));
  }

  private remember(height: number, votes: SignedVote[]): void {
    const kept = this.log.filter((vote) => vote.height === height);
    const seen = new Set(kept.map((v) => `${v.validator}/${v.type}/${v.round}/${v.blockHash}`));
    for (const vote of votes) {
      const key = `${vote.validator}/${vote.type}/${vote.round}/${vote.blockHash}`;
      if (vote.height === height && !seen.has(key)) kept.push(vote);
      seen.add(key);
    }
    this.log = kept.slice(-LOG_VOTES_MAX);
  }

  get address(): string {
    return this.key.address;
  }

  /** The seed proof of a block this validator builds (src/chain/seed.ts alpha). Not guarded: a VRF output is unique per alpha. */
  proveSeed(alpha: Uint8Array): Uint8Array {
    return this.key.proveSeed(alpha);
  }

  private sign(bytes: Uint8Array): Uint8Array {
    invariant(bytes.length !== VRF_HAZARD_MESSAGE_BYTES, 'a validator never signs a 32-byte message (decision 0004 §Keys)');
    return this.key.sign(bytes);
  }

  lastSigned(): LastSigned | null {
    return this.last;
  }

  /** Signs a vote; `polka` (the prevotes behind a precommit's lock) is persisted with it. */
  async signVote(vote: Vote, polka: SignedVote[] = [], lockedBlock?: Uint8Array): Promise<SignedVote | null> {
    const bytes = voteSignBytes(this.chainId, vote);
    const step = vote.type === 'prevote' ? SIGN_STEP_PREVOTE : SIGN_STEP_PRECOMMIT;
    const request = { height: vote.height, round: vote.round, step, signBytesHash: sha256Hex(bytes) };
    const decision = checkSign(this.last, request);
    if (decision === 'refuse') return null;
    const signed = { ...vote, signature: this.sign(bytes) };
    if (decision === 'sign') {
      this.last = recordSigned(this.last, request, vote.type === 'precommit' ? vote.blockHash : undefined);
      this.remember(vote.height, [...polka, signed]);
      if (lockedBlock !== undefined) this.store.stageLockedBlock(lockedBlock);
      await this.save();
    }
    return signed;
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
      this.last = recordSigned(this.last, request, precommitFor);
      this.remember(height, []);
      await this.save();
    }
    return this.sign(bytes);
  }
}
