import type { Logger } from 'pino';
import type { Commit } from '../../chain/block.ts';
import type { SignedProposal, SignedVote, TimeoutConfig } from '../../consensus/index.ts';
import type { Verifier } from '../../ledger/tx.ts';
import type { EvidencePool } from '../evidence-pool.ts';
import type { Candidate, LocalChain } from '../local-chain.ts';
import type { Mempool } from '../mempool.ts';
import type { Net, ProposalMessage, SyncedBlock, Verdict } from '../net.ts';
import type { ValidatorSigner } from '../signer.ts';
import type { Clock, TimerHandle, Timers } from '../timing.ts';
import { EVIDENCE_PER_BLOCK_MAX } from '../../chain/limits.ts';
import { BlockSync } from './block-sync.ts';
import { ConsensusDriver } from './driver.ts';
import { InboundMessages } from './inbound.ts';

export { ConsensusDriver, type DriverOptions } from './driver.ts';

/** How often the shell asks peers whether they are ahead (spec/p2p.md §Block sync). */
const CATCH_UP_INTERVAL_MS = 1_000;
/** How often the driver checks for a stall and re-sends its votes (spec/consensus.md C9). */
const RELAY_INTERVAL_MS = 1_000;

export interface ShellOptions {
  chain: LocalChain;
  mempool: Mempool;
  signer: ValidatorSigner | null;
  net: Net;
  clock: Clock;
  timers: Timers;
  /** Checks peers' signatures on proposals and votes. */
  verify: Verifier;
  log: Logger;
  blockTimeMs: number;
  idleBlockMs: number;
  timeouts: TimeoutConfig;
  relayIntervalMs?: number;
  catchUpIntervalMs?: number;
  /** The committer: resolves once the block is durable and announced. */
  commit: (candidate: Candidate, commit: Commit) => Promise<void>;
  /** The committer for synced blocks (catch-up): the chain's tip at once, resolves once durable and announced. */
  commitPipelined: (candidate: Candidate, commit: Commit) => Promise<void>;
  /** The consensus core saw two conflicting votes of one validator (C11). */
  onEvidence: (first: SignedVote, second: SignedVote) => void;
  /** The inbound side saw two different proposals of one proposer for one round: kept? (`accept` when new). */
  onProposalEquivocation: (first: SignedProposal, second: SignedProposal) => Verdict;
  /** Pending evidence (spec/node.md §Evidence): what this validator's blocks include. */
  evidence: EvidencePool;
  onFatal: (error: unknown) => void;
  /** The driver class; the simulator passes a subclass with a planted bug to show the bug is caught. */
  Driver?: typeof ConsensusDriver;
}

/**
 * The consensus shell (spec/node.md §Consensus shell): the pure core's driver, the inbound side that
 * checks and buffers peers' messages, and block sync, wired to each other here. It reaches time,
 * timers, the network and storage only through its ports (Clock, Timers, Net, the chain's NodeStore),
 * so the simulator runs it as it is (DESIGN.md rule 2).
 */
export class ConsensusShell {
  readonly driver: ConsensusDriver;
  /** Pending evidence seen by this node (spec/node.md §Evidence). */
  readonly evidence: EvidencePool;
  private readonly inbound: InboundMessages;
  private readonly sync: BlockSync;
  private readonly options: ShellOptions;
  private catchUpTimer: TimerHandle | null = null;
  /**
   * Block sync is triggered by messages only once started: before that the store may be taking a
   * state snapshot (spec/node.md §State sync), which needs it still at genesis.
   */
  private started = false;

  constructor(options: ShellOptions) {
    this.options = options;
    this.evidence = options.evidence;
    const { chain, clock, log } = options;
    const Driver = options.Driver ?? ConsensusDriver;
    this.driver = new Driver({
      chain,
      mempool: options.mempool,
      signer: options.signer,
      net: {
        broadcastProposal: (proposal, block) => options.net.broadcastProposal(proposal, block),
        broadcastVote: (vote, relay) => {
          this.inbound.noteOwnVote(vote);
          options.net.broadcastVote(vote, relay);
        },
      },
      clock,
      timers: options.timers,
      log,
      relayIntervalMs: options.relayIntervalMs ?? RELAY_INTERVAL_MS,
      blockTimeMs: options.blockTimeMs,
      idleBlockMs: options.idleBlockMs,
      timeouts: options.timeouts,
      onDecided: options.commit,
      onHeightStarted: (height) => this.inbound.onHeightStarted(height),
      onMissingBlock: () => this.catchUpIfStarted(),
      onEvidence: options.onEvidence,
      pendingEvidence: () => this.evidence.pending(EVIDENCE_PER_BLOCK_MAX),
      onFatal: options.onFatal,
    });
    this.inbound = new InboundMessages({
      chain,
      consensus: this.driver,
      verify: options.verify,
      clock,
      onEquivocation: options.onProposalEquivocation,
      isPending: (id) => options.mempool.has(id),
      pendingDecoded: (bytes) => options.mempool.pendingByBytes(bytes),
      onFarAhead: () => this.catchUpIfStarted(),
      log,
    });
    this.sync = new BlockSync({ chain, net: options.net, clock, exclusive: (job) => this.driver.exclusive(job), commitPipelined: options.commitPipelined, log });
  }

  /** The height consensus is deciding. */
  get height(): number {
    return this.driver.height;
  }

  private catchUpIfStarted(): void {
    if (this.started) void this.sync.catchUp();
  }

  start(): void {
    this.started = true;
    this.driver.start();
    this.catchUpTimer = this.options.timers.every(this.options.catchUpIntervalMs ?? CATCH_UP_INTERVAL_MS, () => void this.sync.catchUp());
  }

  /** Stops timers and events; resolves once the event in hand (a commit, say) has finished. */
  async stop(): Promise<void> {
    this.catchUpTimer?.cancel();
    await this.driver.stop();
  }

  /** New txs are pending: a proposer waiting for work may build now. */
  notifyTxs(): void {
    this.driver.notifyTxs();
  }

  onProposal(message: ProposalMessage): Verdict {
    return this.inbound.onProposal(message);
  }

  onVote(message: { vote: SignedVote }): Verdict {
    return this.inbound.onVote(message.vote);
  }

  /** What the inbound side keeps for heights not reached yet (bounded: spec/limits.md §Node). */
  get buffered(): { messages: number; bytes: number } {
    return this.inbound.buffered;
  }

  getBlocks(from: number, to: number): SyncedBlock[] {
    return this.sync.serve(from, to);
  }

  getStatus(): { chainId: string; genesisHash: string; height: number } {
    return this.sync.status();
  }

  /** Asks peers whether they are ahead and fetches what we miss (also run every catch-up interval). */
  catchUp(): Promise<void> {
    return this.sync.catchUp();
  }
}
