import { blockHash, type Block, type Commit, type Header } from '../chain/block.ts';
import { buildBlockBody, executeBlockBody, type BlockExecution, type ChainStateReader } from '../chain/execute.ts';
import { checkBlockEvidence, selectBlockEvidence, type EvidenceContext } from '../chain/evidence-block.ts';
import type { ChainValidator } from '../chain/validators.ts';
import type { Genesis } from '../chain/genesis.ts';
import { BLOCK_BYTES_MAX, BLOCK_TIME_DRIFT_MS_MAX, SNAPSHOT_HANDOVERS_MAX } from '../chain/limits.ts';
import { TrieUpdate } from '../chain/state-trie.ts';
import { readScheduledHashes, SINCE_PREFIX, validatorSetByHash } from '../ledger/validators/schedule.ts';
import { decodeTrusted } from '../codec/cbor.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { HEADER_FORMAT_VERSION, requireVersion, STORE_FORMAT_VERSION } from '../chain/versions.ts';
import { checkSeedProof, ECVRF_SEED, genesisSeed, seedAlpha, type SeedVrf } from '../chain/seed.ts';
import { invariant } from '../errors/base.ts';
import { genesisWrites } from '../ledger/genesis.ts';
import { EMPTY_STATE, Overlay, type StateEntry } from '../ledger/state.ts';
import type { Verifier } from '../ledger/tx.ts';
import type { BlockContext, DecodedTx } from '../ledger/types.ts';
import { RECENT_WRITES_MAX } from './limits.ts';
import type { NodeStore } from './store-port.ts';
import { checkCommit } from '../chain/votes.ts';

/** Why a block is refused, by the first check it fails (`check`, `checkSynced`). */
export type BlockProblemCode =
  | 'wrong_height'
  | 'wrong_previous_hash'
  | 'wrong_chain'
  | 'wrong_validators'
  | 'wrong_proposer'
  | 'bad_seed_proof'
  | 'bad_time'
  | 'block_too_large'
  | 'bad_commit'
  | 'bad_tx'
  | 'bad_evidence'
  | 'evidence_root_mismatch'
  | 'tx_root_mismatch'
  | 'results_root_mismatch'
  | 'state_root_mismatch';

/** A refusal as a value (STYLE.md rule 3): the code for tests and logs, the message for people. */
export interface BlockProblem {
  readonly code: BlockProblemCode;
  readonly message: string;
}

function problem(code: BlockProblemCode, message: string): BlockProblem {
  return { code, message };
}

/** A block's executed txs against the roots and the count its header states. */
function checkRoots(header: Header, execution: BlockExecution): BlockProblem | null {
  if (execution.txRoot !== header.txRoot || execution.txs.length !== header.txCount) return problem('tx_root_mismatch', 'tx root does not match the txs');
  if (execution.resultsRoot !== header.resultsRoot) return problem('results_root_mismatch', 'results root does not match execution');
  if (execution.stateRoot !== header.stateRoot) return problem('state_root_mismatch', 'state root does not match execution');
  if (execution.evidenceRoot !== header.evidenceRoot) return problem('evidence_root_mismatch', 'evidence root does not match the evidence');
  return null;
}

/**
 * The state entries and trie nodes the last blocks committed, as the store holds them or is writing
 * them (null: deleted), in front of the store for executing the next block: consecutive blocks write
 * mostly the same keys (the same accounts, balances and the trie paths above them), and each LMDB read
 * is a key encoding, a lookup and a copy. Valid for the tip whose hash it names only; any other tip (a
 * commit made elsewhere, a state loaded from a snapshot) finds it stale and it is dropped. Bounded:
 * cleared when it grows past RECENT_WRITES_MAX entries (spec/limits.md §3) — but never of the block
 * being written (`LocalChain.commitPipelined`), which the store does not hold yet: every write of that
 * block is here, so a read finds its value here or, unchanged by it, in the store.
 */
class RecentWrites implements ChainStateReader {
  private readonly store: ChainStateReader;
  readonly tipHash: string;
  private readonly state: Map<string, Uint8Array | null>;
  private readonly nodes: Map<string, Uint8Array | null>;
  /** The state writes of the tip block while the store is writing it, over the store: what a prefix scan reads. */
  private unwritten: Overlay | null = null;

