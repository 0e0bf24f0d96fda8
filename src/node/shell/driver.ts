import type { Logger } from 'pino';
import { decodeBlock, encodeBlock, type Commit } from '../../chain/block.ts';
import { createConsensus, makeValidatorSet, resumeAt, selectProposer, step } from '../../consensus/index.ts';
import type { ConsensusEffect, ConsensusEvent, ConsensusState, SignedVote, TimeoutConfig, ValidatorSet } from '../../consensus/index.ts';
import { BLOCK_BYTES_MAX, PROPOSAL_TIME_PRECISION_MS } from '../../chain/limits.ts';
import type { Candidate, LocalChain } from '../local-chain.ts';
import { BLOCK_TXS_TARGET } from '../limits.ts';
import type { Mempool } from '../mempool.ts';
import type { Net } from '../net.ts';
import type { ValidatorSigner } from '../signer.ts';
import type { Clock, TimerHandle, Timers } from '../timing.ts';

export interface DriverOptions {
  chain: LocalChain;
  mempool: Mempool;
  signer: ValidatorSigner | null;
  net: Pick<Net, 'broadcastProposal' | 'broadcastVote'>;
  clock: Clock;
  timers: Timers;
  log: Logger;
  /** How often the driver checks for a stall and re-sends its votes (C9). */
  relayIntervalMs: number;
  blockTimeMs: number;
  idleBlockMs: number;
  timeouts: TimeoutConfig;
  /** Called with each decided block; resolves once it is durably committed. */
  onDecided: (candidate: Candidate, commit: Commit) => Promise<void>;
  onFatal: (error: unknown) => void;
  /** Consensus entered a height: buffered messages for it may be delivered now. */
  onHeightStarted?: (height: number) => void;
  /** Consensus decided a block this node has not seen: fetch it from peers (catch-up). */
  onMissingBlock?: (height: number, blockHash: string) => void;
  onEvidence?: (first: SignedVote, second: SignedVote) => void;
  /** Pending evidence for a block this validator builds (spec/node.md §Evidence). */
  pendingEvidence?: () => Uint8Array[];
}

type QueueItem = { kind: 'event'; event: ConsensusEvent } | { kind: 'job'; run: () => Promise<void>; done: (error?: unknown) => void };

/**
 * Carries out the pure consensus core's effects with the Timers, the signer, the chain and the Net,
 * and feeds it events one at a time (spec/consensus.md §Requirements on the node; spec/node.md
 * §Producing blocks). The same driver runs a dev chain (one validator), a network, and every
 * validator of the simulator (test/sim).
 */
export class ConsensusDriver {
  private readonly options: DriverOptions;
  /** The consensus core's form of each validator set met, by hash (a set never changes under its hash). */
  private readonly validatorSets = new Map<string, ValidatorSet>();
  private core: ConsensusState;
  private readonly queue: QueueItem[] = [];
  private draining = false;
  private drainDone: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly timers = new Set<TimerHandle>();
  /** When this node last started building a block: blocks are paced from start to start. */
  private lastBuildAtMs: number;
  private lastCommitAtMs: number;
  private wakeBuilder: (() => void) | null = null;
  private relayTimer: TimerHandle | null = null;
  private lastRelayMark = '';
  private relayCount = 0;
  /** The height of the last startHeight queued: the core's own height lags until the queue drains. */
  private enteredHeight = 0;

  constructor(options: DriverOptions) {
    this.options = options;
    this.core = createConsensus({ self: options.signer?.address ?? null, timeouts: options.timeouts });
    this.lastCommitAtMs = options.clock.nowMs();
    this.lastBuildAtMs = this.lastCommitAtMs;
  }

  get height(): number {
    return this.core.height;
  }

  get round(): number {
    return this.core.round;
  }

  /**
   * Enters the next height; after a restart, replays the votes this validator signed at that height
   * and its lock's polka (spec/consensus.md C5), and starts the relay tick (C9).
   */
  start(): void {
    this.restoreLockedBlock();
    this.startHeight();
    const signer = this.options.signer;
    if (signer !== null) for (const vote of signer.votesAt(this.options.chain.height + 1)) this.deliver({ type: 'vote', vote });
    this.relayTimer = this.options.timers.every(this.options.relayIntervalMs, () => this.relayIfStuck());
  }

  /** After a restart: the block this validator is locked on at the next height becomes a candidate again. */
  private restoreLockedBlock(): void {
    const last = this.options.signer?.lastSigned() ?? null;
    if (last === null || (last.lock ?? null) === null || last.height !== this.options.chain.height + 1) return;
    const bytes = this.options.chain.store.loadLockedBlock();
    if (bytes === undefined) return;
    try {
      const block = decodeBlock(bytes);
      const problem = this.options.chain.check(block, block.header.proposer, this.options.clock.nowMs(), () => false);
      if (problem !== null) this.options.log.warn({ problem: problem.message, code: problem.code }, 'the locked block kept before the restart does not check');
    } catch (error) {
      this.options.log.warn({ err: error }, 'the locked block kept before the restart does not decode');
    }
  }

