import { blockHash, type Block, type Commit, type Header } from '../chain/block.ts';
import { buildBlockBody, executeBlockBody, type BlockExecution } from '../chain/execute.ts';
import type { Genesis } from '../chain/genesis.ts';
import { BLOCK_BYTES_MAX, BLOCK_TIME_DRIFT_MS_MAX } from '../chain/limits.ts';
import { TrieUpdate } from '../chain/state-trie.ts';
import { validatorsHash } from '../chain/validators.ts';
import { toHex } from '../crypto/hash.ts';
import { genesisWrites } from '../ledger/genesis.ts';
import { EMPTY_STATE } from '../ledger/state.ts';
import type { Verifier } from '../ledger/tx.ts';
import type { BlockContext, DecodedTx } from '../ledger/types.ts';
import type { NodeStore } from './store-port.ts';
import { checkCommit } from '../chain/votes.ts';

/** A block this node built or checked, with its execution, kept until its height is decided. */
export interface Candidate {
  block: Block;
  hash: string;
  execution: BlockExecution;
}

/**
 * The chain as this node holds it: genesis, the committed tip in the store, and the candidates of
 * the height being decided. Builds blocks (proposer), checks them (`valid(v)`), commits them.
 */
export class Chain {
  readonly genesis: Genesis;
  readonly store: NodeStore;
  private readonly verify: Verifier;
  private readonly validatorsHashHex: string;
  private candidates = new Map<string, Candidate>();

  constructor(genesis: Genesis, store: NodeStore, verify: Verifier) {
    this.genesis = genesis;
    this.store = store;
    this.verify = verify;
    this.validatorsHashHex = validatorsHash(genesis.validators);
  }

  /** Writes the genesis state on first start; checks the store belongs to this genesis after that. */
  async init(): Promise<void> {
    if (this.store.height() >= 0) {
      const stored = this.store.getMeta('genesisHash');
      if (stored !== this.genesis.hash) throw new Error(`the data directory belongs to another genesis (${String(stored)})`);
      return;
    }
    const writes = genesisWrites(EMPTY_STATE, this.genesis.ledger).writes();
    const trie = new TrieUpdate(this.store);
    trie.applyWrites(writes);
    const { root, writes: trieWrites } = trie.finish();
    await this.store.initGenesis(this.genesis.hash, this.genesis.genesisTimeMs, writes, trieWrites, toHex(root));
  }

  get height(): number {
    return this.store.height();
  }

  get lastHash(): string {
    return String(this.store.getMeta('lastHash'));
  }

  get lastTimeMs(): number {
    return Number(this.store.getMeta('lastTimeMs'));
  }

  context(height: number, timeMs: number, proposer: string): BlockContext {
    return { chainId: this.genesis.chainId, height, timeMs, proposer, params: this.genesis.params };
  }

  /** The proposer's block for the next height from `candidates` (already signature-checked). */
  build(proposer: string, nowMs: number, candidates: DecodedTx[]): Candidate & { skipped: DecodedTx[] } {
    const height = this.height + 1;
    const timeMs = Math.max(nowMs, this.lastTimeMs + 1);
    const execution = buildBlockBody(this.store, this.context(height, timeMs, proposer), candidates);
    const header: Header = {
      chainId: this.genesis.chainId,
      height,
      timeMs,
      previousHash: this.lastHash,
      txRoot: execution.txRoot,
      resultsRoot: execution.resultsRoot,
      stateRoot: execution.stateRoot,
      proposer,
      validatorsHash: this.validatorsHashHex,
      txCount: execution.txs.length,
    };
    const block = { header, txs: execution.txs.map((tx) => tx.bytes) };
    const candidate = { block, hash: blockHash(header), execution };
    this.candidates.set(candidate.hash, candidate);
    return { ...candidate, skipped: execution.skipped.map((s) => s.tx) };
  }

