// Issue 12, attack 4: a provenance report hashed the two Merkle trees of a whole block once for every
// event of the item in it (11.3 s for 301 events over 1,000-tx blocks). Now a block is loaded — every
// tx's receipt read, both trees built — once per report, and shared by all the events it holds
// (src/node/report-blocks.ts). Here 40 events of one item share their blocks with 40 other txs, and
// the report reads each receipt of those blocks exactly once; a second report with the block cache
// reads none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildItemAttest, buildItemRegister, buildTransfer, newItemIds, signTx } from '../../src/client/index.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport, type ReportStore } from '../../src/node/provenance.ts';
import { ReportBlockCache } from '../../src/node/report-blocks.ts';
import { mustAdmit, openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';

const EVENTS = 40;
let chain: TestChain;
let node: AgoraNode;
let item = '';

before(async () => {
  chain = testChain(2, 'agora-report-trees');
  // Blocks of many txs: the attests and the transfers land together.
  node = await openTestNode(chain, { blockTimeMs: 400, idleBlockMs: 400 });
  node.start();
  const [owner, payer] = chain.funded;
  const chainId = chain.genesis.chainId;
  const nonces = new Map<string, bigint>();
  const common = (key: KeyPair) => {
    const nonce = nonces.get(key.address) ?? 0n;
    nonces.set(key.address, nonce + 1n);
    return { chainId, from: key.publicKey, nonce, fee: 1_000_000n };
  };
  const register = signTx(buildItemRegister({ ...common(owner), kind: 'lot' }), [owner]);
  await mustAdmit(node, register.bytes);
  const registered = await node.reader.waitForCommit(register.id, 15_000);
  assert.equal(registered.status, 'committed');
  if (registered.status !== 'committed') return;
  item = newItemIds(registered.receipt.events)[0];
  const txs = [];
  for (let i = 0; i < EVENTS; i += 1) {
    txs.push(signTx(buildItemAttest({ ...common(owner), item, type: 'inspected', data: JSON.stringify({ i }) }), [owner]));
    txs.push(signTx(buildTransfer({ ...common(payer), transfers: [{ to: owner.address, asset: chain.genesis.params.nativeAsset, amount: 1n }] }), [payer]));
  }
  for (const tx of txs) await mustAdmit(node, tx.bytes);
  for (const tx of txs) assert.equal((await node.reader.waitForCommit(tx.id, 30_000)).status, 'committed');
});

after(async () => {
  await node.stop();
  removeTestChain(chain);
});

/** The node's store, counting the receipts read by id. */
function counting(store: ReportStore): { store: ReportStore; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counted = Object.create(store) as ReportStore;
  counted.getReceipt = (id: string) => {
    reads.set(id, (reads.get(id) ?? 0) + 1);
    return store.getReceipt(id);
  };
  return { store: counted, reads };
}

test('a report loads each block it spans once: every receipt of those blocks is read exactly once, whatever the events per block', () => {
  const { store, reads } = counting(node.store as unknown as ReportStore);
  const report = buildProvenanceReport(store, chain.genesis.chainId, chain.genesis.validators, item);
  assert.equal(report.items[0].events.length, EVENTS + 1, 'the registration and every attest');
  const spanned = report.blocks.map((entry) => node.store.getBlock(entry.header.height)!.block);
  const eventBlocks = new Set(report.items[0].events.map((event) => event.proof.height));
  assert.ok(EVENTS + 1 > eventBlocks.size * 2, `blocks of several events each (${EVENTS + 1} events in ${eventBlocks.size} blocks)`);
  const txsSpanned = spanned.reduce((sum, block) => sum + block.txs.length, 0);
  assert.equal([...reads.values()].reduce((a, b) => a + b, 0), txsSpanned, 'one read per tx of the spanned blocks');
  assert.ok([...reads.values()].every((count) => count === 1), 'no receipt read twice');
});

test('with the block cache, the same report again reads no receipt', () => {
  const cache = new ReportBlockCache(64 * 1024 * 1024);
  buildProvenanceReport(node.store as unknown as ReportStore, chain.genesis.chainId, chain.genesis.validators, item, { blocks: cache });
  const { store, reads } = counting(node.store as unknown as ReportStore);
  buildProvenanceReport(store, chain.genesis.chainId, chain.genesis.validators, item, { blocks: cache });
  assert.equal(reads.size, 0);
});
