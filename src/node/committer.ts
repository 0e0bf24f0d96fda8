import type { Logger } from 'pino';
import type { Commit } from '../chain/block.ts';
import type { Candidate, LocalChain } from './local-chain.ts';
import type { NodeEvents } from './events.ts';
import { FEE_SINK, type Mempool } from './mempool.ts';
import type { EvidencePool } from './evidence-pool.ts';

/**
 * The committer (spec/node.md §Committer): a decided or synced block goes chain → store (one durable
 * transaction) → mempool (drop what committed, re-check the rest) → events, in that order, so that a
 * subscriber told of a tx can read it back at once. It is the only writer of blocks.
 */
export class Committer {
  private readonly chain: LocalChain;
  private readonly mempool: Mempool;
  private readonly events: NodeEvents;
  private readonly log: Logger;
  private readonly evidence: EvidencePool | null;

  constructor(parts: { chain: LocalChain; mempool: Mempool; events: NodeEvents; evidence?: EvidencePool; log: Logger }) {
    this.evidence = parts.evidence ?? null;
    this.chain = parts.chain;
    this.mempool = parts.mempool;
    this.events = parts.events;
    this.log = parts.log;
  }

  /** A decided block: resolves once it is durable and every listener has been told. */
  async commit(candidate: Candidate, commit: Commit): Promise<void> {
    await this.chain.commit(candidate, commit);
    this.announce(candidate, commit);
  }

  /**
   * A synced block (catch-up, spec/node.md §Catch-up replay): the chain's tip for checking at once
   * (`LocalChain.commitPipelined`), so the next block is checked while this one is written; the
   * mempool, the evidence pool and listeners are told once it is durable, as for `commit`. Resolves
   * then; rejects, telling no one, if the commit fails.
   */
  commitPipelined(candidate: Candidate, commit: Commit): Promise<void> {
    return this.chain.commitPipelined(candidate, commit).then(() => this.announce(candidate, commit));
  }

  /** The block is durable: the mempool, the evidence pool, the log and the event stream, in that order. */
  private announce(candidate: Candidate, commit: Commit): void {
    const { block, hash, execution } = candidate;
    const height = block.header.height;
    const committedIds = execution.receipts.map((r) => r.txId);
    const evicted = this.mempool.afterCommit(committedIds, this.chain.store, this.chain.context(height + 1, block.header.timeMs + 1, FEE_SINK), execution.stateWrites);
    this.evidence?.afterCommit(execution.evidence.map((piece) => piece.offence), height);
    if (execution.offenders.length > 0) this.log.warn({ height, offenders: execution.offenders }, 'block commits evidence against validators');
    if (evicted.length > 0) this.log.info({ evicted: evicted.length }, 'mempool evicted txs that no longer apply');
    this.log.debug({ height, round: commit.round, txs: execution.txs.length, hash }, 'committed');
    this.events.emit('block', { height, hash, header: block.header, txIds: committedIds });
    execution.receipts.forEach((receipt, index) => {
      // Every address the tx touched, as the ledger says (spec/ledger.md §2.4).
      this.events.emit('tx', { id: receipt.txId, height, index, addresses: execution.touched[index], receipt });
    });
    for (const tx of evicted) this.events.emit('evicted', { id: tx.id });
  }
}