  constructor(store: ChainStateReader, tipHash: string, previous?: RecentWrites) {
    this.store = store;
    this.tipHash = tipHash;
    const keep = previous !== undefined && previous.state.size + previous.nodes.size < RECENT_WRITES_MAX;
    this.state = keep ? previous.state : new Map();
    this.nodes = keep ? previous.nodes : new Map();
  }

  /** Keeps the tip block's writes; `durable` false: the store is still writing them (until `written`). */
  record(execution: BlockExecution, durable: boolean): void {
    for (const [key, bytes] of execution.stateWrites) this.state.set(key, bytes);
    for (const [path, bytes] of execution.trieWrites) this.nodes.set(path, bytes);
    if (!durable) {
      this.unwritten = new Overlay(this.store);
      this.unwritten.putAll(execution.stateWrites);
    }
  }

  /** The tip block is durable: the store's scans see its writes. */
  written(): void {
    this.unwritten = null;
  }

  get(key: string): Uint8Array | undefined {
    const bytes = this.state.get(key);
    if (bytes !== undefined) return bytes ?? undefined;
    return this.store.get(key);
  }

  getNode(path: string): Uint8Array | undefined {
    const bytes = this.nodes.get(path);
    if (bytes !== undefined) return bytes ?? undefined;
    return this.store.getNode(path);
  }

  /**
   * The store's entries, with the tip block's writes laid over them while the store is writing it.
   * Scans are rare (spec/ledger.md: one bounded scan, contracts/stray.ts), so the older writes kept
   * here, which the store holds already, are not merged in.
   */
  scanState(prefix: string, limit: number): StateEntry[] {
    return (this.unwritten ?? this.store).scanState(prefix, limit);
  }
}

/** A block this node built or checked, with its execution, kept until its height is decided. */
export interface Candidate {
  block: Block;
  hash: string;
  execution: BlockExecution;
  /** seed(height): the output of the header's checked seed proof. */
  seed: Uint8Array;
}

/** The proposer's VRF: proves alpha with the validator's key (ValidatorSigner.proveSeed). */
export type SeedProver = (alpha: Uint8Array) => Uint8Array;

/**
 * The chain as this node holds it: genesis, the committed tip in the store, and the candidates of
 * the height being decided. Builds blocks (proposer), checks them (`valid(v)`), commits them.
 * Named apart from src/chain, whose pure block types and execution it drives.
 *
 * Two tips: `height`, `lastHash`, `lastTimeMs` and `seed` are the store's, durable, what every reader
 * and consensus see. The tip a block is built and checked on (`tip`) is the same, except while a
 * synced block is being written (`commitPipelined`, spec/node.md §Catch-up replay): then it is that
 * block, its state read through `recent`, so catch-up checks the next block meanwhile.
 */
export class LocalChain {
  readonly genesis: Genesis;
  readonly store: NodeStore;
  private readonly verify: Verifier;
  private readonly seedVrf: SeedVrf;
  /** Validator sets by hash: a set never changes under its hash. */
  private readonly setsByHash = new Map<string, ChainValidator[]>();
  /** The hashes of the sets of the tip + 1 and tip + 2, for the tip whose hash it names: read once per block. */
  private scheduled: { tipHash: string; current: string; next: string } | null = null;
  private candidates = new Map<string, Candidate>();
  /** Proposed blocks executed by `check` since start: a flood of proposals must not move it (spec/node.md). */
  blocksChecked = 0;
  /** seed(tip), cached for the tip whose hash it names. */
  private tipSeed: { hash: string; seed: Uint8Array } | null = null;
  /** What the last committed blocks wrote, read before the store when executing the next block. */
  private recent: RecentWrites | null = null;
  /** The synced block the store is writing (`commitPipelined`), until it is durable: at most one. */
  private writing: Candidate | null = null;

  constructor(genesis: Genesis, store: NodeStore, verify: Verifier, seedVrf: SeedVrf = ECVRF_SEED) {
    this.genesis = genesis;
    this.store = store;
    this.verify = verify;
    this.seedVrf = seedVrf;
  }

