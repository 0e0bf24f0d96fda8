// Catch-up replay pipelining (spec/node.md §Catch-up replay, issue 13): block sync checks block N + 1
// while block N is written to LMDB. These tests replay one chain into real LMDB stores and hold the
// pipeline to what a one-by-one replay does: the same state, receipts and indexes; the block and tx
// events of a block only once it is durable, in height order; a failed commit of N leaves the chain
// at N − 1 with nothing after it committed and lets a later attempt succeed; a bad block N + 1 is
// refused while N still commits.
//
// The chain changes its validator set (approved in block 1, signing from block 3) and lists then
// pauses a market listing in consecutive blocks: checking block 3 while block 2 is written needs the
// set block 2 scheduled, which only the in-memory writes hold, and the listing's index entries are
// right only if block N + 1's writes are queued after block N's are durable (the store reads the old
// value it un-indexes from LMDB). The block before the listing pays its address ahead, so creating
// the listing scans that address's balances (contracts/stray.ts) while that payment is being written.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import type { BlockExecution } from '../../src/chain/execute.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { decodeTx, encodeTx, isRejection, txSignBytes } from '../../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../src/ledger/types.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { Committer } from '../../src/node/committer.ts';
import { NodeEvents } from '../../src/node/events.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { MARKET_INDEXERS } from '../../src/node/market-index.ts';
import { FEE_SINK, Mempool } from '../../src/node/mempool.ts';
import type { SyncedBlock } from '../../src/node/net.ts';
import { BlockSync } from '../../src/node/shell/block-sync.ts';
import { replaySynced } from '../../src/node/shell/replay-synced.ts';
import { WORK_INDEXERS } from '../../src/node/work-index.ts';
import { ChainStore } from '../../src/store/chain-store.ts';

const OLD_SET = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(70 + i)));
const JOINER = new KeyPair(new Uint8Array(32).fill(75));
const NEW_SET = [...OLD_SET.slice(0, 3), JOINER];
const SENDERS = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(80 + i)));
const T0 = 1_700_000_000_000;
const HOUR_MS = 3_600_000;
const genesis = parseGenesis(genesisJson('agora-replay-pipeline', T0, OLD_SET, SENDERS.map((key) => ({ address: key.address, amount: 10n ** 9n }))));
const BLOCKS = 12;
const LISTED_AT = 5;
const PAUSED_AT = 6;
/** What the genesis asks of a market tx (spec/ledger.md, fees). */
const MARKET_FEE = 10_000n;
/** Paid to the listing's address the block before it is created. */
const STRAY = 123n;

const root = mkdtempSync(join(tmpdir(), 'agora-replay-pipeline-'));
const opened: ChainStore[] = [];
after(async () => {
  // Closed here, not in each test: a failed assertion must not leave an LMDB environment holding the process open.
  for (const store of opened) await store.close();
  rmSync(root, { recursive: true, force: true });
});

/** A ChainStore as a node opens it (with the node's indexers) that records when each block is durable and can refuse one. */
class WatchedStore extends ChainStore {
  /** The highest height whose commitBlock has resolved: durable. */
  durableHeight = 0;
  /** commitBlock of this height rejects, writing nothing, as a full disk would. */
  failAt: number | null = null;

  override async commitBlock(block: Block, commit: Commit, execution: BlockExecution): Promise<void> {
    if (block.header.height === this.failAt) throw new Error(`disk full at block ${block.header.height}`);
    await super.commitBlock(block, commit, execution);
    this.durableHeight = block.header.height;
  }
}

async function openChain(): Promise<{ chain: LocalChain; store: WatchedStore }> {
  const store = new WatchedStore(join(root, `store-${opened.length}`), { indexers: [...MARKET_INDEXERS, ...WORK_INDEXERS] });
  opened.push(store);
  const chain = new LocalChain(genesis, store, verifyEd25519Node);
  await chain.init();
  return { chain, store };
}

