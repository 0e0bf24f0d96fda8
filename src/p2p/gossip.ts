/**
 * The four gossip topics and the path of every message received on them (spec/p2p.md §Topics,
 * §Validation and peer scoring): size check and decode, then the node's handler, then a verdict
 * reported to gossipsub, which forwards the message only when it was accepted. Bytes that do not
 * decode never reach a handler; nothing here throws into gossipsub.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub';
import type { Logger } from 'pino';
import { HEADER_FORMAT_VERSION } from '../chain/versions.ts';
import { CodecError } from '../codec/errors.ts';
import type { GossipsubMessage, ValidatingGossipSub } from './libp2p-node.ts';
import { PENDING_CONSENSUS_VALIDATIONS_MAX, PENDING_TX_VALIDATIONS_MAX } from './limits.ts';
import { relayStanding } from './message-id.ts';
import { decodeCompactProposalMessage, type CompactProposalMessage } from './compact-proposal.ts';
import { decodeEvidenceMessage, decodeTxBatchMessage, decodeVoteMessage, type ProposalMessage, type VoteMessage } from './messages.ts';

export type GossipTopic = 'txs' | 'proposals' | 'votes' | 'evidence';
const GOSSIP_TOPICS: readonly GossipTopic[] = ['txs', 'proposals', 'votes', 'evidence'];

/**
 * What a handler makes of a message. `reject`: provably invalid whatever the receiver's state (bad
 * signature, not a validator, malformed tx): the sender gets a strike and the message is dropped.
 * `ignore`: not useful here (stale height, duplicate, mempool full): dropped, no strike.
 * `accept` (or nothing): valid; gossipsub forwards it.
 */
export type Verdict = 'accept' | 'reject' | 'ignore';

export type HandlerResult = Verdict | void | Promise<Verdict | void>;

export interface GossipHandlers {
  /**
   * A batch of txs (spec/p2p.md §Tx batches): `reject` when any tx is at fault by its bytes alone
   * (the batch is not forwarded, the sender gets one strike, the others are still admitted), else
   * `accept` when any was admitted, else `ignore`.
   */
  onTxs(txs: Uint8Array[], peer: string): HandlerResult;
  onProposal(message: ProposalMessage, peer: string): HandlerResult;
  onVote(message: VoteMessage, peer: string): HandlerResult;
  /** One piece of evidence's bytes (spec/p2p.md §Evidence). */
  onEvidence(evidence: Uint8Array, peer: string): HandlerResult;
}

type DecodedGossip =
  | { topic: 'txs'; txs: Uint8Array[] }
  | { topic: 'proposals'; compact: CompactProposalMessage }
  | { topic: 'votes'; message: VoteMessage }
  | { topic: 'evidence'; evidence: Uint8Array };

/** Throws CodecError for bytes that are not a well-formed message of the topic, within its bound. */
function decodeGossip(topic: GossipTopic, data: Uint8Array): DecodedGossip {
  switch (topic) {
    case 'txs':
      return { topic, txs: decodeTxBatchMessage(data).txs };
    case 'proposals':
      return { topic, compact: decodeCompactProposalMessage(data) };
    case 'votes':
      return { topic, message: decodeVoteMessage(data) };
    case 'evidence':
      return { topic, evidence: decodeEvidenceMessage(data).evidence };
  }
}

/**
 * Each topic's version, bumped with an incompatible change of what it carries: txs/2 carries batches
 * (issue 13) where txs/1 carried one tx a message, so nodes of the two versions share no tx topic
 * rather than strike each other for messages they cannot read; proposals/2 carries compact proposals
 * (§3.5) where proposals/1 carried whole blocks. A proposal carries a header, so its topic also names
 * the header format (spec/chain.md §Versions): nodes of two formats share no proposals topic, and one
 * never strikes (and at last bans) the other for proposals it cannot decode.
 */
const TOPIC_VERSIONS: Readonly<Record<GossipTopic, string>> = { txs: '2', proposals: `2/header-${HEADER_FORMAT_VERSION}`, votes: '1', evidence: '1' };

export function topicName(chainId: string, topic: GossipTopic): string {
  return `agora/${chainId}/${topic}/${TOPIC_VERSIONS[topic]}`;
}

/** The two classes of gossip: each has its own router (stream) and its own validation budget (§3.4). */
type GossipClass = 'txs' | 'consensus';

function classOf(topic: GossipTopic): GossipClass {
  return topic === 'txs' ? 'txs' : 'consensus';
}

const PENDING_MAX: Readonly<Record<GossipClass, number>> = { txs: PENDING_TX_VALIDATIONS_MAX, consensus: PENDING_CONSENSUS_VALIDATIONS_MAX };

export interface GossipRouterOptions {
  /** The gossipsub router of each class: txs on one, proposals, votes and evidence on the other. */
  routers: Readonly<Record<GossipClass, ValidatingGossipSub>>;
  chainId: string;
  handlers: GossipHandlers;
  log: Logger;
  /** Called once per invalid message with the peer that sent it to us. */
  onInvalid: (peer: string, topic: GossipTopic, reason: string) => void;
  /**
   * The block of a compact proposal (spec/p2p.md §3.5), from the txs held here and those asked of
   * `peer`; null when it cannot be had (the proposal is then ignored, not forwarded).
   */
  rebuildProposal: (compact: CompactProposalMessage, peer: string) => Promise<ProposalMessage | null>;
  /** The clock re-sent votes' relay epochs are checked against; Date.now by default. */
  nowMs?: () => number;
}

export class GossipRouter {
  private readonly options: GossipRouterOptions;
  private readonly topicsByName: Map<string, GossipTopic>;
  /** Messages of each class waiting for their handler's verdict. */
  private readonly pending: Record<GossipClass, number> = { txs: 0, consensus: 0 };
  private running = false;