  /** The committed state to execute the next block on: the store, behind the last blocks' writes when they are of the tip. */
  private executionState(): ChainStateReader {
    const tipHash = this.tip.hash;
    if (this.recent !== null && this.recent.tipHash === tipHash) return this.recent;
    invariant(this.writing === null, `the writes of block ${tipHash}, being written, are not in memory`);
    return this.store;
  }

  /**
   * The tip the next block is built and checked on: the block being written (`commitPipelined`) if
   * any, else the store's. Its state is `executionState()`.
   */
  private get tip(): { height: number; hash: string; timeMs: number } {
    if (this.writing === null) return { height: this.height, hash: this.lastHash, timeMs: this.lastTimeMs };
    const { block, hash } = this.writing;
    return { height: block.header.height, hash, timeMs: block.header.timeMs };
  }

  /** seed(tip) of `tip`: see `seed`. */
  private tipSeedValue(): Uint8Array {
    return this.writing?.seed ?? this.seed;
  }

  /**
   * The validator set of `height` (spec/ledger.md §10.1), from 1 to the tip + 2: `validators/current`
   * and `validators/next` of the committed state for the next two heights, the set a committed
   * header names for earlier ones. What consensus, the checks of a block and its commit, and the
   * proposer draw use, so that a node syncing from genesis follows every change.
   */
  validatorSetAt(height: number): { hash: string; validators: ChainValidator[] } {
    // The set of a height is the same whichever tip answers: read at the tip blocks are checked on.
    const { height: tip, hash: tipHash } = this.tip;
    invariant(Number.isSafeInteger(height) && height >= 1 && height <= tip + 2, `the validator set of height ${height} is not known at tip ${tip}`);
    if (height > tip) {
      if (this.scheduled?.tipHash !== tipHash) {
        const hashes = readScheduledHashes(this.executionState());
        invariant(hashes !== undefined, 'the state holds no validator set');
        this.scheduled = { tipHash, ...hashes };
      }
      const hash = height === tip + 1 ? this.scheduled.current : this.scheduled.next;
      return { hash, validators: this.setByHash(hash) };
    }
    const header = height === this.writing?.block.header.height ? this.writing.block.header : this.store.getBlock(height)?.block.header;
    const hash = header?.validatorsHash ?? this.setHashFromLog(height);
    return { hash, validators: this.setByHash(hash) };
  }

  /**
   * The set of a height whose block this store does not hold — one before the base of a store
   * started by state sync (spec/node.md §State sync): the last set the state's log
   * (`validators/since/`, spec/ledger.md §10.1) starts at or before it.
   */
  private setHashFromLog(height: number): string {
    const base = this.store.getMeta('baseHeight');
    invariant(typeof base === 'number' && height < base, `block ${height} is not stored`);
    let hash: string | undefined;
    for (const { key, value } of this.executionState().scanState(SINCE_PREFIX, SNAPSHOT_HANDOVERS_MAX + 2)) {
      if (Number(key.slice(SINCE_PREFIX.length)) > height) break;
      hash = toHex(decodeTrusted(value) as Uint8Array);
    }
    invariant(hash !== undefined, `the state logs no validator set for height ${height}`);
    return hash;
  }

  private setByHash(hash: string): ChainValidator[] {
    let set = this.setsByHash.get(hash);
    if (set === undefined) {
      set = validatorSetByHash(this.executionState(), hash);
      invariant(set !== undefined, `validator set ${hash} is not in the state`);
      this.setsByHash.set(hash, set);
    }
    return set;
  }

  private publicKeyAt(height: number, address: string): Uint8Array | undefined {
    return this.validatorSetAt(height).validators.find((v) => v.address === address)?.publicKey;
  }