const nonces = new Map<string, bigint>();
function signed(key: KeyPair, kind: string, payload: unknown, fee = 0n): DecodedTx {
  const nonce = nonces.get(key.address) ?? 0n;
  nonces.set(key.address, nonce + 1n);
  const body = { chainId: genesis.chainId, kind, payload, signers: [{ publicKey: key.publicKey, nonce }], fee } as TxBody;
  const decoded = decodeTx(encodeTx({ body, signatures: [key.sign(txSignBytes(body))] }));
  assert.ok(!isRejection(decoded), isRejection(decoded) ? decoded.message : '');
  return decoded;
}

/** validators.update: OLD_SET[3] out, JOINER in, approved by 3 of the 4 (more than 2/3 of the power). */
function setChange(): DecodedTx {
  const changes = [{ publicKey: OLD_SET[3].publicKey, power: 0n }, { publicKey: JOINER.publicKey, power: 1n }];
  const message = approvalBytes(genesis.chainId, 0n, changes);
  return signed(SENDERS[0], 'validators.update', { sequence: 0n, changes, approvals: OLD_SET.slice(0, 3).map((k) => ({ validator: k.address, signature: k.sign(message) })) });
}

function listingTerms(): unknown {
  return { title: 'Brass lamp for the pipeline', termsHash: new Uint8Array(32).fill(7), price: { asset: 'AGR', amount: 500n }, stock: 3, handlingMs: HOUR_MS, reviewWindowMs: HOUR_MS, arbiterWindowMs: HOUR_MS, arbiters: [], expiresAtMs: T0 + 1_000 * HOUR_MS };
}

function commitOf(block: Block): Commit {
  const hash = blockHash(block.header);
  const signers = block.header.height >= 3 ? NEW_SET : OLD_SET;
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
  return { height: block.header.height, round: 0, blockHash: hash, signatures: signers.map((k) => ({ validator: k.address, signature: k.sign(message) })) };
}

/** The chain every test replays: built and committed by OLD_SET[0], each block's txs all accepted. */
async function buildChain(): Promise<SyncedBlock[]> {
  const { chain, store } = await openChain();
  const synced: SyncedBlock[] = [];
  let listing = '';
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: DecodedTx[] = [];
    if (height === 1) txs.push(setChange());
    // SENDERS[3] signs nothing before its listing: the listing's address is of its nonce 0.
    if (height === LISTED_AT - 1) txs.push(signed(SENDERS[0], 'transfer', { transfers: [{ to: contractAddressFor(genesis.chainId, SENDERS[3].address, 0n, 0), asset: 'AGR', amount: STRAY }] }));
    if (height === LISTED_AT) txs.push(signed(SENDERS[3], 'market.list', { kind: 'goods', terms: listingTerms() }, MARKET_FEE));
    if (height === PAUSED_AT) txs.push(signed(SENDERS[3], 'market.pause', { listing, paused: true }, MARKET_FEE));
    for (let i = 0; i < 6; i++) txs.push(signed(SENDERS[i % 3], 'transfer', { transfers: [{ to: SENDERS[(i + 1) % 4].address, asset: 'AGR', amount: BigInt(height * 10 + i) }] }));
    const built = chain.build(OLD_SET[0].address, T0 + 1_000 * height, txs, (alpha) => OLD_SET[0].proveSeed(alpha));
    assert.equal(built.skipped.length, 0, `block ${height}: no tx left out`);
    assert.deepEqual(built.execution.receipts.map((r) => r.code), txs.map(() => 'ok'), `block ${height}: every tx applies`);
    if (height === LISTED_AT) {
      const { events } = built.execution.receipts[0];
      listing = events.find((e) => e.type === 'market.listed')?.attributes.listing ?? '';
      assert.ok(events.some((e) => e.type === 'transfer' && e.attributes.amount === String(STRAY)), 'the payment sent ahead went back to the seller');
    }
    const commit = commitOf(built.block);
    await chain.commit(built, commit);
    synced.push({ block: built.block, commit });
  }
  assert.notEqual(listing, '');
  return synced;
}

const chainToReplay = buildChain();

