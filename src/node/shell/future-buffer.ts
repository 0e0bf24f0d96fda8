import type { SignedVote } from '../../consensus/index.ts';
import { FUTURE_BYTES_MAX, FUTURE_MESSAGES_MAX, FUTURE_MESSAGES_PER_VALIDATOR_MAX, FUTURE_PROPOSALS_PER_VALIDATOR_MAX } from '../limits.ts';
import type { ProposalMessage } from '../net.ts';

/** A proposal keeps the time it arrived: timely(v) is judged against it (PBTS), not the time it is delivered. */
export type Buffered = { kind: 'proposal'; message: ProposalMessage; receivedAtMs: number } | { kind: 'vote'; vote: SignedVote };

/** Room a vote takes in the buffer: its fields and a 64-byte signature, rounded up. */
const VOTE_BYTES = 256;
/** Room a proposal takes beyond its txs: header, proposal fields, signature. */
const PROPOSAL_OVERHEAD_BYTES = 1024;

interface Entry {
  item: Buffered;
  signer: string;
  bytes: number;
}

function sizeOf(item: Buffered): number {
  if (item.kind === 'vote') return VOTE_BYTES;
  return PROPOSAL_OVERHEAD_BYTES + item.message.block.txs.reduce((sum, tx) => sum + tx.length, 0);
}

function signerOf(item: Buffered): string {
  return item.kind === 'vote' ? item.vote.validator : item.message.proposal.proposer;
}

/**
 * Checked consensus messages of heights consensus has not reached (spec/node.md §Consensus shell):
 * bounded in all, per signing validator and in bytes (spec/limits.md §Node), so that one validator
 * signing junk for the next height fills its own share and no more (issue 12, attack 2).
 */
export class FutureBuffer {
  private readonly byHeight = new Map<number, Entry[]>();
  private readonly countBySigner = new Map<string, { messages: number; proposals: number }>();
  private count = 0;
  private bytesHeld = 0;

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  /** Keeps `item` for `height` if every bound allows; returns whether it was kept. */
  add(height: number, item: Buffered): boolean {
    const signer = signerOf(item);
    const bytes = sizeOf(item);
    const counts = this.countBySigner.get(signer) ?? { messages: 0, proposals: 0 };
    if (this.count >= FUTURE_MESSAGES_MAX || this.bytesHeld + bytes > FUTURE_BYTES_MAX) return false;
    if (counts.messages >= FUTURE_MESSAGES_PER_VALIDATOR_MAX) return false;
    if (item.kind === 'proposal' && counts.proposals >= FUTURE_PROPOSALS_PER_VALIDATOR_MAX) return false;
    const list = this.byHeight.get(height) ?? [];
    list.push({ item, signer, bytes });
    this.byHeight.set(height, list);
    this.countBySigner.set(signer, { messages: counts.messages + 1, proposals: counts.proposals + (item.kind === 'proposal' ? 1 : 0) });
    this.count++;
    this.bytesHeld += bytes;
    return true;
  }

  /** The buffered proposals of (height, round) signed by `proposer` (at most a few). */
  proposalsAt(height: number, round: number, proposer: string): ProposalMessage[] {
    const found: ProposalMessage[] = [];
    for (const { item } of this.byHeight.get(height) ?? []) {
      if (item.kind === 'proposal' && item.message.proposal.round === round && item.message.proposal.proposer === proposer) found.push(item.message);
    }
    return found;
  }

  /** Removes and returns what was kept for `height`; forgets every height below it. */
  take(height: number): Buffered[] {
    let taken: Buffered[] = [];
    for (const [buffered, entries] of [...this.byHeight]) {
      if (buffered > height) continue;
      this.byHeight.delete(buffered);
      for (const entry of entries) this.release(entry);
      if (buffered === height) taken = entries.map((entry) => entry.item);
    }
    return taken;
  }

  private release(entry: Entry): void {
    this.count--;
    this.bytesHeld -= entry.bytes;
    const counts = this.countBySigner.get(entry.signer);
    if (counts === undefined) return;
    const next = { messages: counts.messages - 1, proposals: counts.proposals - (entry.item.kind === 'proposal' ? 1 : 0) };
    if (next.messages <= 0) this.countBySigner.delete(entry.signer);
    else this.countBySigner.set(entry.signer, next);
  }
}
