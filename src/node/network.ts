import '../p2p/polyfill.ts';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { blockHash } from '../chain/block.ts';
import { proposalSignBytes, voteSignBytes } from '../chain/votes.ts';
import { verifyEd25519Node } from '../crypto/ed25519-node.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { createP2PHost, newPeerKeySeed, type P2PHost, type ProposalMessage, type SyncedBlock, type VoteMessage } from '../p2p/index.ts';
import type { HandlerResult } from '../p2p/index.ts';
import { NodeError } from './errors.ts';
import type { AgoraNode } from './node.ts';

/** Heights ahead of ours whose consensus messages we keep until we get there. */
const FUTURE_HEIGHTS_BUFFERED = 2;
const FUTURE_MESSAGES_MAX = 10_000;
const CATCH_UP_INTERVAL_MS = 1_000;

/** Rejections every honest node makes on the tx bytes alone: the sender of such a tx is at fault. */
const STATELESS_REJECTIONS = new Set(['malformed', 'non_canonical', 'bad_shape', 'tx_too_large', 'unknown_kind', 'wrong_chain', 'bad_signature', 'bad_amount', 'bad_address', 'bad_symbol', 'bad_asset_params', 'bad_name', 'bad_item_id', 'bad_metadata']);

/** The node's libp2p key seed, kept in HOME/node-key.json; created on first start. */
export async function loadOrCreatePeerKeySeed(home: string): Promise<Uint8Array> {
  const path = join(home, 'node-key.json');
  if (existsSync(path)) return fromHex((JSON.parse(await readFile(path, 'utf8')) as { seed: string }).seed);
  const seed = newPeerKeySeed();
  await writeFile(path, `${JSON.stringify({ seed: toHex(seed) }, null, 2)}\n`, { mode: 0o600 });
  return seed;
}

type Buffered = { kind: 'proposal'; message: ProposalMessage } | { kind: 'vote'; message: VoteMessage };

/**
 * Connects a node to its peers (spec/p2p.md, spec/node.md §Network): gossips txs, proposals and votes,
 * checks every message before consensus sees it (signature by a member of the validator set, the
 * proposer of its round, the block valid), keeps messages of the next heights until it gets there, and
 * catches up by block sync when peers are ahead.
 */
export class NodeNetwork {
  private readonly node: AgoraNode;
  private readonly log: Logger;
  host: P2PHost | null = null;
  private readonly future = new Map<number, Buffered[]>();
  private futureCount = 0;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchingUp = false;
  private readonly keys: Map<string, Uint8Array>;

  constructor(node: AgoraNode, log: Logger) {
    this.node = node;
    this.log = log;
    this.keys = new Map(node.chain.genesis.validators.map((v) => [v.address, v.publicKey]));
  }

  async start(options: { listen: string; peers: string[]; peerKeySeed: Uint8Array }): Promise<P2PHost> {
    const genesis = this.node.chain.genesis;
    this.host = await createP2PHost({
      listen: options.listen,
      peerKeySeed: options.peerKeySeed,
      peers: options.peers,
      chainId: genesis.chainId,
      log: this.log,
      handlers: {
        onTx: (tx) => this.onTx(tx),
        onProposal: (message) => this.onProposal(message),
        onVote: (message) => this.onVote(message),
        getBlocks: (from, to) => this.getBlocks(from, to),
        getStatus: () => ({ chainId: genesis.chainId, genesisHash: genesis.hash, height: this.node.chain.height }),
      },
    });
    await this.host.start();
    this.catchUpTimer = setInterval(() => void this.catchUp(), CATCH_UP_INTERVAL_MS);
    this.log.info({ peerId: this.host.peerId, listen: this.host.multiaddrs() }, 'p2p listening');
    return this.host;
  }

  async stop(): Promise<void> {
    if (this.catchUpTimer !== null) clearInterval(this.catchUpTimer);
    await this.host?.stop();
  }

  get peerId(): string | null {
    return this.host?.peerId ?? null;
  }

  connectedPeers(): string[] {
    return this.host?.connectedPeers() ?? [];
  }

  /** A tx admitted by this node's API goes to the peers. */
  publishTx(bytes: Uint8Array): void {
    this.host?.publishTx(bytes).catch((error: unknown) => this.log.debug({ err: error }, 'tx gossip failed'));
  }

  private onTx(tx: Uint8Array): HandlerResult {
    try {
      this.node.submit(tx, { fromPeer: true });
      return 'accept';
    } catch (error) {
      if (error instanceof NodeError && STATELESS_REJECTIONS.has(error.code)) return 'reject';
      return 'ignore';
    }
  }