/** A committer over `chain` with a mempool and an event stream, as assemble.ts wires them. */
function committerOf(chain: LocalChain): { committer: Committer; events: NodeEvents } {
  const mempool = new Mempool({ nowMs: () => T0 }, chain.store, chain.context(chain.height + 1, chain.lastTimeMs + 1, FEE_SINK));
  const events = new NodeEvents();
  return { committer: new Committer({ chain, mempool, events, log: pino({ level: 'silent' }) }), events };
}

/** Everything a replay leaves in the store that queries read: tip, state, indexes, blocks, receipts, per-address txs. */
function contents(store: ChainStore, synced: readonly SyncedBlock[]): unknown {
  const txIds = synced.flatMap(({ block }) => block.txs.map((bytes) => (decodeTx(bytes) as DecodedTx).id));
  return {
    tip: { height: store.height(), lastHash: store.getMeta('lastHash'), lastTimeMs: store.getMeta('lastTimeMs'), stateRoot: store.getMeta('stateRoot') },
    state: store.scanState('', 100_000).map(({ key, value }) => [key, Buffer.from(value).toString('hex')]),
    index: store.scanIndex('', 100_000),
    blocks: Array.from({ length: store.height() }, (_, i) => store.getBlock(i + 1)?.hash),
    receipts: txIds.map((id) => [store.getTxLocation(id), store.getReceipt(id)]),
    addressTxs: [...OLD_SET, JOINER, ...SENDERS].map((key) => store.txsOfAddress(key.address, 1_000)),
  };
}

test('a pipelined replay of a chain leaves the same state, receipts and indexes as a one-by-one replay, each block checked while the one before it was written', async () => {
  const synced = await chainToReplay;
  const oneByOne = await openChain();
  for (const { block, commit } of synced) {
    const checked = oneByOne.chain.checkSynced(block, commit);
    assert.ok(!('code' in checked), 'code' in checked ? `block ${block.header.height}: ${checked.message}` : '');
    await oneByOne.chain.commit(checked, commit);
  }
  const pipelined = await openChain();
  const { committer } = committerOf(pipelined.chain);
  // What the store held when each block's check began: the block before it not yet durable, except for the first.
  const durableAtCheck: number[] = [];
  const chain = pipelined.chain;
  const watched = {
    get height() {
      return chain.height;
    },
    store: chain.store,
    checkSynced: (block: Block, commit: Commit) => {
      durableAtCheck.push(pipelined.store.durableHeight);
      return chain.checkSynced(block, commit);
    },
  };
  const result = await replaySynced({ chain: watched, commit: (candidate, commit) => committer.commitPipelined(candidate, commit) }, synced);
  assert.deepEqual(result, { applied: BLOCKS, refused: null });
  assert.deepEqual(durableAtCheck, [0, ...Array.from({ length: BLOCKS - 1 }, (_, i) => i)], 'block N + 1 was checked while block N was being written');
  assert.equal(pipelined.chain.height, BLOCKS);
  assert.equal(pipelined.store.getMeta('stateRoot'), synced[BLOCKS - 1].block.header.stateRoot);
  assert.ok(pipelined.store.scanIndex('l/', 100).length === 0 && oneByOne.store.scanIndex('l/', 100).length === 0, 'the paused listing left the search index');
  assert.deepEqual(contents(pipelined.store, synced), contents(oneByOne.store, synced));
});

test('a synced block\'s events come after it is durable and before the next block is written, in height order; a tx told of reads back', async () => {
  const synced = await chainToReplay;
  const { chain, store } = await openChain();
  const { committer, events } = committerOf(chain);
  const seen: string[] = [];
  events.on('block', ({ height }) => {
    seen.push(`block ${height}`);
    assert.equal(store.durableHeight, height, `block ${height} is durable when announced`);
    assert.equal(store.height(), height, `block ${height + 1} is not written before block ${height} is announced`);
  });
  events.on('tx', ({ id, height, index }) => {
    seen.push(`tx ${height}`);
    assert.deepEqual(store.getTxLocation(id), { height, index });
    assert.ok(store.getReceipt(id) !== undefined);
  });
  const result = await replaySynced({ chain, commit: (candidate, commit) => committer.commitPipelined(candidate, commit) }, synced);
  assert.equal(result.applied, BLOCKS);
  const expected = synced.flatMap(({ block }) => [`block ${block.header.height}`, ...block.txs.map(() => `tx ${block.header.height}`)]);
  assert.deepEqual(seen, expected);
});

