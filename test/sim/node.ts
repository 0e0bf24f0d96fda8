// One simulated validator: the real consensus core, a signer behind the real sign guard, a
// persisted record (LastSigned, committed blocks) that survives crashes, and what the node does
// around the core: feed back its own signed messages, buffer the next height, block sync (C7), and
// gossip (C9): with no progress for a tick, re-send what it holds of the round and its height.
import {
  allVotes,
  checkCommit,
  checkSign,
  createConsensus,
  deriveSeed,
  recordSigned,
  resumeAt,
  step,
  type ConsensusEffect,
  type ConsensusEvent,
  type ConsensusState,
  type LastSigned,
  type Proposal,
  type SignedProposal,
  type SignedVote,
  type Vote,
} from '../../src/consensus/index.ts';
import { fakeSign, isValidBlock, makeBlockHash, messageHeight, messageRound, proposalSignBytes, voteSignBytes, type Message } from './messages.ts';
import type { Host } from './host.ts';
import { bytesEqual } from '../../src/crypto/hash.ts';
import { Equivocator } from './byzantine.ts';

interface CommitRecord {
  proposal: SignedProposal;
  precommits: SignedVote[];
}

const NEXT_HEIGHT_BUFFER_MAX = 2000;

export class SimNode {
  readonly index: number;
  readonly address: string;
  private readonly host: Host;
  private readonly byzantine: Equivocator | null;
  private core: ConsensusState | null = null;
  private incarnation = 0;
  // Persisted: survives a crash.
  private lastSigned: LastSigned | null = null;
  private readonly commits: CommitRecord[] = [];
  /** The messages this validator signed at the height of `lastSigned`, persisted with it (a WAL). */
  private signedLog: Message[] = [];
  // Volatile: lost in a crash.
  private pending: ConsensusEvent[] = [];
  private nextHeight: Message[] = [];
  private outbox: Message[] = [];
  private proposals = new Map<string, SignedProposal>();
  private lastMark = '';
  private readonly syncSentAt = new Map<string, number>();

  constructor(host: Host, index: number, address: string, byzantine: boolean) {
    this.host = host;
    this.index = index;
    this.address = address;
    this.byzantine = byzantine ? new Equivocator(host, this) : null;
  }

  get committedHeight(): number {
    return this.commits.length;
  }

  get isUp(): boolean {
    return this.core !== null;
  }

  get isHonest(): boolean {
    return this.byzantine === null;
  }

  start(): void {
    this.core = createConsensus({ self: this.address, timeouts: this.host.scenario.timeouts });
    const height = this.committedHeight + 1;
    this.enterHeight(height);
    // Replay what we signed at this height before a crash: our own votes count again, and the
    // tick re-sends them to peers that never got them.
    for (const message of this.signedLog) {
      if (messageHeight(message) !== height) continue;
      this.outbox.push(message);
      this.pending.push(...this.toEvents(message));
    }
    this.drain();
  }

  crash(): void {
    this.host.trace(this.index, 'crash');
    this.core = null;
    this.incarnation++;
    this.pending = [];
    this.nextHeight = [];
    this.outbox = [];
    this.proposals = new Map();
    this.lastMark = '';
  }

  /** A timer or a block build set before a crash belongs to a dead incarnation and is dropped. */
  onLocal(incarnation: number, event: ConsensusEvent): void {
    if (this.core === null || incarnation !== this.incarnation) return;
    this.pending.push(event);
    this.drain();
  }

  receive(from: number, message: Message): void {
    const core = this.core;
    if (core === null) return;
    const height = core.height;
    if (message.kind === 'status') {
      if (message.height < height) this.sendCommit(from, message.height);
      return;
    }
    const messageAt = messageHeight(message);
    if (message.kind === 'commit') {
      // Applied: ask the same peer for the next one straight away (catch-up at one round trip per height).
      if (messageAt === height && this.syncCommit(message.proposal, message.precommits)) {
        this.host.send(this.index, from, { kind: 'status', height: height + 1 });
      }
      return;
    }
    if (messageAt === height) this.pending.push(...this.toEvents(message));
    else if (messageAt > height) {
      if (messageAt === height + 1 && this.nextHeight.length < NEXT_HEIGHT_BUFFER_MAX) this.nextHeight.push(message);
    } else this.sendCommit(from, messageAt);
    this.drain();
  }