  /**
   * Gossip delivers a message once, to the peers connected at that moment. While consensus makes no
   * progress, re-send what this validator signed at the current height and its lock's polka, so that a
   * peer that restarted or reconnected still gets them (C9: the paper's liveness needs every message
   * to reach every correct validator eventually).
   */
  private relayIfStuck(): void {
    const mark = `${this.core.height}/${this.core.round}/${this.core.step}`;
    if (mark === this.lastRelayMark && this.options.signer !== null) this.relay(this.options.signer.votesAt(this.core.height));
    this.lastRelayMark = mark;
  }

  /** Re-sends `votes`, each with a fresh relay counter. Protected: the simulator plants bugs here. */
  protected relay(votes: SignedVote[]): void {
    this.relayCount = (this.relayCount + 1) % 2 ** 32;
    for (const vote of votes) this.options.net.broadcastVote(vote, this.relayCount);
  }

  /** Stops taking events and resolves once the event in hand (a commit, say) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.relayTimer?.cancel();
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.wakeBuilder?.();
    await this.drainDone;
  }

  /** New txs are pending: a proposer waiting for work may build now. */
  notifyTxs(): void {
    this.wakeBuilder?.();
  }

  /** The proposer of (height, round), as every node computes it. */
  proposerOf(height: number, round: number): string {
    return selectProposer(this.validatorSetAt(height), this.options.chain.seed, height, round);
  }

  /**
   * The set of `height` as the core takes it (spec/ledger.md §10.1): from the committed state, so a
   * change committed at h signs from h + 2 on here as on every node. Beyond the tip + 2 the set is
   * not known yet; the latest known one stands in (only the proposer check of a message that early
   * asks, and it is asked again at its height).
   */
  validatorSetAt(height: number): ValidatorSet {
    const { chain } = this.options;
    const { hash, validators } = chain.validatorSetAt(Math.min(Math.max(height, 1), chain.height + 2));
    let set = this.validatorSets.get(hash);
    if (set === undefined) {
      set = makeValidatorSet(validators.map((v) => ({ address: v.address, power: v.power })));
      this.validatorSets.set(hash, set);
    }
    return set;
  }

  deliver(event: ConsensusEvent): void {
    if (this.stopped) return;
    this.queue.push({ kind: 'event', event });
    if (!this.draining) this.drainDone = this.drain();
  }

