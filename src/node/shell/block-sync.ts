import type { Logger } from 'pino';
import type { Commit } from '../../chain/block.ts';
import type { BlockProblem, BlockProblemCode, Candidate, LocalChain } from '../local-chain.ts';
import type { Net, SyncedBlock } from '../net.ts';
import type { Clock } from '../timing.ts';
import { replaySynced, type ReplaySyncedResult } from './replay-synced.ts';

export interface BlockSyncOptions {
  chain: LocalChain;
  net: Pick<Net, 'peerStatuses' | 'requestBlocks' | 'reportBadBlocks'>;
  clock: Clock;
  /** Runs `job` between two consensus events, alone; consensus restarts at the new tip after it. */
  exclusive: (job: () => Promise<void>) => Promise<void>;
  /**
   * The committer's `commitPipelined`: a synced block is committed and announced as a decided one is,
   * but is the chain's tip to check the next block on at once (spec/node.md §Catch-up replay).
   */
  commitPipelined: (candidate: Candidate, commit: Commit) => Promise<void>;
  log: Logger;
}

/**
 * Refusals that only the serving peer can be blamed for (spec/p2p.md §Block sync): a commit that
 * does not verify, or a block that is not of this chain or does not extend the tip it was asked to.
 * The later checks (time, txs, roots) run only after the commit verified, i.e. on a block more
 * than 2/3 of the power did commit: failing them means our execution differs, not the peer's lie.
 */
const PEER_AT_FAULT: ReadonlySet<BlockProblemCode> = new Set(['bad_commit', 'wrong_chain', 'wrong_previous_hash']);

/**
 * Block sync (spec/node.md §Consensus shell, spec/p2p.md §Block sync, spec/consensus.md C7): serves
 * committed blocks with their commits to peers, and when a peer is ahead fetches them, checks each
 * (a commit of more than 2/3 of the power, execution matching the header) and commits it.
 */
export class BlockSync {
  private readonly options: BlockSyncOptions;
  private catchingUp = false;

  constructor(options: BlockSyncOptions) {
    this.options = options;
  }

  /** Committed blocks from `from` to `to` (as many as we hold), for a peer that is behind. */
  serve(from: number, to: number): SyncedBlock[] {
    const { chain } = this.options;
    const blocks: SyncedBlock[] = [];
    for (let height = from; height <= Math.min(to, chain.height); height++) {
      const stored = chain.store.getBlock(height);
      if (stored === undefined) break;
      blocks.push({ block: stored.block, commit: stored.commit });
    }
    return blocks;
  }

  /** What we tell peers that ask: our chain and committed height. */
  status(): { chainId: string; genesisHash: string; height: number } {
    const { genesis } = this.options.chain;
    return { chainId: genesis.chainId, genesisHash: genesis.hash, height: this.options.chain.height };
  }

  /**
   * When a peer is ahead, fetch committed blocks, check and commit them, then let consensus restart
   * at the new tip. One attempt at a time; a failed attempt is retried by the next call. Logs progress
   * as height / target and blocks per second.
   */
  async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    const { chain, net, clock, log } = this.options;
    try {
      const statuses = await net.peerStatuses();
      const target = Math.max(0, ...statuses.filter((p) => p.genesisHash === chain.genesis.hash).map((p) => p.height));
      if (target <= chain.height) return;
      const started = clock.nowMs();
      const from = chain.height;
      // Peers that served a block that failed its check in this attempt: asked no more (issue 12, attack 5).
      const refused = new Set<string>();
      while (chain.height < target) {
        const answer = await net.requestBlocks(chain.height + 1, target, refused);
        if (answer === null) break;
        const { applied, problem } = await this.apply(answer.blocks);
        if (problem !== null) {
          refused.add(answer.peer);
          if (PEER_AT_FAULT.has(problem.code)) net.reportBadBlocks(answer.peer, `${problem.code}: ${problem.message}`);
          else log.error({ peer: answer.peer, problem: problem.message, code: problem.code }, 'a committed block does not execute here as its header states');
        } else if (applied === 0) {
          break;
        }
        const seconds = Math.max(0.001, (clock.nowMs() - started) / 1000);
        if (applied > 0) log.info({ height: chain.height, target, blocksPerSecond: Math.round((chain.height - from) / seconds) }, 'catching up');
      }
    } catch (error) {
      log.debug({ err: error }, 'catch-up attempt failed');
    } finally {
      this.catchingUp = false;
    }
  }

  /**
   * Commits the blocks that extend our tip, in order, until one does not check, each checked while
   * the one before it is written (`replaySynced`). Returns how many were committed and why the first
   * refused one was refused, if any.
   */
  private async apply(blocks: SyncedBlock[]): Promise<{ applied: number; problem: BlockProblem | null }> {
    const { chain, log } = this.options;
    let result: ReplaySyncedResult = { applied: 0, refused: null };
    await this.options.exclusive(async () => {
      result = await replaySynced({ chain, commit: this.options.commitPipelined }, blocks);
      const { refused } = result;
      if (refused !== null) log.warn({ height: refused.height, problem: refused.problem.message, code: refused.problem.code }, 'refused a synced block');
    });
    return { applied: result.applied, problem: result.refused?.problem ?? null };
  }
}
