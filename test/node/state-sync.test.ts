// State sync (spec/node.md §State sync): a fresh node takes the state of height H from a peer's
// snapshot, in chunks, trusting header H through the validator-set hand-overs from genesis, and
// installs it in one transaction; every bad snapshot is refused with a code and nothing written.
// The chain here has a set change (7 of 10 approve in block 1: the new set signs from block 3), so
// the hand-over block 2 is part of the check, and the snapshot travels in chunks of 8 entries.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { SNAPSHOT_CHUNK_BYTES_MAX, SNAPSHOT_CHUNK_ENTRIES_MAX, STATE_KEY_BYTES_MAX, STATE_VALUE_BYTES_MAX } from '../../src/chain/limits.ts';
import { SnapshotAssembler, type SnapshotChunk, type SnapshotOffer } from '../../src/chain/state-snapshot.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { decodeTx, encodeTx, isRejection, txSignBytes } from '../../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../src/ledger/types.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { SnapshotServer, stateSync, type SnapshotNet, type StateSyncOutcome } from '../../src/node/state-sync.ts';
import { decodeSnapshotChunk, encodeSnapshotChunk } from '../../src/p2p/snapshot-messages.ts';
import { ChainStore } from '../../src/store/chain-store.ts';

const KEYS = Array.from({ length: 11 }, (_, i) => new KeyPair(new Uint8Array(32).fill(60 + i)));
const TEN = KEYS.slice(0, 10);
const NEW_SET = [...TEN.slice(0, 9), KEYS[10]];
const payer = new KeyPair(new Uint8Array(32).fill(90));
const T0 = 1_700_000_000_000;
const genesis = parseGenesis(genesisJson('agora-state-sync', T0, TEN, [{ address: payer.address, amount: 10n ** 9n }]));
const HEIGHT = 6;
const CHUNK_ENTRIES = 8;
const silent = pino({ level: 'silent' });

