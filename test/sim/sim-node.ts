// One simulated validator: the node's own parts (src/node/assemble.ts — chain, mempool, ingress,
// committer, consensus shell) on the simulated Clock, Timers and Net, over a store that survives its
// crashes. Nothing of the node is re-implemented here: this file only plugs ports in and hands
// arriving messages to the node's inbound handlers, as the libp2p host does.
import type { Logger } from 'pino';
import type { Block, Commit } from '../../src/chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import type { SignedVote } from '../../src/consensus/index.ts';
import { sha256Hex } from '../../src/crypto/hash.ts';
import { assembleNode, type NodeParts } from '../../src/node/assemble.ts';
import type { ConsensusDriver } from '../../src/node/shell/index.ts';
import { Equivocator, type Attacks } from './byzantine.ts';
import type { Host } from './host.ts';
import { MemoryStore } from './memory-store.ts';
import type { Message } from './messages.ts';
import { SimNet, SYNC_BLOCKS_PER_ANSWER } from './sim-net.ts';
import type { SimKey } from './signatures.ts';

/** Paces the simulated proposer: with no txs an empty block after IDLE_BLOCK_MS. */
const BLOCK_TIME_MS = 10;
const IDLE_BLOCK_MS = 20;

/**
 * An honest node; a Byzantine member that lies through byzantine.ts's strategy; one of two processes
 * sharing a member's key (Twins); or a member that runs the node's own code unchanged, its fault
 * being its clock (coalitions.ts 'clock-off').
 */
export type NodeRole = { kind: 'honest' } | { kind: 'liar'; attacks: Attacks } | { kind: 'twin' } | { kind: 'skewed' };

export interface SimNodeOptions {
  /** A driver with a planted bug (test/sim/planted-bug.test.ts); the node's own otherwise. */
  Driver?: typeof ConsensusDriver;
}

export class SimNode {
  readonly index: number;
  readonly key: SimKey;
  readonly store: MemoryStore;
  private readonly host: Host;
  private readonly role: NodeRole;
  private readonly options: SimNodeOptions;
  private incarnation = 0;
  private parts: NodeParts | null = null;
  private net: SimNet | null = null;
  private equivocator: Equivocator | null = null;
  /** Votes this honest node signed and published, across crashes (0 while it is no validator). */
  votesSigned = 0;
  /** Proposal hashes seen per `height|round`: what the Byzantine validator may equivocate between. */
  private readonly seenProposals = new Map<string, string[]>();

  constructor(host: Host, index: number, key: SimKey, role: NodeRole, options: SimNodeOptions) {
    this.host = host;
    this.index = index;
    this.key = key;
    this.role = role;
    this.options = options;
    this.store = new MemoryStore((block, commit) => this.onCommitted(block, commit));
  }

  get address(): string {
    return this.key.address;
  }

  get isHonest(): boolean {
    return this.role.kind === 'honest';
  }

  get isUp(): boolean {
    return this.net !== null;
  }

  /** Which boot of the node is running: timers of an earlier one are dead. */
  get incarnationNow(): number {
    return this.incarnation;
  }

  get committedHeight(): number {
    return Math.max(0, this.store.height());
  }

  /** Boots the node from its store, as `agora start` does after a crash. */
  async start(): Promise<void> {
    const incarnation = ++this.incarnation;
    const host = this.host;
    const role = this.role;
    this.equivocator = role.kind === 'liar' ? new Equivocator(host, this.index, this.key, role.attacks, (height, round) => this.seenProposals.get(`${height}|${round}`) ?? []) : null;
    const equivocator = this.equivocator;
    const net = new SimNet(host, this.index, incarnation, equivocator === null ? undefined : (message) => equivocator.broadcast(message, this.parts));
    if (role.kind === 'honest') net.onPublish = (message) => this.checkSignature(message);
    if (role.kind === 'twin') net.onPublish = (message) => this.noteTwinSignature(message);
    this.net = net;
    const parts = await assembleNode({
      genesis: host.genesis,
      store: this.store,
      net,
      clock: host.clock(this.index),
      timers: host.timers(this.index, incarnation),
      verify: host.signatures.verify,
      seedVrf: host.signatures.seedVrf,
      signingKey: this.key,
      log: simLogger(host, this.index),
      blockTimeMs: BLOCK_TIME_MS,
      idleBlockMs: IDLE_BLOCK_MS,
      timeouts: host.scenario.timeouts,
      relayIntervalMs: host.scenario.gossipTickMs,
      catchUpIntervalMs: host.scenario.gossipTickMs,
      onFatal: (error) => host.checker.onFatal(this.address, error),
      Driver: this.options.Driver,
    });
    if (this.incarnation !== incarnation) return;
    this.parts = parts;
    parts.shell.start();
  }

