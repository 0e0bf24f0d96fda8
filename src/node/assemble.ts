import { ECVRF_SEED, type SeedVrf } from '../chain/seed.ts';
import type { Logger } from 'pino';
import type { Genesis } from '../chain/genesis.ts';
import type { Verifier } from '../ledger/tx.ts';
import { LocalChain } from './local-chain.ts';
import { Committer } from './committer.ts';
import { EvidenceIntake } from './evidence-intake.ts';
import { EvidencePool } from './evidence-pool.ts';
import { offender } from '../chain/evidence.ts';
import { NodeEvents } from './events.ts';
import { Ingress, type Admission, type ClientAdmit, type VerifyBatch } from './ingress.ts';
import { FEE_SINK, Mempool } from './mempool.ts';
import type { SignedVote, TimeoutConfig } from '../consensus/index.ts';
import type { Net, ProposalMessage, SyncedBlock, Verdict } from './net.ts';
import { ConsensusShell, type ConsensusDriver } from './shell/index.ts';
import { ValidatorSigner, type SigningKey } from './signer.ts';
import type { NodeStore } from './store-port.ts';
import type { Clock, Timers } from './timing.ts';
import { TxStatusTracker } from './tx-status.ts';

/** Everything outside the node's parts, chosen by whoever runs them: the node (node.ts) or the simulator. */
export interface NodePorts {
  genesis: Genesis;
  store: NodeStore;
  net: Net;
  clock: Clock;
  timers: Timers;
  /** Ed25519 verification of txs, proposals, votes and commits. */
  verify: Verifier;
  /** The validator's key, or null for a node that does not validate. */
  signingKey: SigningKey | null;
  /** Checks the headers' seed proofs; ECVRF (RFC 9381) unless the simulator's fast seeds stand in. */
  seedVrf?: SeedVrf;
  log: Logger;
  blockTimeMs: number;
  idleBlockMs: number;
  /** Defaults to defaultTimeouts(idleBlockMs). */
  timeouts?: TimeoutConfig;
  relayIntervalMs?: number;
  catchUpIntervalMs?: number;
  verifyBatch?: VerifyBatch;
  onFatal: (error: unknown) => void;
  /** The simulator's planted bugs (test/sim); never set by the node. */
  Driver?: typeof ConsensusDriver;
}

/** What a peer may send the node: the handlers the network calls (src/p2p's P2PHandlers). */
export interface InboundHandlers {
  /** A peer's batch of txs (spec/p2p.md §Tx batches); the verdict is the batch's. */
  onTxs(txs: Uint8Array[]): Promise<Verdict>;
  onProposal(message: ProposalMessage): Verdict;
  onVote(message: { vote: SignedVote }): Verdict;
  onEvidence(bytes: Uint8Array): Verdict;
  getBlocks(fromHeight: number, toHeight: number): SyncedBlock[];
  getStatus(): { chainId: string; genesisHash: string; height: number };
  /** The pending txs of these ids, in order (a peer rebuilding a compact proposal, spec/p2p.md §3.5). */
  getTxs(txIds: readonly string[]): (Uint8Array | undefined)[];
}

export interface NodeParts {
  chain: LocalChain;
  mempool: Mempool;
  events: NodeEvents;
  ingress: Ingress;
  shell: ConsensusShell;
  tracker: TxStatusTracker;
  /** The admission function for clients (HTTP): a client's admitted txs go to the peers. */
  admit: ClientAdmit;
  handlers: InboundHandlers;
}

/**
 * A peer's tx batch as gossip sees it (spec/p2p.md §Tx batches). Each tx was admitted or refused on
 * its own: a bad one does not poison the rest. A tx at fault by its bytes alone makes the batch
 * `reject` — one strike for the sender, and the batch is not forwarded, or honest peers forwarding
 * it would be struck in turn ([p2p-verdict-1]); the txs admitted from it are then gossiped by this
 * node in its own batches. Otherwise the batch is forwarded when it brought anything new.
 */
function batchVerdict(outcomes: readonly Admission[], net: Pick<Net, 'publishTxs'>): Verdict {
  const admitted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.tx.bytes] : []));
  if (outcomes.some((outcome) => !outcome.ok && outcome.bytesAtFault)) {
    if (admitted.length > 0) net.publishTxs(admitted);
    return 'reject';
  }
  return admitted.length > 0 ? 'accept' : 'ignore';
}

