// Consensus gossip never waits behind tx gossip at the receiver (spec/p2p.md §3.4): each class has
// its own router and its own budget of messages waiting for a handler. The GossipRouter over two
// stand-in routers, so the budgets are exact and no network is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopicValidatorResult } from '@libp2p/gossipsub';
import { pino } from 'pino';
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { GossipRouter, topicName, type GossipTopic, type Verdict } from '../../src/p2p/gossip.ts';
import type { ValidatingGossipSub } from '../../src/p2p/libp2p-node.ts';
import { PENDING_CONSENSUS_VALIDATIONS_MAX, PENDING_TX_VALIDATIONS_MAX } from '../../src/p2p/limits.ts';
import { encodeTxBatchMessage, encodeVoteMessage } from '../../src/p2p/messages.ts';
import { sampleVote } from './samples.ts';

const CHAIN = 'agora-classes';

/** A router that delivers what the test hands it and records the verdicts reported back. */
class StandIn extends EventTarget {
  readonly verdicts: { msgId: string; verdict: TopicValidatorResult }[] = [];
  subscribe(): void {}
  reportMessageValidationResult(msgId: string, _peer: string, verdict: TopicValidatorResult): void {
    this.verdicts.push({ msgId, verdict });
  }
  deliver(topic: GossipTopic, data: Uint8Array, msgId: string): void {
    const detail = { msg: { topic: topicName(CHAIN, topic), data }, msgId, propagationSource: { toString: () => 'peer-1' } };
    this.dispatchEvent(new CustomEvent('gossipsub:message', { detail }));
  }
}

function setup(): { txs: StandIn; consensus: StandIn; router: GossipRouter; handled: { txBatches: number; votes: number }; releaseTxs: () => void } {
  const txs = new StandIn();
  const consensus = new StandIn();
  const handled = { txBatches: 0, votes: 0 };
  const waiting: ((verdict: Verdict) => void)[] = [];
  const router = new GossipRouter({
    routers: { txs: txs as unknown as ValidatingGossipSub, consensus: consensus as unknown as ValidatingGossipSub },
    chainId: CHAIN,
    log: pino({ level: 'silent' }),
    onInvalid: () => {},
    rebuildProposal: async () => null,
    handlers: {
      // Tx batches wait, as they wait for a busy worker pool.
      onTxs: () => {
        handled.txBatches++;
        return new Promise<Verdict>((resolve) => waiting.push(resolve));
      },
      onProposal: () => 'accept',
      onVote: () => {
        handled.votes++;
        return 'accept';
      },
      onEvidence: () => 'accept',
    },
  });
  router.start();
  return { txs, consensus, router, handled, releaseTxs: () => waiting.splice(0).forEach((resolve) => resolve('accept')) };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('tx batches past their budget are ignored; votes still reach their handler at once', async () => {
  const { txs, consensus, router, handled, releaseTxs } = setup();
  const batch = encodeTxBatchMessage({ txs: [new Uint8Array([1, 2, 3])] });
  for (let i = 0; i < PENDING_TX_VALIDATIONS_MAX + 10; i++) txs.deliver('txs', batch, `tx-${i}`);
  await settle();
  assert.equal(handled.txBatches, PENDING_TX_VALIDATIONS_MAX);
  assert.equal(router.pendingValidations('txs'), PENDING_TX_VALIDATIONS_MAX);
  assert.equal(txs.verdicts.length, 10);
  assert.ok(txs.verdicts.every((v) => v.verdict === TopicValidatorResult.Ignore));

  const vote = encodeVoteMessage({ vote: sampleVote(4) });
  consensus.deliver('votes', vote, 'vote-1');
  await settle();
  assert.equal(handled.votes, 1);
  assert.deepEqual(consensus.verdicts, [{ msgId: 'vote-1', verdict: TopicValidatorResult.Accept }], 'the verdict goes back to the router it came from');
  assert.ok(PENDING_CONSENSUS_VALIDATIONS_MAX > PENDING_TX_VALIDATIONS_MAX);

  releaseTxs();
  await settle();
  assert.equal(router.pendingValidations('txs'), 0);
  assert.equal(txs.verdicts.filter((v) => v.verdict === TopicValidatorResult.Accept).length, PENDING_TX_VALIDATIONS_MAX);
});

test('a topic on the other class\'s router reaches no handler', async () => {
  const { txs, consensus, handled } = setup();
  txs.deliver('votes', encodeVoteMessage({ vote: sampleVote(4) }), 'vote-on-tx-router');
  consensus.deliver('txs', encodeTxBatchMessage({ txs: [new Uint8Array([1])] }), 'txs-on-consensus-router');
  await settle();
  assert.deepEqual(handled, { txBatches: 0, votes: 0 });
  assert.deepEqual(txs.verdicts, [{ msgId: 'vote-on-tx-router', verdict: TopicValidatorResult.Ignore }]);
  assert.deepEqual(consensus.verdicts, [{ msgId: 'txs-on-consensus-router', verdict: TopicValidatorResult.Ignore }]);
});

test('the proposals topic names the header format, so nodes of two formats never exchange proposals', () => {
  assert.equal(topicName('agora-test', 'proposals'), `agora/agora-test/proposals/2/header-${HEADER_FORMAT_VERSION}`);
  assert.deepEqual((['txs', 'votes', 'evidence'] as const).map((topic) => topicName('agora-test', topic)), ['agora/agora-test/txs/2', 'agora/agora-test/votes/1', 'agora/agora-test/evidence/1']);
});