  /** The header's validatorsHash and nextValidatorsHash against the state it extends, or why not. */
  private checkValidators(header: Header): BlockProblem | null {
    const current = this.validatorSetAt(header.height).hash;
    const next = this.validatorSetAt(header.height + 1).hash;
    if (header.validatorsHash !== current) return problem('wrong_validators', `the block names validator set ${header.validatorsHash}; height ${header.height} is signed by ${current}`);
    if (header.nextValidatorsHash !== next) return problem('wrong_validators', `the block names next validator set ${header.nextValidatorsHash}; height ${header.height + 1} is signed by ${next}`);
    return null;
  }

  /**
   * seed(tip) of the VRF seed chain (src/chain/seed.ts) at the store's tip: the genesis seed at height
   * 0, else the output of the tip header's proof, checked when the block was. Draws the next height's proposers.
   */
  get seed(): Uint8Array {
    const hash = this.lastHash;
    if (this.tipSeed?.hash !== hash) {
      const tip = this.height <= 0 ? undefined : this.store.getBlock(this.height);
      const seed = tip === undefined ? genesisSeed(this.genesis.hash) : this.seedVrf.output(fromHex(tip.block.header.seedProof));
      this.tipSeed = { hash, seed };
    }
    return this.tipSeed.seed;
  }

  /** seed(height) if `header` carries its proposer's proof over seed(height − 1) = seed(tip), else why not. */
  private checkSeed(header: Header): Uint8Array | BlockProblem {
    const key = this.publicKeyAt(header.height, header.proposer);
    if (key === undefined) return problem('wrong_proposer', 'the block proposer is not a validator');
    const seed = checkSeedProof(header, this.tipSeedValue(), key, this.seedVrf);
    return seed ?? problem('bad_seed_proof', `the seed proof is not ${header.proposer}'s VRF proof over seed ${header.height - 1}`);
  }