/** The round timeouts of a node: a proposer may wait idleBlockMs for txs, so propose waits longer. */
function defaultTimeouts(idleBlockMs: number): TimeoutConfig {
  return { proposeMs: Math.max(3_000, idleBlockMs + 1_000), prevoteMs: 1_000, precommitMs: 1_000, deltaMs: 500 };
}

/**
 * Builds the node's parts over `ports` and wires them to each other (spec/node.md §Parts): chain,
 * mempool, ingress, committer, consensus shell, commit waiters. No part knows another's caller; the
 * wiring is all here. The node's composition root (node.ts) and the simulator both call this, so the
 * simulator runs the node's own parts.
 */
export async function assembleNode(ports: NodePorts): Promise<NodeParts> {
  const { genesis, store, net, log } = ports;
  const chain = new LocalChain(genesis, store, ports.verify, ports.seedVrf ?? ECVRF_SEED);
  await chain.init();
  const mempool = new Mempool({ nowMs: () => ports.clock.nowMs() }, store, chain.context(chain.height + 1, chain.lastTimeMs + 1, FEE_SINK));
  const events = new NodeEvents();
  const evidence = new EvidencePool(store, (error) => log.error({ err: error }, 'could not save pending evidence'));
  const intake = new EvidenceIntake({
    chainId: genesis.chainId,
    pool: evidence,
    state: store,
    height: () => chain.height,
    validatorsAt: (height) => chain.validatorsAt(height),
    verify: ports.verify,
    publish: (bytes) => net.publishEvidence(bytes),
    onInvalid: (code, message, origin) => log.info({ code, message, origin }, 'invalid evidence refused'),
    onKept: (piece, origin) => log.warn({ kind: piece.kind, offender: offender(piece), height: piece.height, round: piece.round, origin }, 'evidence kept'),
  });
  const committer = new Committer({ chain, mempool, events, evidence, log });
  const signer = ports.signingKey === null ? null : new ValidatorSigner(ports.signingKey, store, genesis.chainId);
  const shell = new ConsensusShell({
    chain,
    mempool,
    signer,
    net,
    clock: ports.clock,
    timers: ports.timers,
    verify: ports.verify,
    log,
    blockTimeMs: ports.blockTimeMs,
    idleBlockMs: ports.idleBlockMs,
    timeouts: ports.timeouts ?? defaultTimeouts(ports.idleBlockMs),
    relayIntervalMs: ports.relayIntervalMs,
    catchUpIntervalMs: ports.catchUpIntervalMs,
    commit: (candidate, commit) => committer.commit(candidate, commit),
    commitPipelined: (candidate, commit) => committer.commitPipelined(candidate, commit),
    onEvidence: (first, second) => {
      void store.saveEvidence(first, second).catch((error: unknown) => log.error({ err: error }, 'could not save evidence'));
      intake.fromVotes(first, second);
    },
    onProposalEquivocation: (first, second) => intake.fromProposals(first, second),
    evidence,
    onFatal: ports.onFatal,
    Driver: ports.Driver,
  });
  const ingress = new Ingress({
    chainId: genesis.chainId,
    mempool,
    verify: ports.verify,
    isCommitted: (id) => store.getTxLocation(id) !== undefined,
    verifyBatch: ports.verifyBatch,
    onAdmitted: (txs, origin) => {
      shell.notifyTxs();
      // A peer's tx travels on by gossip itself; a client's is published here.
      if (origin === 'client' && txs.length > 0) net.publishTxs(txs.map((tx) => tx.bytes));
    },
  });
  const tracker = new TxStatusTracker({ store, isPending: (id) => mempool.has(id), events, timers: ports.timers });
  const handlers: InboundHandlers = {
    onTxs: async (txs) => batchVerdict(await ingress.admit(txs, 'peer'), net),
    onProposal: (message) => shell.onProposal(message),
    onVote: (message) => shell.onVote(message),
    onEvidence: (bytes) => intake.fromPeer(bytes),
    getBlocks: (from, to) => shell.getBlocks(from, to),
    getStatus: () => shell.getStatus(),
    getTxs: (ids) => ids.map((id) => mempool.get(id)?.bytes),
  };
  return { chain, mempool, events, ingress, shell, tracker, admit: (list) => ingress.admit(list, 'client'), handlers };
}