  crash(): void {
    this.host.trace(this.index, 'crash');
    this.incarnation++;
    this.parts = null;
    this.net = null;
  }

  /** A client submits txs here (HTTP in the real node). */
  async submit(txs: Uint8Array[]): Promise<void> {
    const outcomes = (await this.parts?.admit(txs)) ?? [];
    this.host.stats.txsAdmitted += outcomes.filter((o) => o.ok).length;
    if (this.host.tracing) for (const outcome of outcomes) this.host.trace(this.index, `client tx: ${JSON.stringify(outcome, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value instanceof Uint8Array ? `${value.length} bytes` : value))}`);
  }

  /** A message from a peer, handed over as the libp2p host hands it to the node. */
  receive(from: number, message: Message): void {
    const parts = this.parts;
    const net = this.net;
    if (parts === null || net === null) return;
    const { handlers } = parts;
    switch (message.kind) {
      case 'txs':
        void handlers.onTxs(message.txs);
        return;
      case 'proposal': {
        const { proposal } = message.message;
        const key = `${proposal.height}|${proposal.round}`;
        this.seenProposals.set(key, [...(this.seenProposals.get(key) ?? []), proposal.blockHash]);
        handlers.onProposal(message.message);
        return;
      }
      case 'vote':
        handlers.onVote({ vote: message.vote });
        return;
      case 'evidence':
        handlers.onEvidence(message.bytes);
        return;
      case 'statusRequest':
        this.host.send(this.index, from, { kind: 'statusReply', request: message.request, status: handlers.getStatus() });
        return;
      case 'blocksRequest': {
        const to = Math.min(message.toHeight, message.fromHeight + SYNC_BLOCKS_PER_ANSWER - 1);
        this.host.send(this.index, from, { kind: 'blocksReply', request: message.request, blocks: handlers.getBlocks(message.fromHeight, to) });
        return;
      }
      default:
        net.receiveReply(from, message);
    }
  }

  /** Every signature an honest validator releases, across crashes, goes to the safety checker. */
  private checkSignature(message: Message): void {
    const signed = this.ownSignature(message);
    if (signed !== null && signed.step > 0) this.votesSigned++;
    if (signed !== null) this.host.checker.onHonestSignature(this.address, signed.height, signed.round, signed.step, signed.signBytesHash);
  }

  /** A twin process's signatures: the world counts where the two processes differ. */
  private noteTwinSignature(message: Message): void {
    const signed = this.ownSignature(message);
    if (signed !== null) this.host.onTwinSignature(this.address, signed.height, signed.round, signed.step, signed.signBytesHash);
  }

  /** The (height, round, step) and signed bytes' hash of a message this node signed, else null. */
  private ownSignature(message: Message): { height: number; round: number; step: number; signBytesHash: string } | null {
    const chainId = this.host.genesis.chainId;
    if (message.kind === 'proposal' && message.message.proposal.proposer === this.address) {
      const p = message.message.proposal;
      return { height: p.height, round: p.round, step: 0, signBytesHash: sha256Hex(proposalSignBytes(chainId, p)) };
    }
    if (message.kind === 'vote' && message.vote.validator === this.address) {
      const v = message.vote;
      return { height: v.height, round: v.round, step: v.type === 'prevote' ? 1 : 2, signBytesHash: sha256Hex(voteSignBytes(chainId, v)) };
    }
    return null;
  }

  private onCommitted(block: Block, commit: Commit): void {
    const height = block.header.height;
    this.host.trace(this.index, `commit h=${height} r=${commit.round} ${commit.blockHash.slice(0, 8)}`);
    if (this.isHonest) {
      const precommits: SignedVote[] = commit.signatures.map((s) => ({ type: 'precommit', height, round: commit.round, blockHash: commit.blockHash, validator: s.validator, signature: s.signature }));
      this.host.checker.onHonestDecision(this.address, height, height - 1, commit.round, commit.blockHash, precommits);
    }
    this.host.onCommitted(this.index, height);
  }
}

/**
 * A logger that counts the sign guard's refusals and otherwise goes to the trace (SIM_TRACE=1):
 * info and above, with their context, say why a node refused a block or a vote.
 */
function simLogger(host: Host, index: number): Logger {
  const ignore = (): void => {};
  const traced = (level: string) => (context: unknown, message?: string) => host.tracing && host.trace(index, `log ${level}: ${message ?? ''} ${typeof context === 'string' ? context : JSON.stringify(context, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`);
  const logger = {
    info: traced('info'),
    debug: ignore,
    error: traced('error'),
    fatal: traced('fatal'),
    trace: ignore,
    warn: (context: unknown, message?: string) => {
      if (message?.startsWith('sign guard refused') === true) host.stats.guardRefusals++;
      traced('warn')(context, message);
    },
    child: () => logger,
  };
  return logger as unknown as Logger;
}