  /** Writes the genesis state on first start; checks the store belongs to this genesis after that. */
  async init(): Promise<void> {
    if (this.store.height() >= 0) {
      requireVersion('store', this.store.getMeta('formatVersion'), STORE_FORMAT_VERSION, 'of the data directory');
      const stored = this.store.getMeta('genesisHash');
      if (stored !== this.genesis.hash) throw new Error(`the data directory belongs to another genesis (${String(stored)})`);
      return;
    }
    // The genesis set is written from genesis.validators, the one source of it (spec/ledger.md §5).
    const writes = genesisWrites(EMPTY_STATE, { ...this.genesis.ledger, validators: this.genesis.validators }).writes();
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
  build(proposer: string, nowMs: number, candidates: DecodedTx[], proveSeed: SeedProver, evidence: readonly Uint8Array[] = []): Candidate & { skipped: DecodedTx[] } {
    const tip = this.tip;
    const height = tip.height + 1;
    const seedProof = proveSeed(seedAlpha(this.tipSeedValue(), height));
    const timeMs = Math.max(nowMs, tip.timeMs + 1);
    const chosen = selectBlockEvidence(this.executionState(), this.evidenceContext(height), evidence);
    const execution = buildBlockBody(this.executionState(), this.context(height, timeMs, proposer), candidates, chosen);
    const header: Header = {
      version: HEADER_FORMAT_VERSION,
      chainId: this.genesis.chainId,
      height,
      timeMs,
      previousHash: tip.hash,
      txRoot: execution.txRoot,
      resultsRoot: execution.resultsRoot,
      stateRoot: execution.stateRoot,
      proposer,
      seedProof: toHex(seedProof),
      validatorsHash: this.validatorSetAt(height).hash,
      nextValidatorsHash: this.validatorSetAt(height + 1).hash,
      txCount: execution.txs.length,
      evidenceRoot: execution.evidenceRoot,
    };
    const block = { header, txs: execution.txs.map((tx) => tx.bytes), evidence: execution.evidence.map((e) => e.bytes) };
    const seed = this.seedVrf.verify(this.publicKeyAt(height, proposer) ?? new Uint8Array(0), seedAlpha(this.tipSeedValue(), height), seedProof);
    invariant(seed !== null, 'this validator\'s own seed proof does not verify: its key is not its key in the validator set');
    const candidate = { block, hash: blockHash(header), execution, seed };
    this.candidates.set(candidate.hash, candidate);
    return { ...candidate, skipped: execution.skipped.map((s) => s.tx) };
  }

  /**
   * valid(v) of the consensus paper for a block proposed by `proposer`: returns why it is invalid, or
   * null. Checks in order: height, previous hash, chain id, validator set, proposer, time (after the
   * previous block, at most BLOCK_TIME_DRIFT_MS_MAX ahead of our clock), the seed proof, size, then executes the txs
   * and compares the tx root, tx count, results root and state root.
   */
  check(block: Block, proposer: string, nowMs: number, verified: (id: string) => boolean, held?: (bytes: Uint8Array) => DecodedTx | undefined): BlockProblem | null {
    const { header } = block;
    const tip = this.checkExtendsTip(header);
    if (tip !== null) return tip;
    if (header.chainId !== this.genesis.chainId) return problem('wrong_chain', 'wrong chain id');
    const validators = this.checkValidators(header);
    if (validators !== null) return validators;
    if (header.proposer !== proposer) return problem('wrong_proposer', `proposer is ${header.proposer}, expected ${proposer}`);
    if (this.publicKeyAt(header.height, header.proposer) === undefined) return problem('wrong_proposer', 'the block proposer is not a validator');
    if (header.timeMs <= this.tip.timeMs) return problem('bad_time', 'block time is not after the previous block');
    if (header.timeMs > nowMs + BLOCK_TIME_DRIFT_MS_MAX) return problem('bad_time', 'block time is too far ahead of our clock');
    const seed = this.checkSeed(header);
    if (!(seed instanceof Uint8Array)) return seed;
    if (block.txs.reduce((sum, tx) => sum + tx.length, 0) > BLOCK_BYTES_MAX) return problem('block_too_large', `block txs pass ${BLOCK_BYTES_MAX} bytes`);
    this.blocksChecked++;
    const evidence = checkBlockEvidence(this.executionState(), this.evidenceContext(header.height), block.evidence);
    if (!Array.isArray(evidence)) return problem('bad_evidence', `${evidence.code}: ${evidence.message}`);
    const execution = executeBlockBody(this.executionState(), this.context(header.height, header.timeMs, proposer), block.txs, this.verify, verified, evidence, held);
    if ('code' in execution) return problem('bad_tx', `${execution.code}: ${execution.message}`);
    const mismatch = checkRoots(header, execution);
    if (mismatch !== null) return mismatch;
    const hash = blockHash(header);
    this.candidates.set(hash, { block, hash, execution, seed });
    return null;
  }

  /**
   * A committed block from a peer (catch-up): it must extend our tip, carry a commit of more than 2/3
   * of the validators' power for its hash, and execute to the roots its header states. Returns the
   * candidate to commit, or why it is refused. Its time is not compared with our clock: it is
   * already final. Its txs' signatures are not checked again once the commit is: the commit's
   * signers checked them (spec/node.md §Catch-up replay).
   */
  checkSynced(block: Block, commit: Commit): Candidate | BlockProblem {
    const { header } = block;
    const tip = this.checkExtendsTip(header);
    if (tip !== null) return tip;
    if (header.chainId !== this.genesis.chainId) return problem('wrong_chain', 'wrong chain id');
    const validators = this.checkValidators(header);
    if (validators !== null) return validators;
    const hash = blockHash(header);
    const commitProblem = checkCommit(commit, this.genesis.chainId, header.height, hash, this.validatorSetAt(header.height).validators, this.verify);
    if (commitProblem !== null) return problem('bad_commit', `bad commit: ${commitProblem}`);
    if (header.timeMs <= this.tip.timeMs) return problem('bad_time', 'block time is not after the previous block');
    const seed = this.checkSeed(header);
    if (!(seed instanceof Uint8Array)) return seed;
    const evidence = checkBlockEvidence(this.executionState(), this.evidenceContext(header.height), block.evidence);
    if (!Array.isArray(evidence)) return problem('bad_evidence', `${evidence.code}: ${evidence.message}`);
    const signaturesChecked = (): boolean => true; // by the commit's signers, above: spec/node.md §Catch-up replay
    const execution = executeBlockBody(this.executionState(), this.context(header.height, header.timeMs, header.proposer), block.txs, this.verify, signaturesChecked, evidence);
    if ('code' in execution) return problem('bad_tx', `${execution.code}: ${execution.message}`);
    const mismatch = checkRoots(header, execution);
    if (mismatch !== null) return mismatch;
    return { block, hash, execution, seed };
  }

  private checkExtendsTip(header: Header): BlockProblem | null {
    const tip = this.tip;
    if (header.height !== tip.height + 1) return problem('wrong_height', `height ${header.height}, expected ${tip.height + 1}`);
    if (header.previousHash !== tip.hash) return problem('wrong_previous_hash', 'previous hash is not our tip');
    return null;
  }

  /**
   * The members of the set of `height`, for checking evidence (chain/evidence-block.ts,
   * evidence-intake.ts): validatorSetAt's, with a height beyond what is known judged by the latest
   * known set (the tip + 2) rather than refused here; evidence checks its own heights.
   */
  validatorsAt(height: number): readonly ChainValidator[] {
    return this.validatorSetAt(Math.min(Math.max(height, 1), this.tip.height + 2)).validators;
  }

  /** What checking evidence for a block at `height` needs (chain/evidence-block.ts). */
  evidenceContext(height: number): EvidenceContext {
    return { chainId: this.genesis.chainId, height, validatorsAt: (at) => this.validatorsAt(at), verify: this.verify };
  }

  candidate(hash: string): Candidate | undefined {
    return this.candidates.get(hash);
  }

  /**
   * Commits a decided candidate durably, then makes it the tip and forgets the height's other
   * candidates (consensus: nothing is checked on a block before it is durable).
   */
  async commit(candidate: Candidate, commit: Commit): Promise<void> {
    invariant(this.writing === null, `block ${this.writing?.block.header.height} is still being written`);
    const previous = this.recent !== null && this.recent.tipHash === candidate.block.header.previousHash ? this.recent : undefined;
    this.recent = null; // stale if the commit fails half way
    await this.store.commitBlock(candidate.block, commit, candidate.execution);
    this.recent = new RecentWrites(this.store, candidate.hash, previous);
    this.recent.record(candidate.execution, true);
    this.tipSeed = { hash: candidate.hash, seed: candidate.seed };
    this.candidates = new Map();
  }

  /**
   * Catch-up's commit (spec/node.md §Catch-up replay): makes a checked synced block the tip blocks are
   * checked on at once — its writes in front of the store, its height, hash, time and seed — and
   * queues its transaction; resolves once it is durable. Meanwhile the store, `height` and every
   * reader still see the block before it, and nothing else may be committed: the next block is
   * checked, not written (the store reads the old values it indexes from LMDB, spec/store.md). If the
   * commit fails, the tip is the store's again and the failure is the promise's.
   */
  commitPipelined(candidate: Candidate, commit: Commit): Promise<void> {
    const { header } = candidate.block;
    invariant(this.writing === null, `block ${this.writing?.block.header.height} is still being written`);
    invariant(header.height === this.tip.height + 1 && header.previousHash === this.tip.hash, `block ${header.height} does not extend the tip ${this.tip.height}`);
    const previous = this.recent !== null && this.recent.tipHash === header.previousHash ? this.recent : undefined;
    const recent = new RecentWrites(this.store, candidate.hash, previous);
    recent.record(candidate.execution, false);
    this.recent = recent;
    this.writing = candidate;
    this.candidates = new Map();
    let durable: Promise<void>;
    try {
      durable = this.store.commitBlock(candidate.block, commit, candidate.execution);
    } catch (error) {
      durable = Promise.reject(error);
    }
    return durable.then(
      () => {
        this.writing = null;
        recent.written();
        this.tipSeed = { hash: candidate.hash, seed: candidate.seed };
      },
      (error: unknown) => {
        this.forgetUnwritten();
        throw error;
      },
    );
  }

  /** After a failed commit: the tip is the store's, read afresh; nothing checked on the failed block stays. */
  private forgetUnwritten(): void {
    this.writing = null;
    this.recent = null;
    this.scheduled = null;
    this.tipSeed = null;
    this.candidates = new Map();
  }
}
