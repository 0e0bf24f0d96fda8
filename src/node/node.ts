import type { Logger } from 'pino';
import type { Commit } from '../chain/block.ts';
import { verifyEd25519Node } from '../crypto/ed25519-node.ts';
import type { KeyPair } from '../crypto/keys.ts';
import type { Genesis } from '../chain/genesis.ts';
import type { DecodedTx, Receipt } from '../ledger/types.ts';
import { ChainStore } from '../store/chain-store.ts';
import { Chain, type Candidate } from './chain.ts';
import { ConsensusDriver } from './consensus-driver.ts';
import { NodeNetwork } from './network.ts';
import type { SignedVote } from '../consensus/index.ts';
import { NodeError } from './errors.ts';
import { NodeEvents } from './events.ts';
import { Mempool } from './mempool.ts';
import { ValidatorSigner } from './signer.ts';
import { SYSTEM_CLOCK, type Clock } from './timing.ts';
import { VerifyPool } from './verify-pool.ts';
import { availableParallelism } from 'node:os';
import { decodeTx, isRejection } from '../ledger/tx.ts';

export interface NodeOptions {
  genesis: Genesis;
  dataDirectory: string;
  validatorKey: KeyPair | null;
  blockTimeMs: number;
  idleBlockMs: number;
  log: Logger;
  clock?: Clock;
  onFatal?: (error: unknown) => void;
}

/** Below this many txs a batch is checked on the main thread: posting to a worker costs more. */
const BATCH_POOL_MIN = 16;

export type TxStatus =
  | { status: 'committed'; height: number; index: number; receipt: Receipt }
  | { status: 'pending' }
  | { status: 'unknown' };

/** The composition root of one node: store, chain, mempool, consensus, events (DESIGN.md §Layers). */
export class AgoraNode {
  readonly chain: Chain;
  readonly store: ChainStore;
  readonly mempool: Mempool;
  readonly events = new NodeEvents();
  readonly driver: ConsensusDriver;
  readonly log: Logger;
  private readonly waiters = new Map<string, Set<(status: TxStatus) => void>>();
  private stopping = false;
  private pool: VerifyPool | null = null;
  /** Set by startNetwork on a node with peers; a lone dev validator runs without one. */
  network: NodeNetwork | null = null;

  private constructor(options: NodeOptions, store: ChainStore, chain: Chain) {
    this.log = options.log;
    this.store = store;
    this.chain = chain;
    const clock = options.clock ?? SYSTEM_CLOCK;
    this.mempool = new Mempool({ chainId: options.genesis.chainId, verify: verifyEd25519Node }, store, chain.context(chain.height + 1, chain.lastTimeMs + 1, ''));
    const signer = options.validatorKey === null ? null : new ValidatorSigner(options.validatorKey, store, options.genesis.chainId);
    this.driver = new ConsensusDriver({
      chain,
      mempool: this.mempool,
      signer,
      network: {
        broadcastProposal: (proposal, block) => this.network?.host?.broadcastProposal(proposal, block),
        broadcastVote: (vote, relay) => this.network?.host?.broadcastVote(vote, relay),
      },
      clock,
      log: options.log,
      blockTimeMs: options.blockTimeMs,
      idleBlockMs: options.idleBlockMs,
      timeouts: { proposeMs: Math.max(3_000, options.idleBlockMs + 1_000), prevoteMs: 1_000, precommitMs: 1_000, deltaMs: 500 },
      onDecided: (candidate, commit) => this.commitCandidate(candidate, commit),
      onHeightStarted: (height) => this.network?.onHeightStarted(height),
      onMissingBlock: () => void this.network?.catchUp(),
      onEvidence: (first, second) => this.recordEvidence(first, second),
      onFatal: options.onFatal ?? ((error) => this.fatal(error)),
    });
  }

  static async open(options: NodeOptions): Promise<AgoraNode> {
    const store = new ChainStore(options.dataDirectory);
    const chain = new Chain(options.genesis, store, verifyEd25519Node);
    await chain.init();
    return new AgoraNode(options, store, chain);
  }

  /** Joins the network: libp2p on `listen`, the static `peers`, gossip and catch-up (spec/p2p.md). */
  async startNetwork(options: { listen: string; peers: string[]; peerKeySeed: Uint8Array }): Promise<void> {
    const network = new NodeNetwork(this, this.log.child({ component: 'p2p' }));
    await network.start(options);
    this.network = network;
  }

  start(): void {
    this.log.info({ chainId: this.chain.genesis.chainId, height: this.chain.height }, 'node starting');
    this.driver.start();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.driver.stop();
    await this.network?.stop();
    await this.pool?.close();
    for (const [, set] of this.waiters) for (const resolve of set) resolve({ status: 'pending' });
    this.waiters.clear();
    await this.store.close();
  }

  private fatal(error: unknown): void {
    this.log.fatal({ err: error }, 'consensus stopped on an internal error; the node exits rather than continue wrong');
    process.exitCode = 70;
    void this.stop().finally(() => process.exit(70));
  }

  /** Admits a tx to the mempool or throws NodeError with the first failing check's code. */
  submit(bytes: Uint8Array, options: { fromPeer?: boolean } = {}): DecodedTx {
    if (this.stopping) throw new NodeError('shutting_down', 'the node is stopping');
    const decoded = this.decodeAndCheckNew(bytes);
    this.mempool.addVerified(decoded);
    this.driver.notifyTxs();
    if (options.fromPeer !== true) this.network?.publishTx(bytes);
    return decoded;
  }

