import type { SignedVote } from '../../consensus/index.ts';
import { HELD_VOTES_MAX } from '../limits.ts';

/** A vote's identity: what it says, not its bytes (a copy with another relay counter is the same vote). */
function identity(vote: SignedVote): string {
  return `${vote.validator}|${vote.height}|${vote.round}|${vote.type}|${vote.blockHash ?? 'nil'}`;
}

/**
 * The votes this node checked and took, by identity (validator, height, round, type, block), so a
 * copy of one is dropped before its signature is checked and is never forwarded again (spec/p2p.md
 * §Votes and re-sends; issue 12, attack 3). Heights below consensus are forgotten; at most
 * HELD_VOTES_MAX identities are kept, past which votes are still checked, only not remembered.
 */
export class HeldVotes {
  private readonly byHeight = new Map<number, Set<string>>();
  /** validator|height|round|type → the block of the first vote held in that slot. */
  private readonly slots = new Map<number, Map<string, string>>();
  private count = 0;

  has(vote: SignedVote): boolean {
    return this.byHeight.get(vote.height)?.has(identity(vote)) === true;
  }

  /**
   * Remembers `vote`, unless it conflicts with a vote held in its slot (the same validator, height,
   * round and type for another block): the core may leave such a vote uncounted until its block is
   * proposed or passes 1/3 (src/consensus/vote-set.ts), so a later copy must reach it again. Found by
   * the simulator's twins (seeds 302, 333, 1797, 1910: honest nodes split on a lock forever).
   */
  add(vote: SignedVote): void {
    if (this.count >= HELD_VOTES_MAX) return;
    const slots = this.slots.get(vote.height) ?? new Map<string, string>();
    this.slots.set(vote.height, slots);
    const slot = `${vote.validator}|${vote.round}|${vote.type}`;
    const block = vote.blockHash ?? 'nil';
    const first = slots.get(slot);
    if (first === undefined) slots.set(slot, block);
    else if (first !== block) return;
    const set = this.byHeight.get(vote.height) ?? new Set<string>();
    const before = set.size;
    set.add(identity(vote));
    this.byHeight.set(vote.height, set);
    this.count += set.size - before;
  }

  /** Consensus entered `height`: votes of lower heights are never delivered again. */
  forgetBelow(height: number): void {
    for (const [held, set] of [...this.byHeight]) {
      if (held >= height) continue;
      this.byHeight.delete(held);
      this.slots.delete(held);
      this.count -= set.size;
    }
  }
}