  /** Gossip: with no progress since the last tick, re-send our recent messages and our height. */
  tick(): void {
    const core = this.core;
    if (core === null) return;
    const mark = `${core.height}/${core.round}/${core.step}`;
    if (mark === this.lastMark) {
      this.host.stats.rebroadcasts++;
      for (const message of this.outbox) if (messageRound(message) === core.round - 1) this.host.broadcast(this.index, message);
      for (const message of this.relaySet(core)) this.host.broadcast(this.index, message);
      this.host.broadcast(this.index, { kind: 'status', height: core.height });
    }
    this.lastMark = mark;
  }

  private drain(): void {
    for (let guard = 0; this.pending.length > 0 && this.core !== null; guard++) {
      if (guard > 100_000) throw new Error(`node ${this.index} is looping`);
      const event = this.pending.shift() as ConsensusEvent;
      const result = step(this.core, event);
      this.core = result.state;
      for (const effect of result.effects) this.perform(effect);
    }
  }

  private perform(effect: ConsensusEffect): void {
    const host = this.host;
    switch (effect.type) {
      case 'requestBlock': {
        const hash = makeBlockHash(`block|${this.address}|${effect.height}|${effect.round}|${this.incarnation}`, true);
        const event: ConsensusEvent = { type: 'blockReady', height: effect.height, round: effect.round, blockHash: hash };
        host.scheduleLocal(host.now + host.rng.between(1, 20), this.index, this.incarnation, event);
        return;
      }
      case 'signProposal':
        return this.signProposal(effect.proposal, effect.polka ?? []);
      case 'signVote':
        return this.signVote(effect.vote, effect.polka ?? []);
      case 'scheduleTimeout': {
        const event: ConsensusEvent = { type: 'timeout', height: effect.height, round: effect.round, step: effect.step };
        host.scheduleLocal(host.now + effect.durationMs, this.index, this.incarnation, event);
        return;
      }
      case 'decide':
        return this.commit(effect.height, effect.round, effect.blockHash, effect.precommits);
      case 'evidence':
      case 'proposalEvidence':
        host.stats.evidence++;
        return;
    }
  }

  private signProposal(proposal: Proposal, polka: SignedVote[]): void {
    const bytes = proposalSignBytes(proposal);
    if (!this.guard(proposal.height, proposal.round, bytes.step, bytes.signBytesHash, undefined)) return;
    const signed: SignedProposal = { ...proposal, signature: fakeSign(this.address, bytes.signBytesHash) };
    this.release({ kind: 'proposal', proposal: signed });
    for (const vote of polka) this.host.broadcast(this.index, { kind: 'vote', vote });
  }

  private signVote(vote: Vote, polka: SignedVote[]): void {
    const bytes = voteSignBytes(vote);
    const lockFor = vote.type === 'precommit' ? vote.blockHash : undefined;
    if (!this.guard(vote.height, vote.round, bytes.step, bytes.signBytesHash, lockFor)) return;
    // The polka that justifies a lock is persisted with it, so a restart can still show it.
    for (const prevote of polka) this.persist({ kind: 'vote', vote: prevote });
    const signed: SignedVote = { ...vote, signature: fakeSign(this.address, bytes.signBytesHash) };
    this.release({ kind: 'vote', vote: signed });
  }

  /** The node's signer: guard, persist, then sign (the Byzantine validator skips all of it). */
  private guard(height: number, round: number, stepIndex: 0 | 1 | 2, signBytesHash: string, lockFor: string | null | undefined): boolean {
    if (this.byzantine !== null) return true;
    const request = { height, round, step: stepIndex, signBytesHash };
    const decision = checkSign(this.lastSigned, request);
    if (decision === 'refuse') {
      this.host.stats.guardRefusals++;
      return false;
    }
    if (decision === 'sign') this.lastSigned = recordSigned(this.lastSigned, request, lockFor);
    this.host.checker.onHonestSignature(this.address, height, round, stepIndex, signBytesHash);
    return true;
  }

  /** Broadcast a message we signed and feed it back to our own core. */
  private release(message: Message): void {
    this.host.trace(this.index, describe(message));
    this.persist(message);
    this.outbox.push(message);
    if (this.byzantine !== null) this.byzantine.broadcast(message);
    else this.host.broadcast(this.index, message);
    this.pending.push(...this.toEvents(message));
  }

  /**
   * Block sync: a commit for our current height from a peer, checked on its own (signatures, then
   * checkCommit, then valid(v)) and applied without the core, which is then moved to the next height.
   */
  private syncCommit(proposal: SignedProposal, precommits: SignedVote[]): boolean {
    const core = this.core;
    if (core === null || core.decided) return false;
    for (const vote of precommits) {
      if (!bytesEqual(vote.signature, fakeSign(vote.validator, voteSignBytes(vote).signBytesHash))) return false;
    }
    const check = checkCommit(this.host.validatorSet, core.height, proposal.blockHash, precommits);
    if (!check.ok || check.round !== proposal.round || !isValidBlock(proposal.blockHash)) return false;
    this.host.stats.syncs++;
    this.commit(core.height, check.round, proposal.blockHash, precommits, proposal);
    this.drain();
    return true;
  }