  /**
   * Admits many txs at once: decoding on this thread, signatures on the verification pool's workers
   * (batches of BATCH_POOL_MIN or more), then the mempool in order. One result per tx, in order.
   */
  async submitBatch(list: Uint8Array[]): Promise<(DecodedTx | NodeError)[]> {
    if (this.stopping) throw new NodeError('shutting_down', 'the node is stopping');
    if (list.length < BATCH_POOL_MIN) return list.map((bytes) => this.trySubmit(bytes));
    const chainId = this.chain.genesis.chainId;
    const decoded = list.map((bytes): DecodedTx | NodeError => {
      const tx = decodeTx(bytes);
      if (isRejection(tx)) return new NodeError(tx.code, tx.message);
      if (tx.tx.body.chainId !== chainId) return new NodeError('wrong_chain', `tx is for chain "${tx.tx.body.chainId}", this is "${chainId}"`);
      return tx;
    });
    const jobs = decoded.flatMap((tx) => (tx instanceof NodeError ? [] : tx.tx.body.signers.map((signer, i) => ({ publicKey: signer.publicKey, message: tx.signBytes, signature: tx.tx.signatures[i] }))));
    this.pool ??= new VerifyPool(Math.max(1, availableParallelism() - 1));
    const verdicts = await this.pool.verify(jobs);
    let next = 0;
    const results = decoded.map((tx): DecodedTx | NodeError => {
      if (tx instanceof NodeError) return tx;
      const signed = tx.tx.body.signers.map(() => verdicts[next++]);
      const bad = signed.indexOf(false);
      if (bad >= 0) return new NodeError('bad_signature', `signature ${bad} does not verify for signer ${tx.signerAddresses[bad]}`);
      return this.tryAdmit(tx);
    });
    this.driver.notifyTxs();
    return results;
  }

  private trySubmit(bytes: Uint8Array): DecodedTx | NodeError {
    try {
      return this.submit(bytes);
    } catch (error) {
      if (error instanceof NodeError) return error;
      throw error;
    }
  }

  private tryAdmit(tx: DecodedTx): DecodedTx | NodeError {
    try {
      if (this.store.getTxLocation(tx.id) !== undefined) throw new NodeError('already_committed', `tx ${tx.id} is already committed`);
      this.mempool.addVerified(tx);
      this.network?.publishTx(tx.bytes);
      return tx;
    } catch (error) {
      if (error instanceof NodeError) return error;
      throw error;
    }
  }

  private decodeAndCheckNew(bytes: Uint8Array): DecodedTx {
    const decoded = this.mempool.check(bytes);
    if (this.store.getTxLocation(decoded.id) !== undefined) throw new NodeError('already_committed', `tx ${decoded.id} is already committed`);
    return decoded;
  }

  txStatus(id: string): TxStatus {
    const location = this.store.getTxLocation(id);
    if (location !== undefined) {
      const receipt = this.store.getReceipt(id) as Receipt;
      return { status: 'committed', height: location.height, index: location.index, receipt };
    }
    return this.mempool.has(id) ? { status: 'pending' } : { status: 'unknown' };
  }

  /** Resolves when the tx is durably committed, or with its current status after `timeoutMs`. */
  waitForCommit(id: string, timeoutMs: number): Promise<TxStatus> {
    const now = this.txStatus(id);
    if (now.status !== 'pending') return Promise.resolve(now);
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = (status: TxStatus): void => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(id);
        resolve(status);
      };
      const timer = setTimeout(() => done(this.txStatus(id)), timeoutMs);
      set.add(done);
    });
  }

  private recordEvidence(first: SignedVote, second: SignedVote): void {
    void this.store.saveEvidence(first, second).catch((error: unknown) => this.log.error({ err: error }, 'could not save evidence'));
  }

  /** Commits a decided (or synced) block durably, then updates the mempool, waiters and subscribers. */
  async commitCandidate(candidate: Candidate, commit: Commit): Promise<void> {
    await this.chain.commit(candidate, commit);
    const { block, hash, execution } = candidate;
    const height = block.header.height;
    const evicted = this.mempool.afterCommit(execution.receipts.map((r) => r.txId), this.store, this.chain.context(height + 1, block.header.timeMs + 1, ''));
    if (evicted.length > 0) this.log.info({ evicted: evicted.length }, 'mempool evicted txs that no longer apply');
    this.log.debug({ height, round: commit.round, txs: execution.txs.length, hash }, 'committed');
    this.events.emit('block', { height, hash, header: block.header, txIds: execution.receipts.map((r) => r.txId) });
    execution.receipts.forEach((receipt, index) => {
      const addresses = execution.touched[index];
      this.events.emit('tx', { id: receipt.txId, height, index, addresses, receipt });
      const waiters = this.waiters.get(receipt.txId);
      if (waiters !== undefined) for (const resolve of [...waiters]) resolve({ status: 'committed', height, index, receipt });
    });
    for (const tx of evicted) {
      const waiters = this.waiters.get(tx.id);
      if (waiters !== undefined) for (const resolve of [...waiters]) resolve({ status: 'unknown' });
    }
  }
}