  constructor(options: GossipRouterOptions) {
    this.options = options;
    this.topicsByName = new Map(GOSSIP_TOPICS.map((topic) => [topicName(options.chainId, topic), topic]));
  }

  start(): void {
    this.running = true;
    for (const gossipClass of ['txs', 'consensus'] as const) this.options.routers[gossipClass].addEventListener('gossipsub:message', this.listeners[gossipClass]);
    for (const [name, topic] of this.topicsByName) this.routerOf(topic).subscribe(name);
  }

  stop(): void {
    this.running = false;
    for (const gossipClass of ['txs', 'consensus'] as const) this.options.routers[gossipClass].removeEventListener('gossipsub:message', this.listeners[gossipClass]);
  }

  /** Publishes already-encoded bytes; resolves with the number of peers they were sent to. */
  async publish(topic: GossipTopic, bytes: Uint8Array): Promise<number> {
    const result = await this.routerOf(topic).publish(topicName(this.options.chainId, topic), bytes);
    return result.recipients.length;
  }

  /** Peers known to be subscribed to `topic`. */
  subscribers(topic: GossipTopic): string[] {
    return this.routerOf(topic).getSubscribers(topicName(this.options.chainId, topic)).map((peer) => peer.toString());
  }

  /** Messages of each class waiting for a verdict (for tests). */
  pendingValidations(gossipClass: GossipClass): number {
    return this.pending[gossipClass];
  }

  private routerOf(topic: GossipTopic): ValidatingGossipSub {
    return this.options.routers[classOf(topic)];
  }

  private readonly listeners: Record<GossipClass, (event: CustomEvent<GossipsubMessage>) => void> = {
    txs: (event) => this.onMessage('txs', event.detail),
    consensus: (event) => this.onMessage('consensus', event.detail),
  };

  /**
   * A message from the router of `arrivedOn`. Its verdict goes back to that router. A topic the
   * router does not carry (a consensus topic on the tx router) is ignored. Each class has its own
   * budget of messages waiting for a handler, so thousands of tx batches waiting for the worker
   * pool never make a proposal or a vote wait or be dropped (§3.4).
   */
  private onMessage(arrivedOn: GossipClass, detail: GossipsubMessage): void {
    const { msg, msgId, propagationSource } = detail;
    const peer = propagationSource.toString();
    const topic = this.topicsByName.get(msg.topic);
    if (topic === undefined || classOf(topic) !== arrivedOn) return this.report(arrivedOn, msgId, peer, TopicValidatorResult.Ignore);
    if (this.pending[arrivedOn] >= PENDING_MAX[arrivedOn]) {
      this.options.log.debug({ peer, topic }, 'gossip message ignored: too many being checked');
      return this.report(arrivedOn, msgId, peer, TopicValidatorResult.Ignore);
    }
    this.pending[arrivedOn] += 1;
    void this.validate(topic, msg.data, peer)
      .then((verdict) => this.report(arrivedOn, msgId, peer, verdict))
      .finally(() => {
        this.pending[arrivedOn] -= 1;
      });
  }

  private async validate(topic: GossipTopic, data: Uint8Array, peer: string): Promise<TopicValidatorResult> {
    let message: DecodedGossip;
    try {
      message = decodeGossip(topic, data);
    } catch (error) {
      const reason = error instanceof CodecError ? `${error.code}: ${error.message}` : String(error);
      this.options.onInvalid(peer, topic, reason);
      return TopicValidatorResult.Reject;
    }
    // A relay that is no epoch a clock gives is rejected with a strike (spec/p2p.md §3.1). A stale
    // one, which a badly set clock gives, goes to the handler as any vote: a node that lacks the vote
    // takes it (the sender may be a validator whose clock is off), one that holds it drops it. All
    // stale copies of a vote share one gossip id (message-id.ts), so each node checks and forwards
    // at most one of them per seen-cache time.
    if (message.topic === 'votes' && message.message.relay !== undefined) {
      if (relayStanding(message.message.relay, (this.options.nowMs ?? Date.now)()) === 'forged') {
        this.options.onInvalid(peer, topic, `relay ${message.message.relay} is no relay epoch`);
        return TopicValidatorResult.Reject;
      }
    }
    let verdict: Verdict | void;
    try {
      verdict = await this.callHandler(message, peer);
    } catch (error) {
      // A handler that throws is our bug, not the peer's: drop the message, keep the peer.
      this.options.log.error({ err: error, peer, topic }, 'gossip handler failed');
      return TopicValidatorResult.Ignore;
    }
    if (verdict === 'reject') {
      this.options.onInvalid(peer, topic, 'rejected by the handler');
      return TopicValidatorResult.Reject;
    }
    return verdict === 'ignore' ? TopicValidatorResult.Ignore : TopicValidatorResult.Accept;
  }

  private async callHandler(message: DecodedGossip, peer: string): Promise<Verdict | void> {
    const { handlers } = this.options;
    switch (message.topic) {
      case 'txs':
        return handlers.onTxs(message.txs, peer);
      case 'proposals': {
        const full = await this.options.rebuildProposal(message.compact, peer);
        return full === null ? 'ignore' : handlers.onProposal(full, peer);
      }
      case 'votes':
        return handlers.onVote(message.message, peer);
      case 'evidence':
        return handlers.onEvidence(message.evidence, peer);
    }
  }

  private report(gossipClass: GossipClass, msgId: string, peer: string, verdict: TopicValidatorResult): void {
    if (!this.running) return;
    try {
      this.options.routers[gossipClass].reportMessageValidationResult(msgId, peer, verdict);
    } catch (error) {
      this.options.log.debug({ err: error, peer }, 'cannot report a gossip verdict');
    }
  }
}