test('a commit that fails at block N leaves the chain at N − 1 with nothing after it committed or announced; the next catch-up attempt commits on from N', async () => {
  const synced = await chainToReplay;
  const { chain, store } = await openChain();
  const { committer, events } = committerOf(chain);
  const announced: number[] = [];
  events.on('block', ({ height }) => announced.push(height));
  const logged: { msg: string; err?: { message: string } }[] = [];
  const log = pino({ level: 'debug' }, new Writable({
    write: (line: Buffer, _encoding, done) => {
      logged.push(JSON.parse(line.toString()) as { msg: string });
      done();
    },
  }));
  const sync = new BlockSync({
    chain,
    net: {
      peerStatuses: async () => [{ peer: 'ahead', genesisHash: genesis.hash, height: BLOCKS }],
      requestBlocks: async (from, to, exclude) => (exclude?.has('ahead') === true ? null : { peer: 'ahead', blocks: synced.slice(from - 1, to) }),
      reportBadBlocks: () => assert.fail('no peer is at fault'),
    },
    clock: { nowMs: () => T0 },
    exclusive: (job) => job(),
    commitPipelined: (candidate, commit) => committer.commitPipelined(candidate, commit),
    log,
  });
  const failAt = 5;
  store.failAt = failAt;
  await sync.catchUp();
  assert.equal(chain.height, failAt - 1);
  assert.equal(store.height(), failAt - 1);
  assert.equal(store.getBlock(failAt), undefined);
  assert.equal(store.getBlock(failAt + 1), undefined, 'the block checked while the failed one was written is not committed');
  assert.deepEqual(announced, [1, 2, 3, 4]);
  const failure = logged.find((line) => line.msg === 'catch-up attempt failed');
  assert.match(failure?.err?.message ?? '', /disk full at block 5/, 'the failure surfaces as a failed attempt, as before pipelining');
  // The tip blocks are checked on is the store's again: block N extends it.
  const again = chain.checkSynced(synced[failAt - 1].block, synced[failAt - 1].commit);
  assert.ok(!('code' in again), 'code' in again ? again.message : '');

  store.failAt = null;
  await sync.catchUp();
  assert.equal(chain.height, BLOCKS);
  assert.equal(store.getMeta('stateRoot'), synced[BLOCKS - 1].block.header.stateRoot);
  assert.deepEqual(announced, Array.from({ length: BLOCKS }, (_, i) => i + 1));
});

test('a block N + 1 that does not execute to its header is refused while block N, checked before it, still commits and is announced', async () => {
  const synced = await chainToReplay;
  const bad = 4;
  // Committed by the set as it is (a valid commit for its hash), yet its state root is not what its txs give.
  const header = { ...synced[bad - 1].block.header, stateRoot: 'ab'.repeat(32) };
  const forged = { ...synced[bad - 1].block, header };
  const blocks = [...synced.slice(0, bad - 1), { block: forged, commit: commitOf(forged) }, ...synced.slice(bad)];
  const { chain, store } = await openChain();
  const { committer, events } = committerOf(chain);
  const announced: number[] = [];
  events.on('block', ({ height }) => announced.push(height));
  const result = await replaySynced({ chain, commit: (candidate, commit) => committer.commitPipelined(candidate, commit) }, blocks);
  assert.equal(result.applied, bad - 1);
  assert.equal(result.refused?.height, bad);
  assert.equal(result.refused?.problem.code, 'state_root_mismatch');
  assert.equal(store.durableHeight, bad - 1, 'block N is durable when the refusal is returned');
  assert.deepEqual(announced, [1, 2, 3]);
  assert.equal(chain.height, bad - 1);
  assert.equal(store.getBlock(bad), undefined);
  assert.equal(store.getBlock(bad + 1), undefined);
  // The good block N + 1 still extends the tip: the refusal left nothing behind.
  const good = chain.checkSynced(synced[bad - 1].block, synced[bad - 1].commit);
  assert.ok(!('code' in good), 'code' in good ? good.message : '');
});