const root = mkdtempSync(join(tmpdir(), 'agora-state-sync-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let stores = 0;

async function openChain(): Promise<{ chain: LocalChain; store: ChainStore }> {
  const store = new ChainStore(join(root, `store-${stores++}`));
  const chain = new LocalChain(genesis, store, verifyEd25519Node);
  await chain.init();
  return { chain, store };
}

function signed(kind: string, payload: unknown, nonce: bigint): DecodedTx {
  const body = { chainId: genesis.chainId, kind, payload, signers: [{ publicKey: payer.publicKey, nonce }], fee: 0n } as TxBody;
  const decoded = decodeTx(encodeTx({ body, signatures: [payer.sign(txSignBytes(body))] }));
  assert.ok(!isRejection(decoded));
  return decoded;
}

/** validators.update: TEN[9] out, KEYS[10] in, approved by 7 of the ten. */
function updateTx(nonce: bigint): DecodedTx {
  const changes = [{ publicKey: TEN[9].publicKey, power: 0n }, { publicKey: KEYS[10].publicKey, power: 1n }];
  const message = approvalBytes(genesis.chainId, 0n, changes);
  const approvals = TEN.slice(0, 7).map((k) => ({ validator: k.address, signature: k.sign(message) }));
  return signed('validators.update', { sequence: 0n, changes, approvals }, nonce);
}

function commitOf(block: Block, signers: KeyPair[]): Commit {
  const hash = blockHash(block.header);
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
  return { height: block.header.height, round: 0, blockHash: hash, signatures: signers.map((k) => ({ validator: k.address, signature: k.sign(message) })) };
}

let nonce = 0n;
/** The next block with a few transfers to new accounts, proposed by TEN[0] and committed by the set of its height. */
async function next(local: LocalChain, extra: DecodedTx[] = []): Promise<{ block: Block; commit: Commit }> {
  const height = local.height + 1;
  const txs = [...extra];
  for (let i = 0; i < 4; i++) txs.push(signed('transfer', { transfers: [{ to: new KeyPair(new Uint8Array(32).fill(150 + height * 5 + i)).address, asset: 'AGR', amount: 7n }] }, nonce++));
  const candidate = local.build(TEN[0].address, T0 + 1000 * height, txs, (alpha) => TEN[0].proveSeed(alpha));
  assert.equal(candidate.execution.receipts.filter((r) => r.code !== 'ok').length, 0);
  const commit = commitOf(candidate.block, height >= 3 ? NEW_SET : TEN);
  await local.commit(candidate, commit);
  return { block: candidate.block, commit };
}

const built = await openChain();
await next(built.chain, [updateTx(nonce++)]);
for (let h = 2; h <= HEIGHT; h++) await next(built.chain);
const GENESIS_ROOT = String((await openChain()).store.getMeta('stateRoot'));

interface Tamper {
  offer?: (offer: SnapshotOffer) => SnapshotOffer;
  chunk?: (chunk: SnapshotChunk) => SnapshotChunk | null;
  block?: (block: { block: Block; commit: Commit }) => { block: Block; commit: Commit };
}

/** A peer serving `built`'s snapshot and blocks, through the wire encoding of chunks, with `tamper` applied. */
function peerNet(tamper: Tamper = {}): SnapshotNet & { reports: string[] } {
  const server = new SnapshotServer(built.store, () => Date.now(), CHUNK_ENTRIES);
  const reports: string[] = [];
  let offered = 0;
  return {
    reports,
    peers: async () => [{ peer: 'peerA', genesisHash: genesis.hash, height: built.chain.height }],
    requestSnapshotOffer: async () => {
      const offer = server.offer();
      offered = offer?.height ?? 0;
      return offer === null ? null : (tamper.offer?.(offer) ?? offer);
    },
    requestSnapshotChunk: async (_peer, height, index) => {
      const chunk = server.chunk(offered, index);
      if (chunk === null) return null;
      const served = tamper.chunk === undefined ? chunk : tamper.chunk({ ...chunk, height });
      return served === null ? null : decodeSnapshotChunk(encodeSnapshotChunk(served));
    },
    requestBlocks: async (from) => {
      const stored = built.store.getBlock(from);
      if (stored === undefined) return null;
      const synced = { block: stored.block, commit: stored.commit };
      return { peer: 'peerB', blocks: [tamper.block?.(synced) ?? synced] };
    },
    reportBadSnapshot: (peer, reason) => reports.push(`snapshot ${peer} ${reason}`),
    reportBadBlocks: (peer, reason) => reports.push(`blocks ${peer} ${reason}`),
  };
}

async function syncWith(net: SnapshotNet): Promise<{ outcome: StateSyncOutcome; store: ChainStore; chain: LocalChain }> {
  const fresh = await openChain();
  const outcome = await stateSync({ genesis, store: fresh.store, net, verify: verifyEd25519Node, log: silent, lagMin: 2 });
  return { outcome, ...fresh };
}

/** Refused with `code`, the peer reported, and the store still at genesis: nothing written. */
async function assertRefused(tamper: Tamper, code: string, blamed: 'snapshot peerA' | 'blocks peerB'): Promise<void> {
  const net = peerNet(tamper);
  const { outcome, store } = await syncWith(net);
  assert.equal(outcome.synced, false);
  assert.ok(!outcome.synced);
  assert.deepEqual(outcome.problems.map((p) => p.code), [code], JSON.stringify(outcome.problems));
  assert.equal(net.reports.length, 1);
  assert.ok(net.reports[0].startsWith(`${blamed} ${code}`), net.reports[0]);
  assert.equal(store.height(), 0);
  assert.equal(store.getMeta('stateRoot'), GENESIS_ROOT);
  assert.equal(store.getMeta('baseHeight'), undefined);
  assert.equal(store.getBlock(HEIGHT), undefined);
}

test('a fresh node state-syncs to height 6 through the hand-over at block 2, then follows block 7 with the same root', async () => {
  const net = peerNet();
  const { outcome, store, chain } = await syncWith(net);
  assert.ok(outcome.synced, JSON.stringify(outcome));
  assert.equal(outcome.height, HEIGHT);
  // The worked example of spec/node.md §State sync: 34 entries in 5 chunks of at most 8.
  assert.equal(outcome.chunks, 5);
  assert.equal(outcome.entries, 34);
  assert.deepEqual(net.reports, []);
  assert.equal(store.height(), HEIGHT);
  assert.equal(store.baseHeight(), HEIGHT);
  assert.equal(store.getMeta('stateRoot'), built.store.getMeta('stateRoot'));
  assert.equal(store.getBlock(HEIGHT - 1), undefined, 'no block before the base');
  // The set of a height before the base comes from the state's log: the old set at 2, the new one at 3.
  assert.equal(chain.validatorSetAt(2).hash, built.chain.validatorSetAt(2).hash);
  assert.equal(chain.validatorSetAt(3).hash, built.chain.validatorSetAt(3).hash);
  const seven = await next(built.chain);
  const checked = chain.checkSynced(seven.block, seven.commit);
  assert.ok(!('code' in checked), 'message' in checked ? checked.message : '');
  await chain.commit(checked, seven.commit);
  assert.equal(store.getMeta('stateRoot'), built.store.getMeta('stateRoot'));
  // Built on past the snapshot height: later tests take the snapshot of the tip.
});

test('a wrong entry: state_root_mismatch, the snapshot peer struck, nothing written', async () => {
  await assertRefused({ chunk: (c) => (c.index === 1 ? { ...c, entries: c.entries.map((e, i) => (i === 3 ? { key: e.key, value: new Uint8Array([...e.value, 0]) } : e)) } : c) }, 'state_root_mismatch', 'snapshot peerA');
});

test('a missing chunk: the next one served in its place is unexpected_chunk; a short snapshot is missing_chunk', async () => {
  const server = new SnapshotServer(built.store, () => Date.now(), CHUNK_ENTRIES);
  const served = server.offer();
  assert.ok(served !== null && served.chunks > 3);
  assert.deepEqual(served.handOvers, [2], 'block 2 hands over to the set that signs from block 3');
  await assertRefused({ chunk: (c) => (c.index === 2 ? { ...server.chunk(served.height, 3)!, height: c.height } : c) }, 'unexpected_chunk', 'snapshot peerA');
  assert.ok(served !== null);
  const assembler = new SnapshotAssembler(served);
  for (let index = 0; index < served.chunks - 1; index++) assert.equal(assembler.add(server.chunk(served.height, index)!), null);
  const result = assembler.complete();
  assert.ok(!Array.isArray(result));
  assert.equal(result.code, 'missing_chunk');
  server.close();
});

test('a root mismatch: the entries of the tip offered as the state of an earlier (committed) height', async () => {
  await assertRefused({ offer: (o) => ({ ...o, height: o.height - 1, handOvers: o.handOvers.filter((h) => h < o.height - 1) }), chunk: (c) => c }, 'state_root_mismatch', 'snapshot peerA');
});

test('an oversized chunk: over SNAPSHOT_CHUNK_ENTRIES_MAX entries is chunk_too_large; the wire decoder refuses it too', async () => {
  const many = Array.from({ length: SNAPSHOT_CHUNK_ENTRIES_MAX + 1 }, (_, i) => ({ key: `zz/${String(i).padStart(8, '0')}`, value: new Uint8Array([1]) }));
  const assembler = new SnapshotAssembler({ height: 9, chunks: 1, entries: many.length, handOvers: [] });
  assert.equal(assembler.add({ height: 9, index: 0, entries: many })?.code, 'chunk_too_large');
  assert.throws(() => decodeSnapshotChunk(encodeSnapshotChunk({ height: 9, index: 0, entries: many })), CodecError);
  const server = new SnapshotServer(built.store, () => Date.now(), CHUNK_ENTRIES);
  const offer = server.offer()!;
  server.close();
  // Over SNAPSHOT_CHUNK_ENTRIES_MAX entries cannot pass the wire; a chunk past its share of the offer can.
  await assertRefused({ chunk: (c) => (c.index === 0 ? { ...c, entries: [...c.entries, ...Array.from({ length: offer.entries }, (_, i) => ({ key: `${c.entries.at(-1)!.key}~${String(i).padStart(6, '0')}`, value: new Uint8Array([1]) }))] } : c) }, 'too_many_entries', 'snapshot peerA');
});

test('unsorted entries in a chunk: unsorted_entries', async () => {
  await assertRefused({ chunk: (c) => (c.index === 1 ? { ...c, entries: [...c.entries].reverse() } : c) }, 'unsorted_entries', 'snapshot peerA');
});

test('a forged commit on block H: bad_commit, the block peer struck, nothing written', async () => {
  await assertRefused({ block: (b) => (b.block.header.height === built.chain.height ? { ...b, commit: commitOf(b.block, [payer, payer, payer]) } : b) }, 'bad_commit', 'blocks peerB');
});

test('a hand-over left out of the offer: block H names a set the genesis set never handed to (wrong_validators)', async () => {
  await assertRefused({ offer: (o) => ({ ...o, handOvers: [] }) }, 'wrong_validators', 'snapshot peerA');
});

test('the largest chunks fit SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX: 8 192 entries of 2 MiB in all, and one entry of the largest key and value', () => {
  const perEntry = Math.floor(SNAPSHOT_CHUNK_BYTES_MAX / SNAPSHOT_CHUNK_ENTRIES_MAX);
  const many = Array.from({ length: SNAPSHOT_CHUNK_ENTRIES_MAX }, (_, i) => ({ key: `k/${String(i).padStart(8, '0')}`, value: new Uint8Array(perEntry - 10).fill(7) }));
  assert.equal(decodeSnapshotChunk(encodeSnapshotChunk({ height: 9, index: 0, entries: many })).entries.length, SNAPSHOT_CHUNK_ENTRIES_MAX);
  const lone = [{ key: 'k'.repeat(STATE_KEY_BYTES_MAX), value: new Uint8Array(STATE_VALUE_BYTES_MAX).fill(9) }];
  assert.equal(decodeSnapshotChunk(encodeSnapshotChunk({ height: 9, index: 0, entries: lone })).entries.length, 1);
  const assembler = new SnapshotAssembler({ height: 9, chunks: 1, entries: many.length, handOvers: [] });
  assert.equal(assembler.add({ height: 9, index: 0, entries: many }), null);
});
