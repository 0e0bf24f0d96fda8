import type { Commit } from '../../chain/block.ts';
import type { BlockProblem, Candidate, LocalChain } from '../local-chain.ts';
import type { SyncedBlock } from '../net.ts';
import type { NodeStore } from '../store-port.ts';

export interface ReplaySyncedParts {
  /** The chain: its durable height, its check of a synced block (on the block being written, if any), its store's hand-off. */
  chain: { readonly height: number; checkSynced: LocalChain['checkSynced']; readonly store: Pick<NodeStore, 'handOffWrites'> };
  /**
   * Commits a checked block as `LocalChain.commitPipelined` does (the committer's `commitPipelined`):
   * the block is the tip to check on when it returns; the promise settles once it is durable (and announced).
   */
  commit: (candidate: Candidate, commit: Commit) => Promise<void>;
}

export interface ReplaySyncedResult {
  /** Blocks committed, durable and announced. */
  applied: number;
  /** The first block that extends the tip and does not check, and why; null when none did not. */
  refused: { height: number; problem: BlockProblem } | null;
}

/**
 * Catch-up replay (spec/node.md §Catch-up replay): commits the blocks that extend the tip, in order,
 * until one does not check, checking each block while the one before it is written:
 *
 *   block N:    commit (queued) ── written, flushed ── announced
 *   block N+1:       checked on N ───────────────────────────── commit (queued) ── …
 *
 * The store writes one block at a time: N+1 is queued only once N is durable and announced, so the
 * store's own checks and the index reads of old values see N. If N's commit fails, the failure is
 * thrown and nothing after N is committed (the chain's tip is the store's again). A block that does
 * not check is refused after the block before it is durable.
 */
export async function replaySynced(parts: ReplaySyncedParts, blocks: readonly SyncedBlock[]): Promise<ReplaySyncedResult> {
  const { chain, commit } = parts;
  let next = chain.height + 1;
  let applied = 0;
  /** The commit of block next − 1 while it is written. */
  let writing: Promise<void> | null = null;
  const written = async (): Promise<void> => {
    if (writing === null) return;
    const pending = writing;
    writing = null;
    await pending;
    applied++;
  };
  try {
    for (const { block, commit: blockCommit } of blocks) {
      if (block.header.height !== next) continue;
      // Let the store start writing block N (its transaction closes only when this turn ends) before
      // the event loop is held by checking N + 1.
      if (writing !== null) await chain.store.handOffWrites();
      const checked = chain.checkSynced(block, blockCommit);
      await written();
      if ('code' in checked) return { applied, refused: { height: block.header.height, problem: checked } };
      writing = commit(checked, blockCommit);
      // Awaited by `written`; meanwhile a failure must not count as an unhandled rejection.
      writing.catch(() => {});
      next++;
    }
    await written();
    return { applied, refused: null };
  } finally {
    // A check that threw (a broken invariant) still lets the block before it finish; that error is the one told.
    if (writing !== null) await (writing as Promise<void>).catch(() => {});
  }
}