  /**
   * Runs `job` between two consensus events, alone (catch-up commits blocks this way). If the chain
   * moved past the height consensus is at, consensus restarts at the new tip.
   */
  exclusive(job: () => Promise<void>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const run = async (): Promise<void> => {
        await job();
        if (this.options.chain.height >= this.enteredHeight) this.restartAtTip();
      };
      this.queue.push({ kind: 'job', run, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.draining) this.drainDone = this.drain();
    });
  }

  private restartAtTip(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.lastCommitAtMs = this.options.clock.nowMs();
    this.startHeight();
  }

  private startHeight(): void {
    const height = this.options.chain.height + 1;
    this.enteredHeight = height;
    const { startRound, lock } = resumeAt(this.options.signer?.lastSigned() ?? null, height);
    this.deliver({ type: 'startHeight', height, validatorSet: this.validatorSetAt(height), seed: this.options.chain.seed, startRound, lock });
    this.queue.push({ kind: 'job', run: async () => this.options.onHeightStarted?.(height), done: () => {} });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const item = this.queue.shift() as QueueItem;
        if (item.kind === 'job') {
          await item.run().then(() => item.done(), (error: unknown) => item.done(error));
          continue;
        }
        const result = step(this.core, item.event);
        this.core = result.state;
        for (const effect of result.effects) await this.perform(effect);
      }
    } catch (error) {
      this.stopped = true;
      this.options.onFatal(error);
    } finally {
      this.draining = false;
    }
  }

  private async perform(effect: ConsensusEffect): Promise<void> {
    switch (effect.type) {
      case 'requestBlock':
        void this.produce(effect.height, effect.round).catch((error: unknown) => this.options.onFatal(error));
        return;
      case 'signProposal':
        return this.signAndSendProposal(effect.proposal, effect.polka ?? []);
      case 'signVote':
        return this.signAndSendVote(effect.vote, effect.polka ?? []);
      case 'scheduleTimeout':
        return this.schedule(effect.height, effect.round, effect.step, effect.durationMs);
      case 'decide':
        return this.decide(effect.height, effect.round, effect.blockHash, effect.precommits);
      case 'evidence':
        this.options.log.warn({ validator: effect.first.validator, height: effect.first.height, round: effect.first.round }, 'equivocation: two votes from one validator');
        this.options.onEvidence?.(effect.first, effect.second);
        return;
      case 'proposalEvidence':
        this.options.log.warn({ proposer: effect.first.proposer, height: effect.first.height }, 'equivocation: two proposals from one proposer');
        return;
    }
  }

  private schedule(height: number, round: number, stepName: 'propose' | 'prevote' | 'precommit', durationMs: number): void {
    const timer = this.options.timers.after(durationMs, () => {
      this.timers.delete(timer);
      this.deliver({ type: 'timeout', height, round, step: stepName });
    });
    this.timers.add(timer);
  }

  /**
   * Waits for work (txs, paced by blockTimeMs) or the idle interval, and until our clock has passed
   * the previous block's time, then builds the block stamped with our clock. The last wait is
   * CometBFT PBTS's: a proposer never stamps a time it has not reached, so a clock far behind the
   * chain's makes this validator sit its rounds out (they time out; the next proposer goes on)
   * instead of proposing a time that honest validators would find untimely.
   */
  private async produce(height: number, round: number): Promise<void> {
    const { mempool, clock, blockTimeMs, idleBlockMs } = this.options;
    let warned = false;
    for (;;) {
      if (this.stopped || this.core.height !== height || this.core.round !== round) return;
      const now = clock.nowMs();
      const sinceCommit = now - this.lastCommitAtMs;
      const sinceBuild = now - this.lastBuildAtMs;
      const behindMs = this.options.chain.lastTimeMs + 1 - now;
      const ready = sinceCommit >= idleBlockMs || (mempool.size > 0 && sinceBuild >= blockTimeMs);
      if (ready && behindMs <= 0) break;
      if (ready && !warned && behindMs > PROPOSAL_TIME_PRECISION_MS) {
        warned = true;
        this.options.log.warn({ height, round, behindMs }, 'our clock is behind the last block time: waiting for it before proposing (is this host\'s clock right?)');
      }
      const waitMs = ready ? behindMs : mempool.size > 0 ? blockTimeMs - sinceBuild : idleBlockMs - sinceCommit;
      await new Promise<void>((resolve) => {
        const timer = this.options.timers.after(waitMs, () => {
          this.wakeBuilder = null;
          resolve();
        });
        this.wakeBuilder = () => {
          timer.cancel();
          this.wakeBuilder = null;
          resolve();
        };
      });
    }
    this.lastBuildAtMs = clock.nowMs();
    const signer = this.options.signer;
    if (signer === null) return;
    const built = this.options.chain.build(signer.address, clock.nowMs(), mempool.take(BLOCK_TXS_TARGET, BLOCK_BYTES_MAX), (alpha) => signer.proveSeed(alpha), this.options.pendingEvidence?.() ?? []);
    if (built.skipped.length > 0) this.options.log.info({ skipped: built.skipped.length }, 'txs left out of the block');
    if (built.block.evidence.length > 0) this.options.log.info({ height, evidence: built.block.evidence.length }, 'evidence included in the block');
    this.deliver({ type: 'blockReady', height, round, blockHash: built.hash });
  }

  private async signAndSendProposal(proposal: Parameters<ValidatorSigner['signProposal']>[0], polka: SignedVote[]): Promise<void> {
    const signer = this.options.signer;
    const candidate = this.options.chain.candidate(proposal.blockHash);
    if (signer === null || candidate === undefined) return;
    const signed = await signer.signProposal(proposal);
    if (signed === null) {
      this.options.log.warn({ height: proposal.height, round: proposal.round }, 'sign guard refused a proposal');
      return;
    }
    this.options.net.broadcastProposal(signed, candidate.block);
    // A re-proposal (polRound ≥ 0) travels with the prevotes that justify it (C9).
    for (const vote of polka) this.options.net.broadcastVote(vote);
    this.deliver({ type: 'proposal', proposal: signed, valid: true, timely: true }); // its time is our clock
  }

  private async signAndSendVote(vote: Parameters<ValidatorSigner['signVote']>[0], polka: SignedVote[]): Promise<void> {
    const signer = this.options.signer;
    if (signer === null) return;
    // A precommit for a block locks on it: keep the block with the lock, so that after a crash this
    // validator can still re-propose what it is locked on (C4).
    const locked = vote.type === 'precommit' && vote.blockHash !== null ? this.options.chain.candidate(vote.blockHash) : undefined;
    const signed = await signer.signVote(vote, polka, locked === undefined ? undefined : encodeBlock(locked.block));
    if (signed === null) {
      this.options.log.warn({ height: vote.height, round: vote.round, type: vote.type }, 'sign guard refused a vote');
      return;
    }
    this.options.net.broadcastVote(signed);
    this.deliver({ type: 'vote', vote: signed });
  }

  private async decide(height: number, round: number, blockHash: string, precommits: SignedVote[]): Promise<void> {
    const candidate = this.options.chain.candidate(blockHash);
    if (candidate === undefined) {
      // +2/3 precommitted a block whose proposal never reached us: peers commit it, we fetch it.
      this.options.log.info({ height, blockHash }, 'decided a block not seen here; catching up');
      this.options.onMissingBlock?.(height, blockHash);
      return;
    }
    const commit: Commit = { height, round, blockHash, signatures: precommits.map((v) => ({ validator: v.validator, signature: v.signature })) };
    await this.options.onDecided(candidate, commit);
    this.restartAtTip();
  }
}