  private onProposal(message: ProposalMessage): HandlerResult {
    const { proposal } = message;
    const key = this.keys.get(proposal.proposer);
    if (key === undefined) return 'reject';
    if (!verifyEd25519Node(key, proposalSignBytes(this.node.chain.genesis.chainId, proposal), proposal.signature)) return 'reject';
    if (blockHash(message.block.header) !== proposal.blockHash) return 'reject';
    return this.route(proposal.height, { kind: 'proposal', message });
  }

  private onVote(message: VoteMessage): HandlerResult {
    const { vote } = message;
    const key = this.keys.get(vote.validator);
    if (key === undefined) return 'reject';
    if (!verifyEd25519Node(key, voteSignBytes(this.node.chain.genesis.chainId, vote), vote.signature)) return 'reject';
    return this.route(vote.height, { kind: 'vote', message });
  }

  /** Delivers a checked message of the current height, keeps one of the next heights, drops older. */
  private route(height: number, item: Buffered): HandlerResult {
    const current = this.node.driver.height;
    if (height === current) {
      this.deliver(item);
      return 'accept';
    }
    if (height > current && height <= current + FUTURE_HEIGHTS_BUFFERED && this.futureCount < FUTURE_MESSAGES_MAX) {
      const list = this.future.get(height) ?? [];
      list.push(item);
      this.future.set(height, list);
      this.futureCount++;
    }
    if (height > current + 1) void this.catchUp();
    return height > current ? 'accept' : 'ignore';
  }

  private deliver(item: Buffered): void {
    if (item.kind === 'vote') {
      this.node.driver.deliver({ type: 'vote', vote: item.message.vote });
      return;
    }
    const { proposal, block } = item.message;
    const expected = this.node.driver.proposerOf(proposal.height, proposal.round);
    if (proposal.proposer !== expected) {
      this.log.warn({ height: proposal.height, round: proposal.round, proposer: proposal.proposer }, 'proposal from a validator that is not the proposer of its round');
      return;
    }
    // A re-proposal (polRound ≥ 0, paper line 16) carries the valid value of an earlier round: its
    // header names the validator that built it, who need not be this round's proposer.
    const builder = proposal.polRound >= 0 ? block.header.proposer : proposal.proposer;
    const problem = this.node.chain.check(block, builder, Date.now(), (id) => this.node.mempool.has(id));
    if (problem !== null) this.log.warn({ height: proposal.height, round: proposal.round, problem }, 'invalid proposed block');
    this.node.driver.deliver({ type: 'proposal', proposal, valid: problem === null });
  }

  /** Consensus entered `height`: hand it what arrived early, forget what is now behind. */
  onHeightStarted(height: number): void {
    for (const buffered of [...this.future.keys()]) {
      if (buffered > height) continue;
      const items = this.future.get(buffered) ?? [];
      this.future.delete(buffered);
      this.futureCount -= items.length;
      if (buffered === height) for (const item of items) this.deliver(item);
    }
  }

  private getBlocks(from: number, to: number): SyncedBlock[] {
    const blocks: SyncedBlock[] = [];
    for (let height = from; height <= Math.min(to, this.node.chain.height); height++) {
      const stored = this.node.store.getBlock(height);
      if (stored === undefined) break;
      blocks.push({ block: stored.block, commit: stored.commit });
    }
    return blocks;
  }

  /**
   * When a peer is ahead, fetch committed blocks with their commits, check each (commit > 2/3 of the
   * power, execution matches the header) and commit it, then let consensus restart at the new tip.
   * Logs progress as height / target and blocks per second.
   */
  async catchUp(): Promise<void> {
    if (this.catchingUp || this.host === null) return;
    this.catchingUp = true;
    try {
      const statuses = await this.host.status();
      const genesisHash = this.node.chain.genesis.hash;
      const target = Math.max(0, ...statuses.filter((p) => p.status.genesisHash === genesisHash).map((p) => p.status.height));
      if (target <= this.node.chain.height) return;
      const started = Date.now();
      const from = this.node.chain.height;
      while (this.node.chain.height < target) {
        const blocks = await this.host.requestBlocks(this.node.chain.height + 1, target);
        if (blocks.length === 0) break;
        let applied = 0;
        await this.node.driver.exclusive(async () => {
          for (const { block, commit } of blocks) {
            if (block.header.height !== this.node.chain.height + 1) continue;
            const checked = this.node.chain.checkSynced(block, commit);
            if (typeof checked === 'string') {
              this.log.warn({ height: block.header.height, problem: checked }, 'refused a synced block');
              return;
            }
            await this.node.commitCandidate(checked, commit);
            applied++;
          }
        });
        if (applied === 0) break;
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        this.log.info({ height: this.node.chain.height, target, blocksPerSecond: Math.round((this.node.chain.height - from) / seconds) }, 'catching up');
      }
    } catch (error) {
      this.log.debug({ err: error }, 'catch-up attempt failed');
    } finally {
      this.catchingUp = false;
    }
  }
}