  /** The node's write-ahead log of the current height: what it signed, and its lock's polka. */
  private persist(message: Message): void {
    if (this.signedLog.length > 0 && messageHeight(this.signedLog[0]) !== messageHeight(message)) this.signedLog = [];
    this.signedLog.push(message);
  }

  private commit(height: number, round: number, blockHash: string, precommits: SignedVote[], synced?: SignedProposal): void {
    const proposal = synced ?? this.proposals.get(`${round}|${blockHash}`);
    if (proposal === undefined) throw new Error(`node ${this.index} decided a block it has no proposal for`);
    if (this.byzantine === null) {
      this.host.checker.onHonestDecision(this.address, height, this.committedHeight, round, blockHash, precommits);
    }
    this.host.trace(this.index, `commit h=${height} r=${round} ${blockHash.slice(0, 8)}${synced === undefined ? '' : ' (synced)'}`);
    this.commits.push({ proposal, precommits });
    this.host.onCommitted(this.index, height);
    this.enterHeight(height + 1);
  }

  private enterHeight(height: number): void {
    this.outbox = [];
    this.proposals = new Map();
    const previous = height === 1 ? this.host.genesisHash : this.commits[height - 2].proposal.blockHash;
    const { startRound, lock } = resumeAt(this.lastSigned, height);
    this.pending.push({ type: 'startHeight', height, validatorSet: this.host.validatorSet, seed: deriveSeed(previous), startRound, lock });
    const buffered = this.nextHeight;
    this.nextHeight = [];
    for (const message of buffered) {
      if (messageHeight(message) === height) this.pending.push(...this.toEvents(message));
    }
  }

  private toEvents(message: Message): ConsensusEvent[] {
    switch (message.kind) {
      case 'proposal': {
        const p = message.proposal;
        this.proposals.set(`${p.round}|${p.blockHash}`, p);
        return [{ type: 'proposal', proposal: p, valid: isValidBlock(p.blockHash) }];
      }
      case 'vote':
        return [{ type: 'vote', vote: message.vote }];
      default:
        return [];
    }
  }

  /** Block sync, at most once per peer and height per gossip tick. */
  private sendCommit(to: number, height: number): void {
    const record = this.commits[height - 1];
    if (record === undefined) return;
    const key = `${to}|${height}`;
    const last = this.syncSentAt.get(key);
    if (last !== undefined && this.host.now - last < this.host.scenario.gossipTickMs) return;
    this.syncSentAt.set(key, this.host.now);
    this.host.send(this.index, to, { kind: 'commit', height, proposal: record.proposal, precommits: record.precommits });
  }

  /**
   * Gossip relays what we hold of the current round (proposals and every counted vote, an
   * equivocator's included) and the prevotes of the rounds its proposals cite as validRound.
   */
  private relaySet(core: ConsensusState): Message[] {
    const messages = core.rounds.get(core.round);
    if (messages === undefined) return [];
    const relay: Message[] = [];
    const rounds = new Set<number>();
    for (const entry of messages.proposals) {
      relay.push({ kind: 'proposal', proposal: entry.proposal });
      if (entry.proposal.polRound >= 0) rounds.add(entry.proposal.polRound);
    }
    for (const vote of [...allVotes(messages.prevotes), ...allVotes(messages.precommits)]) relay.push({ kind: 'vote', vote });
    for (const round of rounds) {
      const pol = core.rounds.get(round);
      if (pol !== undefined) for (const vote of allVotes(pol.prevotes)) relay.push({ kind: 'vote', vote });
    }
    return relay;
  }

  /** Read-only view for the Byzantine strategy. */
  currentRoundProposalHashes(round: number): string[] {
    const found: string[] = [];
    for (const proposal of this.proposals.values()) if (proposal.round === round) found.push(proposal.blockHash);
    return found;
  }
}

function describe(message: Message): string {
  if (message.kind === 'proposal') {
    const p = message.proposal;
    return `proposal h=${p.height} r=${p.round} ${p.blockHash.slice(0, 8)} pol=${p.polRound}`;
  }
  if (message.kind === 'vote') {
    const v = message.vote;
    return `${v.type} h=${v.height} r=${v.round} ${v.blockHash === null ? 'nil' : v.blockHash.slice(0, 8)}`;
  }
  return message.kind;
}
