// A tx that is valid only from a time on (closing a motion or a contribution, replacing an idle
// worker) is admitted once the node's clock has passed that time, though the last block is older:
// the next block's time is at least the clock's (spec/node.md §Admission). Replays the CI failure
// of test/web/org.test.ts, where "Close and count" clicked when the page's clock said the windows
// were over was refused `window_open` until an idle block caught up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlockContext } from '../../src/ledger/types.ts';
import { FEE_SINK, Mempool } from '../../src/node/mempool.ts';
import { CHAIN_ID } from '../ledger/fixtures.ts';
import { expectOk } from '../ledger/rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, DAY, T0, foundCoop, newChain } from '../ledger/org/fixtures.ts';

function motionDueAt(): { chain: ReturnType<typeof newChain>; org: string; decidedAt: number } {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 60_000, CAROL, 'org.propose', { org, action: { type: 'mint', to: CAROL.address, amount: 10n } }));
  return { chain, org, decidedAt: T0 + 60_000 + 2 * DAY };
}

const context = (chain: ReturnType<typeof newChain>): BlockContext => ({ chainId: CHAIN_ID, height: chain.height + 1, timeMs: chain.timeMs + 1, proposer: FEE_SINK, params: chain.params });

test('a tx due at a time the clock has passed is admitted though the last block is older; before it, refused', () => {
  const { chain, org, decidedAt } = motionDueAt();
  let now = decidedAt - 1;
  const mempool = new Mempool({ nowMs: () => now }, chain.state, context(chain));
  const execute = chain.block().add(DAVE, 'org.execute', { org, motion: 0 }).txs[0];
  assert.equal(mempool.admit(execute)?.code, 'motion_pending', 'a millisecond early: refused with the ledger code');
  now = decidedAt;
  assert.equal(mempool.admit(execute), null, 'once the clock is there, admitted');
  assert.equal(mempool.size, 1);
});

test('a block older than the clock does not evict such a tx at the recheck', () => {
  const { chain, org, decidedAt } = motionDueAt();
  const mempool = new Mempool({ nowMs: () => decidedAt + 5 }, chain.state, context(chain));
  const execute = chain.block().add(DAVE, 'org.execute', { org, motion: 0 }).txs[0];
  assert.equal(mempool.admit(execute), null);
  // An unrelated block lands with a time before the motion is due (the proposer's clock may lag).
  chain.runAt(decidedAt - 1_000, chain.block().add(ALICE, 'transfer', { transfers: [{ to: BOB.address, asset: 'AGR', amount: 1n }] }));
  const evicted = mempool.afterCommit([], chain.state, context(chain));
  assert.deepEqual(evicted, []);
  assert.equal(mempool.size, 1);
});
