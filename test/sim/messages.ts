// Wire messages of the simulated network, simulated signatures and the simulated valid(v).
// Signatures are a deterministic fake (hash of signer and bytes): checking them is the node's job,
// and in the simulation no one forges another validator's messages.
import { sha256, sha256Hex, utf8 } from '../../src/crypto/hash.ts';
import type { Proposal, SignedProposal, SignedVote, SignStep, Vote } from '../../src/consensus/index.ts';

export type Message =
  | { kind: 'proposal'; proposal: SignedProposal }
  | { kind: 'vote'; vote: SignedVote }
  /** "I am at this height": a peer that is ahead answers with the commit of that height. */
  | { kind: 'status'; height: number }
  /** Block sync: the decided proposal and its precommits, fed to the core as ordinary messages. */
  | { kind: 'commit'; height: number; proposal: SignedProposal; precommits: SignedVote[] };

export interface SignedBytes {
  step: SignStep;
  signBytesHash: string;
}

/** Blocks whose hash starts with this are invalid: valid(v) is a deterministic function of v. */
const INVALID_PREFIX = 'bad0';

export function isValidBlock(hash: string): boolean {
  return !hash.startsWith(INVALID_PREFIX);
}

/** A block hash for `label`; valid unless `valid` is false. */
export function makeBlockHash(label: string, valid: boolean): string {
  const hash = sha256Hex(utf8(label));
  if (!valid) return INVALID_PREFIX + hash.slice(INVALID_PREFIX.length);
  return hash.startsWith(INVALID_PREFIX) ? 'c' + hash.slice(1) : hash;
}

export function voteSignBytes(vote: Vote): SignedBytes {
  const text = `agora/sim/vote|${vote.type}|${vote.height}|${vote.round}|${vote.blockHash ?? 'nil'}|${vote.validator}`;
  return { step: vote.type === 'prevote' ? 1 : 2, signBytesHash: sha256Hex(utf8(text)) };
}

export function proposalSignBytes(proposal: Proposal): SignedBytes {
  const { height, round, blockHash, polRound, proposer } = proposal;
  const text = `agora/sim/proposal|${height}|${round}|${blockHash}|${polRound}|${proposer}`;
  return { step: 0, signBytesHash: sha256Hex(utf8(text)) };
}

export function fakeSign(signer: string, signBytesHash: string): Uint8Array {
  return sha256(utf8(`${signer}|${signBytesHash}`));
}

export function messageHeight(message: Message): number {
  switch (message.kind) {
    case 'proposal':
      return message.proposal.height;
    case 'vote':
      return message.vote.height;
    default:
      return message.height;
  }
}

export function messageRound(message: Message): number {
  if (message.kind === 'proposal') return message.proposal.round;
  if (message.kind === 'vote') return message.vote.round;
  return -1;
}