  /**
   * valid(v) of the consensus paper for a block proposed by `proposer`: returns the reason it is
   * invalid, or null. Checks in order: height, previous hash, chain id, validator set, proposer, time
   * (after the previous block, at most BLOCK_TIME_DRIFT_MS_MAX ahead of our clock), then executes the
   * txs and compares the tx root, tx count and state root.
   */
  check(block: Block, proposer: string, nowMs: number, verified: (id: string) => boolean): string | null {
    const { header } = block;
    if (header.height !== this.height + 1) return `height ${header.height}, expected ${this.height + 1}`;
    if (header.previousHash !== this.lastHash) return 'previous hash is not our tip';
    if (header.chainId !== this.genesis.chainId) return 'wrong chain id';
    if (header.validatorsHash !== this.validatorsHashHex) return 'wrong validator set hash';
    if (header.proposer !== proposer) return `proposer is ${header.proposer}, expected ${proposer}`;
    if (!this.genesis.validators.some((v) => v.address === header.proposer)) return 'the block proposer is not a validator';
    if (header.timeMs <= this.lastTimeMs) return 'block time is not after the previous block';
    if (header.timeMs > nowMs + BLOCK_TIME_DRIFT_MS_MAX) return 'block time is too far ahead of our clock';
    if (block.txs.reduce((sum, tx) => sum + tx.length, 0) > BLOCK_BYTES_MAX) return `block txs pass ${BLOCK_BYTES_MAX} bytes`;
    const execution = executeBlockBody(this.store, this.context(header.height, header.timeMs, proposer), block.txs, this.verify, verified);
    if ('code' in execution) return `${execution.code}: ${execution.message}`;
    if (execution.txRoot !== header.txRoot || execution.txs.length !== header.txCount) return 'tx root does not match the txs';
    if (execution.resultsRoot !== header.resultsRoot) return 'results root does not match execution';
    if (execution.stateRoot !== header.stateRoot) return 'state root does not match execution';
    const hash = blockHash(header);
    this.candidates.set(hash, { block, hash, execution });
    return null;
  }

  /**
   * A committed block from a peer (catch-up): it must extend our tip, carry a commit of more than 2/3
   * of the validators' power for its hash, and execute to the roots its header states. Returns the
   * candidate to commit, or the reason it is refused. Its time is not compared with our clock: it is
   * already final.
   */
  checkSynced(block: Block, commit: Commit): Candidate | string {
    const { header } = block;
    if (header.height !== this.height + 1) return `height ${header.height}, expected ${this.height + 1}`;
    if (header.previousHash !== this.lastHash) return 'previous hash is not our tip';
    if (header.chainId !== this.genesis.chainId || header.validatorsHash !== this.validatorsHashHex) return 'wrong chain or validator set';
    const hash = blockHash(header);
    const commitProblem = checkCommit(commit, this.genesis.chainId, header.height, hash, this.genesis.validators, this.verify);
    if (commitProblem !== null) return `bad commit: ${commitProblem}`;
    if (header.timeMs <= this.lastTimeMs) return 'block time is not after the previous block';
    const execution = executeBlockBody(this.store, this.context(header.height, header.timeMs, header.proposer), block.txs, this.verify, () => false);
    if ('code' in execution) return `${execution.code}: ${execution.message}`;
    if (execution.txRoot !== header.txRoot || execution.txs.length !== header.txCount) return 'tx root does not match the txs';
    if (execution.resultsRoot !== header.resultsRoot) return 'results root does not match execution';
    if (execution.stateRoot !== header.stateRoot) return 'state root does not match execution';
    return { block, hash, execution };
  }

  candidate(hash: string): Candidate | undefined {
    return this.candidates.get(hash);
  }

  /** Commits a decided candidate durably, then forgets the height's other candidates. */
  async commit(candidate: Candidate, commit: Commit): Promise<void> {
    await this.store.commitBlock(candidate.block, commit, candidate.execution);
    this.candidates = new Map();
  }
}
